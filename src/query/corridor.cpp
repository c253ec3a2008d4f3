// Corridors: every feature within a distance of a line, geodesic to the nearest point of any
// segment. The index narrows each segment's candidates to a circle around its midpoint (a point
// within D of the segment is within D + half its length of the midpoint); each candidate gets
// the exact distance to the segment (geo::GeodesicSegment, set up once per segment).
#include "depomap/error.hpp"
#include "depomap/geo_index.hpp"
#include "depomap/query.hpp"
#include "util/text.hpp"

#include <geos_c.h>

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fstream>
#include <functional>
#include <limits>
#include <memory>
#include <sstream>

namespace depomap::query {
namespace {

/// A GEOS context for reading one text, with its own error message kept.
class GeosReader {
  public:
    GeosReader() : ctx_(GEOS_init_r()) {
        if (!ctx_) throw Error("cannot start GEOS");
        GEOSContext_setErrorMessageHandler_r(ctx_, &GeosReader::record, &message_);
    }
    ~GeosReader() { GEOS_finish_r(ctx_); }
    GeosReader(const GeosReader &) = delete;
    GeosReader &operator=(const GeosReader &) = delete;

    struct Deleter {
        GEOSContextHandle_t ctx;
        void operator()(GEOSGeometry *g) const { GEOSGeom_destroy_r(ctx, g); }
    };
    using GeomPtr = std::unique_ptr<GEOSGeometry, Deleter>;

    GeomPtr wkt(const std::string &text) {
        GEOSWKTReader *reader = GEOSWKTReader_create_r(ctx_);
        GEOSGeometry *g = GEOSWKTReader_read_r(ctx_, reader, text.c_str());
        GEOSWKTReader_destroy_r(ctx_, reader);
        return GeomPtr(g, Deleter{ctx_});
    }
    GeomPtr geojson(const std::string &text) {
        GEOSGeoJSONReader *reader = GEOSGeoJSONReader_create_r(ctx_);
        GEOSGeometry *g = GEOSGeoJSONReader_readGeometry_r(ctx_, reader, text.c_str());
        GEOSGeoJSONReader_destroy_r(ctx_, reader);
        return GeomPtr(g, Deleter{ctx_});
    }
    GEOSContextHandle_t ctx() const { return ctx_; }
    const std::string &message() const { return message_; }

