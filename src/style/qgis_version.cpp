#include "style/qgis_version.hpp"

#include <array>
#include <charconv>
#include <cstdlib>
#include <optional>
#include <string_view>

namespace depomap::style {
namespace {

namespace fs = std::filesystem;

using Version = std::array<int, 3>;

/// "3.22.16" → {3, 22, 16}; nothing unless it is exactly three numbers.
std::optional<Version> parse_version(std::string_view text) {
    Version v{};
    for (std::size_t i = 0; i < v.size(); ++i) {
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v[i]);
        if (ec != std::errc() || end == text.data()) return std::nullopt;
        text.remove_prefix(static_cast<std::size_t>(end - text.data()));
        if (i + 1 < v.size()) {
            if (text.empty() || text.front() != '.') return std::nullopt;
            text.remove_prefix(1);
        }
    }
    if (!text.empty()) return std::nullopt;
    return v;
}

} // namespace

std::string qgis_version_in(const std::vector<fs::path> &dirs) {
    constexpr std::string_view prefix = "libqgis_core.so.";
    std::optional<Version> best;
    for (const auto &dir : dirs) {
        std::error_code ec;
        for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
            const std::string name = it->path().filename().string();
            if (name.rfind(prefix, 0) != 0) continue;
            const auto v = parse_version(std::string_view(name).substr(prefix.size()));
            if (v && (!best || *v > *best)) best = v;
        }
    }
    if (!best) return "";
    return std::to_string((*best)[0]) + "." + std::to_string((*best)[1]) + "." + std::to_string((*best)[2]);
}

std::vector<fs::path> qgis_library_dirs() {
    std::vector<fs::path> dirs;
    if (const char *prefix = std::getenv("QGIS_PREFIX_PATH"); prefix && *prefix) {
        dirs.emplace_back(fs::path(prefix) / "lib");
        dirs.emplace_back(fs::path(prefix) / "lib64");
    }
    dirs.emplace_back("/usr/local/lib");
    std::error_code ec;
    for (fs::directory_iterator it("/usr/lib", ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        if (name.find("-linux-") != std::string::npos && it->is_directory(ec)) dirs.push_back(it->path());
    }
    dirs.emplace_back("/usr/lib64");
    dirs.emplace_back("/usr/lib");
    return dirs;
}

std::string installed_qgis_version() {
    const std::string found = qgis_version_in(qgis_library_dirs());
    return found.empty() ? qgis_fallback_version : found;
}

} // namespace depomap::style
