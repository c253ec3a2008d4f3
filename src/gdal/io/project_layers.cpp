#include "gdal/io/project_layers.hpp"

#include "depomap/antimeridian.hpp"
#include "depomap/error.hpp"
#include "depomap/geodesic.hpp"
#include "gdal/io/gdal.hpp"
#include "gdal/io/layer_styles.hpp"
#include "gdal/io/sink.hpp"

#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <cmath>

namespace depomap::io {
namespace {

namespace fs = std::filesystem;

std::string reason(const GdalErrors &errors) {
    auto text = errors.last_error();
    return text.empty() ? "GDAL gave no reason" : text;
}

OGRLayer &create_layer(GDALDataset &ds, const char *name, OGRwkbGeometryType type, const GdalErrors &errors) {
    CPLStringList lco;
    lco.SetNameValue("GEOMETRY_NAME", "geom");
    lco.SetNameValue("FID", "fid");
    OGRSpatialReference srs(wgs84());
    OGRLayer *layer = ds.CreateLayer(name, &srs, type, lco.List());
    if (!layer) throw Error(std::string(name) + ": cannot create the layer: " + reason(errors));
    return *layer;
}

void add_field(OGRLayer &layer, const char *name, OGRFieldType type, const GdalErrors &errors) {
    OGRFieldDefn f(name, type);
    if (layer.CreateField(&f) != OGRERR_NONE) throw Error(std::string(name) + ": " + reason(errors));
}

double rounded(double v, double unit) { return std::round(v / unit) * unit; }

void write_links(GDALDataset &ds, const query::NearestResult &links, const GdalErrors &errors) {
    OGRLayer &layer = create_layer(ds, supply_links_layer, wkbMultiLineString, errors);
    add_field(layer, "from_id", OFTString, errors);
    add_field(layer, "to_id", OFTString, errors);
    add_field(layer, "rank", OFTInteger, errors);
    add_field(layer, "distance_m", OFTReal, errors);
    add_field(layer, "distance_km", OFTReal, errors);
    add_field(layer, "azimuth_deg", OFTReal, errors);
    add_field(layer, "from_name", OFTString, errors);
    add_field(layer, "to_name", OFTString, errors);
    for (const auto &p : links.pairs) {
        const auto &a = links.from[p.from];
        const auto &b = links.to[p.to];
        OGRMultiLineString lines;
        for (const auto &part : geo::split_at_antimeridian(geo::densify(a.position, b.position, 25000.0))) {
            OGRLineString line;
            for (const auto &point : part) line.addPoint(point.lon, point.lat);
            lines.addGeometry(&line);
        }
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer.GetLayerDefn()));
        f->SetField("from_id", a.id.c_str());
        f->SetField("to_id", b.id.c_str());
        f->SetField("rank", static_cast<int>(p.rank));
        f->SetField("distance_m", rounded(p.distance_m, 0.001));
        f->SetField("distance_km", rounded(p.distance_m / 1000, 0.001));
        f->SetField("azimuth_deg", rounded(p.azimuth_deg, 0.01));
        f->SetField("from_name", a.name.c_str());
        f->SetField("to_name", b.name.c_str());
        f->SetGeometry(&lines);
        if (layer.CreateFeature(f.get()) != OGRERR_NONE)
            throw Error(std::string(supply_links_layer) + ": cannot write " + a.id + " → " + b.id + ": " +
                        reason(errors));
    }
}

/// The globe: up the meridian -180° to the north pole, along the pole, down 180°, back along the
/// south pole; a point every degree.
void write_globe(GDALDataset &ds, const GdalErrors &errors) {
    OGRLayer &layer = create_layer(ds, globe_layer, wkbPolygon, errors);
    OGRLinearRing ring;
    for (int lat = -90; lat <= 90; ++lat) ring.addPoint(-180, lat);
    for (int lon = -179; lon <= 180; ++lon) ring.addPoint(lon, 90);
    for (int lat = 89; lat >= -90; --lat) ring.addPoint(180, lat);
    for (int lon = 179; lon >= -180; --lon) ring.addPoint(lon, -90);
    OGRPolygon globe;
    globe.addRing(&ring);
    OGRFeatureUniquePtr f(OGRFeature::CreateFeature(layer.GetLayerDefn()));
    f->SetGeometry(&globe);
    if (layer.CreateFeature(f.get()) != OGRERR_NONE)
        throw Error(std::string(globe_layer) + ": cannot write: " + reason(errors));
}

} // namespace

void write_project_layers(const fs::path &path, const query::NearestResult &links,
                          const std::optional<std::string> &links_qml) {
    ensure_gdal();
    auto *driver = GetGDALDriverManager()->GetDriverByName("GPKG");
    if (!driver) throw Error("GDAL has no GPKG driver");
    GdalErrors errors;
    GDALDatasetUniquePtr ds(driver->Create(path.c_str(), 0, 0, 0, GDT_Unknown, nullptr));
    if (!ds) throw Error(path.filename().string() + ": cannot create: " + reason(errors));
    const bool transaction = ds->StartTransaction(FALSE) == OGRERR_NONE;
    write_links(*ds, links, errors);
    write_globe(*ds, errors);
    if (transaction && ds->CommitTransaction() != OGRERR_NONE)
        throw Error(path.filename().string() + ": commit failed: " + reason(errors));
    if (links_qml) write_layer_styles(*ds, {{supply_links_layer, "geom", supply_links_layer, *links_qml}}, true);
    ds->FlushCache(true);
    GDALClose(GDALDataset::ToHandle(ds.release()));
    if (!errors.last_error().empty()) throw Error(path.filename().string() + ": closing failed: " + errors.last_error());
    check_space_left(path);
}

} // namespace depomap::io
