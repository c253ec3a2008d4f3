// output/geojson_writer: the streaming GeoJSON writer of export and convert, read back by GDAL:
// every kind of value, every simple geometry, and the ones left to GDAL's own text (3D, a
// GeometryCollection), compared by meaning.
#include "gdal/output/geojson_writer.hpp"

#include "depomap/error.hpp"
#include "test_dir.hpp"

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include <cmath>
#include <fstream>
#include <sstream>

namespace {

using depomap::output::GeoJsonWriter;

std::unique_ptr<OGRGeometry> wkt(const char *text) {
    OGRGeometry *g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(text, nullptr, &g), OGRERR_NONE) << text;
    return std::unique_ptr<OGRGeometry>(g);
}

TEST(GeoJsonWriter, ValuesAndGeometriesReadBackByGdal) {
    const auto dir = depomap::test::test_dir();
    const auto path = dir / "t.geojson";
    const char *shapes[] = {"POINT (104.5 52.25)",
                            "LINESTRING (1 2, 3 4.1234567)",
                            "POLYGON ((0 0, 1 0, 1 1, 0 0), (0.2 0.1, 0.3 0.1, 0.3 0.2, 0.2 0.1))",
                            "MULTIPOINT ((1 1), (2 2))",
                            "MULTILINESTRING ((0 0, 1 1), (2 2, 3 3))",
                            "MULTIPOLYGON (((0 0, 1 0, 1 1, 0 0)), ((5 5, 6 5, 6 6, 5 5)))",
                            "POINT Z (1 2 300)",
                            "GEOMETRYCOLLECTION (POINT (1 2), LINESTRING (0 0, 1 1))"};
    {
        GeoJsonWriter out(path, 7);
        out.begin("mines \"north\"");
        out.set_keys({"name", "ore_mt", "count", "open", "note"});
        for (const char *shape : shapes) {
            out.begin_feature();
            out.key(0);
            out.string(std::string("a \"quoted\"\\ name\n\t") + shape);
            out.key(1);
            out.real(0.1 + 0.2);
            out.key(2);
            out.integer(-9007199254740993);
            out.key(3);
            out.boolean(true);
            out.key(4);
            out.null();
            out.end_feature(wkt(shape).get());
        }
        out.begin_feature(); // no properties, no geometry, an infinite real
        out.end_feature(nullptr);
        out.begin_feature();
        out.key(1);
        out.real(INFINITY);
        out.end_feature(nullptr);
        out.close();
    }
    GDALAllRegister();
    GDALDatasetUniquePtr ds(GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    ASSERT_TRUE(ds);
    auto &layer = *ds->GetLayer(0);
    EXPECT_STREQ(layer.GetName(), "mines \"north\"");
    ASSERT_EQ(layer.GetFeatureCount(), 10);
    int i = 0;
    for (auto &f : layer) {
        if (i < 8) {
            EXPECT_EQ(std::string(f->GetFieldAsString("name")),
                      std::string("a \"quoted\"\\ name\n\t") + shapes[i]);
            EXPECT_EQ(f->GetFieldAsDouble("ore_mt"), 0.1 + 0.2); // every digit kept
            EXPECT_EQ(f->GetFieldAsInteger64("count"), -9007199254740993);
            EXPECT_EQ(f->GetFieldAsInteger("open"), 1);
            EXPECT_TRUE(f->IsFieldNull(f->GetFieldIndex("note")));
            auto want = wkt(shapes[i]);
            ASSERT_NE(f->GetGeometryRef(), nullptr) << shapes[i];
            EXPECT_TRUE(f->GetGeometryRef()->Equals(want.get())) << shapes[i];
        } else {
            EXPECT_EQ(f->GetGeometryRef(), nullptr);
            EXPECT_FALSE(f->IsFieldSetAndNotNull(f->GetFieldIndex("ore_mt")));
        }
        ++i;
    }
}

TEST(GeoJsonWriter, CoordinatesHaveThePrecisionGivenTrimmed) {
    const auto dir = depomap::test::test_dir();
    const auto path = dir / "p.geojson";
    {
        GeoJsonWriter out(path, 3);
        out.begin("p");
        out.set_keys({});
        out.begin_feature();
        out.end_feature(wkt("LINESTRING (37.62 10, -0.0001 55.123456)").get());
        out.close();
    }
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("[ [ 37.62, 10.0 ], [ 0.0, 55.123 ] ]"), std::string::npos)
        << text.str();
}

TEST(GeoJsonWriter, AFolderItCannotWriteInIsNamed) {
    const auto dir = depomap::test::test_dir();
    EXPECT_EQ(depomap::test::error_of([&] { GeoJsonWriter(dir / "no" / "t.geojson", 7); }),
              "t.geojson: cannot write here: No such file or directory");
}

} // namespace
