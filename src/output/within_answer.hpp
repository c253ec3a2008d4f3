#pragma once
// The answers of `within` as tables: the features within a radius of a centre, and those within
// a distance of lines (a corridor). Their last two columns are the feature's lon and lat, where
// answer_points (output/answer_layer.hpp) puts each row's point.
#include "depomap/query.hpp"
#include "depomap/table.hpp"

#include <cstddef>
#include <optional>
#include <string_view>

namespace depomap::output {

/// id, distance_m, name, distance_km, the direction from the centre (azimuth_deg, or with
/// `bearings` bearing_deg), lon, lat: nearest first, the feature `centre_id` (the centre itself,
/// not its own neighbour) left out, at most `k` rows.
Table within_table(const query::WithinResult &result, std::string_view centre_id, std::optional<std::size_t> k,
                   bool bearings);

/// id, distance_m, name, distance_km, line_lon, line_lat (the nearest point of the lines), lon,
/// lat: nearest first, at most `k` rows.
Table corridor_table(const query::CorridorResult &result, std::optional<std::size_t> k);

} // namespace depomap::output
