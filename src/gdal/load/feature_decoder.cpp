#include "gdal/load/feature_decoder.hpp"

#include "gdal/io/gdal.hpp"
#include "gdal/load/field_value.hpp"
#include "util/text.hpp"

#include <ogrsf_frmts.h>
#include <simdjson.h>

#include <cstdio>
#include <cstdlib>

namespace depomap::loading {
namespace {

using schema::GeometryType;

FieldValue json_field(simdjson::dom::element e, std::deque<std::string> &scratch) {
    FieldValue v;
    switch (e.type()) {
    case simdjson::dom::element_type::INT64:
        v.kind = FieldValue::Kind::integer;
        v.integer = e.get_int64().value_unsafe();
        break;
    case simdjson::dom::element_type::UINT64:
        // Beyond int64 (ids up to 2^64): kept exact, as its digits.
        v.kind = FieldValue::Kind::unsigned_integer;
        v.unsigned_integer = e.get_uint64().value_unsafe();
        break;
    case simdjson::dom::element_type::DOUBLE:
        v.kind = FieldValue::Kind::real;
        v.real = e.get_double().value_unsafe();
        break;
    case simdjson::dom::element_type::BOOL:
        v.kind = FieldValue::Kind::integer;
        v.integer = e.get_bool().value_unsafe() ? 1 : 0;
        break;
    case simdjson::dom::element_type::STRING:
        v.kind = FieldValue::Kind::text;
        v.text = e.get_string().value_unsafe();
        break;
    case simdjson::dom::element_type::NULL_VALUE:
        break;
    default:
        v.kind = FieldValue::Kind::json;
        v.text = scratch.emplace_back(simdjson::minify(e));
    }
    return v;
}

/// A GeoJSON Point's coordinates without building an OGR geometry (the common case).
std::pair<double, double> point_coordinates(simdjson::dom::array coordinates) {
    double xy[2];
    std::size_t n = 0;
    for (auto c : coordinates) {
        double value;
        if (c.get_double().get(value))
            throw FeatureError("Point coordinates are not numbers");
        if (n < 2)
            xy[n] = value;
        ++n;
    }
    if (n == 0)
        throw FeatureError("empty geometry");
    if (n < 2)
        throw FeatureError("Point with fewer than 2 coordinates");
    return {xy[0], xy[1]};
}

/// The geometry of a GeoJSON feature into `f`: a Point's coordinates, any other through GDAL.
void geojson_geometry(simdjson::dom::object feature, Feature &f) {
    simdjson::dom::element geometry;
    if (feature["geometry"].get(geometry) || geometry.is_null())
        return;
    std::string_view geometry_type;
    if (geometry["type"].get_string().get(geometry_type)) {
        throw FeatureError("geometry without a \"type\"");
    }
    simdjson::dom::array coordinates;
    if (geometry_type == "Point" && !geometry["coordinates"].get_array().get(coordinates)) {
        f.point = point_coordinates(coordinates);
        return;
    }
    // GDAL cannot build `"coordinates": []` at all; it is an empty geometry, said so.
    simdjson::dom::array parts;
    if (!geometry["coordinates"].get_array().get(parts) && parts.size() == 0)
        throw FeatureError("empty geometry");
    const std::string json = simdjson::minify(geometry);
    io::GdalErrors quiet;
    std::unique_ptr<OGRGeometry> g(OGRGeometryFactory::createFromGeoJson(json.c_str()));
    if (!g)
        throw FeatureError("invalid GeoJSON geometry: '" + util::excerpt(json) + "'");
    f.geometry = std::move(g);
}

} // namespace

FeatureDecoder::FeatureDecoder(const schema::Layer &layer, const LoadOptions &options)
    : layer_(layer), options_(options), parser_(std::make_unique<simdjson::dom::parser>()) {}

FeatureDecoder::~FeatureDecoder() = default;

bool kml_unset(const Source &s, OGRFeature &feature, int field) {
    const auto &unset = s.kml_unset[static_cast<std::size_t>(field)];
    if (!unset)
        return false;
    if (!feature.IsFieldSetAndNotNull(field))
        return true;
    const auto type = feature.GetFieldDefnRef(field)->GetType();
    return (type == OFTInteger || type == OFTInteger64) && feature.GetFieldAsInteger64(field) == *unset;
}

void FeatureDecoder::from_gdal(const Source &s, OGRFeature &feature, Feature &f) {
    f_ = &f;
    source_ = &s;
    if (const auto *field = s.nul.field(feature.GetFID())) {
        throw FeatureError("the text of field '" + util::excerpt(*field) + "' " + s.nul.reason());
    }
    for (int i_field = 0; i_field < feature.GetFieldCount(); ++i_field) {
        const auto i = static_cast<std::size_t>(i_field);
        if (!s.continuation.empty() && s.continuation[i])
            continue; // read with the field it continues
        if (!s.kml_unset.empty() && kml_unset(s, feature, i_field))
            continue;
        const auto *defn = feature.GetFieldDefnRef(i_field);
        FieldValue v;
        std::string text;
        if (feature.IsFieldSetAndNotNull(i_field)) {
            switch (defn->GetType()) {
            case OFTInteger:
            case OFTInteger64:
                v.kind = FieldValue::Kind::integer;
                v.integer = feature.GetFieldAsInteger64(i_field);
                break;
            case OFTReal:
                v.kind = FieldValue::Kind::real;
                v.real = feature.GetFieldAsDouble(i_field);
                break;
            case OFTDate:
            case OFTDateTime:
            case OFTTime:
                // ISO 8601, as the source wrote it (GDAL's own string form is 2005/12/01).
                v.kind = FieldValue::Kind::text;
                text = iso8601(feature, i_field, defn->GetType());
                v.text = text;
                break;
            default:
                v.kind = defn->GetSubType() == OFSTJSON ? FieldValue::Kind::json
                                                        : FieldValue::Kind::text;
                v.text = feature.GetFieldAsString(i_field);
                if (!s.continued_by.empty() && !s.continued_by[i].empty()) {
                    text = v.text;
                    for (int c : s.continued_by[i]) {
                        if (feature.IsFieldSetAndNotNull(c))
                            text += feature.GetFieldAsString(c);
                    }
                    v.text = text;
                }
                if (!util::is_valid_utf8(v.text)) {
                    throw FeatureError(std::string("invalid UTF-8 in field '") +
                                       defn->GetNameRef() + "'");
                }
            }
        }
        const Target &target = s.gdal_targets[i];
        if (target.inexact && f.filled[target.column])
            apply(s.router->to_extra(s.field_names[i], target.column), s.field_names[i], v);
        else
            apply(target, s.field_names[i], v);
    }
    const bool fields_make_geometry = options_.x_field || options_.wkt_field;
    if (!fields_make_geometry && layer_.geometry != GeometryType::none) {
        if (OGRGeometry *g = feature.StealGeometry())
            f.geometry.reset(g);
    }
}

std::string iso8601(OGRFeature &feature, int field, OGRFieldType type) {
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, tz = 0;
    float second = 0;
    feature.GetFieldAsDateTime(field, &year, &month, &day, &hour, &minute, &second, &tz);
    char buffer[64];
    const int whole = static_cast<int>(second);
    const bool fraction = second != static_cast<float>(whole);
    if (type == OFTDate) {
        std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
    } else if (type == OFTTime) {
        std::snprintf(buffer, sizeof buffer, fraction ? "%02d:%02d:%06.3f" : "%02d:%02d:%02.0f",
                      hour, minute, static_cast<double>(second));
    } else {
        std::snprintf(buffer, sizeof buffer,
                      fraction ? "%04d-%02d-%02dT%02d:%02d:%06.3f"
                               : "%04d-%02d-%02dT%02d:%02d:%02.0f",
                      year, month, day, hour, minute, static_cast<double>(second));
    }
    std::string out = buffer;
    // GDAL's TZ flag: 100 is UTC, 100 +/- n are quarter hours east/west.
    if (type != OFTDate && tz == 100) {
        out += 'Z';
    } else if (type != OFTDate && tz > 1) {
        const int offset = (tz - 100) * 15;
        std::snprintf(buffer, sizeof buffer, "%c%02d:%02d", offset < 0 ? '-' : '+',
                      std::abs(offset) / 60, std::abs(offset) % 60);
        out += buffer;
    }
    return out;
}

bool has_bare_non_finite(std::string_view text) {
    for (const std::string_view word : {"NaN", "Infinity"}) {
        for (auto at = text.find(word); at != std::string_view::npos;
             at = text.find(word, at + 1)) {
            auto before = at;
            while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\n' ||
                                  text[before - 1] == '\r' || text[before - 1] == '\t'))
                --before;
            if (before > 0 && std::string_view("[,:-").find(text[before - 1]) !=
                                  std::string_view::npos)
                return true;
        }
    }
    return false;
}

