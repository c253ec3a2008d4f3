#include "command.hpp"

#include "depomap/query.hpp"
#include "habits.hpp"

#include "depomap/error.hpp"
#include "depomap/store.hpp"
#include "depomap/table.hpp"
#include "depomap_config.hpp"

#include <geos_c.h>
#include <proj.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace depomap::cli {

namespace {

/// A verb of the module while the module is not loaded: `depomap --help` lists it. Nothing runs it:
/// the module is loaded whenever the verb asked for is one of these.
class NotLoaded final : public Command {
  public:
    explicit NotLoaded(std::string_view verb) : verb_(verb) {}
    void setup(CLI::App &) override {}
    int run(Context &) override { throw Error(std::string(verb_) + ": its module was not loaded"); }

  private:
    std::string_view verb_;
};

/// The verb asked for: the first word that is not an option (the options before it are flags).
std::string_view verb_asked(const std::vector<std::string> &args) {
    for (const auto &word : args) {
        if (!word.empty() && word[0] != '-') return word;
    }
    return {};
}

/// Whether a query verb's `args` ask it for something only GDAL does: a --from, --to or --layer
/// that names no store layer (a source read in place), region's --polygon file, or an answer
/// written as a layer or a GeoPackage table (-f other than table, csv, json).
bool query_needs_gdal(const std::vector<std::string> &args) {
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view word = args[i], value;
        const auto equals = word.find('=');
        if (word.starts_with("-") && equals != word.npos) { // --from=x, -f=gpkg
            value = word.substr(equals + 1);
            word = word.substr(0, equals);
        } else if (word.starts_with("-f") && word.size() > 2) { // -fgpkg, as CLI11 takes it
            value = word.substr(2);
            word = "-f";
        } else if (i + 1 < args.size()) {
            value = args[i + 1];
        }
        if ((word == "--from" || word == "--to" || word == "--layer") && !query::is_store_layer(std::string(value)))
            return true;
        if (word == "--polygon") return true; // region's polygon file
        if ((word == "-f" || word == "--format") && value != "table" && value != "csv" && value != "json") return true;
    }
    return false;
}

/// A verb of the registry and its command.
struct Entry {
    const Verb *verb;
    std::unique_ptr<Command> command;
};

/// Whether `verb`'s command is had from `gdal`: every verb that needs GDAL when `all` are
/// described, else only the verb `asked` (a query verb when its `args` need GDAL).
bool from_gdal(const Verb &verb, std::string_view asked, bool all, const std::vector<std::string> &args) {
    if (verb.gdal == GdalUse::never) return false;
    if (all) return verb.gdal == GdalUse::always;
    if (verb.name != asked) return false;
    return verb.gdal == GdalUse::always || query_needs_gdal(args);
}

/// Every verb of the registry with its command, in `depomap --help` order.
std::vector<Entry> make_commands(const GdalVerbs &gdal, std::string_view asked, bool all = false,
                                 const std::vector<std::string> &args = {}) {
    std::vector<Entry> entries;
    for (const Verb &verb : verbs()) {
        Entry &entry = entries.emplace_back(Entry{&verb, nullptr});
        if (from_gdal(verb, asked, all, args)) entry.command = gdal.make(verb.name);
        else if (verb.make) entry.command = verb.make();
        else entry.command = std::make_unique<NotLoaded>(verb.name);
    }
    return entries;
}

OptionDoc option_doc(const CLI::Option &option) {
    OptionDoc o;
    for (const auto &n : option.get_snames()) o.names.push_back("-" + n);
    for (const auto &n : option.get_lnames()) o.names.push_back("--" + n);
    if (option.get_positional() && o.names.empty()) o.names.push_back(option.get_name(true));
    if (option.get_type_size_min() > 0) o.value = option.get_option_text().empty() ? "VALUE" : option.get_option_text();
    o.text = option.get_description();
    return o;
}

} // namespace

std::vector<VerbDoc> describe_verbs(const GdalVerbs &gdal) {
    std::vector<VerbDoc> docs;
    for (auto &[verb, command] : make_commands(gdal, {}, true)) {
        CLI::App app{std::string(verb->summary), std::string(verb->name)};
        command->setup(app);
        VerbDoc &doc = docs.emplace_back();
        doc.name = verb->name;
        doc.summary = verb->summary;
        doc.examples = examples(verb->name);
        for (const CLI::Option *option : app.get_options()) {
            if (option->get_group().empty()) continue; // internal (convert's --worker)
            doc.options.push_back(option_doc(*option));
        }
    }
    return docs;
}

Progress::Progress(Context &ctx) : ctx_(ctx), enabled_(ctx.terminal && !ctx.quiet) {}

void Progress::operator()(double fraction) {
    if (!enabled_) return;
    const int tick = static_cast<int>(fraction * 40.0 + 1e-9);
    while (printed_ < tick && printed_ < 40) {
        ++printed_;
        if (printed_ % 4 == 0) {
            if (printed_ < 40) ctx_.err << printed_ / 4 * 10;
        } else {
            ctx_.err << '.';
        }
    }
    ctx_.err.flush();
}

void Progress::done() {
    if (!enabled_) return;
    (*this)(1.0);
    ctx_.err << "100 - done." << std::endl;
    enabled_ = false;
}

std::function<void(double)> Progress::callback() {
    return [this](double f) { (*this)(f); };
}

std::string version_text(const GdalVerbs &gdal) {
    std::string release;
    try {
        release = gdal.gdal_release();
    } catch (const Error &e) {
        release = std::string("not loaded: ") + e.what();
    }
    return std::string("depomap ") + DEPOMAP_VERSION + " (GDAL " + release + ", PROJ " + proj_info().version +
           ", GEOS " + GEOSversion() + ", " + store::engine_versions() + ")";
}

