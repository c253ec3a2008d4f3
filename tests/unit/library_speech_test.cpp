// The library speaks library: its messages name an option by its field (depomap::option_ref) or
// a value by its subject (depomap::BadValue), never by a command-line flag; the CLI names the
// flag. One case per place that says so: the queries and their sources, load, the store, render,
// the projection, the QGIS project; then the same refusals through the CLI.
#include "depomap/cli.hpp"
#include "depomap/error.hpp"
#include "depomap/load.hpp"
#include "depomap/qgis_project.hpp"
#include "depomap/query.hpp"
#include "depomap/render.hpp"
#include "depomap/store.hpp"
#include "geo/projection.hpp"
#include "test_config.hpp"
#include "library_words.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace {

using depomap::BadValue;
using depomap::LoadOptions;
using depomap::Store;
using depomap::test::error_of;
using depomap::test::expect_library_words;
using depomap::test::subject_of;
using depomap::test::test_dir;

std::string data(const std::string &name) { return std::string(DEPOMAP_TEST_DATA_DIR) + "/" + name; }

/// A store at `dir`/s.sqlite with the deposits of deposits_xy.csv.
std::string store_with_deposits(const std::filesystem::path &dir) {
    const auto path = (dir / "s.sqlite").string();
    Store::create(path).close();
    auto store = Store::open(path, Store::Access::read_write);
    LoadOptions o;
    o.x_field = "lon";
    o.y_field = "lat";
    depomap::load(store, {data("deposits_xy.csv")}, o);
    store.close();
    return path;
}

TEST(library_speech, QueriesNameTheirLayersAndFiltersByField) {
    const auto path = store_with_deposits(test_dir());
    auto store = Store::open(path, Store::Access::read_only);
    depomap::query::NearestOptions o;
    o.from = "deposit"; // a bare word: a mistyped layer
    expect_library_words(error_of([&] { depomap::query::nearest(store, o); }), "the from option 'deposit'");
    o.from = "country_stats";
    EXPECT_EQ(subject_of([&] { depomap::query::nearest(store, o); }), "from layer");
    o.from = "deposits";
    o.to = "country_stats"; // a store layer without geometry
    EXPECT_EQ(subject_of([&] { depomap::query::nearest(store, o); }), "to layer");
    o.to = "deposits";
    o.to_where = "1); SELECT (1";
    expect_library_words(error_of([&] { depomap::query::nearest(store, o); }), "the to_where option: one SQL");
    expect_library_words(error_of([&] { depomap::query::read_features(store, "deposits", "nosuch = 1"); }),
                         "the where option: layer deposits has no column nosuch");
    expect_library_words(error_of([&] { depomap::query::find_feature(store, "nosuch"); }), "the id option 'nosuch'");
    expect_library_words(error_of([&] { depomap::query::summary(store, "deposits", "status", "1); SELECT (1"); }),
                         "the where option: one SQL expression");
    expect_library_words(error_of([&] { depomap::query::refuse_unknown_layer("sites", "to"); }),
                         "the to option 'sites': no such file or store layer");
}

TEST(library_speech, SourcesReadInPlaceNameTheirOption) {
    depomap::query::use_gdal();
    const auto dir = test_dir();
    auto store = Store::open(store_with_deposits(dir), Store::Access::read_only);
    depomap::query::NearestOptions o;
    o.to = (dir / "missing.geojson").string();
    expect_library_words(error_of([&] { depomap::query::nearest(store, o); }), "the to option '" + o.to + "'");
    o.to = data("deposits.geojson");
    o.to_where = "nosuch =";
    expect_library_words(error_of([&] { depomap::query::nearest(store, o); }), "the to_where option 'nosuch ='");
    // summary of a source by a column it lacks: the group column, and the layer by its option.
    try {
        (void)depomap::query::summary(store, data("deposits.geojson"), "nosuch");
        FAIL() << "no exception";
    } catch (const BadValue &e) {
        EXPECT_EQ(e.subject(), "group column");
        expect_library_words(e.what(), "the layer option '" + data("deposits.geojson") + "' has no such column");
    }
}

TEST(library_speech, RegionsNameTheLayerAndTheAtlasInWords) {
    const auto path = store_with_deposits(test_dir());
    auto store = Store::open(path, Store::Access::read_only);
    const auto message = error_of([&] { depomap::query::region_by_name(store, "deposits", "Murmansk"); });
    expect_library_words(message, "a store made with the atlas");
    EXPECT_EQ(message.find("depomap init"), std::string::npos) << message;
    EXPECT_EQ(subject_of([&] { depomap::query::region_by_name(store, "country_stats", "Murmansk"); }), "layer");
}

