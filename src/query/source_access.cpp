// What the core knows of query sources without GDAL: which values name a store layer, the file a
// source value reads, and the GDAL access the library with GDAL installs (src/gdal/query/source.cpp).
#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "depomap/schema.hpp"

#include <atomic>
#include <filesystem>

namespace depomap::query {
namespace {

std::atomic<const GdalAccess *> installed{nullptr};

bool starts_with_icase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
        if (lower(text[i]) != lower(prefix[i])) return false;
    }
    return true;
}

} // namespace

bool is_store_layer(const std::string &value) { return schema::find_layer(value) != nullptr; }

void refuse_unknown_layer(const std::string &value, const char *field) {
    std::error_code ec;
    if (is_store_layer(value) || value.find_first_of("/.|:") != std::string::npos ||
        std::filesystem::exists(value, ec))
        return;
    throw UsageError(option_ref(field) + " '" + value +
                     "': no such file or store layer (store layers: deposits, processing_sites, reserve_areas, "
                     "admin_regions)");
}

SourceValue split_source_value(const std::string &value) {
    static constexpr std::string_view key = "|layername=";
    const auto bar = value.find(key);
    if (bar == std::string::npos) return {value, std::nullopt};
    return {value.substr(0, bar), value.substr(bar + key.size())};
}

void set_gdal_access(const GdalAccess *access) { installed.store(access); }

const GdalAccess &gdal_access(const std::string &what) {
    const auto *access = installed.load();
    if (!access) throw Error(what + ": reading or writing files through GDAL needs the depomap library built with it");
    return *access;
}

std::string source_file(const std::string &value) {
    if (starts_with_icase(value, "http://") || starts_with_icase(value, "https://")) return {};
    std::string path = split_source_value(value).path;
    // /vsizip/, /vsigzip/...: the archive itself, the longest leading part that is a file.
    while (path.starts_with("/vsi")) {
        const auto slash = path.find('/', 1);
        if (slash == std::string::npos) return {};
        path = path.substr(slash + 1); // "/vsizip/a.zip/x" holds a.zip, "/vsizip//abs/a.zip" /abs/a.zip
        if (starts_with_icase(path, "/vsicurl/")) return {};
        std::error_code ec;
        for (std::filesystem::path p = path; !p.empty() && p != p.root_path(); p = p.parent_path()) {
            if (std::filesystem::is_regular_file(p, ec)) return p.string();
        }
    }
    return path;
}

} // namespace depomap::query
