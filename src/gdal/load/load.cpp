#include "depomap/load.hpp"

#include "depomap/atlas.hpp"
#include "depomap/dms.hpp"
#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"
#include "gdal/io/source_check.hpp"
#include "gdal/io/degrees.hpp"
#include "gdal/io/gdal.hpp"
#include "gdal/io/geojson_stream.hpp"
#include "gdal/load/country.hpp"
#include "gdal/load/geos.hpp"
#include "util/handoff.hpp"
#include "store/layer_writer.hpp"
#include "output/publish.hpp"
#include "store/geometry_blob.hpp"
#include "util/crash_note.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>
#include <simdjson.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace depomap {
namespace {

using schema::ColumnType;
using schema::GeometryType;

/// A feature that cannot be loaded; the message is the reason only, the caller adds where.
struct FeatureError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// One source field's value, as any reader hands it over. `text` stays valid while the
/// feature is processed.
struct FieldValue {
    enum class Kind { null, integer, unsigned_integer, real, text, json };
    Kind kind = Kind::null;
    std::int64_t integer = 0;
    std::uint64_t unsigned_integer = 0; ///< only above INT64_MAX
    double real = 0;
    std::string_view text;
};

/// Where a source field goes.
struct Target {
    /// extra_members: a field named `extra` (depomap's own export of the `extra` column): the
    /// members of the JSON object it holds go into `extra` one by one.
    enum class Kind { column, extra, extra_members, x, y, wkt };
    Kind kind = Kind::extra;
    std::size_t column = 0;
    /// --map of one source field into several columns: every one of them (`column` is the first).
    const std::vector<std::size_t> *columns = nullptr;
    /// Named like its column in another case (`NAME` for `name`): when a field of the same
    /// feature has the column's exact name, that one fills it and this goes to `extra`.
    bool inexact = false;
    /// A field named `country` (any case): its text, a country name, fills an empty
    /// country_iso3 with the name's code (wherever the field itself goes).
    bool country_name = false;
};

using Note = std::function<void(const std::string &)>;

/// Decides, by name, where each source field of one source layer lands: --x/--y/--wkt fields
/// make the geometry, --map DST=SRC fills DST (one SRC may fill several), a field named like a
/// column fills it (the exact name first, else the first name equal but for case, unless --map
/// took the column), everything else is kept in `extra`.
class FieldRouter {
  public:
    FieldRouter(const schema::Layer &layer, const LoadOptions &options, std::string label,
                Note note)
        : layer_(layer), options_(options), label_(std::move(label)), note_(std::move(note)),
          claimed_(layer.columns.size(), false), exact_(layer.columns.size(), false) {
        for (const auto &[dst, src] : options.field_map) {
            const auto *column = schema::find_column(layer, dst);
            const auto c = static_cast<std::size_t>(column - layer.columns.data());
            claimed_[c] = true;
            auto &columns = mapped_[src];
            if (std::ranges::find(columns, c) == columns.end())
                columns.push_back(c);
        }
    }

    /// The source's field names, when known before the first feature (GDAL's sources): a
    /// column with an exact-case field is that field's alone.
    void expect_fields(const std::vector<std::string> &names) {
        for (const auto &name : names) {
            if (const auto *column = schema::find_column(layer_, name); column && column->name == name)
                exact_[static_cast<std::size_t>(column - layer_.columns.data())] = true;
        }
    }

    Target route(std::string_view name) {
        if (auto it = cache_.find(std::string(name)); it != cache_.end())
            return it->second;
        Target target = decide(name);
        target.country_name = util::to_lower(name) == "country";
        cache_.emplace(std::string(name), target);
        return target;
    }

    /// An inexact field whose column another field of the feature fills goes to `extra`;
    /// said once per field name.
    Target to_extra(std::string_view name, std::size_t column) {
        if (noted_.emplace(name).second)
            say(name, layer_.columns[column].name);
        return {Target::Kind::extra};
    }

    /// The source field `short_name` is read as `full` (a Shapefile's cut name, restored from
    /// its field map): a --map naming either means it.
    void alias(const std::string &short_name, const std::string &full) {
        auto it = mapped_.find(short_name);
        if (it == mapped_.end() || mapped_.contains(full))
            return;
        mapped_.emplace(full, std::move(it->second));
        mapped_.erase(it);
    }

    /// --map sources no field of the source had.
    std::vector<std::string> unseen_map_sources() const {
        std::vector<std::string> missing;
        for (const auto &[src, columns] : mapped_) {
            if (!cache_.contains(src))
                missing.push_back(src);
        }
        return missing;
    }

  private:
    Target decide(std::string_view name) {
        if (options_.x_field && name == *options_.x_field)
            return {Target::Kind::x};
        if (options_.y_field && name == *options_.y_field)
            return {Target::Kind::y};
        if (options_.wkt_field && name == *options_.wkt_field)
            return {Target::Kind::wkt};
        if (auto it = mapped_.find(std::string(name)); it != mapped_.end()) {
            const auto &columns = it->second;
            return {Target::Kind::column, columns.front(), columns.size() > 1 ? &columns : nullptr};
        }
        const auto *column = schema::find_column(layer_, name);
        if (!column)
            return {name == schema::extra_column ? Target::Kind::extra_members : Target::Kind::extra};
        const auto c = static_cast<std::size_t>(column - layer_.columns.data());
        if (claimed_[c])
            return {Target::Kind::extra};
        if (column->name == name)
            return {Target::Kind::column, c};
        if (!exact_[c])
            return {Target::Kind::column, c, nullptr, true};
        noted_.emplace(name);
        say(name, column->name);
        return {Target::Kind::extra};
    }

    void say(std::string_view name, std::string_view column) const {
        if (note_) {
            note_(label_ + ": field '" + util::excerpt(name) + "' goes to extra where another "
                  "field fills column '" + std::string(column) + "' (names that differ only in case)");
        }
    }

    const schema::Layer &layer_;
    const LoadOptions &options_;
    std::string label_;
    Note note_;
    std::vector<bool> claimed_; ///< by --map
    std::vector<bool> exact_;   ///< a field of the column's exact name is known
    std::unordered_map<std::string, std::vector<std::size_t>> mapped_; // nodes stay put
    std::unordered_map<std::string, Target> cache_;
    std::unordered_set<std::string> noted_;
};

/// The source's field names made unique: a repeated name becomes NAME_2, NAME_3, ... (a name
/// no other field has), and `note` says so, so that every value is kept.
std::vector<std::string> unique_field_names(std::vector<std::string> names, const std::string &label,
                                            const Note &note) {
    std::unordered_set<std::string> taken(names.begin(), names.end());
    std::unordered_set<std::string> seen;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (seen.insert(names[i]).second)
            continue;
        std::string renamed;
        for (int n = 2; renamed.empty() || taken.contains(renamed); ++n)
            renamed = names[i] + "_" + std::to_string(n);
        if (note) {
            note(label + ": field " + std::to_string(i + 1) + " repeats the name '" +
                 util::excerpt(names[i]) + "': its values are kept as '" + util::excerpt(renamed) + "'");
        }
        taken.insert(renamed);
        seen.insert(renamed);
        names[i] = std::move(renamed);
    }
    return names;
}

std::string format_degrees(double v) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, end);
}

double parse_number_text(std::string_view text, std::string_view field) {
    text = util::trim(text);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
        throw FeatureError("field '" + std::string(field) + "': '" + util::excerpt(text) +
                           "' is not a number");
    }
    return value;
}

template <typename Fn> void for_each_point(const OGRGeometry &g, Fn &&fn) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint: {
        const auto &p = *g.toPoint();
        if (!p.IsEmpty())
            fn(p.getX(), p.getY());
        return;
    }
    case wkbLineString:
    case wkbLinearRing: {
        const auto &line = *g.toSimpleCurve();
        for (int i = 0; i < line.getNumPoints(); ++i)
            fn(line.getX(i), line.getY(i));
        return;
    }
    case wkbPolygon:
        for (const auto *ring : *g.toPolygon())
            for_each_point(*ring, fn);
        return;
    default:
        if (OGR_GT_IsSubClassOf(g.getGeometryType(), wkbGeometryCollection)) {
            for (const auto *part : *g.toGeometryCollection())
                for_each_point(*part, fn);
        }
        return;
    }
}

void check_xy(double x, double y) {
    if (auto why = io::degrees_problem(x, y))
        throw FeatureError(*why);
}

