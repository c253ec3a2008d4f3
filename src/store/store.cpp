#include "depomap/store.hpp"

#include "depomap/error.hpp"
#include "util/text.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace depomap {
namespace {

using sql::quote_identifier;

std::string_view sql_type(schema::ColumnType type) {
    switch (type) {
    case schema::ColumnType::integer:
        return "INTEGER";
    case schema::ColumnType::real:
        return "REAL";
    case schema::ColumnType::text:
        break;
    }
    return "TEXT";
}

bool has_table(sql::Database &db, std::string_view table) {
    auto stmt = db.prepare("SELECT 1 FROM sqlite_master WHERE type='table' AND name=?");
    stmt.bind(1, table);
    return stmt.step();
}

// A layer as schema version `version` has it: its columns up to that version, the geometry
// registered the SpatiaLite way with an R*Tree index, a unique index on `id`.
void create_layer(sql::Database &db, const schema::Layer &layer, int version) {
    std::string ddl = "CREATE TABLE " + quote_identifier(layer.name) + " (fid INTEGER PRIMARY KEY AUTOINCREMENT";
    for (const auto &column : layer.columns) {
        if (column.since_version > version) continue;
        ddl += ", " + quote_identifier(column.name) + " " + std::string(sql_type(column.type));
        if (column.name == "id") ddl += " NOT NULL";
    }
    ddl += ", extra TEXT CHECK (extra IS NULL OR json_valid(extra)))";
    db.exec(ddl);
    // A named unique index rather than a UNIQUE constraint: a bulk load into an empty layer
    // drops it and builds it once at the end (src/store/layer_writer.cpp).
    db.exec("CREATE UNIQUE INDEX " + quote_identifier(std::string(layer.name) + "_id_key") + " ON " +
            quote_identifier(layer.name) + " (id)");
    if (layer.geometry == schema::GeometryType::none) return;
    auto add = db.prepare("SELECT AddGeometryColumn(?, 'geom', 4326, ?, 'XY', 1)");
    add.bind(1, layer.name).bind(2, schema::to_string(layer.geometry));
    if (!add.step() || add.column_int(0) != 1) {
        throw Error("cannot register the geometry of layer " + std::string(layer.name));
    }
    auto index = db.prepare("SELECT CreateSpatialIndex(?, 'geom')");
    index.bind(1, layer.name);
    if (!index.step() || index.column_int(0) != 1) {
        throw Error("cannot create the spatial index of layer " + std::string(layer.name));
    }
}

// The columns that schema version `version` adds to the layers it did not create.
void add_columns(sql::Database &db, int version) {
    for (const auto &layer : schema::layers()) {
        if (layer.since_version >= version) continue;
        for (const auto &column : layer.columns) {
            if (column.since_version != version) continue;
            db.exec("ALTER TABLE " + quote_identifier(layer.name) + " ADD COLUMN " +
                    quote_identifier(column.name) + " " + std::string(sql_type(column.type)));
        }
    }
}

// Version 1: the layers with their version-1 columns, QGIS's layer_styles table and our
// metadata table.
void create_version_1(sql::Database &db) {
    if (!has_table(db, "spatial_ref_sys")) {
        db.exec("SELECT InitSpatialMetadata(0)");
    }
    for (const auto &layer : schema::layers()) {
        if (layer.since_version == 1) create_layer(db, layer, 1);
    }
    // QGIS's own style table, as its SpatiaLite provider creates it (see docs/QGIS-STYLES.md).
    db.exec(R"(CREATE TABLE IF NOT EXISTS layer_styles(
        id INTEGER PRIMARY KEY AUTOINCREMENT, f_table_catalog varchar(256),
        f_table_schema varchar(256), f_table_name varchar(256), f_geometry_column varchar(256),
        styleName text, styleQML text, styleSLD text, useAsDefault boolean, description text,
        owner varchar(30), ui text, update_time timestamp DEFAULT CURRENT_TIMESTAMP))");
    db.exec("CREATE TABLE depomap_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)");
    db.exec("INSERT INTO depomap_meta VALUES ('schema_version', '1'), ('created_by', 'depomap')");
}

// Version 2: where a point came from a description ("160 km SW of Tulun"), the description
// and its uncertainty radius are columns of their own.
void migrate_1_to_2(sql::Database &db) { add_columns(db, 2); }

