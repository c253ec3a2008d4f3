// output/shapefile_plan: the DBF fields export and convert plan alike (widths from the values,
// 10-byte unique names, long text split into continuation fields), checked on Shapefiles GDAL
// writes and reads back, and the one field-map writer (CSV-quoted, read back by GDAL's CSV driver).
#include "gdal/output/shapefile_plan.hpp"

#include "depomap/error.hpp"
#include "gdal/output/gdal_layer_writer.hpp"
#include "test_dir.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

namespace {

using depomap::Error;
using depomap::output::DbfKind;
using depomap::output::PlanColumn;
using depomap::output::PlannedField;
using depomap::output::ShapefileSizing;
namespace fs = std::filesystem;

std::string slurp(const fs::path &path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

GDALDatasetUniquePtr open(const fs::path &path) {
    GDALAllRegister();
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

TEST(ShapefilePlan, FieldsAreSizedFromTheirValues) {
    ShapefileSizing sizing(4, true);
    sizing.number(0, 12.5);
    sizing.number(0, -3.125);
    sizing.number(1, 123456.0);
    EXPECT_TRUE(sizing.text(2, "Томтор"));
    const auto fields = sizing.plan({{"grade", 0, DbfKind::real, 1, 0},
                                     {"ore_mt", 1, DbfKind::integer, 1, 0},
                                     {"name", 2, DbfKind::text, 1, 0},
                                     {"empty", 3, DbfKind::text, 1, 0}},
                                    "layer t");
    ASSERT_EQ(fields.size(), 4u);
    EXPECT_EQ(fields[0].width, 6); // -3.125 and 12.5: two integer characters (one a sign), three decimals
    EXPECT_EQ(fields[0].precision, 3);
    EXPECT_EQ(fields[1].width, 6);
    EXPECT_EQ(fields[1].precision, 0);
    EXPECT_EQ(fields[2].width, 12); // bytes, not characters
    EXPECT_EQ(fields[3].width, 1);  // no value: the width declared
}

TEST(ShapefilePlan, UnsizedFieldsKeepTheirDeclaredWidthAndTextAtMost254) {
    ShapefileSizing sizing(3, false);
    const auto fields = sizing.plan({{"r", 0, DbfKind::real, 24, 15}, {"t", 1, DbfKind::text, 0, 0},
                                     {"u", 2, DbfKind::text, 80, 0}},
                                    "src.geojson");
    EXPECT_EQ(fields[0].width, 24);
    EXPECT_EQ(fields[0].precision, 15);
    EXPECT_EQ(fields[1].width, 254);
    EXPECT_EQ(fields[2].width, 80);
}

TEST(ShapefilePlan, NamesComeFromTheTableOrAreCutAndNumbered) {
    const auto names = depomap::output::dbf_names(
        {"contained_treo_t", "name", "deposit_name_english", "deposit_name_local", "DEPOSIT_NA", "месторождение"});
    ASSERT_EQ(names.size(), 6u);
    EXPECT_EQ(names[0], "treo_t");       // the fixed table
    EXPECT_EQ(names[1], "name");         // fits
    EXPECT_EQ(names[2], "deposit_na");   // cut to 10 bytes
    EXPECT_EQ(names[3], "deposit__2");   // cut and numbered
    EXPECT_EQ(names[4], "DEPOSIT__3");   // names compare without ASCII case, as DBF's readers do
    EXPECT_EQ(names[5], "место");        // 10 bytes, never inside a character
}

TEST(ShapefilePlan, LongTextIsSplitIntoContinuationFieldsOrRefused) {
    const std::string long_text(600, 'x');
    ShapefileSizing split(1, true);
    EXPECT_TRUE(split.text(0, long_text));
    const auto fields = split.plan({{"coord_description", 0, DbfKind::text, 1, 0}}, "layer t");
    ASSERT_EQ(fields.size(), 3u);
    EXPECT_EQ(fields[0].name, "coord_desc");
    EXPECT_EQ(fields[1].name, "coord_de_2");
    EXPECT_EQ(fields[2].name, "coord_de_3");
    for (int p = 0; p < 3; ++p) {
        EXPECT_EQ(fields[static_cast<std::size_t>(p)].part, p + 1);
        EXPECT_EQ(fields[static_cast<std::size_t>(p)].parts, 3);
        EXPECT_EQ(fields[static_cast<std::size_t>(p)].width, 254);
    }
    ShapefileSizing refuse(1, false);
    EXPECT_FALSE(refuse.text(0, long_text));
    EXPECT_EQ(refuse.plan({{"notes", 0, DbfKind::text, 1, 0}}, "t").size(), 1u);
}

TEST(ShapefilePlan, NumbersDbfCannotHoldAreRefused) {
    ShapefileSizing sizing(1, true);
    try {
        sizing.number(0, std::numeric_limits<double>::quiet_NaN());
        FAIL() << "NaN was taken";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("nan cannot be written to a Shapefile"), std::string::npos) << e.what();
    }
    sizing.number(0, 1e300);
    sizing.number(0, 1.5e-20);
    try {
        (void)sizing.plan({{"v", 0, DbfKind::real, 1, 0}}, "big.geojson");
        FAIL() << "a field over 255 characters was planned";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("big.geojson: field v: its numbers need"), std::string::npos) << e.what();
    }
}

TEST(ShapefilePlan, TheFieldMapIsCsvQuotedAndReadBackByGdal) {
    const auto dir = depomap::test::test_dir();
    ShapefileSizing sizing(2, true);
    sizing.text(0, std::string(300, 'a'));
    const auto fields = sizing.plan({{"a,\"b\"", 0, DbfKind::text, 1, 0}, {"plain", 1, DbfKind::text, 1, 0}}, "t");
    ASSERT_TRUE(depomap::output::write_field_map(dir, "t", fields));
    const auto text = slurp(dir / "t.fieldmap.csv");
    EXPECT_EQ(text, "short,full,part\n"
                    "\"a,\"\"b\"\"\",\"a,\"\"b\"\"\",1\n"
                    "\"a,\"\"b\"\"_2\",\"a,\"\"b\"\"\",2\n"
                    "plain,plain,1\n");
    auto ds = open(dir / "t.fieldmap.csv");
    ASSERT_TRUE(ds);
    auto *layer = ds->GetLayer(0);
    ASSERT_EQ(layer->GetLayerDefn()->GetFieldCount(), 3);
    OGRFeatureUniquePtr first(layer->GetNextFeature());
    ASSERT_TRUE(first);
    EXPECT_STREQ(first->GetFieldAsString(1), "a,\"b\"");
    // Nothing renamed, nothing split: no field map.
    ShapefileSizing plain(1, true);
    EXPECT_FALSE(depomap::output::write_field_map(dir, "p", plain.plan({{"id", 0, DbfKind::text, 1, 0}}, "p")));
    EXPECT_FALSE(fs::exists(dir / "p.fieldmap.csv"));
}

TEST(ShapefilePlan, AShapefileWrittenToThePlanReadsBackEveryValue) {
    const auto dir = depomap::test::test_dir();
    const std::vector<double> reals{0.1, 123456.789, -1.5e-7};
    ShapefileSizing sizing(2, false);
    for (const double v : reals) sizing.number(0, v);
    sizing.text(1, "Томтор");
    const auto fields = sizing.plan({{"grade_treo_pct", 0, DbfKind::real, 1, 0}, {"name", 1, DbfKind::text, 1, 0}}, "t");
    const auto ref = depomap::resolve_format("shp");
    {
        depomap::output::GdalLayerWriter out(ref, dir / "t.shp", "t.shp");
        OGRLayer &layer = out.create_layer("t", nullptr, {wkbNone, 7, false, {}}, "t");
        for (const auto &f : fields) {
            OGRFieldDefn defn(f.name.c_str(), f.kind == DbfKind::text ? OFTString : OFTReal);
            defn.SetWidth(f.width);
            defn.SetPrecision(f.precision);
            out.add_field(layer, defn, "t", f.full);
        }
        depomap::io::GdalErrors errors;
        for (const double v : reals) {
            OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer.GetLayerDefn()));
            feature->SetField(0, v);
            feature->SetField(1, "Томтор");
            out.write(layer, *feature, errors, [] { return std::string("feature"); });
        }
        out.close();
    }
    auto ds = open(dir / "t.dbf");
    ASSERT_TRUE(ds);
    auto *layer = ds->GetLayer(0);
    EXPECT_STREQ(layer->GetLayerDefn()->GetFieldDefn(0)->GetNameRef(), "grade_pct");
    for (const double v : reals) {
        OGRFeatureUniquePtr feature(layer->GetNextFeature());
        ASSERT_TRUE(feature);
        EXPECT_EQ(feature->GetFieldAsDouble(0), v);
        EXPECT_STREQ(feature->GetFieldAsString(1), "Томтор");
    }
}

} // namespace
