// output/formats: the one table of output formats (names, extensions, streams) and the creation
// options it gives GDAL, checked on files GDAL writes with them.
#include "gdal/output/formats.hpp"

#include "depomap/error.hpp"
#include "gdal/output/gdal_layer_writer.hpp"
#include "test_dir.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

namespace {

namespace fs = std::filesystem;
using depomap::resolve_format;
using depomap::output::LayerSettings;

GDALDatasetUniquePtr open(const fs::path &path) {
    GDALAllRegister();
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

TEST(OutputFormats, EveryNameAndExtensionFindsItsDriver) {
    EXPECT_EQ(resolve_format(" SpatiaLite ").driver, "SQLite");
    EXPECT_EQ(resolve_format("esri shapefile").driver, "ESRI Shapefile");
    EXPECT_EQ(resolve_format("json").driver, "GeoJSON");
    EXPECT_THROW(resolve_format("dxf"), depomap::UsageError);
    EXPECT_EQ(depomap::format_from_extension("a.DB")->driver, "SQLite");
    EXPECT_EQ(depomap::format_from_extension("a.json")->driver, "GeoJSON");
    EXPECT_EQ(depomap::format_from_extension("a.geojson")->driver, "GeoJSON");
    EXPECT_NE(depomap::output::format_list().find("FlatGeobuf"), std::string::npos);
}

TEST(OutputFormats, OnlyFormatsWrittenStartToEndTakeAStream) {
    for (const auto *name : {"geojson", "csv", "kml", "fgb"}) {
        EXPECT_TRUE(depomap::output::stream_allowed(resolve_format(name))) << name;
    }
    for (const auto *name : {"gpkg", "sqlite", "shp"}) {
        EXPECT_FALSE(depomap::output::stream_allowed(resolve_format(name))) << name;
    }
}

TEST(OutputFormats, TheFidColumnAvoidsAFieldOfItsName) {
    using depomap::output::fid_column;
    EXPECT_EQ(fid_column({}), "fid");
    EXPECT_EQ(fid_column({"id", "name"}), "fid");
    EXPECT_EQ(fid_column({"FID"}), "fid_1");
    EXPECT_EQ(fid_column({"fid", "Fid_1"}), "fid_2");
}

TEST(OutputFormats, LayerOptionsPerDriver) {
    auto geojson = depomap::output::layer_options(resolve_format("geojson"), {wkbPoint, 5, true, {}});
    EXPECT_STREQ(geojson.FetchNameValue("RFC7946"), "YES");
    EXPECT_STREQ(geojson.FetchNameValue("COORDINATE_PRECISION"), "5");
    auto gpkg = depomap::output::layer_options(resolve_format("gpkg"), {wkbPoint, 7, false, {"fid"}});
    EXPECT_STREQ(gpkg.FetchNameValue("GEOMETRY_NAME"), "geom");
    EXPECT_STREQ(gpkg.FetchNameValue("FID"), "fid_1");
    auto csv_points = depomap::output::layer_options(resolve_format("csv"), {wkbPoint, 7, false, {}});
    EXPECT_STREQ(csv_points.FetchNameValue("GEOMETRY"), "AS_XY");
    auto csv_lines = depomap::output::layer_options(resolve_format("csv"), {wkbMultiLineString, 7, false, {}});
    EXPECT_STREQ(csv_lines.FetchNameValue("GEOMETRY"), "AS_WKT");
    auto csv_table = depomap::output::layer_options(resolve_format("csv"), {wkbNone, 7, false, {}});
    EXPECT_EQ(csv_table.FetchNameValue("GEOMETRY"), nullptr);
    EXPECT_STREQ(depomap::output::layer_options(resolve_format("shp"), {}).FetchNameValue("ENCODING"), "UTF-8");
    EXPECT_STREQ(depomap::output::dataset_options(resolve_format("sqlite")).FetchNameValue("SPATIALITE"), "YES");
    EXPECT_EQ(depomap::output::dataset_options(resolve_format("gpkg")).FetchNameValue("SPATIALITE"), nullptr);
}

TEST(OutputFormats, GdalWritesWhatTheOptionsSay) {
    const auto dir = depomap::test::test_dir();
    {
        depomap::output::GdalLayerWriter out(resolve_format("sqlite"), dir / "s.sqlite", "s.sqlite");
        (void)out.create_layer("pts", &depomap::io::wgs84(), {wkbPoint, 7, false, {}}, "pts");
        out.close();
    }
    auto sqlite = open(dir / "s.sqlite");
    ASSERT_TRUE(sqlite);
    // SPATIALITE=YES: SpatiaLite's own tables, and the geometry column named as the store's.
    EXPECT_NE(sqlite->GetLayerByName("spatial_ref_sys"), nullptr);
    EXPECT_STREQ(sqlite->GetLayerByName("pts")->GetGeometryColumn(), "geom");
    {
        depomap::output::GdalLayerWriter out(resolve_format("csv"), dir / "p.csv", "p.csv");
        OGRLayer &layer = out.create_layer("p", &depomap::io::wgs84(), {wkbPoint, 7, false, {}}, "p");
        OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer.GetLayerDefn()));
        feature->SetGeometryDirectly(new OGRPoint(37.5, 55.25));
        depomap::io::GdalErrors errors;
        out.write(layer, *feature, errors, [] { return std::string("p"); });
        out.close();
    }
    EXPECT_TRUE(fs::exists(dir / "p.csvt")); // CREATE_CSVT=YES
    auto csv = open(dir / "p.csv");
    ASSERT_TRUE(csv);
    EXPECT_GE(csv->GetLayer(0)->GetLayerDefn()->GetFieldIndex("X"), 0); // GEOMETRY=AS_XY
}

} // namespace
