// depomap-docgen OUTDIR: the man pages (depomap.1, depomap-VERB.1) and the bash and zsh
// completion of the CLI, written at build time from the verb registry itself, so that they list
// exactly the verbs and options the program has.
#include "command.hpp"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

namespace {

using depomap::cli::OptionDoc;
using depomap::cli::VerbDoc;

/// Text for roff: a leading dot or quote escaped, backslashes and hyphens of options kept literal.
std::string roff(std::string text) {
    std::string out;
    for (char c : text) {
        if (c == '\\') out += "\\e";
        else if (c == '-') out += "\\-";
        else out += c;
    }
    if (!out.empty() && (out[0] == '.' || out[0] == '\'')) out.insert(0, "\\&");
    return out;
}

std::string joined(const std::vector<std::string> &names, const char *separator) {
    std::string out;
    for (const auto &n : names) out += (out.empty() ? "" : separator) + n;
    return out;
}

void write_verb_page(const std::filesystem::path &dir, const VerbDoc &verb, const std::string &version) {
    std::ofstream page(dir / ("depomap-" + verb.name + ".1"));
    page << ".TH DEPOMAP-" << verb.name << " 1 \"\" \"depomap " << version << "\" \"depomap manual\"\n"
         << ".SH NAME\ndepomap\\-" << roff(verb.name) << " \\- " << roff(verb.summary) << "\n"
         << ".SH SYNOPSIS\n.B depomap " << roff(verb.name) << "\n[\\fIOPTIONS\\fR]\n"
         << ".SH DESCRIPTION\n" << roff(verb.summary) << ".\n"
         << "Exit codes: 0 done, 1 failed while running (bad data, I/O, busy store), 2 bad usage.\n"
         << ".SH OPTIONS\n";
    for (const OptionDoc &o : verb.options) {
        page << ".TP\n.B " << roff(joined(o.names, ", "));
        if (!o.value.empty()) page << " \\fI" << roff(o.value) << "\\fR";
        page << "\n" << roff(o.text.empty() ? "(see depomap " + verb.name + " --help)" : o.text) << "\n";
    }
    if (!verb.examples.empty()) {
        page << ".SH EXAMPLES\n.nf\n" << roff(verb.examples) << ".fi\n";
    }
    page << ".SH SEE ALSO\n.BR depomap (1)\n";
}

void write_main_page(const std::filesystem::path &dir, const std::vector<VerbDoc> &verbs, const std::string &version) {
    std::ofstream page(dir / "depomap.1");
    page << ".TH DEPOMAP 1 \"\" \"depomap " << version << "\" \"depomap manual\"\n"
         << ".SH NAME\ndepomap \\- map mineral deposits, query them, export them for QGIS\n"
         << ".SH SYNOPSIS\n.B depomap\n[\\fB\\-q\\fR] \\fIVERB\\fR [\\fIOPTIONS\\fR]\n"
         << ".SH DESCRIPTION\nLoads deposit points, reserve polygons and processing sites into a SpatiaLite "
            "store, answers geodesic questions about them and exports layers that open in QGIS already styled.\n"
         << "Every verb that uses a store takes \\fB\\-\\-db\\fR \\fIPATH\\fR (default: $DEPOMAP_DB, else "
            "./depomap.sqlite).\n"
         << ".SH VERBS\n";
    for (const auto &v : verbs) page << ".TP\n.BR depomap\\-" << roff(v.name) << " (1)\n" << roff(v.summary) << "\n";
    page << ".SH ENVIRONMENT\n.TP\n.B DEPOMAP_DB\nthe store when \\-\\-db is not given\n"
         << ".TP\n.B DEPOMAP_DATA_DIR\nwhere the shipped atlas (geodata/) and styles (styles/) are\n";
}

void write_bash(const std::filesystem::path &file, const std::vector<VerbDoc> &verbs) {
    std::ofstream out(file);
    out << "# bash completion for depomap (generated from its verb registry)\n"
        << "_depomap() {\n"
        << "    local cur=${COMP_WORDS[COMP_CWORD]} verb= i\n"
        << "    for ((i = 1; i < COMP_CWORD; i++)); do\n"
        << "        [[ ${COMP_WORDS[i]} != -* ]] && { verb=${COMP_WORDS[i]}; break; }\n"
        << "    done\n"
        << "    local options\n"
        << "    case $verb in\n"
        << "    '') COMPREPLY=($(compgen -W '";
    for (const auto &v : verbs) out << v.name << " ";
    out << "help -q --quiet --help --version' -- \"$cur\")); return ;;\n";
    for (const auto &v : verbs) {
        out << "    " << v.name << ") options='";
        for (const auto &o : v.options) {
            for (const auto &n : o.names) {
                if (n.starts_with("-")) out << n << " ";
            }
        }
        out << "' ;;\n";
    }
    out << "    help) COMPREPLY=($(compgen -W '";
    for (const auto &v : verbs) out << v.name << " ";
    out << "' -- \"$cur\")); return ;;\n"
        << "    esac\n"
        << "    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W \"$options\" -- \"$cur\"));\n"
        << "    else COMPREPLY=($(compgen -f -- \"$cur\")); fi\n"
        << "}\n"
        << "complete -o filenames -F _depomap depomap\n";
}

/// zsh's _arguments spec of one option: exclusive names, its text, and a value (files for FILE/PATH).
std::string zsh_spec(const OptionDoc &o) {
    std::string text = o.text;
    for (auto &c : text) {
        if (c == '[' || c == ']' || c == '\'' || c == ':') c = ' ';
    }
    std::string spec;
    std::vector<std::string> names;
    for (const auto &n : o.names) {
        if (n.starts_with("-")) names.push_back(n);
    }
    if (names.empty()) return {};
    if (names.size() > 1) spec = "(" + joined(names, " ") + ")'{" + joined(names, ",") + "}'";
    else spec = names.front();
    spec += "[" + text + "]";
    if (!o.value.empty()) {
        const bool file = o.value.find("FILE") != std::string::npos || o.value.find("PATH") != std::string::npos ||
                          o.value.find("DIR") != std::string::npos;
        spec += ":" + o.value + ":" + (file ? "_files" : " ");
    }
    return "'" + spec + "'";
}

void write_zsh(const std::filesystem::path &file, const std::vector<VerbDoc> &verbs) {
    std::ofstream out(file);
    out << "#compdef depomap\n# zsh completion for depomap (generated from its verb registry)\n"
        << "_depomap() {\n"
        << "    local -a verbs\n"
        << "    verbs=(\n";
    for (const auto &v : verbs) {
        std::string summary = v.summary;
        for (auto &c : summary) {
            if (c == '\'' || c == ':') c = ' ';
        }
        out << "        '" << v.name << ":" << summary << "'\n";
    }
    out << "    )\n"
        << "    if (( CURRENT == 2 )); then _describe 'verb' verbs; return; fi\n"
        << "    case ${words[2]} in\n";
    for (const auto &v : verbs) {
        out << "    " << v.name << ") _arguments";
        for (const auto &o : v.options) {
            if (const auto spec = zsh_spec(o); !spec.empty()) out << " \\\n        " << spec;
        }
        out << " '*:file:_files' ;;\n";
    }
    out << "    esac\n}\n_depomap \"$@\"\n";
}

} // namespace

int main(int argc, char **argv) {
    if (argc != 3) {
        std::cerr << "usage: depomap-docgen OUTDIR VERSION\n";
        return 2;
    }
    const std::filesystem::path dir = argv[1];
    std::filesystem::create_directories(dir / "man");
    std::filesystem::create_directories(dir / "completion");
    const auto verbs = depomap::cli::describe_verbs(depomap::cli::linked_gdal_verbs());
    write_main_page(dir / "man", verbs, argv[2]);
    for (const auto &v : verbs) write_verb_page(dir / "man", v, argv[2]);
    write_bash(dir / "completion" / "depomap", verbs);
    write_zsh(dir / "completion" / "_depomap", verbs);
    return 0;
}
