#pragma once
// Structural checks of a source before GDAL reads it, for damage GDAL's drivers repair without a
// word. In a CSV, a quote that never closes swallows the rest of the file into one value, values
// beyond the header's fields are dropped, a row written with another separator than the header
// becomes one long value. A Shapefile without its .dbf loads as bare geometries, one whose .prj
// cannot be parsed as if it had no CRS, a .dbf with fewer records than shapes loses the rest.
// Each would load wrong data or report a misleading reason, so they are found here and named.
#include <string>
#include <vector>

namespace depomap::io {

/// Splits `path` the way GDAL's CSV driver does (separator detected from the header: the first
/// of ',', ';' or tab outside quotes, else a space; a '"' toggles quoting; blank lines skipped)
/// and throws depomap::Error "PATH: feature N: reason" (or "PATH: reason" for the header) for:
/// an unbalanced quote, a row with more values than the header has fields, a row of one value
/// that holds another separator, a header of one field that holds a '|'.
void check_csv_structure(const std::string &path);

/// The field names of the CSV file's header as RFC 4180 reads them ("" in a quoted name is one
/// quote), with the separator GDAL would use; empty when the file cannot be read.
std::vector<std::string> csv_header(const std::string &path);

/// Throws depomap::Error "PATH: reason" when the Shapefile `path` (.shp) has no .dbf beside it, a
/// .prj that is not a CRS, or a .dbf whose record count differs from the .shx's shape count or
/// from what the .dbf itself holds. A missing .shx is left to GDAL, which names it.
void check_shapefile(const std::string &path);

} // namespace depomap::io
