// The bounded-memory spatial index build: the external Hilbert sort (EntrySorter), the streaming
// R*Tree packer checked by SQLite's own rtreecheck and by brute-force box queries, and whole loads
// whose sort spills to disk, compared with loads that sort in memory.
#include "depomap/error.hpp"
#include "depomap/load.hpp"
#include "depomap/schema.hpp"
#include "depomap/sqlite.hpp"
#include "depomap/store.hpp"
#include "store/entry_sorter.hpp"
#include "store/layer_writer.hpp"
#include "store/rtree_packer.hpp"
#include "store/geometry_blob.hpp"
#include "test_config.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using depomap::LoadOptions;
using depomap::Store;
using depomap::loading::Entry;
using depomap::loading::EntrySorter;
using depomap::loading::FloatBox;
using depomap::loading::RtreePacker;
using depomap::sql::Database;

using depomap::test::test_dir;

std::vector<Entry> random_entries(std::size_t n, unsigned seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> lon(-180, 180), lat(-90, 90);
    std::vector<Entry> entries;
    for (std::size_t i = 0; i < n; ++i) {
        const auto x = static_cast<float>(lon(rng)), y = static_cast<float>(lat(rng));
        // Every tenth entry shares its cell with the one before: ties are broken by rowid.
        const auto h = i % 10 == 9 ? entries.back().hilbert : depomap::loading::hilbert_index(x, y);
        entries.push_back({h, static_cast<std::int64_t>(i + 1), {x, y, x, y}});
    }
    std::ranges::shuffle(entries, rng);
    return entries;
}

std::vector<std::int64_t> drained_rowids(EntrySorter &sorter) {
    std::vector<std::int64_t> rowids;
    sorter.drain([&](const Entry &e) { rowids.push_back(e.rowid); });
    return rowids;
}

std::vector<std::int64_t> sorted_rowids(std::vector<Entry> entries) {
    std::ranges::sort(entries, [](const Entry &a, const Entry &b) {
        return a.hilbert != b.hilbert ? a.hilbert < b.hilbert : a.rowid < b.rowid;
    });
    std::vector<std::int64_t> rowids;
    for (const auto &e : entries) rowids.push_back(e.rowid);
    return rowids;
}

TEST(EntrySorter, InMemoryWhenTheEntriesFit) {
    const auto entries = random_entries(1000, 1);
    EntrySorter sorter(test_dir().string());
    for (const auto &e : entries) sorter.push(e);
    EXPECT_EQ(sorter.size(), 1000u);
    EXPECT_EQ(sorter.runs(), 0u);
    EXPECT_EQ(drained_rowids(sorter), sorted_rowids(entries));
    EXPECT_EQ(sorter.size(), 0u);
}

TEST(EntrySorter, SpilledRunsMergeIntoTheSameOrder) {
    const auto dir = test_dir();
    // 100 entries in memory: 10,007 entries make 100 runs and a tail, several merge blocks each.
    const auto entries = random_entries(10007, 2);
    EntrySorter sorter(dir.string(), 100 * sizeof(Entry));
    for (const auto &e : entries) sorter.push(e);
    EXPECT_EQ(sorter.runs(), 100u);
    EXPECT_EQ(drained_rowids(sorter), sorted_rowids(entries));
    // The sort file was unlinked as soon as it was made: nothing is left in the folder.
    EXPECT_TRUE(fs::is_empty(dir));
    // Usable again after a drain.
    for (std::size_t i = 0; i < 250; ++i) sorter.push(entries[i]);
    EXPECT_EQ(drained_rowids(sorter),
              sorted_rowids(std::vector<Entry>(entries.begin(), entries.begin() + 250)));
}

TEST(EntrySorter, LongRunsMergeAcrossBlocks) {
    // Runs of 20,000 entries are read back in several blocks each.
    const auto entries = random_entries(50000, 3);
    EntrySorter sorter(test_dir().string(), 20000 * sizeof(Entry));
    for (const auto &e : entries) sorter.push(e);
    EXPECT_EQ(sorter.runs(), 2u);
    EXPECT_EQ(drained_rowids(sorter), sorted_rowids(entries));
}

