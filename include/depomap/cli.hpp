#pragma once
// The command line as a function: main() and the tests call the same thing.
#include <iosfwd>
#include <string>
#include <vector>

namespace depomap::cli {

/// Runs `depomap args...` (args excludes the program name). Data goes to `out`, messages to
/// `err`. Returns the exit code: 0 done, 1 failed while running, 2 bad usage.
int run(const std::vector<std::string> &args, std::ostream &out, std::ostream &err);

/// The version line `depomap --version` prints, with the libraries it runs on.
std::string version_text();

} // namespace depomap::cli
