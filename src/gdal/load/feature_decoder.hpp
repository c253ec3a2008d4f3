#pragma once
// The feature decoder: one source feature (a GDAL feature, or a GeoJSON Feature's text) into a
// Feature, each field where the source's FieldRouter sends it. Decoding checks what a value is
// (UTF-8, JSON, numbers for numeric columns); the validator then checks what it means.
#include "depomap/load.hpp"
#include "depomap/schema.hpp"
#include "gdal/load/feature.hpp"
#include "gdal/load/field_router.hpp"
#include "gdal/load/source.hpp"

#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>

namespace simdjson::dom {
class parser;
}

namespace depomap::loading {

/// Decodes features on one thread (it keeps a JSON parser and the notes it has given).
class FeatureDecoder {
  public:
    FeatureDecoder(const schema::Layer &layer, const LoadOptions &options);
    ~FeatureDecoder();
    FeatureDecoder(const FeatureDecoder &) = delete;
    FeatureDecoder &operator=(const FeatureDecoder &) = delete;

    /// Fills the cleared `f` from a feature of the GDAL source `s`. Throws FeatureError.
    void from_gdal(const Source &s, OGRFeature &feature, Feature &f);
    /// Fills the cleared `f` from the text of a GeoJSON Feature of `s` (followed by simdjson's
    /// padding, as io::GeoJsonStream hands it over). Throws FeatureError.
    void from_geojson(const Source &s, std::string_view text, Feature &f);

  private:
    /// Puts value `v` of the field `name` where `target` says: a column (or several), `extra`,
    /// or a geometry slot.
    void apply(const Target &target, std::string_view name, const FieldValue &v);
    void add_extra_members(std::string_view name, const FieldValue &v);
    void keep_repeated(std::string_view name, nlohmann::json value);
    void set_column(std::size_t c, std::string_view name, const FieldValue &v);

    const schema::Layer &layer_;
    const LoadOptions &options_;
    std::unique_ptr<simdjson::dom::parser> parser_;
    std::unordered_set<std::string> noted_repeats_;
    // While a feature is decoded: it, and the source it comes from.
    Feature *f_ = nullptr;
    const Source *source_ = nullptr;
};

/// A KML presentation field (Source::kml_unset) that holds GDAL's "not set" in `feature`.
bool kml_unset(const Source &s, OGRFeature &feature, int field);

/// The ISO 8601 text of GDAL date, time or date-time field `field` of `feature`, with its
/// time zone (GDAL's own string form is 2005/12/01).
std::string iso8601(OGRFeature &feature, int field, OGRFieldType type);

/// NaN or Infinity where a JSON value goes (after '[', ',', ':' or a minus sign), not inside
/// a string such as a name.
bool has_bare_non_finite(std::string_view text);

} // namespace depomap::loading
