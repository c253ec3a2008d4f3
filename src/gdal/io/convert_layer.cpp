// One layer of a convert source written into one output file (see convert_layer.hpp).
#include "gdal/io/convert_layer.hpp"

#include "depomap/atlas.hpp"
#include "depomap/dms.hpp"
#include "depomap/error.hpp"
#include "depomap/schema.hpp"
#include "gdal/io/degrees.hpp"
#include "gdal/io/gdal.hpp"
#include "gdal/io/layer_styles.hpp"
#include "gdal/io/output_fit.hpp"
#include "gdal/io/sink.hpp"
#include "gdal/io/source_check.hpp"
#include "gdal/load/geos.hpp"
#include "output/field_names.hpp"
#include "gdal/output/gdal_layer_writer.hpp"
#include "gdal/output/geojson_writer.hpp"
#include "gdal/output/kml_writer.hpp"
#include "gdal/output/shapefile_plan.hpp"
#include "util/text.hpp"

#include <cpl_string.h>
#include <ogr_geometry.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <optional>
#include <set>
#include <span>

namespace depomap::convert_detail {
namespace {

namespace fs = std::filesystem;

std::string crs_name(const OGRSpatialReference &srs) {
    const char *auth = srs.GetAuthorityName(nullptr);
    const char *code = srs.GetAuthorityCode(nullptr);
    if (auth && code) return std::string(auth) + ":" + code;
    return srs.GetName() ? srs.GetName() : "the CRS";
}

double parse_number(std::string_view text, const std::string &field) {
    const auto v = geo::parse_number(text);
    if (!v) throw Error("field '" + field + "': '" + util::excerpt(util::trim(text)) + "' is not a number");
    return *v;
}

bool all_finite(const OGRGeometry &g) {
    OGREnvelope env;
    g.getEnvelope(&env);
    return std::isfinite(env.MinX) && std::isfinite(env.MinY) && std::isfinite(env.MaxX) && std::isfinite(env.MaxY);
}

/// Keeps the parts of `g` of dimension `dimension` (a repair may leave lines beside polygons).
void add_parts(OGRGeometryCollection &out, const OGRGeometry *part, int dimension) {
    if (OGR_GT_IsSubClassOf(wkbFlatten(part->getGeometryType()), wkbGeometryCollection)) {
        for (const auto *p : *part->toGeometryCollection()) add_parts(out, p, dimension);
    } else if (part->getDimension() == dimension && !part->IsEmpty()) {
        out.addGeometry(part);
    }
}

std::unique_ptr<OGRGeometry> keep_dimension(std::unique_ptr<OGRGeometry> g, int dimension) {
    if (!g || wkbFlatten(g->getGeometryType()) != wkbGeometryCollection) return g;
    std::unique_ptr<OGRGeometryCollection> out;
    if (dimension == 2) out = std::make_unique<OGRMultiPolygon>();
    else if (dimension == 1) out = std::make_unique<OGRMultiLineString>();
    else out = std::make_unique<OGRMultiPoint>();
    add_parts(*out, g.get(), dimension);
    return out;
}

/// A date, time or date-time field as ISO 8601 text (GDAL's own text is "YYYY/MM/DD HH:MM:SS").
std::string iso_8601(OGRFeature &feature, int i, OGRFieldType type) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
    float sec = 0;
    feature.GetFieldAsDateTime(i, &y, &mo, &d, &h, &mi, &sec, &tz);
    char date[32], time[48];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", y, mo, d);
    if (sec == std::floor(sec)) std::snprintf(time, sizeof time, "%02d:%02d:%02d", h, mi, static_cast<int>(sec));
    else std::snprintf(time, sizeof time, "%02d:%02d:%06.3f", h, mi, static_cast<double>(sec));
    if (type == OFTDate) return date;
    if (type == OFTTime) return time;
    std::string text = std::string(date) + "T" + time;
    if (tz == 100) {
        text += 'Z';
    } else if (tz > 1) { // 100 is UTC; each step from it is 15 minutes
        const int minutes = std::abs(tz - 100) * 15;
        char offset[16];
        std::snprintf(offset, sizeof offset, "%c%02d:%02d", tz > 100 ? '+' : '-', minutes / 60, minutes % 60);
        text += offset;
    }
    return text;
}

/// A KML output: the streaming writer (output/kml_writer.hpp) over the staged file, fed the
/// source's features. A text field called `name` (any case) is the <name>, one called
/// `description` the <description>, as GDAL's LIBKML driver names them; every other field a
/// SimpleData of its type.
class KmlOutput {
  public:
    explicit KmlOutput(const fs::path &staged)
        : path_(staged.string()), file_(staged, std::ios::binary | std::ios::trunc), writer_(file_, path_) {
        if (!file_) throw Error(path_ + ": cannot write here");
    }

