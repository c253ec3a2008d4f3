// The query answers' writers of src/output: nearest's table, its streamed CSV and its layer of
// supply links; within's and the corridor's tables; a table as an answer layer. Each writes to a
// string (or a layer read row by row) and is read back by meaning: fields by column name,
// numbers compared as numbers.
#include "depomap/load.hpp"
#include "depomap/query.hpp"
#include "depomap/store.hpp"
#include "depomap/table.hpp"
#include "output/answer_layer.hpp"
#include "output/nearest_answer.hpp"
#include "output/within_answer.hpp"
#include "test_config.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace query = depomap::query;
namespace output = depomap::output;
using depomap::Cell;
using depomap::Table;

/// RFC 4180 CSV read back: rows of fields, quotes undone.
std::vector<std::vector<std::string>> read_csv(const std::string &text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
            else if (c == '"') quoted = false;
            else field += c;
        } else if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            row.push_back(std::exchange(field, {}));
        } else if (c == '\n') {
            row.push_back(std::exchange(field, {}));
            rows.push_back(std::exchange(row, {}));
        } else {
            field += c;
        }
    }
    if (!field.empty() || !row.empty()) {
        row.push_back(field);
        rows.push_back(row);
    }
    return rows;
}

/// The CSV's rows as maps from column name to field.
std::vector<std::map<std::string, std::string>> records(const std::string &text) {
    const auto rows = read_csv(text);
    std::vector<std::map<std::string, std::string>> out;
    for (std::size_t r = 1; r < rows.size(); ++r) {
        EXPECT_EQ(rows[r].size(), rows[0].size()) << "row " << r;
        auto &record = out.emplace_back();
        for (std::size_t c = 0; c < rows[0].size() && c < rows[r].size(); ++c) record[rows[0][c]] = rows[r][c];
    }
    return out;
}

double number(const std::string &text) { return std::stod(text); }

/// Two features to start from (one with a comma and a quote in its name) and two to measure to;
/// the pairs as nearest gives them.
struct Answer {
    std::vector<query::Feature> from{{"dep-a", "Tomtor, \"north\" block", {114.0, 71.0}},
                                     {"dep-b", "Lovozero", {34.75, 67.85}}};
    std::vector<query::Feature> to{{"site-x", "Solikamsk", {56.75, 59.65}}, {"site-y", "Across", {-179.5, 65.0}}};
    std::vector<query::Pair> pairs{{0, 0, 1, 2414567.1234567, -101.004}, {0, 1, 2, 3300000.0004, 45.5},
                                   {1, 0, 1, 1143210.9996, -0.001}};
    query::NearestBlock block() const { return {from, to, pairs}; }
    query::NearestResult result() const { return {from, to, pairs}; }
};

TEST(answer_writers, NearestCsvHasTheColumnsAndTheRoundedValues) {
    const Answer a;
    std::ostringstream out;
    {
        output::NearestCsvWriter csv(out, 2, false);
        csv(a.block());
        csv.finish();
    }
    const auto rows = records(out.str());
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_EQ(read_csv(out.str())[0], output::nearest_columns(false));
    EXPECT_EQ(rows[0].at("from_id"), "dep-a");
    EXPECT_EQ(rows[0].at("from_name"), "Tomtor, \"north\" block"); // quoted and read back whole
    EXPECT_EQ(rows[0].at("to_id"), "site-x");
    EXPECT_EQ(rows[0].at("rank"), "1");
    EXPECT_DOUBLE_EQ(number(rows[0].at("distance_m")), 2414567.123);
    EXPECT_DOUBLE_EQ(number(rows[0].at("distance_km")), 2414.567);
    EXPECT_DOUBLE_EQ(number(rows[0].at("azimuth_deg")), -101.0);
    EXPECT_DOUBLE_EQ(number(rows[0].at("from_lon")), 114.0);
    EXPECT_DOUBLE_EQ(number(rows[1].at("to_lon")), -179.5);
    EXPECT_DOUBLE_EQ(number(rows[1].at("to_lat")), 65.0);
    EXPECT_EQ(rows[2].at("from_id"), "dep-b");
    EXPECT_DOUBLE_EQ(number(rows[2].at("azimuth_deg")), 0.0);
}

