// depomap-gdal.so, the module the executable loads its GDAL verbs from (module.cpp). Only
// these two functions are exported (gdal_module.map).
#include "command.hpp"

#include "depomap_config.hpp"

extern "C" {

/// The depomap version the module was built as: the executable refuses another one's.
const char *depomap_gdal_module_version() { return DEPOMAP_VERSION; }

const depomap::cli::GdalVerbs *depomap_gdal_verbs() { return &depomap::cli::linked_gdal_verbs(); }
}
