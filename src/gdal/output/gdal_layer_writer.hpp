#pragma once
// The one GDAL writer of export and convert: a dataset created with the format table's options
// (output/formats.hpp), its layers and fields, the features written inside a transaction where
// the driver has them, and an explicit close whose failure is an error naming the file. What
// GDAL says is read from the caller's io::GdalErrors, so that a caller reading a source while
// it writes keeps its own record of the reader's errors.
#include "depomap/export.hpp"
#include "gdal/io/gdal.hpp"
#include "gdal/output/formats.hpp"

#include <gdal_priv.h>
#include <ogrsf_frmts.h>

#include <filesystem>
#include <string>

namespace depomap::output {

class GdalLayerWriter {
  public:
    /// Creates `path` by the format's driver with its dataset options; `name` names the file in
    /// messages (the final name, not the staged one). Throws "FILE: cannot create: REASON".
    GdalLayerWriter(const ExportFormat &format, std::filesystem::path path, std::string name);
    GdalLayerWriter(const GdalLayerWriter &) = delete;
    GdalLayerWriter &operator=(const GdalLayerWriter &) = delete;
    /// A writer not closed (an error on the way) closes its dataset without a word: the staged
    /// file is thrown away anyway.
    ~GdalLayerWriter() = default;

    /// A layer named `layer_name` of `settings.type` in `srs` (none: null), with the format's
    /// layer options. `label` names it in messages: "LABEL: cannot create the layer: REASON".
    OGRLayer &create_layer(const std::string &layer_name, const OGRSpatialReference *srs, const LayerSettings &settings,
                           const std::string &label);

    /// Adds `field` to `layer`, refused with "LABEL: cannot create field FULL: REASON" (FULL:
    /// the field's name before any renaming; a Shapefile's reason names DBF's record limit when
    /// that is why) and when the driver did not add it as the next field.
    void add_field(OGRLayer &layer, OGRFieldDefn &field, const std::string &label, const std::string &full);

    /// Starts a transaction where the driver has them (GPKG, SQLite): many features, one commit.
    void begin();
    /// Writes `feature` into `layer`: "WHERE: cannot write: REASON" when the driver refuses it, and
    /// a Shapefile's warning (a value DBF could not hold as it is) is an error too: nothing is cut
    /// quietly. `errors` is the caller's record, cleared here; `where()` names the feature, called
    /// only when it failed.
    template <typename Where>
    void write(OGRLayer &layer, OGRFeature &feature, io::GdalErrors &errors, Where &&where) {
        errors.clear();
        const bool written = layer.CreateFeature(&feature) == OGRERR_NONE;
        if (!written || (shapefile_ && !errors.warnings().empty())) refuse(written, errors, where());
    }
    /// Commits what begin() started: "LABEL: commit failed: REASON".
    void commit(const std::string &label, const io::GdalErrors &errors);

    GDALDataset &dataset() { return *ds_; }

    /// Flushes and closes the dataset: a failed close (the last write, the header, the index) is
    /// "NAME: closing failed: REASON"; a file system left without space after it is an error too
    /// (io::check_space_left).
    void close();

  private:
    [[noreturn]] static void refuse(bool written, const io::GdalErrors &errors, const std::string &where);

    const ExportFormat &format_;
    bool shapefile_;
    std::filesystem::path path_;
    std::string name_;
    GDALDatasetUniquePtr ds_;
    bool transaction_ = false;
};

} // namespace depomap::output
