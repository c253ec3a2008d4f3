#include "depomap/load.hpp"

#include "depomap/dms.hpp"
#include "depomap/error.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"
#include "io/gdal.hpp"
#include "load/geos.hpp"
#include "load/layer_writer.hpp"
#include "store/geometry_blob.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <unordered_set>

namespace depomap {
namespace {

using schema::ColumnType;
using schema::GeometryType;

/// A feature that cannot be loaded; the message is the reason only, the caller adds where.
struct FeatureError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

/// How the fields of one source layer land in the store's columns.
struct FieldPlan {
    std::vector<int> column_source; ///< per schema column: source field index, or -1
    std::vector<int> extra_fields;  ///< source fields without a column: kept in `extra`
    int x = -1, y = -1, wkt = -1;
};

int field_index(OGRFeatureDefn &defn, const std::string &name, const std::string &source,
                const char *option) {
    const int index = defn.GetFieldIndex(name.c_str());
    if (index < 0) {
        std::string known;
        for (int i = 0; i < defn.GetFieldCount() && i < 30; ++i) {
            known += (i ? ", " : "") + std::string(defn.GetFieldDefn(i)->GetNameRef());
        }
        throw Error(source + ": " + option + " '" + name + "': no such field (fields: " + known +
                    ")");
    }
    return index;
}

FieldPlan plan_fields(OGRFeatureDefn &defn, const schema::Layer &layer, const LoadOptions &options,
                      const std::string &source) {
    FieldPlan plan;
    plan.column_source.assign(layer.columns.size(), -1);
    std::vector<bool> taken(static_cast<std::size_t>(defn.GetFieldCount()), false);
    if (options.x_field) plan.x = field_index(defn, *options.x_field, source, "--x-field");
    if (options.y_field) plan.y = field_index(defn, *options.y_field, source, "--y-field");
    if (options.wkt_field) plan.wkt = field_index(defn, *options.wkt_field, source, "--wkt-field");
    for (int f : {plan.x, plan.y, plan.wkt}) {
        if (f >= 0) taken[static_cast<std::size_t>(f)] = true;
    }
    std::vector<bool> column_mapped(layer.columns.size(), false);
    for (const auto &[dst, src] : options.field_map) {
        const auto *column = schema::find_column(layer, dst);
        const auto c = static_cast<std::size_t>(column - layer.columns.data());
        const int f = field_index(defn, src, source, "--map");
        plan.column_source[c] = f;
        column_mapped[c] = true;
        taken[static_cast<std::size_t>(f)] = true;
    }
    // Fields named like a column land in it, unless --map already filled that column.
    for (int f = 0; f < defn.GetFieldCount(); ++f) {
        if (taken[static_cast<std::size_t>(f)]) continue;
        const auto *column = schema::find_column(layer, defn.GetFieldDefn(f)->GetNameRef());
        if (column) {
            const auto c = static_cast<std::size_t>(column - layer.columns.data());
            if (!column_mapped[c]) {
                plan.column_source[c] = f;
                column_mapped[c] = true;
                continue;
            }
        }
        plan.extra_fields.push_back(f);
    }
    return plan;
}

void check_utf8(std::string_view text, const char *field) {
    if (!util::is_valid_utf8(text)) {
        throw FeatureError(std::string("invalid UTF-8 in field '") + field + "'");
    }
}

/// The value of field `f` converted for a column of type `type`.
sql::Value column_value(OGRFeature &feature, int f, ColumnType type) {
    if (!feature.IsFieldSetAndNotNull(f)) return nullptr;
    const auto *defn = feature.GetFieldDefnRef(f);
    const auto field_type = defn->GetType();
    switch (type) {
    case ColumnType::text: {
        std::string text = feature.GetFieldAsString(f);
        check_utf8(text, defn->GetNameRef());
        return text;
    }
    case ColumnType::integer:
    case ColumnType::real: {
        if (field_type == OFTInteger || field_type == OFTInteger64) {
            const auto v = feature.GetFieldAsInteger64(f);
            if (type == ColumnType::integer) return static_cast<std::int64_t>(v);
            return static_cast<double>(v);
        }
        if (field_type == OFTReal) return feature.GetFieldAsDouble(f);
        const std::string_view text = util::trim(feature.GetFieldAsString(f));
        if (text.empty()) return nullptr;
        double value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
            throw FeatureError("field '" + std::string(defn->GetNameRef()) + "': '" +
                               util::excerpt(text) + "' is not a number");
        }
        if (type == ColumnType::integer) return static_cast<std::int64_t>(value);
        return value;
    }
    }
    return nullptr;
}

nlohmann::json json_value(OGRFeature &feature, int f) {
    if (!feature.IsFieldSetAndNotNull(f)) return nullptr;
    const auto *defn = feature.GetFieldDefnRef(f);
    switch (defn->GetType()) {
    case OFTInteger:
    case OFTInteger64:
        return feature.GetFieldAsInteger64(f);
    case OFTReal: {
        const double v = feature.GetFieldAsDouble(f);
        if (!std::isfinite(v)) return std::to_string(v);
        return v;
    }
    default: {
        std::string text = feature.GetFieldAsString(f);
        check_utf8(text, defn->GetNameRef());
        return text;
    }
    }
}

template <typename Fn> void for_each_point(const OGRGeometry &g, Fn &&fn) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint: {
        const auto &p = *g.toPoint();
        if (!p.IsEmpty()) fn(p.getX(), p.getY());
        return;
    }
    case wkbLineString:
    case wkbLinearRing: {
        const auto &line = *g.toSimpleCurve();
        for (int i = 0; i < line.getNumPoints(); ++i) fn(line.getX(i), line.getY(i));
        return;
    }
    case wkbPolygon:
        for (const auto *ring : *g.toPolygon()) for_each_point(*ring, fn);
        return;
    default:
        if (OGR_GT_IsSubClassOf(g.getGeometryType(), wkbGeometryCollection)) {
            for (const auto *part : *g.toGeometryCollection()) for_each_point(*part, fn);
        }
        return;
    }
}

