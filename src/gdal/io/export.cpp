// depomap export: the store's layers through GDAL's vector drivers (and a streaming GeoJSON writer
// for point layers), each with its QGIS style. Every output is staged in a hidden folder beside
// its destination and renamed into place only when complete.
#include "depomap/export.hpp"

#include "depomap/antimeridian.hpp"
#include "depomap/atlas.hpp"
#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"
#include "gdal/io/gdal.hpp"
#include "gdal/io/layer_styles.hpp"
#include "gdal/io/sink.hpp"
#include "gdal/output/formats.hpp"
#include "gdal/output/gdal_layer_writer.hpp"
#include "gdal/output/geojson_writer.hpp"
#include "gdal/output/kml_writer.hpp"
#include "gdal/output/shapefile_plan.hpp"
#include "gdal/output/shapefile_writer.hpp"
#include "store/geometry_blob.hpp"
#include "store/spatial_sql.hpp"
#include "util/handoff.hpp"
#include "util/text.hpp"

#include <cpl_string.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <random>
#include <span>
#include <thread>
#include <unistd.h>

namespace depomap {
namespace {

namespace fs = std::filesystem;
using schema::ColumnType;
using schema::GeometryType;

using output::dbf_text_max;
using output::is_geojson;
using output::is_shapefile;

// ---------------------------------------------------------------------------------------------
// Reading the store

/// One row of a layer as it is read: values per schema column, then `extra`, and the geometry.
struct SourceRow {
    std::int64_t fid = 0;
    std::vector<sql::Value> values; ///< schema columns, then extra (when exported)
    std::unique_ptr<OGRGeometry> geometry;
};

/// Where an exporter's rows come from: the store itself, or rows kept from an earlier pass.
class RowSource {
  public:
    virtual ~RowSource() = default;
    /// The next row, or false at the end.
    virtual bool next(SourceRow &row) = 0;
};

/// Streams a layer's rows from the store, in fid order.
class LayerReader final : public RowSource {
  public:
    LayerReader(Store &store, const schema::Layer &layer, const std::optional<std::string> &where,
                bool with_extra, bool with_geometry)
        : layer_(layer), with_extra_(with_extra),
          with_geometry_(with_geometry && layer.geometry != GeometryType::none),
          statement_(store.db().prepare(select_sql(layer, where, with_extra_, with_geometry_))) {}

    /// The next row's values (geometry left empty when not asked for), or false at the end.
    bool next(SourceRow &row) override {
        if (!statement_.step()) return false;
        int c = 0;
        row.fid = statement_.column_int(c++);
        const std::size_t n = layer_.columns.size() + (with_extra_ ? 1 : 0);
        row.values.resize(n);
        for (std::size_t i = 0; i < n; ++i, ++c) read_value(c, row.values[i]);
        row.geometry.reset();
        if (with_geometry_ && !statement_.is_null(c)) row.geometry = geometry(c);
        return true;
    }

    static std::int64_t count(Store &store, const schema::Layer &layer,
                              const std::optional<std::string> &where) {
        // The count is the first statement built from ExportOptions::where: refused here when it
        // holds more than one (SQLite would run the first and ignore the rest), before anything is
        // written.
        const std::string option = option_ref("where");
        auto stmt = store::prepare_filtered(
            store.db(), "SELECT count(*) FROM " + sql::quote_identifier(layer.name) + where_sql(where), layer,
            option);
        if (stmt.has_more_sql()) throw UsageError(option + ": one SQL expression, not several statements");
        return stmt.step() ? stmt.column_int(0) : 0;
    }

  private:
    /// On lines of their own, so that a `--` comment in it cannot reach the closing parenthesis.
    static std::string where_sql(const std::optional<std::string> &where) {
        return where ? " WHERE (\n" + *where + "\n)" : "";
    }

    static std::string select_sql(const schema::Layer &layer, const std::optional<std::string> &where,
                                  bool with_extra, bool with_geometry) {
        std::string sql = "SELECT fid";
        for (const auto &column : layer.columns) sql += ", " + sql::quote_identifier(column.name);
        if (with_extra) sql += ", " + sql::quote_identifier(schema::extra_column);
        if (with_geometry) {
            // Points: the raw blob, decoded here (no SQL call per row); the rest as WKB.
            const auto g = sql::quote_identifier(schema::geometry_column);
            sql += layer.geometry == GeometryType::point ? ", " + g : ", " + store::wkb_sql();
        }
        sql += " FROM " + sql::quote_identifier(layer.name) + where_sql(where);
        return sql + " ORDER BY fid";
    }

    /// Column `c` into `slot`; text reuses the slot's string when it held text already (one
    /// allocation per column for the whole layer instead of one per value).
    void read_value(int c, sql::Value &slot) const {
        switch (statement_.column_type(c)) {
        case 1: // SQLITE_INTEGER
            slot = statement_.column_int(c);
            break;
        case 2: // SQLITE_FLOAT
            slot = statement_.column_double(c);
            break;
        case 5: // SQLITE_NULL
            slot = nullptr;
            break;
        default:
            if (auto *s = std::get_if<std::string>(&slot)) s->assign(statement_.column_text_view(c));
            else slot = std::string(statement_.column_text_view(c));
        }
    }

    std::unique_ptr<OGRGeometry> geometry(int c) const {
        const auto blob = statement_.column_blob(c);
        if (layer_.geometry == GeometryType::point) {
            const auto xy = store::decode_point(blob);
            if (!xy) throw Error(std::string(layer_.name) + ": a geometry blob is not a point");
            return std::make_unique<OGRPoint>(xy->first, xy->second);
        }
        OGRGeometry *g = nullptr;
        if (OGRGeometryFactory::createFromWkb(blob.data(), nullptr, &g, blob.size()) != OGRERR_NONE || !g) {
            throw Error(std::string(layer_.name) + ": cannot decode a stored geometry");
        }
        return std::unique_ptr<OGRGeometry>(g);
    }

    const schema::Layer &layer_;
    bool with_extra_, with_geometry_;
    sql::Statement statement_;
};

/// The text a value is written as in a DBF text field: text as it is, a number (SQLite keeps what
/// it was given, so a text column can hold one) as its shortest exact form, NULL as nothing.
std::string_view dbf_text(const sql::Value &v, std::array<char, 32> &buffer) {
    if (const auto *s = std::get_if<std::string>(&v)) return *s;
    const char *end = buffer.data();
    if (const auto *d = std::get_if<double>(&v)) end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), *d).ptr;
    else if (const auto *k = std::get_if<std::int64_t>(&v)) end = std::to_chars(buffer.data(), buffer.data() + buffer.size(), *k).ptr;
    return {buffer.data(), static_cast<std::size_t>(end - buffer.data())};
}

/// Reads another RowSource on a thread of its own, a few batches ahead, so that reading the
/// store (SQLite: a third of a point export's time) runs beside the writing, on the second core.
/// Rows come out in order, swapped out of reused batches (their strings keep their buffers); the
/// reader's error is thrown by next() once the batches read before it are taken.
class PrefetchRows final : public RowSource {
  public:
    explicit PrefetchRows(std::unique_ptr<RowSource> inner) : inner_(std::move(inner)), handoff_(4) {
        thread_ = std::thread([this] { produce(); });
    }
    PrefetchRows(const PrefetchRows &) = delete;
    PrefetchRows &operator=(const PrefetchRows &) = delete;
    ~PrefetchRows() override {
        handoff_.cancel(); // a consumer that stops early releases the reader at its next batch
        thread_.join();
    }

