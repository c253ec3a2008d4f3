#pragma once
// The Mapnik map (as Mapnik's XML) that draws a store's layers with the shipped symbology.
#include "depomap/render.hpp"

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace depomap::render {

struct MapSpec {
    std::string db;
    std::string srs;                 ///< the map's CRS (PROJ string)
    std::vector<std::string> layers; ///< store layers to draw, any of map_layer_names()
    Labels labels = Labels::en;
    double px_per_mm = 4.5;
    std::vector<long long> labelled_countries; ///< admin_regions fids whose name is drawn
    bool world_outline = false;      ///< fill the globe's outline with the sea colour
    std::string shape_dir;           ///< the folder of the site markers' SVG files (shape_svg)
    std::string links_csv;           ///< supply links as CSV with a WKT column; empty: none
    /// Where land meets land at ±180° (the store's polygons are cut there), as CSV with a WKT
    /// column: painted in the land's colour over the borders, so a map centred on the Pacific shows
    /// Chukotka whole, not cut by a line. Empty: none (a world map's seam is its edge).
    std::string seam_csv;
    /// The deposits whose labels Mapnik may place; none given: every deposit.
    std::optional<std::vector<long long>> deposit_label_fids;
};

/// The store layers render draws, bottom first.
const std::vector<std::string> &map_layer_names();
/// The font faces the map and the frame use (DejaVu: Latin and Cyrillic).
inline constexpr const char *font_regular = "DejaVu Sans Book";
inline constexpr const char *font_italic = "DejaVu Sans Oblique";
inline constexpr const char *font_bold = "DejaVu Sans Bold";

std::string mapnik_xml(const MapSpec &spec);

/// The processing-site markers as SVG files (name, content) that the map's XML names in
/// spec.shape_dir: each stage's marker and the white halo under it, at spec.px_per_mm.
std::vector<std::pair<std::string, std::string>> site_marker_files(const MapSpec &spec);

} // namespace depomap::render