std::string format_degrees(double v) {
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, end);
}

void check_coordinates(const OGRGeometry &g) {
    for_each_point(g, [](double x, double y) {
        if (!std::isfinite(x) || !std::isfinite(y)) {
            throw FeatureError("non-finite coordinate (" + format_degrees(x) + ", " +
                               format_degrees(y) + ")");
        }
        if (y < -90 || y > 90) {
            std::string reason = "latitude " + format_degrees(y) + " out of range [-90, 90]";
            if (std::abs(x) <= 90 && std::abs(y) <= 180) {
                reason += " (longitude and latitude swapped?)";
            }
            throw FeatureError(reason);
        }
        if (x < -180 || x > 180) {
            throw FeatureError("longitude " + format_degrees(x) + " out of range [-180, 180]");
        }
    });
}

/// Makes `g` the geometry type `layer` stores, or says why it cannot be.
std::unique_ptr<OGRGeometry> conform(std::unique_ptr<OGRGeometry> g, const schema::Layer &layer) {
    if (g->Is3D() || g->IsMeasured()) g->flattenTo2D();
    const auto type = wkbFlatten(g->getGeometryType());
    if (layer.geometry == GeometryType::point) {
        if (type == wkbPoint) return g;
        if (type == wkbMultiPoint && g->toMultiPoint()->getNumGeometries() == 1) {
            return std::unique_ptr<OGRGeometry>(g->toMultiPoint()->getGeometryRef(0)->clone());
        }
    } else if (layer.geometry == GeometryType::multipolygon) {
        if (type == wkbMultiPolygon) return g;
        if (type == wkbPolygon) {
            return std::unique_ptr<OGRGeometry>(OGRGeometryFactory::forceToMultiPolygon(g.release()));
        }
    }
    const char *multi_hint = type == wkbMultiPoint ? " with several points" : "";
    throw FeatureError(std::string("wrong geometry type ") + OGRGeometryTypeToName(type) +
                       multi_hint + " for layer " + std::string(layer.name) + " (expects " +
                       (layer.geometry == GeometryType::point ? "Point" : "Polygon or MultiPolygon") +
                       ")");
}

