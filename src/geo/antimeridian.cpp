#include "depomap/antimeridian.hpp"

#include <cmath>

namespace depomap::geo {

std::vector<std::vector<LonLat>> split_at_antimeridian(const std::vector<LonLat> &line) {
    std::vector<std::vector<LonLat>> parts;
    if (line.empty()) return parts;
    parts.emplace_back().push_back(line.front());
    for (std::size_t i = 1; i < line.size(); ++i) {
        const LonLat a = line[i - 1], b = line[i];
        const double dlon = b.lon - a.lon;
        if (std::abs(dlon) > 180.0) {
            // Unwrap b next to a, then find where the segment meets the meridian on a's side.
            const double edge = a.lon >= 0 ? 180.0 : -180.0;
            const double b_lon = dlon < 0 ? b.lon + 360.0 : b.lon - 360.0;
            const double t = (edge - a.lon) / (b_lon - a.lon);
            const double lat = a.lat + t * (b.lat - a.lat);
            parts.back().push_back({edge, lat});
            parts.emplace_back().push_back({-edge, lat});
        }
        parts.back().push_back(b);
    }
    return parts;
}

} // namespace depomap::geo
