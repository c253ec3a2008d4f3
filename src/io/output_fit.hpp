#pragma once
// What an output format can hold, for the writers of convert: the field names its driver makes
// itself, and (GeoJSON) what GDAL 3.6's writer would drop without a word, made right before it
// sees it.
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <ogr_core.h>

class OGRGeometry;

namespace depomap::io {

/// The field names a driver adds to a layer of `geometry` type by itself, which a source field
/// must not take: a GeoPackage's and a SpatiaLite file's geometry column (`geom`), a CSV's X, Y
/// (and Z) columns for points or its WKT column for any other geometry.
std::vector<std::string> reserved_field_names(std::string_view driver, OGRwkbGeometryType geometry);

/// `name` as the driver will write it: GDAL's SQLite driver launders names (its LAUNDER option,
/// on by default): ASCII letters in lower case, ', - and # as _. Others keep it as it is.
std::string driver_field_name(std::string_view driver, std::string name);

/// A geometry as RFC 7946 wants it, for GDAL's GeoJSON writer run with RFC7946=NO in a layer
/// without CRS: with RFC7946=YES, GDAL 3.6 drops the points of a GeometryCollection (its
/// date-line wrapping keeps lines and polygons only). Curves are made linear, polygons and lines
/// are cut at ±180° (cut_at_antimeridian_for_viewers, inside collections too), exterior rings
/// turn counterclockwise and holes clockwise (the right-hand rule, §3.1.6). `where` names the
/// feature in errors.
std::unique_ptr<OGRGeometry> rfc7946_geometry(std::unique_ptr<OGRGeometry> g, const std::string &where);

} // namespace depomap::io