/// Makes `g` the geometry type `layer` stores, or says why it cannot be.
std::unique_ptr<OGRGeometry> conform(std::unique_ptr<OGRGeometry> g, const schema::Layer &layer) {
    if (g->Is3D() || g->IsMeasured())
        g->flattenTo2D();
    const auto type = wkbFlatten(g->getGeometryType());
    if (layer.geometry == GeometryType::point) {
        if (type == wkbPoint)
            return g;
        if (type == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1) {
            return std::unique_ptr<OGRGeometry>(g->toMultiPoint()->getGeometryRef(0)->clone());
        }
    } else if (layer.geometry == GeometryType::multipolygon) {
        if (type == wkbMultiPolygon)
            return g;
        if (type == wkbPolygon) {
            return std::unique_ptr<OGRGeometry>(
                OGRGeometryFactory::forceToMultiPolygon(g.release()));
        }
    }
    const char *multi_hint = type == wkbMultiPoint && layer.geometry == GeometryType::point
                                 ? " with several points"
                                 : "";
    throw FeatureError(
        std::string("wrong geometry type ") + OGRGeometryTypeToName(type) + multi_hint +
        " for layer " + std::string(layer.name) + " (expects " +
        (layer.geometry == GeometryType::point ? "Point" : "Polygon or MultiPolygon") + ")");
}

void check_rings(const OGRGeometry &g, loading::GeosValidator &geos) {
    for (const auto *polygon : *g.toMultiPolygon()) {
        int ring_number = 0;
        for (const auto *ring : *polygon) {
            ++ring_number;
            if (ring->getNumPoints() < 4) {
                throw FeatureError("invalid polygon: ring " + std::to_string(ring_number) +
                                   " has " + std::to_string(ring->getNumPoints()) +
                                   " points (at least 4 needed)");
            }
            if (!ring->get_IsClosed()) {
                throw FeatureError("invalid polygon: ring " + std::to_string(ring_number) +
                                   " is not closed");
            }
        }
    }
    if (auto reason = geos.invalid_reason(g))
        throw FeatureError("invalid polygon: " + *reason);
}

/// One source layer to read: through GDAL, or a GeoJSON FeatureCollection through the stream.
struct Source {
    std::string path;  ///< the file
    std::string label; ///< file, plus the layer name when the source has several
    std::string id_prefix;
    OGRLayer *layer = nullptr;                  ///< GDAL reading
    std::unique_ptr<io::GeoJsonStream> geojson; ///< streaming reading
    std::vector<Target> gdal_targets;           ///< per GDAL field index
    std::vector<std::string> field_names;       ///< per GDAL field index, as the file has them
    /// depomap's own Shapefile export (<layer>.fieldmap.csv beside it): per GDAL field index,
    /// the indexes of the fields that continue its text (parts 2, 3...), and whether it is one.
    std::vector<std::vector<int>> continued_by;
    std::vector<bool> continuation;
    /// A KML source: per GDAL field index, for the presentation fields GDAL's KML readers add
    /// to every layer (timestamp, tessellate, ...), the value that means "not set" there.
    std::vector<std::optional<std::int64_t>> kml_unset;
    std::unique_ptr<FieldRouter> router;
    io::TransformPtr transform;
    bool geographic_fields = true; ///< x/y columns are degrees (no transform)
    io::NulTexts nul;              ///< GDAL reading: texts GDAL would cut at a NUL
};

class Loader {
  public:
    Loader(Store &store, const LoadOptions &options)
        : store_(store), options_(options), layer_(*schema::find_layer(options.layer)) {
        if (const auto *c = schema::find_column(layer_, "country_iso3"))
            country_column_ = static_cast<std::size_t>(c - layer_.columns.data());
    }

    LoadReport run(const std::vector<std::string> &paths) {
        // A reader that crashes names its file (when the program installed the crash note).
        util::ReadingNote reading;
        // Before any source is opened: a store without admin regions fails at once.
        if (options_.assign_country)
            locator_ = std::make_unique<loading::CountryLocator>(store_);
        // Open everything first: a missing file or field fails before anything is written.
        std::vector<GDALDatasetUniquePtr> datasets;
        std::vector<Source> sources;
        for (const auto &path : paths)
            open_source(path, datasets, sources);

        sql::Transaction tx(store_.db());
        loading::LayerWriter writer(store_.db(), layer_, options_.index_sort_memory);
        read_and_insert(sources, writer);
        report_duplicates(writer.finish(), sources);
        say_countries();
        // Rejects in the order of the sources and their features.
        std::ranges::stable_sort(report_.rejects, [&](const Reject &a, const Reject &b) {
            const auto rank = [&](const Reject &r) {
                for (std::size_t i = 0; i < sources.size(); ++i) {
                    if (sources[i].label == r.source) return i;
                }
                return sources.size();
            };
            const auto ra = rank(a), rb = rank(b);
            return ra != rb ? ra < rb : a.index < b.index;
        });
        if (options_.before_commit) options_.before_commit(report_.rejects);
        tx.commit();
        return std::move(report_);
    }

  private:
    // ---- two threads: one reads and checks features, this one inserts them -----------------
    //
    // Parsing and validating a feature and inserting it cost about the same, so they overlap:
    // a reading thread turns features into rows (or rejects) and hands them over in batches;
    // the calling thread, which alone uses the store's connection, inserts them in order.
    // Everything a feature's outcome depends on happens in file order on one of the two
    // threads, so the rejects, errors and rowids are those of a load on one thread.

    /// A feature ready to insert, and where it came from.
    struct Parsed {
        loading::Row row;
        std::size_t source = 0;
        std::int64_t index = 0;
        std::string id;
    };
    struct Batch {
        std::vector<Parsed> items;
        std::size_t used = 0;
    };
    static constexpr std::size_t batch_size = 512;
    static constexpr std::size_t batches_in_flight = 4;
    /// Thrown on the reading thread when the inserting one has given up.
    struct Cancelled {};

    void read_and_insert(std::vector<Source> &sources, loading::LayerWriter &writer) {
        util::Handoff<Batch> handoff(batches_in_flight);
        handoff_ = &handoff;
        std::thread reader([&] {
            const util::CrashStack crash_stack;
            try {
                read_all(sources);
                handoff.finish();
            } catch (const Cancelled &) {
                handoff.finish();
            } catch (...) {
                handoff.fail(std::current_exception());
            }
        });
        try {
            while (Batch *batch = handoff.pop()) {
                insert_batch(*batch, sources, writer);
                handoff.recycle(batch);
            }
        } catch (...) {
            handoff.cancel();
            reader.join();
            handoff_ = nullptr;
            throw;
        }
        reader.join();
        handoff_ = nullptr;
        report_.inserted = inserted_;
        for (auto &[reject, source] : insert_rejects_) {
            report_.rejects.push_back(std::move(reject));
            reject_sources_.push_back(source);
        }
    }

    /// The reading thread: every feature of every source, in order.
    void read_all(std::vector<Source> &sources) {
        for (std::size_t i = 0; i < sources.size(); ++i) {
            auto &source = sources[i];
            source_number_ = i;
            reading_label_ = &source.label;
            util::note_reading(source.path);
            const auto progress = [&](double f) {
                if (options_.progress) {
                    options_.progress((static_cast<double>(i) + std::min(1.0, f)) /
                                      static_cast<double>(sources.size()));
                }
            };
            if (source.geojson)
                read_geojson(source, progress);
            else
                read_gdal(source, progress);
            if (report_.read > 0) {
                if (const auto missing = source.router->unseen_map_sources(); !missing.empty()) {
                    throw Error(source.label + ": --map: no feature has a field '" +
                                missing.front() + "'");
                }
            }
        }
        util::note_reading({});
        if (batch_)
            handoff_->push(std::exchange(batch_, nullptr));
    }

    /// Hands the finished row_ over (taking a used row's buffers in exchange).
    void emit(std::int64_t index) {
        if (!batch_) {
            batch_ = handoff_->take_empty();
            if (!batch_)
                throw Cancelled{};
            batch_->used = 0;
        }
        if (batch_->used == batch_->items.size())
            batch_->items.emplace_back();
        Parsed &p = batch_->items[batch_->used++];
        std::swap(p.row, row_);
        p.source = source_number_;
        p.index = index;
        p.id = id_;
        if (batch_->used == batch_size)
            handoff_->push(std::exchange(batch_, nullptr));
    }

