// io/output_fit: what GDAL's GeoJSON writer is given so that it writes what the source held.
#include "gdal/io/output_fit.hpp"

#include <gtest/gtest.h>
#include <ogr_geometry.h>

using depomap::io::geojson_json_text;

TEST(OutputFit, JsonTextKeepsJsonValuesAndQuotesTheRest) {
    // JSON other than a string: as it is, with a space after it (GDAL's parser needs one to end a
    // number or a literal at the end of the text).
    EXPECT_EQ(geojson_json_text("true"), "true ");
    EXPECT_EQ(geojson_json_text("0.015625"), "0.015625 ");
    EXPECT_EQ(geojson_json_text("-1.5e300"), "-1.5e300 ");
    EXPECT_EQ(geojson_json_text("{ }"), "{ } ");
    EXPECT_EQ(geojson_json_text("[ 1, \"a\" ]"), "[ 1, \"a\" ] ");
    EXPECT_EQ(geojson_json_text("18446744073709551615"), "18446744073709551615 ");
    // Text that GDAL's lenient parser would cut short, a string alone (the source's string with
    // its quotes), null, and space around a value: a JSON string.
    EXPECT_EQ(geojson_json_text("1970-01-01T00:00:00"), "\"1970-01-01T00:00:00\"");
    EXPECT_EQ(geojson_json_text("12abc"), "\"12abc\"");
    EXPECT_EQ(geojson_json_text("{\"a\":1} trailing"), "\"{\\\"a\\\":1} trailing\"");
    EXPECT_EQ(geojson_json_text("\"x\""), "\"\\\"x\\\"\"");
    EXPECT_EQ(geojson_json_text("null"), "\"null\"");
    EXPECT_EQ(geojson_json_text("  7 "), "\"  7 \"");
    EXPECT_EQ(geojson_json_text(""), "\"\"");
    EXPECT_EQ(geojson_json_text("x\n\"y\""), "\"x\\n\\\"y\\\"\"");
    // What the writer would change even so: refused.
    EXPECT_EQ(geojson_json_text("123456789012345678901234"), std::nullopt);
    EXPECT_EQ(geojson_json_text("{\"a\": [-123456789012345678901234]}"), std::nullopt);
    EXPECT_EQ(geojson_json_text("\xff"), std::nullopt);
}

TEST(OutputFit, MeasuresAreNotHeldByGeoJsonOrKml) {
    OGRPoint m(1, 2);
    m.setM(4);
    OGRPoint z(1, 2, 3);
    EXPECT_TRUE(depomap::io::geometry_not_held("GeoJSON", wkbPoint, m));
    EXPECT_TRUE(depomap::io::geometry_not_held("KML", wkbPoint, m));
    EXPECT_FALSE(depomap::io::geometry_not_held("GPKG", wkbPoint, m));
    EXPECT_FALSE(depomap::io::geometry_not_held("GeoJSON", wkbPoint, z));
    EXPECT_TRUE(depomap::io::geometry_not_held("ESRI Shapefile", wkbPoint, z));
    EXPECT_FALSE(depomap::io::geometry_not_held("ESRI Shapefile", wkbPoint25D, z));
    EXPECT_FALSE(depomap::io::geometry_not_held("ESRI Shapefile", wkbUnknown, m));
}
