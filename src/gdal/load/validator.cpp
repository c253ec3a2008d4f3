#include "gdal/load/validator.hpp"

#include "depomap/dms.hpp"
#include "depomap/error.hpp"
#include "gdal/io/degrees.hpp"
#include "gdal/load/field_value.hpp"
#include "store/geometry_blob.hpp"
#include "util/text.hpp"

#include <cmath>

namespace depomap::loading {
namespace {

using schema::GeometryType;

template <typename Fn> void for_each_point(const OGRGeometry &g, Fn &&fn) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint: {
        const auto &p = *g.toPoint();
        if (!p.IsEmpty())
            fn(p.getX(), p.getY());
        return;
    }
    case wkbLineString:
    case wkbLinearRing: {
        const auto &line = *g.toSimpleCurve();
        for (int i = 0; i < line.getNumPoints(); ++i)
            fn(line.getX(i), line.getY(i));
        return;
    }
    case wkbPolygon:
        for (const auto *ring : *g.toPolygon())
            for_each_point(*ring, fn);
        return;
    default:
        if (OGR_GT_IsSubClassOf(g.getGeometryType(), wkbGeometryCollection)) {
            for (const auto *part : *g.toGeometryCollection())
                for_each_point(*part, fn);
        }
        return;
    }
}

void check_xy(double x, double y) {
    if (auto why = io::degrees_problem(x, y))
        throw FeatureError(*why);
}

/// " (longitude and latitude swapped?)" when the longitude `x` could be a latitude and the
/// latitude field holds a longitude.
std::string swapped_hint(double x, const Slot &y, const Source &s) {
    if (y.number || !s.geographic_fields)
        return "";
    return geo::swapped_hint(x, y.text);
}

} // namespace

std::unique_ptr<OGRGeometry> conform(std::unique_ptr<OGRGeometry> g, const schema::Layer &layer) {
    if (g->Is3D() || g->IsMeasured())
        g->flattenTo2D();
    const auto type = wkbFlatten(g->getGeometryType());
    if (layer.geometry == GeometryType::point) {
        if (type == wkbPoint)
            return g;
        if (type == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1) {
            return std::unique_ptr<OGRGeometry>(g->toMultiPoint()->getGeometryRef(0)->clone());
        }
    } else if (layer.geometry == GeometryType::multipolygon) {
        if (type == wkbMultiPolygon)
            return g;
        if (type == wkbPolygon) {
            return std::unique_ptr<OGRGeometry>(
                OGRGeometryFactory::forceToMultiPolygon(g.release()));
        }
    }
    const char *multi_hint = type == wkbMultiPoint && layer.geometry == GeometryType::point
                                 ? " with several points"
                                 : "";
    throw FeatureError(
        std::string("wrong geometry type ") + OGRGeometryTypeToName(type) + multi_hint +
        " for layer " + std::string(layer.name) + " (expects " +
        (layer.geometry == GeometryType::point ? "Point" : "Polygon or MultiPolygon") + ")");
}

void check_rings(const OGRGeometry &g, GeosValidator &geos) {
    for (const auto *polygon : *g.toMultiPolygon()) {
        int ring_number = 0;
        for (const auto *ring : *polygon) {
            ++ring_number;
            if (ring->getNumPoints() < 4) {
                throw FeatureError("invalid polygon: ring " + std::to_string(ring_number) +
                                   " has " + std::to_string(ring->getNumPoints()) +
                                   " points (at least 4 needed)");
            }
            if (!ring->get_IsClosed()) {
                throw FeatureError("invalid polygon: ring " + std::to_string(ring_number) +
                                   " is not closed");
            }
        }
    }
    if (auto reason = geos.invalid_reason(g))
        throw FeatureError("invalid polygon: " + *reason);
}

FeatureValidator::FeatureValidator(const schema::Layer &layer, const LoadOptions &options,
                                   std::unique_ptr<CountryLocator> locator)
    : layer_(layer), options_(options), countries_(layer, options, std::move(locator)) {}