TEST(answer_writers, NearestCsvWritesTextFieldsOfEveryLengthWhole) {
    // Ids and names of every length the row's copies treat apart (none, under 4, 8, 16 and 32
    // bytes, and longer), on both sides of a pair, some with a comma or a quote to be quoted.
    std::vector<query::Feature> from, to;
    std::vector<query::Pair> pairs;
    for (std::size_t length : {0, 1, 2, 3, 4, 7, 8, 9, 15, 16, 17, 31, 32, 33, 70}) {
        std::string text;
        for (std::size_t i = 0; i < length; ++i) text += static_cast<char>('a' + (i * 7 + length) % 26);
        std::string quoted = text;
        if (length > 2) quoted[length / 2] = length % 2 ? ',' : '"';
        const auto n = static_cast<std::uint32_t>(from.size());
        from.push_back({"f" + text, quoted, {1.0, 2.0}});
        to.push_back({"t" + quoted, text + "!", {-3.5, 4.25}});
        pairs.push_back({n, n, 1, 1000.0 + n, 10.0});
    }
    std::ostringstream out;
    {
        output::NearestCsvWriter csv(out, 2, false);
        csv({from, to, pairs});
        csv.finish();
    }
    const auto rows = records(out.str());
    ASSERT_EQ(rows.size(), from.size());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        EXPECT_EQ(rows[i].at("from_id"), from[i].id);
        EXPECT_EQ(rows[i].at("from_name"), from[i].name);
        EXPECT_EQ(rows[i].at("to_id"), to[i].id);
        EXPECT_EQ(rows[i].at("to_name"), to[i].name);
        EXPECT_DOUBLE_EQ(number(rows[i].at("to_lon")), -3.5);
        EXPECT_DOUBLE_EQ(number(rows[i].at("to_lat")), 4.25);
    }
}

TEST(answer_writers, NearestCsvBearingsAreFromZeroToBelow360) {
    const Answer a;
    std::ostringstream out;
    output::NearestCsvWriter csv(out, 1, true);
    csv(a.block());
    csv.finish();
    const auto rows = records(out.str());
    ASSERT_EQ(rows.size(), 3u);
    EXPECT_DOUBLE_EQ(number(rows[0].at("bearing_deg")), 259.0);
    EXPECT_DOUBLE_EQ(number(rows[1].at("bearing_deg")), 45.5);
    EXPECT_DOUBLE_EQ(number(rows[2].at("bearing_deg")), 0.0); // -0.001 rounds to 0, not 360
    EXPECT_EQ(rows[0].count("azimuth_deg"), 0u);
}

TEST(answer_writers, NearestCsvOfManyBlocksOnManyThreadsKeepsTheirOrder) {
    // Enough rows that a block is formatted in several parts.
    std::vector<query::Feature> from, to{{"t", "T", {10.0, 10.0}}};
    std::vector<query::Pair> pairs;
    for (std::uint32_t i = 0; i < 20000; ++i) {
        from.push_back({"f" + std::to_string(i), "F", {0.001 * i, 0.0}});
        pairs.push_back({i, 0, 1, 1000.0 + i, 10.0});
    }
    std::ostringstream out;
    output::NearestCsvWriter csv(out, 4, false);
    const std::span<const query::Pair> all(pairs);
    csv({from, to, all.subspan(0, 12000)});
    csv({from, to, all.subspan(12000)});
    csv.finish();
    const auto rows = records(out.str());
    ASSERT_EQ(rows.size(), 20000u);
    for (std::size_t i = 0; i < rows.size(); i += 997) {
        EXPECT_EQ(rows[i].at("from_id"), "f" + std::to_string(i));
        EXPECT_DOUBLE_EQ(number(rows[i].at("distance_m")), 1000.0 + static_cast<double>(i));
    }
}

