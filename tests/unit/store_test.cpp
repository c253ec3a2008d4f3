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
#include <thread>

#include <sys/stat.h>

namespace {

namespace fs = std::filesystem;
using depomap::Error;
using depomap::Store;
using depomap::sql::Database;

// A fresh, empty directory for the running test: DEPOMAP_TEST_BINARY_DIR/tmp/<suite>.<test>.
using depomap::test::error_of;
using depomap::test::test_dir;

std::set<std::string> column_names(Database &db, const std::string &table) {
    std::set<std::string> names;
    auto stmt = db.prepare("SELECT name FROM pragma_table_info(?)");
    stmt.bind(1, table);
    while (stmt.step()) names.insert(stmt.column_text(0));
    return names;
}


TEST(Store, CreateMakesTheCurrentSchemaInWalMode) {
    const auto path = (test_dir() / "s.sqlite").string();
    auto store = Store::create(path);
    EXPECT_EQ(store.schema_version(), 3);
    EXPECT_EQ(store.schema_version(), depomap::schema::current_version);
    EXPECT_EQ(store.db().scalar_text("PRAGMA journal_mode").value_or(""), "wal");
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
        store.db().exec("UPDATE depomap_meta SET value = '4' WHERE key = 'schema_version'");
        store.close();
    }
    for (auto access : {Store::Access::read_only, Store::Access::read_write}) {
        const auto message = error_of([&] { Store::open(path, access); });
        EXPECT_NE(message.find(path), std::string::npos) << message;
        EXPECT_NE(message.find("schema version 4"), std::string::npos) << message;
        EXPECT_NE(message.find("newer"), std::string::npos) << message;
    }
    // Refusing must not have touched the version.
    auto db = Database::open(path, Database::Mode::read_only);
    EXPECT_EQ(depomap::store::read_schema_version(db), 4);
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
    EXPECT_EQ(store.schema_version(), depomap::schema::current_version);
    for (const char *layer : {"deposits", "processing_sites"}) {
        const auto columns = column_names(store.db(), layer);
        EXPECT_TRUE(columns.count("coord_description")) << layer;
        EXPECT_TRUE(columns.count("uncertainty_km")) << layer;
    }
    // The old content survived the migration.
    EXPECT_EQ(store.db().scalar_text("SELECT name FROM deposits WHERE id = 'old'").value_or(""),
              "Old deposit");
    store.close();
    // And the migration is on disk: a second open sees the current version.
    auto again = Database::open(path, Database::Mode::read_only);
    EXPECT_EQ(depomap::store::read_schema_version(again), depomap::schema::current_version);
}

TEST(Store, OlderSchemaIsRefusedByReadersAndLeftAsItIs) {
    const auto path = make_version_1_store(test_dir());
    const auto message = error_of([&] { Store::open(path, Store::Access::read_only); });
    EXPECT_NE(message.find(path), std::string::npos) << message;
    EXPECT_NE(message.find("schema version 1"), std::string::npos) << message;
    EXPECT_NE(message.find("upgrade it first"), std::string::npos) << message;
    EXPECT_EQ(message.find("--"), std::string::npos) << message; // the library names no flag
    // Nothing was written: no new column, the version as it was.
    auto db = Database::open(path, Database::Mode::read_only);
    EXPECT_EQ(depomap::store::read_schema_version(db), 1);
    EXPECT_FALSE(column_names(db, "deposits").count("uncertainty_km"));
    // `info` inspects it as it is.
    auto inspected = Store::open(path, Store::Access::inspect);
    EXPECT_EQ(inspected.schema_version(), 1);
    EXPECT_EQ(inspected.layer_info().front().count, 1);
}

TEST(Store, UpgradeMigratesOnceAndSaysFromWhich) {
    const auto path = make_version_1_store(test_dir());
    EXPECT_EQ(Store::upgrade(path), 1);
    EXPECT_EQ(Store::upgrade(path), depomap::schema::current_version); // nothing left to do
    auto store = Store::open(path, Store::Access::read_only);
    EXPECT_EQ(store.schema_version(), depomap::schema::current_version);
    EXPECT_TRUE(column_names(store.db(), "deposits").count("uncertainty_km"));
}

