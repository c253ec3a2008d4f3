#include "command.hpp"

#include "depomap/query.hpp"
#include "habits.hpp"

#include "depomap/cli.hpp"
#include "depomap/error.hpp"
#include "depomap/table.hpp"
#include "depomap_config.hpp"

#include <geos_c.h>
#include <proj.h>
#include <sqlite3.h>
// sqlite3.h first: spatialite.h uses its types.
#include <spatialite.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <unistd.h>

namespace depomap::cli {

namespace {

/// A GDAL verb while the module is not loaded: `depomap --help` lists it. Nothing runs it: the
/// module is loaded whenever the verb asked for is one of these.
class NotLoaded final : public Command {
  public:
    explicit NotLoaded(Verb verb) : verb_(verb) {}
    std::string_view name() const override { return verb_.name; }
    std::string_view summary() const override { return verb_.summary; }
    void setup(CLI::App &) override {}
    int run(Context &) override { throw Error(std::string(verb_.name) + ": its module was not loaded"); }

  private:
    Verb verb_;
};

/// The verb asked for: the first word that is not an option (the options before it are flags).
std::string_view verb_asked(const std::vector<std::string> &args) {
    for (const auto &word : args) {
        if (!word.empty() && word[0] != '-') return word;
    }
    return {};
}

/// Whether query verb `verb` is asked for something only GDAL does: a --from, --to or --layer
/// that names no store layer (a source read in place), or an answer written as a layer or a
/// GeoPackage table (-f other than table, csv, json).
bool query_needs_gdal(std::string_view verb, const std::vector<std::string> &args) {
    constexpr std::string_view query_verbs[] = {"nearest", "within", "summary", "sql"};
    if (std::ranges::find(query_verbs, verb) == std::end(query_verbs)) return false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string_view word = args[i], value;
        const auto equals = word.find('=');
        if (word.starts_with("--") && equals != word.npos) {
            value = word.substr(equals + 1);
            word = word.substr(0, equals);
        } else if (i + 1 < args.size()) {
            value = args[i + 1];
        }
        if ((word == "--from" || word == "--to" || word == "--layer") && !query::is_store_layer(std::string(value)))
            return true;
        if ((word == "-f" || word == "--format") && value != "table" && value != "csv" && value != "json") return true;
    }
    return false;
}

/// Every subcommand, in the order `depomap --help` lists them. The GDAL verbs are had from
/// `gdal` only when `verb` is one of them; a query verb too when `args` ask it for GDAL.
std::vector<std::unique_ptr<Command>> make_commands(const GdalVerbs &gdal, std::string_view verb, bool all = false,
                                                    const std::vector<std::string> &args = {}) {
    constexpr Verb gdal_verbs[] = {init_verb, load_verb, region_verb, convert_verb, export_verb, qgis_project_verb, render_verb};
    const bool query_with_gdal = !all && query_needs_gdal(verb, args);
    const bool needs_gdal =
        all || query_with_gdal || std::ranges::any_of(gdal_verbs, [&](const Verb &v) { return v.name == verb; });
    auto loaded = needs_gdal ? gdal.commands() : std::vector<std::unique_ptr<Command>>{};
    // A query verb from the GDAL verbs' side (the same code, with GDAL's access installed).
    const auto query = [&](std::string_view name, std::unique_ptr<Command> (*make)()) -> std::unique_ptr<Command> {
        for (auto &command : loaded) {
            if (query_with_gdal && name == verb && command && command->name() == name) return std::move(command);
        }
        return make();
    };
    const auto take = [&](const Verb &v) -> std::unique_ptr<Command> {
        for (auto &command : loaded) {
            if (command && command->name() == v.name) return std::move(command);
        }
        return std::make_unique<NotLoaded>(v);
    };
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(take(init_verb));
    commands.push_back(take(load_verb));
    commands.push_back(make_info());
    commands.push_back(query("nearest", make_nearest));
    commands.push_back(query("within", make_within));
    commands.push_back(take(region_verb));
    commands.push_back(query("summary", make_summary));
    commands.push_back(take(convert_verb));
    commands.push_back(query("sql", make_sql));
    commands.push_back(take(export_verb));
    commands.push_back(take(qgis_project_verb));
    commands.push_back(take(render_verb));
    commands.push_back(make_upgrade());
    return commands;
}

} // namespace

std::vector<VerbDoc> describe_verbs(const GdalVerbs &gdal) {
    auto commands = make_commands(gdal, {}, true);
    std::vector<VerbDoc> docs;
    for (auto &command : commands) {
        CLI::App app{std::string(command->summary()), std::string(command->name())};
        command->setup(app);
        VerbDoc &doc = docs.emplace_back();
        doc.name = command->name();
        doc.summary = command->summary();
        doc.examples = examples(command->name());
        for (const CLI::Option *option : app.get_options()) {
            if (option->get_group().empty()) continue; // internal (convert's --worker)
            OptionDoc &o = doc.options.emplace_back();
            for (const auto &n : option->get_snames()) o.names.push_back("-" + n);
            for (const auto &n : option->get_lnames()) o.names.push_back("--" + n);
            if (option->get_positional() && o.names.empty()) o.names.push_back(option->get_name(true));
            if (option->get_type_size_min() > 0) o.value = option->get_option_text().empty() ? "VALUE" : option->get_option_text();
            o.text = option->get_description();
        }
    }
    return docs;
}

