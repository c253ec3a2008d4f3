#pragma once
// One subcommand: setup() only binds options to members, run() does the work.
#include "depomap/sqlite.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace depomap::cli {

struct Context {
    std::ostream &out;
    std::ostream &err;
    bool quiet = false;
    bool terminal = false; ///< stderr is a terminal: progress is shown
    /// The program that runs this command line again in a child process (convert's workers),
    /// and the command line (after the program name); null when the verbs are linked into
    /// another program (the tests), which then does all the work in its own process.
    const char *program = nullptr;
    std::vector<std::string> args;
};

class Command {
  public:
    virtual ~Command() = default;
    virtual std::string_view name() const = 0;
    virtual std::string_view summary() const = 0;
    virtual void setup(CLI::App &app) = 0;
    virtual int run(Context &ctx) = 0;
};

// The verbs that need no GDAL (cmd_info, cmd_nearest, cmd_sql, cmd_within).
std::unique_ptr<Command> make_info();
std::unique_ptr<Command> make_sql();
std::unique_ptr<Command> make_nearest();
std::unique_ptr<Command> make_within();
std::unique_ptr<Command> make_summary();
std::unique_ptr<Command> make_upgrade();

/// A verb's name and its line in `depomap --help`.
struct Verb {
    std::string_view name;
    std::string_view summary;
};

// The verbs that read or write files through GDAL. GDAL brings some 110 shared libraries, which
// cost each start 40 ms, so the executable does not link them: it loads these verbs from its
// module, depomap-gdal.so (run_module.cpp), when one of them runs or --help lists them all.
// The tests and the library's users link them in (gdal_verbs.cpp).
inline constexpr Verb init_verb{"init", "create a store; --atlas also loads the shipped geodata"};
inline constexpr Verb load_verb{"load", "load features from any vector source GDAL reads (all or nothing)"};
inline constexpr Verb region_verb{"region",
                                  "features inside an admin region or a polygon file (border counts as inside)"};
inline constexpr Verb convert_verb{"convert",
                                   "convert files, folders and patterns of vector data into one format and one CRS"};
inline constexpr Verb export_verb{
    "export", "write layers with their QGIS styles (GeoJSON, Shapefile, GPKG, KML, FlatGeobuf, CSV, SQLite)"};
inline constexpr Verb qgis_project_verb{
    "qgis-project", "a QGIS project (.qgs) with every layer of the store, styled, over the admin basemap"};

std::unique_ptr<Command> make_init();
std::unique_ptr<Command> make_load();
std::unique_ptr<Command> make_region();
std::unique_ptr<Command> make_convert();
std::unique_ptr<Command> make_export();
std::unique_ptr<Command> make_qgis_project();
inline constexpr Verb render_verb{"render", "a map picture (PNG, SVG, PDF) with legend, title and scale bar, without QGIS"};
std::unique_ptr<Command> make_render();

/// Where the GDAL verbs come from: linked in, or loaded from the module.
struct GdalVerbs {
    /// The GDAL verbs' commands; throws Error when they cannot be had.
    std::vector<std::unique_ptr<Command>> (*commands)();
    /// GDAL's release ("3.6.2"), for --version.
    std::string (*gdal_release)();
    /// The executable these verbs run in, for a child process of its own (Context::program).
    const char *program = nullptr;
};

/// The GDAL verbs linked in (gdal_verbs.cpp).
const GdalVerbs &linked_gdal_verbs();

/// `depomap args...` with the GDAL verbs from `gdal`; cli::run is this with the linked verbs in
/// the tests and with the module's in the executable.
int run(const std::vector<std::string> &args, std::ostream &out, std::ostream &err, const GdalVerbs &gdal);
std::string version_text(const GdalVerbs &gdal);

/// One option of a verb, for the man pages and the shell completion (docgen.cpp).
struct OptionDoc {
    std::vector<std::string> names; ///< "-f", "--format"
    std::string value;              ///< what its value is ("FILE"), empty for a flag
    std::string text;
};
/// One verb as `depomap VERB --help` shows it.
struct VerbDoc {
    std::string name, summary;
    std::vector<OptionDoc> options;
    std::string examples;
};
/// Every verb, GDAL's included, with its options and examples, in `depomap --help` order.
std::vector<VerbDoc> describe_verbs(const GdalVerbs &gdal);

/// Adds `--db PATH` (default: $DEPOMAP_DB, else ./depomap.sqlite).
void add_db_option(CLI::App &app, std::string &db);

/// `--wait SECONDS` of every verb that writes a store (load, init, upgrade): how long to wait
/// for another process's write lock before "store is busy".
class StoreWait {
  public:
    static constexpr int default_seconds = 600;
    void add_option(CLI::App &app);
    /// The wait in force while the result lives; once a wait has lasted a second, a line on
    /// ctx.err says what the verb waits for.
    sql::LockWait apply(Context &ctx, std::string_view verb) const;

  private:
    double seconds_ = default_seconds;
};

/// GDAL-style progress on stderr: 0...10...20...30...40...50...60...70...80...90...100 - done.
class Progress {
  public:
    explicit Progress(Context &ctx);
    void operator()(double fraction);
    void done();
    std::function<void(double)> callback();

  private:
    Context &ctx_;
    bool enabled_;
    int printed_ = -1; ///< last tick printed, in 2.5 % steps
};

} // namespace depomap::cli
