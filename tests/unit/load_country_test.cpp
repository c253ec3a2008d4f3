// Countries as load reads them (loading::CountryNames on the shipped geodata/country_names.csv,
// loading::CountryLocator on the shipped admin regions) and sources as GDAL opens them
// (io::source_path).
#include "depomap/atlas.hpp"
#include "depomap/error.hpp"
#include "depomap/store.hpp"
#include "gdal/io/source_check.hpp"
#include "gdal/load/country.hpp"
#include "test_config.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>

namespace {

using depomap::loading::CountryLocator;
using depomap::loading::CountryNames;

const std::filesystem::path geodata = std::filesystem::path(DEPOMAP_TEST_SOURCE_DIR) / "geodata";

TEST(CountryNames, NamesInAnyCaseAndLanguage) {
    const CountryNames names(geodata / "country_names.csv");
    for (const char *name : {"Russia", "Russian Federation", "Россия", "РОССИЯ", "россия",
                             "  russian federation ", "RUS", "rus"}) {
        EXPECT_EQ(names.code(name).value_or("none"), "RUS") << name;
    }
    EXPECT_EQ(names.code("Greenland").value_or("none"), "GRL");
    EXPECT_FALSE(names.code("Atlantis"));
    EXPECT_FALSE(names.code(""));
    // Not a code of the table, whatever its shape.
    EXPECT_FALSE(names.code("XQZ"));
}

TEST(CountryNames, ABadTableIsNamed) {
    const auto dir = depomap::test::test_dir();
    std::ofstream(dir / "names.csv") << "country,code\nRussia,RUS\n";
    EXPECT_THROW(CountryNames(dir / "names.csv"), depomap::Error);
    std::ofstream(dir / "short.csv") << "name,iso3\nRussia,RU\n";
    try {
        CountryNames bad(dir / "short.csv");
        FAIL() << "a two-letter code was taken";
    } catch (const depomap::Error &e) {
        EXPECT_NE(std::string(e.what()).find("short.csv: line 2 is not name,iso3"), std::string::npos) << e.what();
    }
    EXPECT_THROW(CountryNames(dir / "missing.csv"), depomap::Error);
}

TEST(CountryNames, LooksLikeIso3) {
    using depomap::loading::looks_like_iso3;
    EXPECT_TRUE(looks_like_iso3("RUS"));
    EXPECT_TRUE(looks_like_iso3("WLD"));
    EXPECT_FALSE(looks_like_iso3("Rus"));
    EXPECT_FALSE(looks_like_iso3("RU"));
    EXPECT_FALSE(looks_like_iso3("RUSS"));
}

TEST(CountryLocator, PointsAndPolygonsOfTheAtlas) {
    const auto path = (depomap::test::test_dir() / "atlas.sqlite").string();
    auto store = depomap::Store::create(path);
    depomap::load_atlas(store, geodata, {});
    CountryLocator locator(store);
    EXPECT_EQ(locator.at(116.0, 71.05), "RUS");    // Tomtor
    EXPECT_EQ(locator.at(-45.97, 60.97), "GRL");   // Kvanefjeld
    EXPECT_EQ(locator.at(-30.0, 0.0), "");         // the Atlantic
    OGRPolygon area;
    OGRLinearRing ring;
    for (const auto &[x, y] : {std::pair{116.0, 71.0}, {116.2, 71.0}, {116.2, 71.1}, {116.0, 71.1}, {116.0, 71.0}})
        ring.addPoint(x, y);
    area.addRing(&ring);
    EXPECT_EQ(locator.at(area), "RUS");
}

TEST(CountryLocator, AStoreWithoutAdminRegionsIsAnError) {
    const auto path = (depomap::test::test_dir() / "empty.sqlite").string();
    auto store = depomap::Store::create(path);
    try {
        CountryLocator locator(store);
        FAIL() << "no error";
    } catch (const depomap::Error &e) {
        EXPECT_NE(std::string(e.what()).find("no admin regions"), std::string::npos) << e.what();
    }
}

TEST(SourcePath, PackedAndRemoteSourcesGoThroughGdalsVirtualFiles) {
    using depomap::io::source_path;
    const auto cwd = std::filesystem::current_path().string();
    EXPECT_EQ(source_path("a/sites.zip").gdal, "/vsizip/" + cwd + "/a/sites.zip");
    EXPECT_EQ(source_path("/d/sites.geojson.gz").gdal, "/vsigzip//d/sites.geojson.gz");
    EXPECT_EQ(source_path("/d/sites.tar.gz").gdal, "/vsitar//d/sites.tar.gz");
    EXPECT_EQ(source_path("https://h/x/sites.geojson").gdal, "/vsicurl/https://h/x/sites.geojson");
    EXPECT_EQ(source_path("http://h/sites.zip?raw=1").gdal, "/vsizip//vsicurl/http://h/sites.zip?raw=1");
    EXPECT_EQ(source_path("/vsizip/a.zip/b.shp").gdal, "/vsizip/a.zip/b.shp");
    EXPECT_TRUE(source_path("/vsizip/a.zip/b.shp").vsi);
    EXPECT_FALSE(source_path("/d/sites.csv").vsi);
    EXPECT_EQ(source_path("/d/sites.csv").gdal, "/d/sites.csv");
    // Ids are made of the name without its packing.
    EXPECT_EQ(source_path("/d/sites.geojson.gz").stem, "sites");
    EXPECT_EQ(source_path("http://h/sites.zip?raw=1").stem, "sites");
    EXPECT_EQ(source_path("/vsizip/a.zip/b.shp").stem, "b");
    EXPECT_EQ(source_path("/d/sites.csv").stem, "sites");
}

} // namespace
