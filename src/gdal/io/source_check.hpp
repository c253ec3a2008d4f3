#pragma once
// Structural checks of a source before GDAL reads it, for damage GDAL's drivers repair without a
// word. In a CSV, a quote that never closes swallows the rest of the file into one value, values
// beyond the header's fields are dropped, a row written with another separator than the header
// becomes one long value. A Shapefile without its .dbf loads as bare geometries, one whose .prj
// cannot be parsed as if it had no CRS, a .dbf with fewer records than shapes loses the rest.
// Each would load wrong data or report a misleading reason, so they are found here and named.
#include "gdal/io/gdal.hpp"

#include <ogrsf_frmts.h>

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace depomap::io {

/// What check_csv_structure learnt about a CSV file.
struct CsvShape {
    std::size_t columns = 0; ///< values in the header
    /// A '"' inside a value that does not start with one (the seconds mark of DMS such as
    /// 50°46'06.6"N): literal, as RFC 4180 readers take it, but GDAL 3.6 toggles quoting on it
    /// and merges values, so such a file is read through requote_csv.
    bool bare_quotes = false;
};
/// Splits `path` the way GDAL's CSV driver does (separator detected from the header: the first
/// of ',', ';' or tab outside quotes, else a space; a '"' toggles quoting; blank lines skipped)
/// and throws depomap::Error "PATH: feature N: reason" (or "PATH: reason" for the header) for:
/// an unbalanced quote, a row with more values than the header has fields, a row of one value
/// that holds another separator, a header of one field that holds a '|'. A '"' opens a quoted
/// value only at the start of a value; elsewhere it is a literal character (CsvShape::bare_quotes),
/// which GDAL 3.6 misreads: a reader that opens such a file through CsvCopy passes
/// `BareQuotes::read`, any other gets an Error naming the line (`BareQuotes::refuse`).
enum class BareQuotes { refuse, read };
CsvShape check_csv_structure(const std::string &path, BareQuotes bare = BareQuotes::refuse);

/// A copy of a CSV file (and its .csvt and .prj) in a private temporary folder, in which every
/// unquoted value holding a '"' is quoted (the '"' doubled), so that GDAL reads each value as
/// written; removed with the object. Readers open path() and name the original in messages.
class CsvCopy {
  public:
    explicit CsvCopy(const std::string &path);
    ~CsvCopy();
    CsvCopy(const CsvCopy &) = delete;
    CsvCopy &operator=(const CsvCopy &) = delete;
    const std::string &path() const { return copy_; }

  private:
    std::string folder_, copy_;
};

/// While alive, GDAL's CSV driver (on this thread) makes a field of every header value: by
/// default it keeps the first 2,000 and drops the rest with a warning.
class CsvFieldLimit {
  public:
    CsvFieldLimit();
    ~CsvFieldLimit();
    CsvFieldLimit(const CsvFieldLimit &) = delete;
    CsvFieldLimit &operator=(const CsvFieldLimit &) = delete;

  private:
    std::string old_;
    bool had_old_ = false;
};

/// The field names of the CSV file's header as RFC 4180 reads them ("" in a quoted name is one
/// quote), with the separator GDAL would use; empty when the file cannot be read.
std::vector<std::string> csv_header(const std::string &path);

/// Every row of a small comma-separated file written by depomap itself (a field map), RFC 4180:
/// "" in a quoted value is one quote, quoted values may hold commas and line breaks; CRLF or LF.
/// Throws Error when the file cannot be read.
std::vector<std::vector<std::string>> read_csv_rows(const std::string &path);

/// The features of a GeoPackage or SQLite source layer whose text holds a NUL character (U+0000).
/// GDAL hands text over as a C string, cut at the NUL without a word; SQLite keeps every byte, so
/// it is asked, in one scan of the table (a layer without text fields costs nothing). Any other
/// format finds none here: a CSV's NUL is check_csv_structure's, a GeoJSON's check_geojson_nul's.
/// Throws Error "LABEL: cannot look for NUL characters ..." when SQLite cannot be asked.
class NulTexts {
  public:
    NulTexts() = default;
    NulTexts(const std::string &label, GDALDataset &ds, OGRLayer &layer);
    /// The field whose text holds a NUL in the feature `fid`, or null.
    const std::string *field(GIntBig fid) const;
    /// Why that text cannot be read: "holds a NUL character (U+0000), at which GDAL's GPKG
    /// reader would cut it".
    const std::string &reason() const { return reason_; }

  private:
    std::unordered_map<GIntBig, std::string> fields_;
    std::string reason_;
};

/// Throws depomap::Error "PATH: feature N, field NAME: the text holds a NUL character (U+0000),
/// at which GDAL's GeoJSON reader would cut it" when a feature of the GeoJSON file `path` holds a
/// \u0000 in a property (its name, or its value at any depth: GDAL cuts nested JSON text too) or
/// in its id. Features are counted in file order, every feature of the file. A file without a
/// \u0000 escape costs one scan for backslashes; only one with one is parsed again.
void check_geojson_nul(const std::string &path);

/// Throws depomap::Error "PATH: reason" when the Shapefile `path` (.shp) has no .dbf beside it, a
/// .prj that is not a CRS, or a .dbf whose record count differs from the .shx's shape count or
/// from what the .dbf itself holds. A missing .shx is left to GDAL, which names it.
void check_shapefile(const std::string &path);

/// A source as GDAL reads it. A local FILE.zip is read through /vsizip/, FILE.gz through
/// /vsigzip/ (FILE.tar, FILE.tar.gz and FILE.tgz through /vsitar/), an http:// or https:// URL
/// through /vsicurl/ (which reads it in Range requests, never all of it first); a /vsi... path
/// and any other path stay as written.
struct SourcePath {
    std::string gdal;  ///< what GDAL opens
    bool vsi = false;  ///< through a GDAL virtual file system: not a file fopen reads
    std::string stem;  ///< the name the source's ids are made of: "sites" for sites.geojson.gz
};
SourcePath source_path(const std::string &source);

/// Opens `source` (named as the user wrote it in every error) for reading. A local file goes
/// through open_vector (check_source's refusals: no such file, a FIFO, ...); a virtual one is
/// first asked for (a zip that is not there is "no such file", a URL that answers 404 names
/// the HTTP status), then opened: "SOURCE: cannot open: REASON", one line.
GDALDatasetUniquePtr open_source(const std::string &source, const SourcePath &path,
                                 const std::vector<std::string> &open_options = {});

/// The layers of `ds` to read: all of them when `wanted` is empty, else those named in the
/// order given; a name the source lacks is Error "SOURCE: no layer 'NAME' (its layers: A, B)".
std::vector<OGRLayer *> pick_layers(const std::string &source, GDALDataset &ds,
                                    const std::vector<std::string> &wanted);

/// The CRS in which `layer` (of `ds`, read from `label`) has its coordinates, by one rule for
/// every reader: the layer's own CRS; a layer with none (or GeoPackage's "Undefined" ones) whose
/// extent lies within [-180, 180] x [-90, 90] is taken as EPSG:4326, and `note` says so (to be
/// shown on stderr); otherwise Error "LABEL: no CRS (why, in the words of its format) ...: give
/// its CRS with the source_srs option". An attribute-only layer has none (nullopt).
std::optional<OGRSpatialReference> source_crs(const std::string &label, GDALDataset &ds,
                                              OGRLayer &layer, std::string &note);

/// make_transform to EPSG:4326, with an error naming `label` and the source_srs option as the way out.
TransformPtr transform_to_wgs84(const std::string &label, const OGRSpatialReference &from);

/// Transforms `g` to EPSG:4326 with `ct` and cuts it at ±180° where its parts cross the
/// antimeridian (GDAL's date-line wrapping): a licence area in Chukotka given in UTM zone 60N
/// becomes two polygons, one each side, not a band around the world. Null on failure.
std::unique_ptr<OGRGeometry> transform_wrapped(const OGRGeometry &g,
                                               OGRCoordinateTransformation &ct);

} // namespace depomap::io
