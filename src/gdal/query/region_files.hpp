#pragma once
// The region query's GDAL part (gdal_access): a source read in place as the layer searched, and a
// polygon file as the region.
#include "depomap/query.hpp"
#include "depomap/store.hpp"

#include <string>

namespace depomap::query {

class Geos;

/// Features of the source `value` (the layer, read in place) inside the prepared area: the columns
/// of a region answer that the source has, in id order.
Table features_inside_source(const std::string &value, Geos &geos);
/// Features of `layer_name` inside the polygons of the file at `path` (any GDAL vector source, in
/// any CRS PROJ can take to EPSG:4326).
Table region_by_file_read(Store &store, const std::string &layer_name, const std::string &path);

} // namespace depomap::query
