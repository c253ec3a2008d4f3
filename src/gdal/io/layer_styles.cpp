#include "gdal/io/layer_styles.hpp"

#include "depomap/error.hpp"
#include "gdal/io/gdal.hpp"

#include <ogrsf_frmts.h>

#include <ctime>

namespace depomap::io {
namespace {

OGRLayer &create_table(GDALDataset &ds, const GdalErrors &errors) {
    CPLStringList lco;
    lco.SetNameValue("FID", "id");
    OGRLayer *table = ds.CreateLayer("layer_styles", nullptr, wkbNone, lco.List());
    if (!table) throw Error("layer_styles: cannot create: " + errors.reason());
    const auto add = [&](const char *name, OGRFieldType type, int width = 0, OGRFieldSubType sub = OFSTNone) {
        OGRFieldDefn f(name, type);
        f.SetWidth(width);
        f.SetSubType(sub);
        if (table->CreateField(&f) != OGRERR_NONE) throw Error("layer_styles: " + errors.reason());
    };
    add("f_table_catalog", OFTString, 256);
    add("f_table_schema", OFTString, 256);
    add("f_table_name", OFTString, 256);
    add("f_geometry_column", OFTString, 256);
    add("styleName", OFTString, 30);
    add("styleQML", OFTString);
    add("styleSLD", OFTString);
    add("useAsDefault", OFTInteger, 0, OFSTBoolean);
    add("description", OFTString);
    add("owner", OFTString, 30);
    add("ui", OFTString, 30);
    add("update_time", OFTDateTime);
    return *table;
}

} // namespace

void write_layer_styles(GDALDataset &ds, const std::vector<LayerStyle> &styles, bool gpkg) {
    GdalErrors errors;
    OGRLayer &table = create_table(ds, errors);
    const bool transaction = ds.StartTransaction(FALSE) == OGRERR_NONE;
    const std::time_t now = std::time(nullptr);
    std::tm utc{};
    gmtime_r(&now, &utc);
    for (const auto &style : styles) {
        OGRFeatureUniquePtr f(OGRFeature::CreateFeature(table.GetLayerDefn()));
        if (gpkg) {
            f->SetField("f_table_catalog", "");
            f->SetField("f_table_schema", "");
        }
        f->SetField("f_table_name", style.table.c_str());
        f->SetField("f_geometry_column", style.geometry_column.c_str());
        f->SetField("styleName", style.name.c_str());
        f->SetField("styleQML", style.qml.c_str());
        f->SetField("styleSLD", "");
        f->SetField("useAsDefault", 1);
        f->SetField("description", ("depomap style for " + style.name).c_str());
        f->SetField("owner", "depomap");
        f->SetField("update_time", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday, utc.tm_hour, utc.tm_min,
                    static_cast<float>(utc.tm_sec), 100);
        if (table.CreateFeature(f.get()) != OGRERR_NONE)
            throw Error("layer_styles: cannot write the style of " + style.name + ": " + errors.reason());
    }
    if (transaction && ds.CommitTransaction() != OGRERR_NONE)
        throw Error("layer_styles: commit failed: " + errors.reason());
}

} // namespace depomap::io
