// depomap render: pictures checked by meaning (colours at the projected positions of known
// deposits, labels placed without overlap, Cyrillic names), errors, and the symbology shared with
// the QGIS styles.
#include "depomap/cli.hpp"
#include "depomap/error.hpp"
#include "depomap/render.hpp"
#include "render/symbology.hpp"
#include "test_dir.hpp"

#include <cairo.h>
#include <gtest/gtest.h>
#include <proj.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace {

namespace fs = std::filesystem;
using depomap::render::Options;

/// One atlas store for the whole suite (per process: CTest runs each test in a process of its own,
/// side by side).
class Render : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = fs::path(DEPOMAP_TEST_BINARY_DIR) / "tmp" / ("Render.atlas." + std::to_string(getpid()));
        fs::remove_all(dir_);
        fs::create_directories(dir_);
        std::ostringstream out, err;
        const int code = depomap::cli::run({"init", "-q", "--db", (dir_ / "a.sqlite").string(), "--atlas"}, out, err);
        ASSERT_EQ(code, 0) << err.str();
    }
    static void TearDownTestSuite() { fs::remove_all(dir_); }
    static std::string db() { return (dir_ / "a.sqlite").string(); }
    static inline fs::path dir_;
};

struct Rgba {
    int r, g, b, a;
};

/// The pixel of a PNG at (x, y).
Rgba pixel(const fs::path &png, double x, double y) {
    cairo_surface_t *s = cairo_image_surface_create_from_png(png.c_str());
    EXPECT_EQ(cairo_surface_status(s), CAIRO_STATUS_SUCCESS);
    const unsigned char *data = cairo_image_surface_get_data(s);
    const int stride = cairo_image_surface_get_stride(s);
    const auto *p = data + static_cast<int>(y) * stride + static_cast<int>(x) * 4; // BGRA, premultiplied
    Rgba c{p[2], p[1], p[0], p[3]};
    cairo_surface_destroy(s);
    return c;
}

/// Where lon/lat lands on the page: projected with PROJ here, placed with the map's extent.
std::pair<double, double> page_position(const depomap::render::Result &r, double lon, double lat) {
    PJ_CONTEXT *ctx = proj_context_create();
    PJ *raw = proj_create_crs_to_crs(ctx, "EPSG:4326", r.crs.c_str(), nullptr);
    PJ *t = proj_normalize_for_visualization(ctx, raw);
    const PJ_COORD c = proj_trans(t, PJ_FWD, proj_coord(lon, lat, 0, 0));
    proj_destroy(t);
    proj_destroy(raw);
    proj_context_destroy(ctx);
    const auto &e = r.extent;
    const auto &m = r.map_rect;
    return {m[0] + (c.xy.x - e[0]) / (e[2] - e[0]) * m[2], m[1] + (e[3] - c.xy.y) / (e[3] - e[1]) * m[3]};
}

void expect_colour(const Rgba &got, int r, int g, int b, const std::string &what) {
    EXPECT_LE(std::abs(got.r - r) + std::abs(got.g - g) + std::abs(got.b - b), 30)
        << what << ": got " << got.r << "," << got.g << "," << got.b << ", expected " << r << "," << g << "," << b;
}

TEST_F(Render, WorldPngHasDepositColoursAtTheirProjectedPositions) {
    const fs::path out = depomap::test::test_dir() / "world.png";
    Options o;
    o.db = db();
    o.output = out.string();
    const auto result = depomap::render::render_map(o);
    ASSERT_TRUE(fs::exists(out));
    EXPECT_FALSE(fs::exists(out.string() + ".part"));
    EXPECT_EQ(result.layers, (std::vector<std::string>{"admin_regions", "reserve_areas", "deposits", "processing_sites"}));
    // Producing deposits without a tonnage and with no plant drawn over them: the small producing
    // circle, #d55e00, opaque.
    for (const auto &[lon, lat, name] : {std::tuple{-60.1167, -0.75, "Pitinga"}, {-46.9419, -19.6611, "Araxá"}}) {
        const auto [x, y] = page_position(result, lon, lat);
        expect_colour(pixel(out, x, y), 0xd5, 0x5e, 0x00, name);
    }
    // Tomtor, in development: #e69f00 at 95 % over the land.
    const auto [x, y] = page_position(result, 116.0, 71.05);
    expect_colour(pixel(out, x, y), 0xe6, 0xa1, 0x0b, "Tomtor");
    // The sea in the South Pacific, the land in the Sahara, white outside the globe.
    const auto [sx, sy] = page_position(result, -130, -30);
    expect_colour(pixel(out, sx, sy), 0xdc, 0xe8, 0xef, "sea");
    const auto [lx, ly] = page_position(result, 10, 23);
    expect_colour(pixel(out, lx, ly), 0xf3, 0xf1, 0xec, "land");
    expect_colour(pixel(out, result.map_rect[0] + 3, result.map_rect[1] + 3), 255, 255, 255, "outside the globe");
}