    bool next(SourceRow &row) override {
        while (!batch_ || at_ == batch_->size) {
            if (batch_) handoff_.recycle(batch_);
            batch_ = handoff_.pop();
            at_ = 0;
            if (!batch_) return false;
        }
        std::swap(row, batch_->rows[at_++]);
        return true;
    }

  private:
    static constexpr std::size_t batch_rows = 512;
    struct Batch {
        std::vector<SourceRow> rows;
        std::size_t size = 0;
    };

    void produce() {
        try {
            while (Batch *b = handoff_.take_empty()) {
                b->rows.resize(batch_rows);
                b->size = 0;
                while (b->size < batch_rows && inner_->next(b->rows[b->size])) ++b->size;
                const bool last = b->size < batch_rows;
                handoff_.push(b);
                if (last) return handoff_.finish();
            }
        } catch (...) {
            handoff_.fail(std::current_exception());
        }
    }

    std::unique_ptr<RowSource> inner_;
    util::Handoff<Batch> handoff_;
    Batch *batch_ = nullptr;
    std::size_t at_ = 0;
    std::thread thread_;
};

std::string value_id(const SourceRow &row) {
    if (auto *id = std::get_if<std::string>(&row.values[0])) return *id;
    return "fid " + std::to_string(row.fid);
}

/// Rows kept in a temporary file for the passes after the first (Shapefile: size the fields,
/// write, read back and compare), so the store is read once and memory stays bounded whatever
/// the layer's size. Records are length-prefixed: fid, tagged values, then the geometry (a point
/// as two doubles, anything else as WKB). The file is removed with the object.
class RowSpill final : public RowSource {
  public:
    explicit RowSpill(fs::path path) : path_(std::move(path)) {
        file_ = std::fopen(path_.c_str(), "w+b");
        if (!file_) throw Error(path_.string() + ": cannot write here");
        std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
    }
    RowSpill(const RowSpill &) = delete;
    RowSpill &operator=(const RowSpill &) = delete;
    ~RowSpill() override {
        std::fclose(file_);
        std::error_code ec;
        fs::remove(path_, ec);
    }

    void add(const SourceRow &row) {
        record_.clear();
        put(row.fid);
        put(static_cast<std::uint32_t>(row.values.size()));
        for (const auto &v : row.values) {
            if (const auto *k = std::get_if<std::int64_t>(&v)) {
                record_ += 'i';
                put(*k);
            } else if (const auto *d = std::get_if<double>(&v)) {
                record_ += 'd';
                put(*d);
            } else if (const auto *s = std::get_if<std::string>(&v)) {
                record_ += 's';
                put(static_cast<std::uint32_t>(s->size()));
                record_ += *s;
            } else {
                record_ += 'n';
            }
        }
        if (!row.geometry) {
            record_ += 'n';
        } else if (wkbFlatten(row.geometry->getGeometryType()) == wkbPoint && !row.geometry->IsEmpty()) {
            record_ += 'p';
            put(row.geometry->toPoint()->getX());
            put(row.geometry->toPoint()->getY());
        } else {
            record_ += 'w';
            const auto size = row.geometry->WkbSize();
            put(static_cast<std::uint32_t>(size));
            const auto at = record_.size();
            record_.resize(at + size);
            row.geometry->exportToWkb(wkbNDR, reinterpret_cast<unsigned char *>(record_.data() + at), wkbVariantIso);
        }
        const auto size = static_cast<std::uint32_t>(record_.size());
        if (std::fwrite(&size, sizeof size, 1, file_) != 1 ||
            std::fwrite(record_.data(), 1, record_.size(), file_) != record_.size()) {
            throw Error(path_.string() + ": writing failed (disk full?)");
        }
    }

    /// Back to the first row (after the last add, for reading).
    void rewind() {
        if (std::fflush(file_) != 0 || std::fseek(file_, 0, SEEK_SET) != 0) {
            throw Error(path_.string() + ": writing failed (disk full?)");
        }
    }

    bool next(SourceRow &row) override {
        std::uint32_t size = 0;
        if (std::fread(&size, sizeof size, 1, file_) != 1) {
            if (std::ferror(file_)) throw Error(path_.string() + ": read error");
            return false;
        }
        record_.resize(size);
        if (std::fread(record_.data(), 1, size, file_) != size) throw Error(path_.string() + ": truncated");
        cursor_ = 0;
        row.fid = get<std::int64_t>();
        row.values.resize(get<std::uint32_t>());
        for (auto &v : row.values) {
            switch (record_[cursor_++]) {
            case 'i': v = get<std::int64_t>(); break;
            case 'd': v = get<double>(); break;
            case 's': {
                const auto n = get<std::uint32_t>();
                // Reuse the string's buffer when the slot held text already.
                if (auto *s = std::get_if<std::string>(&v)) s->assign(record_.data() + cursor_, n);
                else v = std::string(record_.data() + cursor_, n);
                cursor_ += n;
                break;
            }
            default: v = nullptr;
            }
        }
        row.geometry.reset();
        const char tag = record_[cursor_++];
        if (tag == 'p') {
            const double x = get<double>();
            row.geometry = std::make_unique<OGRPoint>(x, get<double>());
        } else if (tag == 'w') {
            const auto n = get<std::uint32_t>();
            OGRGeometry *g = nullptr;
            const auto *wkb = reinterpret_cast<const unsigned char *>(record_.data() + cursor_);
            if (OGRGeometryFactory::createFromWkb(wkb, nullptr, &g, n) != OGRERR_NONE || !g) {
                throw Error(path_.string() + ": cannot decode a kept geometry");
            }
            row.geometry.reset(g);
        }
        return true;
    }

  private:
    template <typename T> void put(T v) { record_.append(reinterpret_cast<const char *>(&v), sizeof v); }
    template <typename T> T get() {
        T v;
        std::memcpy(&v, record_.data() + cursor_, sizeof v);
        cursor_ += sizeof v;
        return v;
    }

