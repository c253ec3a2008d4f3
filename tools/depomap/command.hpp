#pragma once
// One verb's command: setup() only binds options to members, run() does the work. The verbs
// themselves are listed in the registry (verbs.hpp), their shared options in options.hpp.
#include "options.hpp"
#include "verbs.hpp"

#include <CLI/CLI.hpp>

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace depomap::cli {

struct Context {
    std::string_view verb; ///< the verb running ("load"), for messages
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
    /// Binds the verb's options to members; nothing else.
    virtual void setup(CLI::App &app) = 0;
    virtual int run(Context &ctx) = 0;
};

/// Where the verbs that need GDAL come from: linked in (gdal_verbs.cpp, the tests, the library's
/// users, the module itself) or loaded from the module depomap-gdal.so (module.cpp, the
/// executable).
struct GdalVerbs {
    /// The command of verb `name` (any verb of the registry) with GDAL's access installed, so that
    /// a query verb reads sources and writes layers; throws Error when the module cannot be had.
    std::unique_ptr<Command> (*make)(std::string_view name);
    /// GDAL's release ("3.6.2"), for --version.
    std::string (*gdal_release)();
    /// The executable these verbs run in, for a child process of its own (Context::program).
    const char *program = nullptr;
};

/// The GDAL verbs linked in (gdal_verbs.cpp).
const GdalVerbs &linked_gdal_verbs();

/// The GDAL verbs of the module depomap-gdal.so, loaded the first time one is made (module.cpp).
const GdalVerbs &module_gdal_verbs();

/// `depomap args...` with the GDAL verbs from `gdal`: the executable's main() passes the
/// module's, the public cli::run (depomap/cli.hpp) the linked ones.
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
