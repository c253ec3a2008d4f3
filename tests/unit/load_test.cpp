// depomap::load() on the fixtures of tests/data: counts, the spatial index, field mapping,
// geometry conforming, CRS transforms, and the all-or-nothing rule checked by reopening the store.
#include "depomap/error.hpp"
#include "depomap/load.hpp"
#include "depomap/store.hpp"
#include "test_config.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using depomap::Error;
using depomap::LoadOptions;
using depomap::LoadReport;
using depomap::Store;
using depomap::UsageError;

using depomap::test::test_dir;

std::string data(const std::string &name) { return std::string(DEPOMAP_TEST_DATA_DIR) + "/" + name; }

std::int64_t count(Store &store, const std::string &table) {
    return store.db().scalar_int("SELECT count(*) FROM " + table).value_or(-1);
}

std::vector<std::string> ids(Store &store, const std::string &table) {
    std::vector<std::string> result;
    auto stmt = store.db().prepare("SELECT id FROM " + table + " ORDER BY id");
    while (stmt.step()) result.push_back(stmt.column_text(0));
    return result;
}

// The spatial index agrees with the table: one R*Tree entry per row, and SpatiaLite's own check.
void expect_index_consistent(Store &store, const std::string &layer) {
    EXPECT_EQ(store.db().scalar_int("SELECT count(*) FROM idx_" + layer + "_geom"), count(store, layer))
        << layer;
    EXPECT_EQ(store.db().scalar_int("SELECT CheckSpatialIndex('" + layer + "', 'geom')"), 1) << layer;
}

struct Point {
    double x, y;
};
Point point_of(Store &store, const std::string &layer, const std::string &id) {
    auto stmt = store.db().prepare("SELECT X(geom), Y(geom) FROM " + layer + " WHERE id = ?");
    stmt.bind(1, id);
    if (!stmt.step()) {
        ADD_FAILURE() << "no feature " << id << " in " << layer;
        return {0, 0};
    }
    return {stmt.column_double(0), stmt.column_double(1)};
}

std::string text_of(Store &store, const std::string &sql) {
    return store.db().scalar_text(sql).value_or("<NULL>");
}

LoadOptions xy_options() {
    LoadOptions o;
    o.x_field = "lon";
    o.y_field = "lat";
    return o;
}

class Load : public ::testing::Test {
  protected:
    void SetUp() override {
        path_ = (test_dir() / "s.sqlite").string();
        Store::create(path_).close();
        store_ = std::make_unique<Store>(Store::open(path_, Store::Access::read_write));
    }
    void reopen() {
        store_->close();
        store_.reset();
        store_ = std::make_unique<Store>(Store::open(path_, Store::Access::read_write));
    }
    Store &store() { return *store_; }

    std::string path_;
    std::unique_ptr<Store> store_;
};

TEST_F(Load, EveryFormatLoadsTheSameThreeDeposits) {
    struct Case {
        std::string file;
        LoadOptions options;
    };
    std::vector<Case> cases = {{"deposits.geojson", {}},       {"deposits_shp.shp", {}},
                               {"deposits.gpkg", {}},          {"deposits.kml", {}},
                               {"deposits.fgb", {}},           {"deposits_xy.csv", xy_options()},
                               {"deposits_semicolon.csv", xy_options()},
                               {"deposits_bom_crlf.csv", xy_options()}};
    for (const auto &c : cases) {
        SCOPED_TRACE(c.file);
        store().db().exec("DELETE FROM deposits; DELETE FROM idx_deposits_geom");
        const auto report = depomap::load(store(), {data(c.file)}, c.options);
        EXPECT_EQ(report.read, 3);
        EXPECT_EQ(report.inserted, 3);
        EXPECT_TRUE(report.rejects.empty());
        EXPECT_EQ(ids(store(), "deposits"), (std::vector<std::string>{"kvanefjeld", "moscow", "tomtor"}));
        expect_index_consistent(store(), "deposits");
        const auto p = point_of(store(), "deposits", "kvanefjeld");
        EXPECT_NEAR(p.x, -45.97, 1e-12);
        EXPECT_NEAR(p.y, 60.97, 1e-12);
        EXPECT_NEAR(store().db().scalar_int("SELECT CAST(ore_mt AS INTEGER) FROM deposits WHERE id = 'tomtor'").value_or(-1), 154, 0);
    }
}