    fs::path path_;
    std::FILE *file_ = nullptr;
    std::string record_;
    std::size_t cursor_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Antimeridian: a polygon stored "as given" with a ring that jumps across ±180° is cut into parts
// within [-180, 180] (RFC 7946 §3.1.9), so viewers never draw a band around the world.

bool crosses_antimeridian(const OGRPolygon &polygon) {
    for (const auto *ring : polygon) {
        // An edge from +-180 itself runs along the meridian (parts already cut); a ring with an
        // odd number of jumps goes round a pole (Antarctica) and is drawn right as it is.
        int jumps = 0;
        for (int i = 1; i < ring->getNumPoints(); ++i) {
            const double a = ring->getX(i - 1), b = ring->getX(i);
            if (std::abs(b - a) > 180.0 && std::abs(a) != 180.0 && std::abs(b) != 180.0) ++jumps;
        }
        if (jumps > 0 && jumps % 2 == 0) return true;
    }
    return false;
}

OGRPolygon box(double x0, double y0, double x1, double y1) {
    OGRLinearRing ring;
    ring.addPoint(x0, y0);
    ring.addPoint(x1, y0);
    ring.addPoint(x1, y1);
    ring.addPoint(x0, y1);
    ring.addPoint(x0, y0);
    OGRPolygon p;
    p.addRing(&ring);
    return p;
}

void add_polygons(OGRMultiPolygon &out, const OGRGeometry *g) {
    if (!g || g->IsEmpty()) return;
    const auto type = wkbFlatten(g->getGeometryType());
    if (type == wkbPolygon) {
        out.addGeometry(g);
    } else if (OGR_GT_IsSubClassOf(type, wkbGeometryCollection)) {
        for (const auto *part : *g->toGeometryCollection()) add_polygons(out, part);
    }
}

std::unique_ptr<OGRGeometry> cut_at_antimeridian(std::unique_ptr<OGRGeometry> g, const std::string &where) {
    if (!g || wkbFlatten(g->getGeometryType()) != wkbMultiPolygon) return g;
    bool any = false;
    for (const auto *polygon : *g->toMultiPolygon()) any = any || crosses_antimeridian(*polygon);
    if (!any) return g;
    auto out = std::make_unique<OGRMultiPolygon>();
    for (const auto *polygon : *g->toMultiPolygon()) {
        if (!crosses_antimeridian(*polygon)) {
            out->addGeometry(polygon);
            continue;
        }
        // Unwrap to [0, 360), then keep the parts east and west of 180°.
        std::unique_ptr<OGRPolygon> shifted(polygon->clone());
        for (auto *ring : *shifted) {
            for (int i = 0; i < ring->getNumPoints(); ++i) {
                if (ring->getX(i) < 0) ring->setPoint(i, ring->getX(i) + 360.0, ring->getY(i));
            }
        }
        const auto east = box(-180.0, -90.0, 180.0, 90.0);
        const auto west = box(180.0, -90.0, 540.0, 90.0);
        std::unique_ptr<OGRGeometry> a(shifted->Intersection(&east));
        std::unique_ptr<OGRGeometry> b(shifted->Intersection(&west));
        if (!a || !b) throw Error(where + ": cannot cut the polygon at the antimeridian");
        OGRMultiPolygon west_parts;
        add_polygons(west_parts, b.get());
        for (auto *part : west_parts) {
            for (auto *ring : *part) {
                for (int i = 0; i < ring->getNumPoints(); ++i) {
                    ring->setPoint(i, ring->getX(i) - 360.0, ring->getY(i));
                }
            }
        }
        add_polygons(*out, a.get());
        for (const auto *part : west_parts) out->addGeometry(part);
    }
    return out;
}

// A line whose segments jump across ±180° is cut there into parts that end on the meridian, by
// the same rule as nearest's supply links (geo::split_at_antimeridian), heights and measures
// interpolated along the segment.
void add_line_parts(OGRMultiLineString &out, const OGRLineString &line) {
    struct Vertex {
        double lon, lat, z, m;
    };
    const bool z = line.Is3D();
    const bool m = line.IsMeasured();
    std::vector<Vertex> vertices;
    vertices.reserve(static_cast<std::size_t>(line.getNumPoints()));
    for (int i = 0; i < line.getNumPoints(); ++i) {
        vertices.push_back({line.getX(i), line.getY(i), z ? line.getZ(i) : 0.0, m ? line.getM(i) : 0.0});
    }
    const auto interpolate = [](const Vertex &a, const Vertex &b, double t) {
        return Vertex{a.lon, a.lat + t * (b.lat - a.lat), a.z + t * (b.z - a.z), a.m + t * (b.m - a.m)};
    };
    for (const auto &part : geo::split_at_antimeridian(vertices, interpolate)) {
        auto piece = std::make_unique<OGRLineString>();
        for (const Vertex &v : part) {
            if (z && m) piece->addPoint(v.lon, v.lat, v.z, v.m);
            else if (z) piece->addPoint(v.lon, v.lat, v.z);
            else if (m) piece->addPointM(v.lon, v.lat, v.m);
            else piece->addPoint(v.lon, v.lat);
        }
        out.addGeometryDirectly(piece.release());
    }
}

bool line_jumps(const OGRLineString &line) {
    for (int i = 1; i < line.getNumPoints(); ++i) {
        if (std::abs(line.getX(i) - line.getX(i - 1)) > 180.0) return true;
    }
    return false;
}

std::unique_ptr<OGRGeometry> cut_lines_at_antimeridian(std::unique_ptr<OGRGeometry> g) {
    const auto type = wkbFlatten(g->getGeometryType());
    std::vector<const OGRLineString *> lines;
    if (type == wkbLineString) lines.push_back(g->toLineString());
    else for (const auto *line : *g->toMultiLineString()) lines.push_back(line);
    if (std::none_of(lines.begin(), lines.end(), [](const auto *l) { return line_jumps(*l); })) return g;
    auto out = std::make_unique<OGRMultiLineString>();
    for (const auto *line : lines) add_line_parts(*out, *line);
    out->assignSpatialReference(g->getSpatialReference());
    return out;
}

// ---------------------------------------------------------------------------------------------
// Output fields

/// One output field and where its value comes from.
struct FieldSpec {
    std::string name;      ///< in the output
    std::string full;      ///< the store's column name
    std::size_t source;    ///< index into SourceRow::values
    ColumnType type;
    int part = 1;          ///< Shapefile ExportOptions::split_text: which 254-byte piece
    int parts = 1;         ///< how many pieces the column is split into
    int width = 0, precision = 0;
};

/// The Shapefile plan's sizing pass (output/shapefile_plan.hpp) over the store's rows: every
/// row passes through add() (the first and only pass over the store), then fields() gives the
/// DBF fields that keep every value. Text over 254 bytes is split into continuation fields
/// (split_text, the default), else an error naming the feature and field.
class ShapefileRows {
  public:
    ShapefileRows(const schema::Layer &layer, const ExportOptions &options)
        : layer_(layer), n_(layer.columns.size() + (options.extra ? 1 : 0)), sizing_(n_, options.split_text) {}

    void add(const SourceRow &row) {
        for (std::size_t i = 0; i < n_; ++i) {
            const auto &v = row.values[i];
            const bool text_column = i >= layer_.columns.size() || layer_.columns[i].type == ColumnType::text;
            if (const auto *s = std::get_if<std::string>(&v)) {
                if (!text_column) refuse(row, i, "'" + util::excerpt(*s) + "' is text in a number column");
                if (!sizing_.text(i, *s)) refuse_long_text(row, i, s->size());
            } else if (text_column && !std::holds_alternative<std::nullptr_t>(v)) {
                std::array<char, 32> buffer;
                sizing_.text(i, dbf_text(v, buffer));
            } else if (const auto *d = std::get_if<double>(&v)) {
                try {
                    sizing_.number(i, *d);
                } catch (const Error &e) {
                    refuse(row, i, e.what());
                }
            } else if (const auto *k = std::get_if<std::int64_t>(&v)) {
                sizing_.number(i, static_cast<double>(*k)); // no decimals
            }
        }
    }

    /// The DBF fields, sized from every row added.
    std::vector<output::PlannedField> plan() const {
        std::vector<output::PlanColumn> columns;
        for (std::size_t i = 0; i < n_; ++i) {
            const auto type = i < layer_.columns.size() ? layer_.columns[i].type : ColumnType::text;
            const auto kind = type == ColumnType::text   ? output::DbfKind::text
                              : type == ColumnType::real ? output::DbfKind::real
                                                         : output::DbfKind::integer;
            columns.push_back({full(i), i, kind, 1, 0}); // a field of NULLs: one character wide
        }
        return sizing_.plan(columns, "layer " + std::string(layer_.name));
    }

    /// The planned fields as the export's writers take them.
    std::vector<FieldSpec> fields(const std::vector<output::PlannedField> &planned) const {
        std::vector<FieldSpec> fields;
        for (const auto &f : planned) {
            const auto type = f.source < layer_.columns.size() ? layer_.columns[f.source].type : ColumnType::text;
            fields.push_back({f.name, f.full, f.source, type, f.part, f.parts, f.width, f.precision});
        }
        return fields;
    }

