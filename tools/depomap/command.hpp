#pragma once
// One subcommand: setup() only binds options to members, run() does the work.
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
};

class Command {
  public:
    virtual ~Command() = default;
    virtual std::string_view name() const = 0;
    virtual std::string_view summary() const = 0;
    virtual void setup(CLI::App &app) = 0;
    virtual int run(Context &ctx) = 0;
};

/// Every subcommand, in the order `depomap --help` lists them (commands.cpp).
std::vector<std::unique_ptr<Command>> make_commands();

std::unique_ptr<Command> make_init();
std::unique_ptr<Command> make_load();
std::unique_ptr<Command> make_info();
std::unique_ptr<Command> make_sql();
std::unique_ptr<Command> make_nearest();
std::unique_ptr<Command> make_within();
std::unique_ptr<Command> make_region();
std::unique_ptr<Command> make_summary();
std::unique_ptr<Command> make_export();
std::unique_ptr<Command> make_qgis_project();
std::unique_ptr<Command> make_convert();

/// Adds `--db PATH` (default: $DEPOMAP_DB, else ./depomap.sqlite).
void add_db_option(CLI::App &app, std::string &db);

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
