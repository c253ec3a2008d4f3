// Features inside an admin region or a polygon file: GEOS prepared geometries over R*Tree
// candidates. A point on the border counts as inside (covers, not contains).
#include "depomap/antimeridian.hpp"
#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"
#include "gdal/io/gdal.hpp"
#include "gdal/query/source.hpp"
#include "store/geometry_blob.hpp"
#include "store/spatial_sql.hpp"
#include "util/fold.hpp"

#include <geos_c.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <memory>
#include <string_view>

namespace depomap::query {
namespace {

using sql::quote_identifier;

/// A GEOS context with the geometries it owns.
class Geos {
  public:
    Geos() : ctx_(GEOS_init_r()) {
        if (!ctx_) throw Error("cannot start GEOS");
    }
    ~Geos() {
        if (prepared_) GEOSPreparedGeom_destroy_r(ctx_, prepared_);
        geometries_.clear();
        GEOS_finish_r(ctx_);
    }
    Geos(const Geos &) = delete;
    Geos &operator=(const Geos &) = delete;

    GEOSContextHandle_t ctx() const { return ctx_; }

    struct GeomDeleter {
        GEOSContextHandle_t ctx;
        void operator()(GEOSGeometry *g) const { GEOSGeom_destroy_r(ctx, g); }
    };
    using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

    GeomPtr own(GEOSGeometry *g) {
        if (!g) throw Error("GEOS could not build a geometry");
        return GeomPtr(g, GeomDeleter{ctx_});
    }

    GeomPtr from_wkb(std::span<const unsigned char> wkb) {
        auto *reader = GEOSWKBReader_create_r(ctx_);
        GEOSGeometry *g = GEOSWKBReader_read_r(ctx_, reader, wkb.data(), wkb.size());
        GEOSWKBReader_destroy_r(ctx_, reader);
        return own(g);
    }

    /// Keeps `area` and prepares it for repeated predicates.
    void prepare(GeomPtr area) {
        geometries_.push_back(std::move(area));
        if (prepared_) GEOSPreparedGeom_destroy_r(ctx_, prepared_);
        prepared_ = GEOSPrepare_r(ctx_, geometries_.back().get());
        if (!prepared_) throw Error("GEOS could not prepare the region");
    }

    bool covers_point(double x, double y) {
        auto p = own(GEOSGeom_createPointFromXY_r(ctx_, x, y));
        return GEOSPreparedCovers_r(ctx_, prepared_, p.get()) == 1;
    }
    bool intersects(const GEOSGeometry *g) {
        return GEOSPreparedIntersects_r(ctx_, prepared_, g) == 1;
    }