    /// `map`: the source fields written (>= 0), as planned for the other formats; `names`: the
    /// name each written field gets (repeated names made unique), by its output index.
    void begin(const std::string &layer, OGRFeatureDefn &defn, const std::vector<int> &map,
               const std::vector<std::pair<std::string, std::string>> &names) {
        output::KmlLayer kml{layer, {}, {}, {}};
        for (int i = 0; i < defn.GetFieldCount(); ++i) {
            if (map[static_cast<std::size_t>(i)] < 0) continue;
            const OGRFieldDefn &f = *defn.GetFieldDefn(i);
            const std::string name = names[static_cast<std::size_t>(map[static_cast<std::size_t>(i)])].second;
            const bool text = f.GetType() == OFTString;
            if (text && name_ < 0 && util::to_lower(name) == "name") {
                name_ = i;
                kml.name_field = name;
                continue;
            }
            if (text && description_ < 0 && util::to_lower(name) == "description") {
                description_ = i;
                kml.description_field = name;
                continue;
            }
            auto type = output::KmlType::string;
            if (f.GetType() == OFTInteger) {
                type = f.GetSubType() == OFSTBoolean ? output::KmlType::boolean : output::KmlType::integer;
            } else if (f.GetType() == OFTInteger64) {
                type = output::KmlType::integer64;
            } else if (f.GetType() == OFTReal) {
                type = output::KmlType::real;
            }
            kml.fields.push_back({name, type});
            fields_.emplace_back(i, f.GetType());
        }
        writer_.begin(std::span(&kml, 1));
        writer_.begin_folder(0);
    }

    void placemark(OGRFeature &in, const OGRGeometry *geometry) {
        writer_.begin_placemark(text(in, name_), text(in, description_));
        for (std::size_t k = 0; k < fields_.size(); ++k) {
            const auto [i, type] = fields_[k];
            if (!in.IsFieldSetAndNotNull(i)) continue;
            switch (type) {
            case OFTInteger:
            case OFTInteger64: writer_.integer(k, in.GetFieldAsInteger64(i)); break;
            case OFTReal: writer_.real(k, in.GetFieldAsDouble(i)); break;
            case OFTDate:
            case OFTTime:
            case OFTDateTime: writer_.text(k, iso_8601(in, i, type)); break;
            default: writer_.text(k, in.GetFieldAsString(i));
            }
        }
        writer_.end_placemark(geometry);
    }

    void finish() {
        writer_.end_folder();
        writer_.finish();
        file_.close();
        if (!file_) throw Error(path_ + ": writing failed (disk full?)");
    }

  private:
    static std::optional<std::string_view> text(OGRFeature &in, int i) {
        if (i < 0 || !in.IsFieldSetAndNotNull(i)) return std::nullopt;
        return std::string_view(in.GetFieldAsString(i));
    }

    std::string path_;
    std::ofstream file_;
    output::KmlWriter writer_;
    std::vector<std::pair<int, OGRFieldType>> fields_; ///< per SimpleField: source field, type
    int name_ = -1, description_ = -1;
};

class LayerConverter {
  public:
    explicit LayerConverter(const LayerJob &job) : options_(job.options), format_(job.format), stop_(job.stop) {}

    LayerResult write(const std::string &label, GDALDataset &source, LayerOutput &out, bool fields_geometry) {
        Layer layer(label, out);
        choose_crs(layer, source, fields_geometry);
        choose_type(layer, fields_geometry);
        // The filter first: a Shapefile's fields and geometry type come from the features it
        // will hold.
        filter(layer);
        layer.shapefile = output::is_shapefile(format_);
        if (layer.shapefile) survey(layer, fields_geometry);
        create_output(layer);
        plan_layer(layer, fields_geometry);
        copy_features(layer, source);
        finish(layer);
        return std::move(layer.result);
    }

  private:
    struct FieldPlan {
        std::vector<int> map;        ///< source field -> output field (-1: not written)
        std::vector<int> dbf_checks; ///< Shapefile: output text fields whose length is checked
        std::vector<std::pair<std::string, std::string>> renames; ///< full -> DBF name
        std::vector<output::PlannedField> dbf; ///< Shapefile: the DBF fields, for the field map
        int x = -1, y = -1, wkt = -1;
        std::vector<std::string> notes; ///< fields written under another name, and why
    };

    /// What the steps of one layer's writing share, in the order they fill it.
    struct Layer {
        Layer(const std::string &label_, LayerOutput &out_)
            : label(label_), out(out_), src(*out_.layer), defn(*out_.layer->GetLayerDefn()) {}

        const std::string &label;
        LayerOutput &out;
        OGRLayer &src;
        OGRFeatureDefn &defn;
        io::GdalErrors errors;
        // choose_crs
        OGRSpatialReference target;
        bool target_is_4326 = false;
        std::optional<OGRSpatialReference> source_srs;
        io::TransformPtr transform;
        bool geographic_fields = true;  ///< CSV coordinates are degrees (else plain numbers)
        bool geographic_source = false; ///< the source's coordinates are range-checked as degrees
        // choose_type, survey
        OGRwkbGeometryType type = wkbNone;
        std::optional<output::ShapefileSizing> sizing; ///< a Shapefile's sizing pass (its reals)
        // create_output
        bool shapefile = false, kml = false;
        bool rfc7946 = false; ///< GeoJSON in EPSG:4326: geometries made RFC 7946 by depomap
        bool cut = false;     ///< KML: geometries cut at ±180° for viewers
        std::optional<output::GdalLayerWriter> writer; ///< every format but KML and streamed GeoJSON
        /// GeoJSON in EPSG:4326 whose fields are text, integers, booleans and reals: the streaming
        /// writer, and the field definitions in a GDAL memory layer that is never written to.
        std::optional<output::GeoJsonWriter> geojson;
        GDALDatasetUniquePtr scratch;
        OGRLayer *dst = nullptr;
        std::optional<KmlOutput> kml_out;
        // plan
        FieldPlan plan;
        std::vector<int> json_fields; ///< GeoJSON output fields holding JSON
        LayerResult result;

        std::string where(std::int64_t n) const { return label + ": feature " + std::to_string(n); }
    };

