#include "output/within_answer.hpp"

#include "output/nearest_answer.hpp"

#include <cmath>

namespace depomap::output {

Table within_table(const query::WithinResult &result, std::string_view centre_id, std::optional<std::size_t> k,
                   bool bearings) {
    Table t;
    t.columns = {"id", "distance_m", "name", "distance_km", direction_column(bearings), "lon", "lat"};
    for (const auto &h : result.hits) {
        const auto &f = result.features[h.index];
        if (f.id == centre_id) continue; // not its own neighbour
        if (k && t.rows.size() == *k) break;
        t.rows.push_back({f.id, std::round(h.distance_m * 1000.0) / 1000.0, f.name, std::round(h.distance_m) / 1000.0,
                          answer_direction(h.azimuth_deg, bearings), f.position.lon, f.position.lat});
    }
    return t;
}

Table corridor_table(const query::CorridorResult &result, std::optional<std::size_t> k) {
    Table t;
    t.columns = {"id", "distance_m", "name", "distance_km", "line_lon", "line_lat", "lon", "lat"};
    for (const auto &h : result.hits) {
        const auto &f = result.features[h.index];
        if (k && t.rows.size() == *k) break;
        t.rows.push_back({f.id, std::round(h.distance_m * 1000.0) / 1000.0, f.name, std::round(h.distance_m) / 1000.0,
                          std::round(h.nearest.lon * 1e7) / 1e7, std::round(h.nearest.lat * 1e7) / 1e7,
                          f.position.lon, f.position.lat});
    }
    return t;
}

} // namespace depomap::output