    /// The inserting thread.
    void insert_batch(const Batch &batch, const std::vector<Source> &sources,
                      loading::LayerWriter &writer) {
        if (writer.ids_deferred())
            return insert_blocks(batch, writer);
        for (std::size_t i = 0; i < batch.used; ++i) {
            const Parsed &p = batch.items[i];
            if (writer.insert(p.row) == loading::LayerWriter::Outcome::duplicate) {
                const Source &s = sources[p.source];
                if (!options_.skip_invalid)
                    throw feature_error(s.label, p.index, p.id, duplicate_reason(p.id));
                insert_rejects_.push_back({{s.label, p.index, p.id, duplicate_reason(p.id)}, p.source});
                continue;
            }
            if (writer.ids_deferred())
                note_origin(writer.last_rowid(), p.source);
            ++inserted_;
        }
    }

    /// insert_batch() while ids are checked only at the end: no row can be refused, so rows go
    /// in by blocks of LayerWriter::block_rows.
    void insert_blocks(const Batch &batch, loading::LayerWriter &writer) {
        std::array<const loading::Row *, loading::LayerWriter::block_rows> block{};
        for (std::size_t at = 0; at < batch.used; at += block.size()) {
            const std::size_t n = std::min(block.size(), batch.used - at);
            for (std::size_t i = 0; i < n; ++i)
                block[i] = &batch.items[at + i].row;
            const std::int64_t first = writer.insert_block(std::span(block.data(), n));
            for (std::size_t i = 0; i < n; ++i)
                note_origin(first + static_cast<std::int64_t>(i), batch.items[at + i].source);
            inserted_ += static_cast<std::int64_t>(n);
        }
    }

    /// A bad feature as the load reports it: "FILE: feature N (id 'ID'): REASON", without the
    /// id part for a feature that has none.
    static Error feature_error(const std::string &label, std::int64_t index, const std::string &id,
                               const std::string &reason) {
        std::string where = label + ": feature " + std::to_string(index);
        if (!id.empty())
            where += " (id '" + util::excerpt(id) + "')";
        return Error(where + ": " + reason);
    }
    static std::string duplicate_reason(const std::string &id) {
        return "duplicate id '" + util::excerpt(id) + "'";
    }

    /// Duplicate ids found when the deferred id index was built: rejects, or the load's error.
    void report_duplicates(const std::vector<loading::LayerWriter::Duplicate> &duplicates,
                           const std::vector<Source> &sources) {
        const auto rejects_before = report_.rejects.size();
        for (const auto &d : duplicates) {
            const auto [source_number, index] = origin(d.rowid, rejects_before);
            const auto &source = sources[source_number];
            if (!options_.skip_invalid)
                throw feature_error(source.label, index, d.id, duplicate_reason(d.id));
            report_.rejects.push_back({source.label, index, d.id, duplicate_reason(d.id)});
            reject_sources_.push_back(source_number);
            --report_.inserted;
        }
    }

    /// The source and feature index of an inserted row, from the runs of consecutive rowids
    /// and the features of that source rejected before insertion (the first `rejects` ones).
    std::pair<std::size_t, std::int64_t> origin(std::int64_t rowid, std::size_t rejects) const {
        const auto run = std::ranges::upper_bound(runs_, rowid, {}, &Run::first_rowid);
        if (run == runs_.begin())
            throw Error("duplicate id in a row this load did not insert");
        const auto &r = *std::prev(run);
        std::vector<std::int64_t> skipped;
        for (std::size_t i = 0; i < rejects; ++i) {
            if (reject_sources_[i] == r.source)
                skipped.push_back(report_.rejects[i].index);
        }
        std::ranges::sort(skipped);
        // The n-th (0-based) inserted feature is the n-th one not rejected.
        std::int64_t index = r.first_ordinal + (rowid - r.first_rowid) + 1;
        for (const auto s : skipped) {
            if (s > index)
                break;
            ++index;
        }
        return {r.source, index};
    }

    bool fields_make_geometry() const { return options_.x_field || options_.wkt_field; }

    /// Opens source `value` (FILE, or FILE|layername=L: that layer only, whatever --source-layer
    /// says) and adds a Source for each layer read.
    void open_source(const std::string &value, std::vector<GDALDatasetUniquePtr> &datasets,
                     std::vector<Source> &sources) {
        const query::SourceValue named = query::split_source_value(value);
        const std::string &path = named.path;
        const std::vector<std::string> wanted =
            named.layer ? std::vector<std::string>{*named.layer} : options_.source_layers;
        util::note_reading(path);
        const io::SourcePath where = io::source_path(path);
        if (!where.vsi)
            io::check_source(path);
        std::optional<OGRSpatialReference> forced;
        if (options_.source_srs)
            forced = io::parse_crs(*options_.source_srs);
        const std::string &stem = where.stem;
        // A local GeoJSON FeatureCollection is streamed; a packed or remote one, or one whose
        // layer is picked by name, is GDAL's.
        const bool streamed = !where.vsi && wanted.empty() &&
                              (util::ends_with_icase(path, ".geojson") || util::ends_with_icase(path, ".json"));
        if (streamed) {
            if (!std::filesystem::exists(path))
                throw Error(path + ": no such file");
            auto stream = std::make_unique<io::GeoJsonStream>(path);
            if (std::filesystem::file_size(path) > 0 && stream->open_features()) {
                Source s;
                s.path = path;
                s.label = path;
                s.id_prefix = stem;
                s.geojson = std::move(stream);
                s.router = std::make_unique<FieldRouter>(layer_, options_, s.label, options_.note);
                check_geojson_fields(s);
                // RFC 7946: EPSG:4326, longitude first, unless the user says otherwise.
                if (forced)
                    s.transform = io::transform_to_wgs84(path, *forced);
                s.geographic_fields = !s.transform;
                sources.push_back(std::move(s));
                return;
            }
        }
        // The structural checks read local files byte by byte; a packed or remote source is
        // read by GDAL alone.
        const bool local = !where.vsi;
        const bool csv = local && util::ends_with_icase(path, ".csv");
        std::string open_path = path;
        io::CsvShape csv_shape;
        if (csv) {
            csv_shape = io::check_csv_structure(path, io::BareQuotes::read);
            if (csv_shape.bare_quotes)
                open_path = copies_.emplace_back(std::make_unique<io::CsvCopy>(path))->path();
        }
        const bool shp = local && util::ends_with_icase(path, ".shp");
        if (shp)
            io::check_shapefile(path);
        // Keep every CSV cell as text: coordinates are ours to parse (DMS), numbers to check.
        const std::vector<std::string> text_cells = {"AUTODETECT_TYPE=NO", "KEEP_GEOM_COLUMNS=YES"};
        {
            std::optional<io::CsvFieldLimit> every_field;
            if (csv)
                every_field.emplace();
            const io::SourcePath copy{open_path, false, stem};
            const auto &opened = open_path == path ? where : copy;
            const bool cells_as_text = fields_make_geometry() && csv;
            datasets.push_back(io::open_source(open_path, opened, cells_as_text ? text_cells : std::vector<std::string>()));
            // A CSV in a zip or at a URL shows what it is only once open.
            if (fields_make_geometry() && where.vsi &&
                std::string_view(datasets.back()->GetDriver()->GetDescription()) == "CSV") {
                every_field.emplace();
                datasets.back() = io::open_source(path, where, text_cells);
            }
        }
        auto &ds = *datasets.back();
        // A GeoJSON that depomap's own reader leaves to GDAL: GDAL would cut a text at a \u0000.
        if (local && std::string_view(ds.GetDriver()->GetDescription()) == "GeoJSON")
            io::check_geojson_nul(path);
        if (ds.GetLayerCount() == 0)
            throw Error(path + ": no vector layer");
        const bool several = ds.GetLayerCount() > 1;
        for (OGRLayer *layer : io::pick_layers(path, ds, wanted)) {
            Source s;
            s.path = path;
            s.label = several ? path + " (layer " + layer->GetName() + ")" : path;
            s.id_prefix = several ? stem + "-" + layer->GetName() : stem;
            s.layer = layer;
            s.router = std::make_unique<FieldRouter>(layer_, options_, s.label, options_.note);
            auto &defn = *layer->GetLayerDefn();
            if (csv && static_cast<std::size_t>(defn.GetFieldCount()) < csv_shape.columns) {
                throw Error(s.label + ": its header names " + std::to_string(csv_shape.columns) +
                            " fields, but GDAL read " + std::to_string(defn.GetFieldCount()));
            }
            s.field_names = gdal_field_names(s, defn, csv ? io::csv_header(path) : std::vector<std::string>());
            if (const std::string_view driver = ds.GetDriver()->GetDescription(); driver == "KML" || driver == "LIBKML")
                read_kml_fields(s);
            if (shp)
                apply_field_map(s, std::filesystem::path(path).replace_extension(".fieldmap.csv"));
            s.nul = io::NulTexts(s.label, ds, *layer);
            s.router->expect_fields(s.field_names);
            for (const auto &name : s.field_names)
                s.gdal_targets.push_back(s.router->route(name));
            check_fields_exist(s, defn);
            std::optional<OGRSpatialReference> srs = forced;
            if (!srs && !fields_make_geometry()) {
                std::string note;
                srs = io::source_crs(s.label, ds, *layer, note);
                if (!note.empty() && options_.note)
                    options_.note(note);
            }
            if (srs)
                s.transform = io::transform_to_wgs84(s.label, *srs);
            s.geographic_fields = !s.transform;
            sources.push_back(std::move(s));
        }
    }