    /// The CRSs, parsed per source (OGRSpatialReference is not shared across threads): the
    /// target, and the source's by load's rule (ConvertOptions::source_srs; CSV coordinates are degrees; a layer
    /// without a CRS is EPSG:4326 when its extent is degrees, said in a note, else refused).
    void choose_crs(Layer &layer, GDALDataset &source, bool fields_geometry) const {
        layer.target = options_.target_srs ? io::parse_crs(*options_.target_srs) : epsg4326();
        layer.target_is_4326 = same_crs(layer.target, epsg4326());
        auto &source_srs = layer.source_srs;
        if (options_.source_srs) {
            source_srs = io::parse_crs(*options_.source_srs);
        } else if (fields_geometry) {
            source_srs = epsg4326();
        } else if (layer.out.spatial) {
            std::string note;
            source_srs = io::source_crs(layer.label, source, layer.src, note);
            const std::string prefix = layer.label + ": ";
            if (!note.empty()) layer.result.notes.push_back(note.starts_with(prefix) ? note.substr(prefix.size()) : note);
        }
        if (layer.out.spatial && source_srs && !same_crs(*source_srs, layer.target)) {
            layer.transform.reset(OGRCreateCoordinateTransformation(&*source_srs, &layer.target));
            if (!layer.transform) {
                throw Error(layer.label + ": cannot transform from " + crs_name(*source_srs) + " to " +
                            crs_name(layer.target) + ": " + layer.errors.reason());
            }
        }
        layer.geographic_fields = !source_srs || source_srs->IsGeographic();
        layer.geographic_source = source_srs && source_srs->IsGeographic();
    }

    /// The output layer's geometry type, before a Shapefile's survey.
    void choose_type(Layer &layer, bool fields_geometry) const {
        if (!layer.out.spatial) return;
        if (options_.x_field && fields_geometry) layer.type = wkbPoint;
        else if (options_.wkt_field && fields_geometry) layer.type = wkbUnknown;
        else layer.type = layer.src.GetGeomType();
        // Into degrees, lines and polygons are cut where they cross 180° (io::transform_wrapped):
        // a single polygon may come out as several, which these formats' single types refuse (a
        // GeoPackage takes it, but against its standard's requirement 32, which GDAL's validator checks).
        const bool wraps = layer.transform && layer.target.IsGeographic();
        const bool typed = format_.driver == "FlatGeobuf" || format_.driver == "SQLite" || format_.driver == "GPKG";
        if (options_.make_valid || (wraps && typed)) {
            const auto flat = wkbFlatten(layer.type);
            if (flat == wkbPolygon || flat == wkbLineString) layer.type = OGR_GT_GetCollection(layer.type);
        }
    }

    void filter(Layer &layer) const {
        if (!options_.where) {
            layer.src.SetAttributeFilter(nullptr);
            return;
        }
        layer.errors.clear();
        if (layer.src.SetAttributeFilter(options_.where->c_str()) != OGRERR_NONE) {
            throw Error(layer.label + ": " + option_ref("where") + " '" + *options_.where +
                        "': " + layer.errors.reason());
        }
    }

    /// A Shapefile's real field widths and, for a layer of any type, its one geometry type.
    void survey(Layer &layer, bool fields_geometry) const {
        const bool from_wkt = options_.wkt_field && fields_geometry;
        const int wkt = from_wkt ? layer.defn.GetFieldIndex(options_.wkt_field->c_str()) : -1;
        const auto flat = wkbFlatten(layer.type);
        const bool any_type = layer.out.spatial && !(options_.x_field && fields_geometry) &&
                              (flat == wkbUnknown || flat == wkbGeometryCollection);
        layer.sizing.emplace(static_cast<std::size_t>(layer.defn.GetFieldCount()), false);
        const auto found = survey_for_shapefile(layer.label, layer.src, layer.defn, any_type, wkt, *layer.sizing);
        if (any_type && found != wkbUnknown) layer.type = found;
    }

    /// The output: KML by the streaming writer (output/kml_writer.hpp), every other format
    /// through its GDAL driver with its layer options.
    void create_output(Layer &layer) const {
        const auto d = format_.driver;
        layer.kml = d == "KML";
        layer.cut = layer.kml && layer.target_is_4326;
        layer.rfc7946 = d == "GeoJSON" && layer.target_is_4326;
        if (layer.kml) {
            layer.kml_out.emplace(layer.out.staged);
            return;
        }
        // Inside the file: the source's layer name, made safe (GPKG refuses special characters).
        const auto &out = layer.out;
        const std::string name = layer.shapefile || out.layer_name.empty() ? out.base : safe_name(out.layer_name);
        if (layer.rfc7946 && streams_as_geojson(layer.defn)) {
            auto *memory = GetGDALDriverManager()->GetDriverByName("Memory");
            layer.scratch.reset(memory ? memory->Create("", 0, 0, 0, GDT_Unknown, nullptr) : nullptr);
            if (!layer.scratch) throw Error("GDAL has no Memory driver");
            layer.dst = layer.scratch->CreateLayer(name.c_str(), nullptr, layer.type, nullptr);
            layer.geojson.emplace(out.staged, options_.precision);
            layer.geojson->begin(name);
            return;
        }
        layer.writer.emplace(format_, layer.out.staged, layer.out.staged.filename().string());
        // GeoJSON: RFC 7946 by hand in EPSG:4326 (io::rfc7946_geometry, a layer without CRS, so
        // no "crs" member): GDAL's RFC7946=YES drops the points of a GeometryCollection.
        output::LayerSettings settings{layer.type, options_.precision, false, {}};
        for (int i = 0; i < layer.defn.GetFieldCount(); ++i) settings.field_names.emplace_back(layer.defn.GetFieldDefn(i)->GetNameRef());
        layer.dst = &layer.writer->create_layer(name, layer.rfc7946 ? nullptr : &layer.target, settings, layer.label);
    }