TEST_F(Load, MoscowKeepsLongitudeFirst) {
    // 37.6173 E, 55.7558 N from an EPSG:4326 GeoJSON and from a CSV: X is the longitude.
    depomap::load(store(), {data("deposits.geojson")}, {});
    auto p = point_of(store(), "deposits", "moscow");
    EXPECT_DOUBLE_EQ(p.x, 37.6173);
    EXPECT_DOUBLE_EQ(p.y, 55.7558);
    store().db().exec("DELETE FROM deposits; DELETE FROM idx_deposits_geom");
    depomap::load(store(), {data("deposits_xy.csv")}, xy_options());
    p = point_of(store(), "deposits", "moscow");
    EXPECT_DOUBLE_EQ(p.x, 37.6173);
    EXPECT_DOUBLE_EQ(p.y, 55.7558);
    store().db().exec("DELETE FROM deposits; DELETE FROM idx_deposits_geom");
    LoadOptions wkt;
    wkt.wkt_field = "wkt";
    depomap::load(store(), {data("deposits_wkt.csv")}, wkt);
    p = point_of(store(), "deposits", "moscow");
    EXPECT_DOUBLE_EQ(p.x, 37.6173);
    EXPECT_DOUBLE_EQ(p.y, 55.7558);
}

TEST_F(Load, Epsg28418IsTransformedLikeProj) {
    // echo "5800000 18450000" | cs2cs -d 10 EPSG:28418 EPSG:4326 -> 52.3268663749 104.2669015636
    LoadOptions o;
    o.x_field = "x";
    o.y_field = "y";
    o.source_srs = "EPSG:28418";
    depomap::load(store(), {data("deposits_28418.csv")}, o);
    const auto p = point_of(store(), "deposits", "irkutsk-gk");
    EXPECT_NEAR(p.x, 104.2669015636, 1e-7);
    EXPECT_NEAR(p.y, 52.3268663749, 1e-7);
}

TEST_F(Load, Epsg3857IsTransformedLikeProj) {
    // echo "4187538.68 7509955.14" | cs2cs -d 10 EPSG:3857 EPSG:4326 -> 55.7557999882 37.6172999909
    depomap::load(store(), {data("deposits_3857.geojson")}, {});
    auto p = point_of(store(), "deposits", "moscow-3857");
    EXPECT_NEAR(p.x, 37.6172999909, 1e-7);
    EXPECT_NEAR(p.y, 55.7557999882, 1e-7);
    // The same through a Shapefile's .prj (EPSG:3857, written by ogr2ogr from deposits.geojson).
    depomap::load(store(), {data("deposits_3857_shp.shp")}, {});
    p = point_of(store(), "deposits", "moscow");
    EXPECT_NEAR(p.x, 37.6173, 1e-7);
    EXPECT_NEAR(p.y, 55.7558, 1e-7);
}

TEST_F(Load, ExtraKeepsUnmappedFields) {
    depomap::load(store(), {data("deposits.geojson")}, {});
    EXPECT_EQ(text_of(store(), "SELECT json_extract(extra, '$.licence') FROM deposits WHERE id = 'moscow'"), "MSK-001");
    EXPECT_EQ(store().db().scalar_int("SELECT json_extract(extra, '$.depth_m') FROM deposits WHERE id = 'moscow'"), 120);
    // Columns of the schema are not repeated in extra.
    EXPECT_EQ(store().db().scalar_int("SELECT count(*) FROM deposits WHERE json_extract(extra, '$.name') IS NOT NULL OR json_extract(extra, '$.id') IS NOT NULL"), 0);
    EXPECT_EQ(text_of(store(), "SELECT name_local FROM deposits WHERE id = 'tomtor'"), "Томтор");
}

