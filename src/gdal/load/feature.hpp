#pragma once
// A feature on its way from a source to a row: one source field's value as any reader hands it
// over, the feature being decoded (on the reading thread), and the one line a bad feature is
// reported with.
#include "depomap/error.hpp"
#include "store/layer_writer.hpp"

#include <nlohmann/json.hpp>
#include <ogr_geometry.h>

#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace depomap::loading {

/// A feature that cannot be loaded; the message is the reason only, the caller adds where.
struct FeatureError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// One source field's value, as any reader hands it over. `text` stays valid while the
/// feature is processed.
struct FieldValue {
    enum class Kind { null, integer, unsigned_integer, real, text, json };
    Kind kind = Kind::null;
    std::int64_t integer = 0;
    std::uint64_t unsigned_integer = 0; ///< only above INT64_MAX
    double real = 0;
    std::string_view text;
};

/// A field that makes the geometry (x_field, y_field, wkt_field): its number, or its
/// text (degrees, DMS or WKT), and its name for messages.
struct Slot {
    std::string text;
    std::optional<double> number;
    std::string field;
};

/// The feature being decoded: the row it becomes and what its geometry is made of. Cleared
/// for every feature, its buffers reused.
struct Feature {
    Row row;
    std::vector<char> filled; ///< per column: a field of this feature has filled it
    nlohmann::json extra;
    std::string id;
    bool id_field_seen = false; ///< a field of the feature went to column `id`
    std::optional<Slot> x, y, wkt;
    std::optional<std::pair<double, double>> point; ///< a point read without OGR
    std::unique_ptr<OGRGeometry> geometry;
    std::deque<std::string> scratch; ///< texts the values of `FieldValue`s point into
    std::string country_name;        ///< this feature's `country` field

    void clear(std::size_t columns);
};

/// A bad feature as the load reports it: "FILE: feature N (id 'ID'): REASON", without the
/// id part for a feature that has none.
Error feature_error(const std::string &label, std::int64_t index, const std::string &id,
                    const std::string &reason);
/// "duplicate id 'ID'".
std::string duplicate_reason(const std::string &id);

} // namespace depomap::loading