    /// The output fields (a Shapefile's field map beside it), what the KML writer takes, and
    /// the GeoJSON fields whose values are JSON (kept as the values they are).
    void plan_layer(Layer &layer, bool fields_geometry) const {
        layer.plan = plan_fields(layer, fields_geometry);
        auto &notes = layer.result.notes;
        notes.insert(notes.end(), layer.plan.notes.begin(), layer.plan.notes.end());
        if (layer.shapefile) output::write_field_map(layer.out.staged.parent_path(), layer.out.base, layer.plan.dbf);
        if (layer.kml) {
            const auto &out = layer.out;
            const std::string name = out.layer_name.empty() ? out.base : safe_name(out.layer_name);
            layer.kml_out->begin(name, layer.defn, layer.plan.map, layer.plan.renames);
        }
        if (format_.driver != "GeoJSON") return;
        OGRFeatureDefn &written = *layer.dst->GetLayerDefn();
        if (layer.geojson) {
            std::vector<std::string> keys;
            for (int k = 0; k < written.GetFieldCount(); ++k) keys.emplace_back(written.GetFieldDefn(k)->GetNameRef());
            layer.geojson->set_keys(keys);
        }
        for (int k = 0; k < written.GetFieldCount(); ++k) {
            if (written.GetFieldDefn(k)->GetSubType() == OFSTJSON) layer.json_fields.push_back(k);
        }
    }

    /// Reads, checks and writes every feature. A feature that cannot be written as it is fails
    /// its source, or with ConvertOptions::skip_invalid is left out and reported (what the driver itself
    /// refuses fails the source).
    void copy_features(Layer &layer, GDALDataset &source) {
        const io::NulTexts nul(layer.label, source, layer.src);
        layer.src.ResetReading();
        loading::GeosValidator geos;
        auto &result = layer.result;
        if (layer.writer) layer.writer->begin();
        OGRFeatureUniquePtr feature(layer.dst ? OGRFeature::CreateFeature(layer.dst->GetLayerDefn()) : nullptr);
        for (;;) {
            // A read error (a .shp cut short) is reported through GDAL's handler while the
            // feature still comes, without its geometry: the source fails, naming it.
            layer.errors.clear();
            OGRFeatureUniquePtr in(layer.src.GetNextFeature());
            if (const auto error = layer.errors.last_error(); !error.empty()) {
                throw Error(layer.label + ": " +
                            (in ? "feature " + std::to_string(result.in + 1) : "after feature " + std::to_string(result.in)) +
                            ": cannot read it: " + error + " (a damaged or cut short file?)");
            }
            if (!in) break;
            ++result.in;
            if ((result.in & 0xfff) == 0 && stop_.load()) throw Cancelled{};
            try {
                if (const auto *field = nul.field(in->GetFID())) {
                    throw Error(layer.where(result.in) + ", field " + *field + ": the text " + nul.reason());
                }
                auto geometry = source_geometry(layer, *in);
                if (!geometry) {
                    ++result.no_geometry;
                    continue;
                }
                if (*geometry && !(*geometry)->IsEmpty()) shape_geometry(layer, *geometry, geos);
                if (layer.kml) {
                    with_feature(layer, [&] { layer.kml_out->placemark(*in, geometry->get()); });
                    ++result.out;
                    continue;
                }
                fill_feature(layer, *feature, *in, std::move(*geometry));
            } catch (const Error &e) {
                if (!options_.skip_invalid) throw;
                result.rejects.push_back(reject(e.what(), layer.where(result.in), result.in, *in));
                continue;
            }
            if (layer.geojson) write_geojson(*layer.geojson, *feature);
            else layer.writer->write(*layer.dst, *feature, layer.errors, [&] { return layer.where(result.in); });
            ++result.out;
        }
        if (layer.writer) layer.writer->commit(layer.label, layer.errors);
    }

    /// Runs `body`, naming the current feature in the Error it throws ("field F: ..." joins it
    /// with a comma).
    template <typename Body> static void with_feature(const Layer &layer, Body &&body) {
        try {
            body();
        } catch (const Error &e) {
            const std::string what = e.what();
            throw Error(layer.where(layer.result.in) + (what.starts_with("field ") ? ", " : ": ") + what);
        }
    }

