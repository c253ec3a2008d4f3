// The region query's part that reads through GDAL: a polygon file as the region, and a source
// read in place as the layer searched (src/query/region.cpp calls them by gdal_access).
#include "gdal/query/region_files.hpp"

#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "depomap/store.hpp"
#include "gdal/io/gdal.hpp"
#include "gdal/query/source.hpp"
#include "query/region_inside.hpp"

#include <geos_c.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <memory>
#include <string>

namespace depomap::query {

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

Table region_by_file_read(Store &store, const std::string &layer_name, const std::string &path) {
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
