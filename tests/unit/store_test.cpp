// The SpatiaLite store: what `create` makes, how versions are checked and migrated, and that
// names from files never become SQL.
#include "depomap/error.hpp"
#include "depomap/schema.hpp"
#include "depomap/sqlite.hpp"
#include "depomap/store.hpp"
#include "test_config.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <string>

namespace {

namespace fs = std::filesystem;
using depomap::Error;
using depomap::Store;
using depomap::sql::Database;

// A fresh, empty directory for the running test: DEPOMAP_TEST_BINARY_DIR/tmp/<suite>.<test>.
using depomap::test::test_dir;

std::set<std::string> column_names(Database &db, const std::string &table) {
    std::set<std::string> names;
    auto stmt = db.prepare("SELECT name FROM pragma_table_info(?)");
    stmt.bind(1, table);
    while (stmt.step()) names.insert(stmt.column_text(0));
    return names;
}

// Runs `fn`, which must throw depomap::Error, and returns the message.
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

TEST(Store, CreateMakesTheCurrentSchemaInWalMode) {
    const auto path = (test_dir() / "s.sqlite").string();
    auto store = Store::create(path);
    EXPECT_EQ(store.schema_version(), 2);
    EXPECT_EQ(store.schema_version(), depomap::schema::current_version);
    EXPECT_EQ(store.db().scalar_text("PRAGMA journal_mode").value_or(""), "wal");
    EXPECT_GT(store.db().scalar_int("PRAGMA busy_timeout").value_or(0), 0) << "busy timeout set";
    for (const auto &layer : depomap::schema::layers()) {
        const std::string name(layer.name);
        EXPECT_EQ(store.db().scalar_int("SELECT count(*) FROM \"" + name + "\""), 0) << name;
        // Every column of the schema is in the table, plus `extra`.
        const auto columns = column_names(store.db(), name);
        for (const auto &column : layer.columns) {
            EXPECT_TRUE(columns.count(std::string(column.name))) << name << "." << column.name;
        }
        EXPECT_TRUE(columns.count("extra")) << name;
        if (layer.geometry == depomap::schema::GeometryType::none) continue;
        auto stmt = store.db().prepare(
            "SELECT spatial_index_enabled, srid, geometry_type FROM geometry_columns "
            "WHERE f_table_name = ? AND f_geometry_column = 'geom'");
        stmt.bind(1, name);
        ASSERT_TRUE(stmt.step()) << name << " is not in geometry_columns";
        EXPECT_EQ(stmt.column_int(0), 1) << name;
        EXPECT_EQ(stmt.column_int(1), 4326) << name;
        // SpatiaLite codes: 1 = POINT, 6 = MULTIPOLYGON.
        EXPECT_EQ(stmt.column_int(2),
                  layer.geometry == depomap::schema::GeometryType::point ? 1 : 6)
            << name;
        EXPECT_EQ(store.db().scalar_int("SELECT count(*) FROM sqlite_master WHERE name = 'idx_" +
                                        name + "_geom'"),
                  1)
            << name << " has no R*Tree";
    }
    EXPECT_EQ(store.db().scalar_int(
                  "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'layer_styles'"),
              1);
    store.close();
}

TEST(Store, CreateRefusesAnExistingFile) {
    const auto path = (test_dir() / "s.sqlite").string();
    Store::create(path).close();
    const auto message = error_of([&] { Store::create(path); });
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find("already exists"), std::string::npos) << message;
}

TEST(Store, NewerSchemaIsRefusedClearly) {
    const auto path = (test_dir() / "s.sqlite").string();
    {
        auto store = Store::create(path);
        store.db().exec("UPDATE depomap_meta SET value = '3' WHERE key = 'schema_version'");
        store.close();
    }
    for (auto access : {Store::Access::read_only, Store::Access::read_write}) {
        const auto message = error_of([&] { Store::open(path, access); });
        EXPECT_NE(message.find(path), std::string::npos) << message;
        EXPECT_NE(message.find("schema version 3"), std::string::npos) << message;
        EXPECT_NE(message.find("newer"), std::string::npos) << message;
    }
    // Refusing must not have touched the version.
    auto db = Database::open(path, Database::Mode::read_only);
    EXPECT_EQ(depomap::store::read_schema_version(db), 3);
}

// A version-1 store, made the way version 1 of depomap made it.
std::string make_version_1_store(const fs::path &dir) {
    const auto path = (dir / "v1.sqlite").string();
    auto db = Database::open(path, Database::Mode::create);
    db.exec("PRAGMA journal_mode=WAL");
    depomap::store::migrate(db, 1);
    EXPECT_EQ(depomap::store::read_schema_version(db), 1);
    const auto columns = column_names(db, "deposits");
    EXPECT_FALSE(columns.count("coord_description"));
    EXPECT_FALSE(columns.count("uncertainty_km"));
    db.exec("INSERT INTO deposits (id, name, geom) VALUES ('old', 'Old deposit', "
            "MakePoint(10, 20, 4326))");
    db.close();
    return path;
}