  private:
    std::string full(std::size_t i) const {
        return std::string(i < layer_.columns.size() ? layer_.columns[i].name : schema::extra_column);
    }

    [[noreturn]] void refuse(const SourceRow &row, std::size_t i, const std::string &why) const {
        throw Error("layer " + std::string(layer_.name) + ", feature '" + value_id(row) + "', field " + full(i) +
                    ": " + why);
    }

    [[noreturn]] void refuse_long_text(const SourceRow &row, std::size_t i, std::size_t bytes) const {
        const std::string hint =
            i >= layer_.columns.size() ? ", leave the column out (" + option_ref("extra") + ")" : "";
        refuse(row, i, output::long_text_reason(bytes) + "; split it into continuation fields (" +
                           option_ref("split_text") + ")" + hint +
                           ", or use another format (GPKG keeps any length)");
    }

    const schema::Layer &layer_;
    std::size_t n_;
    output::ShapefileSizing sizing_;
};

std::vector<FieldSpec> plan_fields(const schema::Layer &layer, bool extra) {
    std::vector<FieldSpec> fields;
    for (std::size_t i = 0; i < layer.columns.size(); ++i) {
        const auto &c = layer.columns[i];
        fields.push_back({std::string(c.name), std::string(c.name), i, c.type});
    }
    if (extra) {
        const std::string name(schema::extra_column);
        fields.push_back({name, name, layer.columns.size(), ColumnType::text});
    }
    return fields;
}

// ---------------------------------------------------------------------------------------------
// Files and folders



// ---------------------------------------------------------------------------------------------
// Point layers and a query's lines by the streaming GeoJSON writer (output/geojson_writer.hpp):
// what GDAL's writer does with RFC7946=YES for them (EPSG:4326, lon/lat, COORDINATE_PRECISION
// decimals), several times faster.

class FastGeoJson {
  public:
    FastGeoJson(const fs::path &path, int precision) : out_(path, precision) {}

    void begin(std::string_view layer_name) { out_.begin(layer_name); }

    void feature(const std::vector<FieldSpec> &fields, const SourceRow &row, const OGRGeometry *geometry) {
        if (!keyed_) {
            std::vector<std::string> names;
            for (const auto &f : fields) names.push_back(f.name);
            out_.set_keys(names);
            keyed_ = true;
        }
        out_.begin_feature();
        for (std::size_t k = 0; k < fields.size(); ++k) {
            out_.key(k);
            const auto &v = row.values[fields[k].source];
            if (const auto *s = std::get_if<std::string>(&v)) out_.string(*s);
            else if (const auto *d = std::get_if<double>(&v)) out_.real(*d);
            else if (const auto *i = std::get_if<std::int64_t>(&v)) out_.integer(*i);
            else out_.null();
        }
        // A query's lines (a MultiLineString, already cut at the antimeridian): one part is
        // written as the LineString it is.
        if (geometry && !geometry->IsEmpty() && wkbFlatten(geometry->getGeometryType()) == wkbMultiLineString &&
            geometry->toMultiLineString()->getNumGeometries() == 1) {
            geometry = geometry->toMultiLineString()->getGeometryRef(0);
        }
        out_.end_feature(geometry && !geometry->IsEmpty() ? geometry : nullptr);
    }

    void close() { out_.close(); }

  private:
    output::GeoJsonWriter out_;
    bool keyed_ = false;
};

// ---------------------------------------------------------------------------------------------
// A query's answer as rows (export_answer)

/// The rows of an answer layer, read again from the start by every pass; a streamed answer's
/// (AnswerLayer::next) as they come, by the one pass every writer makes.
class AnswerRows final : public RowSource {
  public:
    explicit AnswerRows(const query::AnswerLayer &answer) : answer_(answer) {}
    bool next(SourceRow &row) override {
        if (answer_.next) {
            if (!answer_.next(cells_, parts_)) return false;
            row.fid = static_cast<std::int64_t>(++at_);
            row.values.assign(cells_.begin(), cells_.end());
            row.geometry = geometry(parts_);
            return true;
        }
        if (at_ == answer_.rows.size()) return false;
        row.fid = static_cast<std::int64_t>(at_ + 1);
        row.values = answer_.rows[at_];
        row.geometry = at_ < answer_.geometry.size() ? geometry(answer_.geometry[at_]) : nullptr;
        ++at_;
        return true;
    }

  private:
    std::unique_ptr<OGRGeometry> geometry(const std::vector<std::vector<geo::LonLat>> &parts) const {
        if (parts.empty() || parts.front().empty()) return nullptr;
        if (answer_.shape == query::AnswerLayer::Shape::point) {
            return std::make_unique<OGRPoint>(parts.front().front().lon, parts.front().front().lat);
        }
        const auto line = [](const std::vector<geo::LonLat> &part) {
            auto l = std::make_unique<OGRLineString>();
            for (const auto &p : part) l->addPoint(p.lon, p.lat);
            return l;
        };
        // Always a MultiLineString, the layer's type: FlatGeobuf refuses a LineString in it.
        auto multi = std::make_unique<OGRMultiLineString>();
        for (const auto &part : parts) multi->addGeometryDirectly(line(part).release());
        return multi;
    }

    const query::AnswerLayer &answer_;
    std::size_t at_ = 0;
    std::vector<Cell> cells_;                       // a streamed row
    std::vector<std::vector<geo::LonLat>> parts_; // and its geometry
};

/// The answer's columns as a layer of the schema's kind (point, or lines written as given).
struct AnswerSchema {
    explicit AnswerSchema(const query::AnswerLayer &answer) {
        for (std::size_t i = 0; i < answer.columns.size(); ++i) columns.push_back({answer.columns[i], answer.types[i]});
        layer = {answer.name,
                 answer.shape == query::AnswerLayer::Shape::none ? GeometryType::none
                 : answer.shape == query::AnswerLayer::Shape::point ? GeometryType::point
                                                                    : GeometryType::multipolygon, // any but a point
                 columns};
    }
    std::vector<schema::Column> columns;
    schema::Layer layer{};
};

// ---------------------------------------------------------------------------------------------
// The exporter

/// What an export must never write over: the store it reads and its other inputs.
output::Protected kept(Store *store, const ExportOptions &options) {
    output::Protected keep;
    if (store) keep.add_store(store->path());
    if (!options.store.empty()) keep.add_store(options.store);
    for (const auto &input : options.inputs) keep.add(input, "an input");
    return keep;
}

struct LayerJob {
    const schema::Layer *layer;
    std::string base;      ///< output file name without extension (single-layer formats)
    fs::path staged;       ///< where it is written
    std::int64_t total = 0;
};

class Exporter {
  public:
    /// Exports the store's layers, or (`answer` given, `store` null) a query's answer.
    Exporter(Store *store, const query::AnswerLayer *answer, const ExportOptions &options, const ExportFormat &format)
        : store_(store), answer_(answer), options_(options), format_(format) {
        if (options.target_srs) {
            target_ = io::parse_crs(*options.target_srs);
            transform_ = io::make_transform(io::wgs84(), *target_);
            if (!transform_) target_.reset(); // the same as the store's: nothing to do
        }
    }