    /// A KML placemark's <description> is depomap's `notes` (its KML export writes it there);
    /// the presentation fields GDAL adds to every KML layer are dropped where they hold
    /// nothing (null, or tessellate -1, extrude 0, visibility -1): they are not the source's.
    void read_kml_fields(Source &s) const {
        static const std::unordered_map<std::string, std::int64_t> presentation = {
            {"timestamp", 0}, {"begin", 0}, {"end", 0}, {"altitudeMode", 0}, {"drawOrder", 0},
            {"icon", 0}, {"snippet", 0}, {"tessellate", -1}, {"extrude", 0}, {"visibility", -1}};
        const bool has_notes = std::ranges::find(s.field_names, "notes") != s.field_names.end();
        s.kml_unset.assign(s.field_names.size(), std::nullopt);
        for (std::size_t i = 0; i < s.field_names.size(); ++i) {
            auto &name = s.field_names[i];
            if (name == "description" && !has_notes && schema::find_column(layer_, "notes")) {
                s.router->alias(name, "notes");
                name = "notes";
            } else if (const auto it = presentation.find(name); it != presentation.end()) {
                s.kml_unset[i] = it->second;
            }
        }
    }

    static bool kml_unset(const Source &s, OGRFeature &feature, int f) {
        const auto &unset = s.kml_unset[static_cast<std::size_t>(f)];
        if (!unset)
            return false;
        if (!feature.IsFieldSetAndNotNull(f))
            return true;
        const auto type = feature.GetFieldDefnRef(f)->GetType();
        return (type == OFTInteger || type == OFTInteger64) && feature.GetFieldAsInteger64(f) == *unset;
    }

    /// depomap's Shapefile export cuts names to 10 bytes and long text into parts, and lists
    /// both in `map` (short,full,part): the full names come back, and each text's parts are
    /// read as one value (fill_from_gdal), so export and load make a round trip.
    void apply_field_map(Source &s, const std::filesystem::path &map) const {
        std::error_code ec;
        if (!std::filesystem::is_regular_file(map, ec))
            return;
        const auto rows = io::read_csv_rows(map.string());
        if (rows.empty() || rows.front() != std::vector<std::string>{"short", "full", "part"})
            throw Error(map.string() + ": not a depomap field map (its header is not short,full,part)");
        const std::size_t n = s.field_names.size();
        s.continued_by.assign(n, {});
        s.continuation.assign(n, false);
        std::unordered_map<std::string, std::vector<std::pair<int, int>>> parts; // full -> (part, field)
        for (std::size_t r = 1; r < rows.size(); ++r) {
            const auto &row = rows[r];
            int part = 0;
            if (row.size() != 3 || std::from_chars(row[2].data(), row[2].data() + row[2].size(), part).ec != std::errc() ||
                part < 1) {
                throw Error(map.string() + ": line " + std::to_string(r + 1) + " is not short,full,part");
            }
            const auto field = std::ranges::find(s.field_names, row[0]);
            if (field == s.field_names.end())
                continue; // a field the layer no longer has
            parts[row[1]].emplace_back(part, static_cast<int>(field - s.field_names.begin()));
        }
        for (auto &[full, list] : parts) {
            std::ranges::sort(list);
            if (list.front().first != 1)
                throw Error(map.string() + ": '" + util::excerpt(full) + "' has no first part");
            const auto first = static_cast<std::size_t>(list.front().second);
            s.router->alias(s.field_names[first], full);
            s.field_names[first] = full;
            for (std::size_t i = 1; i < list.size(); ++i) {
                s.continued_by[first].push_back(list[i].second);
                s.continuation[static_cast<std::size_t>(list[i].second)] = true;
            }
        }
    }

    /// A GDAL layer's field names, unique (see unique_field_names). GDAL drops a doubled quote
    /// inside a quoted CSV header name; the file's own `header` keeps such a name exactly (when
    /// GDAL made one field per header name).
    std::vector<std::string> gdal_field_names(const Source &s, OGRFeatureDefn &defn,
                                              const std::vector<std::string> &header) const {
        std::vector<std::string> names;
        for (int f = 0; f < defn.GetFieldCount(); ++f) {
            const auto i = static_cast<std::size_t>(f);
            const bool own = header.size() == static_cast<std::size_t>(defn.GetFieldCount()) &&
                             header[i].find('"') != std::string::npos;
            names.push_back(own ? header[i] : defn.GetFieldDefn(f)->GetNameRef());
            // The name becomes a key of `extra`: JSON would need it replaced, i.e. changed.
            if (!util::is_valid_utf8(names.back())) {
                throw Error(s.label + ": invalid UTF-8 in the name of field " +
                            std::to_string(f + 1));
            }
        }
        return unique_field_names(std::move(names), s.label, options_.note);
    }

    /// The fields the options name must exist in some feature, as with GDAL's sources: scan
    /// the properties until all are seen (usually in the first feature), before any write.
    void check_geojson_fields(const Source &s) {
        std::vector<std::pair<std::string, const char *>> wanted;
        if (options_.x_field) wanted.emplace_back(*options_.x_field, "--x-field");
        if (options_.y_field) wanted.emplace_back(*options_.y_field, "--y-field");
        if (options_.wkt_field) wanted.emplace_back(*options_.wkt_field, "--wkt-field");
        for (const auto &[dst, src] : options_.field_map) wanted.emplace_back(src, "--map");
        if (wanted.empty()) return;
        io::GeoJsonStream scan(s.label);
        if (!scan.open_features()) return;
        std::unordered_set<std::string> seen;
        std::vector<std::string> in_order; // for the message: the file's order, not a hash's
        std::string_view text;
        while (!wanted.empty() && scan.next(text)) {
            simdjson::dom::element doc;
            simdjson::dom::object properties;
            if (parser_.parse(text.data(), text.size(), false).get(doc)) continue;
            if (doc["properties"].get_object().get(properties)) continue;
            for (auto field : properties) {
                if (seen.emplace(field.key).second) in_order.emplace_back(field.key);
            }
            std::erase_if(wanted, [&](const auto &w) { return seen.contains(w.first); });
        }
        if (!wanted.empty()) {
            throw Error(s.label + ": " + wanted.front().second + " '" +
                        util::excerpt(wanted.front().first) +
                        "': no such field (fields: " + field_list(in_order) + ")");
        }
    }

    void check_fields_exist(const Source &s, OGRFeatureDefn &defn) const {
        const auto require = [&](const std::optional<std::string> &name, const char *option) {
            if (name && defn.GetFieldIndex(name->c_str()) < 0)
                missing_field(s, defn, *name, option);
        };
        require(options_.x_field, "--x-field");
        require(options_.y_field, "--y-field");
        require(options_.wkt_field, "--wkt-field");
        for (const auto &[dst, src] : options_.field_map) {
            if (defn.GetFieldIndex(src.c_str()) < 0)
                missing_field(s, defn, src, "--map");
        }
    }

    /// The source's field names for a "no such field" message: the first 30, each quoted as a
    /// one-line excerpt (a name may hold a newline), then how many more.
    static std::string field_list(const std::vector<std::string> &names) {
        constexpr std::size_t shown = 30;
        std::string list;
        for (std::size_t i = 0; i < names.size() && i < shown; ++i)
            list += (i ? ", " : "") + util::excerpt(names[i], 40);
        if (names.size() > shown)
            list += " and " + std::to_string(names.size() - shown) + " more";
        return list;
    }

