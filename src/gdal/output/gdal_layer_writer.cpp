// The one GDAL writer of export and convert (see gdal_layer_writer.hpp).
#include "gdal/output/gdal_layer_writer.hpp"

#include "depomap/error.hpp"
#include "gdal/io/sink.hpp"
#include "output/gpkg_spatial_index.hpp"

namespace depomap::output {
namespace {

/// Why a Shapefile refused `field` after the fields of `defn`, when DBF's limits explain it (a
/// record of at most 65,535 bytes; GDAL then says only "reason unknown"), else `gdal_says`.
std::string dbf_field_refusal(const OGRFeatureDefn &defn, const OGRFieldDefn &field, const std::string &gdal_says) {
    constexpr long record_max = 65535;
    long record = 1; // the deletion flag
    for (int i = 0; i < defn.GetFieldCount(); ++i) record += defn.GetFieldDefn(i)->GetWidth();
    if (record + field.GetWidth() <= record_max) return gdal_says;
    return "a DBF record holds at most 65,535 bytes, and the " + std::to_string(defn.GetFieldCount()) +
           " fields before it take " + std::to_string(record) + "; its " + std::to_string(field.GetWidth()) +
           " bytes do not fit (write fewer or narrower fields, or use GPKG or FlatGeobuf)";
}

} // namespace

GdalLayerWriter::GdalLayerWriter(const ExportFormat &format, std::filesystem::path path, std::string name)
    : format_(format), shapefile_(is_shapefile(format)), path_(std::move(path)), name_(std::move(name)) {
    io::ensure_gdal();
    auto *driver = GetGDALDriverManager()->GetDriverByName(std::string(format.driver).c_str());
    if (!driver) throw Error("GDAL has no " + std::string(format.driver) + " driver");
    auto dsco = dataset_options(format);
    io::GdalErrors errors;
    ds_.reset(driver->Create(path_.c_str(), 0, 0, 0, GDT_Unknown, dsco.List()));
    if (!ds_) throw Error(path_.filename().string() + ": cannot create: " + errors.reason());
}

OGRLayer &GdalLayerWriter::create_layer(const std::string &layer_name, const OGRSpatialReference *srs,
                                        const LayerSettings &settings, const std::string &label) {
    auto lco = layer_options(format_, settings);
    io::GdalErrors errors;
    // GDAL 3.6 takes the CRS as non-const (it only clones it).
    auto *crs = settings.type == wkbNone ? nullptr : const_cast<OGRSpatialReference *>(srs);
    OGRLayer *layer = ds_->CreateLayer(layer_name.c_str(), crs, settings.type, lco.List());
    if (!layer) throw Error(label + ": cannot create the layer: " + errors.reason());
    return *layer;
}

void GdalLayerWriter::add_field(OGRLayer &layer, OGRFieldDefn &field, const std::string &label,
                                const std::string &full) {
    io::GdalErrors errors;
    const int before = layer.GetLayerDefn()->GetFieldCount();
    if (layer.CreateField(&field, FALSE) != OGRERR_NONE) {
        const auto reason = is_shapefile(format_) ? dbf_field_refusal(*layer.GetLayerDefn(), field, errors.reason())
                                                  : errors.reason();
        throw Error(label + ": cannot create field " + full + ": " + reason);
    }
    if (layer.GetLayerDefn()->GetFieldCount() != before + 1) {
        throw Error(label + ": the " + std::string(format_.driver) + " driver did not add field " + field.GetNameRef());
    }
}

void GdalLayerWriter::begin() { transaction_ = ds_->StartTransaction(FALSE) == OGRERR_NONE; }

void GdalLayerWriter::refuse(bool written, const io::GdalErrors &errors, const std::string &where) {
    if (!written) throw Error(where + ": cannot write: " + errors.reason());
    throw Error(where + ": " + errors.warnings().front());
}

void GdalLayerWriter::commit(const std::string &label, const io::GdalErrors &errors) {
    if (!transaction_) return;
    transaction_ = false;
    if (ds_->CommitTransaction() != OGRERR_NONE) throw Error(label + ": commit failed: " + errors.reason());
}

void GdalLayerWriter::close() {
    io::GdalErrors errors;
    ds_->FlushCache(true);
    GDALClose(GDALDataset::ToHandle(ds_.release()));
    if (!errors.last_error().empty()) throw Error(name_ + ": closing failed: " + errors.last_error());
    if (format_.driver == "GPKG") pack_gpkg_spatial_indexes(path_, name_);
    io::check_space_left(path_);
}

} // namespace depomap::output