    ExportReport run(std::vector<const schema::Layer *> layers) {
        report_.driver = std::string(format_.driver);
        const fs::path out = options_.output;
        // A device or FIFO (an output of /dev/stdout) is a file, whatever its name.
        std::error_code ec_kind;
        const auto out_status = fs::status(out, ec_kind);
        const bool out_is_stream = fs::is_character_file(out_status) || fs::is_block_file(out_status) ||
                                   fs::is_fifo(out_status);
        const bool into_folder = !format_.multi_layer && !out_is_stream &&
                                 (layers.size() > 1 || out.extension().empty() || fs::is_directory(out));
        const fs::path dest_dir = into_folder ? out : (out.has_parent_path() ? out.parent_path() : fs::path("."));
        // The final names, refused when they exist (unless ExportOptions::overwrite).
        std::vector<fs::path> finals;
        if (format_.multi_layer) {
            finals.push_back(out);
        } else {
            for (const auto *layer : layers) {
                finals.push_back(into_folder ? dest_dir / (std::string(layer->name) + std::string(format_.extension)) : out);
            }
        }
        // The write rules, before anything is written: never the store, an existing file only
        // with ExportOptions::overwrite, a device or FIFO as a stream for the formats that can be one.
        const auto keep = kept(store_, options_);
        const output::Rules rules{options_.overwrite, &keep};
        std::vector<output::TargetKind> kinds;
        for (const auto &path : finals) {
            kinds.push_back(io::check_output(path, format_.multi_layer, rules, !into_folder && output::stream_allowed(format_),
                                             format_.driver));
        }
        const bool stream = !kinds.empty() && kinds.front() == output::TargetKind::stream;

        bool made_dir = false;
        std::error_code ec;
        if (!fs::exists(dest_dir, ec)) {
            if (!into_folder) throw Error(dest_dir.string() + ": no such folder");
            if (!fs::create_directories(dest_dir, ec)) {
                throw Error(dest_dir.string() + ": cannot create the folder: " + ec.message());
            }
            made_dir = true;
        }
        try {
            output::StagingDir staging(stream ? output::StagingDir::parent_for(out, kinds.front()) : dest_dir);
            std::vector<LayerJob> jobs;
            for (std::size_t i = 0; i < layers.size(); ++i) {
                LayerJob job{layers[i], finals[format_.multi_layer ? 0 : i].stem().string(), {}, 0};
                // A stream's name (`/dev/stdout`) has no extension: staged under the format's
                // own, without which GDAL's CSV driver makes a folder.
                job.staged = staging.dir() / (stream ? fs::path("stream" + std::string(format_.extension))
                                                     : finals[format_.multi_layer ? 0 : i].filename());
                job.total = total_of(*layers[i]);
                grand_total_ += std::max<std::int64_t>(job.total, 0);
                jobs.push_back(std::move(job));
            }
            try {
                if (format_.multi_layer) {
                    write_multi_layer(jobs);
                } else {
                    for (auto &job : jobs) write_single_layer(job);
                }
            } catch (const UsageError &) {
                throw;
            } catch (const Error &e) {
                io::rethrow_if_disk_full(staging.dir(), out.string(), e);
                throw;
            }
            // Everything is complete: publish it. A stream takes the main file only (its .qml
            // has nowhere to go).
            if (stream) {
                output::publish(jobs.front().staged, out, rules);
            } else {
                io::publish_staged(staging.dir(), dest_dir, format_.extension, is_shapefile(format_), rules);
            }
            for (std::size_t i = 0; i < jobs.size(); ++i) {
                report_.layers.push_back({std::string(jobs[i].layer->name),
                                          finals[format_.multi_layer ? 0 : i], written_[i]});
            }
        } catch (...) {
            if (made_dir) fs::remove_all(dest_dir, ec);
            throw;
        }
        return std::move(report_);
    }

    /// A streamed answer into options_.stream (standard output): staged in the temporary
    /// folder as for a device or FIFO, then copied into the stream.
    ExportReport run_to_stream(const schema::Layer &layer) {
        if (!output::stream_allowed(format_)) {
            throw BadValue("format", options_.format,
                           options_.format + " cannot be written as a stream: give " + option_ref("output") + " PATH",
                           false);
        }
        report_.driver = std::string(format_.driver);
        output::StagingDir staging(fs::temp_directory_path());
        LayerJob job{&layer, "stream", staging.dir() / ("stream" + std::string(format_.extension)), total_of(layer)};
        grand_total_ += std::max<std::int64_t>(job.total, 0);
        try {
            write_single_layer(job);
        } catch (const UsageError &) {
            throw;
        } catch (const Error &e) {
            io::rethrow_if_disk_full(staging.dir(), "standard output", e);
            throw;
        }
        output::publish_to_stream(job.staged, *options_.stream, "standard output");
        report_.layers.push_back({std::string(layer.name), "-", written_.front()});
        return std::move(report_);
    }

  private:
    /// How many rows `layer` has: -1 for a streamed answer, known only once written.
    std::int64_t total_of(const schema::Layer &layer) const {
        if (!answer_) return LayerReader::count(*store_, layer, options_.where);
        return answer_->next ? -1 : static_cast<std::int64_t>(answer_->rows.size());
    }

    /// The rows of `layer`: from the store, or the answer's.
    std::unique_ptr<RowSource> open_rows(const schema::Layer &layer) {
        if (answer_) return std::make_unique<AnswerRows>(*answer_);
        return std::make_unique<PrefetchRows>(
            std::make_unique<LayerReader>(*store_, layer, options_.where, options_.extra, true));
    }

    /// The shipped style of `layer`: its own, or the one the answer names.
    std::string_view style_of(const schema::Layer &layer) const { return answer_ ? answer_->style : layer.name; }

    // --- GDAL datasets ---

    /// The output layer of `job` with its fields, by the one GDAL writer (output/gdal_layer_writer).
    OGRLayer &create_layer(output::GdalLayerWriter &out, const LayerJob &job, const std::vector<FieldSpec> &fields) {
        const auto &layer = *job.layer;
        output::LayerSettings settings;
        if (layer.geometry == GeometryType::point) settings.type = wkbPoint;
        if (layer.geometry == GeometryType::multipolygon) settings.type = wkbMultiPolygon;
        if (answer_ && answer_->shape == query::AnswerLayer::Shape::line) settings.type = wkbMultiLineString;
        settings.precision = options_.precision;
        settings.gdal_rfc7946 = !target_;
        for (const auto &f : fields) settings.field_names.push_back(f.name);
        const std::string name(layer.name);
        OGRLayer &created = out.create_layer(name, target_ ? &*target_ : &io::wgs84(), settings, name);
        for (const auto &f : fields) {
            OGRFieldType ft = OFTString;
            if (f.type == ColumnType::real) ft = OFTReal;
            if (f.type == ColumnType::integer) ft = OFTInteger64;
            OGRFieldDefn defn(f.name.c_str(), ft);
            out.add_field(created, defn, name, f.full);
        }
        return created;
    }

    void write_single_layer(LayerJob &job) {
        if (is_shapefile(format_)) return write_shapefile(job);
        const auto fields = plan_fields(*job.layer, options_.extra);
        const bool cut = (is_geojson(format_) || format_.driver == "KML") && !target_;
        // GDAL's GeoJSON writer costs three times depomap's for a query's lines: points and
        // answers' lines (cut at ±180° already) are written by depomap's.
        const bool answer_lines = answer_ && answer_->shape == query::AnswerLayer::Shape::line;
        if (is_geojson(format_) && !target_ && (job.layer->geometry == GeometryType::point || answer_lines)) {
            written_.push_back(write_fast_geojson(job, fields));
        } else if (format_.driver == "KML") {
            written_.push_back(write_kml(job, fields));
        } else {
            output::GdalLayerWriter out(format_, job.staged, job.staged.filename().string());
            OGRLayer &layer = create_layer(out, job, fields);
            const auto rows = open_rows(*job.layer);
            RowSource &reader = *rows;
            written_.push_back(write_features(out, layer, job, fields, cut, reader));
            out.close();
        }
        if (options_.style) write_sidecar_style(job, fields);
    }

