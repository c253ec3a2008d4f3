#include "gdal/io/gdal.hpp"

#include "depomap/error.hpp"
#include "depomap/sqlite.hpp"
#include "util/text.hpp"

#include <cpl_conv.h>
#include <cpl_error.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <mutex>

#include <sys/stat.h>

namespace depomap::io {

namespace {

// GDAL's handler when no GdalErrors records: GDAL's default prints "ERROR 1: ..." and
// "Warning 1: ..." lines on stderr, which break the one-line promise of every message. What
// GDAL says there is not lost to a caller that cares: it records with a GdalErrors.
void quiet_handler(CPLErr, CPLErrorNum, const char *) {}

} // namespace

void ensure_gdal() {
    static std::once_flag once;
    std::call_once(once, [] {
        CPLSetErrorHandler(&quiet_handler);
        GDALAllRegister();
        // No surprises from the environment: files as they are, no network.
        CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "5");
    });
}

namespace {

/// GDAL's messages may span lines (the GeoJSON driver shows the text around a parse error on
/// the next ones); ours are one line, so every run of whitespace with a line break or other
/// control character becomes one space.
std::string one_line(const char *message) {
    std::string out;
    bool gap = false;
    for (const char *p = message ? message : ""; *p; ++p) {
        const auto c = static_cast<unsigned char>(*p);
        if (c < 0x20 || c == 0x7f || (c == ' ' && gap)) {
            gap = true;
            continue;
        }
        if (gap && !out.empty() && out.back() != ' ')
            out += ' ';
        gap = false;
        out += *p;
    }
    while (!out.empty() && out.back() == ' ')
        out.pop_back();
    return out;
}

} // namespace

GdalErrors::GdalErrors() { CPLPushErrorHandlerEx(&GdalErrors::handler, this); }

GdalErrors::~GdalErrors() { CPLPopErrorHandler(); }

void GdalErrors::handler(CPLErr level, CPLErrorNum, const char *message) {
    auto *self = static_cast<GdalErrors *>(CPLGetErrorHandlerUserData());
    if (!self) return;
    try {
        if (level >= CE_Failure) {
            self->last_error_ = one_line(message);
        } else if (level == CE_Warning) {
            self->warnings_.emplace_back(one_line(message));
        }
    } catch (...) {
        // Never let an exception cross GDAL's C frames.
    }
}

std::string GdalErrors::last_error() const { return last_error_; }

std::string GdalErrors::reason() const { return last_error_.empty() ? "GDAL gave no reason" : last_error_; }

void GdalErrors::clear() {
    last_error_.clear();
    warnings_.clear();
}

namespace {

bool is_postgis(const std::string &path) {
    return path.size() >= 3 && (path[0] == 'P' || path[0] == 'p') && (path[1] == 'G' || path[1] == 'g') &&
           path[2] == ':';
}

} // namespace

std::string source_refusal(const std::string &path) {
    // GDAL would take "PG:dbname=..." as a connection string; depomap has no PostGIS reader
    // yet, and saying "no such file" of it would be wrong.
    if (is_postgis(path)) {
        return "PostGIS sources are not supported yet (export the table to a GeoPackage with ogr2ogr, "
               "then use that)";
    }
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        if (errno == ENOENT || errno == ENOTDIR) return "no such file";
        return std::string("cannot read: ") + std::strerror(errno);
    }
    if (S_ISREG(st.st_mode)) return {};
    if (S_ISDIR(st.st_mode)) {
        // A folder GDAL reads as one dataset (a Shapefile folder) stays a source; a folder named
        // like a file of a format read byte by byte is a mistake said plainly.
        for (const char *ext : {".geojson", ".json", ".csv", ".shp", ".dbf", ".gpkg", ".kml", ".fgb",
                                ".sqlite", ".zip"}) {
            if (util::ends_with_icase(path, ext)) return "is a folder, not a file";
        }
        return {};
    }
    // A FIFO with no writer blocks the open for ever; /dev/zero never ends.
    return "cannot read " + sql::describe_file_kind(st.st_mode) + " as a source (give a file or a folder)";
}

void check_source(const std::string &path) {
    const auto reason = source_refusal(path);
    if (reason.empty()) return;
    // A connection string may hold a password: it is not repeated.
    throw Error((is_postgis(path) ? std::string("PG:...") : path) + ": " + reason);
}

GDALDatasetUniquePtr open_vector(const std::string &path,
                                 const std::vector<std::string> &open_options) {
    ensure_gdal();
    check_source(path);
    std::error_code ec;
    if (std::filesystem::is_regular_file(path, ec) && std::filesystem::file_size(path, ec) == 0) {
        throw Error(path + ": empty file (0 bytes)");
    }
    return open_gdal_vector(path, path, open_options, "not a vector format GDAL can read");
}

GDALDatasetUniquePtr open_gdal_vector(const std::string &gdal_path, const std::string &label,
                                      const std::vector<std::string> &open_options, const char *unreadable) {
    ensure_gdal();
    CPLStringList options;
    for (const auto &option : open_options) options.AddString(option.c_str());
    GdalErrors errors;
    GDALDatasetUniquePtr ds(GDALDataset::Open(gdal_path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                                              nullptr, options.List(), nullptr));
    if (!ds) {
        auto reason = errors.last_error();
        if (reason.empty()) reason = unreadable;
        throw Error(label + ": cannot open: " + reason);
    }
    return ds;
}

OGRSpatialReference parse_crs(const std::string &text) {
    ensure_gdal();
    OGRSpatialReference srs;
    GdalErrors errors;
    if (srs.SetFromUserInput(text.c_str()) != OGRERR_NONE) {
        auto reason = errors.last_error();
        throw Error("unknown CRS '" + text + "'" + (reason.empty() ? "" : ": " + reason));
    }
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return srs;
}

const OGRSpatialReference &wgs84() {
    static const OGRSpatialReference srs = [] {
        OGRSpatialReference s;
        s.importFromEPSG(4326);
        s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        return s;
    }();
    return srs;
}

TransformPtr make_transform(const OGRSpatialReference &from, const OGRSpatialReference &to) {
    OGRSpatialReference source = from;
    source.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    const char *criteria[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", nullptr};
    if (source.IsSame(&to, criteria)) return nullptr;
    GdalErrors errors;
    TransformPtr ct(OGRCreateCoordinateTransformation(&source, &to));
    if (!ct) {
        throw Error("cannot transform from " +
                    std::string(source.GetName() ? source.GetName() : "the source CRS") +
                    " to EPSG:4326: " + errors.last_error());
    }
    return ct;
}

} // namespace depomap::io
