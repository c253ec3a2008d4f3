#pragma once
// A QGIS project (.qgs, QGIS 3.22) over a store: every layer through QGIS's `spatialite` provider,
// styled from styles/, admin basemap at the bottom, extent on the data.
#include <filesystem>
#include <string>

namespace depomap {

class Store;

struct QgisProjectOptions {
    std::filesystem::path output;
    std::filesystem::path styles; ///< folder of <layer>.qml
    bool overwrite = false;
};

/// The project XML for the store at `store.path()`.
std::string qgis_project_xml(Store &store, const std::filesystem::path &styles);
/// Writes the project (temporary name, then rename); returns the number of layers in it.
int write_qgis_project(Store &store, const QgisProjectOptions &options);

} // namespace depomap
