#include "output.hpp"

#include "depomap/error.hpp"

#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace depomap::cli {

Output::Output(std::ostream &stdout_stream, const std::string &path)
    : stdout_(stdout_stream), path_(path) {
    if (path_.empty()) return;
    temp_ = path_ + ".tmp-" + std::to_string(::getpid());
    file_.open(temp_, std::ios::binary | std::ios::trunc);
    if (!file_) throw Error(path_ + ": cannot write here");
}

Output::~Output() {
    if (path_.empty() || placed_) return;
    file_.close();
    std::error_code ignored;
    std::filesystem::remove(temp_, ignored);
}

void Output::rewind() {
    file_.flush();
    std::error_code ec;
    std::filesystem::resize_file(temp_, 0, ec);
    file_.seekp(0);
    if (ec || !file_) throw Error(path_ + ": writing failed (" + (ec ? ec.message() : "seek") + ")");
}

void Output::close() {
    if (path_.empty()) {
        stdout_.flush();
        return;
    }
    file_.close();
    if (!file_) throw Error(path_ + ": writing failed (disk full?)");
    // rename() over an existing file makes ext4 write the whole new file out before the call
    // returns (auto_da_alloc, its guard against empty files after a crash): a tenth of a second
    // for a 100 MB CSV, as long as a whole fast query. Swapping the two files, as atomic, and
    // removing the old one leaves that writing to the background, as for any new file. Only a
    // regular file is swapped, never a folder someone named as output.
    struct stat target {};
    if (::lstat(path_.c_str(), &target) == 0 && S_ISREG(target.st_mode) &&
        ::renameat2(AT_FDCWD, temp_.c_str(), AT_FDCWD, path_.c_str(), RENAME_EXCHANGE) == 0) {
        placed_ = true;
        std::error_code ignored; // the old output, now under the temporary name
        std::filesystem::remove(temp_, ignored);
        return;
    }
    std::error_code ec;
    std::filesystem::rename(temp_, path_, ec);
    if (ec) throw Error(path_ + ": " + ec.message()); // the destructor removes the temporary file
    placed_ = true;
}

} // namespace depomap::cli
