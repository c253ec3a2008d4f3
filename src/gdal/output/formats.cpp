// The output formats' table (see formats.hpp).
#include "gdal/output/formats.hpp"

#include "depomap/error.hpp"
#include "depomap/schema.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <array>

namespace depomap {
namespace {

/// One row of the table: the format, its names and whether a stream can take it.
struct FormatRow {
    ExportFormat format;
    std::array<std::string_view, 2> aliases; ///< lower case; empty: none
    std::array<std::string_view, 2> extensions; ///< the first is the one written; empty: none
    bool stream;
};

// clang-format off
constexpr std::array table{
    // GeoJSON holds a table as features with "geometry": null (RFC 7946 §3.2).
    FormatRow{{"GeoJSON", ".geojson", false, true},        {"geojson", "json"},       {".geojson", ".json"}, true},
    FormatRow{{"ESRI Shapefile", ".shp", false, false},    {"shp", "shapefile"},      {".shp", ""},          false},
    FormatRow{{"GPKG", ".gpkg", true, true},               {"gpkg", "geopackage"},    {".gpkg", ""},         false},
    FormatRow{{"KML", ".kml", false, false},               {"kml", ""},               {".kml", ""},          true},
    FormatRow{{"FlatGeobuf", ".fgb", false, false},        {"flatgeobuf", "fgb"},     {".fgb", ""},          true},
    FormatRow{{"CSV", ".csv", false, true},                {"csv", ""},               {".csv", ""},          true},
    FormatRow{{"SQLite", ".sqlite", true, true},           {"sqlite", "spatialite"},  {".sqlite", ".db"},    false},
};
// clang-format on

const FormatRow &row_of(const ExportFormat &format) {
    for (const auto &row : table) {
        if (row.format.driver == format.driver) return row;
    }
    throw Error("no output format " + std::string(format.driver));
}

} // namespace

const ExportFormat &resolve_format(std::string_view name) {
    const auto lower = util::to_lower(util::trim(name));
    for (const auto &row : table) {
        if (util::to_lower(row.format.driver) == lower) return row.format;
    }
    for (const auto &row : table) {
        for (const auto alias : row.aliases) {
            if (!alias.empty() && alias == lower) return row.format;
        }
    }
    throw UsageError("unknown format '" + std::string(name) + "' (formats: " + output::format_list() + ")");
}

const ExportFormat *format_from_extension(const std::filesystem::path &path) {
    const auto name = util::to_lower(path.filename().string());
    for (const auto &row : table) {
        for (const auto ext : row.extensions) {
            if (!ext.empty() && util::ends_with_icase(name, ext)) return &row.format;
        }
    }
    return nullptr;
}

namespace output {

bool is_shapefile(const ExportFormat &format) { return format.driver == "ESRI Shapefile"; }
bool is_geojson(const ExportFormat &format) { return format.driver == "GeoJSON"; }

bool stream_allowed(const ExportFormat &format) { return row_of(format).stream; }

std::string format_list() {
    std::string list;
    for (const auto &row : table) list += (list.empty() ? "" : ", ") + std::string(row.format.driver);
    return list + " (aliases: geojson, shp, gpkg, kml, fgb, csv, sqlite)";
}

CPLStringList dataset_options(const ExportFormat &format) {
    CPLStringList dsco;
    if (format.driver == "SQLite") dsco.SetNameValue("SPATIALITE", "YES");
    return dsco;
}

std::string fid_column(const std::vector<std::string> &field_names) {
    const auto taken = [&](const std::string &name) {
        return std::any_of(field_names.begin(), field_names.end(),
                           [&](const std::string &f) { return util::to_lower(f) == name; });
    };
    std::string fid = "fid";
    for (int n = 1; taken(fid); ++n) fid = "fid_" + std::to_string(n);
    return fid;
}

CPLStringList layer_options(const ExportFormat &format, const LayerSettings &settings) {
    CPLStringList lco;
    const auto driver = format.driver;
    if (driver == "GeoJSON") {
        lco.SetNameValue("RFC7946", settings.gdal_rfc7946 ? "YES" : "NO");
        lco.SetNameValue("COORDINATE_PRECISION", std::to_string(settings.precision).c_str());
    } else if (driver == "ESRI Shapefile") {
        lco.SetNameValue("ENCODING", "UTF-8");
    } else if (driver == "GPKG" || driver == "SQLite") {
        lco.SetNameValue("GEOMETRY_NAME", std::string(schema::geometry_column).c_str());
        lco.SetNameValue("FID", fid_column(settings.field_names).c_str());
        // A GeoPackage's index is packed after the close (output/gpkg_spatial_index.hpp): GDAL
        // would fill it one feature at a time.
        if (driver == "GPKG") lco.SetNameValue("SPATIAL_INDEX", "NO");
    } else if (driver == "FlatGeobuf") {
        lco.SetNameValue("SPATIAL_INDEX", "YES");
    } else if (driver == "CSV") {
        if (settings.type != wkbNone) {
            lco.SetNameValue("GEOMETRY", wkbFlatten(settings.type) == wkbPoint ? "AS_XY" : "AS_WKT");
        }
        lco.SetNameValue("CREATE_CSVT", "YES");
    }
    return lco;
}

} // namespace output
} // namespace depomap
