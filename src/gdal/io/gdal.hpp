#pragma once
// Owning wrappers and error recording for GDAL/OGR.
#include <gdal_priv.h>
#include <ogr_spatialref.h>

#include <memory>
#include <string>
#include <vector>

namespace depomap::io {

/// Registers GDAL's drivers once per process.
void ensure_gdal();

/// While alive, GDAL's errors and warnings are recorded here instead of printed; GDAL's handler
/// only records, it never throws through C code.
class GdalErrors {
  public:
    GdalErrors();
    ~GdalErrors();
    GdalErrors(const GdalErrors &) = delete;
    GdalErrors &operator=(const GdalErrors &) = delete;

    /// The last error (not warning) GDAL reported, or "" if none.
    std::string last_error() const;
    /// The last error, or "GDAL gave no reason" when GDAL reported none: for a message.
    std::string reason() const;
    const std::vector<std::string> &warnings() const { return warnings_; }
    void clear();

  private:
    static void handler(CPLErr level, CPLErrorNum number, const char *message);
    std::string last_error_;
    std::vector<std::string> warnings_;
};

/// Throws Error when `path` cannot be a source: missing, a FIFO, a device or a socket (each
/// would block or never end), a folder named like a single file (`x.csv/`), a `PG:`
/// connection (PostGIS is not supported yet). A folder (a Shapefile folder) passes: GDAL
/// decides. Every reader calls it before it opens a source; open_vector does.
void check_source(const std::string &path);
/// Why `path` cannot be a source ("no such file", "cannot read a FIFO (named pipe) as a
/// source", ...), or "" when it may be one: check_source's reason without the path.
std::string source_refusal(const std::string &path);

/// Opens a vector dataset for reading, or throws Error naming the file and GDAL's reason.
GDALDatasetUniquePtr open_vector(const std::string &path, const std::vector<std::string> &open_options = {});
/// GDAL's dataset at `gdal_path` (a file or a /vsi... path, not checked here), read-only;
/// throws "LABEL: cannot open: REASON", GDAL's reason or `unreadable` when it gave none.
GDALDatasetUniquePtr open_gdal_vector(const std::string &gdal_path, const std::string &label,
                                      const std::vector<std::string> &open_options, const char *unreadable);

/// A spatial reference from what users write: EPSG:n, a WKT string, a PROJ string, a .prj path.
/// Axis order is always longitude/easting first.
OGRSpatialReference parse_crs(const std::string &text);
/// EPSG:4326 with longitude first.
const OGRSpatialReference &wgs84();

struct TransformDeleter {
    void operator()(OGRCoordinateTransformation *ct) const {
        OGRCoordinateTransformation::DestroyCT(ct);
    }
};
using TransformPtr = std::unique_ptr<OGRCoordinateTransformation, TransformDeleter>;
/// A transformation from `from` to `to`; nullptr when they are the same CRS.
TransformPtr make_transform(const OGRSpatialReference &from, const OGRSpatialReference &to);

} // namespace depomap::io
