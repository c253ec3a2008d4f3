// encode_geometry: the one part of the geometry BLOB that reads OGR geometries (and so links
// GDAL; the rest of geometry_blob.cpp is needed by the queries, which do without it).
#include "store/geometry_blob.hpp"

#include "depomap/error.hpp"
#include "store/geometry_blob_format.hpp"

#include <ogr_geometry.h>

#include <string>

namespace depomap::store {
namespace {

using namespace blob_format;

std::int32_t class_of(const OGRGeometry &g) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint:
        return class_point;
    case wkbLineString:
        return class_linestring;
    case wkbPolygon:
        return class_polygon;
    case wkbMultiPoint:
        return class_multipoint;
    case wkbMultiLineString:
        return class_multilinestring;
    case wkbMultiPolygon:
        return class_multipolygon;
    case wkbGeometryCollection:
        return class_collection;
    default:
        throw Error(std::string("geometry type ") + g.getGeometryName() + " cannot be stored");
    }
}

void put_points(std::vector<unsigned char> &out, const OGRSimpleCurve &curve) {
    put<std::int32_t>(out, curve.getNumPoints());
    for (int i = 0; i < curve.getNumPoints(); ++i) {
        put(out, curve.getX(i));
        put(out, curve.getY(i));
    }
}

void put_body(std::vector<unsigned char> &out, const OGRGeometry &g) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint: {
        const auto &p = *g.toPoint();
        put(out, p.getX());
        put(out, p.getY());
        return;
    }
    case wkbLineString:
        put_points(out, *g.toLineString());
        return;
    case wkbPolygon: {
        const auto &poly = *g.toPolygon();
        const int rings = poly.IsEmpty() ? 0 : 1 + poly.getNumInteriorRings();
        put<std::int32_t>(out, rings);
        if (rings == 0)
            return;
        put_points(out, *poly.getExteriorRing());
        for (int i = 0; i < poly.getNumInteriorRings(); ++i) {
            put_points(out, *poly.getInteriorRing(i));
        }
        return;
    }
    default: {
        const auto &collection = *g.toGeometryCollection();
        put<std::int32_t>(out, collection.getNumGeometries());
        for (const auto *part : collection) {
            out.push_back(entity_mark);
            put(out, class_of(*part));
            put_body(out, *part);
        }
        return;
    }
    }
}

} // namespace

std::vector<unsigned char> encode_geometry(const OGRGeometry &geometry, int srid) {
    std::vector<unsigned char> out;
    OGREnvelope env;
    geometry.getEnvelope(&env);
    out.reserve(64);
    put_header(out, srid, Box{env.MinX, env.MinY, env.MaxX, env.MaxY}, class_of(geometry));
    put_body(out, geometry);
    out.push_back(blob_end);
    return out;
}

} // namespace depomap::store
