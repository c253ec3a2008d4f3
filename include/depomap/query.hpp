#pragma once
// Spatial questions asked of a store: nearest, within a radius, inside a region, totals.
// Distances are ellipsoidal WGS84 geodesics in metres.
#include "depomap/geodesic.hpp"
#include "depomap/schema.hpp"
#include "depomap/table.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace depomap {
class Store;
}

namespace depomap::query {

/// A feature as queries see it: its id, name and a point (a polygon's point on its surface).
struct Feature {
    std::string id;
    std::string name;
    geo::LonLat position;
};

/// The features of a layer, ordered by id (so equal distances resolve by id), optionally
/// filtered by a SQL expression on the layer's columns. `field` is the option that named the
/// layer ("layer", or NearestOptions' "from" and "to"), for messages (depomap::option_ref).
std::vector<Feature> read_features(Store &store, const std::string &layer,
                                   const std::optional<std::string> &where = std::nullopt,
                                   const char *field = "layer");

struct NearestOptions {
    std::string from = "deposits";
    std::string to = "processing_sites";
    std::size_t k = 1;
    double max_m = std::numeric_limits<double>::infinity();
    std::optional<std::string> where;    ///< filters `from`
    std::optional<std::string> to_where; ///< filters `to`
    unsigned threads = 0;                ///< 0: every core
    std::size_t block = std::size_t{1} << 16; ///< `from` features read, searched and handed on at a time
};

struct Pair {
    std::uint32_t from;  ///< index into NearestResult::from (NearestBlock::from)
    std::uint32_t to;    ///< index into NearestResult::to (NearestBlock::to)
    std::uint32_t rank;  ///< 1 = nearest
    double distance_m;
    double azimuth_deg;  ///< initial azimuth at `from`, clockwise from north
};

struct NearestResult {
    std::vector<Feature> from, to;
    std::vector<Pair> pairs; ///< by from (in id order), then rank
};

/// For every feature of options.from, its k nearest of options.to by geodesic distance, exact;
/// equal distances go to the smaller id.
NearestResult nearest(Store &store, const NearestOptions &options);

/// Consecutive features of `from`, in id order, with their answers.
struct NearestBlock {
    std::span<const Feature> from;
    std::span<const Feature> to; ///< all of `to`, in id order
    std::span<const Pair> pairs; ///< by from, then rank
};
using NearestSink = std::function<void(const NearestBlock &)>;

/// nearest() handed over a block at a time instead of held: `sink` is called for consecutive
/// blocks in id order, one call after the other, on a worker thread while the next block is read
/// and searched (when the layer is stored in id order; otherwise every block comes once the whole
/// layer is read). A layer with no feature to start from still makes one call, with `to`. An
/// exception from the sink ends the query and is rethrown here.
void nearest_each(Store &store, const NearestOptions &options, const NearestSink &sink);

/// nearest_each() for a sink that can take back what it was given: `restart()` makes it forget
/// every block so far. Knowing that, the answers go out as the layer is read without first
/// making sure that it is stored in id order (a walk of its id index, 0.1 s of a core at a
/// million features). Should a feature come out of id order, `restart()` is called, and the sink
/// then gets every block again, in id order, once the whole layer is read.
void nearest_each(Store &store, const NearestOptions &options, const NearestSink &sink,
                  const std::function<void()> &restart);

struct WithinHit {
    std::uint32_t index; ///< into WithinResult::features
    double distance_m;
    double azimuth_deg;
};

struct WithinResult {
    std::vector<Feature> features;
    std::vector<WithinHit> hits; ///< by distance, then id
};

/// Every feature of `layer` within `radius_m` of `centre`.
WithinResult within(Store &store, const std::string &layer, geo::LonLat centre, double radius_m,
                    const std::optional<std::string> &where = std::nullopt);

/// A line on the ground: its vertices, each joined to the next by the shortest geodesic.
using Polyline = std::vector<geo::LonLat>;

/// The lines of `text`: WKT (LINESTRING or MULTILINESTRING) or the path of a GeoJSON file whose
/// geometries (a geometry, a Feature or a FeatureCollection) are lines, in EPSG:4326. Throws
/// Error naming the file or the text and what is wrong with it.
std::vector<Polyline> read_lines(const std::string &text);

struct CorridorHit {
    std::uint32_t index; ///< into CorridorResult::features
    double distance_m;   ///< to the nearest point of the lines
    geo::LonLat nearest; ///< that point
};

struct CorridorResult {
    std::vector<Feature> features;
    std::vector<CorridorHit> hits; ///< by distance, then id
};

/// Every feature of `layer` within `radius_m` of the lines (geodesic, to the nearest point of any
/// segment: a corridor along a railway, a road or a river).
CorridorResult within_lines(Store &store, const std::string &layer, const std::vector<Polyline> &lines,
                            double radius_m, const std::optional<std::string> &where = std::nullopt);

/// The position of the feature with this id in the point layers (deposits, then
/// processing_sites), or throws Error.
Feature find_feature(Store &store, const std::string &id);

/// Features of `layer` inside (or on the border of) the admin region called `name` (English or
/// local name, ISO code or id). Throws Error when no region or several match.
/// An admin region found by name (as region_by_name finds it) and the box that holds it:
/// W, S, E, N in degrees, E > 180 when it crosses ±180° (its parts joined across the meridian).
struct RegionMatch {
    std::string id, name, level;
    std::array<double, 4> box{};
};
RegionMatch find_region(Store &store, const std::string &name);

Table region_by_name(Store &store, const std::string &layer, const std::string &name,
                     std::string *matched = nullptr);
/// Features of `layer` inside any polygon of the vector file `path` (read through GDAL: after
/// use_gdal(), as a source layer is).
Table region_by_file(Store &store, const std::string &layer, const std::string &path);

/// Count, sum of the layer's measure (contained TREO, capacity) and shares per value of `field`,
/// with a total row.
Table summary(Store &store, const std::string &layer, const std::string &field,
              const std::optional<std::string> &where = std::nullopt);

// ---------------------------------------------------------------------------------------------
// Any source, any answer format. NearestOptions' from and to, and the layer of within, region
// and summary, name a store layer or a GDAL source
// (FILE, FILE|layername=L, /vsizip/..., .zip, .gz, http(s)://), read in place. Reading such a
// source and writing an answer as a layer need GDAL, which the core library does not link: the
// library with GDAL installs both (use_gdal(), src/gdal/query/source.cpp).

/// Whether `value` of a query's layer (from, to, layer) names a store layer (else it is a source path).
bool is_store_layer(const std::string &value);
/// Throws UsageError when `value` (of the option `field`: "layer", "from", "to") names no store
/// layer and cannot be a path either: a bare word, meant as a layer and mistyped.
void refuse_unknown_layer(const std::string &value, const char *field);

/// A source value split at its "|layername=": the path GDAL is to read and the layer named, if
/// any ("a.gpkg|layername=sites": a.gpkg, sites). The one reading of that form, for the queries'
/// layers (from, to, layer) and load's sources.
struct SourceValue {
    std::string path;
    std::optional<std::string> layer;
};
SourceValue split_source_value(const std::string &value);

/// A query's answer as a layer: the columns of its CSV as fields, and per row a point (within,
/// region) or the geodesic line from -> to cut at the antimeridian (nearest), or no geometry
/// (summary, sql: an attribute table).
struct AnswerLayer {
    enum class Shape { none, point, line };
    std::string name;  ///< the layer's name in the output
    std::string style; ///< the shipped style it gets (styles/<style>.qml); empty: none
    std::vector<std::string> columns;
    std::vector<schema::ColumnType> types; ///< per column
    std::vector<std::vector<Cell>> rows;
    Shape shape = Shape::none;
    /// Per row (shape point: one part of one position; line: its parts, one when it does not
    /// cross the antimeridian).
    std::vector<std::vector<std::vector<geo::LonLat>>> geometry;
    /// A streamed answer: `rows` and `geometry` stay empty and each call gives the next row and
    /// its geometry (as `geometry` holds it per row), false after the last. Read once, so that
    /// an answer of any size is never held whole.
    std::function<bool(std::vector<Cell> &row, std::vector<std::vector<geo::LonLat>> &geometry)> next;
};

/// Where an answer layer goes: `path` in `format` (gpkg, geojson, shp, fgb, kml), through
/// export's one output path; `store` and `inputs` are never written over.
struct AnswerTarget {
    std::string path, format;
    bool overwrite = false;
    std::string store;
    std::vector<std::string> inputs;
    std::ostream *stream = nullptr; ///< instead of `path`: standard output
};

/// The parts of the core that GDAL provides, once use_gdal() (or a program's own) installed them.
class Geos; // the region query's prepared area (src/query/region_inside.hpp)

struct GdalAccess {
    /// The features of source `value`, in EPSG:4326 lon/lat, sorted by id; `where` is an OGR
    /// attribute filter; `field` and `where_field` are the options that gave them ("from",
    /// "where"), named in messages (depomap::option_ref).
    std::vector<Feature> (*read_source)(const std::string &value, const std::optional<std::string> &where,
                                        const char *field, const char *where_field);
    /// The rows of source `value` that pass `where`, with or without a geometry: `pick` gets the
    /// source's field names and says which it wants (their positions; it throws to refuse),
    /// then `row` gets each row's values of those fields, NULL, integer, real or text as the
    /// field is typed, one row at a time.
    void (*each_source_row)(const std::string &value, const std::optional<std::string> &where, const char *field,
                            const char *where_field,
                            const std::function<std::vector<int>(const std::vector<std::string> &)> &pick,
                            const std::function<void(const std::vector<Cell> &)> &row);
    /// Writes `answer` as `target` asks.
    void (*write_answer)(const AnswerLayer &answer, const AnswerTarget &target);
    /// Features of source `value` inside the area `geos` holds prepared (the region query).
    Table (*features_inside_source)(const std::string &value, Geos &geos);
    /// Features of `layer` inside the polygons of the file at `path` (region_by_file).
    Table (*region_by_file)(Store &store, const std::string &layer, const std::string &path);
};
void set_gdal_access(const GdalAccess *access);
/// The installed access, or throws Error saying that `what` needs GDAL.
const GdalAccess &gdal_access(const std::string &what);
/// Installs the library's GDAL access (defined in the library with GDAL).
void use_gdal();
/// The local file a source value reads (to keep it from being written over), or "" (a URL).
std::string source_file(const std::string &value);

} // namespace depomap::query
