// output/gdal_layer_writer: the one GDAL writer of export and convert, on small files GDAL reads
// back: layers, fields and features written in one transaction, and every refusal named (the
// file, the layer, the field, the feature).
#include "gdal/output/gdal_layer_writer.hpp"

#include "depomap/error.hpp"
#include "test_dir.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

namespace {

namespace fs = std::filesystem;
using depomap::Error;
using depomap::resolve_format;
using depomap::output::GdalLayerWriter;

GDALDatasetUniquePtr open(const fs::path &path) {
    GDALAllRegister();
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

std::string message_of(const std::function<void()> &body) {
    try {
        body();
    } catch (const Error &e) {
        return e.what();
    }
    return "(no error)";
}

TEST(GdalLayerWriter, WritesLayersFieldsAndFeaturesGdalReadsBack) {
    const auto dir = depomap::test::test_dir();
    {
        GdalLayerWriter out(resolve_format("gpkg"), dir / "t.gpkg", "t.gpkg");
        for (const char *name : {"a", "b"}) {
            // A field named `fid`, as a query's answer may have: GPKG's FID column takes fid_1.
            OGRLayer &layer = out.create_layer(name, &depomap::io::wgs84(), {wkbPoint, 7, false, {"fid", "n"}}, name);
            OGRFieldDefn fid("fid", OFTString);
            out.add_field(layer, fid, name, "fid");
            OGRFieldDefn n("n", OFTInteger64);
            out.add_field(layer, n, name, "n");
            depomap::io::GdalErrors errors;
            out.begin();
            for (int i = 1; i <= 3; ++i) {
                OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer.GetLayerDefn()));
                feature->SetField(0, ("x" + std::to_string(i)).c_str());
                feature->SetField(1, static_cast<GIntBig>(i) * 10);
                feature->SetGeometryDirectly(new OGRPoint(170.0 + i, 60.0));
                out.write(layer, *feature, errors, [] { return std::string("feature"); });
            }
            out.commit(name, errors);
        }
        out.close();
    }
    auto ds = open(dir / "t.gpkg");
    ASSERT_TRUE(ds);
    for (const char *name : {"a", "b"}) {
        auto *layer = ds->GetLayerByName(name);
        ASSERT_NE(layer, nullptr) << name;
        EXPECT_STREQ(layer->GetFIDColumn(), "fid_1");
        EXPECT_EQ(layer->GetFeatureCount(), 3);
        std::int64_t sum = 0;
        std::string texts;
        for (auto &feature : *layer) {
            texts += feature->GetFieldAsString("fid");
            sum += feature->GetFieldAsInteger64("n");
        }
        EXPECT_EQ(texts, "x1x2x3");
        EXPECT_EQ(sum, 60);
    }
}

TEST(GdalLayerWriter, RefusalsNameTheFileLayerFieldAndFeature) {
    const auto dir = depomap::test::test_dir();
    EXPECT_NE(message_of([&] { GdalLayerWriter(resolve_format("gpkg"), dir / "no" / "t.gpkg", "t.gpkg"); })
                  .find("t.gpkg: cannot create"),
              std::string::npos);

    GdalLayerWriter gpkg(resolve_format("gpkg"), dir / "t.gpkg", "t.gpkg");
    OGRLayer &layer = gpkg.create_layer("t", nullptr, {wkbNone, 7, false, {}}, "src.csv");
    // Text in a field named like the FID column (the layer was told of no such field): GDAL refuses it.
    OGRFieldDefn fid("fid", OFTString);
    const auto refused = message_of([&] { gpkg.add_field(layer, fid, "src.csv", "the fid"); });
    EXPECT_EQ(refused.rfind("src.csv: cannot create field the fid: ", 0), 0u) << refused;
    EXPECT_NE(message_of([&] { (void)gpkg.create_layer("t", nullptr, {wkbNone, 7, false, {}}, "again"); })
                  .find("again: cannot create the layer"),
              std::string::npos);

    // A Shapefile's warning is an error: a number too wide for its DBF field is not cut quietly.
    GdalLayerWriter shp(resolve_format("shp"), dir / "s.shp", "s.shp");
    OGRLayer &points = shp.create_layer("s", &depomap::io::wgs84(), {wkbPoint, 7, false, {}}, "s");
    OGRFieldDefn v("v", OFTReal);
    v.SetWidth(4);
    v.SetPrecision(1);
    shp.add_field(points, v, "s", "v");
    OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(points.GetLayerDefn()));
    feature->SetField(0, 123456.5);
    feature->SetGeometryDirectly(new OGRPoint(1, 2));
    depomap::io::GdalErrors errors;
    const auto said = message_of([&] { shp.write(points, *feature, errors, [] { return std::string("s.csv: feature 7"); }); });
    EXPECT_EQ(said.rfind("s.csv: feature 7: ", 0), 0u) << said;
    shp.close();
}

TEST(GdalLayerWriter, ADbfRecordPastItsLimitIsNamed) {
    const auto dir = depomap::test::test_dir();
    GdalLayerWriter shp(resolve_format("shp"), dir / "wide.shp", "wide.shp");
    OGRLayer &layer = shp.create_layer("wide", &depomap::io::wgs84(), {wkbPoint, 7, false, {}}, "wide.csv");
    std::string said;
    for (int i = 1; i <= 300 && said.empty(); ++i) {
        const std::string name = "f" + std::to_string(i);
        OGRFieldDefn field(name.c_str(), OFTString);
        field.SetWidth(254);
        said = message_of([&] { shp.add_field(layer, field, "wide.csv", name); });
        if (said == "(no error)") said.clear();
    }
    // 258 fields of 254 bytes and the deletion flag: 65,533 bytes; the 259th does not fit.
    EXPECT_EQ(said.rfind("wide.csv: cannot create field f259: a DBF record holds at most 65,535 bytes", 0), 0u) << said;
}

TEST(GdalLayerWriter, CloseChecksAndLeavesAWholeFile) {
    const auto dir = depomap::test::test_dir();
    {
        GdalLayerWriter out(resolve_format("fgb"), dir / "t.fgb", "final.fgb");
        OGRLayer &layer = out.create_layer("t", &depomap::io::wgs84(), {wkbPoint, 7, false, {}}, "t");
        depomap::io::GdalErrors errors;
        for (int i = 0; i < 100; ++i) {
            OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer.GetLayerDefn()));
            feature->SetGeometryDirectly(new OGRPoint(i, i / 2.0));
            out.write(layer, *feature, errors, [] { return std::string("t"); });
        }
        out.close(); // FlatGeobuf writes its index and header at the close
    }
    auto ds = open(dir / "t.fgb");
    ASSERT_TRUE(ds);
    EXPECT_EQ(ds->GetLayer(0)->GetFeatureCount(), 100);
}

} // namespace