void add_db_option(CLI::App &app, std::string &db) {
    const char *env = std::getenv("DEPOMAP_DB");
    db = env && *env ? env : "depomap.sqlite";
    app.add_option("--db", db, "the store (default: $DEPOMAP_DB, else ./depomap.sqlite)")
        ->option_text("PATH");
}

void StoreWait::add_option(CLI::App &app) {
    app.add_option("--wait", seconds_, "wait this long for another process writing the store")
        ->option_text("SECONDS")
        ->check(CLI::Range(0.0, 31536000.0))
        ->capture_default_str();
}

sql::LockWait StoreWait::apply(Context &ctx, std::string_view verb) const {
    const auto timeout = std::chrono::milliseconds(static_cast<long long>(seconds_ * 1000.0));
    return sql::LockWait(timeout, [&ctx, verb = std::string(verb), seconds = seconds_](const std::string &path) {
        if (ctx.quiet) return;
        ctx.err << "depomap " << verb << ": " << path
                << ": another process is writing the store; waiting for it (up to "
                << format_number(seconds) << " s, --wait)" << std::endl;
    });
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
           ", GEOS " + GEOSversion() + ", SQLite " + sqlite3_libversion() + ", SpatiaLite " +
           spatialite_version() + ")";
}

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
    std::vector<std::unique_ptr<Command>> commands;
    try {
        commands = make_commands(gdal, verb_asked(args), false, args);
    } catch (const Error &e) {
        err << "depomap: " << e.what() << "\n";
        return 1;
    }
    CLI::App app{"depomap: map mineral deposits, query them, export them for QGIS"};
    app.name("depomap");
    app.require_subcommand(1);
    app.set_version_flag("--version", [&gdal] { return version_text(gdal); });
    bool quiet = false, debug = false;
    app.add_flag("-q,--quiet", quiet, "errors only")->configurable(false);
    app.add_flag("--debug", debug, "let exceptions through (for developers)");
    app.fallthrough();

    for (auto &command : commands) {
        auto *sub = app.add_subcommand(std::string(command->name()), std::string(command->summary()));
        command->setup(*sub);
        if (const auto text = examples(command->name()); !text.empty()) {
            sub->footer("\nExamples (where 'depomap init --db atlas.sqlite --atlas' made the atlas's store):\n" +
                        std::string(text));
        }
    }

    // A first word that is neither an option nor a verb: name it (CLI11 would only say that a
    // subcommand is required).
    const auto is_verb = [&](const std::string &word) {
        for (auto &command : commands) {
            if (command->name() == word) return true;
        }
        return false;
    };
    if (!args.empty() && !args.front().empty() && args.front()[0] != '-' && !is_verb(args.front())) {
        std::string verbs;
        for (auto &command : commands) verbs += (verbs.empty() ? "" : ", ") + std::string(command->name());
        err << "depomap: unknown verb '" << args.front() << "' (verbs: " << verbs << ")\n";
        err << "Run 'depomap --help' for usage.\n";
        return 2;
    }
    // An option the verb does not have: named with the closest one it has, before CLI11 would
    // complain about a required option the typo was meant to be.
    if (const auto verb = std::ranges::find(args, verb_asked(args)); verb != args.end() && is_verb(*verb)) {
        try {
            const CLI::App *sub = app.get_subcommand(*verb);
            check_options_known(*sub, app, std::vector<std::string>(verb + 1, args.end()));
        } catch (const UsageError &e) {
            err << "depomap " << *verb << ": " << e.what() << "\n";
            err << "Run 'depomap " << *verb << " --help' for usage.\n";
            return 2;
        }
    }
    // CLI11 wants argv order reversed in a vector.
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::ParseError &e) {
        if (e.get_exit_code() == 0) {
            // --help and --version: to stdout, exit 0.
            app.exit(e, out, err);
            return 0;
        }
        err << "depomap: " << e.what() << "\n";
        err << "Run 'depomap --help' or 'depomap <verb> --help' for usage.\n";
        return 2;
    }

    Command *chosen = nullptr;
    for (auto &command : commands) {
        if (app.got_subcommand(std::string(command->name()))) chosen = command.get();
    }
    Context ctx{out, err, quiet, &err == &std::cerr && isatty(STDERR_FILENO) != 0, gdal.program, args};
    const std::string prefix = "depomap " + std::string(chosen->name()) + ": ";
    if (debug) return chosen->run(ctx);
    try {
        return chosen->run(ctx);
    } catch (const UsageError &e) {
        err << prefix << e.what() << "\n";
        return 2;
    } catch (const Error &e) {
        err << prefix << e.what() << "\n";
        return 1;
    } catch (const std::bad_alloc &) {
        err << prefix << "out of memory\n";
        return 1;
    } catch (const std::filesystem::filesystem_error &e) {
        // "PATH: reason", not the library's "filesystem error: ..." as an internal error.
        err << prefix << (e.path1().empty() ? "" : e.path1().string() + ": ") << e.code().message() << "\n";
        return 1;
    } catch (const std::exception &e) {
        err << prefix << "internal error: " << e.what() << "\n";
        return 1;
    }
}

} // namespace depomap::cli