    /// A Shapefile needs its field widths before the first row is written and every value
    /// compared after the last: the store is read once, its rows kept in a temporary file beside
    /// the output for the writing and the check.
    void write_shapefile(LayerJob &job) {
        RowSpill spill(job.staged.string() + ".rows");
        ShapefileRows sizer(*job.layer, options_);
        {
            const auto rows = open_rows(*job.layer);
            RowSource &reader = *rows;
            SourceRow row;
            while (reader.next(row)) {
                sizer.add(row);
                spill.add(row);
            }
        }
        const auto planned = sizer.plan();
        const auto fields = sizer.fields(planned);
        if (auto note = split_note(job, fields)) report_.notes.push_back(std::move(*note));
        spill.rewind();
        written_.push_back(write_shapefile_rows(job, fields, spill));
        spill.rewind();
        verify_shapefile(job, fields, spill);
        output::write_field_map(job.staged.parent_path(), job.base, planned);
        if (options_.style) write_sidecar_style(job, fields);
    }

    output::ShapeType shape_type(const LayerJob &job) const {
        if (answer_ && answer_->shape == query::AnswerLayer::Shape::line) return output::ShapeType::polyline;
        switch (job.layer->geometry) {
        case GeometryType::point: return output::ShapeType::point;
        case GeometryType::multipolygon: return output::ShapeType::polygon;
        default: return output::ShapeType::none;
        }
    }

    /// The rows by the streaming Shapefile writer (src/gdal/output/shapefile_writer), fields as sized.
    std::int64_t write_shapefile_rows(const LayerJob &job, const std::vector<FieldSpec> &fields, RowSource &reader) {
        std::vector<output::DbfField> dbf;
        for (const auto &f : fields) dbf.push_back({f.name, f.type != ColumnType::text, f.width, f.precision});
        std::string prj;
        if (shape_type(job) != output::ShapeType::none) {
            char *wkt = nullptr;
            const char *const esri[] = {"FORMAT=WKT1_ESRI", nullptr};
            (target_ ? *target_ : io::wgs84()).exportToWkt(&wkt, esri);
            prj = wkt ? wkt : "";
            CPLFree(wkt);
        }
        output::ShapefileWriter out(job.staged, shape_type(job), std::move(dbf), std::move(prj));
        const std::string layer_name(job.layer->name);
        SourceRow row;
        std::array<char, 32> buffer;
        std::int64_t written = 0;
        while (reader.next(row)) {
            refuse_nul(job, fields, row);
            try {
                for (std::size_t k = 0; k < fields.size(); ++k) {
                    const auto &f = fields[k];
                    const auto &v = row.values[f.source];
                    if (std::holds_alternative<std::nullptr_t>(v)) continue;
                    if (f.type == ColumnType::text) {
                        const auto text = dbf_text(v, buffer);
                        if (f.parts == 1) {
                            out.text(k, text);
                        } else {
                            const auto pieces = shapefile::split_utf8(text, dbf_text_max);
                            const auto p = static_cast<std::size_t>(f.part - 1);
                            if (p < pieces.size()) out.text(k, pieces[p]);
                        }
                    } else if (const auto *d = std::get_if<double>(&v)) {
                        out.number(k, *d);
                    } else if (const auto *i = std::get_if<std::int64_t>(&v)) {
                        out.integer(k, *i);
                    }
                }
                if (row.geometry && transform_ && row.geometry->transform(transform_.get()) != OGRERR_NONE) {
                    throw Error("cannot transform to " + *options_.target_srs);
                }
                out.end_record(row.geometry.get());
            } catch (const Error &e) {
                const std::string what = e.what();
                if (what.find("writing failed") != std::string::npos) throw;
                throw Error("layer " + layer_name + ", feature '" + value_id(row) + "'" +
                            (what.starts_with("field ") ? ", " : ": ") + what);
            }
            ++written;
            progress_tick();
        }
        out.finish();
        io::check_space_left(job.staged);
        if (job.total >= 0 && written != job.total) { // a streamed answer has no count (-1)
            throw Error(layer_name + ": wrote " + std::to_string(written) + " of " + std::to_string(job.total) + " features");
        }
        return written;
    }

    /// What a user must know about text split into continuation fields: where each text went.
    static std::optional<std::string> split_note(const LayerJob &job, const std::vector<FieldSpec> &fields) {
        std::string parts;
        for (const auto &f : fields) {
            if (f.parts < 2) continue;
            parts += f.part == 1 ? (parts.empty() ? "" : "; ") + f.full + " in " + f.name : " + " + f.name;
        }
        if (parts.empty()) return std::nullopt;
        return "layer " + std::string(job.layer->name) + ": text over 254 bytes split into continuation fields (" +
               parts + "), listed in " + job.base + ".fieldmap.csv (a load into a store joins them again)";
    }

    void write_multi_layer(std::vector<LayerJob> &jobs) {
        output::GdalLayerWriter out(format_, jobs.front().staged, options_.output.string());
        std::vector<Styled> styled;
        for (auto &job : jobs) {
            const auto fields = plan_fields(*job.layer, options_.extra);
            OGRLayer &layer = create_layer(out, job, fields);
            const auto rows = open_rows(*job.layer);
            RowSource &reader = *rows;
            written_.push_back(write_features(out, layer, job, fields, false, reader));
            if (job.layer->geometry != GeometryType::none) {
                styled.push_back({std::string(job.layer->name), layer.GetGeometryColumn(), std::string(style_of(*job.layer))});
            }
        }
        if (options_.style) write_layer_styles(out.dataset(), styled);
        out.close();
    }

    /// Writes every feature inside one transaction (where the driver has them).
    std::int64_t write_features(output::GdalLayerWriter &out, OGRLayer &layer, const LayerJob &job,
                                const std::vector<FieldSpec> &fields, bool cut, RowSource &reader) {
        io::GdalErrors errors;
        out.begin();
        const bool keep_fid = format_.multi_layer;
        OGRFeatureUniquePtr feature(OGRFeature::CreateFeature(layer.GetLayerDefn()));
        SourceRow row;
        std::int64_t written = 0;
        while (reader.next(row)) {
            feature->SetFID(keep_fid ? row.fid : OGRNullFID);
            refuse_nul(job, fields, row);
            for (int i = 0; i < static_cast<int>(fields.size()); ++i) {
                set_field(*feature, i, fields[static_cast<std::size_t>(i)], row.values[fields[static_cast<std::size_t>(i)].source]);
            }
            if (row.geometry) {
                if (transform_ && row.geometry->transform(transform_.get()) != OGRERR_NONE) {
                    throw Error("layer " + std::string(job.layer->name) + ", feature '" + value_id(row) +
                                "': cannot transform to " + *options_.target_srs);
                }
                if (cut) row.geometry = cut_at_antimeridian(std::move(row.geometry), "layer " + std::string(job.layer->name) + ", feature '" + value_id(row) + "'");
                feature->SetGeometryDirectly(row.geometry.release());
            } else {
                feature->SetGeometryDirectly(nullptr);
            }
            out.write(layer, *feature, errors,
                      [&] { return "layer " + std::string(job.layer->name) + ", feature '" + value_id(row) + "'"; });
            ++written;
            progress_tick();
        }
        out.commit(std::string(job.layer->name), errors);
        if (job.total >= 0 && written != job.total) {
            throw Error(std::string(job.layer->name) + ": wrote " + std::to_string(written) + " of " +
                        std::to_string(job.total) + " features");
        }
        return written;
    }