TEST_F(Load, MapFillsColumnsFromOtherFields) {
    LoadOptions o;
    o.field_map = {depomap::parse_field_mapping("id=ms_uri"), depomap::parse_field_mapping("name=site_name")};
    const auto report = depomap::load(store(), {data("mapped.geojson")}, o);
    EXPECT_EQ(report.inserted, 2);
    EXPECT_EQ(ids(store(), "deposits"),
              (std::vector<std::string>{"https://example.org/site/1", "https://example.org/site/2"}));
    EXPECT_EQ(text_of(store(), "SELECT name FROM deposits WHERE id = 'https://example.org/site/2'"), "Site two");
    EXPECT_EQ(text_of(store(), "SELECT json_extract(extra, '$.state') FROM deposits WHERE id = 'https://example.org/site/2'"), "Irkutsk");
    EXPECT_EQ(text_of(store(), "SELECT extra FROM deposits WHERE id = 'https://example.org/site/1'"), R"({"state":"Murmansk"})");
}

TEST_F(Load, OneSourceFieldFillsTwoColumns) {
    LoadOptions o;
    o.field_map = {depomap::parse_field_mapping("id=site_name"), depomap::parse_field_mapping("name=site_name")};
    depomap::load(store(), {data("mapped.geojson")}, o);
    EXPECT_EQ(ids(store(), "deposits"), (std::vector<std::string>{"Site one", "Site two"}));
    EXPECT_EQ(store().db().scalar_int("SELECT count(*) FROM deposits WHERE name IS NULL OR name <> id"), 0);
}

TEST_F(Load, RepeatedFieldNamesKeepEveryValue) {
    LoadOptions o;
    o.layer = "country_stats";
    std::vector<std::string> notes;
    o.note = [&](const std::string &line) { notes.push_back(line); };
    depomap::load(store(), {data("gdal-autotest/autotest/utilities/data/duplicatedfields.csv")}, o);
    EXPECT_EQ(text_of(store(), "SELECT extra FROM country_stats"),
              R"({"bar":"val_bar","baz":"val_baz","foo":"val_foo","foo2":"val_foo2","foo_2":"val_foo3","foo_3":"val_foo4"})");
    ASSERT_EQ(notes.size(), 2u);
    EXPECT_NE(notes[0].find("field 3 repeats the name 'foo': its values are kept as 'foo_2'"), std::string::npos) << notes[0];
}

TEST_F(Load, GeoJsonIdsBeyondInt64StayExact) {
    depomap::load(store(), {data("ids_uint64_case.geojson")}, {});
    EXPECT_EQ(ids(store(), "deposits"),
              (std::vector<std::string>{"18446744073709551615", "9223372036854775809"}));
}

TEST_F(Load, ExactCaseNameWinsItsColumn) {
    LoadOptions o;
    std::vector<std::string> notes;
    o.note = [&](const std::string &line) { notes.push_back(line); };
    depomap::load(store(), {data("ids_uint64_case.geojson")}, o);
    EXPECT_EQ(text_of(store(), "SELECT name FROM deposits WHERE id = '18446744073709551615'"), "exact");
    EXPECT_EQ(text_of(store(), "SELECT json_extract(extra, '$.Name') || '/' || json_extract(extra, '$.NAME') FROM deposits WHERE id = '18446744073709551615'"),
              "upper first/caps");
    // Without the exact name, the other spelling fills the column as before.
    EXPECT_EQ(text_of(store(), "SELECT name FROM deposits WHERE id = '9223372036854775809'"), "only caps");
    EXPECT_EQ(notes.size(), 2u);
}