// Version 3: the atlas's dated and cited fields become columns (status_as_of, resource_code,
// name_alt, disputed, de_facto_iso3, reserves_lower_bound), and USGS's mineral sites get a layer
// of their own (occurrences). A version-2 load kept those fields in `extra`: they move into
// their columns, so an upgraded store holds what a version-3 load of the same files holds.
void migrate_2_to_3(sql::Database &db) {
    add_columns(db, 3);
    for (const auto &layer : schema::layers()) {
        if (layer.since_version == 3) {
            create_layer(db, layer, 3);
            continue;
        }
        const auto table = quote_identifier(layer.name);
        for (const auto &column : layer.columns) {
            if (column.since_version != 3) continue;
            const std::string path = "'$." + std::string(column.name) + "'";
            std::string value = "json_extract(extra, " + path + ")";
            std::string moved = path;
            if (layer.name == "admin_regions" && column.name == "disputed") {
                // Version 2's atlas flagged a region with disputed = true and said why in de_facto.
                value = "CASE WHEN json_extract(extra, " + path +
                        ") THEN coalesce(json_extract(extra, '$.de_facto'), 'disputed') END";
                moved += ", '$.de_facto'";
            }
            db.exec("UPDATE " + table + " SET " + quote_identifier(column.name) + " = " + value +
                    ", extra = json_remove(extra, " + moved + ") WHERE json_type(extra, " + path + ") IS NOT NULL");
        }
        db.exec("UPDATE " + table + " SET extra = NULL WHERE extra = '{}'");
    }
}

using MigrationStep = void (*)(sql::Database &);
// steps[v] takes a store from version v to v + 1.
constexpr MigrationStep steps[] = {create_version_1, migrate_1_to_2, migrate_2_to_3};
static_assert(std::size(steps) == schema::current_version);

Error newer_store(const std::string &path, int version) {
    return Error(path + ": store has schema version " + std::to_string(version) +
                 ", newer than this depomap understands (" + std::to_string(schema::current_version) +
                 "): upgrade depomap");
}

} // namespace

namespace store {

std::optional<int> parse_schema_version(std::string_view text) {
    // Exactly what versions 1 to 3 wrote: decimal digits, no sign, no space, no leading zero,
    // small enough to be a version (std::stoi took "-1", " 2", "2.5" and "1e3").
    constexpr std::size_t max_digits = 6;
    if (text.empty() || text.size() > max_digits || text.front() == '0') return std::nullopt;
    int value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    return value;
}

int read_schema_version(sql::Database &db) {
    if (!has_table(db, "depomap_meta")) return 0;
    auto stmt = db.prepare("SELECT value FROM depomap_meta WHERE key='schema_version'");
    if (!stmt.step() || stmt.is_null(0)) return 0;
    const auto text = stmt.column_text(0);
    if (const auto version = parse_schema_version(text)) return *version;
    // The value is quoted on one line whatever it holds.
    std::string shown = util::excerpt(text, 40);
    for (char &c : shown) {
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
    }
    throw Error(db.path() + ": not a depomap store (schema_version '" + shown +
                "' is not a version number)");
}

void migrate(sql::Database &db, int target) {
    if (target < 0 || target > schema::current_version) {
        throw Error(db.path() + ": cannot migrate to schema version " + std::to_string(target));
    }
    sql::Transaction tx(db);
    int version = read_schema_version(db);
    if (version > target) {
        throw Error(db.path() + ": store has schema version " + std::to_string(version) +
                    ", newer than " + std::to_string(target));
    }
    for (; version < target; ++version) {
        steps[version](db);
    }
    auto update = db.prepare("UPDATE depomap_meta SET value=? WHERE key='schema_version'");
    update.bind(1, std::to_string(target)).step();
    tx.commit();
}

sql::Statement prepare_filtered(sql::Database &db, std::string_view sql, const schema::Layer &layer,
                                std::string_view option) {
    try {
        return db.prepare(sql);
    } catch (const UsageError &) {
        throw;
    } catch (const Error &e) {
        std::string_view message = e.what();
        constexpr std::string_view refused = "SQL error: ";
        if (!message.starts_with(refused)) throw; // not the statement's fault (a busy or broken store)
        constexpr std::string_view missing = "no such column: ";
        if (message.substr(refused.size()).starts_with(missing)) {
            std::string columns;
            for (const auto &c : layer.columns) columns += (columns.empty() ? "" : ", ") + std::string(c.name);
            columns += ", " + std::string(schema::extra_column);
            if (layer.geometry != schema::GeometryType::none) columns += ", " + std::string(schema::geometry_column);
            throw Error(std::string(option) + ": layer " + std::string(layer.name) + " has no column " +
                             std::string(message.substr(refused.size() + missing.size())) + " (its columns: " + columns + ")");
        }
        throw Error(std::string(option) + " on layer " + std::string(layer.name) + ": " + std::string(message));
    }
}

} // namespace store

Store Store::create(const std::string &path) {
    if (path != ":memory:" && std::filesystem::exists(path)) {
        throw Error(path + ": already exists (use " + option_ref("overwrite") + " to replace it)");
    }
    auto db = sql::Database::open(path, sql::Database::Mode::create);
    if (path != ":memory:") {
        // WAL: readers never block the writer, and a killed writer leaves nothing half-done.
        db.exec("PRAGMA journal_mode=WAL");
    }
    store::migrate(db);
    return Store(std::move(db));
}

