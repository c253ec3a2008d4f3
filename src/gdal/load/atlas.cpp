#include "depomap/atlas.hpp"

#include "depomap/error.hpp"
#include "depomap/load.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"
#include "depomap_config.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

namespace depomap {
namespace {

/// The running program's file, or empty when it cannot be told.
std::filesystem::path running_program() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : exe;
}

bool inside(const std::filesystem::path &path, const std::filesystem::path &folder) {
    const auto relative = path.lexically_relative(folder);
    return !relative.empty() && *relative.begin() != "..";
}

/// Where the shipped data is: $DEPOMAP_DATA_DIR; else beside the running program's installation
/// (bin/../share/depomap, so that an installed tree works under any prefix and after a move);
/// else the prefix it was configured for; else, for a program run from its build tree, the
/// source tree. An installed program never falls back on a source tree it happens to be near.
std::filesystem::path find_dir(const char *name) {
    if (const char *env = std::getenv("DEPOMAP_DATA_DIR"); env && *env) {
        return std::filesystem::path(env) / name;
    }
    const auto exe = running_program();
    if (!exe.empty()) {
        const auto beside = (exe.parent_path() / DEPOMAP_DATA_FROM_BINDIR / name).lexically_normal();
        if (std::filesystem::is_directory(beside)) return beside;
    }
    const auto installed = std::filesystem::path(DEPOMAP_DATADIR_INSTALLED) / name;
    if (std::filesystem::is_directory(installed)) return installed;
    if (!exe.empty() && inside(exe, DEPOMAP_BINARY_DIR)) return std::filesystem::path(DEPOMAP_SOURCE_DIR) / name;
    return installed;
}

struct AtlasFile {
    const char *layer;
    const char *file;
    bool lon_lat_columns; ///< a CSV of points with lon,lat columns
};

// Basemap first, so a viewer that draws in load order puts it at the bottom.
constexpr AtlasFile atlas_files[] = {
    {"admin_regions", "admin_regions.geojson", false},
    {"deposits", "deposits.csv", true},
    {"processing_sites", "processing_sites.csv", true},
    {"reserve_areas", "reserve_areas.geojson", false},
    {"country_stats", "country_stats.csv", false},
    {"occurrences", "occurrences.csv", true},
};

} // namespace

std::filesystem::path atlas_dir() { return find_dir("geodata"); }
std::filesystem::path styles_dir() { return find_dir("styles"); }

std::vector<AtlasLayerLoaded> load_atlas(Store &store, const std::filesystem::path &dir,
                                         const std::function<void(double)> &progress) {
    if (!std::filesystem::is_directory(dir)) {
        throw Error(dir.string() + ": no atlas folder (set DEPOMAP_DATA_DIR)");
    }
    std::vector<AtlasLayerLoaded> loaded;
    int done = 0;
    for (const auto &file : atlas_files) {
        ++done;
        const auto path = dir / file.file;
        if (!std::filesystem::exists(path)) continue;
        LoadOptions options;
        options.layer = file.layer;
        if (file.lon_lat_columns) {
            options.x_field = "lon";
            options.y_field = "lat";
        }
        const auto report = load(store, {path.string()}, options);
        loaded.push_back({file.layer, path.string(), report.inserted});
        if (progress) progress(static_cast<double>(done) / std::size(atlas_files));
    }
    return loaded;
}

int store_layer_styles(Store &store, const std::filesystem::path &dir) {
    int stored = 0;
    sql::Transaction tx(store.db());
    for (const auto &layer : schema::layers()) {
        if (layer.geometry == schema::GeometryType::none) continue;
        const auto path = dir / (std::string(layer.name) + ".qml");
        if (!std::filesystem::exists(path)) continue;
        std::ifstream in(path, std::ios::binary);
        std::stringstream qml;
        qml << in.rdbuf();
        if (!in) throw Error(path.string() + ": cannot read the style");
        store.put_layer_style(layer.name, qml.str(), "depomap style for " + std::string(layer.name));
        ++stored;
    }
    tx.commit();
    return stored;
}

} // namespace depomap
