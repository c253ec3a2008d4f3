#pragma once
// The output formats export and convert write, in one table: each GDAL driver with its
// extensions, what it holds, whether a device or FIFO can take it as a stream, and the dataset
// and layer creation options depomap gives it. resolve_format and format_from_extension
// (include/depomap/export.hpp) read the same table.
#include "depomap/export.hpp"

#include <cpl_string.h>
#include <ogr_core.h>

#include <string>
#include <string_view>
#include <vector>

namespace depomap::output {

bool is_shapefile(const ExportFormat &format);
bool is_geojson(const ExportFormat &format);

/// Whether the format is written in one go from start to end, so that a device or FIFO can
/// take it (the staged file is copied into it); GPKG, SQLite and Shapefile seek or are several
/// files.
bool stream_allowed(const ExportFormat &format);

/// The formats' names for a message: "GeoJSON, ESRI Shapefile, ... (aliases: ...)".
std::string format_list();

/// The dataset creation options: SPATIALITE=YES for SQLite, nothing for the others.
CPLStringList dataset_options(const ExportFormat &format);

/// What a layer's creation options depend on.
struct LayerSettings {
    OGRwkbGeometryType type = wkbNone; ///< the layer's geometry type (CSV: points as X/Y, else WKT)
    int precision = 7;                 ///< GeoJSON: COORDINATE_PRECISION
    bool gdal_rfc7946 = false;         ///< GeoJSON: GDAL's RFC7946=YES (else depomap makes it so, or a CRS)
    std::vector<std::string> field_names; ///< the layer's fields: GPKG's and SQLite's FID column avoids them
};

/// The layer creation options: GeoJSON's RFC7946 and COORDINATE_PRECISION, Shapefile's
/// ENCODING=UTF-8, GPKG's and SQLite's geometry column `geom` and FID column (fid_column),
/// FlatGeobuf's spatial index, CSV's geometry columns and .csvt.
CPLStringList layer_options(const ExportFormat &format, const LayerSettings &settings);

/// The FID column of a GPKG or SQLite layer: `fid`, unless a field has that name (as GDAL
/// compares names, without ASCII case); then `fid_1`, `fid_2`, ..., the first no field has. A
/// field named like the FID column would have to hold each feature's FID (GPKG refuses
/// anything else).
std::string fid_column(const std::vector<std::string> &field_names);

} // namespace depomap::output
