// One layer of a convert source written into one output file: the CRS of its coordinates, the
// output layer's geometry type and fields, each feature's geometry made from the source (its
// geometry, CSV coordinates or WKT), checked, repaired, transformed and cut as the format needs,
// then written by the format's GDAL driver or depomap's KML writer. The batch around it
// (src/gdal/io/convert.cpp) finds the sources, names the outputs and publishes them.
#pragma once

#include "depomap/convert.hpp"
#include "depomap/export.hpp"

#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace depomap::convert_detail {

/// Thrown inside a source's conversion when another source's failure stopped the batch.
struct Cancelled {};

/// One output: a layer of a source and where it goes.
struct LayerOutput {
    OGRLayer *layer = nullptr;
    std::string layer_name; ///< inside the output (the source's layer name)
    std::string base;       ///< file name without extension
    std::filesystem::path staged;
    bool spatial = true;
};

/// The result of writing one layer.
struct LayerResult {
    std::int64_t in = 0, out = 0, no_geometry = 0, repaired = 0;
    std::vector<std::string> notes; ///< fields renamed, ...
    std::vector<Reject> rejects;    ///< ConvertOptions::skip_invalid: the features left out
};

/// What every layer of a batch is written with; `stop` is polled every 4,096 features (a set
/// flag throws Cancelled).
struct LayerJob {
    const ConvertOptions &options;
    const ExportFormat &format;
    const std::atomic<bool> &stop;
};

/// Writes `out.layer` of `source` into `out.staged` (and its sidecars: the Shapefile's
/// .fieldmap.csv, a .qml) as `job` says. `label` names the source (and the layer, when it has
/// several) in every message. Throws Error when the layer cannot be written whole; with
/// ConvertOptions::skip_invalid a feature that fails a check of its own is left out and listed instead.
LayerResult write_layer(const LayerJob &job, const std::string &label, GDALDataset &source, LayerOutput &out,
                        bool fields_geometry);

/// Whether two CRSs are the same, axis order aside.
bool same_crs(const OGRSpatialReference &a, const OGRSpatialReference &b);
/// EPSG:4326 in longitude, latitude order.
OGRSpatialReference epsg4326();

} // namespace depomap::convert_detail
