#include "gdal/load/geos.hpp"

#include "depomap/error.hpp"

#include <ogr_geometry.h>

#include <memory>
#include <string_view>

namespace depomap::loading {

GeosValidator::GeosValidator() : ctx_(GEOS_init_r()) {
    if (!ctx_) throw Error("cannot start GEOS");
}

GeosValidator::~GeosValidator() { GEOS_finish_r(ctx_); }

std::optional<std::string> GeosValidator::invalid_reason(const OGRGeometry &geometry) {
    auto destroy = [this](GEOSGeometry *g) { GEOSGeom_destroy_r(ctx_, g); };
    std::unique_ptr<GEOSGeometry, decltype(destroy)> geos(geometry.exportToGEOS(ctx_), destroy);
    if (!geos) return "geometry GEOS cannot read (too few points in a ring?)";
    if (GEOSisValid_r(ctx_, geos.get()) == 1) return std::nullopt;
    auto free_text = [this](char *text) { GEOSFree_r(ctx_, text); };
    std::unique_ptr<char, decltype(free_text)> reason(GEOSisValidReason_r(ctx_, geos.get()),
                                                      free_text);
    return std::string(reason ? reason.get() : "invalid geometry");
}

} // namespace depomap::loading

namespace depomap::loading {
namespace {

/// A LinearRing says it is a LineString (getGeometryType), but GEOS reads it as a ring.
bool is_ring(const OGRGeometry &g) { return std::string_view(g.getGeometryName()) == "LINEARRING"; }

bool needs_change(const OGRGeometry &g) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbLineString: return is_ring(g) || g.toLineString()->getNumPoints() == 1;
    case wkbPolygon:
        for (const auto *ring : *g.toPolygon()) {
            if (ring->getNumPoints() < 4 || !ring->get_IsClosed()) return true;
        }
        return false;
    default:
        if (OGR_GT_IsSubClassOf(wkbFlatten(g.getGeometryType()), wkbGeometryCollection)) {
            for (const auto *part : *g.toGeometryCollection()) {
                if (needs_change(*part)) return true;
            }
        }
        return false;
    }
}

std::unique_ptr<OGRGeometry> readable(const OGRGeometry &g) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbLineString: {
        auto line = std::make_unique<OGRLineString>();
        const auto &curve = *g.toSimpleCurve();
        for (int i = 0; i < curve.getNumPoints(); ++i) {
            OGRPoint p;
            curve.getPoint(i, &p);
            line->addPoint(&p);
        }
        if (line->getNumPoints() != 1) return line;
        OGRPoint point;
        line->getPoint(0, &point);
        return std::unique_ptr<OGRGeometry>(point.clone());
    }
    case wkbPolygon: {
        auto polygon = std::unique_ptr<OGRPolygon>(g.toPolygon()->clone());
        polygon->closeRings();
        auto out = std::make_unique<OGRPolygon>();
        bool exterior = true;
        for (auto *ring : *polygon) {
            if (ring->getNumPoints() >= 4) out->addRing(ring);
            else if (exterior) break; // no area: nothing of the polygon is left
            exterior = false;
        }
        return out;
    }
    default:
        if (OGR_GT_IsSubClassOf(wkbFlatten(g.getGeometryType()), wkbGeometryCollection)) {
            std::unique_ptr<OGRGeometryCollection> out(
                OGRGeometryFactory::createGeometry(g.getGeometryType())->toGeometryCollection());
            for (const auto *part : *g.toGeometryCollection()) {
                auto made = readable(*part);
                if (made->IsEmpty()) continue;
                // A multi type holds its own kind only: what changed kind goes to a collection.
                if (out->addGeometryDirectly(made.get()) == OGRERR_NONE) {
                    made.release();
                } else {
                    std::unique_ptr<OGRGeometryCollection> mixed(new OGRGeometryCollection());
                    for (const auto *kept : *out) mixed->addGeometry(kept);
                    mixed->addGeometryDirectly(made.release());
                    out = std::move(mixed);
                }
            }
            return out;
        }
        return std::unique_ptr<OGRGeometry>(g.clone());
    }
}

} // namespace

std::unique_ptr<OGRGeometry> readable_by_geos(const OGRGeometry &geometry) {
    if (!needs_change(geometry)) return nullptr;
    return readable(geometry);
}

} // namespace depomap::loading
