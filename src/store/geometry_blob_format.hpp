#pragma once
// The pieces of SpatiaLite's geometry BLOB that geometry_blob.cpp (points, headers) and
// geometry_blob_ogr.cpp (any OGR geometry) both write.
#include "store/geometry_blob.hpp"

#include <bit>
#include <cstdint>
#include <cstring>
#include <vector>

namespace depomap::store::blob_format {

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

template <typename T> inline void put(std::vector<unsigned char> &out, T value) {
    unsigned char bytes[sizeof(T)];
    std::memcpy(bytes, &value, sizeof(T));
    out.insert(out.end(), bytes, bytes + sizeof(T));
}

template <typename T> inline T get(const unsigned char *p) {
    T value;
    std::memcpy(&value, p, sizeof(T));
    return value;
}

inline void put_header(std::vector<unsigned char> &out, int srid, const Box &box,
                       std::int32_t cls) {
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

} // namespace depomap::store::blob_format
