#include "store/geometry_blob.hpp"

#include "depomap/error.hpp"

#include <ogr_geometry.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <limits>

namespace depomap::store {
namespace {

static_assert(std::endian::native == std::endian::little, "blob writer assumes little-endian");

// Markers and class types of the SpatiaLite BLOB format.
constexpr unsigned char blob_start = 0x00;
constexpr unsigned char little_endian = 0x01;
constexpr unsigned char mbr_end = 0x7C;
constexpr unsigned char entity_mark = 0x69;
constexpr unsigned char blob_end = 0xFE;
constexpr std::int32_t class_point = 1;
constexpr std::int32_t class_linestring = 2;
constexpr std::int32_t class_polygon = 3;
constexpr std::int32_t class_multipoint = 4;
constexpr std::int32_t class_multilinestring = 5;
constexpr std::int32_t class_multipolygon = 6;
constexpr std::int32_t class_collection = 7;
constexpr std::size_t header_size = 43; // start, endian, srid, 4 doubles, mbr_end, class

template <typename T> void put(std::vector<unsigned char> &out, T value) {
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.insert(out.end(), bytes, bytes + sizeof(T));
}

template <typename T> T get(const unsigned char *p) {
    T value;
    std::memcpy(&value, p, sizeof(T));
    return value;
}

void put_header(std::vector<unsigned char> &out, int srid, const Box &box, std::int32_t cls) {
    out.push_back(blob_start);
    out.push_back(little_endian);
    put<std::int32_t>(out, srid);
    put(out, box.min_x);
    put(out, box.min_y);
    put(out, box.max_x);
    put(out, box.max_y);
    out.push_back(mbr_end);
    put(out, cls);
}

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
        throw Error(std::string("geometry type ") + g.getGeometryName() +
                    " cannot be stored");
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
        if (rings == 0) return;
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

void encode_point(std::vector<unsigned char> &out, double x, double y, int srid) {
    put_header(out, srid, Box{x, y, x, y}, class_point);
    put(out, x);
    put(out, y);
    out.push_back(blob_end);
}

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

std::optional<Box> blob_box(std::span<const unsigned char> blob) {
    if (blob.size() < header_size + 1 || blob[0] != blob_start || blob[1] != little_endian ||
        blob[38] != mbr_end || blob.back() != blob_end) {
        return std::nullopt;
    }
    const auto *p = blob.data() + 6;
    return Box{get<double>(p), get<double>(p + 8), get<double>(p + 16), get<double>(p + 24)};
}

std::optional<std::pair<double, double>> decode_point(std::span<const unsigned char> blob) {
    if (blob.size() != 60 || !blob_box(blob) || get<std::int32_t>(blob.data() + 39) != class_point) {
        return std::nullopt;
    }
    return std::pair{get<double>(blob.data() + 43), get<double>(blob.data() + 51)};
}

} // namespace depomap::store