TEST(answer_writers, NearestCsvRestartWritesTheHeaderAgain) {
    const Answer a;
    std::ostringstream first, out;
    {
        output::NearestCsvWriter csv(out, 1, false);
        csv(a.block());
        csv.restart();
        out.str(""); // what a rewound file forgets
        csv(a.block());
        csv.finish();
    }
    EXPECT_EQ(records(out.str()).size(), 3u);
    EXPECT_EQ(read_csv(out.str())[0][0], "from_id");
}

TEST(answer_writers, NearestTableHoldsWhatTheCsvHolds) {
    const Answer a;
    const Table t = output::nearest_table(a.result(), false);
    std::ostringstream text, csv_text;
    depomap::write_table(text, t, depomap::TableFormat::csv);
    {
        output::NearestCsvWriter csv(csv_text, 1, false);
        csv(a.block());
        csv.finish();
    }
    const auto from_table = records(text.str()), from_csv = records(csv_text.str());
    ASSERT_EQ(from_table.size(), from_csv.size());
    for (std::size_t r = 0; r < from_csv.size(); ++r) {
        for (const auto &[column, value] : from_csv[r]) {
            const auto &other = from_table[r].at(column);
            if (column.ends_with("_id") || column.ends_with("_name")) EXPECT_EQ(other, value) << column;
            else EXPECT_NEAR(number(other), number(value), 1e-9) << column;
        }
    }
}

TEST(answer_writers, WithinTableLeavesTheCentreOutAndStopsAtK) {
    query::WithinResult r;
    r.features = {{"centre", "C", {10, 10}}, {"near", "N", {10.1, 10}}, {"far", "F", {11, 10}}};
    r.hits = {{0, 0.0, 0.0}, {1, 10950.4996, 90.004}, {2, 109505.0, -179.999}};
    const Table all = output::within_table(r, "centre", std::nullopt, true);
    ASSERT_EQ(all.rows.size(), 2u);
    EXPECT_EQ(all.columns.at(4), "bearing_deg");
    EXPECT_EQ(std::get<std::string>(all.rows[0][0]), "near");
    EXPECT_DOUBLE_EQ(std::get<double>(all.rows[0][1]), 10950.5);
    EXPECT_DOUBLE_EQ(std::get<double>(all.rows[0][3]), 10.95);
    EXPECT_DOUBLE_EQ(std::get<double>(all.rows[0][4]), 90.0);
    EXPECT_DOUBLE_EQ(std::get<double>(all.rows[1][4]), 180.0);
    const Table one = output::within_table(r, "centre", 1, false);
    ASSERT_EQ(one.rows.size(), 1u);
    EXPECT_EQ(one.columns.at(4), "azimuth_deg");
}

TEST(answer_writers, CorridorTableHasTheNearestPointOfTheLines) {
    query::CorridorResult r;
    r.features = {{"a", "A", {20, 50}}, {"b", "B", {21, 50}}};
    r.hits = {{1, 1234.5678, {21.000000049, 49.99}}, {0, 5000.0, {20.0, 49.95}}};
    const Table t = output::corridor_table(r, std::nullopt);
    ASSERT_EQ(t.rows.size(), 2u);
    EXPECT_EQ(t.columns.at(4), "line_lon");
    EXPECT_EQ(std::get<std::string>(t.rows[0][0]), "b");
    EXPECT_DOUBLE_EQ(std::get<double>(t.rows[0][1]), 1234.568);
    EXPECT_DOUBLE_EQ(std::get<double>(t.rows[0][4]), 21.0);
    EXPECT_DOUBLE_EQ(std::get<double>(t.rows[0][6]), 21.0);
    EXPECT_EQ(output::corridor_table(r, 1).rows.size(), 1u);
}