    /// GDAL takes text as C strings: a NUL inside a value would cut it there. Refused, naming it.
    void refuse_nul(const LayerJob &job, const std::vector<FieldSpec> &fields, const SourceRow &row) const {
        for (const auto &f : fields) {
            const auto *s = std::get_if<std::string>(&row.values[f.source]);
            if (!s || f.part > 1 || s->find('\0') == std::string::npos) continue;
            throw Error("layer " + std::string(job.layer->name) + ", feature '" + value_id(row) + "', field " +
                        f.full + ": the text holds a NUL character (U+0000), which GDAL's " +
                        std::string(format_.driver) + " writer cannot hold" +
                        (is_geojson(format_) ? "" : " (GeoJSON keeps it for point layers)"));
        }
    }

    static void set_field(OGRFeature &feature, int index, const FieldSpec &f, const sql::Value &v) {
        if (f.parts > 1 || f.part > 1) {
            // Shapefile ExportOptions::split_text: this field holds piece `part` of the text.
            const auto *s = std::get_if<std::string>(&v);
            const auto pieces = s ? shapefile::split_utf8(*s, dbf_text_max) : std::vector<std::string_view>{};
            const auto p = static_cast<std::size_t>(f.part - 1);
            if (p < pieces.size()) feature.SetField(index, std::string(pieces[p]).c_str());
            else feature.SetFieldNull(index);
        } else if (const auto *s = std::get_if<std::string>(&v)) {
            feature.SetField(index, s->c_str());
        } else if (const auto *d = std::get_if<double>(&v)) {
            feature.SetField(index, *d);
        } else if (const auto *k = std::get_if<std::int64_t>(&v)) {
            if (f.type == ColumnType::real) feature.SetField(index, static_cast<double>(*k));
            else feature.SetField(index, static_cast<GIntBig>(*k));
        } else {
            feature.SetFieldNull(index);
        }
    }

    std::int64_t write_fast_geojson(const LayerJob &job, const std::vector<FieldSpec> &fields) {
        FastGeoJson out(job.staged, options_.precision);
        out.begin(job.layer->name);
        const auto rows = open_rows(*job.layer);
            RowSource &reader = *rows;
        SourceRow row;
        std::int64_t written = 0;
        while (reader.next(row)) {
            out.feature(fields, row, row.geometry.get());
            ++written;
            progress_tick();
        }
        out.close();
        return written;
    }

    /// KML by the streaming writer: `name` as <name>, `notes` as <description>, every other
    /// column a typed SimpleData; polygons cut at ±180° (KML holds EPSG:4326 only).
    std::int64_t write_kml(const LayerJob &job, const std::vector<FieldSpec> &fields) {
        const std::string name(job.layer->name);
        output::KmlLayer kml{name, {}, "name", "notes"};
        std::optional<std::size_t> name_at, notes_at;
        std::vector<std::size_t> sources; // per KML field, its index in the row
        for (const auto &f : fields) {
            if (f.full == "name") name_at = f.source;
            else if (f.full == "notes") notes_at = f.source;
            else {
                const auto type = f.type == ColumnType::text   ? output::KmlType::string
                                  : f.type == ColumnType::real ? output::KmlType::real
                                                               : output::KmlType::integer64;
                kml.fields.push_back({f.name, type});
                sources.push_back(f.source);
            }
        }
        std::ofstream file(job.staged, std::ios::binary | std::ios::trunc);
        if (!file) throw Error(job.staged.string() + ": cannot write here");
        output::KmlWriter out(file, job.staged.string());
        out.begin(std::span(&kml, 1));
        out.begin_folder(0);
        const auto rows = open_rows(*job.layer);
            RowSource &reader = *rows;
        SourceRow row;
        std::int64_t written = 0;
        std::string name_text, notes_text;
        const auto text = [&](std::optional<std::size_t> at, std::string &buffer) -> std::optional<std::string_view> {
            if (!at) return std::nullopt;
            const auto &v = row.values[*at];
            if (const auto *s = std::get_if<std::string>(&v)) return *s;
            if (std::holds_alternative<std::nullptr_t>(v)) return std::nullopt;
            // A number in a text column (SQLite keeps what it was given): its exact text.
            char b[32];
            const auto *d = std::get_if<double>(&v);
            const auto end = d ? std::to_chars(b, b + sizeof b, *d).ptr
                               : std::to_chars(b, b + sizeof b, std::get<std::int64_t>(v)).ptr;
            buffer.assign(b, end);
            return buffer;
        };
        while (reader.next(row)) {
            const auto where = "layer " + name + ", feature '" + value_id(row) + "'";
            try {
                out.begin_placemark(text(name_at, name_text), text(notes_at, notes_text));
                for (std::size_t k = 0; k < sources.size(); ++k) {
                    const auto &v = row.values[sources[k]];
                    if (const auto *s = std::get_if<std::string>(&v)) out.text(k, *s);
                    else if (const auto *d = std::get_if<double>(&v)) out.real(k, *d);
                    else if (const auto *i = std::get_if<std::int64_t>(&v)) out.integer(k, *i);
                }
                if (row.geometry) row.geometry = cut_at_antimeridian(std::move(row.geometry), where);
                out.end_placemark(row.geometry.get());
            } catch (const Error &e) {
                const std::string what = e.what();
                throw Error(where + (what.starts_with("field ") ? ", " : ": ") + what);
            }
            ++written;
            progress_tick();
        }
        out.end_folder();
        out.finish();
        file.close();
        if (!file) throw Error(job.staged.string() + ": writing failed (disk full?)");
        io::check_space_left(job.staged);
        return written;
    }

    // --- Shapefile: read everything back and compare ---

    /// Every value and shape read back from the three files (output::ShapefileReader, as GDAL
    /// reads them: text trimmed, '*' numbers NULL) and compared with the store's.
    void verify_shapefile(const LayerJob &job, const std::vector<FieldSpec> &fields, RowSource &reader) {
        const auto name = std::string(job.layer->name);
        output::ShapefileReader back(job.staged, shape_type(job));
        for (std::size_t k = 0; k < fields.size(); ++k) {
            if (k >= back.fields().size() || back.fields()[k].name != fields[k].name) {
                throw Error(name + ": field " + fields[k].name + " missing after writing the Shapefile");
            }
        }
        SourceRow row;
        std::vector<std::string> text;
        std::array<char, 32> buffer;
        std::int64_t n = 0;
        const auto mismatch = [&](const SourceRow &r, const std::string &what) {
            throw Error("layer " + name + ", feature '" + value_id(r) + "': " + what +
                        " differs after writing the Shapefile (nothing was kept)");
        };
        while (reader.next(row)) {
            if (!back.next()) throw Error(name + ": the Shapefile holds only " + std::to_string(n) + " features");
            ++n;
            // Joined text per source column (split parts in order).
            text.assign(row.values.size(), std::string());
            for (std::size_t k = 0; k < fields.size(); ++k) {
                const auto &f = fields[k];
                const auto &v = row.values[f.source];
                if (f.type == ColumnType::text) {
                    text[f.source] += back.text(k);
                    continue;
                }
                const auto got = back.number(k);
                double expected = 0;
                if (const auto *d = std::get_if<double>(&v)) expected = *d;
                else if (const auto *q = std::get_if<std::int64_t>(&v)) expected = static_cast<double>(*q);
                else {
                    if (got) mismatch(row, "field " + f.full + " (NULL)");
                    continue;
                }
                if (!got || *got != expected) {
                    mismatch(row, "field " + f.full + " (" + std::to_string(expected) + " read back as " +
                                      (got ? std::string(back.text(k)) : std::string("NULL")) + ")");
                }
            }
            for (const auto &f : fields) {
                if (f.type != ColumnType::text || f.part > 1) continue;
                // DBF has no NULL text: NULL and "" read back alike.
                const auto expected = dbf_text(row.values[f.source], buffer);
                if (text[f.source] != expected) mismatch(row, "field " + f.full + " ('" + util::excerpt(std::string(expected)) + "')");
            }
            const auto box = back.bounds();
            if (row.geometry && !row.geometry->IsEmpty()) {
                if (transform_) row.geometry->transform(transform_.get());
                OGREnvelope a;
                row.geometry->getEnvelope(&a);
                if (!box || a.MinX != box->min_x || a.MinY != box->min_y || a.MaxX != box->max_x || a.MaxY != box->max_y) {
                    mismatch(row, "the geometry");
                }
            } else if (box) {
                mismatch(row, "the geometry");
            }
        }
        if (back.next()) throw Error(name + ": the Shapefile holds more features than the store");
    }

