// Features inside an admin region or a polygon file: GEOS prepared geometries over R*Tree
// candidates. A point on the border counts as inside (covers, not contains).
#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"
#include "io/gdal.hpp"
#include "store/geometry_blob.hpp"

#include <geos_c.h>
#include <ogrsf_frmts.h>

#include <memory>

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
        throw UsageError("--layer '" + name +
                         "': no such spatial layer (deposits, processing_sites, reserve_areas, admin_regions)");
    }
    return *layer;
}

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
    select += points ? "geom" : "AsBinary(geom), ST_PointOnSurface(geom)";
    auto stmt = store.db().prepare(
        "SELECT " + select + " FROM " + quote_identifier(layer.name) +
        " WHERE fid IN (SELECT pkid FROM " + quote_identifier("idx_" + std::string(layer.name) + "_geom") +
        " WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ?) ORDER BY id");
    stmt.bind(1, min_x).bind(2, max_x).bind(3, min_y).bind(4, max_y);

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

} // namespace

Table region_by_name(Store &store, const std::string &layer_name, const std::string &name,
                     std::string *matched) {
    const auto &layer = spatial(layer_name);
    auto &db = store.db();
    const std::string columns = "SELECT id, name, level, AsBinary(geom), MbrMinX(geom), "
                                "MbrMinY(geom), MbrMaxX(geom), MbrMaxY(geom) FROM admin_regions ";
    // An exact id wins; then names and ISO codes; then parts of names.
    auto by_id = db.prepare(columns + "WHERE upper(id) = upper(?1)");
    by_id.bind(1, name);
    auto exact = db.prepare(columns +
                            "WHERE lower(name) = lower(?1) OR lower(name_local) = lower(?1) OR "
                            "upper(iso_code) = upper(?1) ORDER BY level, id");
    exact.bind(1, name);
    struct Candidate {
        std::string id, name, level;
    };
    std::vector<Candidate> found;
    Geos geos;
    double box[4] = {0, 0, 0, 0};
    auto take = [&](sql::Statement &stmt) {
        while (stmt.step()) {
            found.push_back({stmt.column_text(0), stmt.column_text(1), stmt.column_text(2)});
            if (found.size() == 1) {
                geos.prepare(geos.from_wkb(stmt.column_blob(3)));
                for (int i = 0; i < 4; ++i) box[i] = stmt.column_double(4 + i);
            }
        }
    };
    take(by_id);
    if (found.empty()) take(exact);
    if (found.empty()) {
        auto partial = db.prepare(columns +
                                  "WHERE name LIKE '%' || ?1 || '%' OR name_local LIKE '%' || ?1 || '%' "
                                  "ORDER BY level, id");
        partial.bind(1, name);
        take(partial);
    }
    if (found.empty()) {
        throw Error("--name '" + name + "': no admin region has this name, local name or ISO code");
    }
    // A country and a region may share a name (or ISO code): prefer the country only when the
    // match is otherwise unique per level.
    if (found.size() > 1) {
        std::string list;
        for (std::size_t i = 0; i < found.size() && i < 8; ++i) {
            list += (i ? ", " : "") + found[i].id + " (" + found[i].name + ", " + found[i].level + ")";
        }
        throw Error("--name '" + name + "' matches " + std::to_string(found.size()) +
                    " regions: " + list + "; give the id or ISO code");
    }
    if (matched) *matched = found.front().id + " (" + found.front().name + ")";
    return features_inside(store, layer, geos, box[0], box[1], box[2], box[3]);
}

Table region_by_file(Store &store, const std::string &layer_name, const std::string &path) {
    const auto &layer = spatial(layer_name);
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
    return features_inside(store, layer, geos, envelope.MinX, envelope.MinY, envelope.MaxX,
                           envelope.MaxY);
}

} // namespace depomap::query
