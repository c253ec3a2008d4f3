// output/shapefile_writer: files GDAL reads as written (values, NULLs, shapes, ring order), the
// limits it refuses, and the reader that checks them refusing files that are not what was written.
#include "gdal/output/shapefile_writer.hpp"

#include "depomap/error.hpp"
#include "test_dir.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <memory>

namespace {

using depomap::Error;
using depomap::output::DbfField;
using depomap::output::ShapefileReader;
using depomap::output::ShapefileWriter;
using depomap::output::ShapeType;
namespace fs = std::filesystem;

const char *const wgs84_esri =
    "GEOGCS[\"GCS_WGS_1984\",DATUM[\"D_WGS_1984\",SPHEROID[\"WGS_1984\",6378137.0,298.257223563]],"
    "PRIMEM[\"Greenwich\",0.0],UNIT[\"Degree\",0.0174532925199433]]";

std::unique_ptr<OGRGeometry> wkt(const char *text) {
    OGRGeometry *g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(text, nullptr, &g), OGRERR_NONE) << text;
    return std::unique_ptr<OGRGeometry>(g);
}

GDALDatasetUniquePtr open(const fs::path &path) {
    GDALAllRegister();
    return GDALDatasetUniquePtr(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

std::vector<DbfField> three_fields() {
    return {{"name", false, 12, 0}, {"grade", true, 7, 3}, {"count", true, 5, 0}};
}

TEST(ShapefileWriter, PointsAndValuesReadBackByGdal) {
    const auto dir = depomap::test::test_dir();
    {
        ShapefileWriter out(dir / "p.shp", ShapeType::point, three_fields(), wgs84_esri);
        out.text(0, "Томтор");  // 12 bytes of UTF-8
        out.number(1, -1.25);
        out.integer(2, 12345);
        auto p = wkt("POINT (129.1875 71.0625)");
        out.end_record(p.get());
        out.text(0, "  a b ");  // spaces at both ends: readers trim them
        out.end_record(nullptr);    // NULL grade and count, a Null shape
        out.finish();
        EXPECT_EQ(out.records(), 2);
    }
    auto ds = open(dir / "p.shp");
    ASSERT_TRUE(ds);
    auto *layer = ds->GetLayer(0);
    EXPECT_EQ(layer->GetGeomType(), wkbPoint);
    EXPECT_EQ(layer->GetFeatureCount(), 2);
    auto *defn = layer->GetLayerDefn();
    ASSERT_EQ(defn->GetFieldCount(), 3);
    EXPECT_EQ(defn->GetFieldDefn(0)->GetWidth(), 12);
    EXPECT_EQ(defn->GetFieldDefn(1)->GetType(), OFTReal);
    EXPECT_EQ(defn->GetFieldDefn(1)->GetPrecision(), 3);
    ASSERT_NE(layer->GetSpatialRef(), nullptr);
    EXPECT_TRUE(layer->GetSpatialRef()->IsGeographic());
    OGRFeatureUniquePtr a(layer->GetNextFeature());
    EXPECT_STREQ(a->GetFieldAsString(0), "Томтор");
    EXPECT_DOUBLE_EQ(a->GetFieldAsDouble(1), -1.25);
    EXPECT_EQ(a->GetFieldAsInteger64(2), 12345);
    ASSERT_NE(a->GetGeometryRef(), nullptr);
    EXPECT_DOUBLE_EQ(a->GetGeometryRef()->toPoint()->getX(), 129.1875);
    EXPECT_DOUBLE_EQ(a->GetGeometryRef()->toPoint()->getY(), 71.0625);
    OGRFeatureUniquePtr b(layer->GetNextFeature());
    EXPECT_STREQ(b->GetFieldAsString(0), "a b");
    EXPECT_FALSE(b->IsFieldSetAndNotNull(1));
    EXPECT_FALSE(b->IsFieldSetAndNotNull(2));
    EXPECT_EQ(b->GetGeometryRef(), nullptr);
    OGREnvelope e;
    ASSERT_EQ(layer->GetExtent(&e), OGRERR_NONE);
    EXPECT_EQ(e.MinX, 129.1875);
    EXPECT_EQ(e.MaxY, 71.0625);

    // The same through the checking reader.
    ShapefileReader back(dir / "p.shp", ShapeType::point);
    EXPECT_EQ(back.records(), 2);
    ASSERT_TRUE(back.next());
    EXPECT_EQ(back.text(0), "Томтор");
    EXPECT_EQ(back.number(1), -1.25);
    EXPECT_EQ(back.number(2), 12345.0);
    ASSERT_TRUE(back.bounds());
    EXPECT_EQ(back.bounds()->min_x, 129.1875);
    ASSERT_TRUE(back.next());
    EXPECT_EQ(back.text(0), "a b");
    EXPECT_EQ(back.number(1), std::nullopt);
    EXPECT_EQ(back.bounds(), std::nullopt);
    EXPECT_FALSE(back.next());
}

TEST(ShapefileWriter, PolygonRingsAreClockwiseOutsideAndHolesCounterClockwise) {
    const auto dir = depomap::test::test_dir();
    {
        ShapefileWriter out(dir / "a.shp", ShapeType::polygon, {{"id", false, 2, 0}}, wgs84_esri);
        // Written counter-clockwise outside, clockwise hole: the writer turns both.
        auto g = wkt("MULTIPOLYGON (((0 0,10 0,10 10,0 10,0 0),(2 2,2 4,4 4,4 2,2 2)),((20 0,21 0,21 1,20 0)))");
        out.text(0, "a");
        out.end_record(g.get());
        out.finish();
    }
    // The raw ring order: outer ring clockwise in the file.
    std::ifstream raw(dir / "a.shp", std::ios::binary);
    std::string bytes((std::istreambuf_iterator<char>(raw)), {});
    ASSERT_GT(bytes.size(), 100u + 8 + 44);
    const char *p = bytes.data() + 100 + 8;
    int parts = 0, points = 0;
    std::memcpy(&parts, p + 36, 4);
    std::memcpy(&points, p + 40, 4);
    EXPECT_EQ(parts, 3);
    EXPECT_EQ(points, 14);
    const char *xy = p + 44 + 4 * parts;
    const auto x = [&](int i) { double v; std::memcpy(&v, xy + 16 * i, 8); return v; };
    const auto y = [&](int i) { double v; std::memcpy(&v, xy + 16 * i + 8, 8); return v; };
    double outer = 0, hole = 0;
    for (int i = 0; i < 4; ++i) outer += x(i) * y(i + 1) - x(i + 1) * y(i);
    for (int i = 5; i < 9; ++i) hole += x(i) * y(i + 1) - x(i + 1) * y(i);
    EXPECT_LT(outer, 0) << "outer ring clockwise";
    EXPECT_GT(hole, 0) << "hole counter-clockwise";

    // GDAL reads two polygons, the first with its hole.
    auto ds = open(dir / "a.shp");
    ASSERT_TRUE(ds);
    OGRFeatureUniquePtr f(ds->GetLayer(0)->GetNextFeature());
    ASSERT_NE(f->GetGeometryRef(), nullptr);
    ASSERT_EQ(wkbFlatten(f->GetGeometryRef()->getGeometryType()), wkbMultiPolygon);
    const auto *mp = f->GetGeometryRef()->toMultiPolygon();
    ASSERT_EQ(mp->getNumGeometries(), 2);
    EXPECT_EQ(mp->getGeometryRef(0)->getNumInteriorRings(), 1);
    EXPECT_DOUBLE_EQ(mp->get_Area(), 100.0 - 4.0 + 0.5);
}

TEST(ShapefileWriter, LinesAndTables) {
    const auto dir = depomap::test::test_dir();
    {
        ShapefileWriter out(dir / "l.shp", ShapeType::polyline, {{"km", true, 6, 1}}, wgs84_esri);
        auto g = wkt("MULTILINESTRING ((0 0,1 1),(2 2,3 2,4 5))");
        out.number(0, 12.5);
        out.end_record(g.get());
        out.finish();
    }
    auto ds = open(dir / "l.shp");
    ASSERT_TRUE(ds);
    OGRFeatureUniquePtr f(ds->GetLayer(0)->GetNextFeature());
    ASSERT_NE(f->GetGeometryRef(), nullptr);
    EXPECT_DOUBLE_EQ(f->GetGeometryRef()->toMultiLineString()->get_Length(), std::sqrt(2.0) + 1 + std::sqrt(10.0));

    {
        ShapefileWriter out(dir / "t.shp", ShapeType::none, {{"k", false, 1, 0}}, "");
        out.text(0, "x");
        out.end_record(nullptr);
        out.finish();
    }
    EXPECT_FALSE(fs::exists(dir / "t.shp"));
    auto table = open(dir / "t.dbf");
    ASSERT_TRUE(table);
    EXPECT_EQ(table->GetLayer(0)->GetFeatureCount(), 1);
}

TEST(ShapefileWriter, RefusesWhatTheFormatCannotHold) {
    const auto dir = depomap::test::test_dir();
    ShapefileWriter out(dir / "p.shp", ShapeType::point, three_fields(), wgs84_esri);
    EXPECT_THROW(out.text(0, "thirteen bytes"), Error);
    EXPECT_THROW(out.number(1, 12345.5), Error);  // "12345.500" is 9 characters, the field 7
    EXPECT_THROW(out.number(1, std::nan("")), Error);
    EXPECT_THROW(out.text(1, "x"), Error);        // text in a number field
    auto line = wkt("LINESTRING (0 0,1 1)");
    EXPECT_THROW(out.end_record(line.get()), Error);
    try {
        out.integer(2, 1234567);
        FAIL() << "a 7-digit number in a field of 5";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("field count"), std::string::npos) << e.what();
    }
    // A DBF record holds at most 65,535 bytes.
    std::vector<DbfField> wide;
    for (int i = 0; i < 300; ++i) wide.push_back({"f" + std::to_string(i), false, 254, 0});
    try {
        ShapefileWriter too_wide(dir / "w.shp", ShapeType::point, wide, "");
        FAIL() << "300 fields of 254 bytes";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("cannot create field f258: a DBF record holds at most 65,535 bytes"),
                  std::string::npos)
            << e.what();
    }
}

