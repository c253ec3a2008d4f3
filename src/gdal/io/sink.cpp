#include "gdal/io/sink.hpp"

#include "depomap/error.hpp"
#include "util/text.hpp"

#include <fcntl.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>

#include <algorithm>
#include <fstream>

namespace depomap::io {

namespace fs = std::filesystem;

void write_text_file(const std::filesystem::path &path, std::string_view text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) throw Error(path.string() + ": writing failed (disk full?)");
}

void check_space_left(const fs::path &written) {
    struct statvfs st {};
    const auto dir = written.has_parent_path() ? written.parent_path() : fs::path(".");
    if (::statvfs(dir.c_str(), &st) == 0 && st.f_bavail == 0) {
        throw Error(written.filename().string() + ": writing failed: no space left on the disk");
    }
}

namespace {

/// Whether `dir` cannot take another MiB. A driver that fails on a full disk often frees what it
/// had written (SQLite its journal, FlatGeobuf its temporary file) before saying anything, so the
/// free-block count after the failure can be above zero: a write says it better.
bool cannot_take_a_mib(const fs::path &dir) {
    std::string name = (dir / ".depomap-space-XXXXXX").string();
    const int fd = ::mkostemp(name.data(), O_CLOEXEC);
    if (fd < 0) return errno == ENOSPC || errno == EDQUOT;
    ::unlink(name.c_str());
    static const std::vector<char> zeros(1 << 16);
    bool full = false;
    for (int i = 0; i < 16 && !full; ++i) {
        const ssize_t w = ::write(fd, zeros.data(), zeros.size());
        full = w < 0 ? (errno == ENOSPC || errno == EDQUOT) : w < static_cast<ssize_t>(zeros.size());
    }
    ::close(fd);
    return full;
}

} // namespace

void rethrow_if_disk_full(const fs::path &dir, const std::string &name, const std::exception &failure) {
    const std::string_view said = failure.what();
    const bool full = said.find("disk is full") != std::string_view::npos ||
                      said.find("No space left") != std::string_view::npos || cannot_take_a_mib(dir);
    if (full) throw Error(name + ": writing failed: no space left on the disk");
}

output::TargetKind check_output(const fs::path &path, bool multi_layer, const output::Rules &rules, bool stream_ok,
                                std::string_view format) {
    const auto kind = output::check_target(path, rules, stream_ok, format);
    if (multi_layer || kind == output::TargetKind::stream) return kind;
    auto stem = path;
    stem.replace_extension();
    for (const auto ext : family_sidecars) {
        const fs::path side = stem.string() + std::string(ext);
        if (side != path) (void)output::check_target(side, rules);
    }
    return kind;
}

void publish_staged(const fs::path &staging, const fs::path &dest, std::string_view extension, bool shapefile,
                    const output::Rules &rules) {
    std::vector<fs::path> staged;
    for (const auto &entry : fs::directory_iterator(staging)) staged.push_back(entry.path());
    const auto is_main = [&](const fs::path &p) { return util::ends_with_icase(p.filename().string(), extension); };
    std::stable_partition(staged.begin(), staged.end(), [&](const fs::path &p) { return !is_main(p); });
    if (rules.overwrite) {
        std::vector<std::string_view> family;
        for (const auto ext : family_sidecars) {
            if (shapefile || ext == ".qml" || ext == ".fieldmap.csv") family.push_back(ext);
        }
        for (const auto &p : staged) {
            if (is_main(p)) output::remove_family(dest / p.filename(), family, rules);
        }
    }
    for (const auto &p : staged) output::publish(p, dest / p.filename(), rules);
}

} // namespace depomap::io
