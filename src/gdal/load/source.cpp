#include "gdal/load/source.hpp"

#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "util/crash_note.hpp"
#include "util/text.hpp"

#include <algorithm>

namespace depomap::loading {

SourceSet::SourceSet(const schema::Layer &layer, const LoadOptions &options)
    : layer_(layer), options_(options) {}

SourceSet::~SourceSet() = default;

std::size_t SourceSet::rank(const std::string &label) const {
    for (std::size_t i = 0; i < sources_.size(); ++i) {
        if (sources_[i].label == label)
            return i;
    }
    return sources_.size();
}

void SourceSet::open(const std::string &value) {
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
    if (streamed && open_streamed(path, stem, forced))
        return;
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
        datasets_.push_back(io::open_source(open_path, opened, cells_as_text ? text_cells : std::vector<std::string>()));
        // A CSV in a zip or at a URL shows what it is only once open.
        if (fields_make_geometry() && where.vsi &&
            std::string_view(datasets_.back()->GetDriver()->GetDescription()) == "CSV") {
            every_field.emplace();
            datasets_.back() = io::open_source(path, where, text_cells);
        }
    }
    auto &ds = *datasets_.back();
    // A GeoJSON that depomap's own reader leaves to GDAL: GDAL would cut a text at a \u0000.
    if (local && std::string_view(ds.GetDriver()->GetDescription()) == "GeoJSON")
        io::check_geojson_nul(path);
    if (ds.GetLayerCount() == 0)
        throw Error(path + ": no vector layer");
    for (OGRLayer *layer : io::pick_layers(path, ds, wanted))
        add_gdal_layer(path, stem, ds, layer, csv ? &csv_shape : nullptr, shp, forced);
}

bool SourceSet::open_streamed(const std::string &path, const std::string &stem,
                              const std::optional<OGRSpatialReference> &forced) {
    if (!std::filesystem::exists(path))
        throw Error(path + ": no such file");
    auto stream = std::make_unique<io::GeoJsonStream>(path);
    if (std::filesystem::file_size(path) == 0 || !stream->open_features())
        return false;
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
    sources_.push_back(std::move(s));
    return true;
}

void SourceSet::add_gdal_layer(const std::string &path, const std::string &stem, GDALDataset &ds,
                               OGRLayer *layer, const io::CsvShape *csv, bool shp,
                               const std::optional<OGRSpatialReference> &forced) {
    const bool several = ds.GetLayerCount() > 1;
    Source s;
    s.path = path;
    s.label = several ? path + " (layer " + layer->GetName() + ")" : path;
    s.id_prefix = several ? stem + "-" + layer->GetName() : stem;
    s.layer = layer;
    s.router = std::make_unique<FieldRouter>(layer_, options_, s.label, options_.note);
    auto &defn = *layer->GetLayerDefn();
    if (csv && static_cast<std::size_t>(defn.GetFieldCount()) < csv->columns) {
        throw Error(s.label + ": its header names " + std::to_string(csv->columns) +
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
    sources_.push_back(std::move(s));
}

namespace {

void read_gdal(Source &s, FeatureSink &sink) {
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
        sink.gdal_feature(s, index, *feature);
        if (total > 0 && (index & 0x3ff) == 0)
            sink.progress(static_cast<double>(index) / total);
    }
}

void read_geojson(Source &s, FeatureSink &sink) {
    std::string_view text;
    std::int64_t index = 0;
    while (s.geojson->next(text)) {
        ++index;
        sink.json_feature(s, index, text);
        if ((index & 0x3ff) == 0)
            sink.progress(s.geojson->progress());
    }
}

} // namespace

void read_features(Source &s, FeatureSink &sink) {
    if (s.geojson)
        read_geojson(s, sink);
    else
        read_gdal(s, sink);
}

} // namespace depomap::loading
