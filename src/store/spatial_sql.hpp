#pragma once
// What the other rooms ask of the store's geometries, in the store's own terms: SpatiaLite's SQL
// functions (AsBinary, ST_PointOnSurface, Mbr*...) and its R*Tree tables (idx_<layer>_geom) are
// named here only, so that another backend (PostGIS) has one place to answer them. Fragments are
// SQL expressions over a layer's geometry column, for the callers' own SELECTs; the rest read.
// User-given SQL (a `where` filter, ReadOnlyQuery) is SpatiaLite SQL by contract and does not come here.
#include "depomap/schema.hpp"
#include "depomap/sqlite.hpp"
#include "store/geometry_blob.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace depomap::store {

// --- expressions over the geometry column `geom` ------------------------------------------------

/// The geometry as ISO WKB (for GEOS or OGR), NULL for none.
std::string wkb_sql();
/// A point that stands for each feature of `layer`: the point itself, or for polygons a point on
/// their surface (inside, unlike a centroid), as the store's own blob (store::decode_point).
std::string representative_point_sql(const schema::Layer &layer);
/// A point's longitude and latitude.
std::string x_sql();
std::string y_sql();
/// The planar area of a polygon, in square degrees.
std::string planar_area_sql();

// --- the spatial index ---------------------------------------------------------------------------

/// A condition on `layer`'s rows: its bounding box meets the box bound by store::bind_box() at the
/// parameters `first`..`first + 3` (the R*Tree's candidates: the exact test is the caller's).
std::string in_box_sql(const schema::Layer &layer, int first);
void bind_box(sql::Statement &stmt, int first, const Box &box);

// --- reads
// -----------------------------------------------------------------------------------------

/// One feature's geometry: its WKB and its bounding box.
struct WkbGeometry {
    std::vector<unsigned char> wkb;
    Box box;
};
/// The geometry of the feature `id` of `layer`; nothing when there is no such feature or it has
/// no geometry.
std::optional<WkbGeometry> read_wkb(sql::Database &db, const schema::Layer &layer,
                                    std::string_view id);
/// The bounding box of each part of the feature `id` of `layer` (one for a point or polygon, one
/// per polygon of a multipolygon), in order; empty when it has no geometry.
std::vector<Box> part_boxes(sql::Database &db, const schema::Layer &layer, std::string_view id);
/// The parts of the outlines of `layer`'s polygons that run along ±180° (where a polygon was cut,
/// not a coast or a border), one MULTILINESTRING WKT per polygon that has some.
std::vector<std::string> antimeridian_seams_wkt(sql::Database &db, const schema::Layer &layer);

/// A SELECT of `layer` (fid, its columns, geom) for a map view: only the features that reach
/// north of `latitude` (Antarctica's outline, round the pole a conic cannot draw, would cover the
/// map); with `join_across_antimeridian`, its polygons cut at ±180° (Chukotka, cut at ±179.9° in
/// Natural Earth) shifted east of 180° and joined again, so that no seam runs through them. Run
/// by QGIS's SpatiaLite provider (a query layer of the project), so SpatiaLite SQL whatever the
/// store: a store of another kind needs another provider.
std::string map_view_sql(const schema::Layer &layer, double latitude,
                         bool join_across_antimeridian);

/// Whether a full scan of `table` (rowid order) meets its features in id order, asked on a
/// connection of its own so that it runs beside the scan: a walk of the id index, stopped at the
/// first row out of order. Anything that goes wrong reads as "no": the caller then sorts.
bool stored_in_id_order(const std::string &path, const std::string &table);

} // namespace depomap::store
