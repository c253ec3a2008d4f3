#include "depomap/antimeridian.hpp"

#include <algorithm>

namespace depomap::geo {

std::vector<std::vector<LonLat>> split_at_antimeridian(const std::vector<LonLat> &line) {
    return split_at_antimeridian(line, [](const LonLat &a, const LonLat &b, double t) {
        return LonLat{a.lon, a.lat + t * (b.lat - a.lat)};
    });
}

std::pair<double, double> covering_longitudes(std::vector<std::pair<double, double>> intervals) {
    if (intervals.empty()) return {};
    std::sort(intervals.begin(), intervals.end());
    // Merge what overlaps, then take the largest gap between neighbours, the one across ±180°
    // (from the last east to the first west, 360° on) among them.
    std::vector<std::pair<double, double>> merged{intervals.front()};
    for (const auto &[w, e] : intervals) {
        if (w <= merged.back().second) merged.back().second = std::max(merged.back().second, e);
        else merged.emplace_back(w, e);
    }
    double gap = merged.front().first + 360.0 - merged.back().second;
    std::pair<double, double> span{merged.front().first, merged.back().second};
    for (std::size_t i = 1; i < merged.size(); ++i) {
        const double g = merged[i].first - merged[i - 1].second;
        if (g > gap) {
            gap = g;
            span = {merged[i].first, merged[i - 1].second + 360.0};
        }
    }
    return span;
}

} // namespace depomap::geo