  private:
    GEOSContextHandle_t ctx_;
    std::vector<GeomPtr> geometries_;
    const GEOSPreparedGeometry *prepared_ = nullptr; ///< owned; refers to geometries_.back()
};

const schema::Layer &spatial(const std::string &name) {
    const auto *layer = schema::find_layer(name);
    if (!layer || layer->geometry == schema::GeometryType::none) {
        throw BadValue("layer", name,
                       "no such spatial layer (deposits, processing_sites, reserve_areas, admin_regions)");
    }
    return *layer;
}

const schema::Layer &admin_regions() { return *schema::find_layer("admin_regions"); }

Table features_inside(Store &store, const schema::Layer &layer, Geos &geos, double min_x,
                      double min_y, double max_x, double max_y) {
    std::vector<std::string> columns{"id", "name"};
    for (const char *c : {"country_iso3", "region", "kind", "status", "stage", "level",
                          "contained_treo_t", "capacity_tpa", "area_km2"}) {
        if (schema::find_column(layer, c)) columns.emplace_back(c);
    }
    std::string select;
    for (const auto &c : columns) select += quote_identifier(c) + ", ";
    const bool points = layer.geometry == schema::GeometryType::point;
    select += points ? store::representative_point_sql(layer)
                     : store::wkb_sql() + ", " + store::representative_point_sql(layer);
    auto stmt = store.db().prepare("SELECT " + select + " FROM " + quote_identifier(layer.name) + " WHERE " +
                                   store::in_box_sql(layer, 1) + " ORDER BY id");
    store::bind_box(stmt, 1, {min_x, min_y, max_x, max_y});

    Table table;
    table.columns = columns;
    table.columns.emplace_back("lon");
    table.columns.emplace_back("lat");
    const int geom = static_cast<int>(columns.size());
    while (stmt.step()) {
        std::optional<std::pair<double, double>> xy;
        if (points) {
            xy = store::decode_point(stmt.column_blob(geom));
            if (!xy || !geos.covers_point(xy->first, xy->second)) continue;
        } else {
            auto g = geos.from_wkb(stmt.column_blob(geom));
            if (!geos.intersects(g.get())) continue;
            xy = store::decode_point(stmt.column_blob(geom + 1));
        }
        auto &row = table.rows.emplace_back();
        for (int i = 0; i < geom; ++i) {
            switch (stmt.column_type(i)) {
            case 5: // SQLITE_NULL
                row.emplace_back(nullptr);
                break;
            case 1: // SQLITE_INTEGER
                row.emplace_back(stmt.column_int(i));
                break;
            case 2: // SQLITE_FLOAT
                row.emplace_back(stmt.column_double(i));
                break;
            default:
                row.emplace_back(stmt.column_text(i));
            }
        }
        if (xy) {
            row.emplace_back(xy->first);
            row.emplace_back(xy->second);
        } else {
            row.emplace_back(nullptr);
            row.emplace_back(nullptr);
        }
    }
    return table;
}

/// Features of the source `value` (the layer, read in place) inside the prepared area: the columns
/// of features_inside that the source has, in id order.
Table features_inside_source(const std::string &value, Geos &geos) {
    Table table;
    std::vector<int> fields; // per column after id and name, its field in the source
    const auto columns = [&](const OGRFeatureDefn &defn) {
        table.columns = {"id", "name"};
        for (const char *c : {"country_iso3", "region", "kind", "status", "stage", "level", "contained_treo_t",
                              "capacity_tpa", "area_km2"}) {
            if (const int i = defn.GetFieldIndex(c); i >= 0) {
                table.columns.emplace_back(c);
                fields.push_back(i);
            }
        }
        table.columns.emplace_back("lon");
        table.columns.emplace_back("lat");
    };
    const auto each = [&](const SourceFeature &f) {
        const auto type = wkbFlatten(f.geometry.getGeometryType());
        if (type == wkbPoint) {
            const auto *p = f.geometry.toPoint();
            if (!geos.covers_point(p->getX(), p->getY())) return;
        } else {
            auto *g = f.geometry.exportToGEOS(geos.ctx());
            if (!g)
                throw Error(option_ref("layer") + " '" + value + "', feature '" + f.id +
                            "': a geometry GEOS cannot read");
            if (!geos.intersects(geos.own(g).get())) return;
        }
        auto &row = table.rows.emplace_back();
        row.emplace_back(f.id);
        row.emplace_back(f.name);
        for (const int i : fields) {
            const auto kind = f.feature.GetFieldDefnRef(i)->GetType();
            if (!f.feature.IsFieldSetAndNotNull(i)) row.emplace_back(nullptr);
            else if (kind == OFTInteger || kind == OFTInteger64) row.emplace_back(static_cast<std::int64_t>(f.feature.GetFieldAsInteger64(i)));
            else if (kind == OFTReal) row.emplace_back(f.feature.GetFieldAsDouble(i));
            else row.emplace_back(std::string(f.feature.GetFieldAsString(i)));
        }
        const auto xy = point_of(f.geometry);
        row.emplace_back(xy ? Cell(xy->lon) : Cell(nullptr));
        row.emplace_back(xy ? Cell(xy->lat) : Cell(nullptr));
    };
    each_source_feature(value, std::nullopt, "layer", "where", columns, each);
    std::ranges::stable_sort(table.rows, [](const std::vector<Cell> &a, const std::vector<Cell> &b) {
        return std::get<std::string>(a[0]) < std::get<std::string>(b[0]);
    });
    return table;
}

/// Features of `layer_name` (a store layer or a source) inside the prepared area, which lies in
/// the box min_x..max_y.
Table inside(Store &store, const std::string &layer_name, Geos &geos, double min_x, double min_y, double max_x,
             double max_y) {
    if (!is_store_layer(layer_name)) return features_inside_source(layer_name, geos);
    return features_inside(store, spatial(layer_name), geos, min_x, min_y, max_x, max_y);
}

/// One admin region and every name it answers to, folded (util::fold_name).
struct RegionNames {
    std::string id, name, level;
    std::string code;               ///< id and ISO code, upper-case ASCII
    std::string iso;                ///< ISO code, upper-case ASCII
    std::vector<std::string> names; ///< name, local name, the alternates of name_alt
};

std::string upper_ascii(std::string text) {
    for (auto &c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::vector<RegionNames> read_region_names(Store &store) {
    auto stmt = store.db().prepare(
        "SELECT id, name, level, iso_code, name_local, name_alt FROM admin_regions "
        "ORDER BY level, id");
    std::vector<RegionNames> regions;
    while (stmt.step()) {
        RegionNames &r = regions.emplace_back();
        r.id = stmt.column_text(0);
        r.name = stmt.column_text(1);
        r.level = stmt.column_text(2);
        r.code = upper_ascii(r.id);
        r.iso = upper_ascii(stmt.column_text(3));
        for (std::string_view text : {r.name, stmt.column_text(4)}) {
            if (!text.empty()) r.names.push_back(util::fold_name(text));
        }
        // The alternates, '|'-separated (geodata/region_names.csv, carried by the atlas layer).
        const std::string alternates = stmt.column_text(5);
        for (std::size_t start = 0; start < alternates.size();) {
            const std::size_t bar = std::min(alternates.find('|', start), alternates.size());
            if (bar > start) r.names.push_back(util::fold_name(alternates.substr(start, bar - start)));
            start = bar + 1;
        }
    }
    return regions;
}

/// The regions `name` means, best tier first: an id, then an ISO code, then a whole name (any
/// spelling the layer carries, folded), then a part of a name. Only the first tier that matches
/// counts.
std::vector<const RegionNames *> match_regions(const std::vector<RegionNames> &regions, const std::string &name) {
    const std::string code = upper_ascii(name);
    const std::string folded = util::fold_name(name);
    using Test = std::function<bool(const RegionNames &)>;
    const Test tiers[] = {
        [&](const RegionNames &r) { return r.code == code; },
        [&](const RegionNames &r) { return !r.iso.empty() && r.iso == code; },
        [&](const RegionNames &r) { return std::ranges::find(r.names, folded) != r.names.end(); },
        [&](const RegionNames &r) {
            return !folded.empty() &&
                   std::ranges::any_of(r.names, [&](const std::string &n) { return n.find(folded) != n.npos; });
        },
    };
    std::vector<const RegionNames *> found;
    for (const auto &test : tiers) {
        for (const auto &r : regions) {
            if (test(r)) found.push_back(&r);
        }
        if (!found.empty()) break;
    }
    return found;
}

} // namespace

namespace {

const RegionNames &lookup(const std::vector<RegionNames> &regions, const std::string &name) {
    if (regions.empty()) {
        throw Error("the store has no admin regions to look '" + name +
                    "' up in: load a layer of them into admin_regions (a store made with the atlas has the atlas's)");
    }
    const auto found = match_regions(regions, name);
    if (found.empty()) {
        throw Error("'" + name + "': no admin region has this name (English, local or alternate), id or ISO code");
    }
    if (found.size() > 1) {
        std::string list;
        for (std::size_t i = 0; i < found.size() && i < 8; ++i) {
            list += (i ? ", " : "") + found[i]->id + " (" + found[i]->name + ", " + found[i]->level + ")";
        }
        if (found.size() > 8) list += ", ...";
        throw Error("'" + name + "' matches " + std::to_string(found.size()) + " admin regions: " + list +
                    "; give the id or ISO code");
    }
    return *found.front();
}

} // namespace

RegionMatch find_region(Store &store, const std::string &name) {
    const auto regions = read_region_names(store);
    const RegionNames &region = lookup(regions, name);
    RegionMatch match{region.id, region.name, region.level, {}};
    // Each part's box: a region cut at ±180° (Chukotka, Russia) is joined across the meridian.
    std::vector<std::pair<double, double>> longitudes;
    double south = 90, north = -90;
    for (const auto &part : store::part_boxes(store.db(), admin_regions(), region.id)) {
        longitudes.emplace_back(part.min_x, part.max_x);
        south = std::min(south, part.min_y);
        north = std::max(north, part.max_y);
    }
    if (longitudes.empty()) throw Error("admin region " + region.id + " has no geometry");
    const auto [west, east] = geo::covering_longitudes(std::move(longitudes));
    match.box = {west, south, east, north};
    return match;
}

Table region_by_name(Store &store, const std::string &layer_name, const std::string &name,
                     std::string *matched) {
    if (is_store_layer(layer_name)) spatial(layer_name); // refused before anything is read
    const auto regions = read_region_names(store);
    const RegionNames &region = lookup(regions, name);
    const auto area = store::read_wkb(store.db(), admin_regions(), region.id);
    if (!area) throw Error("admin region " + region.id + " has no geometry");
    Geos geos;
    geos.prepare(geos.from_wkb(area->wkb));
    if (matched) *matched = region.id + " (" + region.name + ")";
    return inside(store, layer_name, geos, area->box.min_x, area->box.min_y, area->box.max_x, area->box.max_y);
}

Table region_by_file(Store &store, const std::string &layer_name, const std::string &path) {
    if (is_store_layer(layer_name)) spatial(layer_name);
    auto ds = io::open_vector(path);
    Geos geos;
    std::vector<Geos::GeomPtr> parts;
    OGREnvelope envelope;
    bool any = false;
    for (auto *source : ds->GetLayers()) {
        io::TransformPtr ct;
        if (const auto *srs = source->GetSpatialRef()) ct = io::make_transform(*srs, io::wgs84());
        for (auto &feature : *source) {
            auto *g = feature->GetGeometryRef();
            if (!g || g->IsEmpty()) continue;
            const auto type = wkbFlatten(g->getGeometryType());
            if (type != wkbPolygon && type != wkbMultiPolygon) continue;
            std::unique_ptr<OGRGeometry> copy(g->clone());
            if (ct && copy->transform(ct.get()) != OGRERR_NONE) {
                throw Error(path + ": feature " + std::to_string(feature->GetFID()) +
                            ": cannot transform to EPSG:4326");
            }
            OGREnvelope e;
            copy->getEnvelope(&e);
            envelope.Merge(e);
            any = true;
            auto *part = copy->exportToGEOS(geos.ctx());
            if (!part) {
                throw Error(path + ": feature " + std::to_string(feature->GetFID()) +
                            ": polygon GEOS cannot read");
            }
            parts.push_back(geos.own(part));
        }
    }
    if (!any) throw Error(path + ": no polygon in the file");
    // The collection takes ownership of its parts.
    std::vector<GEOSGeometry *> raw;
    for (auto &p : parts) raw.push_back(p.release());
    auto collection = geos.own(GEOSGeom_createCollection_r(
        geos.ctx(), GEOS_GEOMETRYCOLLECTION, raw.data(), static_cast<unsigned>(raw.size())));
    geos.prepare(geos.own(GEOSUnaryUnion_r(geos.ctx(), collection.get())));
    return inside(store, layer_name, geos, envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY);
}

} // namespace depomap::query
