#include "io/sink.hpp"

#include "depomap/error.hpp"
#include "util/text.hpp"

#include <sys/statvfs.h>

#include <algorithm>

namespace depomap::io {

namespace fs = std::filesystem;

void check_space_left(const fs::path &written) {
    struct statvfs st {};
    const auto dir = written.has_parent_path() ? written.parent_path() : fs::path(".");
    if (::statvfs(dir.c_str(), &st) == 0 && st.f_bavail == 0) {
        throw Error(written.filename().string() + ": writing failed: no space left on the disk");
    }
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
