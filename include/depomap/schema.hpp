#pragma once
// The store's layers and their columns (schema version 3; docs/DESIGN.md).
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace depomap::schema {

inline constexpr int current_version = 3;

enum class ColumnType { text, integer, real };
enum class GeometryType { none, point, multipolygon };

struct Column {
    std::string_view name;
    ColumnType type;
    int since_version = 1; ///< the schema version that added the column (migrations use it)
};

struct Layer {
    std::string_view name;
    GeometryType geometry;
    std::span<const Column> columns; ///< in table order; the first is always `id`
    int since_version = 1;           ///< the schema version that added the layer
};

/// Every layer of the store, in the order they are created and listed.
std::span<const Layer> layers();
/// The layer called `name`, or nullptr.
const Layer *find_layer(std::string_view name);
/// The names of layers(), in their order (what a "no such layer" message lists).
inline std::vector<std::string> layer_names() {
    std::vector<std::string> names;
    for (const auto &layer : layers()) names.emplace_back(layer.name);
    return names;
}
/// The column of `layer` called `name` (case-insensitive), or nullptr.
const Column *find_column(const Layer &layer, std::string_view name);

inline constexpr std::string_view geometry_column = "geom";
inline constexpr std::string_view extra_column = "extra";
inline constexpr int srid = 4326;

std::string_view to_string(GeometryType type);

} // namespace depomap::schema
