#pragma once
// A QGIS print layout (QGIS 3.22's XML) of one map view: the map following its map theme, title,
// legend, scale bar, north arrow where north is one direction, and the sources line. A4 landscape.
#include "style/map_views.hpp"

#include <array>
#include <string>
#include <vector>

namespace depomap::style {

/// A layer of the project as the legend lists it.
struct LegendLayer {
    std::string id, name, source, provider;
};

struct LayoutSpec {
    const MapView *view = nullptr;
    int index = 0;                   ///< the layout's number in the project (its items' uuids)
    std::string theme;               ///< the map theme the map follows
    std::string crs_xml;             ///< the view's <spatialrefsys>
    std::array<double, 4> extent{};  ///< in the view's CRS, fitted to the map frame (fit_extent)
    double map_units_per_km = 1000;  ///< east-west at the map's centre: the scale bar's unit
    std::vector<LegendLayer> legend; ///< top first
    std::string title, attribution;
    std::string background;          ///< the map's background, "#rrggbb" (the sea, or white)
};

/// The map's frame on the page: x, y, width, height in millimetres.
std::array<double, 4> layout_map_frame();

/// `bounds` (minx, miny, maxx, maxy) grown to the map frame's aspect, around its centre.
std::array<double, 4> fit_extent(const std::array<double, 4> &bounds);

/// The <Layout> element.
std::string layout_xml(const LayoutSpec &spec);

} // namespace depomap::style