// A version-2 store holding what version 2's atlas load put in `extra` (the fields that had no
// column yet) next to a user's own extra field.
std::string make_version_2_store(const fs::path &dir) {
    const auto path = (dir / "v2.sqlite").string();
    auto db = Database::open(path, Database::Mode::create);
    db.exec("PRAGMA journal_mode=WAL");
    depomap::store::migrate(db, 2);
    EXPECT_EQ(depomap::store::read_schema_version(db), 2);
    EXPECT_FALSE(column_names(db, "deposits").count("status_as_of"));
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM sqlite_master WHERE name = 'occurrences'"), 0);
    db.exec(R"(INSERT INTO deposits (id, name, status, geom, extra) VALUES ('ru-tomtor', 'Tomtor', 'development',
        MakePoint(116.5711, 71.0536, 4326), '{"status_as_of":"2021-04-19","resource_code":"JORC 2012",
        "name_alt":"Tomtor|Томтор","disputed":"","custom":"kept"}'),
        ('ua-azovske', 'Azovske', 'undeveloped', MakePoint(37.32528, 47.21028, 4326),
        '{"disputed":"area occupied by Russia since 2022"}'),
        ('plain', 'No extra', 'unknown', MakePoint(10, 20, 4326), NULL))");
    db.exec(R"(INSERT INTO processing_sites (id, name, geom, extra) VALUES ('in-irel-oscom', 'OSCOM',
        MakePoint(84.98333, 19.35, 4326), '{"status_as_of":"2025"}'))");
    db.exec(R"(INSERT INTO admin_regions (id, name, country_iso3, level, geom, extra) VALUES
        ('UA-43', 'Crimea', 'UKR', 'region', CastToMultiPolygon(BuildMbr(32.5, 44.4, 36.6, 46.2, 4326)),
         '{"disputed":true,"de_facto_iso3":"RUS","de_facto":"occupied by Russia since 2014","name_alt":"Krym|Крым"}'),
        ('UKR', 'Ukraine', 'UKR', 'country', CastToMultiPolygon(BuildMbr(22.1, 44.4, 40.2, 52.4, 4326)),
         '{"note":"includes Crimea","name_alt":"Україна"}'))");
    db.exec(R"(INSERT INTO country_stats (id, country_iso3, reserves_t_reo, extra) VALUES
        ('wld-usgs-mcs2025', 'WLD', 90000000, '{"reserves_lower_bound":"1"}'))");
    db.close();
    return path;
}

