#include "load/layer_writer.hpp"

#include "depomap/error.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstring>

namespace depomap::loading {
namespace {

using sql::quote_identifier;

std::string insert_sql(const schema::Layer &layer) {
    std::string columns, params;
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
    return "INSERT INTO " + quote_identifier(layer.name) + " (" + columns + ") VALUES (" + params +
           ")";
}

// Position on a Hilbert curve of order 16 over the lon/lat plane: neighbours on the curve are
// neighbours on the map, so R*Tree nodes fill page by page.
std::uint64_t hilbert_index(double lon, double lat) {
    constexpr std::uint32_t n = 1u << 16;
    auto scale = [](double v, double lo, double hi) {
        const double t = std::clamp((v - lo) / (hi - lo), 0.0, 1.0);
        return static_cast<std::uint32_t>(t * (n - 1));
    };
    std::uint32_t x = scale(lon, -180, 180), y = scale(lat, -90, 90);
    std::uint64_t d = 0;
    for (std::uint32_t s = n / 2; s > 0; s /= 2) {
        const std::uint32_t rx = (x & s) ? 1 : 0;
        const std::uint32_t ry = (y & s) ? 1 : 0;
        d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = s - 1 - (x & (s - 1)) + (x & ~(s - 1));
                y = s - 1 - (y & (s - 1)) + (y & ~(s - 1));
                x &= n - 1;
                y &= n - 1;
            }
            std::swap(x, y);
        }
    }
    return d;
}

// SpatiaLite's R*Tree stores 32-bit floats: round outwards so every box still contains its
// geometry, as SpatiaLite's own RTreeAlign does.
float round_down(double v) {
    float f = static_cast<float>(v);
    if (static_cast<double>(f) > v)
        f = std::nextafter(f, -INFINITY);
    return f;
}
float round_up(double v) {
    float f = static_cast<float>(v);
    if (static_cast<double>(f) < v)
        f = std::nextafter(f, INFINITY);
    return f;
}

void put_be32(unsigned char *p, std::uint32_t v) {
    p[0] = static_cast<unsigned char>(v >> 24);
    p[1] = static_cast<unsigned char>(v >> 16);
    p[2] = static_cast<unsigned char>(v >> 8);
    p[3] = static_cast<unsigned char>(v);
}

void put_be64(unsigned char *p, std::uint64_t v) {
    put_be32(p, static_cast<std::uint32_t>(v >> 32));
    put_be32(p + 4, static_cast<std::uint32_t>(v));
}

void put_float(unsigned char *p, float f) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    put_be32(p, bits);
}

// SQLite's R*Tree on disk (ext/rtree/rtree.c): nodes of at most 51 cells in `<name>_node`
// (a 4-byte header: tree depth, used in the root only, and the cell count; then cells of a
// big-endian 64-bit id and four big-endian floats xmin, xmax, ymin, ymax), the leaf of each
// entry in `<name>_rowid`, the parent of each node but the root (number 1) in `<name>_parent`.
constexpr int rtree_max_cells = 51;
constexpr int rtree_cell_bytes = 8 + 4 * 4;

struct PackedNode {
    std::int64_t number = 0;
    float min_x = INFINITY, min_y = INFINITY, max_x = -INFINITY, max_y = -INFINITY;
    std::vector<std::int64_t> children; ///< entry rowids (leaves) or child node indexes
    std::vector<std::array<float, 4>> boxes;

    /// Adds a cell and grows the node's own box to cover it.
    void add(std::int64_t child, float x0, float y0, float x1, float y1) {
        children.push_back(child);
        boxes.push_back({x0, x1, y0, y1});
        min_x = std::min(min_x, x0);
        min_y = std::min(min_y, y0);
        max_x = std::max(max_x, x1);
        max_y = std::max(max_y, y1);
    }
};

} // namespace