TEST(library_speech, LoadNamesItsOptionsByField) {
    const auto dir = test_dir();
    const auto path = (dir / "s.sqlite").string();
    Store::create(path).close();
    auto store = Store::open(path, Store::Access::read_write);
    LoadOptions o;
    o.layer = "country_stats";
    o.assign_country = true;
    expect_library_words(error_of([&] { depomap::load(store, {data("deposits_xy.csv")}, o); }),
                         "the assign_country option: layer country_stats has no country_iso3");
    o = {};
    o.layer = "reserve_areas";
    o.x_field = "lon";
    o.y_field = "lat";
    expect_library_words(error_of([&] { depomap::load(store, {data("deposits_xy.csv")}, o); }),
                         "the x_field option/the y_field option make points");
    o = {};
    o.field_map = {{"nosuch", "ore_mt"}};
    o.x_field = "lon";
    o.y_field = "lat";
    expect_library_words(error_of([&] { depomap::load(store, {data("deposits_xy.csv")}, o); }),
                         "the field_map option nosuch=ore_mt: layer deposits has no column 'nosuch'");
    // A --map source no feature of a GeoJSON stream has, found once its features are read.
    std::ofstream(dir / "two.geojson")
        << R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a"},)"
        << R"("geometry":{"type":"Point","coordinates":[1,2]}}]})";
    o = {};
    o.field_map = {{"notes", "remark"}};
    expect_library_words(error_of([&] { depomap::load(store, {(dir / "two.geojson").string()}, o); }),
                         "the field_map option");
    // No admin regions to assign countries from.
    o = {};
    o.assign_country = true;
    o.x_field = "lon";
    o.y_field = "lat";
    const auto none = error_of([&] { depomap::load(store, {data("deposits_xy.csv")}, o); });
    expect_library_words(none, "the assign_country option: the store has no admin regions");
    expect_library_words(none, "make the store with the atlas");
}

TEST(library_speech, CountryRejectsAndNotesNameTheOption) {
    const auto dir = test_dir();
    Store::create((dir / "s.sqlite").string()).close();
    Store::create((dir / "t.sqlite").string()).close();
    auto store = Store::open((dir / "s.sqlite").string(), Store::Access::read_write);
    LoadOptions o;
    o.x_field = "lon";
    o.y_field = "lat";
    o.strict_country = true;
    o.skip_invalid = true;
    std::vector<std::string> notes;
    o.note = [&](const std::string &line) { notes.push_back(line); };
    const auto report = depomap::load(store, {data("deposits_country.csv")}, o);
    ASSERT_FALSE(report.rejects.empty());
    expect_library_words(report.rejects.front().reason, "the strict_country option rejects it");
    o.strict_country = false;
    o.skip_invalid = false;
    notes.clear();
    auto other = Store::open((dir / "t.sqlite").string(), Store::Access::read_write);
    (void)depomap::load(other, {data("deposits_country.csv")}, o);
    ASSERT_FALSE(notes.empty());
    bool named = false;
    for (const auto &line : notes) {
        EXPECT_EQ(line.find("--"), std::string::npos) << line;
        named = named || line.find("the strict_country option rejects such features") != std::string::npos;
    }
    EXPECT_TRUE(named);
}

TEST(library_speech, TheStoreSaysWhatToDoInItsOwnWords) {
    const auto dir = test_dir();
    const auto path = (dir / "s.sqlite").string();
    Store::create(path).close();
    expect_library_words(error_of([&] { Store::create(path); }), "use the overwrite option to replace it");
    const auto missing = (dir / "missing.sqlite").string();
    expect_library_words(error_of([&] { Store::open(missing, Store::Access::read_only); }),
                         missing + ": no such store (create one first)");
}

