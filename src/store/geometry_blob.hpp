#pragma once
// SpatiaLite's internal geometry BLOB (little-endian, with its MBR), written directly: for points
// it is 60 bytes and costs no SQL function call per row.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

class OGRGeometry;

namespace depomap::store {

struct Box {
    double min_x, min_y, max_x, max_y;
};

/// Appends a POINT blob to `out`.
void encode_point(std::vector<unsigned char> &out, double x, double y, int srid);
/// Encodes any 2D OGR geometry (Point, LineString, Polygon, Multi*, GeometryCollection).
std::vector<unsigned char> encode_geometry(const OGRGeometry &geometry, int srid);
/// The MBR stored in a blob's header, or nothing if `blob` is not a SpatiaLite geometry.
std::optional<Box> blob_box(std::span<const unsigned char> blob);
/// The coordinates of a POINT blob, or nothing if it is not one.
std::optional<std::pair<double, double>> decode_point(std::span<const unsigned char> blob);

} // namespace depomap::store
