// A GeoPackage's spatial indexes, packed in one pass (see gpkg_spatial_index.hpp).
#include "output/gpkg_spatial_index.hpp"

#include "depomap/error.hpp"
#include "depomap/sqlite.hpp"
#include "store/entry_sorter.hpp"
#include "store/rtree_packer.hpp"

#include <cmath>
#include <cstring>
#include <functional>
#include <vector>

namespace depomap::output {
namespace {

using sql::quote_identifier;

// The bytes of a blob, read in the byte order each part declares.
class BlobReader {
  public:
    explicit BlobReader(std::span<const unsigned char> blob)
        : at_(blob.data()), end_(blob.data() + blob.size()) {}

    void need(std::uint64_t bytes) const {
        if (static_cast<std::uint64_t>(end_ - at_) < bytes)
            throw Error("the geometry blob is cut short");
    }
    void skip(std::uint64_t bytes) {
        need(bytes);
        at_ += bytes;
    }
    unsigned char byte() {
        need(1);
        return *at_++;
    }
    std::uint32_t u32(bool little) {
        need(4);
        std::uint32_t v = 0;
        for (int i = 0; i < 4; ++i)
            v |= std::uint32_t{at_[little ? i : 3 - i]} << (8 * i);
        at_ += 4;
        return v;
    }
    double f64(bool little) {
        need(8);
        std::uint64_t bits = 0;
        for (int i = 0; i < 8; ++i)
            bits |= std::uint64_t{at_[little ? i : 7 - i]} << (8 * i);
        at_ += 8;
        double v;
        std::memcpy(&v, &bits, sizeof v);
        return v;
    }

