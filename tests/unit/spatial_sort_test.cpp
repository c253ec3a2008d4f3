// The bounded-memory spatial index build: the external Hilbert sort (EntrySorter), the streaming
// R*Tree packer checked by SQLite's own rtreecheck and by brute-force box queries, and whole loads
// whose sort spills to disk, compared with loads that sort in memory.
#include "depomap/error.hpp"
#include "depomap/load.hpp"
#include "depomap/sqlite.hpp"
#include "depomap/store.hpp"
#include "load/entry_sorter.hpp"
#include "load/rtree_packer.hpp"
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

} // namespace
