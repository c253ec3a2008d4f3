// The store under another process: a load that waited for the write lock while someone else
// changed the schema, and the messages a user gets when the store cannot be written. (The kills,
// the full disk and the read-only mounts are tests/cli/kill_load.sh and tools/killtest.)
#include "depomap/error.hpp"
#include "depomap/load.hpp"
#include "depomap/sqlite.hpp"
#include "depomap/store.hpp"
#include "test_config.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

namespace {

namespace fs = std::filesystem;
using depomap::Error;
using depomap::LoadOptions;
using depomap::Store;

using depomap::test::test_dir;

std::string data(const std::string &name) { return std::string(DEPOMAP_TEST_DATA_DIR) + "/" + name; }

// Two loads started together: the second opens the store, then waits for the write lock while
// the first drops and restores the layer's triggers and commits. Its connection's picture of
// the schema is then stale, and it must still load (it failed with "no such table: deposits").
TEST(StoreUnderLoad, LoadAfterAnotherWriterChangedTheSchema) {
    const auto path = (test_dir() / "s.sqlite").string();
    Store::create(path).close();

    auto waiting = Store::open(path, Store::Access::read_write);
    ASSERT_EQ(waiting.layer_info().front().count, 0); // reads, so the schema is cached

    auto first = Store::open(path, Store::Access::read_write);
    LoadOptions options;
    const auto report = depomap::load(first, {data("deposits.geojson")}, options);
    ASSERT_GT(report.inserted, 0);
    first.close();

    // The second load's features have other ids: only the stale schema could make it fail.
    LoadOptions mapped;
    mapped.field_map = {{"id", "name"}};
    depomap::LoadReport second;
    ASSERT_NO_THROW(second = depomap::load(waiting, {data("deposits.geojson")}, mapped));
    EXPECT_EQ(second.inserted, report.inserted);
    EXPECT_EQ(waiting.db().scalar_int("SELECT count(*) FROM deposits"), 2 * report.inserted);
    EXPECT_EQ(waiting.db().scalar_int("SELECT count(*) FROM idx_deposits_geom"), 2 * report.inserted);
    EXPECT_EQ(waiting.db().scalar_int("SELECT CheckSpatialIndex('deposits', 'geom')"), 1);
}

// Any schema change by another connection, not only a load's: a migration, a new layer_styles
// row's table, a user's own view.
TEST(StoreUnderLoad, TransactionSeesTheSchemaAnotherConnectionChanged) {
    const auto path = (test_dir() / "s.sqlite").string();
    Store::create(path).close();
    auto waiting = Store::open(path, Store::Access::read_write);
    ASSERT_EQ(waiting.layer_info().size(), depomap::schema::layers().size());
    {
        auto other = depomap::sql::Database::open(path, depomap::sql::Database::Mode::read_write);
        other.exec("CREATE VIEW user_view AS SELECT id FROM deposits");
        other.close();
    }
    ASSERT_NO_THROW(depomap::load(waiting, {data("deposits.geojson")}, LoadOptions{}));
    EXPECT_GT(waiting.db().scalar_int("SELECT count(*) FROM user_view").value_or(0), 0);
}

// A reader (export, nearest, sql...) reads one state of the store, however many statements it
// runs: an export counted a layer, a load committed, and the export then wrote more features
// than it had counted and failed ("wrote 5061 of 3061 features").
TEST(StoreUnderLoad, ReaderSeesOneSnapshotWhileALoadCommits) {
    const auto path = (test_dir() / "s.sqlite").string();
    Store::create(path).close();
    auto reader = Store::open(path, Store::Access::read_only);
    const auto count = [](Store &store) {
        return store.db().scalar_int("SELECT count(*) FROM deposits").value_or(-1);
    };
    ASSERT_EQ(count(reader), 0);
    {
        auto writer = Store::open(path, Store::Access::read_write);
        ASSERT_GT(depomap::load(writer, {data("deposits.geojson")}, LoadOptions{}).inserted, 0);
        writer.close();
    }
    EXPECT_EQ(count(reader), 0) << "the reader's snapshot moved under it";
    EXPECT_EQ(reader.layer_info().front().count, 0);
    auto later = Store::open(path, Store::Access::read_only);
    EXPECT_EQ(count(later), 3) << "a reader opened after the commit sees it";
}

} // namespace