TEST(Store, OlderSchemaIsMigratedOnOpen) {
    const auto path = make_version_1_store(test_dir());
    auto store = Store::open(path, Store::Access::read_write);
    EXPECT_EQ(store.schema_version(), 2);
    for (const char *layer : {"deposits", "processing_sites"}) {
        const auto columns = column_names(store.db(), layer);
        EXPECT_TRUE(columns.count("coord_description")) << layer;
        EXPECT_TRUE(columns.count("uncertainty_km")) << layer;
    }
    // The old content survived the migration.
    EXPECT_EQ(store.db().scalar_text("SELECT name FROM deposits WHERE id = 'old'").value_or(""),
              "Old deposit");
    store.close();
    // And the migration is on disk: a second open sees version 2.
    auto again = Database::open(path, Database::Mode::read_only);
    EXPECT_EQ(depomap::store::read_schema_version(again), 2);
}

TEST(Store, OlderSchemaIsMigratedEvenWhenOpenedReadOnly) {
    const auto path = make_version_1_store(test_dir());
    auto store = Store::open(path, Store::Access::read_only);
    EXPECT_EQ(store.schema_version(), 2);
    EXPECT_TRUE(column_names(store.db(), "deposits").count("uncertainty_km"));
}

TEST(Store, NonStoreFilesFailClearly) {
    const auto dir = test_dir();
    // A text file.
    const auto text = (dir / "notes.txt").string();
    std::ofstream(text) << "not a database, just some text that is long enough to fill a header\n";
    for (auto access : {Store::Access::read_only, Store::Access::read_write}) {
        const auto message = error_of([&] { Store::open(text, access); });
        EXPECT_NE(message.find(text), std::string::npos) << message;
    }
    // A SQLite database that is not a depomap store.
    const auto plain = (dir / "plain.sqlite").string();
    {
        auto db = Database::open(plain, Database::Mode::create);
        db.exec("CREATE TABLE t (x)");
        db.close();
    }
    const auto message = error_of([&] { Store::open(plain, Store::Access::read_only); });
    EXPECT_NE(message.find(plain), std::string::npos) << message;
    EXPECT_NE(message.find("not a depomap store"), std::string::npos) << message;
    // A file that does not exist: not created by opening.
    const auto missing = (dir / "missing.sqlite").string();
    const auto missing_message = error_of([&] { Store::open(missing, Store::Access::read_write); });
    EXPECT_NE(missing_message.find(missing), std::string::npos) << missing_message;
    EXPECT_FALSE(fs::exists(missing));
}

TEST(Store, QuoteIdentifierKeepsNamesOutOfSql) {
    const std::string evil = R"(x"; DROP TABLE deposits; --)";
    EXPECT_EQ(depomap::sql::quote_identifier(evil), R"("x""; DROP TABLE deposits; --")");
    EXPECT_EQ(depomap::sql::quote_identifier("plain"), "\"plain\"");
    EXPECT_EQ(depomap::sql::quote_identifier(""), "\"\"");
    EXPECT_EQ(depomap::sql::quote_identifier("\"\""), "\"\"\"\"\"\"");

    const auto path = (test_dir() / "s.sqlite").string();
    auto store = Store::create(path);
    auto &db = store.db();
    db.exec("CREATE TABLE " + depomap::sql::quote_identifier(evil) + " (" +
            depomap::sql::quote_identifier(evil) + " TEXT)");
    db.exec("INSERT INTO " + depomap::sql::quote_identifier(evil) + " VALUES ('kept')");
    EXPECT_EQ(db.scalar_text("SELECT " + depomap::sql::quote_identifier(evil) + " FROM " +
                             depomap::sql::quote_identifier(evil))
                  .value_or(""),
              "kept");
    // The table with the evil name exists, and deposits was not dropped.
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM sqlite_master WHERE name = 'deposits'"), 1);
    auto stmt = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = ?");
    stmt.bind(1, evil);
    ASSERT_TRUE(stmt.step());
    EXPECT_EQ(stmt.column_int(0), 1);
}

TEST(Store, LayerInfoOfAnEmptyStore) {
    const auto path = (test_dir() / "s.sqlite").string();
    auto store = Store::create(path);
    const auto layers = store.layer_info();
    ASSERT_EQ(layers.size(), depomap::schema::layers().size());
    EXPECT_EQ(layers[0].name, "deposits");
    EXPECT_EQ(layers[0].geometry_type, "POINT");
    for (const auto &l : layers) {
        EXPECT_EQ(l.count, 0) << l.name;
        EXPECT_FALSE(l.extent.has_value()) << l.name;
    }
}

} // namespace