void FeatureDecoder::from_geojson(const Source &s, std::string_view text, Feature &f) {
    f_ = &f;
    source_ = &s;
    simdjson::dom::element doc;
    if (auto error = parser_->parse(text.data(), text.size(), false).get(doc)) {
        // Before the number check: simdjson reports -Infinity as a malformed number.
        if (has_bare_non_finite(text))
            throw FeatureError("invalid JSON: NaN and Infinity are not JSON numbers");
        if (error == simdjson::NUMBER_ERROR) {
            throw FeatureError("invalid JSON: a number is malformed or out of range for a "
                               "double (such as 1e400)");
        }
        throw FeatureError(std::string("invalid JSON: ") + simdjson::error_message(error));
    }
    simdjson::dom::object feature;
    if (doc.get_object().get(feature))
        throw FeatureError("not a JSON object");
    std::string_view type;
    if (feature["type"].get_string().get(type) || type != "Feature") {
        throw FeatureError("not a GeoJSON Feature (\"type\" is not \"Feature\")");
    }
    bool has_id_property = false;
    simdjson::dom::element properties;
    if (!feature["properties"].get(properties) && !properties.is_null()) {
        simdjson::dom::object object;
        if (properties.get_object().get(object))
            throw FeatureError("\"properties\" is not an object");
        for (auto field : object) {
            has_id_property = has_id_property || field.key == "id";
            Target target = s.router->route(field.key);
            if (target.inexact &&
                (f.filled[target.column] ||
                 object[layer_.columns[target.column].name].error() == simdjson::SUCCESS))
                target = s.router->to_extra(field.key, target.column);
            apply(target, field.key, json_field(field.value, f.scratch));
        }
    }
    simdjson::dom::element id;
    if (!has_id_property && !feature["id"].get(id))
        apply(s.router->route("id"), "id", json_field(id, f.scratch));
    const bool fields_make_geometry = options_.x_field || options_.wkt_field;
    if (fields_make_geometry || layer_.geometry == GeometryType::none)
        return;
    geojson_geometry(feature, f);
}

