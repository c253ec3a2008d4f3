// export_answer through the one output module: where export and convert used to differ, export
// now does what convert did. A field named `fid` is kept in a GeoPackage (its FID column takes
// another name), and the Shapefile field map is CSV-quoted.
#include "depomap/export.hpp"
#include "depomap/query.hpp"

#include "test_dir.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <fstream>
#include <sstream>

namespace {

namespace fs = std::filesystem;
using depomap::ExportOptions;
using depomap::query::AnswerLayer;
using depomap::schema::ColumnType;

GDALDatasetUniquePtr open(const fs::path &path) {
    GDALAllRegister();
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

/// An answer without geometry: `rows` under `columns`, every column text.
AnswerLayer table(const std::vector<std::vector<depomap::Cell>> &rows, std::vector<std::string> columns) {
    AnswerLayer answer;
    answer.name = "answer";
    answer.columns = std::move(columns);
    answer.types.assign(answer.columns.size(), ColumnType::text);
    answer.rows = rows;
    return answer;
}

TEST(ExportAnswer, AFieldNamedFidIsKeptInAGeoPackage) {
    const auto dir = depomap::test::test_dir();
    // What `depomap sql "SELECT 'x' || fid AS fid, id ..." -f gpkg` hands over: text in a field
    // named like GPKG's FID column (GDAL refused it: "Wrong field type for fid").
    auto answer = table({{std::string("x1"), std::string("a")}, {std::string("x2"), std::string("b")}}, {"fid", "id"});
    ExportOptions options; // as `write_answer` (src/gdal/query/source.cpp) gives them
    options.extra = false;
    options.format = "gpkg";
    options.output = dir / "t.gpkg";
    const auto report = depomap::export_answer(answer, options);
    ASSERT_EQ(report.layers.size(), 1u);
    EXPECT_EQ(report.layers[0].features, 2);
    auto ds = open(dir / "t.gpkg");
    ASSERT_TRUE(ds);
    auto *layer = ds->GetLayerByName("answer");
    ASSERT_NE(layer, nullptr);
    EXPECT_STREQ(layer->GetFIDColumn(), "fid_1");
    const int fid = layer->GetLayerDefn()->GetFieldIndex("fid");
    ASSERT_GE(fid, 0);
    std::vector<std::string> values;
    for (auto &feature : *layer) values.emplace_back(feature->GetFieldAsString(fid));
    EXPECT_EQ(values, (std::vector<std::string>{"x1", "x2"}));
    // Integers that are not the features' FIDs: GDAL refused them too ("Inconsistent values of
    // FID and field of same name").
    auto numbers = table({{std::int64_t{10}}, {std::int64_t{20}}}, {"fid"});
    numbers.types = {ColumnType::integer};
    options.output = dir / "n.gpkg";
    EXPECT_EQ(depomap::export_answer(numbers, options).layers.at(0).features, 2);
}

TEST(ExportAnswer, TheShapefileFieldMapIsCsvQuoted) {
    const auto dir = depomap::test::test_dir();
    // A column whose name holds a comma, its text split into continuation fields: the field map
    // lists both parts under that name, which only CSV quoting keeps one value.
    auto answer = table({{std::string(300, 'v'), std::string("a")}}, {"a,b", "id"});
    answer.shape = AnswerLayer::Shape::point;
    answer.geometry = {{{{37.6, 55.7}}}};
    ExportOptions options;
    options.extra = false;
    options.format = "shp";
    options.output = dir / "t.shp";
    options.style = false;
    (void)depomap::export_answer(answer, options);
    std::ifstream in(dir / "t.fieldmap.csv");
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_EQ(text.str(), "short,full,part\n\"a,b\",\"a,b\",1\n\"a,b_2\",\"a,b\",2\nid,id,1\n");
    auto ds = open(dir / "t.shp");
    ASSERT_TRUE(ds);
    OGRFeatureUniquePtr feature(ds->GetLayer(0)->GetNextFeature());
    ASSERT_TRUE(feature);
    EXPECT_EQ(std::string(feature->GetFieldAsString("a,b")) + feature->GetFieldAsString("a,b_2"), std::string(300, 'v'));
}

} // namespace