TEST(ShapefileReader, RefusesFilesThatAreNotWhatWasWritten) {
    const auto dir = depomap::test::test_dir();
    const auto write = [&] {
        ShapefileWriter out(dir / "p.shp", ShapeType::point, three_fields(), wgs84_esri);
        for (int i = 0; i < 3; ++i) {
            out.integer(2, i);
            auto p = wkt("POINT (1 2)");
            out.end_record(p.get());
        }
        out.finish();
    };
    const auto read_all = [&] {
        ShapefileReader back(dir / "p.shp", ShapeType::point);
        while (back.next()) (void)back.number(2);
    };
    write();
    EXPECT_NO_THROW(read_all());
    EXPECT_THROW(ShapefileReader(dir / "p.shp", ShapeType::polygon), Error);  // another shape type
    fs::resize_file(dir / "p.dbf", fs::file_size(dir / "p.dbf") - 10);       // a DBF cut short
    EXPECT_THROW(read_all(), Error);
    write();
    fs::resize_file(dir / "p.shx", fs::file_size(dir / "p.shx") - 8);        // an index one short
    EXPECT_THROW(read_all(), Error);
    write();
    {
        std::fstream dbf(dir / "p.dbf", std::ios::in | std::ios::out | std::ios::binary);
        dbf.seekp(32 + 32 * 3 + 1 + 1 + 12 + 7); // header, deletion flag, name, grade: the count field
        dbf.write("abcd!", 5);
    }
    EXPECT_THROW(read_all(), Error);
}

} // namespace
