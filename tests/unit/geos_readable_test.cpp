// loading::readable_by_geos: what GEOS cannot read made readable before a repair (--make-valid).
#include "gdal/load/geos.hpp"

#include <gtest/gtest.h>
#include <ogr_geometry.h>

namespace {

std::unique_ptr<OGRGeometry> wkt(const char *text) {
    OGRGeometry *g = nullptr;
    EXPECT_EQ(OGRGeometryFactory::createFromWkt(text, nullptr, &g), OGRERR_NONE) << text;
    return std::unique_ptr<OGRGeometry>(g);
}

std::string readable(const OGRGeometry &g) {
    auto made = depomap::loading::readable_by_geos(g);
    if (!made) return "unchanged";
    char *text = nullptr;
    made->exportToWkt(&text, wkbVariantIso);
    std::string out = text;
    CPLFree(text);
    depomap::loading::GeosValidator geos;
    EXPECT_FALSE(geos.invalid_reason(*made)) << out;
    return out;
}

} // namespace

TEST(GeosReadable, ReadableGeometriesAreLeftAlone) {
    EXPECT_EQ(readable(*wkt("POLYGON ((0 0,0 1,1 1,0 0))")), "unchanged");
    EXPECT_EQ(readable(*wkt("LINESTRING (0 0,1 1)")), "unchanged");
    EXPECT_EQ(readable(*wkt("MULTIPOINT ((0 0))")), "unchanged");
}

TEST(GeosReadable, RingsLinesAndPolygons) {
    // GDAL's kml/geometries.kml, feature 18: a LinearRing of two points.
    OGRLinearRing ring;
    ring.addPoint(0, 0);
    ring.addPoint(1, 1);
    depomap::loading::GeosValidator geos;
    EXPECT_TRUE(geos.invalid_reason(ring));
    EXPECT_EQ(readable(ring), "LINESTRING (0 0,1 1)");
    EXPECT_EQ(readable(*wkt("LINESTRING (3 4)")), "POINT (3 4)");
    // A ring that does not close is closed; a hole of fewer than 4 points is left out; a
    // polygon whose exterior bounds no area is empty.
    EXPECT_EQ(readable(*wkt("POLYGON ((0 0,0 2,2 2,2 0),(1 1,1 1.5,1 1))")), "POLYGON ((0 0,0 2,2 2,2 0,0 0))");
    EXPECT_EQ(readable(*wkt("POLYGON ((0 0,1 1,0 0))")), "POLYGON EMPTY");
    EXPECT_EQ(readable(*wkt("MULTILINESTRING ((0 0,1 1),(5 5))")), "GEOMETRYCOLLECTION (LINESTRING (0 0,1 1),POINT (5 5))");
}
