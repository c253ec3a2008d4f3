// Query sources read in place through GDAL (source.hpp), and the GDAL access the core's queries
// use for them and for answers written as layers (query.hpp, use_gdal()).
#include "gdal/query/source.hpp"
#include "gdal/query/region_files.hpp"

#include "depomap/error.hpp"
#include "depomap/export.hpp"
#include "depomap/query.hpp"
#include "gdal/io/gdal.hpp"
#include "util/text.hpp"

#include <cpl_vsi.h>
#include <ogr_api.h>
#include <ogrsf_frmts.h>

#include <algorithm>
#include <filesystem>

namespace depomap::query {
namespace {

namespace fs = std::filesystem;

bool is_url(std::string_view value) {
    return util::to_lower(value.substr(0, 8)).starts_with("https://") ||
           util::to_lower(value.substr(0, 7)).starts_with("http://");
}

/// The value as the message names it: "the from option 'a.gpkg'" (the CLI writes the flag).
std::string quoted(const char *field, const std::string &value) { return option_ref(field) + " '" + value + "'"; }

/// The one data file in a zip archive (`zip` is its /vsizip/ path), else the archive itself
/// (GDAL reads a folder of Shapefiles); several data files: the user names one.
std::string data_file_in_zip(const std::string &zip, const char *field, const std::string &value) {
    static constexpr std::string_view data[] = {".gpkg", ".geojson", ".json", ".shp", ".fgb", ".kml",
                                                ".csv",  ".sqlite",  ".gml",  ".tab", ".gpx"};
    std::vector<std::string> found;
    char **names = VSIReadDirRecursive(zip.c_str());
    for (char **n = names; n && *n; ++n) {
        if (std::ranges::any_of(data, [&](std::string_view ext) { return util::ends_with_icase(*n, ext); }))
            found.emplace_back(*n);
    }
    CSLDestroy(names);
    if (found.size() == 1) return zip + "/" + found.front();
    if (found.empty()) return zip;
    std::string list;
    for (const auto &f : found) list += (list.empty() ? "" : ", ") + f;
    throw Error(quoted(field, value) + ": the archive holds several data files (" + list + "): name one as " +
                zip + "/NAME");
}

/// The path GDAL opens for `path` (the value without its |layername=).
std::string gdal_path(const std::string &path, const char *field, const std::string &value) {
    std::string gdal = path;
    if (is_url(path)) {
        gdal = "/vsicurl/" + path;
    } else if (!path.starts_with("/vsi")) {
        std::error_code ec;
        if (!fs::exists(path, ec)) {
            throw Error(quoted(field, value) + ": no such file or store layer (store layers: deposits, "
                                                "processing_sites, reserve_areas, admin_regions)");
        }
        if (const auto why = io::source_refusal(path); !why.empty()) throw Error(quoted(field, value) + ": " + why);
    }
    if (gdal.starts_with("/vsizip/") || gdal.starts_with("/vsigzip/")) return gdal;
    if (util::ends_with_icase(path, ".zip")) return data_file_in_zip("/vsizip/" + gdal, field, value);
    if (util::ends_with_icase(path, ".gz")) return "/vsigzip/" + gdal;
    return gdal;
}

OGRLayer &pick_layer(GDALDataset &ds, const std::optional<std::string> &name, const char *field,
                     const std::string &value) {
    std::string names;
    for (auto *layer : ds.GetLayers()) names += (names.empty() ? "" : ", ") + std::string(layer->GetName());
    if (name) {
        if (auto *layer = ds.GetLayerByName(name->c_str())) return *layer;
        throw Error(quoted(field, value) + ": no layer '" + *name + "' (layers: " + names + ")");
    }
    if (ds.GetLayerCount() == 1) return *ds.GetLayer(0);
    if (ds.GetLayerCount() == 0) throw Error(quoted(field, value) + ": no layer in this source");
    throw Error(quoted(field, value) + ": " + std::to_string(ds.GetLayerCount()) + " layers (" + names +
                "): name one as '" + value + "|layername=NAME'");
}

} // namespace

namespace {

/// Opens source `value`, picks its layer, sets `where` on it and hands it to `read`; then says
/// what GDAL reported while it was read. The one opening of a query source.
void read_source_layer(const std::string &value, const std::optional<std::string> &where, const char *field,
                       const char *where_field, const std::function<void(OGRLayer &)> &read) {
    refuse_unknown_layer(value, field); // a bare word was meant as a layer
    io::ensure_gdal();
    const auto [path, layer_name] = split_source_value(value);
    const std::string gdal = gdal_path(path, field, value);
    io::GdalErrors errors;
    GDALDatasetUniquePtr ds(GDALDataset::Open(gdal.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
    if (!ds) {
        const auto reason = errors.last_error();
        throw Error(quoted(field, value) + ": cannot open: " +
                    (reason.empty() ? std::string("not a vector format GDAL can read") : reason));
    }
    OGRLayer &layer = pick_layer(*ds, layer_name, field, value);
    if (where && layer.SetAttributeFilter(where->c_str()) != OGRERR_NONE) {
        throw Error(option_ref(where_field) + " '" + *where + "' on " + quoted(field, value) + ": " +
                    errors.last_error());
    }
    read(layer);
    if (const auto reason = errors.last_error(); !reason.empty()) {
        // Drivers that build SQL from the filter (GPKG, SQLite) refuse a bad one only here.
        if (where)
            throw Error(option_ref(where_field) + " '" + *where + "' on " + quoted(field, value) + ": " + reason);
        throw Error(quoted(field, value) + ": reading failed: " + reason);
    }
}

} // namespace

void each_source_feature(const std::string &value, const std::optional<std::string> &where, const char *field,
                         const char *where_field, const std::function<void(const OGRFeatureDefn &)> &fields,
                         const std::function<void(const SourceFeature &)> &each) {
    read_source_layer(value, where, field, where_field, [&](OGRLayer &layer) {
        io::TransformPtr to_wgs84;
        if (const auto *srs = layer.GetSpatialRef()) to_wgs84 = io::make_transform(*srs, io::wgs84());
        const auto *defn = layer.GetLayerDefn();
        fields(*defn);
        const int id_at = defn->GetFieldIndex("id"), name_at = defn->GetFieldIndex("name");
        for (auto &feature : layer) {
            const OGRGeometry *g = feature->GetGeometryRef();
            if (!g || g->IsEmpty()) continue;
            std::unique_ptr<OGRGeometry> geometry(g->clone());
            std::string id = id_at >= 0 && feature->IsFieldSetAndNotNull(id_at) ? feature->GetFieldAsString(id_at)
                                                                               : std::to_string(feature->GetFID());
            if (to_wgs84 && geometry->transform(to_wgs84.get()) != OGRERR_NONE) {
                throw Error(quoted(field, value) + ", feature '" + id + "': cannot transform to EPSG:4326");
            }
            std::string name =
                name_at >= 0 && feature->IsFieldSetAndNotNull(name_at) ? feature->GetFieldAsString(name_at) : "";
            each({std::move(id), std::move(name), *feature, *geometry});
        }
    });
}

namespace {

} // namespace

std::optional<geo::LonLat> point_of(const OGRGeometry &g) {
    if (wkbFlatten(g.getGeometryType()) == wkbPoint) {
        const auto *p = g.toPoint();
        return geo::LonLat{p->getX(), p->getY()};
    }
    const OGRGeometryH point = OGR_G_PointOnSurface(OGRGeometry::ToHandle(const_cast<OGRGeometry *>(&g)));
    if (!point) return std::nullopt;
    const geo::LonLat p{OGR_G_GetX(point, 0), OGR_G_GetY(point, 0)};
    const bool empty = OGR_G_IsEmpty(point);
    OGR_G_DestroyGeometry(point);
    if (empty) return std::nullopt;
    return p;
}

namespace {

std::vector<Feature> read_source_features(const std::string &value, const std::optional<std::string> &where,
                                          const char *field, const char *where_field) {
    std::vector<Feature> features;
    each_source_feature(value, where, field, where_field, [](const OGRFeatureDefn &) {},
                        [&](const SourceFeature &f) {
                            if (const auto p = point_of(f.geometry)) features.push_back({f.id, f.name, *p});
                        });
    std::ranges::stable_sort(features, [](const Feature &a, const Feature &b) { return a.id < b.id; });
    return features;
}

/// A field's value as the field is typed: NULL, integer, real or text.
Cell cell_of(const OGRFeature &feature, int field) {
    if (!feature.IsFieldSetAndNotNull(field)) return nullptr;
    switch (feature.GetFieldDefnRef(field)->GetType()) {
    case OFTInteger:
    case OFTInteger64: return static_cast<std::int64_t>(feature.GetFieldAsInteger64(field));
    case OFTReal: return feature.GetFieldAsDouble(field);
    default: return std::string(feature.GetFieldAsString(field));
    }
}

void each_source_row(const std::string &value, const std::optional<std::string> &where, const char *field,
                     const char *where_field,
                     const std::function<std::vector<int>(const std::vector<std::string> &)> &pick,
                     const std::function<void(const std::vector<Cell> &)> &row) {
    read_source_layer(value, where, field, where_field, [&](OGRLayer &layer) {
        const auto *defn = layer.GetLayerDefn();
        std::vector<std::string> names;
        for (int i = 0; i < defn->GetFieldCount(); ++i) names.emplace_back(defn->GetFieldDefn(i)->GetNameRef());
        const auto wanted = pick(names);
        std::vector<Cell> values(wanted.size());
        for (auto &feature : layer) {
            for (std::size_t i = 0; i < wanted.size(); ++i) values[i] = cell_of(*feature, wanted[i]);
            row(values);
        }
    });
}

void write_answer(const AnswerLayer &answer, const AnswerTarget &target) {
    ExportOptions options;
    options.format = target.format;
    options.output = target.path;
    options.overwrite = target.overwrite;
    options.extra = false;
    options.store = target.store;
    for (const auto &input : target.inputs) options.inputs.emplace_back(input);
    options.stream = target.stream;
    export_answer(answer, options);
}

constexpr GdalAccess access{read_source_features, each_source_row, write_answer, features_inside_source,
                            region_by_file_read};

} // namespace

void use_gdal() { set_gdal_access(&access); }

} // namespace depomap::query
