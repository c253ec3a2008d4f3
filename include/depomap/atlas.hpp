#pragma once
// The shipped atlas (geodata/) and styles (styles/): where they are and how they load.
#include <filesystem>
#include <functional>
#include <cstdint>
#include <string>
#include <vector>

namespace depomap {

class Store;

/// The geodata/ folder: $DEPOMAP_DATA_DIR/geodata, else the one installed beside the running
/// program (bin/../share/depomap/geodata, wherever the tree was installed or moved), else the
/// configured prefix's, else (for a program in the build tree only) the source tree's.
std::filesystem::path atlas_dir();
/// The styles/ folder, found the same way.
std::filesystem::path styles_dir();

struct AtlasLayerLoaded {
    std::string layer;
    std::string file;
    std::int64_t features = 0;
};

/// Loads every atlas file that `dir` holds into its layer (all or nothing per file).
std::vector<AtlasLayerLoaded> load_atlas(Store &store, const std::filesystem::path &dir,
                                         const std::function<void(double)> &progress = {});

/// Stores each styles/<layer>.qml as the layer's default style in `layer_styles`, so QGIS's
/// SpatiaLite provider opens the layer styled. Returns how many styles were stored.
int store_layer_styles(Store &store, const std::filesystem::path &dir);

} // namespace depomap
