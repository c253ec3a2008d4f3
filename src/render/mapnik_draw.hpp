#pragma once
// Mapnik's side: set up once (plugins, fonts), then draw a map into a Cairo context.
#include "render/map_xml.hpp"

#include <cairo.h>

#include <array>
#include <string>
#include <vector>

namespace depomap::render {

struct DrawnMap {
    std::array<double, 4> extent{}; ///< what Mapnik drew, in the map's CRS (its aspect fitted)
    std::vector<LabelBox> labels;   ///< every label placed
};

/// Draws `spec` over `bounds` (in the map's CRS) into the rectangle x, y, w, h of `cr`.
DrawnMap draw_map(cairo_t *cr, const MapSpec &spec, const std::array<double, 4> &bounds, int x, int y, int w, int h);

} // namespace depomap::render