void check_rings(const OGRGeometry &g, loading::GeosValidator &geos) {
    const auto &multi = *g.toMultiPolygon();
    for (const auto *polygon : multi) {
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
    if (auto reason = geos.invalid_reason(g)) throw FeatureError("invalid polygon: " + *reason);
}

/// Everything needed to read one source layer.
struct SourceLayer {
    std::string label; ///< file, plus the layer name when the source has several
    std::string id_prefix;
    OGRLayer *layer;
    FieldPlan plan;
    io::TransformPtr transform;
};

class Loader {
  public:
    Loader(Store &store, const LoadOptions &options)
        : store_(store), options_(options), layer_(*schema::find_layer(options.layer)),
          id_column_(0) {}

    LoadReport run(const std::vector<std::string> &sources) {
        // Open everything first: a missing file or field fails before anything is written.
        std::vector<GDALDatasetUniquePtr> datasets;
        std::vector<SourceLayer> layers;
        for (const auto &path : sources) {
            datasets.push_back(io::open_vector(path, open_options(path)));
            add_layers(path, *datasets.back(), layers);
        }
        std::int64_t total = 0;
        for (auto &sl : layers) total += std::max<GIntBig>(0, sl.layer->GetFeatureCount(FALSE));

        sql::Transaction tx(store_.db());
        loading::LayerWriter writer(store_.db(), layer_);
        for (auto &sl : layers) read_layer(sl, writer, total);
        writer.finish();
        tx.commit();
        return std::move(report_);
    }

  private:
    std::vector<std::string> open_options(const std::string &path) const {
        std::vector<std::string> opts;
        const bool csv_geometry = options_.x_field || options_.wkt_field;
        if (csv_geometry && util::ends_with_icase(path, ".csv")) {
            // Keep every CSV cell as text: coordinates are ours to parse (DMS), numbers to check.
            opts.emplace_back("AUTODETECT_TYPE=NO");
            opts.emplace_back("KEEP_GEOM_COLUMNS=YES");
        }
        return opts;
    }

    void add_layers(const std::string &path, GDALDataset &ds, std::vector<SourceLayer> &out) {
        const int count = ds.GetLayerCount();
        if (count == 0) throw Error(path + ": no vector layer");
        const std::string stem = std::filesystem::path(path).stem().string();
        std::optional<OGRSpatialReference> forced;
        if (options_.source_srs) forced = io::parse_crs(*options_.source_srs);
        for (int i = 0; i < count; ++i) {
            OGRLayer *layer = ds.GetLayer(i);
            SourceLayer sl;
            sl.label = count > 1 ? path + " (layer " + layer->GetName() + ")" : path;
            sl.id_prefix = count > 1 ? stem + "-" + layer->GetName() : stem;
            sl.layer = layer;
            sl.plan = plan_fields(*layer->GetLayerDefn(), layer_, options_, sl.label);
            const OGRSpatialReference *srs = forced ? &*forced : nullptr;
            const bool fields_geometry = options_.x_field || options_.wkt_field;
            if (!srs && !fields_geometry) srs = layer->GetSpatialRef();
            if (srs) sl.transform = io::make_transform(*srs, io::wgs84());
            out.push_back(std::move(sl));
        }
    }

    void read_layer(SourceLayer &sl, loading::LayerWriter &writer, std::int64_t total) {
        sl.layer->ResetReading();
        std::int64_t index = 0;
        io::GdalErrors gdal_errors;
        for (;;) {
            gdal_errors.clear();
            OGRFeatureUniquePtr feature(sl.layer->GetNextFeature());
            if (!feature) {
                const auto error = gdal_errors.last_error();
                if (!error.empty()) {
                    throw Error(sl.label + ": read failed after feature " +
                                std::to_string(index) + ": " + error);
                }
                break;
            }
            ++index;
            ++report_.read;
            current_id_.clear();
            try {
                build_row(sl, *feature, index);
                const std::string &id = current_id_;
                if (writer.insert(row_) == loading::LayerWriter::Outcome::duplicate) {
                    throw FeatureError("duplicate id '" + util::excerpt(id) + "'");
                }
                ++report_.inserted;
            } catch (const FeatureError &e) {
                reject(sl, index, current_id_, e.what());
            } catch (const ParseError &e) {
                reject(sl, index, current_id_, e.what());
            }
            if (options_.progress && total > 0 && (report_.read & 0x3ff) == 0) {
                options_.progress(std::min(1.0, static_cast<double>(report_.read) / total));
            }
        }
    }

    void reject(const SourceLayer &sl, std::int64_t index, const std::string &id,
                const std::string &reason) {
        if (!options_.skip_invalid) {
            std::string where = sl.label + ": feature " + std::to_string(index);
            if (!id.empty()) where += " (id '" + util::excerpt(id) + "')";
            throw Error(where + ": " + reason);
        }
        report_.rejects.push_back({sl.label, index, id, reason});
    }

    /// Fills row_ and current_id_ from the feature.
    void build_row(SourceLayer &sl, OGRFeature &feature, std::int64_t index) {
        const auto &plan = sl.plan;
        row_.values.resize(layer_.columns.size());
        for (std::size_t c = 0; c < layer_.columns.size(); ++c) {
            const int f = plan.column_source[c];
            row_.values[c] = f < 0 ? sql::Value(nullptr)
                                   : column_value(feature, f, layer_.columns[c].type);
        }
        if (plan.column_source[id_column_] >= 0) {
            auto *text = std::get_if<std::string>(&row_.values[id_column_]);
            if (!text || util::trim(*text).empty()) throw FeatureError("empty id");
            current_id_ = *text;
        } else {
            current_id_ = sl.id_prefix + "-" + std::to_string(index);
            row_.values[id_column_] = current_id_;
        }
        row_.extra.clear();
        if (!plan.extra_fields.empty()) {
            nlohmann::json extra = nlohmann::json::object();
            for (int f : plan.extra_fields) {
                extra[feature.GetFieldDefnRef(f)->GetNameRef()] = json_value(feature, f);
            }
            row_.extra = extra.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        build_geometry(sl, feature);
    }

    void build_geometry(SourceLayer &sl, OGRFeature &feature) {
        row_.blob.clear();
        if (layer_.geometry == GeometryType::none) return;
        const auto &plan = sl.plan;
        if (plan.x >= 0 && plan.y >= 0) {
            point_from_fields(sl, feature);
            return;
        }
        std::unique_ptr<OGRGeometry> g;
        if (plan.wkt >= 0) {
            const char *name = feature.GetFieldDefnRef(plan.wkt)->GetNameRef();
            const std::string_view wkt =
                feature.IsFieldSetAndNotNull(plan.wkt) ? feature.GetFieldAsString(plan.wkt) : "";
            if (util::trim(wkt).empty()) {
                throw FeatureError(std::string("no geometry (field '") + name + "' is empty)");
            }
            OGRGeometry *parsed = nullptr;
            const char *cursor = wkt.data();
            if (OGRGeometryFactory::createFromWkt(&cursor, nullptr, &parsed) != OGRERR_NONE ||
                !parsed) {
                throw FeatureError(std::string("invalid WKT in field '") + name + "': '" +
                                   util::excerpt(wkt) + "'");
            }
            g.reset(parsed);
        } else {
            OGRGeometry *own = feature.StealGeometry();
            if (!own) throw FeatureError("no geometry");
            g.reset(own);
        }
        if (g->IsEmpty()) throw FeatureError("empty geometry");
        if (sl.transform) {
            if (g->transform(sl.transform.get()) != OGRERR_NONE) {
                throw FeatureError("cannot transform the geometry to EPSG:4326");
            }
        }
        g = conform(std::move(g), layer_);
        check_coordinates(*g);
        if (layer_.geometry == GeometryType::multipolygon) check_rings(*g, geos_);
        OGREnvelope env;
        g->getEnvelope(&env);
        row_.box = {env.MinX, env.MinY, env.MaxX, env.MaxY};
        row_.blob = store::encode_geometry(*g, schema::srid);
    }

    void point_from_fields(SourceLayer &sl, OGRFeature &feature) {
        const auto &plan = sl.plan;
        const auto text = [&](int f) -> std::string_view {
            return feature.IsFieldSetAndNotNull(f) ? feature.GetFieldAsString(f) : "";
        };
        const std::string_view xs = text(plan.x), ys = text(plan.y);
        if (util::trim(xs).empty() || util::trim(ys).empty()) {
            throw FeatureError("no coordinates (field '" +
                               std::string(feature.GetFieldDefnRef(
                                   util::trim(xs).empty() ? plan.x : plan.y)->GetNameRef()) +
                               "' is empty)");
        }
        const bool geographic = !sl.transform;
        double x = 0, y = 0;
        if (geographic) {
            x = geo::parse_degrees(xs, geo::Axis::longitude);
            y = geo::parse_degrees(ys, geo::Axis::latitude);
        } else {
            x = parse_number(xs, plan.x, feature);
            y = parse_number(ys, plan.y, feature);
            if (!sl.transform->Transform(1, &x, &y)) {
                throw FeatureError("cannot transform (" + std::string(xs) + ", " +
                                   std::string(ys) + ") to EPSG:4326");
            }
        }
        OGRPoint point(x, y);
        check_coordinates(point);
        row_.box = {x, y, x, y};
        store::encode_point(row_.blob, x, y, schema::srid);
    }

    static double parse_number(std::string_view text, int f, OGRFeature &feature) {
        text = util::trim(text);
        double value = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
        if (ec != std::errc() || end != text.data() + text.size()) {
            throw FeatureError("field '" + std::string(feature.GetFieldDefnRef(f)->GetNameRef()) +
                               "': '" + util::excerpt(text) + "' is not a number");
        }
        return value;
    }

    Store &store_;
    const LoadOptions &options_;
    const schema::Layer &layer_;
    std::size_t id_column_;
    loading::GeosValidator geos_;
    loading::Row row_;
    std::string current_id_;
    LoadReport report_;
};

} // namespace

std::pair<std::string, std::string> parse_field_mapping(const std::string &text) {
    const auto eq = text.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == text.size()) {
        throw UsageError("--map '" + text + "': expected DST=SRC (a column of the layer = a source field)");
    }
    return {std::string(util::trim(text.substr(0, eq))), std::string(util::trim(text.substr(eq + 1)))};
}

