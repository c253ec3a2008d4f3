#include "store/layer_writer.hpp"

#include "depomap/error.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <cmath>
#include <cstring>
#include <thread>

namespace depomap::loading {
namespace {

using sql::quote_identifier;

/// `INSERT INTO layer (columns, extra[, geom]) VALUES (?, ...)`, with `rows` rows of parameters.
std::string insert_sql(const schema::Layer &layer, std::size_t rows) {
    std::string columns, params = "(";
    for (const auto &column : layer.columns) {
        columns += quote_identifier(column.name) + ",";
        params += "?,";
    }
    columns += "extra";
    params += "?";
    if (layer.geometry != schema::GeometryType::none) {
        columns += ",geom";
        params += ",?";
    }
    params += ")";
    return "INSERT INTO " + quote_identifier(layer.name) + " (" + columns + ") VALUES " +
           sql::repeated_rows(params, rows);
}

// The R*Tree sort spills beside the store: the folder that will hold the index has room for it.
std::string spill_dir(const std::string &store_path) {
    if (store_path.empty() || store_path == ":memory:" || store_path.starts_with("file:")) {
        const char *tmp = std::getenv("TMPDIR");
        return tmp && *tmp ? tmp : "/tmp";
    }
    const auto parent = std::filesystem::path(store_path).parent_path();
    return parent.empty() ? "." : parent.string();
}

} // namespace

LayerWriter::LayerWriter(sql::Database &db, const schema::Layer &layer, std::size_t sort_memory)
    : db_(db), layer_(layer), insert_(db, insert_sql(layer, 1)),
      entries_(spill_dir(db.path()), sort_memory) {
    // A bigger page cache for the load: inserts into the id index stop thrashing.
    db.exec("PRAGMA cache_size=-" + std::to_string(cache_kib));
    // Into an empty layer, the unique index on id is built once at the end instead of being
    // updated in random order for every row.
    const std::string table(layer.name);
    if (!db.scalar_int("SELECT 1 FROM " + quote_identifier(table) + " LIMIT 1")) {
        auto index = db.prepare("SELECT sql FROM sqlite_master WHERE type='index' AND name=?");
        index.bind(1, table + "_id_key");
        if (index.step()) id_index_sql_ = index.column_text(0);
        index.reset();
        if (!id_index_sql_.empty()) db.exec("DROP INDEX " + quote_identifier(table + "_id_key"));
    }
    if (layer.geometry == schema::GeometryType::none)
        return;
    // The geometry-constraint (ggi), index (gii) and timestamp (tmi) triggers run SQL for every
    // row; our blobs are built to the column's type, the index is filled in bulk in finish().
    auto triggers = db.prepare(
        "SELECT name, sql FROM sqlite_master WHERE type='trigger' AND tbl_name=? AND name IN "
        "(?, ?, ?)");
    triggers.bind(1, table)
        .bind(2, "ggi_" + table + "_geom")
        .bind(3, "gii_" + table + "_geom")
        .bind(4, "tmi_" + table + "_geom");
    std::vector<std::string> names;
    while (triggers.step()) {
        names.push_back(triggers.column_text(0));
        saved_triggers_.push_back(triggers.column_text(1));
    }
    for (const auto &name : names)
        db.exec("DROP TRIGGER " + quote_identifier(name));
}

LayerWriter::Outcome LayerWriter::insert(const Row &row) {
    int index = 1;
    for (const auto &value : row.values)
        insert_.bind(index++, value);
    if (row.extra.empty()) {
        insert_.bind(index++, nullptr);
    } else {
        insert_.bind(index++, std::string_view(row.extra));
    }
    if (layer_.geometry != schema::GeometryType::none) {
        insert_.bind_blob(index++, row.blob);
    }
    const int rc = insert_.step_code();
    if (rc == SQLITE_CONSTRAINT_UNIQUE) {
        insert_.reset();
        return Outcome::duplicate;
    }
    if (rc != SQLITE_DONE) {
        const std::string message = insert_.error_message();
        insert_.reset();
        throw Error(sql::write_error(db_.path(), rc, "insert failed", message));
    }
    insert_.reset();
    add_entry(row, sqlite3_last_insert_rowid(db_.handle()));
    return Outcome::inserted;
}

void LayerWriter::add_entry(const Row &row, std::int64_t rowid) {
    if (layer_.geometry == schema::GeometryType::none)
        return;
    const auto &b = row.box;
    entries_.push({hilbert_index((b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2), rowid,
                   outward_box(b.min_x, b.min_y, b.max_x, b.max_y)});
}

std::int64_t LayerWriter::insert_each(std::span<const Row *const> rows) {
    std::int64_t first = 0;
    for (const Row *row : rows) {
        if (insert(*row) == Outcome::duplicate)
            throw Error(db_.path() + ": a block of rows held a duplicate id"); // insert_block's contract
        if (!first) first = last_rowid();
    }
    return first;
}

std::int64_t LayerWriter::insert_block(std::span<const Row *const> rows) {
    // A duplicate must be found row by row; a short block is the end of a load.
    if (!ids_deferred() || rows.size() != block_rows)
        return insert_each(rows);
    if (!insert_block_)
        insert_block_.emplace(db_, insert_sql(layer_, block_rows));
    auto &statement = *insert_block_;
    int index = 1;
    for (const Row *row : rows) {
        for (const auto &value : row->values)
            statement.bind_borrowed(index++, value);
        if (row->extra.empty()) statement.bind(index++, nullptr);
        else statement.bind_text_borrowed(index++, row->extra);
        if (layer_.geometry != schema::GeometryType::none)
            statement.bind_blob_borrowed(index++, row->blob);
    }
    const int rc = statement.step_code();
    statement.reset_keeping_bindings();
    // SQLite undid the whole statement: the rows go in one by one, and the one at fault fails
    // with the single insert's error.
    if (rc != SQLITE_DONE)
        return insert_each(rows);
    // AUTOINCREMENT gives the rows of one statement consecutive rowids, the last one known.
    const std::int64_t first = last_rowid() - static_cast<std::int64_t>(rows.size()) + 1;
    for (std::size_t i = 0; i < rows.size(); ++i)
        add_entry(*rows[i], first + static_cast<std::int64_t>(i));
    return first;
}

std::int64_t LayerWriter::last_rowid() const { return sqlite3_last_insert_rowid(db_.handle()); }

void LayerWriter::build_id_index(std::vector<Duplicate> &duplicates, std::vector<std::int64_t> &removed) {
    // One big sort: SQLite's sorter may use every core, and holds up to cache_size in memory per
    // sorting thread plus one, so the load's cache is shared among them and the index costs no
    // more memory than a one-thread sort.
    const unsigned threads = std::max(1U, std::thread::hardware_concurrency());
    db_.exec("PRAGMA threads=" + std::to_string(threads));
    db_.exec("PRAGMA cache_size=-" + std::to_string(cache_kib / (threads + 1)));
    // Usually the ids are unique: the index is built at once, and the duplicates are looked for
    // only when it cannot be.
    if (db_.exec_unless_constraint(id_index_sql_))
        return;
    const auto table = quote_identifier(layer_.name);
    auto find = db_.prepare("SELECT fid, id FROM " + table + " WHERE id IN (SELECT id FROM " +
                            table + " GROUP BY id HAVING count(*) > 1) ORDER BY id, fid");
    std::string previous;
    bool first = true;
    while (find.step()) {
        std::string id = find.column_text(1);
        if (!first && id == previous) duplicates.push_back({find.column_int(0), id});
        previous = std::move(id);
        first = false;
    }
    auto remove = db_.prepare("DELETE FROM " + table + " WHERE fid = ?");
    for (const auto &d : duplicates) {
        remove.bind(1, d.rowid);
        remove.step();
        remove.reset();
        removed.push_back(d.rowid);
    }
    std::ranges::sort(removed);
    std::ranges::sort(duplicates, {}, &Duplicate::rowid);
    db_.exec(id_index_sql_);
}

std::vector<LayerWriter::Duplicate> LayerWriter::finish() {
    std::vector<Duplicate> duplicates;
    std::vector<std::int64_t> removed; // sorted rowids of the duplicates taken out again
    if (!id_index_sql_.empty())
        build_id_index(duplicates, removed);
    if (layer_.geometry == schema::GeometryType::none)
        return duplicates;
    const std::string index = "idx_" + std::string(layer_.name) + "_geom";
    const auto existing =
        db_.scalar_int("SELECT count(*) FROM " + quote_identifier(index + "_rowid")).value_or(0);
    const auto node_size = db_.scalar_int("SELECT length(data) FROM " +
                                          quote_identifier(index + "_node") + " WHERE nodeno = 1");
    const auto kept = [&removed](const Entry &e) {
        return !std::ranges::binary_search(removed, e.rowid);
    };
    // Packing the whole tree costs a pass over old and new entries; SQL inserts cost a tree
    // descent each. Pack when the new entries are at least as many as those already there.
    const std::uint64_t added = entries_.size() - removed.size();
    if (node_size && *node_size >= 4 + RtreePacker::max_cells * RtreePacker::cell_bytes &&
        static_cast<std::uint64_t>(existing) <= added && added > 0) {
        {
            auto old =
                db_.prepare("SELECT pkid, xmin, xmax, ymin, ymax FROM " + quote_identifier(index));
            while (old.step()) {
                const auto min_x = static_cast<float>(old.column_double(1));
                const auto max_x = static_cast<float>(old.column_double(2));
                const auto min_y = static_cast<float>(old.column_double(3));
                const auto max_y = static_cast<float>(old.column_double(4));
                entries_.push({hilbert_index((min_x + max_x) / 2.0, (min_y + max_y) / 2.0),
                               old.column_int(0),
                               {min_x, min_y, max_x, max_y}});
            }
        } // the virtual table's statement is finalised before its shadow tables are rewritten
        RtreePacker packer(db_, index, static_cast<int>(*node_size));
        entries_.drain([&](const Entry &e) {
            if (kept(e)) packer.add(e.rowid, e.box);
        });
        packer.finish();
    } else {
        auto rtree = db_.prepare("INSERT INTO " + quote_identifier(index) +
                                 " (pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)");
        entries_.drain([&](const Entry &e) {
            if (!kept(e)) return;
            rtree.bind(1, e.rowid)
                .bind(2, static_cast<double>(e.box.min_x))
                .bind(3, static_cast<double>(e.box.max_x))
                .bind(4, static_cast<double>(e.box.min_y))
                .bind(5, static_cast<double>(e.box.max_y));
            if (const int rc = rtree.step_code(); rc != SQLITE_DONE)
                throw Error(sql::write_error(db_.path(), rc, "building the spatial index failed", rtree.error_message()));
            rtree.reset();
        });
    }
    for (const auto &sql : saved_triggers_)
        db_.exec(sql);
    auto touch = db_.prepare(
        "UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
        "WHERE Lower(f_table_name) = Lower(?) AND Lower(f_geometry_column) = 'geom'");
    touch.bind(1, layer_.name);
    touch.step();
    return duplicates;
}

} // namespace depomap::loading
