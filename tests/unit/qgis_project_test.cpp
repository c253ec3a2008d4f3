// depomap qgis-project without QGIS: the QGIS version read from the installed library's name, the
// shared map views, the layouts' extent, and what the project XML holds when the styles folder or
// the store's own styles change (the layer list comes from them, not from code). QGIS itself opens
// the projects in tests/qgis/project_check.py.
#include "depomap/cli.hpp"
#include "depomap/error.hpp"
#include "depomap/qgis_project.hpp"
#include "depomap/store.hpp"
#include "style/map_views.hpp"
#include "style/qgis_layout.hpp"
#include "style/qgis_version.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;

fs::path scratch(const std::string &name) {
    auto dir = fs::path(DEPOMAP_TEST_BINARY_DIR) / "tmp" / (name + "." + std::to_string(getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void touch(const fs::path &p) { std::ofstream(p) << "x"; }

std::string read(const fs::path &p) {
    std::ifstream in(p);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

TEST(QgisVersion, HighestCoreLibraryInTheFolders) {
    const auto a = scratch("QgisVersion.a"), b = scratch("QgisVersion.b");
    touch(a / "libqgis_core.so.3.22.16");
    touch(a / "libqgis_core.so.3");          // the SONAME's short link: not a release
    touch(a / "libqgis_core.so.3.40.beta");  // not three numbers
    touch(b / "libqgis_core.so.3.34.2");
    touch(b / "libqgis_gui.so.3.99.0");      // another library
    EXPECT_EQ(depomap::style::qgis_version_in({a}), "3.22.16");
    EXPECT_EQ(depomap::style::qgis_version_in({a, b}), "3.34.2");
    EXPECT_EQ(depomap::style::qgis_version_in({scratch("QgisVersion.empty"), a / "no such folder"}), "");
    fs::remove_all(a);
    fs::remove_all(b);
}

TEST(QgisVersion, InstalledIsAReleaseNumber) {
    // The installed QGIS where there is one, else the fallback: three numbers either way.
    EXPECT_TRUE(std::regex_match(depomap::style::installed_qgis_version(), std::regex(R"(\d+\.\d+\.\d+)")));
    const auto found = depomap::style::qgis_version_in(depomap::style::qgis_library_dirs());
    EXPECT_EQ(depomap::style::installed_qgis_version(), found.empty() ? depomap::style::qgis_fallback_version : found);
}

TEST(MapViews, WorldAndRussiaOneTable) {
    const auto *world = depomap::style::find_map_view("world");
    const auto *russia = depomap::style::find_map_view("russia");
    ASSERT_TRUE(world && russia);
    EXPECT_STREQ(world->title, "World");
    EXPECT_STREQ(russia->title, "Russia and neighbours");
    EXPECT_TRUE(world->globe && !world->north_arrow);
    EXPECT_TRUE(!russia->globe && russia->north_arrow);
    EXPECT_GT(russia->box[2], 180) << "Chukotka, east of 180°, is in the Russia view";
    EXPECT_EQ(depomap::style::find_map_view("mars"), nullptr);
    EXPECT_NE(depomap::style::map_attribution("2025-12").find("figures as of 2025-12"), std::string::npos);
}

TEST(QgisLayout, ExtentFittedToTheMapFrame) {
    const auto frame = depomap::style::layout_map_frame();
    for (const std::array<double, 4> b : {std::array<double, 4>{0, 0, 100, 10}, {0, 0, 10, 100}}) {
        const auto e = depomap::style::fit_extent(b);
        EXPECT_NEAR((e[2] - e[0]) / (e[3] - e[1]), frame[2] / frame[3], 1e-9);
        EXPECT_LE(e[0], b[0]);
        EXPECT_LE(e[1], b[1]);
        EXPECT_GE(e[2], b[2]);
        EXPECT_GE(e[3], b[3]);
    }
}

class QgisProject : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = scratch("QgisProject.atlas");
        std::ostringstream out, err;
        ASSERT_EQ(depomap::cli::run({"init", "-q", "--db", (dir_ / "a.sqlite").string(), "--atlas"}, out, err), 0)
            << err.str();
    }
    static void TearDownTestSuite() { fs::remove_all(dir_); }
    static inline fs::path dir_;
};

TEST_F(QgisProject, LayersFromTheStoreAndTheStylesFolder) {
    // A styles folder with one style and no symbology.json: the other layers take the store's own
    // style (layer_styles), the names are the tables' as words.
    const auto styles = dir_ / "styles";
    fs::create_directories(styles);
    fs::copy_file(fs::path(DEPOMAP_TEST_SOURCE_DIR) / "styles" / "deposits.qml", styles / "deposits.qml",
                  fs::copy_options::overwrite_existing);
    fs::create_directories(dir_ / "sub");
    auto store = depomap::Store::open((dir_ / "a.sqlite").string(), depomap::Store::Access::read_only);
    const int layers = depomap::write_qgis_project(store, {dir_ / "sub" / "p.qgs", styles, false, "en"});
    EXPECT_EQ(layers, 7); // 5 store layers, the supply links, the globe; no basemap, so one admin layer
    const auto xml = read(dir_ / "sub" / "p.qgs");
    EXPECT_NE(xml.find("<layername>Deposits</layername>"), std::string::npos);
    EXPECT_NE(xml.find("<layername>Processing sites</layername>"), std::string::npos);
    EXPECT_NE(xml.find("dbname=&apos;../a.sqlite&apos;"), std::string::npos) << "relative to the project";
    // processing_sites styled by the store's layer_styles row (categorised by stage).
    const auto sites = xml.find("<id>processing_sites_depomap</id>");
    ASSERT_NE(sites, std::string::npos);
    EXPECT_NE(xml.find("attr=\"stage\"", sites), std::string::npos);
    EXPECT_TRUE(fs::exists(dir_ / "sub" / "p_map.gpkg"));
}

TEST_F(QgisProject, OccurrencesAnUnderlayOfTheCuratedPoints) {
    // symbology.json marks USGS's occurrences `underlay`: in the project's layer tree (top first)
    // they come after the curated points and before the areas, styled by styles/occurrences.qml.
    auto store = depomap::Store::open((dir_ / "a.sqlite").string(), depomap::Store::Access::read_only);
    const auto styles = fs::path(DEPOMAP_TEST_SOURCE_DIR) / "styles";
    depomap::write_qgis_project(store, {dir_ / "u.qgs", styles, false, "en"});
    const auto xml = read(dir_ / "u.qgs");
    const auto tree = xml.substr(0, xml.find("<Layouts>"));
    const auto at = [&](const char *id) { return tree.find(std::string("<layer-tree-layer id=\"") + id + "\""); };
    ASSERT_NE(at("occurrences_depomap"), std::string::npos);
    EXPECT_LT(at("deposits_depomap"), at("occurrences_depomap"));
    EXPECT_LT(at("processing_sites_depomap"), at("occurrences_depomap"));
    EXPECT_LT(at("occurrences_depomap"), at("reserve_areas_depomap"));
    const auto layer = xml.find("<id>occurrences_depomap</id>");
    ASSERT_NE(layer, std::string::npos);
    EXPECT_NE(xml.find("<layername>USGS site records</layername>", layer), std::string::npos);
    EXPECT_NE(xml.find("type=\"RuleRenderer\"", layer), std::string::npos);
}

TEST_F(QgisProject, RefusedBeforeAnythingIsWritten) {
    auto store = depomap::Store::open((dir_ / "a.sqlite").string(), depomap::Store::Access::read_only);
    const auto styles = fs::path(DEPOMAP_TEST_SOURCE_DIR) / "styles";
    EXPECT_THROW(depomap::write_qgis_project(store, {dir_ / "x.qgs", styles, false, "fr"}), depomap::UsageError);
    touch(dir_ / "y_map.gpkg");
    try {
        depomap::write_qgis_project(store, {dir_ / "y.qgs", styles, false, "en"});
        FAIL() << "an existing GeoPackage was replaced without --overwrite";
    } catch (const depomap::Error &e) {
        EXPECT_NE(std::string(e.what()).find("y_map.gpkg: exists; use the overwrite option"), std::string::npos)
            << e.what();
    }
    EXPECT_FALSE(fs::exists(dir_ / "x.qgs") || fs::exists(dir_ / "x_map.gpkg") || fs::exists(dir_ / "y.qgs"));
    EXPECT_EQ(read(dir_ / "y_map.gpkg"), "x");
}

} // namespace
