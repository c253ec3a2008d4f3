// Export helpers: format names, the fixed Shapefile short names, UTF-8 splitting, QML renaming.
#include "depomap/error.hpp"
#include "depomap/export.hpp"
#include "depomap/schema.hpp"

#include <gtest/gtest.h>

#include <set>

namespace {

using namespace depomap;

TEST(ExportFormat, NamesAndAliases) {
    EXPECT_EQ(resolve_format("geojson").driver, "GeoJSON");
    EXPECT_EQ(resolve_format("ESRI Shapefile").driver, "ESRI Shapefile");
    EXPECT_EQ(resolve_format("shp").driver, "ESRI Shapefile");
    EXPECT_EQ(resolve_format("GPKG").driver, "GPKG");
    EXPECT_EQ(resolve_format("fgb").driver, "FlatGeobuf");
    EXPECT_EQ(resolve_format("sqlite").driver, "SQLite");
    EXPECT_THROW(resolve_format("dxf"), UsageError);
    ASSERT_NE(format_from_extension("out/a.GeoJSON"), nullptr);
    EXPECT_EQ(format_from_extension("a.shp")->driver, "ESRI Shapefile");
    EXPECT_EQ(format_from_extension("a.txt"), nullptr);
}

TEST(ShapefileNames, EverySchemaColumnFitsAndIsUniquePerLayer) {
    for (const auto &layer : schema::layers()) {
        std::set<std::string> names;
        for (const auto &column : layer.columns) {
            const auto name = shapefile::field_name(column.name);
            EXPECT_LE(name.size(), 10u) << column.name;
            EXPECT_TRUE(names.insert(name).second) << layer.name << ": " << name << " twice";
        }
        EXPECT_TRUE(names.insert(shapefile::field_name(schema::extra_column)).second);
    }
    EXPECT_EQ(shapefile::field_name("contained_treo_t"), "treo_t");
    EXPECT_EQ(shapefile::part_name("notes", 2), "notes_2");
    EXPECT_EQ(shapefile::part_name("source_url", 2), "source_u_2");
    EXPECT_THROW(shapefile::field_name("a_name_nobody_mapped"), Error);
}

TEST(ShapefileNames, SplitNeverCutsACharacterOrEndsInASpace) {
    const std::string text = "Чукотка Чукотка Чукотка";
    // From 15 bytes on a cut away from spaces always exists (the longest word is 14 bytes).
    for (std::size_t max = 15; max < text.size(); ++max) {
        std::string joined;
        for (auto part : shapefile::split_utf8(text, max)) {
            EXPECT_LE(part.size(), max);
            EXPECT_NE((static_cast<unsigned char>(part.front()) & 0xC0), 0x80u);
            EXPECT_NE(part.back(), ' ');
            EXPECT_NE(part.front(), ' ');
            joined += part;
        }
        EXPECT_EQ(joined, text);
    }
}

TEST(Style, RenameFieldsUsesShortNamesAndFullAliases) {
    const std::string qml = R"x(<qgis><renderer-v2 attr="contained_treo_t"/>)x"
                            R"x(<orderByClause>coalesce("contained_treo_t", 0)</orderByClause>)x"
                            R"x(<x expression="&quot;contained_treo_t&quot; + 1"/>)x"
                            R"x(<aliases><alias name="Contained TREO (t)" field="contained_treo_t" index="0"/></aliases></qgis>)x";
    const auto out = style::rename_fields(qml, {{"contained_treo_t", "treo_t"}});
    EXPECT_NE(out.find(R"x(attr="treo_t")x"), std::string::npos);
    EXPECT_NE(out.find(R"x(coalesce("treo_t", 0))x"), std::string::npos);
    EXPECT_NE(out.find("&quot;treo_t&quot; + 1"), std::string::npos);
    EXPECT_NE(out.find(R"x(<alias name="contained_treo_t" field="treo_t")x"), std::string::npos);
}

} // namespace