TEST(EntrySorter, UnwritableFolderFailsClearly) {
    EntrySorter sorter("/proc/no-such-folder", sizeof(Entry));
    sorter.push({1, 1, {0, 0, 0, 0}});
    try {
        sorter.push({2, 2, {0, 0, 0, 0}});
        FAIL() << "expected an error";
    } catch (const depomap::Error &e) {
        EXPECT_NE(std::string(e.what()).find("/proc/no-such-folder: cannot create a temporary file"),
                  std::string::npos)
            << e.what();
    }
}

// A plain SQLite R*Tree (SpatiaLite's spatial indexes are these) packed with n entries.
class Packer : public ::testing::TestWithParam<int> {};

TEST_P(Packer, BuildsATreeSqliteAccepts) {
    const int n = GetParam();
    const auto path = (test_dir() / "t.sqlite").string();
    auto db = Database::open(path, Database::Mode::create);
    db.exec("CREATE VIRTUAL TABLE idx USING rtree(pkid, xmin, xmax, ymin, ymax)");
    const auto node_size = db.scalar_int("SELECT length(data) FROM idx_node WHERE nodeno = 1");
    ASSERT_TRUE(node_size);
    auto entries = random_entries(static_cast<std::size_t>(n), 4);
    for (auto &e : entries) {
        // Boxes, not points: each entry a little square.
        e.box.max_x = e.box.min_x + 0.5f;
        e.box.max_y = e.box.min_y + 0.25f;
    }
    std::ranges::sort(entries, [](const Entry &a, const Entry &b) {
        return a.hilbert != b.hilbert ? a.hilbert < b.hilbert : a.rowid < b.rowid;
    });
    db.exec("BEGIN");
    {
        RtreePacker packer(db, "idx", static_cast<int>(*node_size));
        for (const auto &e : entries) packer.add(e.rowid, e.box);
        packer.finish();
    }
    db.exec("COMMIT");

    EXPECT_EQ(db.scalar_text("SELECT rtreecheck('idx')"), "ok");
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM idx"), n);
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM idx_rowid"), n);
    // Depth: 51 cells a node.
    int depth = 0;
    for (long long cap = RtreePacker::max_cells; cap < n; cap *= RtreePacker::max_cells) ++depth;
    // The root node (number 1) starts with the tree depth, a big-endian 16-bit number.
    EXPECT_EQ(db.scalar_text("SELECT substr(hex(data), 1, 4) FROM idx_node WHERE nodeno = 1"),
              [&] {
                  char hex[5];
                  std::snprintf(hex, sizeof hex, "%04X", depth);
                  return std::string(hex);
              }());

    // Box queries answer like a scan of the entries.
    std::mt19937 rng(5);
    std::uniform_real_distribution<float> lon(-180, 170), lat(-90, 80);
    auto query = db.prepare("SELECT count(*) FROM idx WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ?");
    for (int q = 0; q < 50; ++q) {
        const float x0 = lon(rng), y0 = lat(rng), x1 = x0 + 10, y1 = y0 + 10;
        std::int64_t expected = 0;
        for (const auto &e : entries) {
            if (e.box.max_x >= x0 && e.box.min_x <= x1 && e.box.max_y >= y0 && e.box.min_y <= y1) ++expected;
        }
        query.bind(1, static_cast<double>(x0)).bind(2, static_cast<double>(x1));
        query.bind(3, static_cast<double>(y0)).bind(4, static_cast<double>(y1));
        ASSERT_TRUE(query.step());
        EXPECT_EQ(query.column_int(0), expected) << "box " << x0 << "," << y0;
        query.reset();
    }
}

// One leaf that is the root; a full root leaf; one cell over; a full two-level tree and one over;
// three levels.
INSTANTIATE_TEST_SUITE_P(Sizes, Packer, ::testing::Values(1, 50, 51, 52, 2601, 2602, 20000));

