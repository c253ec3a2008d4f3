#include "depomap/antimeridian.hpp"

#include <cmath>

namespace depomap::geo {

std::vector<std::vector<LonLat>> split_at_antimeridian(const std::vector<LonLat> &line) {
    std::vector<std::vector<LonLat>> parts;
    if (line.empty()) return parts;
    parts.emplace_back().push_back(line.front());
    for (std::size_t i = 1; i < line.size(); ++i) {
        LonLat b = line[i];
        auto &part = parts.back();
        const LonLat a = part.back();
        if (std::abs(b.lon - a.lon) > 180.0) {
            if (std::abs(a.lon) == 180.0) {
                // `a` is on the meridian already: it belongs to b's side. A part that only
                // held `a` is rewritten; a longer one ends there and the next starts opposite.
                const LonLat moved{std::copysign(180.0, b.lon), a.lat};
                if (part.size() == 1) part.back() = moved;
                else parts.emplace_back().push_back(moved);
            } else if (std::abs(b.lon) == 180.0) {
                b.lon = std::copysign(180.0, a.lon); // `b` on the meridian, seen from a's side
            } else {
                // Unwrap b next to a, then find where the segment meets the meridian.
                const double edge = a.lon >= 0 ? 180.0 : -180.0;
                const double b_lon = b.lon < a.lon ? b.lon + 360.0 : b.lon - 360.0;
                const double t = (edge - a.lon) / (b_lon - a.lon);
                const double lat = a.lat + t * (b.lat - a.lat);
                part.push_back({edge, lat});
                parts.emplace_back().push_back({-edge, lat});
            }
        }
        parts.back().push_back(b);
    }
    return parts;
}

} // namespace depomap::geo
