#pragma once
// The marker shapes of QGIS's simple markers that the processing-site styles use, as polygons in
// a unit square (-1..1, y down): one description for Mapnik's markers (as SVG) and the legend.
#include <string>
#include <utility>
#include <vector>

namespace depomap::render {

using Polygon = std::vector<std::pair<double, double>>;

/// The outline of `shape` (triangle, diamond, square, pentagon, star, hexagon, circle); throws
/// Error for a shape it does not know.
Polygon shape_outline(const std::string &shape);
/// The same as an SVG document Mapnik reads as a marker, in pixels: `size` across, centred on
/// its canvas, filled and outlined (no outline when `stroke_width` is 0).
std::string shape_svg(const std::string &shape, double size, const std::string &fill, double fill_opacity,
                      const std::string &stroke, double stroke_width);

} // namespace depomap::render
