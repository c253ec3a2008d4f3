#include "io/output_fit.hpp"

#include "depomap/export.hpp"
#include "depomap/schema.hpp"

#include <ogr_geometry.h>

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

} // namespace

std::unique_ptr<OGRGeometry> rfc7946_geometry(std::unique_ptr<OGRGeometry> g, const std::string &where) {
    if (!g || g->IsEmpty()) return g;
    if (g->hasCurveGeometry()) g.reset(g->getLinearGeometry());
    return prepare(std::move(g), where);
}

} // namespace depomap::io