    /// The feature's geometry as the source gives it: its CSV coordinates, its WKT or its own
    /// geometry (null for none). Nothing (no optional) when a CSV row has no coordinates or WKT:
    /// the row is skipped and counted.
    std::optional<std::unique_ptr<OGRGeometry>> source_geometry(const Layer &layer, OGRFeature &in) const {
        const auto &plan = layer.plan;
        const auto text = [&](int i) { return in.IsFieldSetAndNotNull(i) ? std::string(in.GetFieldAsString(i)) : std::string(); };
        if (plan.x >= 0) {
            const std::string xs = text(plan.x), ys = text(plan.y);
            if (util::trim(xs).empty() || util::trim(ys).empty()) return std::nullopt;
            std::unique_ptr<OGRGeometry> point;
            with_feature(layer, [&] {
                const double x = layer.geographic_fields ? geo::parse_degrees(xs, geo::Axis::longitude)
                                                         : parse_number(xs, *options_.x_field);
                double y = 0;
                try {
                    y = layer.geographic_fields ? geo::parse_degrees(ys, geo::Axis::latitude)
                                                : parse_number(ys, *options_.y_field);
                } catch (const ParseError &e) {
                    // A latitude column holding longitudes: name the likely cause, as load does.
                    throw ParseError(e.what() + geo::swapped_hint(x, ys));
                }
                point = std::make_unique<OGRPoint>(x, y);
            });
            return point;
        }
        if (plan.wkt >= 0) {
            const std::string wkt = text(plan.wkt);
            if (util::trim(wkt).empty()) return std::nullopt;
            OGRGeometry *parsed = nullptr;
            const char *cursor = wkt.c_str();
            if (OGRGeometryFactory::createFromWkt(&cursor, nullptr, &parsed) != OGRERR_NONE || !parsed) {
                throw Error(layer.where(layer.result.in) + ": invalid WKT in field '" + *options_.wkt_field + "': '" +
                            util::excerpt(wkt) + "'");
            }
            return std::unique_ptr<OGRGeometry>(parsed);
        }
        if (layer.out.spatial) return std::unique_ptr<OGRGeometry>(in.StealGeometry());
        return std::unique_ptr<OGRGeometry>();
    }

    /// A geometry that is not empty, as the output takes it: finite, degrees where the source
    /// is in degrees, valid (or repaired with ConvertOptions::make_valid), transformed, made RFC 7946 or cut
    /// at ±180° where the format wants it, and of the layer's collection type.
    void shape_geometry(Layer &layer, std::unique_ptr<OGRGeometry> &geometry, loading::GeosValidator &geos) const {
        const auto where = [&] { return layer.where(layer.result.in); };
        if (!all_finite(*geometry)) throw Error(where() + ": a coordinate is not a finite number");
        if (layer.geographic_source) {
            // As load: degrees or nothing (GDAL would write them on as they are).
            if (auto why = io::degrees_problem(*geometry)) {
                throw Error(where() + ": " + *why + " (" + crs_name(*layer.source_srs) +
                            " is in degrees: if these are not, give the source's CRS with " +
                            option_ref("source_srs") + ")");
            }
        }
        if (geometry->getDimension() > 0) repair(layer, geometry, geos);
        if (layer.transform) {
            // As load: a point cannot cross 180°; anything else is cut where it does.
            if (wkbFlatten(geometry->getGeometryType()) == wkbPoint) {
                if (geometry->transform(layer.transform.get()) != OGRERR_NONE) geometry.reset();
            } else {
                geometry = io::transform_wrapped(*geometry, *layer.transform);
            }
            if (!geometry) throw Error(where() + ": cannot transform to " + crs_name(layer.target));
        }
        if (layer.rfc7946) {
            geometry = io::rfc7946_geometry(std::move(geometry), where());
        } else if (layer.cut) {
            const bool single = wkbFlatten(geometry->getGeometryType()) == wkbPolygon;
            if (single) geometry.reset(OGRGeometryFactory::forceToMultiPolygon(geometry.release()));
            geometry = cut_at_antimeridian_for_viewers(std::move(geometry), where());
            if (single && geometry->toMultiPolygon()->getNumGeometries() == 1) {
                geometry.reset(OGRGeometryFactory::forceToPolygon(geometry.release()));
            }
        }
        const auto type = wkbFlatten(layer.type);
        if (type != wkbUnknown && OGR_GT_IsSubClassOf(type, wkbGeometryCollection) && type != wkbGeometryCollection &&
            !OGR_GT_IsSubClassOf(wkbFlatten(geometry->getGeometryType()), wkbGeometryCollection)) {
            geometry.reset(OGRGeometryFactory::forceTo(geometry.release(), layer.type));
        }
    }

    /// An invalid line or polygon fails, or with ConvertOptions::make_valid is repaired (keeping its dimension).
    void repair(Layer &layer, std::unique_ptr<OGRGeometry> &geometry, loading::GeosValidator &geos) const {
        const auto reason = geos.invalid_reason(*geometry);
        if (!reason) return;
        const std::string where = layer.where(layer.result.in);
        if (!options_.make_valid) {
            throw Error(where + ": invalid geometry: " + *reason + " (use " + option_ref("make_valid") + " to repair)");
        }
        const int dimension = geometry->getDimension();
        // What GEOS cannot read (a ring of two points), MakeValid cannot repair.
        if (auto readable = loading::readable_by_geos(*geometry)) geometry = std::move(readable);
        const char *mv[] = {"METHOD=STRUCTURE", nullptr};
        std::unique_ptr<OGRGeometry> fixed(geometry->IsEmpty() || !geos.invalid_reason(*geometry) ? geometry->clone()
                                                                                                  : geometry->MakeValid(mv));
        if (!fixed) fixed.reset(geometry->MakeValid());
        if (!fixed) throw Error(where + ": invalid geometry (" + *reason + ") that GEOS cannot repair");
        geometry = keep_dimension(std::move(fixed), dimension);
        ++layer.result.repaired;
    }

