#include "load/layer_writer.hpp"

#include "depomap/error.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>

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
    if (static_cast<double>(f) > v) f = std::nextafter(f, -INFINITY);
    return f;
}
float round_up(double v) {
    float f = static_cast<float>(v);
    if (static_cast<double>(f) < v) f = std::nextafter(f, INFINITY);
    return f;
}

} // namespace

LayerWriter::LayerWriter(sql::Database &db, const schema::Layer &layer)
    : db_(db), layer_(layer), insert_(db, insert_sql(layer)) {
    if (layer.geometry == schema::GeometryType::none) return;
    // The geometry-constraint (ggi), index (gii) and timestamp (tmi) triggers run SQL for every
    // row; our blobs are built to the column's type, the index is filled in bulk in finish().
    const std::string table(layer.name);
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
    for (const auto &name : names) db.exec("DROP TRIGGER " + quote_identifier(name));
}

LayerWriter::Outcome LayerWriter::insert(const Row &row) {
    int index = 1;
    for (const auto &value : row.values) insert_.bind(index++, value);
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
        if ((rc & 0xff) == SQLITE_FULL) throw Error(db_.path() + ": disk full while loading");
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

void LayerWriter::finish() {
    if (layer_.geometry == schema::GeometryType::none) return;
    std::ranges::sort(entries_, [](const Entry &a, const Entry &b) {
        return a.hilbert != b.hilbert ? a.hilbert < b.hilbert : a.rowid < b.rowid;
    });
    auto rtree = db_.prepare("INSERT INTO " +
                             quote_identifier("idx_" + std::string(layer_.name) + "_geom") +
                             " (pkid, xmin, xmax, ymin, ymax) VALUES (?, ?, ?, ?, ?)");
    for (const auto &e : entries_) {
        rtree.bind(1, e.rowid)
            .bind(2, static_cast<double>(e.min_x))
            .bind(3, static_cast<double>(e.max_x))
            .bind(4, static_cast<double>(e.min_y))
            .bind(5, static_cast<double>(e.max_y));
        if (rtree.step_code() != SQLITE_DONE) {
            throw Error(db_.path() + ": building the spatial index failed: " +
                        rtree.error_message());
        }
        rtree.reset();
    }
    entries_.clear();
    entries_.shrink_to_fit();
    for (const auto &sql : saved_triggers_) db_.exec(sql);
    auto touch = db_.prepare(
        "UPDATE geometry_columns_time SET last_insert = strftime('%Y-%m-%dT%H:%M:%fZ', 'now') "
        "WHERE Lower(f_table_name) = Lower(?) AND Lower(f_geometry_column) = 'geom'");
    touch.bind(1, layer_.name);
    touch.step();
}

} // namespace depomap::loading