    [[noreturn]] static void missing_field(const Source &s, OGRFeatureDefn &defn,
                                           const std::string &name, const char *option) {
        std::vector<std::string> names;
        for (int i = 0; i < defn.GetFieldCount(); ++i)
            names.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
        throw Error(s.label + ": " + option + " '" + util::excerpt(name) +
                    "': no such field (fields: " + field_list(names) + ")");
    }

    // ---- reading -------------------------------------------------------------------------

    template <typename Progress>
    void read_gdal(Source &s, const Progress &progress) {
        const auto total = s.layer->GetFeatureCount(FALSE);
        s.layer->ResetReading();
        std::int64_t index = 0;
        io::GdalErrors gdal_errors;
        for (;;) {
            gdal_errors.clear();
            OGRFeatureUniquePtr feature(s.layer->GetNextFeature());
            if (!feature) {
                const auto error = gdal_errors.last_error();
                if (!error.empty()) {
                    throw Error(s.label + ": read failed after feature " + std::to_string(index) +
                                ": " + error);
                }
                break;
            }
            ++index;
            // A feature handed over despite a read error (a .shp cut short: no geometry) is
            // the file's damage, not the feature's: the load fails, naming it.
            if (const auto error = gdal_errors.last_error(); !error.empty()) {
                throw Error(s.label + ": feature " + std::to_string(index) + ": cannot read it: " + error +
                            " (a damaged or cut short file?)");
            }
            process(s, index, [&] { fill_from_gdal(s, *feature); });
            if (total > 0 && (index & 0x3ff) == 0)
                progress(static_cast<double>(index) / total);
        }
    }

    template <typename Progress>
    void read_geojson(Source &s, const Progress &progress) {
        std::string_view text;
        std::int64_t index = 0;
        while (s.geojson->next(text)) {
            ++index;
            process(s, index, [&] { fill_from_json(s, text); });
            if ((index & 0x3ff) == 0)
                progress(s.geojson->progress());
        }
    }

    /// Runs `fill` for one feature, then validates it and hands it over for insertion, or
    /// records the reject.
    template <typename Fill> void process(Source &s, std::int64_t index, Fill &&fill) {
        ++report_.read;
        begin_feature();
        try {
            fill();
            finish_feature(s, index);
            emit(index);
        } catch (const FeatureError &e) {
            reject(s, index, e.what());
        } catch (const ParseError &e) {
            reject(s, index, e.what());
        }
    }

    void reject(const Source &s, std::int64_t index, const std::string &reason) {
        // A feature may fail before its id was checked: name it by what it carried.
        if (const auto *text = std::get_if<std::string>(&row_.values[0]); id_.empty() && text) {
            id_ = *text;
        }
        if (!options_.skip_invalid)
            throw feature_error(s.label, index, id_, reason);
        report_.rejects.push_back({s.label, index, id_, reason});
        reject_sources_.push_back(source_number_);
    }

    void fill_from_gdal(Source &s, OGRFeature &feature) {
        if (const auto *field = s.nul.field(feature.GetFID())) {
            throw FeatureError("the text of field '" + util::excerpt(*field) + "' " + s.nul.reason());
        }
        for (int f = 0; f < feature.GetFieldCount(); ++f) {
            const auto i = static_cast<std::size_t>(f);
            if (!s.continuation.empty() && s.continuation[i])
                continue; // read with the field it continues
            if (!s.kml_unset.empty() && kml_unset(s, feature, f))
                continue;
            const auto *defn = feature.GetFieldDefnRef(f);
            FieldValue v;
            std::string text;
            if (feature.IsFieldSetAndNotNull(f)) {
                switch (defn->GetType()) {
                case OFTInteger:
                case OFTInteger64:
                    v.kind = FieldValue::Kind::integer;
                    v.integer = feature.GetFieldAsInteger64(f);
                    break;
                case OFTReal:
                    v.kind = FieldValue::Kind::real;
                    v.real = feature.GetFieldAsDouble(f);
                    break;
                case OFTDate:
                case OFTDateTime:
                case OFTTime:
                    // ISO 8601, as the source wrote it (GDAL's own string form is 2005/12/01).
                    v.kind = FieldValue::Kind::text;
                    text = iso8601(feature, f, defn->GetType());
                    v.text = text;
                    break;
                default:
                    v.kind = defn->GetSubType() == OFSTJSON ? FieldValue::Kind::json
                                                            : FieldValue::Kind::text;
                    v.text = feature.GetFieldAsString(f);
                    if (!s.continued_by.empty() && !s.continued_by[i].empty()) {
                        text = v.text;
                        for (int c : s.continued_by[i]) {
                            if (feature.IsFieldSetAndNotNull(c))
                                text += feature.GetFieldAsString(c);
                        }
                        v.text = text;
                    }
                    if (!util::is_valid_utf8(v.text)) {
                        throw FeatureError(std::string("invalid UTF-8 in field '") +
                                           defn->GetNameRef() + "'");
                    }
                }
            }
            const Target &target = s.gdal_targets[i];
            if (target.inexact && filled_[target.column])
                apply(s.router->to_extra(s.field_names[i], target.column), s.field_names[i], v);
            else
                apply(target, s.field_names[i], v);
        }
        if (!fields_make_geometry() && layer_.geometry != GeometryType::none) {
            if (OGRGeometry *g = feature.StealGeometry())
                geometry_.reset(g);
        }
    }

    static std::string iso8601(OGRFeature &feature, int f, OGRFieldType type) {
        int year = 0, month = 0, day = 0, hour = 0, minute = 0, tz = 0;
        float second = 0;
        feature.GetFieldAsDateTime(f, &year, &month, &day, &hour, &minute, &second, &tz);
        char buffer[64];
        const int whole = static_cast<int>(second);
        const bool fraction = second != static_cast<float>(whole);
        if (type == OFTDate) {
            std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", year, month, day);
        } else if (type == OFTTime) {
            std::snprintf(buffer, sizeof buffer, fraction ? "%02d:%02d:%06.3f" : "%02d:%02d:%02.0f",
                          hour, minute, static_cast<double>(second));
        } else {
            std::snprintf(buffer, sizeof buffer,
                          fraction ? "%04d-%02d-%02dT%02d:%02d:%06.3f"
                                   : "%04d-%02d-%02dT%02d:%02d:%02.0f",
                          year, month, day, hour, minute, static_cast<double>(second));
        }
        std::string out = buffer;
        // GDAL's TZ flag: 100 is UTC, 100 +/- n are quarter hours east/west.
        if (type != OFTDate && tz == 100) {
            out += 'Z';
        } else if (type != OFTDate && tz > 1) {
            const int offset = (tz - 100) * 15;
            std::snprintf(buffer, sizeof buffer, "%c%02d:%02d", offset < 0 ? '-' : '+',
                          std::abs(offset) / 60, std::abs(offset) % 60);
            out += buffer;
        }
        return out;
    }

    FieldValue json_field(simdjson::dom::element e) {
        FieldValue v;
        switch (e.type()) {
        case simdjson::dom::element_type::INT64:
            v.kind = FieldValue::Kind::integer;
            v.integer = e.get_int64().value_unsafe();
            break;
        case simdjson::dom::element_type::UINT64:
            // Beyond int64 (ids up to 2^64): kept exact, as its digits.
            v.kind = FieldValue::Kind::unsigned_integer;
            v.unsigned_integer = e.get_uint64().value_unsafe();
            break;
        case simdjson::dom::element_type::DOUBLE:
            v.kind = FieldValue::Kind::real;
            v.real = e.get_double().value_unsafe();
            break;
        case simdjson::dom::element_type::BOOL:
            v.kind = FieldValue::Kind::integer;
            v.integer = e.get_bool().value_unsafe() ? 1 : 0;
            break;
        case simdjson::dom::element_type::STRING:
            v.kind = FieldValue::Kind::text;
            v.text = e.get_string().value_unsafe();
            break;
        case simdjson::dom::element_type::NULL_VALUE:
            break;
        default:
            v.kind = FieldValue::Kind::json;
            v.text = scratch_.emplace_back(simdjson::minify(e));
        }
        return v;
    }