TEST(answer_writers, AnswerLayersTypeTheirColumnsAndPlaceThePoints) {
    Table t;
    t.columns = {"id", "count", "note", "lon", "lat"};
    t.rows = {{std::string("a"), std::int64_t{3}, nullptr, 10.5, -5.25}, {std::string("b"), nullptr, nullptr, nullptr, 1.0}};
    const auto table = output::answer_table(t, "summary", "");
    EXPECT_EQ(table.shape, query::AnswerLayer::Shape::none);
    EXPECT_EQ(table.types, (std::vector{depomap::schema::ColumnType::text, depomap::schema::ColumnType::integer,
                                        depomap::schema::ColumnType::text, depomap::schema::ColumnType::real,
                                        depomap::schema::ColumnType::real}));
    EXPECT_EQ(table.rows.size(), 2u);
    const auto points = output::answer_points(t, "within", "deposits");
    EXPECT_EQ(points.shape, query::AnswerLayer::Shape::point);
    EXPECT_EQ(points.style, "deposits");
    ASSERT_EQ(points.geometry.size(), 2u);
    ASSERT_EQ(points.geometry[0].size(), 1u);
    EXPECT_DOUBLE_EQ(points.geometry[0][0].at(0).lon, 10.5);
    EXPECT_DOUBLE_EQ(points.geometry[0][0].at(0).lat, -5.25);
    EXPECT_TRUE(points.geometry[1].empty()); // no lon: no point
}

TEST(answer_writers, NearestLinksStreamTheGeodesicsCutAtTheAntimeridian) {
    const auto dir = depomap::test::test_dir();
    const auto path = (dir / "s.sqlite").string();
    depomap::Store::create(path).close();
    {
        auto store = depomap::Store::open(path, depomap::Store::Access::read_write);
        depomap::LoadOptions o;
        o.x_field = "lon";
        o.y_field = "lat";
        const std::string data = std::string(DEPOMAP_TEST_DATA_DIR) + "/query/";
        o.layer = "deposits";
        depomap::load(store, {data + "chukotka_deposits.csv"}, o);
        o.layer = "processing_sites";
        depomap::load(store, {data + "alaska_sites.csv"}, o);
    }
    auto store = depomap::Store::open(path, depomap::Store::Access::read_only);
    query::NearestOptions options;
    output::NearestLinks links(store, options, false);
    auto layer = links.layer();
    EXPECT_EQ(layer.style, "supply_links");
    EXPECT_EQ(layer.shape, query::AnswerLayer::Shape::line);
    EXPECT_EQ(layer.columns, output::nearest_columns(false));
    std::vector<Cell> row;
    std::vector<std::vector<depomap::geo::LonLat>> geometry;
    ASSERT_TRUE(layer.next(row, geometry));
    EXPECT_EQ(std::get<std::string>(row[0]), "ru-chukotka-probe");
    EXPECT_EQ(std::get<std::string>(row[1]), "us-alaska-probe");
    EXPECT_NEAR(std::get<double>(row[3]), 9435.102, 0.001);
    // 179.9E -> 179.9W: two parts, one each side of the meridian.
    ASSERT_EQ(geometry.size(), 2u);
    EXPECT_NEAR(std::abs(geometry[0].back().lon), 180.0, 1e-9);
    EXPECT_NEAR(std::abs(geometry[1].front().lon), 180.0, 1e-9);
    EXPECT_FALSE(layer.next(row, geometry));
    EXPECT_FALSE(links.no_to());
}

TEST(answer_writers, NearestLinksLeftUnreadStopTheQuery) {
    const auto dir = depomap::test::test_dir();
    const auto path = (dir / "s.sqlite").string();
    depomap::Store::create(path).close();
    auto store = depomap::Store::open(path, depomap::Store::Access::read_only);
    query::NearestOptions options;
    {
        output::NearestLinks links(store, options, false);
        auto layer = links.layer();
        std::vector<Cell> row;
        std::vector<std::vector<depomap::geo::LonLat>> geometry;
        EXPECT_FALSE(layer.next(row, geometry)); // an empty store: no pair
        EXPECT_TRUE(links.no_to());
    }
}

} // namespace