void LayerWriter::pack_rtree(std::vector<Entry> &entries, int node_size) {
    const std::string index = "idx_" + std::string(layer_.name) + "_geom";
    // Bottom-up: full leaves in Hilbert order, then full parents of consecutive nodes.
    std::vector<std::vector<PackedNode>> levels;
    auto &leaves = levels.emplace_back();
    for (std::size_t i = 0; i < entries.size(); i += rtree_max_cells) {
        PackedNode node;
        for (std::size_t j = i; j < std::min(entries.size(), i + rtree_max_cells); ++j) {
            const auto &e = entries[j];
            node.add(e.rowid, e.min_x, e.min_y, e.max_x, e.max_y);
        }
        leaves.push_back(std::move(node));
    }
    while (levels.back().size() > 1) {
        const auto &below = levels.back();
        std::vector<PackedNode> above;
        for (std::size_t i = 0; i < below.size(); i += rtree_max_cells) {
            PackedNode node;
            for (std::size_t j = i; j < std::min(below.size(), i + rtree_max_cells); ++j) {
                const auto &c = below[j];
                node.add(static_cast<std::int64_t>(j), c.min_x, c.min_y, c.max_x, c.max_y);
            }
            above.push_back(std::move(node));
        }
        levels.push_back(std::move(above));
    }
    // Node numbers: the root is 1, the rest follow level by level from the top.
    std::int64_t next = 1;
    for (auto level = levels.rbegin(); level != levels.rend(); ++level) {
        for (auto &node : *level)
            node.number = next++;
    }
    const int depth = static_cast<int>(levels.size()) - 1;

    db_.exec("DELETE FROM " + quote_identifier(index + "_node"));
    db_.exec("DELETE FROM " + quote_identifier(index + "_rowid"));
    db_.exec("DELETE FROM " + quote_identifier(index + "_parent"));
    auto put_node =
        db_.prepare("INSERT INTO " + quote_identifier(index + "_node") + " VALUES (?, ?)");
    auto put_rowid =
        db_.prepare("INSERT INTO " + quote_identifier(index + "_rowid") + " VALUES (?, ?)");
    auto put_parent =
        db_.prepare("INSERT INTO " + quote_identifier(index + "_parent") + " VALUES (?, ?)");
    std::vector<unsigned char> blob(static_cast<std::size_t>(node_size));
    const auto step = [this](sql::Statement &stmt) {
        if (stmt.step_code() != SQLITE_DONE) {
            throw Error(db_.path() +
                        ": building the spatial index failed: " + stmt.error_message());
        }
        stmt.reset();
    };
    for (std::size_t level = 0; level < levels.size(); ++level) {
        for (const auto &node : levels[level]) {
            std::fill(blob.begin(), blob.end(), 0);
            blob[0] = static_cast<unsigned char>(node.number == 1 ? depth >> 8 : 0);
            blob[1] = static_cast<unsigned char>(node.number == 1 ? depth & 0xff : 0);
            blob[2] = static_cast<unsigned char>(node.children.size() >> 8);
            blob[3] = static_cast<unsigned char>(node.children.size() & 0xff);
            for (std::size_t c = 0; c < node.children.size(); ++c) {
                unsigned char *cell = blob.data() + 4 + c * rtree_cell_bytes;
                const std::int64_t id =
                    level == 0
                        ? node.children[c]
                        : levels[level - 1][static_cast<std::size_t>(node.children[c])].number;
                put_be64(cell, static_cast<std::uint64_t>(id));
                for (int k = 0; k < 4; ++k)
                    put_float(cell + 8 + 4 * k, node.boxes[c][static_cast<std::size_t>(k)]);
                if (level == 0) {
                    put_rowid.bind(1, id).bind(2, node.number);
                    step(put_rowid);
                } else {
                    put_parent.bind(1, id).bind(2, node.number);
                    step(put_parent);
                }
            }
            put_node.bind(1, node.number).bind_blob(2, blob);
            step(put_node);
        }
    }
}

LayerWriter::LayerWriter(sql::Database &db, const schema::Layer &layer)
    : db_(db), layer_(layer), insert_(db, insert_sql(layer)) {
    // A bigger page cache for the load: inserts into the id index stop thrashing (64 MiB).
    db.exec("PRAGMA cache_size=-65536");
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
        if ((rc & 0xff) == SQLITE_FULL)
            throw Error(db_.path() + ": disk full while loading");
        throw Error(db_.path() + ": insert failed: " + message);
    }
    insert_.reset();
    if (layer_.geometry != schema::GeometryType::none) {
        const auto &b = row.box;
        entries_.push_back({hilbert_index((b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2),
                            sqlite3_last_insert_rowid(db_.handle()), round_down(b.min_x),
                            round_down(b.min_y), round_up(b.max_x), round_up(b.max_y)});
    }
    return Outcome::inserted;
}