// A load whose index sort spills every 64 entries builds the same index as one that sorts in
// memory, and still names the duplicate feature of the right file.
TEST(BoundedLoad, SpilledSortGivesTheSameIndex) {
    const auto dir = test_dir();
    const auto source = (dir / "points.geojson").string();
    {
        std::ofstream out(source);
        out << R"({"type":"FeatureCollection","features":[)";
        std::mt19937 rng(6);
        std::uniform_real_distribution<double> lon(-180, 180), lat(-89, 89);
        for (int i = 0; i < 3000; ++i) {
            out << (i ? "," : "") << R"({"type":"Feature","properties":{"id":"p)" << i
                << R"("},"geometry":{"type":"Point","coordinates":[)" << lon(rng) << "," << lat(rng) << "]}}";
        }
        out << "]}";
    }
    const auto load_with = [&](const std::string &name, std::size_t memory) {
        const auto path = (dir / name).string();
        Store::create(path).close();
        auto store = Store::open(path, Store::Access::read_write);
        LoadOptions o;
        o.index_sort_memory = memory;
        const auto report = depomap::load(store, {source}, o);
        EXPECT_EQ(report.inserted, 3000);
        EXPECT_EQ(store.db().scalar_int("SELECT CheckSpatialIndex('deposits', 'geom')"), 1) << name;
        EXPECT_EQ(store.db().scalar_text("SELECT rtreecheck('idx_deposits_geom')"), "ok") << name;
        std::string dump;
        auto q = store.db().prepare(
            "SELECT pkid FROM idx_deposits_geom WHERE xmin >= -30 AND xmax <= 60 AND ymin >= -20 AND ymax <= 70 ORDER BY pkid");
        while (q.step()) dump += std::to_string(q.column_int(0)) + ",";
        return dump;
    };
    const auto in_memory = load_with("memory.sqlite", std::size_t{64} << 20);
    const auto spilled = load_with("spilled.sqlite", 64 * sizeof(Entry));
    EXPECT_FALSE(in_memory.empty());
    EXPECT_EQ(spilled, in_memory);
    // The sort files went with the load.
    for (const auto &f : fs::directory_iterator(dir))
        EXPECT_EQ(f.path().filename().string().find(".depomap-sort"), std::string::npos) << f.path();
}

// Duplicates found when the deferred id index is built are named by file and feature index,
// counting the features rejected before them, also when one file is given twice.
TEST(BoundedLoad, DuplicatesAfterRejectsAreNamedByTheirFeature) {
    const auto dir = test_dir();
    const auto source = (dir / "mixed.geojson").string();
    {
        std::ofstream out(source);
        out << R"({"type":"FeatureCollection","features":[)"
            << R"({"type":"Feature","properties":{"id":"a"},"geometry":{"type":"Point","coordinates":[10,10]}},)"
            << R"({"type":"Feature","properties":{"id":"bad1"},"geometry":{"type":"Point","coordinates":[10,95]}},)"
            << R"({"type":"Feature","properties":{"id":"b"},"geometry":{"type":"Point","coordinates":[11,11]}},)"
            << R"({"type":"Feature","properties":{"id":"bad2"},"geometry":null},)"
            << R"({"type":"Feature","properties":{"id":"c"},"geometry":{"type":"Point","coordinates":[12,12]}})"
            << "]}";
    }
    const auto path = (dir / "s.sqlite").string();
    Store::create(path).close();
    auto store = Store::open(path, Store::Access::read_write);
    LoadOptions o;
    o.skip_invalid = true;
    o.index_sort_memory = sizeof(Entry); // a run for every entry
    const auto report = depomap::load(store, {source, source}, o);
    EXPECT_EQ(report.read, 10);
    EXPECT_EQ(report.inserted, 3);
    EXPECT_EQ(report.read, report.inserted + static_cast<std::int64_t>(report.rejects.size()));
    std::vector<std::string> got;
    for (const auto &r : report.rejects) got.push_back(std::to_string(r.index) + "|" + r.id + "|" + r.reason);
    std::ranges::sort(got);
    // Each file's rejects: the two bad features, and in the second copy the three duplicates at
    // their own positions 1, 3 and 5.
    EXPECT_EQ(got, (std::vector<std::string>{
                       "1|a|duplicate id 'a'",
                       "2|bad1|latitude 95 out of range [-90, 90] (longitude and latitude swapped?)",
                       "2|bad1|latitude 95 out of range [-90, 90] (longitude and latitude swapped?)",
                       "3|b|duplicate id 'b'",
                       "4|bad2|no geometry",
                       "4|bad2|no geometry",
                       "5|c|duplicate id 'c'",
                   }));
    EXPECT_EQ(store.db().scalar_int("SELECT CheckSpatialIndex('deposits', 'geom')"), 1);
    EXPECT_EQ(store.db().scalar_int("SELECT count(*) FROM idx_deposits_geom"), 3);
}

