// The loader's first seams without a source: where a field goes by its name (FieldRouter), and
// what a field's value becomes in a column, in `extra` or in a geometry slot (field_value.hpp).
#include "depomap/load.hpp"
#include "depomap/schema.hpp"
#include "gdal/load/field_router.hpp"
#include "gdal/load/field_value.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace depomap::loading;
using depomap::LoadOptions;
namespace schema = depomap::schema;

const schema::Layer &deposits() { return *schema::find_layer("deposits"); }

std::size_t column(std::string_view name) {
    return static_cast<std::size_t>(schema::find_column(deposits(), name) - deposits().columns.data());
}

struct Notes {
    std::vector<std::string> said;
    Note note() {
        return [this](const std::string &line) { said.push_back(line); };
    }
};

TEST(FieldRouter, GeometryFieldsMapAndColumnsByName) {
    LoadOptions options;
    options.x_field = "lon";
    options.y_field = "lat";
    options.field_map = {{"name", "site_name"}, {"notes", "site_name"}};
    FieldRouter router(deposits(), options, "f.csv", nullptr);
    EXPECT_EQ(router.route("lon").kind, Target::Kind::x);
    EXPECT_EQ(router.route("lat").kind, Target::Kind::y);
    const Target mapped = router.route("site_name");
    EXPECT_EQ(mapped.kind, Target::Kind::column);
    EXPECT_EQ(mapped.column, column("name"));
    ASSERT_NE(mapped.columns, nullptr); // one field fills two columns
    EXPECT_EQ(*mapped.columns, (std::vector<std::size_t>{column("name"), column("notes")}));
    // --map took `name`: a field of that name goes to extra.
    EXPECT_EQ(router.route("name").kind, Target::Kind::extra);
    EXPECT_EQ(router.route("ore_mt").kind, Target::Kind::column);
    EXPECT_EQ(router.route("ore_mt").column, column("ore_mt"));
    EXPECT_EQ(router.route("whatever").kind, Target::Kind::extra);
    EXPECT_EQ(router.route("extra").kind, Target::Kind::extra_members);
    EXPECT_TRUE(router.route("Country").country_name);
    EXPECT_TRUE(router.unseen_map_sources().empty());
}

TEST(FieldRouter, ExactCaseWinsAndTheOtherIsSaidOnce) {
    Notes notes;
    LoadOptions options;
    FieldRouter router(deposits(), options, "f.gpkg", notes.note());
    // Before the fields are known, a name equal but for case fills the column, inexactly.
    FieldRouter unknown(deposits(), options, "f.geojson", notes.note());
    const Target inexact = unknown.route("NAME");
    EXPECT_EQ(inexact.kind, Target::Kind::column);
    EXPECT_TRUE(inexact.inexact);
    EXPECT_EQ(unknown.to_extra("NAME", inexact.column).kind, Target::Kind::extra);
    EXPECT_EQ(unknown.to_extra("NAME", inexact.column).kind, Target::Kind::extra);
    ASSERT_EQ(notes.said.size(), 1u);
    EXPECT_EQ(notes.said[0], "f.geojson: field 'NAME' goes to extra where another field fills column "
                             "'name' (names that differ only in case)");
    // Known fields: the exact one has the column, the other goes to extra at once.
    router.expect_fields({"NAME", "name"});
    EXPECT_EQ(router.route("name").kind, Target::Kind::column);
    EXPECT_EQ(router.route("NAME").kind, Target::Kind::extra);
    EXPECT_EQ(notes.said.size(), 2u);
}

TEST(FieldRouter, AliasAndUnseenMapSources) {
    LoadOptions options;
    options.field_map = {{"notes", "long_notes"}, {"name", "nowhere"}};
    FieldRouter router(deposits(), options, "f.shp", nullptr);
    router.alias("long_notes", "long_notes_full"); // a Shapefile's cut name, restored
    EXPECT_EQ(router.route("long_notes_full").column, column("notes"));
    EXPECT_EQ(router.unseen_map_sources(), std::vector<std::string>{"nowhere"});
}

TEST(FieldRouter, UniqueFieldNames) {
    Notes notes;
    const auto names = unique_field_names({"a", "b", "a", "a_2", "a"}, "f.csv", notes.note());
    EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "a_3", "a_2", "a_4"}));
    ASSERT_EQ(notes.said.size(), 2u);
    EXPECT_EQ(notes.said[0], "f.csv: field 3 repeats the name 'a': its values are kept as 'a_3'");
}

TEST(FieldValue, ColumnValuesByType) {
    using K = FieldValue::Kind;
    const auto text = [](std::string_view t) { return FieldValue{K::text, 0, 0, 0, t}; };
    EXPECT_EQ(column_value(schema::ColumnType::text, "n", {K::integer, 42}), depomap::sql::Value("42"));
    EXPECT_EQ(column_value(schema::ColumnType::text, "n", {K::real, 0, 0, 55.75}),
              depomap::sql::Value("55.75"));
    EXPECT_EQ(column_value(schema::ColumnType::real, "n", text(" 1.5 ")), depomap::sql::Value(1.5));
    EXPECT_EQ(column_value(schema::ColumnType::real, "n", text("  ")), depomap::sql::Value(nullptr));
    EXPECT_EQ(column_value(schema::ColumnType::integer, "n", {K::real, 0, 0, 7.9}),
              depomap::sql::Value(std::int64_t{7}));
    // Beyond int64: the digits, exact, except in a real column.
    const FieldValue big{K::unsigned_integer, 0, 18446744073709551615u};
    EXPECT_EQ(column_value(schema::ColumnType::integer, "n", big), depomap::sql::Value("18446744073709551615"));
    EXPECT_EQ(column_value(schema::ColumnType::real, "n", big), depomap::sql::Value(1.8446744073709552e19));
    try {
        column_value(schema::ColumnType::real, "ore_mt", text("lots"));
        FAIL() << "no error";
    } catch (const FeatureError &e) {
        EXPECT_STREQ(e.what(), "field 'ore_mt': 'lots' is not a number");
    }
    EXPECT_THROW(column_value(schema::ColumnType::real, "n", {K::json, 0, 0, 0, "[1]"}), FeatureError);
    EXPECT_THROW(parse_number_text("inf", "n"), FeatureError);
}

TEST(FieldValue, ExtraValuesAndSlots) {
    using K = FieldValue::Kind;
    EXPECT_EQ(json_value({K::json, 0, 0, 0, R"({"a":[1,2]})"}), nlohmann::json::parse(R"({"a":[1,2]})"));
    EXPECT_EQ(json_value({K::json, 0, 0, 0, "not json"}), nlohmann::json("not json"));
    EXPECT_EQ(json_value({K::real, 0, 0, std::numeric_limits<double>::infinity()}), nlohmann::json("inf"));
    EXPECT_EQ(json_value({}), nlohmann::json(nullptr));
    const Slot number = slot("lon", {K::integer, 37});
    EXPECT_EQ(number.number, 37.0);
    EXPECT_EQ(number.field, "lon");
    const Slot text = slot("lat", {K::text, 0, 0, 0, "55°45′N"});
    EXPECT_FALSE(text.number);
    EXPECT_EQ(text.text, "55°45′N");
}

} // namespace
