#pragma once
// A GeoPackage's spatial indexes (the gpkg_rtree_index extension), packed in one pass after the
// features are written. GDAL 3.6 fills a layer's R-tree at close with one SQL insert a feature
// (three quarters of the time of a 200,000-point conversion); here the layers are written
// without one, and this builds each index the way the store builds its own: boxes read from the
// geometry blobs, sorted along a Hilbert curve in bounded memory, nodes written straight into
// the R-tree's tables. The triggers and the gpkg_extensions row are the ones the GeoPackage
// standard (1.2, annex F.3) prescribes, so GDAL and QGIS keep the index up to date on later edits.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>

namespace depomap::output {

/// A geometry's bounding box, in the layer's coordinates.
struct GpkgBounds {
    double min_x, min_y, max_x, max_y;
};

/// The box of a GeoPackage geometry blob (a "GP" header, an optional envelope, then WKB): the
/// envelope when the header has one, else the box of the WKB's coordinates. Nothing for an empty
/// geometry (the header's empty flag, or a point of NaN coordinates). Throws depomap::Error
/// naming the reason for a blob that is not a GeoPackage geometry, is cut short, or is a curve
/// type without an envelope (the box of a curve is not the box of its control points).
std::optional<GpkgBounds> gpkg_blob_bounds(std::span<const unsigned char> blob);

/// Gives every geometry column of the GeoPackage at `file` that has no spatial index one, in a
/// single transaction: the R-tree table `rtree_<table>_<column>` filled with every non-empty
/// geometry's box, its triggers and its gpkg_extensions row. `name` names the file in messages
/// ("NAME: building the spatial index of LAYER failed: REASON"); the sort spills beside the file.
/// Returns how many indexes it built.
int pack_gpkg_spatial_indexes(const std::filesystem::path &file, const std::string &name);

} // namespace depomap::output
