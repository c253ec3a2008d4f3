#include "output.hpp"

#include "depomap/error.hpp"

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
    if (!path_.empty() && file_.is_open()) {
        file_.close();
        std::error_code ec;
        std::filesystem::remove(temp_, ec);
    }
}

void Output::close() {
    if (path_.empty()) {
        stdout_.flush();
        return;
    }
    file_.close();
    if (!file_) {
        std::error_code ec;
        std::filesystem::remove(temp_, ec);
        throw Error(path_ + ": writing failed (disk full?)");
    }
    std::error_code ec;
    std::filesystem::rename(temp_, path_, ec);
    if (ec) throw Error(path_ + ": " + ec.message());
}

} // namespace depomap::cli