LoadReport load(Store &store, const std::vector<std::string> &sources, const LoadOptions &options) {
    const auto *layer = schema::find_layer(options.layer);
    if (!layer) {
        std::string names;
        for (const auto &l : schema::layers()) names += (names.empty() ? "" : ", ") + std::string(l.name);
        throw UsageError("--layer '" + options.layer + "': no such layer (layers: " + names + ")");
    }
    if (sources.empty()) throw UsageError("no source to load");
    if (options.x_field.has_value() != options.y_field.has_value()) {
        throw UsageError("--x-field and --y-field go together");
    }
    if (options.x_field && options.wkt_field) {
        throw UsageError("--x-field/--y-field and --wkt-field exclude each other");
    }
    if (options.x_field && layer->geometry != GeometryType::point) {
        throw UsageError("--x-field/--y-field make points; layer " + options.layer +
                         " holds polygons");
    }
    for (const auto &[dst, src] : options.field_map) {
        if (!schema::find_column(*layer, dst)) {
            std::string names;
            for (const auto &c : layer->columns) names += (names.empty() ? "" : ", ") + std::string(c.name);
            throw UsageError("--map " + dst + "=" + src + ": layer " + options.layer +
                             " has no column '" + dst + "' (columns: " + names + ")");
        }
    }
    Loader loader(store, options);
    return loader.run(sources);
}

void write_rejects_csv(const std::string &path, const std::vector<Reject> &rejects) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw Error(path + ": cannot write the rejects file");
    out << "source,index,id,reason\n";
    for (const auto &r : rejects) {
        out << util::csv_quote(r.source) << ',' << r.index << ',' << util::csv_quote(r.id) << ','
            << util::csv_quote(r.reason) << '\n';
    }
    out.close();
    if (!out) throw Error(path + ": writing the rejects file failed");
}

} // namespace depomap