// A deposits row with id `id` at (x, y) and `extra` as given.
depomap::loading::Row deposit_row(const std::string &id, double x, double y, std::string extra = {}) {
    const auto *layer = depomap::schema::find_layer("deposits");
    depomap::loading::Row row;
    row.values.assign(layer->columns.size(), nullptr);
    row.values[0] = id;
    row.extra = std::move(extra);
    depomap::store::encode_point(row.blob, x, y, depomap::schema::srid);
    row.box = {x, y, x, y};
    return row;
}

// Rows inserted by blocks get consecutive rowids from the first returned, each its own R*Tree
// entry; a short block (the end of a load) goes row by row.
TEST(LayerWriterBlocks, RowsOfABlockAreConsecutiveAndIndexed) {
    const auto dir = test_dir();
    const auto path = (dir / "s.sqlite").string();
    Store::create(path).close();
    auto store = Store::open(path, Store::Access::read_write);
    const auto *layer = depomap::schema::find_layer("deposits");
    constexpr std::size_t block = depomap::loading::LayerWriter::block_rows;
    std::vector<depomap::loading::Row> rows;
    for (std::size_t i = 0; i < 2 * block + 5; ++i)
        rows.push_back(deposit_row("d" + std::to_string(i), -170.0 + static_cast<double>(i), 0.5 * static_cast<double>(i),
                                   i % 3 ? "" : R"({"k":)" + std::to_string(i) + "}"));
    {
        depomap::sql::Transaction tx(store.db());
        depomap::loading::LayerWriter writer(store.db(), *layer);
        ASSERT_TRUE(writer.ids_deferred());
        std::vector<const depomap::loading::Row *> pointers;
        for (const auto &r : rows) pointers.push_back(&r);
        const std::span all(pointers);
        EXPECT_EQ(writer.insert_block(all.subspan(0, block)), 1);
        EXPECT_EQ(writer.insert_block(all.subspan(block, block)), static_cast<std::int64_t>(block) + 1);
        EXPECT_EQ(writer.insert_block(all.subspan(2 * block)), static_cast<std::int64_t>(2 * block) + 1);
        EXPECT_TRUE(writer.finish().empty());
        tx.commit();
    }
    auto &db = store.db();
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM deposits"), static_cast<std::int64_t>(rows.size()));
    // Every row where its rowid says, with its extra; the index finds each by its own box.
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto fid = std::to_string(i + 1);
        EXPECT_EQ(db.scalar_text("SELECT id FROM deposits WHERE fid = " + fid), "d" + std::to_string(i));
        EXPECT_EQ(db.scalar_text("SELECT coalesce(extra, '') FROM deposits WHERE fid = " + fid), rows[i].extra);
        EXPECT_EQ(db.scalar_int("SELECT pkid FROM idx_deposits_geom WHERE xmin <= " + std::to_string(-169.5 + static_cast<double>(i)) +
                                " AND xmax >= " + std::to_string(-170.5 + static_cast<double>(i))),
                  static_cast<std::int64_t>(i + 1));
    }
    EXPECT_EQ(db.scalar_int("SELECT CheckSpatialIndex('deposits', 'geom')"), 1);
}