    /// NaN or Infinity where a JSON value goes (after '[', ',', ':' or a minus sign), not
    /// inside a string such as a name.
    static bool has_bare_non_finite(std::string_view text) {
        for (const std::string_view word : {"NaN", "Infinity"}) {
            for (auto at = text.find(word); at != std::string_view::npos;
                 at = text.find(word, at + 1)) {
                auto before = at;
                while (before > 0 && (text[before - 1] == ' ' || text[before - 1] == '\n' ||
                                      text[before - 1] == '\r' || text[before - 1] == '\t'))
                    --before;
                if (before > 0 && std::string_view("[,:-").find(text[before - 1]) !=
                                      std::string_view::npos)
                    return true;
            }
        }
        return false;
    }

    void fill_from_json(Source &s, std::string_view text) {
        simdjson::dom::element doc;
        if (auto error = parser_.parse(text.data(), text.size(), false).get(doc)) {
            // Before the number check: simdjson reports -Infinity as a malformed number.
            if (has_bare_non_finite(text))
                throw FeatureError("invalid JSON: NaN and Infinity are not JSON numbers");
            if (error == simdjson::NUMBER_ERROR) {
                throw FeatureError("invalid JSON: a number is malformed or out of range for a "
                                   "double (such as 1e400)");
            }
            throw FeatureError(std::string("invalid JSON: ") + simdjson::error_message(error));
        }
        simdjson::dom::object feature;
        if (doc.get_object().get(feature))
            throw FeatureError("not a JSON object");
        std::string_view type;
        if (feature["type"].get_string().get(type) || type != "Feature") {
            throw FeatureError("not a GeoJSON Feature (\"type\" is not \"Feature\")");
        }
        bool has_id_property = false;
        simdjson::dom::element properties;
        if (!feature["properties"].get(properties) && !properties.is_null()) {
            simdjson::dom::object object;
            if (properties.get_object().get(object))
                throw FeatureError("\"properties\" is not an object");
            for (auto field : object) {
                has_id_property = has_id_property || field.key == "id";
                Target target = s.router->route(field.key);
                if (target.inexact &&
                    (filled_[target.column] ||
                     object[layer_.columns[target.column].name].error() == simdjson::SUCCESS))
                    target = s.router->to_extra(field.key, target.column);
                apply(target, field.key, json_field(field.value));
            }
        }
        simdjson::dom::element id;
        if (!has_id_property && !feature["id"].get(id))
            apply(s.router->route("id"), "id", json_field(id));
        if (fields_make_geometry() || layer_.geometry == GeometryType::none)
            return;

        simdjson::dom::element geometry;
        if (feature["geometry"].get(geometry) || geometry.is_null())
            return;
        std::string_view geometry_type;
        if (geometry["type"].get_string().get(geometry_type)) {
            throw FeatureError("geometry without a \"type\"");
        }
        simdjson::dom::array coordinates;
        if (geometry_type == "Point" && !geometry["coordinates"].get_array().get(coordinates)) {
            // The common case, without building an OGR geometry.
            double xy[2];
            std::size_t n = 0;
            for (auto c : coordinates) {
                double value;
                if (c.get_double().get(value))
                    throw FeatureError("Point coordinates are not numbers");
                if (n < 2)
                    xy[n] = value;
                ++n;
            }
            if (n == 0)
                throw FeatureError("empty geometry");
            if (n < 2)
                throw FeatureError("Point with fewer than 2 coordinates");
            point_ = {xy[0], xy[1]};
            return;
        }
        // GDAL cannot build `"coordinates": []` at all; it is an empty geometry, said so.
        simdjson::dom::array parts;
        if (!geometry["coordinates"].get_array().get(parts) && parts.size() == 0)
            throw FeatureError("empty geometry");
        const std::string json = simdjson::minify(geometry);
        io::GdalErrors quiet;
        std::unique_ptr<OGRGeometry> g(OGRGeometryFactory::createFromGeoJson(json.c_str()));
        if (!g)
            throw FeatureError("invalid GeoJSON geometry: '" + util::excerpt(json) + "'");
        geometry_ = std::move(g);
    }

    // ---- one feature ---------------------------------------------------------------------

    void begin_feature() {
        row_.values.assign(layer_.columns.size(), nullptr);
        filled_.assign(layer_.columns.size(), false);
        row_.blob.clear();
        extra_ = nlohmann::json::object();
        id_.clear();
        id_field_seen_ = false;
        x_.reset();
        y_.reset();
        wkt_.reset();
        point_.reset();
        geometry_.reset();
        scratch_.clear();
        country_name_.clear();
    }

    struct Slot {
        std::string text;
        std::optional<double> number;
        std::string field;
    };

    void apply(const Target &target, std::string_view name, const FieldValue &v) {
        switch (target.kind) {
        case Target::Kind::column:
            if (target.country_name && v.kind == FieldValue::Kind::text)
                country_name_ = v.text;
            if (target.columns) {
                for (const auto c : *target.columns)
                    set_column(c, name, v);
            } else {
                set_column(target.column, name, v);
            }
            return;
        case Target::Kind::extra:
            if (target.country_name && v.kind == FieldValue::Kind::text)
                country_name_ = v.text;
            if (!extra_.emplace(std::string(name), json_value(v)).second)
                keep_repeated(name, v); // a GeoJSON object with a key twice

            return;
        case Target::Kind::extra_members:
            add_extra_members(name, v);
            return;
        case Target::Kind::x:
            x_ = slot(name, v);
            return;
        case Target::Kind::y:
            y_ = slot(name, v);
            return;
        case Target::Kind::wkt:
            wkt_ = slot(name, v);
            return;
        }
    }

    /// depomap's exported `extra` back into `extra`, member by member, so that export and load
    /// make a round trip; an empty one adds nothing, anything but a JSON object is kept as a
    /// value named `extra`.
    void add_extra_members(std::string_view name, const FieldValue &v) {
        if (v.kind == FieldValue::Kind::null || (v.kind == FieldValue::Kind::text && util::trim(v.text).empty()))
            return;
        if (v.kind == FieldValue::Kind::text || v.kind == FieldValue::Kind::json) {
            auto members = nlohmann::json::parse(v.text, nullptr, false);
            if (members.is_object()) {
                for (auto &[key, value] : members.items()) {
                    if (extra_.contains(key))
                        keep_repeated(key, std::move(value));
                    else
                        extra_[key] = std::move(value);
                }
                return;
            }
        }
        apply({Target::Kind::extra}, name, v);
    }

    /// A second value under a name `extra` already holds: kept as NAME_2, NAME_3, ...
    void keep_repeated(std::string_view name, const FieldValue &v) { keep_repeated(name, json_value(v)); }
    void keep_repeated(std::string_view name, nlohmann::json value) {
        std::string renamed;
        for (int n = 2; renamed.empty() || extra_.contains(renamed); ++n)
            renamed = std::string(name) + "_" + std::to_string(n);
        extra_[renamed] = std::move(value);
        if (options_.note && noted_repeats_.emplace(name).second) {
            options_.note(*reading_label_ + ": field '" + util::excerpt(name) + "' appears twice in a feature: the "
                          "second value is kept as '" + util::excerpt(renamed) + "'");
        }
    }

    void set_column(std::size_t c, std::string_view name, const FieldValue &v) {
        if (c == 0)
            id_field_seen_ = true;
        filled_[c] = true;
        row_.values[c] = column_value(layer_.columns[c].type, name, v);
    }

    static Slot slot(std::string_view name, const FieldValue &v) {
        Slot s;
        s.field = name;
        if (v.kind == FieldValue::Kind::integer)
            s.number = static_cast<double>(v.integer);
        else if (v.kind == FieldValue::Kind::unsigned_integer)
            s.number = static_cast<double>(v.unsigned_integer);
        else if (v.kind == FieldValue::Kind::real)
            s.number = v.real;
        else
            s.text = v.text;
        return s;
    }

