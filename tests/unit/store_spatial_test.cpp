// What the store answers about its geometries (store/spatial_sql.hpp) and its QGIS styles, on a
// real SpatiaLite store: expressions composed into SELECTs, the R*Tree's candidates of a box,
// geometries read as WKB, the seams at ±180° and the SQL of a map view.
#include "depomap/schema.hpp"
#include "depomap/sqlite.hpp"
#include "depomap/store.hpp"
#include "store/geometry_blob.hpp"
#include "store/spatial_sql.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

namespace {

using depomap::Store;
using depomap::test::test_dir;
namespace schema = depomap::schema;
namespace store = depomap::store;

const schema::Layer &layer(const char *name) { return *schema::find_layer(name); }

/// A store with three deposits, a reserve area, and two admin regions: Chukotka cut at ±180°
/// (two parts) and a 2 x 4 degree box.
Store sample_store() {
    auto s = Store::create((test_dir() / "store.sqlite").string());
    auto &db = s.db();
    db.exec(R"(INSERT INTO deposits (id, name, geom) VALUES
        ('a', 'A', MakePoint(10, 10, 4326)), ('b', 'B', MakePoint(20, 20, 4326)),
        ('c', 'C', MakePoint(-50, 30, 4326)))");
    db.exec(R"(INSERT INTO reserve_areas (id, name, geom) VALUES ('r', 'R',
        GeomFromText('MULTIPOLYGON(((0 0, 10 0, 10 1, 1 1, 1 10, 0 10, 0 0)))', 4326)))");
    db.exec(R"(INSERT INTO admin_regions (id, name, level, geom) VALUES
        ('RU-CHU', 'Chukotka', 'region', GeomFromText('MULTIPOLYGON(((170 60, 180 60, 180 70, 170 70, 170 60)),
            ((-180 64, -172 64, -172 68, -180 68, -180 64)))', 4326)),
        ('BOX', 'Box', 'country', CastToMultiPolygon(BuildMbr(30, 40, 32, 44, 4326))))");
    return s;
}

/// The text of a one-row, one-column SELECT.
std::string text_of(depomap::sql::Database &db, const std::string &query) {
    return db.scalar_text(query).value_or("NULL");
}

TEST(StoreSpatial, RepresentativePointIsThePointOrInsideThePolygon) {
    auto s = sample_store();
    auto &db = s.db();
    auto points = db.prepare("SELECT " + store::representative_point_sql(layer("deposits")) +
                             " FROM deposits WHERE id = 'b'");
    ASSERT_TRUE(points.step());
    const auto b = store::decode_point(points.column_blob(0));
    ASSERT_TRUE(b);
    EXPECT_EQ(b->first, 20);
    EXPECT_EQ(b->second, 20);

    // An L-shaped polygon whose centroid lies outside it: the point is on its surface.
    auto areas = db.prepare("SELECT " + store::representative_point_sql(layer("reserve_areas")) +
                            " FROM reserve_areas WHERE id = 'r'");
    ASSERT_TRUE(areas.step());
    const auto r = store::decode_point(areas.column_blob(0));
    ASSERT_TRUE(r);
    const bool in_foot = r->second >= 0 && r->second <= 1 && r->first >= 0 && r->first <= 10;
    const bool in_leg = r->first >= 0 && r->first <= 1 && r->second >= 0 && r->second <= 10;
    EXPECT_TRUE(in_foot || in_leg) << r->first << " " << r->second;
}

TEST(StoreSpatial, InBoxGivesTheSpatialIndexCandidatesAtTheParametersAsked) {
    auto s = sample_store();
    auto &db = s.db();
    // ?1 is the caller's own parameter; the box takes ?2..?5.
    auto stmt = db.prepare("SELECT id FROM deposits WHERE name <> ?1 AND " +
                           store::in_box_sql(layer("deposits"), 2) + " ORDER BY id");
    stmt.bind(1, "nothing");
    store::bind_box(stmt, 2, {5, 5, 25, 25});
    std::vector<std::string> ids;
    while (stmt.step())
        ids.push_back(stmt.column_text(0));
    EXPECT_EQ(ids, (std::vector<std::string>{"a", "b"}));

    // The box's edges count; a box west of everything finds nothing.
    stmt.reset_keeping_bindings();
    store::bind_box(stmt, 2, {20, 20, 30, 30});
    ids.clear();
    while (stmt.step())
        ids.push_back(stmt.column_text(0));
    EXPECT_EQ(ids, (std::vector<std::string>{"b"}));
    stmt.reset_keeping_bindings();
    store::bind_box(stmt, 2, {-179, -10, -60, 10});
    EXPECT_FALSE(stmt.step());
}

TEST(StoreSpatial, ReadWkbGivesTheGeometryAndItsBox) {
    auto s = sample_store();
    auto &db = s.db();
    const auto box = store::read_wkb(db, layer("admin_regions"), "BOX");
    ASSERT_TRUE(box);
    EXPECT_EQ(box->box.min_x, 30);
    EXPECT_EQ(box->box.min_y, 40);
    EXPECT_EQ(box->box.max_x, 32);
    EXPECT_EQ(box->box.max_y, 44);
    // ISO WKB, little-endian: MULTIPOLYGON (6) of one polygon of one ring of five corners.
    ASSERT_EQ(box->wkb.size(), 9 + 9 + 4 + 5 * 16u);
    const auto u32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        std::memcpy(&v, box->wkb.data() + at, 4);
        return v;
    };
    EXPECT_EQ(box->wkb[0], 1);
    EXPECT_EQ(u32(1), 6u);
    EXPECT_EQ(u32(5), 1u);
    EXPECT_EQ(u32(14), 1u);
    EXPECT_EQ(u32(18), 5u);
    for (std::size_t i = 0; i < 5; ++i) {
        double xy[2];
        std::memcpy(xy, box->wkb.data() + 22 + 16 * i, 16);
        EXPECT_TRUE(xy[0] == 30 || xy[0] == 32) << xy[0];
        EXPECT_TRUE(xy[1] == 40 || xy[1] == 44) << xy[1];
    }