void FeatureDecoder::apply(const Target &target, std::string_view name, const FieldValue &v) {
    Feature &f = *f_;
    switch (target.kind) {
    case Target::Kind::column:
        if (target.country_name && v.kind == FieldValue::Kind::text)
            f.country_name = v.text;
        if (target.columns) {
            for (const auto c : *target.columns)
                set_column(c, name, v);
        } else {
            set_column(target.column, name, v);
        }
        return;
    case Target::Kind::extra:
        if (target.country_name && v.kind == FieldValue::Kind::text)
            f.country_name = v.text;
        if (!f.extra.emplace(std::string(name), json_value(v)).second)
            keep_repeated(name, json_value(v)); // a GeoJSON object with a key twice
        return;
    case Target::Kind::extra_members:
        add_extra_members(name, v);
        return;
    case Target::Kind::x:
        f.x = slot(name, v);
        return;
    case Target::Kind::y:
        f.y = slot(name, v);
        return;
    case Target::Kind::wkt:
        f.wkt = slot(name, v);
        return;
    }
}

/// depomap's exported `extra` back into `extra`, member by member, so that export and load
/// make a round trip; an empty one adds nothing, anything but a JSON object is kept as a
/// value named `extra`.
void FeatureDecoder::add_extra_members(std::string_view name, const FieldValue &v) {
    if (v.kind == FieldValue::Kind::null || (v.kind == FieldValue::Kind::text && util::trim(v.text).empty()))
        return;
    if (v.kind == FieldValue::Kind::text || v.kind == FieldValue::Kind::json) {
        auto members = nlohmann::json::parse(v.text, nullptr, false);
        if (members.is_object()) {
            for (auto &[key, value] : members.items()) {
                if (f_->extra.contains(key))
                    keep_repeated(key, std::move(value));
                else
                    f_->extra[key] = std::move(value);
            }
            return;
        }
    }
    apply({Target::Kind::extra}, name, v);
}

/// A second value under a name `extra` already holds: kept as NAME_2, NAME_3, ...
void FeatureDecoder::keep_repeated(std::string_view name, nlohmann::json value) {
    std::string renamed;
    for (int n = 2; renamed.empty() || f_->extra.contains(renamed); ++n)
        renamed = std::string(name) + "_" + std::to_string(n);
    f_->extra[renamed] = std::move(value);
    if (options_.note && noted_repeats_.emplace(name).second) {
        options_.note(source_->label + ": field '" + util::excerpt(name) + "' appears twice in a feature: the "
                      "second value is kept as '" + util::excerpt(renamed) + "'");
    }
}

void FeatureDecoder::set_column(std::size_t c, std::string_view name, const FieldValue &v) {
    if (c == 0)
        f_->id_field_seen = true;
    f_->filled[c] = true;
    f_->row.values[c] = column_value(layer_.columns[c].type, name, v);
}

} // namespace depomap::loading