    static sql::Value column_value(ColumnType type, std::string_view name, const FieldValue &v) {
        using K = FieldValue::Kind;
        if (v.kind == K::null)
            return nullptr;
        if (v.kind == K::unsigned_integer && type != ColumnType::real)
            return std::to_string(v.unsigned_integer); // exact; an integer column keeps the digits
        if (type == ColumnType::text) {
            if (v.kind == K::integer)
                return std::to_string(v.integer);
            if (v.kind == K::real)
                return format_degrees(v.real);
            return std::string(v.text);
        }
        double number = 0;
        if (v.kind == K::integer)
            number = static_cast<double>(v.integer);
        else if (v.kind == K::unsigned_integer)
            number = static_cast<double>(v.unsigned_integer);
        else if (v.kind == K::real)
            number = v.real;
        else if (v.kind == K::json) {
            throw FeatureError("field '" + std::string(name) + "': '" + util::excerpt(v.text) +
                               "' is not a number");
        } else {
            if (util::trim(v.text).empty())
                return nullptr;
            number = parse_number_text(v.text, name);
        }
        if (type == ColumnType::integer) {
            if (v.kind == K::integer)
                return v.integer;
            return static_cast<std::int64_t>(number);
        }
        return number;
    }

    static nlohmann::json json_value(const FieldValue &v) {
        switch (v.kind) {
        case FieldValue::Kind::integer:
            return v.integer;
        case FieldValue::Kind::unsigned_integer:
            return v.unsigned_integer;
        case FieldValue::Kind::real:
            if (!std::isfinite(v.real))
                return format_degrees(v.real);
            return v.real;
        case FieldValue::Kind::text:
            return std::string(v.text);
        case FieldValue::Kind::json: {
            auto parsed = nlohmann::json::parse(v.text, nullptr, false);
            return parsed.is_discarded() ? nlohmann::json(std::string(v.text)) : parsed;
        }
        case FieldValue::Kind::null:
            break;
        }
        return nullptr;
    }

    void finish_feature(Source &s, std::int64_t index) {
        auto &id_value = row_.values[0]; // `id` is every layer's first column
        if (const auto *text = std::get_if<std::string>(&id_value)) {
            id_ = *text;
            if (util::trim(id_).empty())
                throw FeatureError("empty id");
        } else if (std::holds_alternative<std::nullptr_t>(id_value)) {
            // A source without ids gets stable ones from its name; a source whose id is
            // missing for this feature has a bad feature.
            if (id_field_seen_)
                throw FeatureError("empty id");
            id_ = s.id_prefix + "-" + std::to_string(index);
            id_value = id_;
        }
        row_.extra = extra_.empty()
                         ? std::string()
                         : extra_.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        build_geometry(s);
        if (country_column_)
            settle_country(index);
    }

    // ---- countries -----------------------------------------------------------------------

    /// country_iso3 as an ISO 3166-1 alpha-3 code: a country name in it (or, in a source
    /// without a country_iso3 field, in a field named `country`) becomes the name's code; with --assign-country an empty one
    /// is filled from the location, and one the location contradicts is reported (rejected
    /// with --strict-country).
    void settle_country(std::int64_t index) {
        auto &value = row_.values[*country_column_];
        auto *text = std::get_if<std::string>(&value);
        bool given = false;
        if (text && !util::trim(*text).empty()) {
            if (!loading::looks_like_iso3(*text)) {
                const auto code = country_code(*text);
                if (!code)
                    return unknown_country("country_iso3", *text); // kept as given
                *text = *code;
            }
            given = true;
        } else if (!filled_[*country_column_] && !country_name_.empty()) {
            // A source without a country_iso3 field: its `country` names the country.
            if (const auto code = country_code(country_name_)) {
                value = *code;
                given = true;
            } else {
                unknown_country("country", country_name_);
            }
        }
        if (!locator_)
            return;
        const std::string located = layer_.geometry == GeometryType::point
                                        ? locator_->at(row_.box.min_x, row_.box.min_y)
                                        : locator_->at(*geometry_);
        if (located.empty()) {
            ++countries_.nowhere;
            return;
        }
        if (!given) {
            value = located;
            ++countries_.assigned;
            return;
        }
        const auto &code = std::get<std::string>(value);
        if (code == located)
            return;
        const std::string reason = "country_iso3 is " + code + ", but the location lies in " + located +
                                   " (by the store's admin regions)";
        if (options_.strict_country)
            throw FeatureError(reason + "; --strict-country rejects it");
        if (++countries_.contradicted <= CountryReport::shown) {
            countries_.examples.push_back(*reading_label_ + ": feature " + std::to_string(index) +
                                          (id_.empty() ? "" : " (id '" + util::excerpt(id_) + "')") + ": " +
                                          code + ", lies in " + located);
        }
    }

    /// The code a country name or code means, or nothing (cached: a source names few countries).
    std::optional<std::string> country_code(const std::string &text) {
        if (const auto it = country_codes_.find(text); it != country_codes_.end())
            return it->second;
        if (!country_names_)
            country_names_ = std::make_unique<loading::CountryNames>(country_table());
        return country_codes_.emplace(text, country_names_->code(text)).first->second;
    }

    std::filesystem::path country_table() const {
        return options_.country_names.empty() ? atlas_dir() / "country_names.csv"
                                              : std::filesystem::path(options_.country_names);
    }

    void unknown_country(const std::string &field, const std::string &text) {
        if (options_.strict_country) {
            throw FeatureError(field + " '" + util::excerpt(text) + "' is neither an ISO 3166-1 alpha-3 "
                               "code nor a country name of " + country_table().filename().string() +
                               "; --strict-country rejects it");
        }
        auto [it, fresh] = countries_.unknown.try_emplace(field + '\n' + text, 0);
        if (fresh)
            countries_.unknown_order.push_back(it->first);
        ++it->second;
    }

    static std::string count(std::int64_t n, const char *thing) {
        return std::to_string(n) + " " + thing + (n == 1 ? "" : "s");
    }

    /// What happened to countries, said once the features are read: on stderr by the CLI.
    void say_countries() const {
        if (!options_.note)
            return;
        const auto &c = countries_;
        for (std::size_t i = 0; i < c.unknown_order.size() && i < CountryReport::shown; ++i) {
            const auto &key = c.unknown_order[i];
            const auto cut = key.find('\n');
            const std::string field = key.substr(0, cut), text = key.substr(cut + 1);
            const auto n = c.unknown.at(key);
            options_.note(field + " '" + util::excerpt(text) + "' (" + count(n, "feature") + "): not an ISO 3166-1 alpha-3 code or a "
                          "country name of " + country_table().filename().string() +
                          (field == "country" ? "; country_iso3 left empty" : "; kept as given") +
                          " (--strict-country rejects such features)");
        }
        if (c.unknown_order.size() > CountryReport::shown) {
            options_.note("... and " + std::to_string(c.unknown_order.size() - CountryReport::shown) +
                          " more unknown country names");
        }
        if (!locator_)
            return;
        options_.note("--assign-country: country_iso3 filled from the location for " +
                      count(c.assigned, "feature") + "; " + count(c.nowhere, "feature") +
                      " in no country of the store's admin regions (left as they were)");
        if (c.contradicted == 0)
            return;
        std::string list;
        for (const auto &e : c.examples)
            list += "; " + e;
        if (c.contradicted > c.examples.size())
            list += "; ... and " + std::to_string(c.contradicted - c.examples.size()) + " more";
        options_.note("--assign-country: " + count(static_cast<std::int64_t>(c.contradicted), "feature") +
                      " in another country than their country_iso3 (kept as given; --strict-country rejects them)" + list);
    }

    void build_geometry(Source &s) {
        if (layer_.geometry == GeometryType::none)
            return;
        if (options_.x_field) {
            point_from_slots(s);
        } else if (options_.wkt_field) {
            geometry_from_wkt();
        }
        if (point_) {
            // Points from fields or GeoJSON coordinates: no OGR geometry needed.
            auto [x, y] = *point_;
            if (layer_.geometry != GeometryType::point) {
                throw FeatureError("wrong geometry type Point for layer " +
                                   std::string(layer_.name) + " (expects Polygon or MultiPolygon)");
            }
            if (s.transform && !s.transform->Transform(1, &x, &y)) {
                throw FeatureError("cannot transform (" + format_degrees(point_->first) + ", " +
                                   format_degrees(point_->second) + ") to EPSG:4326");
            }
            check_xy(x, y);
            row_.box = {x, y, x, y};
            store::encode_point(row_.blob, x, y, schema::srid);
            return;
        }
        if (!geometry_)
            throw FeatureError("no geometry");
        if (geometry_->IsEmpty())
            throw FeatureError("empty geometry");
        if (s.transform) {
            // A point cannot cross the antimeridian; anything else is cut where it does.
            if (wkbFlatten(geometry_->getGeometryType()) == wkbPoint) {
                if (geometry_->transform(s.transform.get()) != OGRERR_NONE)
                    throw FeatureError("cannot transform the geometry to EPSG:4326");
            } else {
                geometry_ = io::transform_wrapped(*geometry_, *s.transform);
                if (!geometry_)
                    throw FeatureError("cannot transform the geometry to EPSG:4326");
            }
        }
        geometry_ = conform(std::move(geometry_), layer_);
        for_each_point(*geometry_, check_xy);
        if (layer_.geometry == GeometryType::multipolygon)
            check_rings(*geometry_, geos_);
        OGREnvelope env;
        geometry_->getEnvelope(&env);
        row_.box = {env.MinX, env.MinY, env.MaxX, env.MaxY};
        row_.blob = store::encode_geometry(*geometry_, schema::srid);
    }