TEST_F(Load, PolygonAcross180InUtmIsCutThere) {
    LoadOptions o;
    o.layer = "reserve_areas";
    depomap::load(store(), {data("antimeridian_utm60.geojson")}, o);
    EXPECT_EQ(store().db().scalar_int("SELECT NumGeometries(geom) FROM reserve_areas"), 3);
    EXPECT_EQ(store().db().scalar_int("SELECT ST_IsValid(geom) FROM reserve_areas"), 1);
}

TEST_F(Load, ParseFieldMapping) {
    EXPECT_EQ(depomap::parse_field_mapping("id=ms_uri"), (std::pair<std::string, std::string>{"id", "ms_uri"}));
    EXPECT_THROW(depomap::parse_field_mapping("id"), UsageError);
    EXPECT_THROW(depomap::parse_field_mapping("=x"), UsageError);
    EXPECT_THROW(depomap::parse_field_mapping("x="), UsageError);
}

// Found by tests/fuzz/map_fuzz: names that are blank once trimmed were accepted (" = " gave two
// empty names), and a newline in the argument broke the one-line message.
TEST_F(Load, ParseFieldMappingBlankNamesAndOneLineMessages) {
    EXPECT_EQ(depomap::parse_field_mapping(" name = site name "),
              (std::pair<std::string, std::string>{"name", "site name"}));
    EXPECT_EQ(depomap::parse_field_mapping("a==b"), (std::pair<std::string, std::string>{"a", "=b"}));
    for (const std::string text : {" = ", " =x", "x=\t", "\t=\t"}) {
        EXPECT_THROW(depomap::parse_field_mapping(text), UsageError) << text;
    }
    try {
        depomap::parse_field_mapping("name\n=");
        ADD_FAILURE() << "accepted a mapping without a source field";
    } catch (const UsageError &e) {
        EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("expected DST=SRC"), std::string::npos) << e.what();
    }
}

// Found by tests/fuzz/geojson_load_fuzz: a member name with a raw newline, not followed by ':',
// was quoted whole in the error, which then took two lines.
TEST_F(Load, GeoJsonMemberNameInAnErrorStaysOnOneLine) {
    const auto path = (test_dir() / "broken.geojson").string();
    std::ofstream(path) << "{\"type\":\"FeatureCollection\",\"f\n\r" << std::string(200, 'x')
                        << "\" \"features\": []}";
    try {
        depomap::load(store(), {path}, {});
        ADD_FAILURE() << "loaded a document without ':' after a member name";
    } catch (const Error &e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("expected ':' after \"f"), std::string::npos) << message;
        EXPECT_EQ(message.find_first_of("\r\n"), std::string::npos) << message;
        EXPECT_LT(message.size(), 200u + path.size()) << message;
    }
    EXPECT_EQ(count(store(), "deposits"), 0);
}

// Found by tests/fuzz/geojson_load_fuzz: GDAL's parse errors for a file the streaming reader
// leaves to it can span lines (the text around the error follows on the next line); the
// message depomap passes on must stay one line.
TEST_F(Load, GdalParseErrorStaysOnOneLine) {
    const auto path = (test_dir() / "mangled.geojson").string();
    std::ofstream(path, std::ios::binary)
        << "{\n"
           " \"type\": \"FeatureColle\x81\x81\x81\x81\x81\x81\x81" "ct \"type\": \"Point\",\n"
           "    \"coordinates\": [\n"
           "    2\n"
           " ,   \"properties\": {\n"
           "    \"id\": \"good-1\",\n"
           "    \"name\": \"Good\"\n"
           "   },\n"
           "   \"geomet<OGRVRTDataSourcery\": {\n"
           "    \"type\": \"Point\",\n"
           "    \"coordinates\": [\n"
           "    2\n"
           " ,1     20\n"
           "    ]\n"
           "   }\n"
           "  },\n"
           "  {\n"
           "   \"type\": \"Featuren\",\n"
           "   \"p";
    try {
        depomap::load(store(), {path}, {});
        ADD_FAILURE() << "loaded a mangled file";
    } catch (const Error &e) {
        const std::string message = e.what();
        EXPECT_NE(message.find("cannot open: Parse error"), std::string::npos) << message;
        EXPECT_EQ(message.find_first_of("\r\n"), std::string::npos) << message;
    }
    EXPECT_EQ(count(store(), "deposits"), 0);
}

