#pragma once
// What an output format can hold, for the writers of convert: the field names its driver makes
// itself, and (GeoJSON, KML, Shapefile) what GDAL 3.6's writers would drop or change without a
// word, made right before they see it or refused with the reason.
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

/// Why a layer of `driver` declared as `layer_type` cannot hold `g` as it is, or nothing:
/// GeoJSON (RFC 7946 positions are x, y and z) and KML have no M values; a Shapefile keeps the Z
/// and M of its layer's type only. GDAL's writers drop what does not fit without a word.
std::optional<std::string> geometry_not_held(std::string_view driver, OGRwkbGeometryType layer_type,
                                             const OGRGeometry &g);

/// A geometry as RFC 7946 wants it, for GDAL's GeoJSON writer run with RFC7946=NO in a layer
/// without CRS: with RFC7946=YES, GDAL 3.6 drops the points of a GeometryCollection (its
/// date-line wrapping keeps lines and polygons only). Curves are made linear, polygons and lines
/// are cut at ±180° (cut_at_antimeridian_for_viewers, inside collections too), exterior rings
/// turn counterclockwise and holes clockwise (the right-hand rule, §3.1.6). `where` names the
/// feature in errors.
std::unique_ptr<OGRGeometry> rfc7946_geometry(std::unique_ptr<OGRGeometry> g, const std::string &where);

/// The text of a field of subtype JSON as GDAL's GeoJSON writer must be given it to write the
/// value it stands for. GDAL's readers keep a JSON value other than a string as its JSON text
/// and a string as it is; the writer parses the text leniently and stops at the first character
/// it cannot take (`1970-01-01T00:00:00` becomes 1970, `true` at the end of the text stays the
/// string "true"). So: JSON text (an object, array, number or boolean, with no space around it)
/// is given with a space after it, anything else as a JSON string. Nothing when the writer
/// would change it even so (an integer beyond 64 bits, which it clamps; invalid UTF-8).
std::optional<std::string> geojson_json_text(std::string_view text);

} // namespace depomap::io
