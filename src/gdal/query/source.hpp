#pragma once
// Opening a query source: a GDAL dataset named by a query's layer (from, to, layer), read in place
// (docs/DESIGN.md, "Queries"). The values and what they open:
//   FILE                 its one layer (several: "FILE|layername=L" names one)
//   FILE|layername=L     layer L
//   X.zip, X.gz          through /vsizip/ (the one data file inside) and /vsigzip/
//   http(s)://URL        through /vsicurl/ (and /vsizip/ or /vsigzip/ for .zip, .gz)
//   /vsi...              as GDAL reads it
#include "depomap/geodesic.hpp"

#include <ogr_feature.h>

#include <functional>
#include <optional>
#include <string>

namespace depomap::query {

/// One feature of a source: its id (the `id` field, else the FID), its `name` (else empty), the
/// feature itself and its geometry in EPSG:4326 lon/lat.
struct SourceFeature {
    std::string id, name;
    const OGRFeature &feature;
    const OGRGeometry &geometry;
};

/// Calls `each` for every feature of `value` with a geometry that passes `where` (an OGR attribute
/// filter). `fields` gets the source's field names first. Throws Error naming the option (`field`,
/// `where_field`: depomap::option_ref) and the value: no such file, no such layer, a bad filter,
/// a geometry that cannot be transformed.
void each_source_feature(const std::string &value, const std::optional<std::string> &where, const char *field,
                         const char *where_field, const std::function<void(const OGRFeatureDefn &)> &fields,
                         const std::function<void(const SourceFeature &)> &each);

/// A point for a feature: itself, or (a polygon, a line) a point on its surface, as the store
/// gives for its polygons (store::representative_point_sql; both GEOS); nothing for an empty one.
std::optional<geo::LonLat> point_of(const OGRGeometry &g);

} // namespace depomap::query
