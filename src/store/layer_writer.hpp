#pragma once
// Inserts rows into one layer inside the caller's transaction, and builds the layer's R*Tree
// entries in bulk, in spatial order, at the end.
#include "depomap/schema.hpp"
#include "depomap/sqlite.hpp"
#include "store/entry_sorter.hpp"
#include "store/geometry_blob.hpp"

#include <optional>
#include <span>
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
    /// `sort_memory` bounds the R*Tree entries held in memory (EntrySorter); the rest spill to a
    /// temporary file beside the store.
    LayerWriter(sql::Database &db, const schema::Layer &layer,
                std::size_t sort_memory = EntrySorter::default_memory);
    Outcome insert(const Row &row);
    /// Inserts `rows` in order and returns the rowid of the first; the others follow it one by
    /// one. Only while ids_deferred() (no row can be refused as a duplicate): a block of
    /// `block_rows` rows is one statement, which costs SQLite a third less than one per row
    /// (the statement's start and end, AUTOINCREMENT's sqlite_sequence update) and no copy of
    /// their text. The rows must stay alive until it returns.
    std::int64_t insert_block(std::span<const Row *const> rows);
    static constexpr std::size_t block_rows = 32;
    /// The rowid of the row insert() last added.
    std::int64_t last_rowid() const;

    /// A row whose id another row already had; removed by finish().
    struct Duplicate {
        std::int64_t rowid;
        std::string id;
    };
    /// Builds the deferred id index (removing and returning the later rows of any id that
    /// occurs twice), adds the R*Tree entries in Hilbert order and restores the triggers.
    std::vector<Duplicate> finish();
    /// True when ids are checked only in finish() (a load into an empty layer).
    bool ids_deferred() const { return !id_index_sql_.empty(); }

  private:
    static constexpr int cache_kib = 65536; ///< SQLite's page cache during a load (64 MiB)
    /// Builds the deferred id index, first taking out the later rows of any id seen twice.
    /// Adds the R*Tree entry of `row`, inserted as `rowid`.
    void add_entry(const Row &row, std::int64_t rowid);
    /// insert() of each row; the rowid of the first.
    std::int64_t insert_each(std::span<const Row *const> rows);
    void build_id_index(std::vector<Duplicate> &duplicates, std::vector<std::int64_t> &removed);

    sql::Database &db_;
    const schema::Layer &layer_;
    sql::Statement insert_;
    std::optional<sql::Statement> insert_block_; ///< block_rows rows a statement, made on first use
    std::vector<std::string> saved_triggers_;
    std::string id_index_sql_; ///< the dropped unique index on id, to build at the end
    EntrySorter entries_; ///< the R*Tree entries of the rows inserted, for finish()
};

} // namespace depomap::loading