std::int64_t LayerWriter::last_rowid() const { return sqlite3_last_insert_rowid(db_.handle()); }

std::vector<LayerWriter::Duplicate> LayerWriter::finish() {
    std::vector<Duplicate> duplicates;
    if (!id_index_sql_.empty()) {
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
        if (!duplicates.empty()) {
            auto remove = db_.prepare("DELETE FROM " + table + " WHERE fid = ?");
            std::vector<std::int64_t> removed;
            for (const auto &d : duplicates) {
                remove.bind(1, d.rowid);
                remove.step();
                remove.reset();
                removed.push_back(d.rowid);
            }
            std::ranges::sort(removed);
            std::erase_if(entries_, [&](const Entry &e) {
                return std::ranges::binary_search(removed, e.rowid);
            });
            std::ranges::sort(duplicates, {}, &Duplicate::rowid);
        }
        db_.exec(id_index_sql_);
    }
    if (layer_.geometry == schema::GeometryType::none)
        return duplicates;
    const std::string index = "idx_" + std::string(layer_.name) + "_geom";
    const auto existing =
        db_.scalar_int("SELECT count(*) FROM " + quote_identifier(index + "_rowid")).value_or(0);
    const auto node_size = db_.scalar_int("SELECT length(data) FROM " +
                                          quote_identifier(index + "_node") + " WHERE nodeno = 1");
    // Packing the whole tree costs a pass over old and new entries; SQL inserts cost a tree
    // descent each. Pack when the new entries are at least as many as those already there.
    if (node_size && *node_size >= 4 + rtree_max_cells * rtree_cell_bytes &&
        static_cast<std::size_t>(existing) <= entries_.size() && !entries_.empty()) {
        {
            auto old =
                db_.prepare("SELECT pkid, xmin, xmax, ymin, ymax FROM " + quote_identifier(index));
            while (old.step()) {
                const auto min_x = static_cast<float>(old.column_double(1));
                const auto max_x = static_cast<float>(old.column_double(2));
                const auto min_y = static_cast<float>(old.column_double(3));
                const auto max_y = static_cast<float>(old.column_double(4));
                entries_.push_back({hilbert_index((min_x + max_x) / 2.0, (min_y + max_y) / 2.0),
                                    old.column_int(0), min_x, min_y, max_x, max_y});
            }
        } // the virtual table's statement is finalised before its shadow tables are rewritten
        sort_entries();
        pack_rtree(entries_, static_cast<int>(*node_size));
    } else {
        sort_entries();
        insert_rtree();
    }
    entries_.clear();
    entries_.shrink_to_fit();
    for (const auto &sql : saved_triggers_)
        db_.exec(sql);
    auto touch = db_.prepare(
        "UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
        "WHERE Lower(f_table_name) = Lower(?) AND Lower(f_geometry_column) = 'geom'");
    touch.bind(1, layer_.name);
    touch.step();
    return duplicates;
}

void LayerWriter::sort_entries() {
    std::ranges::sort(entries_, [](const Entry &a, const Entry &b) {
        return a.hilbert != b.hilbert ? a.hilbert < b.hilbert : a.rowid < b.rowid;
    });
}

void LayerWriter::insert_rtree() {
    auto rtree =
        db_.prepare("INSERT INTO " + quote_identifier("idx_" + std::string(layer_.name) + "_geom") +
                    " (pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)");
    for (const auto &e : entries_) {
        rtree.bind(1, e.rowid)
            .bind(2, static_cast<double>(e.min_x))
            .bind(3, static_cast<double>(e.max_x))
            .bind(4, static_cast<double>(e.min_y))
            .bind(5, static_cast<double>(e.max_y));
        if (rtree.step_code() != SQLITE_DONE) {
            throw Error(db_.path() +
                        ": building the spatial index failed: " + rtree.error_message());
        }
        rtree.reset();
    }
}

} // namespace depomap::loading
