#pragma once
// A finished QGIS project (.qgs) over a store: every map layer of the store, styled from styles/,
// with legend names a person reads (styles/symbology.json), the supply links (each deposit's line
// to its nearest processing plant) in a GeoPackage beside the project, two map themes and two
// print layouts (world, Russia and neighbours: style/map_views), datasources relative to the
// project. Written as XML by depomap, not by QGIS; docs/DESIGN.md, "QGIS projects".
#include <filesystem>
#include <string>

namespace depomap {

class Store;

struct QgisProjectOptions {
    std::filesystem::path output;
    std::filesystem::path styles; ///< folder of <layer>.qml and symbology.json
    bool overwrite = false;
    std::string labels = "en";    ///< en, local or both: the project variable @depomap_labels
};

/// The GeoPackage a project at `project` keeps beside it: <stem>_map.gpkg.
std::filesystem::path qgis_project_layers_path(const std::filesystem::path &project);

/// Writes the project and its GeoPackage (each staged beside its place and published, nothing
/// replaced without `overwrite`, never the store); returns the number of layers in the project.
int write_qgis_project(Store &store, const QgisProjectOptions &options);

} // namespace depomap