    void write_sidecar_style(const LayerJob &job, const std::vector<FieldSpec> &fields) {
        if (style_of(*job.layer).empty()) return;
        auto qml = style::read_layer_style(styles_dir(), style_of(*job.layer));
        if (!qml) return;
        if (is_shapefile(format_)) {
            std::vector<std::pair<std::string, std::string>> renames;
            for (const auto &f : fields) {
                if (f.part == 1) renames.emplace_back(f.full, f.name);
            }
            qml = style::rename_fields(std::move(*qml), renames);
        }
        io::write_text_file(job.staged.parent_path() / (job.base + ".qml"), *qml);
    }

    /// QGIS's layer_styles table (docs/QGIS-STYLES.md) with the shipped style of every layer.
    struct Styled {
        std::string layer, geometry_column, style;
    };
    void write_layer_styles(GDALDataset &ds, const std::vector<Styled> &layers) {
        std::vector<io::LayerStyle> styles;
        for (const auto &[name, geometry_column, style] : layers) {
            if (style.empty()) continue;
            if (auto qml = style::read_layer_style(styles_dir(), style))
                styles.push_back({name, geometry_column, style, std::move(*qml)});
        }
        io::write_layer_styles(ds, styles, format_.driver == "GPKG");
    }

    void progress_tick() {
        ++done_;
        if (options_.progress && grand_total_ > 0 && (done_ & 0x3ff) == 0) {
            options_.progress(std::min(1.0, static_cast<double>(done_) / static_cast<double>(grand_total_)));
        }
    }

    Store *store_;
    const query::AnswerLayer *answer_;
    const ExportOptions &options_;
    const ExportFormat &format_;
    std::optional<OGRSpatialReference> target_;
    io::TransformPtr transform_;
    ExportReport report_;
    std::vector<std::int64_t> written_;
    std::int64_t grand_total_ = 0, done_ = 0;
};

} // namespace

std::unique_ptr<OGRGeometry> cut_at_antimeridian_for_viewers(std::unique_ptr<OGRGeometry> geometry,
                                                             const std::string &where) {
    if (!geometry) return geometry;
    const auto type = wkbFlatten(geometry->getGeometryType());
    if (type == wkbLineString || type == wkbMultiLineString) return cut_lines_at_antimeridian(std::move(geometry));
    return cut_at_antimeridian(std::move(geometry), where);
}

ExportReport export_layers(Store &store, const ExportOptions &options) {
    if (options.output.empty() && !options.stream) throw UsageError("no output (" + option_ref("output") + " PATH)");
    const ExportFormat *format = nullptr;
    if (!options.format.empty()) {
        format = &resolve_format(options.format);
    } else if (options.stream) {
        throw UsageError("standard output (" + option_ref("stream") + ") has no extension to tell the format: give " +
                         option_ref("format") + " FORMAT");
    } else {
        format = format_from_extension(options.output);
        if (!format) {
            throw UsageError("cannot tell the format from '" + options.output.string() +
                             "': give " + option_ref("format") + " FORMAT (" + output::format_list() + ")");
        }
    }
    if (options.precision < 0 || options.precision > 17) {
        const auto n = std::to_string(options.precision);
        throw BadValue("precision", n, n + ": expected 0 to 17 decimals", false);
    }
    std::vector<const schema::Layer *> layers;
    if (options.layers.empty()) {
        for (const auto &layer : schema::layers()) {
            if (layer.geometry != GeometryType::none || format->tables) layers.push_back(&layer);
        }
    } else {
        for (const auto &name : options.layers) {
            const auto *layer = schema::find_layer(name);
            if (!layer) throw no_such_layer("layer", name, schema::layer_names());
            if (layer->geometry == GeometryType::none && !format->tables) {
                throw BadValue("layer", name,
                               name + " has no geometry; " + std::string(format->driver) +
                                   " needs one (use GPKG, SQLite, CSV or GeoJSON)",
                               false);
            }
            if (std::find(layers.begin(), layers.end(), layer) == layers.end()) layers.push_back(layer);
        }
    }
    if (options.target_srs && format->driver == "KML") {
        const auto srs = io::parse_crs(*options.target_srs);
        if (io::make_transform(io::wgs84(), srs)) {
            throw UsageError("KML holds EPSG:4326 only; drop " + option_ref("target_srs"));
        }
    }
    // Standard output takes one layer, as the formats that can be a stream hold one.
    if (options.stream && layers.size() != 1) {
        throw UsageError("standard output (" + option_ref("stream") + ") takes one layer: name it with " +
                         option_ref("layers"));
    }
    if (!options.stream && (format->multi_layer || layers.size() == 1)) {
        const auto *implied = format_from_extension(options.output);
        if (format->multi_layer && implied && implied != format) {
            throw UsageError(options.output.string() + ": the extension does not fit " + std::string(format->driver));
        }
    }
    if (!options.stream && !format->multi_layer && layers.size() > 1 && format_from_extension(options.output)) {
        throw UsageError(std::to_string(layers.size()) + " layers in " + std::string(format->driver) +
                         " make one file each: give a folder as " + option_ref("output") + ", not " +
                         options.output.string());
    }
    Exporter exporter(&store, nullptr, options, *format);
    auto report = options.stream ? exporter.run_to_stream(*layers.front()) : exporter.run(layers);
    if (options.target_srs && format->driver == "GeoJSON") {
        report.notes.push_back("GeoJSON in a CRS other than EPSG:4326 is not RFC 7946 (written with a \"crs\" member)");
    }
    return report;
}

ExportReport export_answer(const query::AnswerLayer &answer, const ExportOptions &options) {
    const ExportFormat &format = resolve_format(options.format);
    if (options.output.empty() && !options.stream) {
        throw BadValue("format", options.format,
                       options.format + " writes a file: give " + option_ref("output") + " PATH", false);
    }
    if (answer.shape == query::AnswerLayer::Shape::none && !format.tables) {
        throw BadValue("format", options.format,
                       options.format + ": the answer is a table without geometry (use gpkg, csv or json)", false);
    }
    const AnswerSchema schema(answer);
    Exporter exporter(nullptr, &answer, options, format);
    if (options.stream) return exporter.run_to_stream(schema.layer);
    kept(nullptr, options).check(options.output); // the store or a source named as the output: said first
    if (const auto *implied = format_from_extension(options.output); implied && implied != &format) {
        throw UsageError(options.output.string() + ": the extension does not fit " + std::string(format.driver));
    }
    return exporter.run({&schema.layer});
}

} // namespace depomap
