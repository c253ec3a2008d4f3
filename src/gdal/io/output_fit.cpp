#include "gdal/io/output_fit.hpp"

#include "depomap/export.hpp"
#include "depomap/schema.hpp"

#include <nlohmann/json.hpp>
#include <ogr_geometry.h>

#include <cctype>

namespace depomap::io {

std::vector<std::string> reserved_field_names(std::string_view driver, OGRwkbGeometryType geometry) {
    if (geometry == wkbNone) return {};
    if (driver == "GPKG" || driver == "SQLite") return {std::string(schema::geometry_column)};
    if (driver == "CSV") {
        if (wkbFlatten(geometry) != wkbPoint) return {"WKT"};
        if (OGR_GT_HasZ(geometry)) return {"X", "Y", "Z"};
        return {"X", "Y"};
    }
    return {};
}

std::string driver_field_name(std::string_view driver, std::string name) {
    if (driver != "SQLite") return name;
    for (auto &c : name) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if (c == '\'' || c == '-' || c == '#') c = '_';
    }
    return name;
}

std::optional<std::string> geometry_not_held(std::string_view driver, OGRwkbGeometryType layer_type,
                                             const OGRGeometry &g) {
    if (g.IsEmpty()) return std::nullopt;
    if ((driver == "GeoJSON" || driver == "KML") && g.IsMeasured()) {
        return "its geometry has M values (measures), which " + std::string(driver) +
               " cannot hold: convert to GPKG, which keeps them";
    }
    if (driver == "ESRI Shapefile" && layer_type != wkbUnknown) {
        const bool z = g.Is3D() && !OGR_GT_HasZ(layer_type);
        const bool m = g.IsMeasured() && !OGR_GT_HasM(layer_type);
        if (z || m) {
            return std::string("its geometry has ") + (z && m ? "Z and M values" : z ? "Z values" : "M values") +
                   " but the source declares its layer as " + OGRGeometryTypeToName(layer_type) +
                   ", and a Shapefile keeps to its layer's type: convert to GPKG";
        }
    }
    return std::nullopt;
}

namespace {

/// Exterior rings counterclockwise, holes clockwise.
void right_hand_rule(OGRPolygon &polygon) {
    bool exterior = true;
    for (auto *ring : polygon) {
        if (ring->getNumPoints() >= 4 && (ring->isClockwise() != 0) == exterior) ring->reverseWindingOrder();
        exterior = false;
    }
}

std::unique_ptr<OGRGeometry> prepare(std::unique_ptr<OGRGeometry> g, const std::string &where) {
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbGeometryCollection) {
        auto out = std::make_unique<OGRGeometryCollection>();
        for (const auto *part : *g->toGeometryCollection()) {
            out->addGeometryDirectly(prepare(std::unique_ptr<OGRGeometry>(part->clone()), where).release());
        }
        return out;
    }
    if (type == wkbPolygon) g.reset(OGRGeometryFactory::forceToMultiPolygon(g.release()));
    g = cut_at_antimeridian_for_viewers(std::move(g), where);
    if (wkbFlatten(g->getGeometryType()) == wkbMultiPolygon) {
        for (auto *polygon : *g->toMultiPolygon()) right_hand_rule(*polygon);
        if (type == wkbPolygon && g->toMultiPolygon()->getNumGeometries() == 1) {
            g.reset(OGRGeometryFactory::forceToPolygon(g.release()));
        }
    }
    return g;
}

/// Strict JSON, noting integers wider than 64 bits (nlohmann gives them as floats) and whether
/// the text is a string.
struct JsonCheck : nlohmann::json_sax<nlohmann::json> {
    bool too_wide = false, string_alone = false, first = true;
    bool value(bool string = false) {
        if (first) string_alone = string;
        first = false;
        return true;
    }
    bool null() override { return value(); }
    bool boolean(bool) override { return value(); }
    bool number_integer(number_integer_t) override { return value(); }
    bool number_unsigned(number_unsigned_t) override { return value(); }
    bool number_float(number_float_t, const string_t &text) override {
        if (text.find_first_of(".eE") == string_t::npos) too_wide = true;
        return value();
    }
    bool string(string_t &) override { return value(true); }
    bool binary(binary_t &) override { return value(); }
    bool start_object(std::size_t) override { return value(); }
    bool key(string_t &) override { return true; }
    bool end_object() override { return true; }
    bool start_array(std::size_t) override { return value(); }
    bool end_array() override { return true; }
    bool parse_error(std::size_t, const std::string &, const nlohmann::detail::exception &) override {
        return false;
    }
};

} // namespace

std::unique_ptr<OGRGeometry> rfc7946_geometry(std::unique_ptr<OGRGeometry> g, const std::string &where) {
    if (!g || g->IsEmpty()) return g;
    if (g->hasCurveGeometry()) g.reset(g->getLinearGeometry());
    return prepare(std::move(g), where);
}

std::optional<std::string> geojson_json_text(std::string_view text) {
    const auto as_string = [&]() -> std::optional<std::string> {
        try {
            return nlohmann::json(std::string(text)).dump();
        } catch (const nlohmann::json::exception &) {
            return std::nullopt; // invalid UTF-8
        }
    };
    const auto space = [](char c) { return std::isspace(static_cast<unsigned char>(c)) != 0; };
    if (text.empty() || space(text.front()) || space(text.back()) || text == "null") return as_string();
    // A string alone is one that was a string in the source: GDAL's readers keep those as they
    // are and write no other value as a JSON string.
    JsonCheck check;
    if (!nlohmann::json::sax_parse(text.begin(), text.end(), &check) || check.string_alone) return as_string();
    if (check.too_wide) return std::nullopt;
    return std::string(text) + " ";
}

} // namespace depomap::io