TEST_F(Render, LabelsNeverOverlapAndLocalNamesAreCyrillic) {
    const fs::path dir = depomap::test::test_dir();
    Options o;
    o.db = db();
    o.output = (dir / "russia.png").string();
    o.view = "russia";
    o.labels = depomap::render::Labels::both;
    const auto result = depomap::render::render_map(o);
    ASSERT_GT(result.labels.size(), 20u);
    bool cyrillic = false;
    for (std::size_t i = 0; i < result.labels.size(); ++i) {
        const auto &a = result.labels[i];
        cyrillic = cyrillic || a.text.find("Ловозёрское") != std::string::npos;
        for (std::size_t j = i + 1; j < result.labels.size(); ++j) {
            const auto &b = result.labels[j];
            const bool overlap = a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
            EXPECT_FALSE(overlap) << "\"" << a.text << "\" and \"" << b.text << "\"";
        }
        EXPECT_GE(a.x0, result.map_rect[0] - 1) << a.text;
        EXPECT_LE(a.x1, result.map_rect[0] + result.map_rect[2] + 1) << a.text;
    }
    EXPECT_TRUE(cyrillic);
    // Chukotka is on the map, not torn: 175° E and 175° W both inside the frame.
    for (double lon : {175.0, -175.0}) {
        const auto [x, y] = page_position(result, lon, 66);
        EXPECT_GT(x, result.map_rect[0]) << lon;
        EXPECT_LT(x, result.map_rect[0] + result.map_rect[2]) << lon;
        EXPECT_GT(y, result.map_rect[1]) << lon;
    }
}

TEST_F(Render, SvgAndPdfAreWritten) {
    const fs::path dir = depomap::test::test_dir();
    for (const char *name : {"m.svg", "m.pdf"}) {
        Options o;
        o.db = db();
        o.output = (dir / name).string();
        o.layers = {"deposits"};
        depomap::render::render_map(o);
        std::ifstream in(dir / name);
        std::string head(5, '\0');
        in.read(head.data(), 5);
        EXPECT_TRUE(head == "%PDF-" || head.find("<?xml") == 0 || head.find("<svg") == 0) << name << ": " << head;
    }
}

TEST_F(Render, RegionViewShowsChukotkaWholeAcrossTheAntimeridian) {
    const fs::path out = depomap::test::test_dir() / "chukotka.png";
    Options o;
    o.db = db();
    o.output = out.string();
    o.view = "Chukotka";
    const auto result = depomap::render::render_map(o);
    EXPECT_NE(result.crs.find("laea"), std::string::npos) << result.crs;
    // Land on both sides of 180° and on the meridian itself: no sea strip, no border line.
    for (const double lon : {179.0, 180.0, -179.0}) {
        const auto [x, y] = page_position(result, lon, 67.0);
        EXPECT_GT(x, result.map_rect[0]);
        EXPECT_LT(x, result.map_rect[0] + result.map_rect[2]);
        expect_colour(pixel(out, x, y), 0xf3, 0xf1, 0xec, "land at " + std::to_string(lon) + " E, 67 N");
    }
}

TEST_F(Render, RegionViewFindsAnyOfTheRegionsNames) {
    const fs::path out = depomap::test::test_dir() / "yakutia.png";
    Options o;
    o.db = db();
    o.output = out.string();
    o.view = "Якутия";
    const auto result = depomap::render::render_map(o);
    const auto [x, y] = page_position(result, 116.0, 71.05);
    expect_colour(pixel(out, x, y), 0xe6, 0xa1, 0x0b, "Tomtor");
}