    void point_from_slots(const Source &s) {
        const auto empty = [](const std::optional<Slot> &slot) {
            return !slot || (!slot->number && util::trim(slot->text).empty());
        };
        if (empty(x_) || empty(y_)) {
            const std::string field = empty(x_) ? *options_.x_field : *options_.y_field;
            throw FeatureError("no coordinates (field '" + field + "' is empty)");
        }
        const auto value = [&](const Slot &slot, geo::Axis axis) {
            if (slot.number)
                return *slot.number;
            if (s.geographic_fields)
                return geo::parse_degrees(slot.text, axis);
            return parse_number_text(slot.text, slot.field);
        };
        const double x = value(*x_, geo::Axis::longitude);
        try {
            point_ = {x, value(*y_, geo::Axis::latitude)};
        } catch (const ParseError &e) {
            // A latitude column holding longitudes: name the likely cause, as check_xy does.
            throw FeatureError(e.what() + swapped_hint(x, *y_, s));
        }
    }

    static std::string swapped_hint(double x, const Slot &y, const Source &s) {
        if (y.number || !s.geographic_fields || std::abs(x) > 90)
            return "";
        try {
            const auto as_x = geo::parse_coordinate(y.text, geo::Axis::unknown);
            if (as_x.axis == geo::Axis::unknown && std::abs(as_x.degrees) > 90)
                return " (longitude and latitude swapped?)";
        } catch (const ParseError &) {
        }
        return "";
    }

    void geometry_from_wkt() {
        const std::string &field = *options_.wkt_field;
        if (!wkt_ || util::trim(wkt_->text).empty()) {
            throw FeatureError("no geometry (field '" + field + "' is empty)");
        }
        OGRGeometry *parsed = nullptr;
        const char *cursor = wkt_->text.c_str();
        if (OGRGeometryFactory::createFromWkt(&cursor, nullptr, &parsed) != OGRERR_NONE ||
            !parsed) {
            throw FeatureError("invalid WKT in field '" + field + "': '" +
                               util::excerpt(wkt_->text) + "'");
        }
        geometry_.reset(parsed);
    }

    Store &store_;
    const LoadOptions &options_;
    const schema::Layer &layer_;
    loading::GeosValidator geos_;
    simdjson::dom::parser parser_;
    loading::Row row_;
    std::vector<char> filled_; ///< per column: a field of this feature has filled it
    std::unordered_set<std::string> noted_repeats_;
    const std::string *reading_label_ = nullptr; ///< the source being read
    nlohmann::json extra_;
    std::string id_;
    bool id_field_seen_ = false;
    std::optional<Slot> x_, y_, wkt_;
    std::optional<std::pair<double, double>> point_;
    std::unique_ptr<OGRGeometry> geometry_;
    std::deque<std::string> scratch_;
    // Countries (on the reading thread).
    std::optional<std::size_t> country_column_; ///< the layer's country_iso3
    std::string country_name_;                  ///< this feature's `country` field
    std::unique_ptr<loading::CountryNames> country_names_;
    std::unordered_map<std::string, std::optional<std::string>> country_codes_;
    std::unique_ptr<loading::CountryLocator> locator_;
    struct CountryReport {
        static constexpr std::size_t shown = 5;
        std::unordered_map<std::string, std::int64_t> unknown; ///< "field\ntext" -> features
        std::vector<std::string> unknown_order;
        std::int64_t assigned = 0, nowhere = 0;
        std::size_t contradicted = 0;
        std::vector<std::string> examples;
    } countries_;
    std::vector<std::unique_ptr<io::CsvCopy>> copies_; ///< CSVs read through a requoted copy
    LoadReport report_;
    /// Where inserted rows came from, while ids are checked only at the end: runs of
    /// consecutive rowids from one source, so the memory does not grow with the features.
    struct Run {
        std::int64_t first_rowid;
        std::size_t source;
        std::int64_t first_ordinal; ///< how many rows of the source were inserted before it
    };
    std::vector<Run> runs_;
    std::vector<std::size_t> reject_sources_; ///< the source of each of report_.rejects
    std::int64_t last_rowid_ = 0;
    std::int64_t inserted_from_source_ = 0;
    std::size_t source_number_ = 0; ///< the source being read
    util::Handoff<Batch> *handoff_ = nullptr;
    Batch *batch_ = nullptr; ///< the batch being filled, on the reading thread
    // The inserting thread's own: merged into report_ once the reading thread has ended.
    std::int64_t inserted_ = 0;
    std::vector<std::pair<Reject, std::size_t>> insert_rejects_; ///< with their source

    void note_origin(std::int64_t rowid, std::size_t source) {
        if (runs_.empty() || runs_.back().source != source || rowid != last_rowid_ + 1) {
            if (runs_.empty() || runs_.back().source != source)
                inserted_from_source_ = 0;
            runs_.push_back({rowid, source, inserted_from_source_});
        }
        last_rowid_ = rowid;
        ++inserted_from_source_;
    }
};

} // namespace

std::pair<std::string, std::string> parse_field_mapping(const std::string &text) {
    const std::string_view whole = text;
    const auto eq = whole.find('=');
    // Both names are checked once trimmed: " =x" names no column. The text is quoted as an
    // excerpt so that the message stays on one line whatever the argument holds.
    const auto dst = eq == std::string_view::npos ? std::string_view() : util::trim(whole.substr(0, eq));
    const auto src = eq == std::string_view::npos ? std::string_view() : util::trim(whole.substr(eq + 1));
    if (dst.empty() || src.empty()) {
        throw UsageError("--map '" + util::excerpt(text) +
                         "': expected DST=SRC (a column of the layer = a source field)");
    }
    return {std::string(dst), std::string(src)};
}

LoadReport load(Store &store, const std::vector<std::string> &sources, const LoadOptions &options) {
    const auto *layer = schema::find_layer(options.layer);
    if (!layer) throw no_such_layer("layer", options.layer, schema::layer_names());
    if (sources.empty())
        throw UsageError("no source to load");
    if (options.x_field.has_value() != options.y_field.has_value()) {
        throw UsageError("--x-field and --y-field go together");
    }
    if (options.x_field && options.wkt_field) {
        throw UsageError("--x-field/--y-field and --wkt-field exclude each other");
    }
    if (options.assign_country &&
        (!schema::find_column(*layer, "country_iso3") || layer->geometry == GeometryType::none)) {
        throw UsageError("--assign-country: layer " + options.layer +
                         " has no country_iso3 to fill from a location");
    }
    if (options.x_field && layer->geometry != GeometryType::point) {
        throw UsageError("--x-field/--y-field make points; layer " + options.layer +
                         " holds polygons");
    }
    for (const auto &[dst, src] : options.field_map) {
        if (!schema::find_column(*layer, dst)) {
            std::string names;
            for (const auto &c : layer->columns)
                names += (names.empty() ? "" : ", ") + std::string(c.name);
            throw UsageError("--map " + dst + "=" + src + ": layer " + options.layer +
                             " has no column '" + dst + "' (columns: " + names + ")");
        }
    }
    Loader loader(store, options);
    return loader.run(sources);
}

void write_rejects_csv(std::ostream &out, const std::vector<Reject> &rejects) {
    out << "source,index,id,reason\n";
    for (const auto &r : rejects) {
        out << util::csv_quote(r.source) << ',' << r.index << ',' << util::csv_quote(r.id) << ','
            << util::csv_quote(r.reason) << '\n';
    }
}

void write_rejects_csv(const std::string &path, const std::vector<Reject> &rejects) {
    output::StagedFile file(path, output::Rules{true, nullptr});
    write_rejects_csv(file.stream(), rejects);
    file.commit();
}

} // namespace depomap
