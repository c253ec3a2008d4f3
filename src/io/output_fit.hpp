#pragma once
// What an output format can hold, for the writers of convert: the field names its driver makes
// itself, and (GeoJSON) what GDAL 3.6's writer would drop or change without a word.
#include <string>
#include <vector>

#include <ogr_core.h>

namespace depomap::io {

/// The field names a driver adds to a layer of `geometry` type by itself, which a source field
/// must not take: a GeoPackage's and a SpatiaLite file's geometry column (`geom`), a CSV's X, Y
/// (and Z) columns for points or its WKT column for any other geometry.
std::vector<std::string> reserved_field_names(std::string_view driver, OGRwkbGeometryType geometry);

/// `name` as the driver will write it: GDAL's SQLite driver launders names (its LAUNDER option,
/// on by default): ASCII letters in lower case, ', - and # as _. Others keep it as it is.
std::string driver_field_name(std::string_view driver, std::string name);

} // namespace depomap::io