    /// The output feature from the source's: the geometry the layer holds, the planned fields,
    /// JSON kept as JSON, a Shapefile's text within the DBF's 254 bytes.
    void fill_feature(Layer &layer, OGRFeature &feature, OGRFeature &in, std::unique_ptr<OGRGeometry> geometry) const {
        const auto where = [&] { return layer.where(layer.result.in); };
        if (geometry) {
            if (auto why = io::geometry_not_held(format_.driver, layer.dst->GetGeomType(), *geometry)) {
                throw Error(where() + ": " + *why);
            }
        }
        const auto &plan = layer.plan;
        feature.SetFieldsFrom(&in, plan.map.data(), TRUE);
        for (const int k : layer.json_fields) {
            if (!feature.IsFieldSetAndNotNull(k)) continue;
            const std::string text = feature.GetFieldAsString(k);
            const auto json = io::geojson_json_text(text);
            if (!json) {
                throw Error(where() + ", field " + feature.GetFieldDefnRef(k)->GetNameRef() + ": '" +
                            util::excerpt(text) + "' would not read back the same from GeoJSON (an integer "
                            "beyond 64 bits, or invalid UTF-8): use GPKG");
            }
            feature.SetField(k, json->c_str());
        }
        feature.SetGeometryDirectly(geometry.release());
        feature.SetFID(OGRNullFID);
        for (int f : plan.dbf_checks) {
            if (!feature.IsFieldSetAndNotNull(f)) continue;
            const std::size_t n = std::strlen(feature.GetFieldAsString(f));
            if (n > output::dbf_text_max) {
                throw Error(where() + ", field " + plan.renames[static_cast<std::size_t>(f)].first + ": " +
                            output::long_text_reason(n) + "; use another format (GPKG keeps any length)");
            }
        }
    }

    /// The style beside or inside the output, and the file closed: a failed close (the last
    /// write, the header, the index) is an error, as is a disk left full.
    void finish(Layer &layer) const {
        GDALDataset *ds = layer.writer ? &layer.writer->dataset() : nullptr;
        if (options_.styles && layer.out.spatial) write_style(ds, layer.dst, layer.out, layer.plan);
        if (layer.kml) {
            layer.kml_out->finish();
            io::check_space_left(layer.out.staged);
        } else if (layer.geojson) {
            layer.geojson->close();
            io::check_space_left(layer.out.staged);
        } else {
            layer.writer->close();
        }
    }

    // What a Shapefile must know before its first feature, from one pass over the source (the
    // second pass writes).
    // - Reals: DBF keeps a real as fixed-point text of its field's width and decimals, and GDAL
    //   rounds what does not fit without a word (1.5e-20 in a 24.15 field is 0.000000000000000).
    //   Each real field is sized from its values by the Shapefile plan export's fields are sized
    //   by (output/shapefile_plan.hpp), so every value reads back as the same double.
    // - The geometry type, when the source does not declare one (GeoJSON, WKT in a CSV, a GPKG
    //   "GEOMETRY" layer): a Shapefile holds one kind. Points stay points unless one is a
    //   MultiPoint, lines and polygons become their multi types (which take the single ones), and
    //   a layer mixing kinds is refused with the way out.
    /// Returns the one geometry type (wkbUnknown: not surveyed, or no geometry).
    OGRwkbGeometryType survey_for_shapefile(const std::string &label, OGRLayer &src, OGRFeatureDefn &defn,
                                            bool geometry_kinds, int wkt_field, output::ShapefileSizing &sizing) const {
        std::vector<int> reals;
        for (int i = 0; i < defn.GetFieldCount(); ++i) {
            if (defn.GetFieldDefn(i)->GetType() == OFTReal) reals.push_back(i);
        }
        if (reals.empty() && !geometry_kinds) return wkbUnknown;
        std::set<OGRwkbGeometryType> kinds;
        bool z = false;
        src.ResetReading();
        std::int64_t n = 0;
        for (;;) {
            OGRFeatureUniquePtr feature(src.GetNextFeature());
            if (!feature) break;
            ++n;
            if ((n & 0xfff) == 0 && stop_.load()) throw Cancelled{};
            for (const int i : reals) {
                if (!feature->IsFieldSetAndNotNull(i)) continue;
                try {
                    sizing.number(static_cast<std::size_t>(i), feature->GetFieldAsDouble(i));
                } catch (const Error &e) {
                    throw Error(label + ": feature " + std::to_string(n) + ", field " +
                                defn.GetFieldDefn(i)->GetNameRef() + ": " + e.what());
                }
            }
            if (!geometry_kinds) continue;
            std::unique_ptr<OGRGeometry> parsed;
            const OGRGeometry *g = feature->GetGeometryRef();
            if (wkt_field >= 0) {
                // Unparsable text is left for the writing pass to report with its feature.
                const std::string text = feature->IsFieldSetAndNotNull(wkt_field) ? feature->GetFieldAsString(wkt_field) : "";
                OGRGeometry *p = nullptr;
                const char *cursor = text.c_str();
                if (!util::trim(text).empty() && OGRGeometryFactory::createFromWkt(&cursor, nullptr, &p) == OGRERR_NONE) {
                    parsed.reset(p);
                }
                g = parsed.get();
            }
            if (!g || g->IsEmpty()) continue;
            kinds.insert(wkbFlatten(g->getGeometryType()));
            z = z || g->Is3D();
        }
        if (kinds.empty()) return wkbUnknown;
        const auto type = one_kind(label, kinds);
        return z ? OGR_GT_SetZ(type) : type;
    }