  private:
    const unsigned char *at_;
    const unsigned char *end_;
};

// The box of the coordinates met so far; `any` until the first one.
struct Accumulated {
    GpkgBounds box{INFINITY, INFINITY, -INFINITY, -INFINITY};
    bool any = false;
    void add(double x, double y) {
        if (std::isnan(x) || std::isnan(y))
            return; // an empty point's coordinates
        box = {std::min(box.min_x, x), std::min(box.min_y, y), std::max(box.max_x, x),
               std::max(box.max_y, y)};
        any = true;
    }
};

// WKB geometry types by their code (ISO: + 1000 Z, + 2000 M, + 3000 ZM; or the EWKB flag bits).
void wkb_bounds(BlobReader &in, Accumulated &acc, int depth) {
    constexpr int max_depth = 32;
    if (depth > max_depth)
        throw Error("the geometry is nested more than 32 deep");
    const bool little = in.byte() == 1;
    std::uint32_t type = in.u32(little);
    int dims = 2 + ((type & 0x80000000U) ? 1 : 0) + ((type & 0x40000000U) ? 1 : 0);
    type &= 0x0fffffffU;
    const std::uint32_t iso = type / 1000;
    dims += iso == 3 ? 2 : iso > 0 ? 1 : 0;
    const auto point = [&] {
        const double x = in.f64(little);
        const double y = in.f64(little);
        in.skip(8 * static_cast<std::uint64_t>(dims - 2));
        acc.add(x, y);
    };
    const auto points = [&] {
        const std::uint64_t n = in.u32(little);
        in.need(n * 8 * static_cast<std::uint64_t>(dims));
        for (std::uint64_t i = 0; i < n; ++i)
            point();
    };
    switch (type % 1000) {
    case 1:
        point();
        break;
    case 2:
        points();
        break;
    case 3:
        for (std::uint32_t rings = in.u32(little); rings > 0; --rings)
            points();
        break;
    case 4:
    case 5:
    case 6:
    case 7:
        for (std::uint32_t parts = in.u32(little); parts > 0; --parts)
            wkb_bounds(in, acc, depth + 1);
        break;
    default:
        throw Error("geometry type " + std::to_string(type) + " without an envelope in its header");
    }
}

struct GeometryColumn {
    std::string table;
    std::string column;
    std::string index() const { return "rtree_" + table + "_" + column; }
};

bool has_table(sql::Database &db, const std::string &name) {
    auto q = db.prepare("SELECT 1 FROM sqlite_master WHERE name = ?");
    q.bind(1, name);
    return q.step();
}

std::vector<GeometryColumn> unindexed_columns(sql::Database &db) {
    std::vector<GeometryColumn> columns;
    auto q =
        db.prepare("SELECT table_name, column_name FROM gpkg_geometry_columns ORDER BY table_name");
    while (q.step())
        columns.push_back({q.column_text(0), q.column_text(1)});
    std::erase_if(columns, [&](const GeometryColumn &c) { return has_table(db, c.index()); });
    return columns;
}

// The table's INTEGER PRIMARY KEY (a GeoPackage feature table has exactly one).
std::string primary_key(sql::Database &db, const std::string &table) {
    auto q = db.prepare("SELECT name FROM pragma_table_info(?) WHERE pk = 1");
    q.bind(1, table);
    if (!q.step())
        throw Error("the table has no primary key");
    return q.column_text(0);
}

// Every non-empty geometry's key and box, in table order.
void for_each_box(sql::Database &db, const GeometryColumn &c, const std::string &key,
                  const std::function<void(std::int64_t, const GpkgBounds &)> &visit) {
    auto rows = db.prepare("SELECT " + quote_identifier(key) + ", " + quote_identifier(c.column) +
                           " FROM " + quote_identifier(c.table) + " WHERE " +
                           quote_identifier(c.column) + " IS NOT NULL");
    while (rows.step()) {
        const auto id = rows.column_int(0);
        try {
            if (const auto box = gpkg_blob_bounds(rows.column_blob(1)))
                visit(id, *box);
        } catch (const Error &e) {
            throw Error("feature " + std::to_string(id) + ": " + e.what());
        }
    }
}

// The frame of the Hilbert curve: the layer's extent as GDAL recorded it, else measured.
loading::HilbertFrame frame_of(sql::Database &db, const GeometryColumn &c, const std::string &key) {
    auto q = db.prepare(
        "SELECT min_x, min_y, max_x, max_y FROM gpkg_contents WHERE table_name = ? "
        "AND min_x IS NOT NULL AND min_y IS NOT NULL AND max_x IS NOT NULL AND max_y IS NOT NULL");
    q.bind(1, c.table);
    if (q.step())
        return {q.column_double(0), q.column_double(1), q.column_double(2), q.column_double(3)};
    loading::HilbertFrame frame{INFINITY, INFINITY, -INFINITY, -INFINITY};
    for_each_box(db, c, key, [&](std::int64_t, const GpkgBounds &b) {
        frame = {std::min(frame.min_x, b.min_x), std::min(frame.min_y, b.min_y),
                 std::max(frame.max_x, b.max_x), std::max(frame.max_y, b.max_y)};
    });
    return frame;
}

// The six triggers of the standard's annex F.3, which keep the index in step with later edits.
void create_triggers(sql::Database &db, const GeometryColumn &c, const std::string &key) {
    const auto t = quote_identifier(c.table);
    const auto g = quote_identifier(c.column);
    const auto k = quote_identifier(key);
    const auto i = quote_identifier(c.index());
    const auto box = "NEW." + k + ", ST_MinX(NEW." + g + "), ST_MaxX(NEW." + g + "), ST_MinY(NEW." +
                     g + "), ST_MaxY(NEW." + g + ")";
    const auto filled = "(NEW." + g + " NOT NULL AND NOT ST_IsEmpty(NEW." + g + "))";
    const auto cleared = "(NEW." + g + " IS NULL OR ST_IsEmpty(NEW." + g + "))";
    const auto same_key = "OLD." + k + " = NEW." + k;
    const auto new_key = "OLD." + k + " != NEW." + k;
    const auto trigger = [&](const std::string &suffix, const std::string &event,
                             const std::string &body) {
        db.exec("CREATE TRIGGER " + quote_identifier(c.index() + "_" + suffix) + " " + event +
                " BEGIN " + body + "; END");
    };
    const auto put = "INSERT OR REPLACE INTO " + i + " VALUES (" + box + ")";
    trigger("insert", "AFTER INSERT ON " + t + " WHEN " + filled, put);
    trigger("update1", "AFTER UPDATE OF " + g + " ON " + t + " WHEN " + same_key + " AND " + filled,
            put);
    trigger("update2",
            "AFTER UPDATE OF " + g + " ON " + t + " WHEN " + same_key + " AND " + cleared,
            "DELETE FROM " + i + " WHERE id = OLD." + k);
    trigger("update3", "AFTER UPDATE ON " + t + " WHEN " + new_key + " AND " + filled,
            "DELETE FROM " + i + " WHERE id = OLD." + k + "; " + put);
    trigger("update4", "AFTER UPDATE ON " + t + " WHEN " + new_key + " AND " + cleared,
            "DELETE FROM " + i + " WHERE id IN (OLD." + k + ", NEW." + k + ")");
    trigger("delete", "AFTER DELETE ON " + t + " WHEN OLD." + g + " NOT NULL",
            "DELETE FROM " + i + " WHERE id = OLD." + k);
}

void register_extension(sql::Database &db, const GeometryColumn &c) {
    db.exec("CREATE TABLE IF NOT EXISTS gpkg_extensions (table_name TEXT, column_name TEXT, "
            "extension_name TEXT "
            "NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL, CONSTRAINT ge_tce UNIQUE "
            "(table_name, "
            "column_name, extension_name))");
    auto q = db.prepare("INSERT INTO gpkg_extensions VALUES (?, ?, 'gpkg_rtree_index', "
                        "'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')");
    q.bind(1, c.table).bind(2, c.column);
    q.step();
}

void build_index(sql::Database &db, const GeometryColumn &c, const std::string &spill_dir) {
    const auto key = primary_key(db, c.table);
    const auto index = c.index();
    db.exec("CREATE VIRTUAL TABLE " + quote_identifier(index) +
            " USING rtree(id, minx, maxx, miny, maxy)");
    const auto frame = frame_of(db, c, key);
    loading::EntrySorter entries(spill_dir);
    for_each_box(db, c, key, [&](std::int64_t id, const GpkgBounds &b) {
        entries.push(
            {loading::hilbert_index((b.min_x + b.max_x) / 2, (b.min_y + b.max_y) / 2, frame), id,
             loading::outward_box(b.min_x, b.min_y, b.max_x, b.max_y)});
    });
    const auto node_size = db.scalar_int("SELECT length(data) FROM " +
                                         quote_identifier(index + "_node") + " WHERE nodeno = 1");
    if (node_size &&
        *node_size >= 4 + loading::RtreePacker::max_cells * loading::RtreePacker::cell_bytes) {
        loading::RtreePacker packer(db, index, static_cast<int>(*node_size));
        entries.drain([&](const loading::Entry &e) { packer.add(e.rowid, e.box); });
        packer.finish();
    } else { // pages too small for full nodes: the R-tree module places every entry itself
        auto put = db.prepare("INSERT INTO " + quote_identifier(index) + " VALUES (?, ?, ?, ?, ?)");
        entries.drain([&](const loading::Entry &e) {
            put.bind(1, e.rowid).bind(2, double{e.box.min_x}).bind(3, double{e.box.max_x});
            put.bind(4, double{e.box.min_y}).bind(5, double{e.box.max_y});
            put.step();
            put.reset();
        });
    }
    create_triggers(db, c, key);
    register_extension(db, c);
}

// A message of the SQLite layer starts with the file's path, here the staged one: the caller
// names the file itself.
std::string without_path(const std::string &message, const std::string &path) {
    const auto prefix = path + ": ";
    return message.starts_with(prefix) ? message.substr(prefix.size()) : message;
}

} // namespace

std::optional<GpkgBounds> gpkg_blob_bounds(std::span<const unsigned char> blob) {
    constexpr std::size_t header = 8;
    if (blob.size() < header || blob[0] != 'G' || blob[1] != 'P')
        throw Error("not a GeoPackage geometry blob");
    const unsigned flags = blob[3];
    const bool little = (flags & 0x01U) != 0;
    const unsigned envelope = (flags >> 1) & 0x07U;
    if (flags & 0x10U)
        return std::nullopt; // the empty flag
    if (envelope > 4)
        throw Error("envelope code " + std::to_string(envelope) + " in the geometry header");
    BlobReader in(blob);
    in.skip(header);
    if (envelope > 0) {
        const double min_x = in.f64(little), max_x = in.f64(little);
        const double min_y = in.f64(little), max_y = in.f64(little);
        if (!(min_x <= max_x && min_y <= max_y))
            return std::nullopt; // NaN: an empty geometry
        return GpkgBounds{min_x, min_y, max_x, max_y};
    }
    if (flags & 0x20U)
        throw Error("an extended geometry type without an envelope in its header");
    Accumulated acc;
    wkb_bounds(in, acc, 0);
    if (!acc.any)
        return std::nullopt;
    return acc.box;
}

int pack_gpkg_spatial_indexes(const std::filesystem::path &file, const std::string &name) {
    auto db = sql::Database::open(file.string(), sql::Database::Mode::read_write);
    const auto columns = unindexed_columns(db);
    if (columns.empty())
        return 0;
    const auto parent = file.parent_path();
    const std::string spill_dir = parent.empty() ? "." : parent.string();
    sql::Transaction transaction(db);
    for (const auto &c : columns) {
        try {
            build_index(db, c, spill_dir);
        } catch (const Error &e) {
            throw Error(name + ": building the spatial index of " + c.table +
                        " failed: " + without_path(e.what(), file.string()));
        }
    }
    try {
        transaction.commit();
        db.close();
    } catch (const Error &e) {
        throw Error(name +
                    ": writing the spatial index failed: " + without_path(e.what(), file.string()));
    }
    return static_cast<int>(columns.size());
}

} // namespace depomap::output