namespace {

/// The flags before the verb (-q, --debug) and every verb as a subcommand with its options and
/// examples.
struct TopLevel {
    CLI::App app{"depomap: map mineral deposits, query them, export them for QGIS"};
    bool quiet = false, debug = false;

    TopLevel(std::vector<Entry> &entries, const GdalVerbs &gdal) {
        app.name("depomap");
        app.require_subcommand(1);
        app.set_version_flag("--version", [&gdal] { return version_text(gdal); });
        app.add_flag("-q,--quiet", quiet, "errors only")->configurable(false);
        app.add_flag("--debug", debug, "let exceptions through (for developers)");
        app.fallthrough();
        for (auto &[verb, command] : entries) {
            auto *sub = app.add_subcommand(std::string(verb->name), std::string(verb->summary));
            command->setup(*sub);
            if (const auto text = examples(verb->name); !text.empty()) {
                sub->footer("\nExamples (where 'depomap init --db atlas.sqlite --atlas' made the atlas's store):\n" +
                            std::string(text));
            }
        }
    }
};

/// Checks of the command line before CLI11 parses it: a first word that is neither an option nor
/// a verb is named (CLI11 would only say that a subcommand is required), and an option the verb
/// does not have is named with the closest one it has (before CLI11 would complain about a
/// required option the typo was meant to be). Returns the exit code of a refused command line, or 0.
int check_words(const std::vector<std::string> &args, const CLI::App &app, std::ostream &err) {
    if (!args.empty() && !args.front().empty() && args.front()[0] != '-' && !find_verb(args.front())) {
        std::string names;
        for (const Verb &verb : verbs()) names += (names.empty() ? "" : ", ") + std::string(verb.name);
        err << "depomap: unknown verb '" << args.front() << "' (verbs: " << names << ")\n";
        err << "Run 'depomap --help' for usage.\n";
        return 2;
    }
    const auto verb = std::ranges::find(args, verb_asked(args));
    if (verb == args.end() || !find_verb(*verb)) return 0;
    try {
        check_options_known(*app.get_subcommand(*verb), app, std::vector<std::string>(verb + 1, args.end()));
    } catch (const UsageError &e) {
        err << "depomap " << *verb << ": " << e.what() << "\n";
        err << "Run 'depomap " << *verb << " --help' for usage.\n";
        return 2;
    }
    return 0;
}

/// Runs `command`, each failure a message on ctx.err and its exit code (--debug lets them through).
int run_verb(Command &command, Context &ctx, bool debug) {
    const std::string prefix = "depomap " + std::string(ctx.verb) + ": ";
    if (debug) return command.run(ctx);
    try {
        return command.run(ctx);
    } catch (const BadValue &e) {
        // The library names the value in its own words; the user knows it by its flag (and an
        // option its reason points at, by that option's flag).
        const auto flag = flag_of(e.subject());
        ctx.err << prefix << with_flags(flag.empty() ? std::string(e.what()) : e.renamed(flag)) << "\n";
        return 2;
    } catch (const UsageError &e) {
        ctx.err << prefix << with_flags(e.what()) << "\n";
        return 2;
    } catch (const Error &e) {
        ctx.err << prefix << with_flags(e.what()) << "\n";
        return 1;
    } catch (const std::bad_alloc &) {
        ctx.err << prefix << "out of memory\n";
        return 1;
    } catch (const std::filesystem::filesystem_error &e) {
        // "PATH: reason", not the library's "filesystem error: ..." as an internal error.
        ctx.err << prefix << (e.path1().empty() ? "" : e.path1().string() + ": ") << e.code().message() << "\n";
        return 1;
    } catch (const std::exception &e) {
        ctx.err << prefix << "internal error: " << e.what() << "\n";
        return 1;
    }
}

} // namespace

int run(const std::vector<std::string> &given, std::ostream &out, std::ostream &err, const GdalVerbs &gdal) {
    // SPATIALITE_SECURITY=relaxed would let SQL write files (BlobToFile, ExportGeoJSON2...)
    // through `sql` and every --where: not inherited, before any connection is made.
    ::unsetenv("SPATIALITE_SECURITY");
    std::vector<std::string> args;
    try {
        args = adopt_gdal_habits(given);
    } catch (const UsageError &e) {
        const std::string_view verb = verb_asked(given);
        err << "depomap" << (verb.empty() ? "" : " ") << verb << ": " << e.what() << "\n";
        return 2;
    }
    std::vector<Entry> entries;
    try {
        entries = make_commands(gdal, verb_asked(args), false, args);
    } catch (const Error &e) {
        err << "depomap: " << e.what() << "\n";
        return 1;
    }
    TopLevel top(entries, gdal);
    if (const int refused = check_words(args, top.app, err)) return refused;
    // CLI11 wants argv order reversed in a vector.
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        top.app.parse(reversed);
    } catch (const CLI::ParseError &e) {
        if (e.get_exit_code() == 0) {
            // --help and --version: to stdout, exit 0.
            top.app.exit(e, out, err);
            return 0;
        }
        err << "depomap: " << e.what() << "\n";
        err << "Run 'depomap --help' or 'depomap <verb> --help' for usage.\n";
        return 2;
    }
    for (auto &[verb, command] : entries) {
        if (!top.app.got_subcommand(std::string(verb->name))) continue;
        Context ctx{verb->name, out, err, top.quiet, &err == &std::cerr && isatty(STDERR_FILENO) != 0, gdal.program,
                    args};
        return run_verb(*command, ctx, top.debug);
    }
    return 2; // not reached: CLI11 requires a verb
}

} // namespace depomap::cli
