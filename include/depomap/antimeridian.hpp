#pragma once
// Cutting lines at the 180th meridian (RFC 7946 §3.1.9), so viewers never draw a band around
// the world.
#include "depomap/geodesic.hpp"

#include <cmath>
#include <utility>
#include <vector>

namespace depomap::geo {

/// Splits a line wherever a segment crosses ±180° (a longitude jump of more than 180°). Each
/// part ends exactly on the meridian and the next starts on the other side. `P` has `lon` and
/// `lat` members, and interpolate(a, b, t) gives the point a fraction t of the way from a to b
/// (its longitude is replaced by the meridian's), so that points carrying a height or a measure
/// keep it along the cut.
template <class P, class Interpolate>
std::vector<std::vector<P>> split_at_antimeridian(const std::vector<P> &line, Interpolate interpolate) {
    std::vector<std::vector<P>> parts;
    if (line.empty()) return parts;
    parts.emplace_back().push_back(line.front());
    for (std::size_t i = 1; i < line.size(); ++i) {
        P b = line[i];
        auto &part = parts.back();
        const P a = part.back();
        if (std::abs(b.lon - a.lon) > 180.0) {
            if (std::abs(a.lon) == 180.0) {
                // `a` is on the meridian already: it belongs to b's side. A part that only
                // held `a` is rewritten; a longer one ends there and the next starts opposite.
                P moved = a;
                moved.lon = std::copysign(180.0, b.lon);
                if (part.size() == 1) part.back() = moved;
                else parts.emplace_back().push_back(moved);
            } else if (std::abs(b.lon) == 180.0) {
                b.lon = std::copysign(180.0, a.lon); // `b` on the meridian, seen from a's side
            } else {
                // Unwrap b next to a, then find where the segment meets the meridian.
                const double edge = a.lon >= 0 ? 180.0 : -180.0;
                const double b_lon = b.lon < a.lon ? b.lon + 360.0 : b.lon - 360.0;
                P crossing = interpolate(a, b, (edge - a.lon) / (b_lon - a.lon));
                crossing.lon = edge;
                part.push_back(crossing);
                crossing.lon = -edge;
                parts.emplace_back().push_back(crossing);
            }
        }
        parts.back().push_back(b);
    }
    return parts;
}

/// The same for plain lon/lat points, the latitude interpolated linearly.
std::vector<std::vector<LonLat>> split_at_antimeridian(const std::vector<LonLat> &line);

/// The shortest span of longitudes that covers every [west, east] interval (degrees, -180..180):
/// the circle minus its largest gap. {west, east} with east > 180 when the span crosses ±180°
/// (Chukotka's parts on both sides give about {172.4, 190.6}, not {-180, 180}). Empty input: {}.
std::pair<double, double> covering_longitudes(std::vector<std::pair<double, double>> intervals);

} // namespace depomap::geo