    EXPECT_FALSE(store::read_wkb(db, layer("admin_regions"), "no-such-id"));
}

TEST(StoreSpatial, PartBoxesGiveEachPolygonOfAMultipolygon) {
    auto s = sample_store();
    auto &db = s.db();
    const auto parts = store::part_boxes(db, layer("admin_regions"), "RU-CHU");
    ASSERT_EQ(parts.size(), 2u);
    EXPECT_EQ(parts[0].min_x, 170);
    EXPECT_EQ(parts[0].max_x, 180);
    EXPECT_EQ(parts[1].min_x, -180);
    EXPECT_EQ(parts[1].max_x, -172);
    EXPECT_EQ(parts[1].min_y, 64);
    EXPECT_EQ(parts[1].max_y, 68);
    EXPECT_EQ(store::part_boxes(db, layer("admin_regions"), "BOX").size(), 1u);
    EXPECT_TRUE(store::part_boxes(db, layer("admin_regions"), "no-such-id").empty());
}

TEST(StoreSpatial, SeamsAreTheOutlinesAlongTheAntimeridianOnly) {
    auto s = sample_store();
    auto &db = s.db();
    const auto seams = store::antimeridian_seams_wkt(db, layer("admin_regions"));
    ASSERT_EQ(seams.size(), 1u); // Chukotka; the box is far from ±180°
    EXPECT_EQ(seams[0].rfind("MULTILINESTRING", 0), 0u) << seams[0];
    // Both sides of the cut, and nothing of the coast.
    auto length = db.prepare("SELECT GLength(GeomFromText(?1, 4326))");
    length.bind(1, seams[0]);
    ASSERT_TRUE(length.step());
    EXPECT_DOUBLE_EQ(length.column_double(0), 10 + 4);
}

