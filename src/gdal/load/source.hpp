#pragma once
// The source readers of a load. Every source is opened and checked before anything is written
// (a missing file, layer or field fails the load at once); each of its layers becomes a Source,
// read feature by feature later on the reading thread: through GDAL (CSV among them, its cells
// kept as text), or, for a local GeoJSON FeatureCollection, through io::GeoJsonStream.
#include "depomap/load.hpp"
#include "depomap/schema.hpp"
#include "gdal/io/gdal.hpp"
#include "gdal/io/geojson_stream.hpp"
#include "gdal/io/source_check.hpp"
#include "gdal/load/field_router.hpp"

#include <ogrsf_frmts.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace depomap::loading {

/// One source layer to read: through GDAL, or a GeoJSON FeatureCollection through the stream.
struct Source {
    std::string path;  ///< the file
    std::string label; ///< file, plus the layer name when the source has several
    std::string id_prefix;
    OGRLayer *layer = nullptr;                  ///< GDAL reading
    std::unique_ptr<io::GeoJsonStream> geojson; ///< streaming reading
    std::vector<Target> gdal_targets;           ///< per GDAL field index
    std::vector<std::string> field_names;       ///< per GDAL field index, as the file has them
    /// depomap's own Shapefile export (<layer>.fieldmap.csv beside it): per GDAL field index,
    /// the indexes of the fields that continue its text (parts 2, 3...), and whether it is one.
    std::vector<std::vector<int>> continued_by;
    std::vector<bool> continuation;
    /// A KML source: per GDAL field index, for the presentation fields GDAL's KML readers add
    /// to every layer (timestamp, tessellate, ...), the value that means "not set" there.
    std::vector<std::optional<std::int64_t>> kml_unset;
    std::unique_ptr<FieldRouter> router;
    io::TransformPtr transform;
    bool geographic_fields = true; ///< x/y columns are degrees (no transform)
    io::NulTexts nul;              ///< GDAL reading: texts GDAL would cut at a NUL
};

/// The sources of one load, open, with what they are read from (GDAL's datasets, requoted
/// copies of CSVs). Opened on the calling thread; each Source is then read on the reading one.
class SourceSet {
  public:
    SourceSet(const schema::Layer &layer, const LoadOptions &options);
    ~SourceSet();
    SourceSet(const SourceSet &) = delete;
    SourceSet &operator=(const SourceSet &) = delete;

    /// Opens source `value` (FILE, or FILE|layername=L: that layer only, whatever
    /// LoadOptions::source_layers says) and adds a Source for each layer read. Throws Error naming the
    /// source for one that cannot be read, a field the options name that it lacks, a CRS
    /// that cannot be known.
    void open(const std::string &value);

    std::vector<Source> &sources() { return sources_; }
    /// The position of the source layer labelled `label`, or size() when none is.
    std::size_t rank(const std::string &label) const;

  private:
    bool fields_make_geometry() const { return options_.x_field || options_.wkt_field; }
    /// A local GeoJSON FeatureCollection read by the stream; false when GDAL must read it.
    bool open_streamed(const std::string &path, const std::string &stem,
                       const std::optional<OGRSpatialReference> &forced);
    void add_gdal_layer(const std::string &path, const std::string &stem, GDALDataset &ds, OGRLayer *layer,
                        const io::CsvShape *csv, bool shp, const std::optional<OGRSpatialReference> &forced);
    // Fields (source_fields.cpp).
    void read_kml_fields(Source &s) const;
    void apply_field_map(Source &s, const std::filesystem::path &map) const;
    std::vector<std::string> gdal_field_names(const Source &s, OGRFeatureDefn &defn,
                                              const std::vector<std::string> &header) const;
    void check_geojson_fields(const Source &s) const;
    void check_fields_exist(const Source &s, OGRFeatureDefn &defn) const;

    const schema::Layer &layer_;
    const LoadOptions &options_;
    std::vector<std::unique_ptr<io::CsvCopy>> copies_; ///< CSVs read through a requoted copy
    std::vector<GDALDatasetUniquePtr> datasets_;       ///< closed before the copies go
    std::vector<Source> sources_;
};

/// The source's field names for a "no such field" message: the first 30, each quoted as a
/// one-line excerpt (a name may hold a newline), then how many more.
std::string field_list(const std::vector<std::string> &names);

/// What a source reader hands every feature of a source to, in file order (index from 1).
class FeatureSink {
  public:
    virtual void gdal_feature(Source &s, std::int64_t index, OGRFeature &feature) = 0;
    virtual void json_feature(Source &s, std::int64_t index, std::string_view text) = 0;
    /// The fraction of the source read.
    virtual void progress(double fraction) = 0;

  protected:
    ~FeatureSink() = default;
};

/// Reads every feature of `s` into `sink`. Throws Error "LABEL: read failed after feature N:
/// ..." when GDAL fails between features, and "LABEL: feature N: cannot read it: ..." for a
/// feature GDAL hands over despite a read error (a damaged file).
void read_features(Source &s, FeatureSink &sink);

} // namespace depomap::loading