TEST(Store, Version2StoreUpgradesToVersion3KeepingItsData) {
    const auto path = make_version_2_store(test_dir());
    EXPECT_EQ(Store::upgrade(path), 2);
    auto store = Store::open(path, Store::Access::read_only);
    ASSERT_EQ(store.schema_version(), 3);
    auto &db = store.db();
    const auto text = [&](const std::string &sql) { return db.scalar_text(sql).value_or("<NULL>"); };
    // Every version-3 column is there, in every layer.
    for (const auto &layer : depomap::schema::layers()) {
        const auto columns = column_names(db, std::string(layer.name));
        for (const auto &column : layer.columns) {
            EXPECT_TRUE(columns.count(std::string(column.name))) << layer.name << "." << column.name;
        }
    }
    // The values version 2 kept in `extra` are in their columns now, and only there; a field
    // of the user's own stays in `extra`, and an emptied `extra` is NULL.
    EXPECT_EQ(text("SELECT status_as_of || ' ' || resource_code || ' ' || name_alt FROM deposits WHERE id = 'ru-tomtor'"),
              "2021-04-19 JORC 2012 Tomtor|Томтор");
    EXPECT_EQ(text("SELECT extra FROM deposits WHERE id = 'ru-tomtor'"), R"({"custom":"kept"})");
    EXPECT_EQ(text("SELECT disputed FROM deposits WHERE id = 'ua-azovske'"), "area occupied by Russia since 2022");
    EXPECT_EQ(text("SELECT extra FROM deposits WHERE id = 'ua-azovske'"), "<NULL>");
    EXPECT_EQ(text("SELECT coalesce(status_as_of, 'none') FROM deposits WHERE id = 'plain'"), "none");
    EXPECT_EQ(text("SELECT status_as_of FROM processing_sites WHERE id = 'in-irel-oscom'"), "2025");
    EXPECT_EQ(text("SELECT disputed || ' / ' || de_facto_iso3 || ' / ' || name_alt FROM admin_regions WHERE id = 'UA-43'"),
              "occupied by Russia since 2014 / RUS / Krym|Крым");
    EXPECT_EQ(text("SELECT extra FROM admin_regions WHERE id = 'UA-43'"), "<NULL>");
    EXPECT_EQ(text("SELECT coalesce(disputed, 'none') || ' ' || name_alt || ' ' || extra FROM admin_regions WHERE id = 'UKR'"),
              R"(none Україна {"note":"includes Crimea"})");
    EXPECT_EQ(db.scalar_int("SELECT reserves_lower_bound FROM country_stats WHERE id = 'wld-usgs-mcs2025'"), 1);
    EXPECT_EQ(text("SELECT typeof(reserves_lower_bound) FROM country_stats"), "integer");
    // The old rows and geometries are all there.
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM deposits WHERE geom IS NOT NULL"), 3);
    EXPECT_EQ(text("SELECT round(X(geom), 4) || ' ' || round(Y(geom), 4) FROM deposits WHERE id = 'ru-tomtor'"),
              "116.5711 71.0536");
    // The new layer is a real SpatiaLite layer, empty, with its R*Tree.
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM occurrences"), 0);
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM geometry_columns WHERE f_table_name = 'occurrences' "
                            "AND geometry_type = 1 AND srid = 4326 AND spatial_index_enabled = 1"),
              1);
    EXPECT_EQ(db.scalar_int("SELECT count(*) FROM sqlite_master WHERE name = 'idx_occurrences_geom'"), 1);
    const auto infos = store.layer_info();
    EXPECT_EQ(infos.back().name, "occurrences");
    EXPECT_EQ(infos.front().count, 3);
}

// `info` inspects an older store as it is: the layers of later versions are not there, and
// asking for them must not fail.
TEST(Store, OlderStoreIsInspectedWithoutTheNewLayers) {
    const auto path = make_version_2_store(test_dir());
    auto store = Store::open(path, Store::Access::inspect);
    EXPECT_EQ(store.schema_version(), 2);
    std::set<std::string> names;
    for (const auto &info : store.layer_info()) names.insert(info.name);
    EXPECT_EQ(names.count("occurrences"), 0u);
    EXPECT_EQ(names.count("deposits"), 1u);
    store.close();
    auto db = Database::open(path, Database::Mode::read_only);
    EXPECT_EQ(depomap::store::read_schema_version(db), 2);
}

TEST(Store, SchemaVersionIsParsedStrictly) {
    using depomap::store::parse_schema_version;
    EXPECT_EQ(parse_schema_version("1"), 1);
    EXPECT_EQ(parse_schema_version("2"), 2);
    EXPECT_EQ(parse_schema_version("17"), 17);
    for (const char *bad : {"-1", "-5", "0", "2.5", " 2", "2 ", "1e3", "+2", "02", "", "x",
                            "9999999", "2\n", "0x2"}) {
        EXPECT_FALSE(parse_schema_version(bad)) << "'" << bad << "'";
    }
    // Each of them in a store: every way of opening refuses it with the store and the value
    // named on one line (a negative one crashed: it indexed the table of migrations).
    const auto dir = test_dir();
    int n = 0;
    for (const char *bad : {"-1", "-5", "2.5", " 2", "1e3", "0", "two\nlines"}) {
        const auto path = (dir / ("s" + std::to_string(++n) + ".sqlite")).string();
        {
            auto store = Store::create(path);
            store.db()
                .prepare("UPDATE depomap_meta SET value = ? WHERE key = 'schema_version'")
                .bind(1, bad)
                .step();
            store.close();
        }
        for (auto access : {Store::Access::read_only, Store::Access::read_write, Store::Access::inspect}) {
            const auto message = error_of([&] { Store::open(path, access); });
            EXPECT_NE(message.find(path + ": not a depomap store (schema_version '"), std::string::npos) << message;
            EXPECT_EQ(message.find('\n'), std::string::npos) << message;
        }
        const auto message = error_of([&] { Store::upgrade(path); });
        EXPECT_NE(message.find("is not a version number"), std::string::npos) << message;
        auto db = Database::open(path, Database::Mode::read_only);
        EXPECT_EQ(db.scalar_text("SELECT value FROM depomap_meta WHERE key = 'schema_version'"), bad);
    }
}