void FeatureValidator::finish(const Source &s, std::int64_t index, Feature &f) {
    auto &id_value = f.row.values[0]; // `id` is every layer's first column
    if (const auto *text = std::get_if<std::string>(&id_value)) {
        f.id = *text;
        if (util::trim(f.id).empty())
            throw FeatureError("empty id");
    } else if (std::holds_alternative<std::nullptr_t>(id_value)) {
        // A source without ids gets stable ones from its name; a source whose id is
        // missing for this feature has a bad feature.
        if (f.id_field_seen)
            throw FeatureError("empty id");
        f.id = s.id_prefix + "-" + std::to_string(index);
        id_value = f.id;
    }
    f.row.extra = f.extra.empty()
                      ? std::string()
                      : f.extra.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    build_geometry(s, f);
    if (countries_.applies())
        countries_.settle(f, s.label, index);
}

void FeatureValidator::build_geometry(const Source &s, Feature &f) {
    if (layer_.geometry == GeometryType::none)
        return;
    if (options_.x_field) {
        point_from_slots(s, f);
    } else if (options_.wkt_field) {
        geometry_from_wkt(f);
    }
    if (f.point) {
        // Points from fields or GeoJSON coordinates: no OGR geometry needed.
        auto [x, y] = *f.point;
        if (layer_.geometry != GeometryType::point) {
            throw FeatureError("wrong geometry type Point for layer " +
                               std::string(layer_.name) + " (expects Polygon or MultiPolygon)");
        }
        if (s.transform && !s.transform->Transform(1, &x, &y)) {
            throw FeatureError("cannot transform (" + format_number(f.point->first) + ", " +
                               format_number(f.point->second) + ") to EPSG:4326");
        }
        check_xy(x, y);
        f.row.box = {x, y, x, y};
        store::encode_point(f.row.blob, x, y, schema::srid);
        return;
    }
    auto &geometry = f.geometry;
    if (!geometry)
        throw FeatureError("no geometry");
    if (geometry->IsEmpty())
        throw FeatureError("empty geometry");
    if (s.transform) {
        // A point cannot cross the antimeridian; anything else is cut where it does.
        if (wkbFlatten(geometry->getGeometryType()) == wkbPoint) {
            if (geometry->transform(s.transform.get()) != OGRERR_NONE)
                throw FeatureError("cannot transform the geometry to EPSG:4326");
        } else {
            geometry = io::transform_wrapped(*geometry, *s.transform);
            if (!geometry)
                throw FeatureError("cannot transform the geometry to EPSG:4326");
        }
    }
    geometry = conform(std::move(geometry), layer_);
    for_each_point(*geometry, check_xy);
    if (layer_.geometry == GeometryType::multipolygon)
        check_rings(*geometry, geos_);
    OGREnvelope env;
    geometry->getEnvelope(&env);
    f.row.box = {env.MinX, env.MinY, env.MaxX, env.MaxY};
    f.row.blob = store::encode_geometry(*geometry, schema::srid);
}

void FeatureValidator::point_from_slots(const Source &s, Feature &f) const {
    const auto empty = [](const std::optional<Slot> &slot) {
        return !slot || (!slot->number && util::trim(slot->text).empty());
    };
    if (empty(f.x) || empty(f.y)) {
        const std::string field = empty(f.x) ? *options_.x_field : *options_.y_field;
        throw FeatureError("no coordinates (field '" + field + "' is empty)");
    }
    const auto value = [&](const Slot &slot, geo::Axis axis) {
        if (slot.number)
            return *slot.number;
        if (s.geographic_fields)
            return geo::parse_degrees(slot.text, axis);
        return parse_number_text(slot.text, slot.field);
    };
    const double x = value(*f.x, geo::Axis::longitude);
    try {
        f.point = {x, value(*f.y, geo::Axis::latitude)};
    } catch (const ParseError &e) {
        // A latitude column holding longitudes: name the likely cause, as check_xy does.
        throw FeatureError(e.what() + swapped_hint(x, *f.y, s));
    }
}

void FeatureValidator::geometry_from_wkt(Feature &f) const {
    const std::string &field = *options_.wkt_field;
    if (!f.wkt || util::trim(f.wkt->text).empty()) {
        throw FeatureError("no geometry (field '" + field + "' is empty)");
    }
    OGRGeometry *parsed = nullptr;
    const char *cursor = f.wkt->text.c_str();
    if (OGRGeometryFactory::createFromWkt(&cursor, nullptr, &parsed) != OGRERR_NONE ||
        !parsed) {
        throw FeatureError("invalid WKT in field '" + field + "': '" +
                           util::excerpt(f.wkt->text) + "'");
    }
    f.geometry.reset(parsed);
}

} // namespace depomap::loading
