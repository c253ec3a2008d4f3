#include "io/sink.hpp"

#include "depomap/error.hpp"

#include <sys/statvfs.h>

namespace depomap::io {

void check_space_left(const std::filesystem::path &written) {
    struct statvfs st {};
    const auto dir = written.has_parent_path() ? written.parent_path() : std::filesystem::path(".");
    if (::statvfs(dir.c_str(), &st) == 0 && st.f_bavail == 0) {
        throw Error(written.filename().string() + ": writing failed: no space left on the disk");
    }
}

} // namespace depomap::io