TEST_F(Load, SinglePointMultipointBecomesPoint) {
    depomap::load(store(), {data("multipoint_single.geojson")}, {});
    EXPECT_EQ(text_of(store(), "SELECT GeometryType(geom) FROM deposits WHERE id = 'lovozero'"), "POINT");
    const auto p = point_of(store(), "deposits", "lovozero");
    EXPECT_DOUBLE_EQ(p.x, 34.8);
    EXPECT_DOUBLE_EQ(p.y, 67.9);
    expect_index_consistent(store(), "deposits");
}

TEST_F(Load, PolygonBecomesMultipolygon) {
    LoadOptions o;
    o.layer = "reserve_areas";
    const auto report = depomap::load(store(), {data("reserve_areas.geojson")}, o);
    EXPECT_EQ(report.inserted, 2);
    EXPECT_EQ(text_of(store(), "SELECT GeometryType(geom) FROM reserve_areas WHERE id = 'area-poly'"), "MULTIPOLYGON");
    EXPECT_EQ(store().db().scalar_int("SELECT NumGeometries(geom) FROM reserve_areas WHERE id = 'area-multi'"), 2);
    EXPECT_EQ(text_of(store(), "SELECT AsText(geom) FROM reserve_areas WHERE id = 'area-poly'"),
              "MULTIPOLYGON(((30 60, 31 60, 31 61, 30 61, 30 60)))");
    expect_index_consistent(store(), "reserve_areas");
}

TEST_F(Load, AllOrNothing) {
    depomap::load(store(), {data("deposits.geojson")}, {});
    const auto before = ids(store(), "deposits");
    ASSERT_EQ(before.size(), 3u);
    // Each bad file comes after a good source in the same load: that one must not survive either.
    struct Case {
        std::string file, expected;
        LoadOptions options;
        std::string good = "mapped.geojson";
    };
    LoadOptions areas;
    areas.layer = "reserve_areas";
    std::vector<Case> cases = {
        {"bad/lat91.geojson", ": feature 2 (id 'b2'): latitude 91 out of range [-90, 90]", {}},
        {"bad/duplicate_ids.geojson", ": feature 2 (id 'good-1'): duplicate id 'good-1'", {}},
        {"bad/linestring.geojson", ": feature 2 (id 'b2'): wrong geometry type Line String", {}},
        {"bad/bowtie.geojson", ": feature 2 (id 'b2'): invalid polygon: Self-intersection", areas, "reserve_areas.geojson"},
        {"bad/dms_minutes63.csv", ": feature 2 (id 'b2'): invalid coordinate \"71°63′13″N\": minutes must be below 60", xy_options(), "deposits_dms.csv"},
        // An id already in the store.
        {"deposits.geojson", ": feature 1 (id 'moscow'): duplicate id 'moscow'", {}},
    };
    for (const auto &c : cases) {
        SCOPED_TRACE(c.file);
        try {
            depomap::load(store(), {data(c.good), data(c.file)}, c.options);
            ADD_FAILURE() << "no error";
        } catch (const UsageError &e) {
            ADD_FAILURE() << "usage error: " << e.what();
        } catch (const Error &e) {
            const std::string message = e.what();
            EXPECT_NE(message.find(data(c.file) + c.expected), std::string::npos) << message;
            EXPECT_EQ(message.find('\n'), std::string::npos) << "not one line: " << message;
        }
        // Reopen: exactly the old content, and a consistent index.
        reopen();
        EXPECT_EQ(ids(store(), "deposits"), before);
        EXPECT_EQ(count(store(), "reserve_areas"), 0);
        expect_index_consistent(store(), "deposits");
        expect_index_consistent(store(), "reserve_areas");
    }
}

