#pragma once
// The layers a QGIS project of a store draws beside the store's own, written as one GeoPackage
// beside the project (depomap qgis-project), so that the folder moves as one.
#include "depomap/query.hpp"

#include <filesystem>
#include <optional>
#include <string>

namespace depomap::io {

inline constexpr const char *supply_links_layer = "supply_links";
inline constexpr const char *globe_layer = "globe";

/// Writes the GeoPackage `path` (a new file, in a staging folder):
///  - supply_links: every pair of `links` as the geodesic between its ends, a point every 25 km,
///    cut at ±180° (the lines of a nearest answer written as GeoJSON), with from_id, to_id, rank, distance_m,
///    distance_km, azimuth_deg, from_name, to_name; styled by `links_qml` (layer_styles) if given;
///  - globe: the globe's outline (the meridians ±180° and the poles), the sea of a world map.
/// Throws Error naming the file and GDAL's reason.
void write_project_layers(const std::filesystem::path &path, const query::NearestResult &links,
                          const std::optional<std::string> &links_qml);

} // namespace depomap::io
