#pragma once
// The SpatiaLite store: schema, migrations, layer statistics.
#include "depomap/schema.hpp"
#include "depomap/sqlite.hpp"

#include <cstdint>
#include <optional>
#include <string>
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

class Store {
  public:
    enum class Access { read_only, read_write };

    /// Creates a new, empty store at `path` (which must not exist) with the current schema.
    static Store create(const std::string &path);
    /// Opens an existing store. A store of an older schema is migrated (that needs write access
    /// to the file); a newer one is refused with a clear error.
    static Store open(const std::string &path, Access access);

    sql::Database &db() { return db_; }
    const std::string &path() const { return db_.path(); }
    int schema_version();
    std::vector<LayerInfo> layer_info();
    /// Closes the store, turning a failed close into an error.
    void close() { db_.close(); }

  private:
    explicit Store(sql::Database db) : db_(std::move(db)) {}
    sql::Database db_;
};

namespace store {
/// Brings `db` from its schema version up to `target` (the current one unless a test asks for
/// less), in one transaction.
void migrate(sql::Database &db, int target = schema::current_version);
/// The schema version recorded in the store, 0 for a file without depomap metadata.
int read_schema_version(sql::Database &db);
} // namespace store

} // namespace depomap
