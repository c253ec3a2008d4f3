#pragma once
// Exporting the store's layers through GDAL's vector drivers, with the QGIS style of each layer
// (docs/DESIGN.md, docs/QGIS-STYLES.md). Nothing a format cannot hold is dropped silently.
#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

class OGRGeometry;

namespace depomap {
namespace query {
struct AnswerLayer;
}

class Store;

/// One output format: a GDAL driver and what it can hold.
struct ExportFormat {
    std::string_view driver;    ///< GDAL short name
    std::string_view extension; ///< with the dot
    bool multi_layer;           ///< all layers in one file (GPKG, SQLite)
    bool tables;                ///< holds layers without geometry (country_stats)
};

/// The format for a GDAL short name or an alias (geojson, shp, gpkg, kml, fgb, csv, sqlite),
/// case-insensitive; throws UsageError naming the known ones.
const ExportFormat &resolve_format(std::string_view name);
/// The format an output path's extension implies, or nullptr.
const ExportFormat *format_from_extension(const std::filesystem::path &path);

struct ExportOptions {
    std::string format;              ///< empty: from the extension of `output`
    std::filesystem::path output;    ///< a file, or a folder for several single-layer files
    std::vector<std::string> layers; ///< empty: every spatial layer (+ tables where they fit)
    std::optional<std::string> target_srs;
    std::optional<std::string> where; ///< SQL filter applied to every layer
    bool style = true;                ///< .qml sidecars / layer_styles rows
    int precision = 7;                ///< GeoJSON decimals
    bool overwrite = false;
    bool extra = true;       ///< export the `extra` JSON column as a text field
    /// Shapefile: text over 254 bytes is split into continuation fields (notes, notes_2, ...),
    /// listed in <layer>.fieldmap.csv and said in the report's notes; false: such text fails.
    bool split_text = true;
    std::function<void(double)> progress;
    /// Never written over, not even with `overwrite`: the store (export_answer: the store a
    /// query read, when it read one) and the command's other inputs.
    std::filesystem::path store;
    std::vector<std::filesystem::path> inputs;
    /// export_answer: the answer goes into this stream (a command's standard output) instead of
    /// `output`, staged as a device or FIFO is; formats written start to end only.
    std::ostream *stream = nullptr;
};

struct ExportedLayer {
    std::string layer;
    std::filesystem::path path;
    std::int64_t features = 0;
};

struct ExportReport {
    std::string driver;
    std::vector<ExportedLayer> layers;
    std::vector<std::string> notes; ///< things worth telling the user (not errors)
};

/// Writes the layers. Output is written under a temporary name in the destination folder and
/// renamed into place when complete: a failure leaves nothing behind. Throws UsageError for a bad
/// request (unknown format or layer) and Error when writing fails or a value cannot be kept.
ExportReport export_layers(Store &store, const ExportOptions &options);

/// Writes a query's answer as one layer (a table when it has no geometry) in options.format,
/// by the same path as export_layers: staged, published under the same rules, with the style
/// answer.style names (.qml beside the file, layer_styles in a GeoPackage).
ExportReport export_answer(const query::AnswerLayer &answer, const ExportOptions &options);

/// The antimeridian cut (RFC 7946 §3.1.9) for GeoJSON and KML: a MultiPolygon whose rings jump
/// across ±180° is cut into parts within [-180, 180]; a LineString or MultiLineString with a
/// segment that jumps is cut where it meets the meridian and comes back as a MultiLineString
/// (heights and measures interpolated); anything else is returned as it is. `where` names the
/// feature in the error thrown when a cut fails. Export's polygons and convert's sources use it.
std::unique_ptr<OGRGeometry> cut_at_antimeridian_for_viewers(std::unique_ptr<OGRGeometry> geometry,
                                                             const std::string &where);

namespace shapefile {

/// A schema column whose name is longer than DBF's 10 characters, and its fixed short name.
struct ShortName {
    std::string_view full;
    std::string_view short_name;
};

/// The fixed, documented mapping (the same for every layer; unique within each layer).
std::span<const ShortName> short_names();
/// The DBF name of a field: its short name from the table, the name itself when it fits, or
/// throws Error for a long name the table does not know.
std::string field_name(std::string_view full);
/// The DBF name of part `part` (2, 3, ...) of a text field split (ExportOptions::split_text).
std::string part_name(std::string_view full, int part);
/// How a number looks as DBF keeps it, fixed-point text (GDAL writes %*.*f): the characters
/// before the point, a minus sign included, and the fewest decimals that read back as the same
/// double (to_chars's shortest form). A field as wide as the widest of its values keeps them all.
struct NumberShape {
    int integer_digits = 1;
    int decimals = 0;
    /// The DBF field width that holds it: the digits, the point and the decimals.
    int width() const { return integer_digits + (decimals > 0 ? 1 + decimals : 0); }
    /// Widens this shape to hold `other` as well.
    void hold(const NumberShape &other) {
        integer_digits = std::max(integer_digits, other.integer_digits);
        decimals = std::max(decimals, other.decimals);
    }
};
NumberShape number_shape(double v);

/// Cuts UTF-8 `text` into pieces of at most `max_bytes`, never inside a character.
std::vector<std::string_view> split_utf8(std::string_view text, std::size_t max_bytes);

} // namespace shapefile

namespace style {

/// The QML of `layer` from `dir` (styles/<layer>.qml), or nothing when the layer has no style.
std::optional<std::string> read_layer_style(const std::filesystem::path &dir, std::string_view layer);
/// Rewrites a QML so that its field references use the DBF names (`renames`: full -> short) and
/// the full names become the fields' aliases.
std::string rename_fields(std::string qml, const std::vector<std::pair<std::string, std::string>> &renames);

} // namespace style

} // namespace depomap
