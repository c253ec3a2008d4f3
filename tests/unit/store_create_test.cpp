// A store created whole or not at all (Store::create_atomically, behind `init`).
#include "depomap/error.hpp"
#include "depomap/schema.hpp"
#include "depomap/sqlite.hpp"
#include "depomap/store.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using depomap::CreateOptions;
using depomap::Error;
using depomap::Store;
using depomap::test::test_dir;

template <typename Fn> std::string error_of(Fn &&fn) {
    try {
        fn();
    } catch (const Error &e) {
        return e.what();
    } catch (const std::exception &e) {
        return std::string("WRONG EXCEPTION TYPE: ") + e.what();
    }
    return "NO EXCEPTION";
}

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

} // namespace