// Features are read and checked on one thread and inserted on another, a batch at a time: the
// error or the rejects must still be those of the file's order, whichever thread finds them.
TEST_F(Load, FirstBadFeatureInFileOrderWinsAcrossBatches) {
    depomap::load(store(), {data("deposits.geojson")}, {}); // 'moscow' is now taken
    const auto write = [&](const std::string &name, int duplicate_at, int lat91_at) {
        const auto path = fs::path(path_).parent_path() / name;
        std::ofstream out(path);
        out << R"({"type":"FeatureCollection","features":[)";
        for (int i = 1; i <= 3000; ++i) {
            const std::string id = i == duplicate_at ? "moscow" : "f" + std::to_string(i);
            const double lat = i == lat91_at ? 91 : 10 + i * 1e-3;
            out << (i > 1 ? "," : "") << R"({"type":"Feature","properties":{"id":")" << id
                << R"("},"geometry":{"type":"Point","coordinates":[20,)" << lat << "]}}\n";
        }
        out << "]}";
        return path.string();
    };
    const auto duplicate_first = write("dup_first.geojson", 10, 2500);
    const auto lat91_first = write("lat_first.geojson", 2500, 10);
    const auto first_error = [&](const std::string &file) {
        try {
            depomap::load(store(), {file}, {});
        } catch (const Error &e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(first_error(duplicate_first),
              duplicate_first + ": feature 10 (id 'moscow'): duplicate id 'moscow'");
    EXPECT_EQ(first_error(lat91_first).rfind(lat91_first + ": feature 10 (id 'f10'): latitude 91", 0), 0U)
        << first_error(lat91_first);
    EXPECT_EQ(count(store(), "deposits"), 3);

    LoadOptions skip;
    skip.skip_invalid = true;
    const auto report = depomap::load(store(), {lat91_first, duplicate_first}, skip);
    EXPECT_EQ(report.read, 6000);
    ASSERT_EQ(report.rejects.size(), 4U + 2998U); // the second file repeats the first one's ids
    std::vector<std::string> first_rejects;
    for (std::size_t i = 0; i < 3; ++i) {
        const auto &r = report.rejects[i];
        first_rejects.push_back(fs::path(r.source).filename().string() + "|" + std::to_string(r.index) +
                                "|" + r.reason.substr(0, 20));
    }
    EXPECT_EQ(first_rejects, (std::vector<std::string>{"lat_first.geojson|10|latitude 91 out of r",
                                                       "lat_first.geojson|2500|duplicate id 'moscow",
                                                       "dup_first.geojson|1|duplicate id 'f1'"}));
    EXPECT_EQ(report.inserted, 2998);
    EXPECT_EQ(count(store(), "deposits"), 3 + 2998);
    expect_index_consistent(store(), "deposits");
}

TEST_F(Load, SkipInvalidReportsEveryReject) {
    LoadOptions o;
    o.skip_invalid = true;
    const auto report = depomap::load(
        store(), {data("bad/lat91.geojson"), data("bad/multipoint2.geojson"), data("bad/ore_not_number.geojson")}, o);
    EXPECT_EQ(report.read, 6);
    EXPECT_EQ(report.read, report.inserted + static_cast<std::int64_t>(report.rejects.size()));
    EXPECT_EQ(report.inserted, 1);
    ASSERT_EQ(report.rejects.size(), 5u);
    std::vector<std::string> got;
    for (const auto &r : report.rejects) {
        got.push_back(fs::path(r.source).filename().string() + "|" + std::to_string(r.index) + "|" + r.id + "|" + r.reason);
    }
    EXPECT_EQ(got, (std::vector<std::string>{
                       "lat91.geojson|2|b2|latitude 91 out of range [-90, 90] (longitude and latitude swapped?)",
                       "multipoint2.geojson|1|good-1|duplicate id 'good-1'",
                       "multipoint2.geojson|2|b2|wrong geometry type Multi Point with several points for layer deposits (expects Point)",
                       "ore_not_number.geojson|1|good-1|duplicate id 'good-1'",
                       // The id b2 is known even though ore_mt is not a number.
                       "ore_not_number.geojson|2|b2|field 'ore_mt': '12,5 Mt' is not a number",
                   }));
    EXPECT_EQ(ids(store(), "deposits"), (std::vector<std::string>{"good-1"}));
    expect_index_consistent(store(), "deposits");
}

TEST_F(Load, WriteRejectsCsv) {
    std::ostringstream out;
    depomap::write_rejects_csv(out, {{"a.csv", 2, "x,1", "reason with \"quotes\""}});
    const std::string all = out.str();
    EXPECT_NE(all.find("source,index,id,reason"), std::string::npos);
    EXPECT_NE(all.find("a.csv,2,\"x,1\",\"reason with \"\"quotes\"\"\""), std::string::npos) << all;
}

TEST_F(Load, UsageErrorsComeBeforeAnyWork) {
    LoadOptions only_x;
    only_x.x_field = "lon";
    EXPECT_THROW(depomap::load(store(), {data("deposits_xy.csv")}, only_x), UsageError);
    LoadOptions layer;
    layer.layer = "nope";
    EXPECT_THROW(depomap::load(store(), {data("deposits.geojson")}, layer), UsageError);
    LoadOptions map;
    map.field_map = {{"colour", "name"}};
    EXPECT_THROW(depomap::load(store(), {data("deposits.geojson")}, map), UsageError);
    EXPECT_THROW(depomap::load(store(), {}, {}), UsageError);
    EXPECT_EQ(count(store(), "deposits"), 0);
}

TEST_F(Load, UsgsLanthanumLoads2030Rows) {
    LoadOptions o;
    o.wkt_field = "location";
    o.field_map = {{"id", "ms_uri"}, {"name", "site_name"}};
    o.skip_invalid = true;
    const auto report = depomap::load(
        store(), {std::string(DEPOMAP_TEST_SOURCE_DIR) + "/geodata/usgs-minmod/lanthanum_datafile.csv"}, o);
    EXPECT_EQ(report.read, 2315);
    EXPECT_EQ(report.inserted, 2030);
    EXPECT_EQ(report.rejects.size(), 285u);
    for (const auto &r : report.rejects) {
        EXPECT_EQ(r.reason, "no geometry (field 'location' is empty)") << r.index;
    }
    EXPECT_EQ(count(store(), "deposits"), 2030);
    expect_index_consistent(store(), "deposits");
}

} // namespace

