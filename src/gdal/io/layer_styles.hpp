#pragma once
// QGIS's layer_styles table in a GeoPackage or SpatiaLite file depomap writes, so that QGIS opens
// its layers styled (docs/QGIS-STYLES.md): export, convert and the QGIS project's GeoPackage.
#include <gdal_priv.h>

#include <string>
#include <vector>

namespace depomap::io {

struct LayerStyle {
    std::string table;           ///< the layer it styles
    std::string geometry_column; ///< that layer's geometry column
    std::string name;            ///< the style's name (QGIS's styleName, up to 30 characters)
    std::string qml;             ///< the whole QML document
};

/// Creates the layer_styles table in `ds` (through GDAL, so that a GeoPackage registers it in
/// gpkg_contents as attributes) with one default style per entry, in one transaction where the
/// driver has them. `gpkg`: catalog and schema are '' (what QGIS's OGR provider matches), else
/// NULL (QGIS's SpatiaLite provider). Throws Error naming the style that could not be written.
void write_layer_styles(GDALDataset &ds, const std::vector<LayerStyle> &styles, bool gpkg);

} // namespace depomap::io
