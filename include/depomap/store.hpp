#pragma once
// The SpatiaLite store: schema, migrations, layer statistics.
#include "depomap/schema.hpp"
#include "depomap/sqlite.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace depomap {

struct Extent {
    double min_x, min_y, max_x, max_y;
};

struct LayerInfo {
    std::string name;
    std::string geometry_type; ///< "POINT", "MULTIPOLYGON" or "NONE"
    std::int64_t count = 0;
    std::optional<Extent> extent;
};

class Store;

/// How Store::create_atomically() makes a store.
struct CreateOptions {
    /// Replace a store (or any regular file) already at the path; without it one is refused.
    bool overwrite = false;
    /// Fills the new store before it is published (a store made with the atlas loads it here);
    /// may be empty. The store is closed after it returns.
    std::function<void(Store &)> fill;
};

class Store {
  public:
    /// read_only: the current schema only (an older one is refused: upgrade() it first);
    /// read_write: an older schema is migrated; inspect: read-only, any version up to the
    /// current one as it is (`info`).
    enum class Access { read_only, read_write, inspect };

    /// Creates a new, empty store at `path` (which must not exist) with the current schema.
    static Store create(const std::string &path);
    /// Creates a store at `path` that appears whole or not at all (`depomap init`): it is built
    /// and filled in a private staging folder beside `path`, then published in its place. A
    /// failed or killed creation leaves the old store (or nothing) behind, never half a store.
    /// The path must not be a device, FIFO or folder; an existing file is replaced only with
    /// `options.overwrite`, while the old store's write lock is held (store::WriteLock: a load
    /// in progress finishes first, one waiting for the lock then finds the store replaced),
    /// and the old store's -wal, -shm and -journal files are removed first. The LockWait in
    /// force is how long the lock is waited for. Throws Error.
    static void create_atomically(const std::string &path, const CreateOptions &options);
    /// Opens an existing store. A store of an older schema is migrated when opened read_write
    /// (only writing verbs migrate) and refused when opened read_only; a newer one is refused.
    static Store open(const std::string &path, Access access);
    /// Migrates the store at `path` to the current schema (`depomap upgrade`); returns the
    /// version it had (the current one when there was nothing to do).
    static int upgrade(const std::string &path);

    sql::Database &db() { return db_; }
    const std::string &path() const { return db_.path(); }
    int schema_version();
    std::vector<LayerInfo> layer_info();
    /// The QML of `layer`'s QGIS style kept in the store (QGIS's `layer_styles` table, which QGIS
    /// opens the store's layers styled with): the default one, else the newest; nothing when the
    /// store holds none.
    std::optional<std::string> layer_style(std::string_view layer);
    /// Makes `qml` the one default QGIS style of `layer` in the store (named after the layer,
    /// described as `description`), replacing the one it had; inside the caller's transaction when
    /// one is open.
    void put_layer_style(std::string_view layer, const std::string &qml, const std::string &description);
    /// Closes the store, turning a failed close into an error.
    void close() { db_.close(); }

  private:
    explicit Store(sql::Database db) : db_(std::move(db)) {}
    sql::Database db_;
};

namespace store {
/// The versions of the engine under the store, as a program's version text shows them ("SQLite 3.40.1,
/// SpatiaLite 5.0.1").
std::string engine_versions();

/// Brings `db` from its schema version up to `target` (the current one unless a test asks for
/// less), in one transaction.
void migrate(sql::Database &db, int target = schema::current_version);
/// The schema version recorded in the store, 0 for a file without depomap metadata; a value
/// that is not a plain positive decimal number is refused, naming the store and the value.
int read_schema_version(sql::Database &db);
/// `text` as a schema version: decimal digits only, no sign, space or leading zero, at most
/// six digits; nothing otherwise.
std::optional<int> parse_schema_version(std::string_view text);

/// Prepares `sql`, a statement over `layer` built from a filter given as `option`, the words that
/// name it in messages (depomap::option_ref("where"): "the where option"). A statement SQLite
/// refuses is an Error that names the option and the layer: "the where option: layer
/// reserve_areas has no column country_iso3 (its columns: id, ...)" or "the where option on layer
/// deposits: SQL error: near \"=\": syntax error".
sql::Statement prepare_filtered(sql::Database &db, std::string_view sql, const schema::Layer &layer,
                                std::string_view option);

/// Holds the write lock of the store at `path` (`BEGIN IMMEDIATE`, waiting as long as the
/// LockWait in force) for as long as it lives: create_atomically (overwrite) holds it while it replaces
/// the store, so a load in progress finishes first and a load waiting for the lock finds the
/// store replaced and writes nothing. Nothing is held when `path` does not exist or is not an
/// SQLite database. Closing touches no file by name (the new store's -wal and -shm are safe).
/// One statement a user typed, run read-only on the store at `path` (`depomap sql`): the store
/// is opened read-only (Store::Access::read_only: an older schema is refused), and refused with
/// an Error that says why: a statement that would modify the store ("refused: the query
/// is read-only (the statement would modify the store)"), more than one statement, ATTACH, DETACH
/// and any PRAGMA that sets a value (a reporting one such as `PRAGMA table_info(deposits)` is
/// run). A statement SQLite cannot prepare is its Error. The messages name no option or command.
class ReadOnlyQuery {
  public:
    ReadOnlyQuery(const std::string &path, std::string_view query);
    ReadOnlyQuery(const ReadOnlyQuery &) = delete;
    ReadOnlyQuery &operator=(const ReadOnlyQuery &) = delete;
    /// The prepared statement, to step through its rows.
    sql::Statement &statement() { return stmt_; }

  private:
    Store store_;
    sql::Statement stmt_;
};

/// While alive, no other process writes the store at `path` and every commit of it is in the
/// file itself (its write-ahead log folded in and emptied), so that the file can be replaced and
/// its -wal removed. A store that readers still hold in its log is refused (depomap::Error). No
/// lock is taken on a path that does not exist or is not an SQLite database.
class WriteLock {
  public:
    explicit WriteLock(const std::string &path);
    WriteLock(const WriteLock &) = delete;
    WriteLock &operator=(const WriteLock &) = delete;
    ~WriteLock();

  private:
    std::optional<sql::Database> db_;
};
} // namespace store

} // namespace depomap