namespace {

std::string load_error(Store &store, const std::vector<std::string> &sources, const LoadOptions &o) {
    try {
        depomap::load(store, sources, o);
    } catch (const Error &e) {
        return e.what();
    }
    return "<no error>";
}

} // namespace

// A field asked for that the source lacks: the message names the option and lists the source's
// fields in the file's order, each on one line even when a name holds a newline.
TEST_F(Load, MissingFieldListsTheSourceFields) {
    auto o = xy_options();
    o.x_field = "longitude";
    const auto csv = load_error(store(), {data("deposits_xy.csv")}, o);
    EXPECT_NE(csv.find("deposits_xy.csv: the x_field option 'longitude': no such field (fields: id, "),
              std::string::npos)
        << csv;

    const auto file = (test_dir() / "odd_names.geojson").string();
    std::ofstream(file) << R"({"type":"FeatureCollection","features":[{"type":"Feature",)"
                        << R"("properties":{"id":"a","two\nlines":1,"name":"A"},)"
                        << R"("geometry":{"type":"Point","coordinates":[1,2]}}]})";
    LoadOptions m;
    m.field_map = {{"name", "title\nof it"}};
    const auto json = load_error(store(), {file}, m);
    EXPECT_NE(json.find("odd_names.geojson: the field_map option 'title of it': no such field (fields: id, two "
                        "lines, name)"),
              std::string::npos)
        << json;
    EXPECT_EQ(json.find('\n'), std::string::npos) << json;
    EXPECT_EQ(count(store(), "deposits"), 0);
}
