#include "depomap/antimeridian.hpp"

namespace depomap::geo {

std::vector<std::vector<LonLat>> split_at_antimeridian(const std::vector<LonLat> &line) {
    return split_at_antimeridian(line, [](const LonLat &a, const LonLat &b, double t) {
        return LonLat{a.lon, a.lat + t * (b.lat - a.lat)};
    });
}

} // namespace depomap::geo
