// The store's two library policies behind `init` and `sql`: a store created whole or not at all
// (Store::create_atomically), and one statement run read-only (store::ReadOnlyQuery).
#include "depomap/error.hpp"
#include "depomap/schema.hpp"
#include "depomap/sqlite.hpp"
#include "depomap/store.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using depomap::CreateOptions;
using depomap::Error;
using depomap::Store;
using depomap::store::ReadOnlyQuery;
using depomap::test::error_of;
using depomap::test::test_dir;


bool has_table(const std::string &path, const std::string &table) {
    auto store = Store::open(path, Store::Access::inspect);
    auto stmt = store.db().prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?");
    stmt.bind(1, table);
    return stmt.step();
}

// A store at `path` with a table `marker`, to tell it from a new one.
void make_marked_store(const std::string &path) {
    auto store = Store::create(path);
    store.db().exec("CREATE TABLE marker (x)");
    store.close();
}

// Staging left behind in `dir` (`.depomap-<pid>-...`); the store's -wal and -shm are not.
std::vector<std::string> staging_in(const fs::path &dir) {
    std::vector<std::string> names;
    for (const auto &entry : fs::directory_iterator(dir)) {
        const auto name = entry.path().filename().string();
        if (name.rfind(".depomap-", 0) == 0) names.push_back(name);
    }
    return names;
}

TEST(StoreCreateAtomically, MakesANewStoreFilledBeforeItAppears) {
    const auto dir = test_dir();
    const auto path = (dir / "new.sqlite").string();
    bool filled = false;
    CreateOptions options;
    options.fill = [&](Store &store) {
        EXPECT_FALSE(fs::exists(path)) << "nothing is at the path while the store is filled";
        store.db().exec("CREATE TABLE marker (x)");
        filled = true;
    };
    Store::create_atomically(path, options);
    EXPECT_TRUE(filled);
    auto store = Store::open(path, Store::Access::read_only);
    EXPECT_EQ(store.schema_version(), depomap::schema::current_version);
    store.close();
    EXPECT_TRUE(has_table(path, "marker"));
    EXPECT_EQ(staging_in(dir), std::vector<std::string>{});
}

TEST(StoreCreateAtomically, AnExistingStoreIsRefusedWithoutOverwrite) {
    const auto dir = test_dir();
    const auto path = (dir / "old.sqlite").string();
    make_marked_store(path);
    const auto message = error_of([&] { Store::create_atomically(path, {}); });
    EXPECT_NE(message.find("exists"), std::string::npos) << message;
    EXPECT_TRUE(has_table(path, "marker")) << "the old store is left as it was";
    EXPECT_EQ(staging_in(dir), std::vector<std::string>{});
}

TEST(StoreCreateAtomically, AnExistingStoreIsReplacedWithOverwrite) {
    const auto dir = test_dir();
    const auto path = (dir / "old.sqlite").string();
    make_marked_store(path);
    CreateOptions options;
    options.overwrite = true;
    Store::create_atomically(path, options);
    EXPECT_FALSE(has_table(path, "marker")) << "a new, empty store";
    EXPECT_EQ(Store::open(path, Store::Access::read_only).schema_version(),
              depomap::schema::current_version);
    EXPECT_EQ(staging_in(dir), std::vector<std::string>{});
}

// The old store's commits still in its write-ahead log are folded into it before the log is
// removed; while a reader holds the log, the store is not replaced at all.
TEST(StoreCreateAtomically, TheOldStoresLogIsFoldedInOrNothingIsReplaced) {
    const auto dir = test_dir();
    const auto path = (dir / "old.sqlite").string();
    make_marked_store(path);
    auto writer = depomap::sql::Database::open(path, depomap::sql::Database::Mode::read_write);
    writer.exec("PRAGMA journal_mode=WAL; PRAGMA wal_autocheckpoint=0; INSERT INTO marker VALUES (42)");
    ASSERT_TRUE(fs::exists(path + "-wal"));
    auto reader = depomap::sql::Database::open(path, depomap::sql::Database::Mode::read_only);
    reader.exec("BEGIN");
    EXPECT_EQ(reader.scalar_int("SELECT x FROM marker"), 42);
    CreateOptions options;
    options.overwrite = true;
    {
        const depomap::sql::LockWait brief(std::chrono::milliseconds(50), nullptr);
        const auto message = error_of([&] { Store::create_atomically(path, options); });
        EXPECT_NE(message.find("the store is still being read"), std::string::npos) << message;
    }
    reader.exec("COMMIT");
    reader.close();
    EXPECT_TRUE(has_table(path, "marker")) << "the old store is still there";
    EXPECT_EQ(depomap::sql::Database::open(path, depomap::sql::Database::Mode::read_only).scalar_int(
                  "SELECT x FROM marker"),
              42);
    writer.close();
    Store::create_atomically(path, options);
    EXPECT_FALSE(has_table(path, "marker")) << "replaced once nobody reads it";
    EXPECT_FALSE(fs::exists(path + "-wal") && fs::file_size(path + "-wal") > 0);
}

