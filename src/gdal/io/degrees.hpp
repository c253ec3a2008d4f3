#pragma once
// Longitude/latitude degrees as load and convert check them: a geographic source whose
// coordinates leave [-180, 180] x [-90, 90] has no degrees in them (a projected file given as
// EPSG:4326, a swapped column, GeoPackage's test file with longitudes of 385 to 676), and
// GDAL's writers would carry them on without a word.
#include <optional>
#include <string>

class OGRGeometry;

namespace depomap::io {

/// Why (x, y) are not longitude/latitude degrees, or nothing: a coordinate that is not finite,
/// a latitude beyond ±90 (with "longitude and latitude swapped?" when swapping them would fit),
/// a longitude beyond ±180. Numbers as to_chars writes them, shortest first.
std::optional<std::string> degrees_problem(double x, double y);

/// The same for the first point of `g` that is not in degrees (curves and collections walked).
std::optional<std::string> degrees_problem(const OGRGeometry &g);

} // namespace depomap::io