// A writer waits for another's lock as long as the LockWait in force says, tells once when the
// wait has lasted a second, and then says "store is busy" with the time it waited.
TEST(StoreLock, WriterWaitsForTheLockThenSaysBusy) {
    const auto path = (test_dir() / "s.sqlite").string();
    Store::create(path).close();
    auto holder = Database::open(path, Database::Mode::read_write);
    holder.exec("BEGIN IMMEDIATE");
    auto writer = Database::open(path, Database::Mode::read_write);
    int notices = 0;
    {
        const depomap::sql::LockWait wait(std::chrono::milliseconds(300), [&](const std::string &) { ++notices; });
        const auto start = std::chrono::steady_clock::now();
        const auto message = error_of([&] { depomap::sql::Transaction tx(writer); });
        const auto waited = std::chrono::steady_clock::now() - start;
        EXPECT_TRUE(message.starts_with("store is busy")) << message;
        EXPECT_NE(message.find("waited 300 ms"), std::string::npos) << message;
        EXPECT_NE(message.find("the wait option sets a longer one"), std::string::npos) << message;
        EXPECT_EQ(message.find("--"), std::string::npos) << message;
        EXPECT_GE(waited, std::chrono::milliseconds(290));
        EXPECT_LT(waited, std::chrono::milliseconds(3000));
        EXPECT_EQ(notices, 0) << "no notice for a wait under a second";
    }
    // A longer wait that the holder ends: the writer gets the lock, after one notice.
    std::string noticed;
    const depomap::sql::LockWait wait(std::chrono::seconds(30), [&](const std::string &file) {
        ++notices;
        noticed = file;
    });
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(1500));
        holder.exec("COMMIT");
    });
    try {
        depomap::sql::Transaction tx(writer);
        tx.commit();
    } catch (const std::exception &e) {
        ADD_FAILURE() << e.what();
    }
    release.join();
    EXPECT_EQ(notices, 1);
    EXPECT_NE(noticed.find("s.sqlite"), std::string::npos) << noticed;
}

// `init --overwrite` holds the old store's lock while it replaces it; a writer that waited for
// that lock must then find the store replaced and write nothing (it wrote into the unlinked old
// file and reported success).
TEST(StoreLock, WriterWaitingWhileTheStoreIsReplacedWritesNothing) {
    const auto dir = test_dir();
    const auto path = (dir / "s.sqlite").string();
    const auto replacement = (dir / "new.sqlite").string();
    Store::create(path).close();
    Store::create(replacement).close();
    auto writer = Store::open(path, Store::Access::read_write);
    auto lock = std::make_optional<depomap::store::WriteLock>(path);
    std::thread replace([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        std::filesystem::rename(replacement, path);
        lock.reset();
    });
    const depomap::sql::LockWait wait(std::chrono::seconds(30), nullptr);
    const auto message = error_of([&] { depomap::sql::Transaction tx(writer.db()); });
    replace.join();
    EXPECT_NE(message.find("replaced"), std::string::npos) << message;
    EXPECT_NE(message.find("nothing written"), std::string::npos) << message;
    writer.close();
    // The new store is whole and readable.
    auto store = Store::open(path, Store::Access::read_only);
    EXPECT_EQ(store.schema_version(), depomap::schema::current_version);
}

TEST(Store, FifosAndDevicesAreNotStores) {
    const auto dir = test_dir();
    const auto fifo = (dir / "pipe.sqlite").string();
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    for (auto access : {Store::Access::read_only, Store::Access::read_write}) {
        const auto message = error_of([&] { Store::open(fifo, access); });
        EXPECT_EQ(message, fifo + ": not a store: a FIFO (named pipe)");
    }
    const auto message = error_of([&] { Store::open(dir.string(), Store::Access::read_only); });
    EXPECT_EQ(message, dir.string() + ": not a store: a folder");
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