// A row SQLite refuses inside a block undoes the block's statement; the rows then go one by one
// and the refusal is the single insert's error, the rows before it kept for the caller to roll back.
TEST(LayerWriterBlocks, ARefusedRowFailsAsItsOwnInsert) {
    const auto dir = test_dir();
    const auto path = (dir / "s.sqlite").string();
    Store::create(path).close();
    auto store = Store::open(path, Store::Access::read_write);
    const auto *layer = depomap::schema::find_layer("deposits");
    std::vector<depomap::loading::Row> rows;
    for (std::size_t i = 0; i < depomap::loading::LayerWriter::block_rows; ++i)
        rows.push_back(deposit_row("d" + std::to_string(i), 1.0, 1.0, i == 7 ? "{not json" : ""));
    std::vector<const depomap::loading::Row *> pointers;
    for (const auto &r : rows) pointers.push_back(&r);
    depomap::sql::Transaction tx(store.db());
    depomap::loading::LayerWriter writer(store.db(), *layer);
    try {
        writer.insert_block(pointers);
        ADD_FAILURE() << "the block was taken";
    } catch (const depomap::Error &e) {
        EXPECT_NE(std::string(e.what()).find("insert failed"), std::string::npos) << e.what();
        EXPECT_NE(std::string(e.what()).find("CHECK constraint failed"), std::string::npos) << e.what();
    }
    EXPECT_EQ(store.db().scalar_int("SELECT count(*) FROM deposits"), 7);
}

// Into a layer that already has rows the id index stays, so a block goes row by row; a
// duplicate there breaks insert_block's contract (the caller checks ids_deferred()) and is an
// error, never a silently skipped row.
TEST(LayerWriterBlocks, ADuplicateInABlockIsAnErrorWhenIdsAreChecked) {
    const auto dir = test_dir();
    const auto path = (dir / "s.sqlite").string();
    Store::create(path).close();
    auto store = Store::open(path, Store::Access::read_write);
    const auto *layer = depomap::schema::find_layer("deposits");
    depomap::sql::Transaction tx(store.db());
    const auto first = deposit_row("d0", 1.0, 1.0);
    {
        depomap::loading::LayerWriter writer(store.db(), *layer);
        ASSERT_EQ(writer.insert(first), depomap::loading::LayerWriter::Outcome::inserted);
        writer.finish();
    }
    depomap::loading::LayerWriter writer(store.db(), *layer);
    ASSERT_FALSE(writer.ids_deferred());
    std::vector<depomap::loading::Row> rows;
    for (std::size_t i = 0; i < depomap::loading::LayerWriter::block_rows; ++i)
        rows.push_back(deposit_row("d" + std::to_string(i + 1), 2.0, 2.0));
    rows[5] = deposit_row("d0", 2.0, 2.0);
    std::vector<const depomap::loading::Row *> pointers;
    for (const auto &r : rows) pointers.push_back(&r);
    EXPECT_NE(depomap::test::error_of([&] { writer.insert_block(pointers); }).find("a block of rows held a duplicate id"),
              std::string::npos);
}

// Loading a file twice by blocks: the second copy's rows are duplicates named at their own
// positions in it (the rowid runs of a block are its source's).
TEST(LayerWriterBlocks, DuplicatesLoadedByBlocksAreNamedByTheirFeature) {
    const auto dir = test_dir();
    const auto source = (dir / "points.geojson").string();
    {
        std::ofstream out(source);
        out << R"({"type":"FeatureCollection","features":[)";
        for (int i = 0; i < 100; ++i) {
            out << (i ? "," : "") << R"({"type":"Feature","properties":{"id":"p)" << i
                << R"("},"geometry":{"type":"Point","coordinates":[)" << i << "," << i / 2 << "]}}";
        }
        out << "]}";
    }
    const auto path = (dir / "s.sqlite").string();
    Store::create(path).close();
    auto store = Store::open(path, Store::Access::read_write);
    LoadOptions o;
    o.skip_invalid = true;
    const auto report = depomap::load(store, {source, source}, o);
    EXPECT_EQ(report.read, 200);
    EXPECT_EQ(report.inserted, 100);
    ASSERT_EQ(report.rejects.size(), 100U);
    for (std::size_t i = 0; i < report.rejects.size(); ++i) {
        const auto &r = report.rejects[i];
        EXPECT_EQ(r.id, "p" + std::to_string(r.index - 1));
        EXPECT_EQ(r.reason, "duplicate id '" + r.id + "'");
    }
    EXPECT_EQ(store.db().scalar_int("SELECT CheckSpatialIndex('deposits', 'geom')"), 1);
    EXPECT_EQ(store.db().scalar_int("SELECT count(*) FROM idx_deposits_geom"), 100);
}

} // namespace
