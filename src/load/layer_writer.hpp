#pragma once
// Inserts rows into one layer inside the caller's transaction, and builds the layer's R*Tree
// entries in bulk, in spatial order, at the end.
#include "depomap/schema.hpp"
#include "depomap/sqlite.hpp"
#include "store/geometry_blob.hpp"

#include <string>
#include <vector>

namespace depomap::loading {

/// One row, ready to insert: a value per schema column, the `extra` JSON and the geometry.
struct Row {
    std::vector<sql::Value> values;
    std::string extra;               ///< empty: NULL
    std::vector<unsigned char> blob; ///< empty: no geometry
    store::Box box{};
};

class LayerWriter {
  public:
    enum class Outcome { inserted, duplicate };

    /// Must be constructed inside a transaction: it drops the layer's per-row index triggers,
    /// and finish() (or the transaction's rollback) puts them back.
    LayerWriter(sql::Database &db, const schema::Layer &layer);
    Outcome insert(const Row &row);
    /// Adds the collected boxes to the R*Tree in Hilbert order and restores the triggers.
    void finish();

  private:
    struct Entry {
        std::uint64_t hilbert;
        std::int64_t rowid;
        float min_x, min_y, max_x, max_y;
    };
    void sort_entries();
    void insert_rtree();
    /// Writes the whole R*Tree of `entries` (sorted) straight into its shadow tables.
    void pack_rtree(std::vector<Entry> &entries, int node_size);
    sql::Database &db_;
    const schema::Layer &layer_;
    sql::Statement insert_;
    std::vector<std::string> saved_triggers_;
    std::vector<Entry> entries_;
};

} // namespace depomap::loading