    /// The one Shapefile type that holds every kind of geometry in `kinds`, or refused.
    static OGRwkbGeometryType one_kind(const std::string &label, const std::set<OGRwkbGeometryType> &kinds) {
        const auto only = [&](std::initializer_list<OGRwkbGeometryType> allowed) {
            return std::all_of(kinds.begin(), kinds.end(), [&](OGRwkbGeometryType k) {
                return std::find(allowed.begin(), allowed.end(), k) != allowed.end();
            });
        };
        if (only({wkbPoint})) return wkbPoint;
        if (only({wkbPoint, wkbMultiPoint})) return wkbMultiPoint;
        if (only({wkbLineString, wkbMultiLineString})) return wkbMultiLineString;
        if (only({wkbPolygon, wkbMultiPolygon})) return wkbMultiPolygon;
        std::string names;
        for (const auto k : kinds) names += (names.empty() ? "" : ", ") + std::string(OGRGeometryTypeToName(k));
        throw Error(label + ": a Shapefile holds one kind of geometry, and this layer has " + names +
                    ": use GPKG, or " + option_ref("where") + " to take one kind at a time");
    }

    /// The fields named by ConvertOptions::x_field/y_field/wkt_field (the geometry's), into `plan`.
    void find_geometry_fields(const std::string &label, OGRFeatureDefn &defn, FieldPlan &plan) const {
        const auto find = [&](const std::optional<std::string> &name, std::string_view field) {
            if (!name) return -1;
            const int i = defn.GetFieldIndex(name->c_str());
            if (i < 0) {
                std::string known;
                for (int k = 0; k < defn.GetFieldCount() && k < 30; ++k) {
                    known += (k ? ", " : "") + std::string(defn.GetFieldDefn(k)->GetNameRef());
                }
                throw Error(label + ": " + option_ref(field) + " '" + *name + "': no such field (fields: " + known +
                            ")");
            }
            return i;
        };
        plan.x = find(options_.x_field, "x_field");
        plan.y = find(options_.y_field, "y_field");
        plan.wkt = find(options_.wkt_field, "wkt_field");
    }

    /// A Shapefile's DBF fields for the source fields `written` (named `unique`): the Shapefile
    /// plan of export and convert alike, its reals sized by the survey.
    std::vector<output::PlannedField> dbf_fields(const Layer &layer, const std::vector<int> &written,
                                                 const std::vector<std::string> &unique) const {
        std::vector<output::PlanColumn> columns;
        for (const int i : written) {
            const OGRFieldDefn &in = *layer.defn.GetFieldDefn(i);
            output::PlanColumn column{unique[static_cast<std::size_t>(i)], static_cast<std::size_t>(i),
                                      output::DbfKind::text, in.GetWidth(), in.GetPrecision()};
            switch (in.GetType()) {
            case OFTReal: column.kind = output::DbfKind::real; break;
            case OFTInteger:
            case OFTInteger64: column.kind = output::DbfKind::integer; break;
            case OFTDate: column.kind = output::DbfKind::date; break;
            case OFTString: break;
            default:
                // DateTime, Time, lists, binary: DBF has no such type; written as GDAL's text (a
                // DateTime as YYYY/MM/DD HH:MM:SS), 254 bytes wide.
                column.width = 0;
                column.precision = 0;
            }
            columns.push_back(std::move(column));
        }
        const auto count = static_cast<std::size_t>(layer.defn.GetFieldCount());
        if (layer.sizing) return layer.sizing->plan(columns, layer.label);
        return output::ShapefileSizing(count, false).plan(columns, layer.label);
    }

    /// The output fields, created in the output layer (none for KML, whose writer takes them from
    /// the plan).
    FieldPlan plan_fields(Layer &layer, bool fields_geometry) const {
        FieldPlan plan;
        OGRFeatureDefn &defn = layer.defn;
        plan.map.assign(static_cast<std::size_t>(defn.GetFieldCount()), -1);
        if (fields_geometry) find_geometry_fields(layer.label, defn, plan);
        const auto unique = unique_names(defn, plan.wkt, layer.dst ? layer.dst->GetGeomType() : layer.type, plan.notes);
        std::vector<int> written;
        for (int i = 0; i < defn.GetFieldCount(); ++i) {
            if (i != plan.wkt) written.push_back(i); // the WKT column is the geometry
        }
        if (layer.shapefile) plan.dbf = dbf_fields(layer, written, unique);
        for (std::size_t k = 0; k < written.size(); ++k) {
            const int i = written[k];
            const OGRFieldDefn &in = *defn.GetFieldDefn(i);
            OGRFieldDefn field(&in);
            const std::string &full = unique[static_cast<std::size_t>(i)];
            std::string name = full;
            if (layer.shapefile) {
                const auto &dbf = plan.dbf[k];
                name = dbf.name;
                if (dbf.kind == output::DbfKind::text && in.GetType() != OFTString) {
                    field.SetType(OFTString);
                    field.SetSubType(OFSTNone);
                }
                field.SetWidth(dbf.width);
                field.SetPrecision(dbf.precision);
            }
            field.SetName(name.c_str());
            if (layer.writer) {
                layer.writer->add_field(*layer.dst, field, layer.label, full);
            } else if (layer.dst && layer.dst->CreateField(&field, FALSE) != OGRERR_NONE) {
                throw Error(layer.label + ": cannot create field " + full);
            }
            plan.map[static_cast<std::size_t>(i)] = static_cast<int>(k);
            plan.renames.emplace_back(full, name);
            if (layer.shapefile && field.GetType() == OFTString) plan.dbf_checks.push_back(static_cast<int>(k));
        }
        return plan;
    }

