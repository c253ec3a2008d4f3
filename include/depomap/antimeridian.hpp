#pragma once
// Cutting lines at the 180th meridian (RFC 7946 §3.1.9), so viewers never draw a band around
// the world.
#include "depomap/geodesic.hpp"

#include <vector>

namespace depomap::geo {

/// Splits a line of lon/lat points wherever a segment crosses ±180° (a longitude jump of more
/// than 180°). Each part ends exactly on the meridian and the next starts on the other side.
std::vector<std::vector<LonLat>> split_at_antimeridian(const std::vector<LonLat> &line);

} // namespace depomap::geo