  private:
    static void record(const char *message, void *userdata) {
        *static_cast<std::string *>(userdata) = message ? message : "";
    }
    GEOSContextHandle_t ctx_;
    std::string message_;
};

/// The lines of `g` (a LineString, a MultiLineString, or a collection of them) appended to `out`;
/// false when it holds anything else.
bool collect_lines(GEOSContextHandle_t ctx, const GEOSGeometry *g, std::vector<Polyline> &out) {
    const int type = GEOSGeomTypeId_r(ctx, g);
    if (type == GEOS_LINESTRING) {
        const GEOSCoordSequence *seq = GEOSGeom_getCoordSeq_r(ctx, g);
        unsigned int n = 0;
        GEOSCoordSeq_getSize_r(ctx, seq, &n);
        Polyline line(n);
        for (unsigned int i = 0; i < n; ++i) GEOSCoordSeq_getXY_r(ctx, seq, i, &line[i].lon, &line[i].lat);
        if (!line.empty()) out.push_back(std::move(line));
        return true;
    }
    if (type == GEOS_MULTILINESTRING || type == GEOS_GEOMETRYCOLLECTION) {
        for (int i = 0; i < GEOSGetNumGeometries_r(ctx, g); ++i) {
            if (!collect_lines(ctx, GEOSGetGeometryN_r(ctx, g, i), out)) return false;
        }
        return true;
    }
    return false;
}

/// WKT: a word of letters and then "(" or " EMPTY" (a path rarely looks like that).
bool looks_like_wkt(std::string_view text) {
    text = util::trim(text);
    std::size_t i = 0;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    if (i == 0) return false;
    const std::string rest = util::to_lower(util::trim(text.substr(i)));
    return rest.starts_with("(") || rest.starts_with("empty") || rest.starts_with("z") || rest.starts_with("m");
}

std::string read_file(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot read the line file (a GeoJSON file, or give the line as WKT)");
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void check_lines(const std::vector<Polyline> &lines, const std::string &where) {
    if (lines.empty()) throw Error(where + ": no line in it");
    for (const auto &line : lines) {
        for (const auto &p : line) {
            if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || std::abs(p.lon) > 180 || std::abs(p.lat) > 90) {
                throw Error(where + ": vertex (" + std::to_string(p.lon) + ", " + std::to_string(p.lat) +
                            ") is not a longitude, latitude in EPSG:4326");
            }
        }
    }
}

} // namespace

std::vector<Polyline> read_lines(const std::string &text) {
    const bool wkt = looks_like_wkt(text);
    const std::string where = wkt ? "line '" + util::excerpt(text, 40) + "'" : text;
    GeosReader geos;
    auto g = wkt ? geos.wkt(text) : geos.geojson(read_file(text));
    if (!g) {
        throw Error(where + ": " + (wkt ? "not WKT GEOS can read" : "not GeoJSON GEOS can read") +
                    (geos.message().empty() ? "" : " (" + geos.message() + ")"));
    }
    std::vector<Polyline> lines;
    if (!collect_lines(geos.ctx(), g.get(), lines)) {
        throw Error(where + ": holds a geometry that is not a line (LineString or MultiLineString)");
    }
    check_lines(lines, where);
    return lines;
}

CorridorResult within_lines(Store &store, const std::string &layer, const std::vector<Polyline> &lines,
                            double radius_m, const std::optional<std::string> &where) {
    if (!(radius_m >= 0) || !std::isfinite(radius_m)) throw UsageError("the distance must be finite and >= 0");
    CorridorResult result;
    result.features = read_features(store, layer, where);
    if (result.features.empty()) return result;
    std::vector<geo::LonLat> points;
    points.reserve(result.features.size());
    for (const auto &f : result.features) points.push_back(f.position);
    const GeoIndex index(points);

    constexpr double none = std::numeric_limits<double>::infinity();
    std::vector<CorridorHit> best(points.size(), CorridorHit{0, none, {}});
    const std::function<void(geo::LonLat, geo::LonLat)> segment = [&](geo::LonLat a, geo::LonLat b) {
        const geo::GeodesicSegment ab(a, b);
        const double length = ab.length_m();
        if (length > 5e6) { // GeodesicSegment::distance_to wants segments under half a meridian
            const auto pieces = geo::densify(a, b, 5e6);
            for (std::size_t i = 1; i < pieces.size(); ++i) segment(pieces[i - 1], pieces[i]);
            return;
        }
        for (const auto &hit : index.within(ab.at(length / 2), radius_m + length / 2 + 1.0)) {
            const auto d = ab.distance_to(points[hit.index]);
            if (d.distance_m < best[hit.index].distance_m) best[hit.index] = {hit.index, d.distance_m, d.nearest};
        }
    };
    for (const auto &line : lines) {
        if (line.size() == 1) segment(line[0], line[0]);
        for (std::size_t i = 1; i < line.size(); ++i) segment(line[i - 1], line[i]);
    }
    for (std::uint32_t i = 0; i < best.size(); ++i) {
        if (best[i].distance_m <= radius_m) result.hits.push_back({i, best[i].distance_m, best[i].nearest});
    }
    std::ranges::sort(result.hits, [&](const CorridorHit &x, const CorridorHit &y) {
        if (x.distance_m != y.distance_m) return x.distance_m < y.distance_m;
        return result.features[x.index].id < result.features[y.index].id;
    });
    return result;
}

} // namespace depomap::query