TEST_F(Render, BadRequestsAreRefusedAndWriteNothing) {
    const fs::path dir = depomap::test::test_dir();
    Options o;
    o.db = db();
    o.output = (dir / "m.gif").string();
    EXPECT_THROW(depomap::render::render_map(o), depomap::UsageError);
    o.output = (dir / "m.png").string();
    o.view = "atlantis"; // neither a view nor an admin region of the store
    EXPECT_THROW(depomap::render::render_map(o), depomap::Error);
    o.view = "world";
    o.layers = {"country_stats"};
    EXPECT_THROW(depomap::render::render_map(o), depomap::UsageError);
    o.layers = {};
    o.width = 10;
    EXPECT_THROW(depomap::render::render_map(o), depomap::UsageError);
    o.width = 1600;
    o.t_srs = "+proj=nonsense";
    EXPECT_THROW(depomap::render::render_map(o), depomap::UsageError);
    o.t_srs = "";
    o.db = (dir / "missing.sqlite").string();
    EXPECT_THROW(depomap::render::render_map(o), depomap::Error);
    EXPECT_TRUE(fs::is_empty(dir));
    EXPECT_THROW(depomap::render::parse_bbox("1,2,3"), depomap::UsageError);
    EXPECT_THROW(depomap::render::parse_bbox("0,10,20,5"), depomap::UsageError);
    const auto crossing = depomap::render::parse_bbox("170,50,-170,70");
    EXPECT_EQ(crossing[2], 190);
}

TEST_F(Render, AnExistingPictureIsKeptWithoutOverwrite) {
    const fs::path out = depomap::test::test_dir() / "m.png";
    std::ofstream(out) << "mine";
    Options o;
    o.db = db();
    o.output = out.string();
    EXPECT_THROW(depomap::render::render_map(o), depomap::Error);
    std::ifstream in(out);
    std::string content;
    in >> content;
    EXPECT_EQ(content, "mine");
}

/// The compiled-in symbology is the one the QGIS styles were made from: every colour of it is in
/// the shipped .qml files.
TEST(RenderSymbology, MatchesTheShippedQgisStyles) {
    const auto &s = depomap::render::symbology();
    const auto qml = [](const char *layer) {
        std::ifstream in(fs::path(DEPOMAP_TEST_SOURCE_DIR) / "styles" / (std::string(layer) + ".qml"));
        return std::string(std::istreambuf_iterator<char>(in), {});
    };
    const auto rgb = [](const std::string &hex) {
        const auto c = depomap::render::parse_colour(hex);
        return std::to_string(std::lround(c.r * 255)) + "," + std::to_string(std::lround(c.g * 255)) + "," +
               std::to_string(std::lround(c.b * 255)) + ",";
    };
    const std::string deposits = qml("deposits"), sites = qml("processing_sites"), links = qml("supply_links");
    ASSERT_EQ(s.deposit_classes.size(), 6u);
    for (const auto &c : s.deposit_classes) {
        EXPECT_NE(deposits.find("value=\"" + c.value + "\""), std::string::npos) << c.value;
        EXPECT_NE(deposits.find(rgb(c.fill)), std::string::npos) << c.value << " " << c.fill;
    }
    for (const auto &c : s.site_classes) EXPECT_NE(sites.find(rgb(c.fill)), std::string::npos) << c.value;
    for (const auto &c : s.link_classes) EXPECT_NE(links.find(rgb(c.colour)), std::string::npos) << c.colour;
    EXPECT_NE(qml("reserve_areas").find(rgb(s.reserve_colour)), std::string::npos);
    EXPECT_DOUBLE_EQ(s.deposit_size_mm(0, false), s.size_null_mm);
    EXPECT_DOUBLE_EQ(s.deposit_size_mm(s.treo_max * 4, true), s.size_max_mm);
    EXPECT_THROW(depomap::render::parse_symbology("{}"), depomap::Error);
}

} // namespace