TEST(library_speech, RenderNamesItsOptionsAndThePictureSize) {
    expect_library_words(error_of([] { depomap::render::parse_bbox("1,2,3"); }), "the bbox option: \"1,2,3\"");
    expect_library_words(error_of([] { depomap::render::format_from_path("m.gif"); }), "the output option m.gif");
    const auto dir = test_dir();
    depomap::render::Options o;
    o.db = store_with_deposits(dir);
    o.output = (dir / "m.png").string();
    o.width = 100;
    EXPECT_EQ(subject_of([&] { depomap::render::render_map(o); }), "picture size");
    o.width = 1600;
    o.layers = {"nosuch"};
    expect_library_words(error_of([&] { depomap::render::render_map(o); }), "the layers option: \"nosuch\"");
    o.layers = {};
    o.view = "Nowhereland";
    expect_library_words(error_of([&] { depomap::render::render_map(o); }), "the view option: not world");
}

TEST(library_speech, AProjectionRefusesATargetCrs) {
    EXPECT_EQ(subject_of([] { depomap::geo::Projection p("+proj=nonsense +type=crs"); }), "target CRS");
}

TEST(library_speech, QgisProjectNamesItsOptions) {
    const auto dir = test_dir();
    auto store = Store::open(store_with_deposits(dir), Store::Access::read_only);
    depomap::QgisProjectOptions o;
    expect_library_words(error_of([&] { depomap::write_qgis_project(store, o); }), "the output option");
    o.output = dir / "p.qgs";
    o.labels = "ru";
    expect_library_words(error_of([&] { depomap::write_qgis_project(store, o); }), "the labels option: \"ru\"");
}

// --- The CLI names the flags ---------------------------------------------------------------------

std::string cli_err(const std::vector<std::string> &args, int expected) {
    std::ostringstream out, err;
    EXPECT_EQ(depomap::cli::run(args, out, err), expected) << err.str();
    return err.str();
}

TEST(library_speech, TheCliNamesTheFlags) {
    const auto dir = test_dir();
    const auto db = store_with_deposits(dir);
    EXPECT_NE(cli_err({"nearest", "--db", db, "--from", "country_stats"}, 2).find("--from 'country_stats': "),
              std::string::npos);
    EXPECT_NE(cli_err({"nearest", "--db", db, "--to", "deposits", "--to-where", "1); SELECT (1"}, 2)
                  .find("--to-where: one SQL expression"),
              std::string::npos);
    EXPECT_NE(cli_err({"within", "--db", db, "--id", "nosuch", "--km", "5"}, 1).find("--id 'nosuch': "),
              std::string::npos);
    EXPECT_NE(cli_err({"summary", "--db", db, "--by", "status", "--where", "nosuch = 1"}, 1)
                  .find("--where: layer deposits has no column nosuch"),
              std::string::npos);
    EXPECT_NE(cli_err({"render", "--db", db, "-o", (dir / "m.png").string(), "--size", "100x100"}, 2)
                  .find("--size '100x100': from 400x300"),
              std::string::npos);
    EXPECT_NE(cli_err({"render", "--db", db, "-o", (dir / "m.png").string(), "--t-srs", "+proj=nonsense"}, 2)
                  .find("--t-srs '+proj=nonsense +type=crs': not a CRS PROJ knows"),
              std::string::npos);
    EXPECT_NE(cli_err({"render", "--db", db, "-o", (dir / "m.gif").string()}, 2).find("-o " + (dir / "m.gif").string()),
              std::string::npos);
    EXPECT_NE(cli_err({"load", "--db", db, "--layer", "country_stats", "--assign-country", data("deposits_xy.csv")}, 2)
                  .find("--assign-country: layer country_stats"),
              std::string::npos);
    EXPECT_NE(cli_err({"init", "-q", "--db", db}, 1).find("use --overwrite"), std::string::npos);
}

TEST(library_speech, TheCliNamesTheFlagsInNotesAndRejects) {
    const auto dir = test_dir();
    const auto db = (dir / "s.sqlite").string();
    const auto rejects = (dir / "rejects.csv").string();
    cli_err({"init", "-q", "--db", db}, 0);
    const auto err =
        cli_err({"load", "--db", db, "--x-field", "lon", "--y-field", "lat", data("deposits_country.csv")}, 0);
    EXPECT_NE(err.find("(--strict-country rejects such features)"), std::string::npos) << err;
    cli_err({"load", "-q", "--db", db, "--x-field", "lon", "--y-field", "lat", "--strict-country", "--skip-invalid",
             "--rejects", rejects, data("deposits_country.csv")},
            0);
    std::ifstream in(rejects);
    const std::string csv((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_NE(csv.find("--strict-country rejects it"), std::string::npos) << csv;
    EXPECT_EQ(csv.find("the strict_country option"), std::string::npos) << csv;
}

} // namespace