Store Store::open(const std::string &path, Access access) {
    const auto mode =
        access == Access::read_write ? sql::Database::Mode::read_write : sql::Database::Mode::read_only;
    auto db = sql::Database::open(path, mode);
    int version = 0;
    try {
        version = store::read_schema_version(db);
    } catch (const std::exception &e) {
        const std::string what = e.what();
        if (what.starts_with("store is busy") || what.starts_with(path + ": not a depomap store")) throw;
        throw Error(path + ": not a depomap store (" + what + ")");
    }
    if (version == 0) {
        throw Error(path + ": not a depomap store (no depomap_meta table)");
    }
    if (version > schema::current_version) throw newer_store(path, version);
    if (version < schema::current_version) {
        // Only a writing verb changes a store: a reader of an old one is told how to upgrade
        // it (a read-only verb must work on read-only media and never write behind its name).
        if (access == Access::read_only) {
            throw Error(path + ": store has schema version " + std::to_string(version) +
                        ", older than this depomap reads (" + std::to_string(schema::current_version) +
                        "): upgrade it first");
        }
        if (access == Access::read_write) store::migrate(db);
    }
    db.exec("PRAGMA foreign_keys=ON");
    if (access != Access::read_write) {
        // Pages are read through a memory map rather than copied by a read call each: a third
        // of the system time of a full-layer scan. Only a reader maps; writers keep the
        // default, so a failing disk surfaces as an error there, not as a signal.
        db.exec("PRAGMA mmap_size=1073741824");
        // A reader sees one state of the store from its first statement to its last: a load
        // that commits meanwhile must not be half in its output (an export counts a layer, then
        // streams it). The read transaction takes its snapshot at the first read, here.
        db.exec("BEGIN");
        db.exec("SELECT count(*) FROM sqlite_master");
    }
    return Store(std::move(db));
}

int Store::upgrade(const std::string &path) {
    auto db = sql::Database::open(path, sql::Database::Mode::read_write);
    int from = 0;
    {
        sql::Transaction tx(db); // waits for a writer at work, as long as the LockWait in force says
        from = store::read_schema_version(db);
    }
    if (from == 0) throw Error(path + ": not a depomap store (no depomap_meta table)");
    if (from > schema::current_version) throw newer_store(path, from);
    if (from < schema::current_version) store::migrate(db);
    db.close();
    return from;
}

namespace store {

namespace {

bool log_is_empty(const std::string &path) {
    std::error_code ec;
    const auto size = std::filesystem::file_size(path + "-wal", ec);
    return ec || size == 0;
}

} // namespace

WriteLock::WriteLock(const std::string &path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) return;
    auto db = sql::Database::open(path, sql::Database::Mode::read_write);
    // A file that is not an SQLite database has no lock to take (and nobody writing it).
    try {
        db.exec("SELECT count(*) FROM sqlite_master");
    } catch (const Error &e) {
        if (std::string_view(e.what()).starts_with("store is busy")) throw;
        return;
    }
    db.exec("BEGIN IMMEDIATE"); // a writer is waited for, with the busy message
    // The lock is held with the write-ahead log empty, every commit folded into the file: the
    // log can then be removed, and a replacement that fails leaves the old store whole. A
    // writer that commits between the fold and the lock sends the loop round again.
    while (!log_is_empty(path)) {
        db.exec("ROLLBACK");
        bool folded = false;
        {
            auto checkpoint = db.prepare("PRAGMA wal_checkpoint(TRUNCATE)");
            folded = !checkpoint.step() || checkpoint.column_int(0) == 0; // the first column: "busy"
        }
        if (!folded) {
            throw Error(path + ": the store is still being read (its write-ahead log could not be folded into "
                               "it); nothing replaced: try again when its readers have finished");
        }
        db.exec("BEGIN IMMEDIATE");
    }
    // What comes next replaces the file: closing must not touch the new one's -wal and -shm.
    db.detach_from_path();
    db_.emplace(std::move(db));
}

WriteLock::~WriteLock() = default;

} // namespace store

int Store::schema_version() { return store::read_schema_version(db_); }

std::vector<LayerInfo> Store::layer_info() {
    std::vector<LayerInfo> result;
    for (const auto &layer : schema::layers()) {
        // An older store, inspected as it is, lacks the layers of later versions.
        if (!has_table(db_, layer.name)) continue;
        LayerInfo info;
        info.name = layer.name;
        info.geometry_type = schema::to_string(layer.geometry);
        const auto table = quote_identifier(layer.name);
        info.count = db_.scalar_int("SELECT count(*) FROM " + table).value_or(0);
        if (layer.geometry != schema::GeometryType::none && info.count > 0) {
            // The R*Tree holds every feature's box: the extent without reading a geometry.
            auto stmt = db_.prepare("SELECT min(xmin), min(ymin), max(xmax), max(ymax) FROM " +
                                    quote_identifier("idx_" + std::string(layer.name) + "_geom"));
            if (stmt.step() && !stmt.is_null(0)) {
                info.extent = Extent{stmt.column_double(0), stmt.column_double(1),
                                     stmt.column_double(2), stmt.column_double(3)};
            }
        }
        result.push_back(std::move(info));
    }
    return result;
}

} // namespace depomap
