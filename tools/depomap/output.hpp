#pragma once
// Where a verb's data goes: -o FILE (written beside, put in place when complete) or stdout.
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
    /// Flushes and, for a file, puts it in place; throws Error when writing failed. Without a
    /// successful close() the temporary file is removed and an existing FILE stays as it was.
    void close();
    /// Whether rewind() can take back what was written: a file, not standard output.
    bool can_rewind() const { return !path_.empty(); }
    /// Forgets everything written so far (a file only).
    void rewind();

  private:
    std::ostream &stdout_;
    std::string path_;
    std::filesystem::path temp_;
    std::ofstream file_;
    bool placed_ = false; ///< the file is in place: nothing to remove
};

} // namespace depomap::cli
