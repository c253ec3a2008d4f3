#pragma once
// Where a verb's data goes: -o FILE (written beside, renamed when complete) or stdout.
#include <filesystem>
#include <fstream>
#include <ostream>
#include <string>

namespace depomap::cli {

class Output {
  public:
    /// `path` empty: standard output.
    Output(std::ostream &stdout_stream, const std::string &path);
    ~Output();
    std::ostream &stream() { return path_.empty() ? stdout_ : file_; }
    /// Flushes and, for a file, renames it into place; throws Error when writing failed.
    void close();

  private:
    std::ostream &stdout_;
    std::string path_;
    std::filesystem::path temp_;
    std::ofstream file_;
};

} // namespace depomap::cli