    /// The names the source's fields are written under (the WKT field `wkt` is none): unique as
    /// the driver compares them, none taken by a column the driver makes itself; each renamed one
    /// is said in `notes`.
    std::vector<std::string> unique_names(OGRFeatureDefn &defn, int wkt, OGRwkbGeometryType type,
                                          std::vector<std::string> &notes) const {
        std::vector<std::string> given, names;
        for (int i = 0; i < defn.GetFieldCount(); ++i) {
            if (i == wkt) continue;
            given.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
            names.push_back(io::driver_field_name(format_.driver, given.back()));
        }
        const auto reserved = io::reserved_field_names(format_.driver, type);
        auto unique = output::unique_field_names(names, reserved);
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (unique[i] == names[i]) continue;
            const bool own = std::any_of(reserved.begin(), reserved.end(), [&](const std::string &r) {
                return util::to_lower(r) == util::to_lower(names[i]);
            });
            notes.push_back("field '" + util::excerpt(given[i]) + "' " +
                            (own ? "is a column " + std::string(format_.driver) + " makes itself"
                                 : "repeats the name of an earlier field") +
                            ": its values are kept as '" + util::excerpt(unique[i]) + "'");
        }
        if (wkt >= 0) unique.insert(unique.begin() + wkt, std::string());
        return unique;
    }

    /// A style only where the layer is one of the store's layers (an atlas export converted).
    /// `ds` and `layer` are those of a GPKG or SQLite output (null for KML).
    void write_style(GDALDataset *ds, OGRLayer *layer, const LayerOutput &out, const FieldPlan &plan) const {
        if (!schema::find_layer(out.layer_name)) return;
        auto qml = style::read_layer_style(styles_dir(), out.layer_name);
        if (!qml) return;
        if (!format_.multi_layer) {
            if (output::is_shapefile(format_)) qml = style::rename_fields(std::move(*qml), plan.renames);
            io::write_text_file(out.staged.parent_path() / (out.base + ".qml"), *qml);
            return;
        }
        // GPKG / SQLite: QGIS's layer_styles table, as export writes it.
        io::write_layer_styles(*ds, {{layer->GetName(), layer->GetGeometryColumn(), out.layer_name, std::move(*qml)}},
                               format_.driver == "GPKG");
    }

    /// A feature left out by ConvertOptions::skip_invalid: `what` is its error, which begins with `where`.
    static Reject reject(std::string_view what, const std::string &where, std::int64_t index, OGRFeature &in) {
        if (what.starts_with(where)) what.remove_prefix(where.size());
        while (!what.empty() && (what.front() == ':' || what.front() == ',' || what.front() == ' ')) {
            what.remove_prefix(1);
        }
        const auto label = where.substr(0, where.rfind(": feature "));
        return {label, index, in.GetFID() == OGRNullFID ? std::string() : std::to_string(in.GetFID()),
                std::string(what)};
    }

    /// GeoJSON by the streaming writer when every field is one it writes as GDAL's driver
    /// would: text, integers (booleans as true and false), reals. Dates, lists, binary and JSON
    /// are left to the driver.
    static bool streams_as_geojson(OGRFeatureDefn &defn) {
        for (int i = 0; i < defn.GetFieldCount(); ++i) {
            const auto &f = *defn.GetFieldDefn(i);
            const auto sub = f.GetSubType();
            switch (f.GetType()) {
            case OFTString:
            case OFTInteger64:
                if (sub != OFSTNone) return false;
                break;
            case OFTInteger:
                if (sub != OFSTNone && sub != OFSTBoolean && sub != OFSTInt16) return false;
                break;
            case OFTReal:
                if (sub != OFSTNone && sub != OFSTFloat32) return false;
                break;
            default: return false;
            }
        }
        return true;
    }

    /// One output feature as GeoJSON: an unset field is left out, a null one is null.
    static void write_geojson(output::GeoJsonWriter &out, OGRFeature &feature) {
        out.begin_feature();
        const OGRFeatureDefn &defn = *feature.GetDefnRef();
        for (int k = 0; k < defn.GetFieldCount(); ++k) {
            if (!feature.IsFieldSet(k)) continue;
            out.key(static_cast<std::size_t>(k));
            const auto &f = *defn.GetFieldDefn(k);
            if (feature.IsFieldNull(k)) out.null();
            else if (f.GetType() == OFTString) out.string(feature.GetFieldAsString(k));
            else if (f.GetSubType() == OFSTBoolean) out.boolean(feature.GetFieldAsInteger(k) != 0);
            else if (f.GetType() == OFTReal && f.GetSubType() == OFSTFloat32) out.real32(static_cast<float>(feature.GetFieldAsDouble(k)));
            else if (f.GetType() == OFTReal) out.real(feature.GetFieldAsDouble(k));
            else out.integer(feature.GetFieldAsInteger64(k));
        }
        out.end_feature(feature.GetGeometryRef());
    }

    const ConvertOptions &options_;
    const ExportFormat &format_;
    const std::atomic<bool> &stop_;
};

} // namespace

bool same_crs(const OGRSpatialReference &a, const OGRSpatialReference &b) {
    const char *criteria[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", nullptr};
    return a.IsSame(&b, criteria);
}

OGRSpatialReference epsg4326() {
    OGRSpatialReference s;
    s.importFromEPSG(4326);
    s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return s;
}

LayerResult write_layer(const LayerJob &job, const std::string &label, GDALDataset &source, LayerOutput &out,
                        bool fields_geometry) {
    return LayerConverter(job).write(label, source, out, fields_geometry);
}

} // namespace depomap::convert_detail