TEST(StoreSpatial, ExpressionsComposeIntoSelects) {
    auto s = sample_store();
    auto &db = s.db();
    EXPECT_EQ(text_of(db, "SELECT " + store::x_sql() + " || ' ' || " + store::y_sql() +
                              " FROM deposits WHERE id = 'c'"),
              "-50.0 30.0");
    EXPECT_EQ(text_of(db, "SELECT group_concat(id) FROM admin_regions WHERE " +
                              store::planar_area_sql() + " > 7"),
              "RU-CHU,BOX");
    EXPECT_EQ(text_of(db, "SELECT count(*) FROM admin_regions WHERE " + store::wkb_sql() +
                              " IS NOT NULL"),
              "2");
    EXPECT_EQ(text_of(db, "SELECT " + store::wkb_sql() + " IS NULL FROM (SELECT NULL AS geom)"),
              "1");
}

TEST(StoreSpatial, MapViewSqlKeepsTheNorthAndJoinsPolygonsCutAtTheAntimeridian) {
    auto s = sample_store();
    auto &db = s.db();
    const auto &admin = layer("admin_regions");
    // Only what reaches north of 50°: Chukotka, not the box (north to 44°).
    EXPECT_EQ(text_of(db, "SELECT group_concat(id) FROM " + store::map_view_sql(admin, 50, false) +
                              " AS v"),
              "RU-CHU");
    EXPECT_EQ(
        text_of(db, "SELECT count(*) FROM " + store::map_view_sql(admin, -90, false) + " AS v"),
        "2");
    // Joined: Chukotka's western part moves east of 180°, one box from 170° to 188°.
    auto joined = db.prepare("SELECT MbrMinX(geom), MbrMaxX(geom), name FROM " +
                             store::map_view_sql(admin, 50, true) + " AS v");
    ASSERT_TRUE(joined.step());
    EXPECT_NEAR(joined.column_double(0), 170, 1e-9);
    EXPECT_NEAR(joined.column_double(1), 188, 1e-9);
    EXPECT_EQ(joined.column_text(2), "Chukotka");
    EXPECT_FALSE(joined.step());
}

TEST(StoreSpatial, LayerStyleIsReadBackAndReplaced) {
    auto s = Store::create((test_dir() / "store.sqlite").string());
    EXPECT_FALSE(s.layer_style("deposits"));
    s.put_layer_style("deposits", "<qgis>first</qgis>", "depomap style for deposits");
    EXPECT_EQ(s.layer_style("deposits").value_or(""), "<qgis>first</qgis>");
    s.put_layer_style("deposits", "<qgis>second</qgis>", "depomap style for deposits");
    EXPECT_EQ(s.layer_style("deposits").value_or(""), "<qgis>second</qgis>");
    EXPECT_FALSE(s.layer_style("processing_sites"));
    // What QGIS's SpatiaLite provider looks up: one default row, NULL catalog and schema.
    EXPECT_EQ(s.db().scalar_int(
                  "SELECT count(*) FROM layer_styles WHERE f_table_name = 'deposits' AND "
                  "f_table_catalog IS NULL AND f_table_schema IS NULL AND "
                  "f_geometry_column = 'geom' AND useAsDefault = 1 AND styleName = 'deposits'"),
              1);
    // A store without QGIS's table (made by another tool) has no style to give.
    s.db().exec("DROP TABLE layer_styles");
    EXPECT_FALSE(s.layer_style("deposits"));
}

TEST(StoreSpatial, EngineVersionsNameSqliteAndSpatialite) {
    const auto versions = store::engine_versions();
    EXPECT_EQ(versions.rfind("SQLite 3.", 0), 0u) << versions;
    EXPECT_NE(versions.find(", SpatiaLite "), std::string::npos) << versions;
}

} // namespace