TEST(StoreCreateAtomically, AFailedFillLeavesTheOldStore) {
    const auto dir = test_dir();
    const auto path = (dir / "old.sqlite").string();
    make_marked_store(path);
    CreateOptions options;
    options.overwrite = true;
    options.fill = [](Store &) { throw Error("atlas: cannot read"); };
    EXPECT_EQ(error_of([&] { Store::create_atomically(path, options); }), "atlas: cannot read");
    EXPECT_TRUE(has_table(path, "marker"));
    EXPECT_EQ(staging_in(dir), std::vector<std::string>{});
}

TEST(StoreCreateAtomically, AFolderIsNotAStore) {
    const auto dir = test_dir();
    fs::create_directory(dir / "folder");
    CreateOptions options;
    options.overwrite = true;
    const auto message = error_of([&] { Store::create_atomically((dir / "folder").string(), options); });
    EXPECT_NE(message.find("folder"), std::string::npos) << message;
    EXPECT_TRUE(fs::is_directory(dir / "folder"));
}

// A store with no rows, closed, for the queries below.
std::string empty_store() {
    const auto path = (test_dir() / "s.sqlite").string();
    Store::create(path).close();
    return path;
}

const std::string modifies = "refused: the query is read-only (the statement would modify the store)";
const std::string one_statement =
    "refused: the query is read-only and runs exactly one statement (found more after the first)";
const std::string attach_or_pragma =
    "refused: the query is read-only (no ATTACH, DETACH or PRAGMA that sets a value)";

TEST(StoreReadOnlyQuery, RunsOneSelectAndReportingPragmas) {
    const auto path = empty_store();
    {
        ReadOnlyQuery query(path, "SELECT count(*) FROM deposits");
        ASSERT_TRUE(query.statement().step());
        EXPECT_EQ(query.statement().column_int(0), 0);
    }
    ReadOnlyQuery pragma(path, "PRAGMA table_info(deposits)");
    ASSERT_TRUE(pragma.statement().step());
    EXPECT_EQ(pragma.statement().column_text(1), "fid");
}

TEST(StoreReadOnlyQuery, RefusesStatementsThatWrite) {
    const auto path = empty_store();
    for (const char *query : {"DELETE FROM deposits", "INSERT INTO deposits (id) VALUES ('x')",
                              "UPDATE deposits SET name = 'x'", "DROP TABLE deposits",
                              "CREATE TABLE t (a)"}) {
        EXPECT_EQ(error_of([&] { ReadOnlyQuery(path, query); }), modifies) << query;
    }
    EXPECT_TRUE(has_table(path, "deposits"));
    EXPECT_FALSE(has_table(path, "t"));
}

TEST(StoreReadOnlyQuery, RefusesASecondStatement) {
    const auto path = empty_store();
    EXPECT_EQ(error_of([&] { ReadOnlyQuery(path, "SELECT 1; SELECT 2"); }), one_statement);
    EXPECT_EQ(error_of([&] { ReadOnlyQuery(path, "SELECT 1; DELETE FROM deposits"); }), one_statement);
}

TEST(StoreReadOnlyQuery, RefusesAttachDetachAndPragmasThatSet) {
    const auto path = empty_store();
    const auto other = (fs::path(path).parent_path() / "other.sqlite").string();
    EXPECT_EQ(error_of([&] { ReadOnlyQuery(path, "ATTACH DATABASE '" + other + "' AS o"); }),
              attach_or_pragma);
    EXPECT_FALSE(fs::exists(other)) << "ATTACH created no file";
    EXPECT_EQ(error_of([&] { ReadOnlyQuery(path, "DETACH DATABASE o"); }), attach_or_pragma);
    EXPECT_EQ(error_of([&] { ReadOnlyQuery(path, "PRAGMA journal_mode = DELETE"); }), attach_or_pragma);
    EXPECT_EQ(error_of([&] { ReadOnlyQuery(path, "PRAGMA query_only = 0"); }), attach_or_pragma);
}

TEST(StoreReadOnlyQuery, MessagesNameNoOption) {
    const auto path = empty_store();
    for (const char *query : {"DELETE FROM deposits", "SELECT 1; SELECT 2", "PRAGMA user_version = 7",
                              "SELECT nope FROM deposits"}) {
        const auto message = error_of([&] { ReadOnlyQuery(path, query); });
        EXPECT_EQ(message.find("--"), std::string::npos) << message;
    }
}

TEST(StoreReadOnlyQuery, AMissingStoreIsAnError) {
    const auto path = (test_dir() / "missing.sqlite").string();
    const auto message = error_of([&] { ReadOnlyQuery(path, "SELECT 1"); });
    EXPECT_NE(message.find("missing.sqlite"), std::string::npos) << message;
    EXPECT_FALSE(fs::exists(path));
}

} // namespace
