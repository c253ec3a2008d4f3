#pragma once
// The verb registry: every verb of the command line, declared once in DEPOMAP_VERBS below. From it
// come `depomap --help` and `depomap help VERB`, the dispatch (commands.cpp), the man pages and
// the shell completion (docgen.cpp) and what the executable asks its GDAL module for.
#include <memory>
#include <span>
#include <string_view>

namespace depomap::cli {

class Command;

/// Whether a verb needs GDAL. GDAL brings some 110 shared libraries, which cost each start 40 ms,
/// so the executable does not link them: it loads the verbs that need it from its module,
/// depomap-gdal.so (module.cpp), when one of them runs. The tests link every verb in.
enum class GdalUse {
    never,       ///< runs in the executable
    always,      ///< lives in the module only
    for_sources, ///< a query verb: runs in the executable, from the module when its command line
                 ///< names a source read in place or an answer written as a layer (query_needs_gdal)
};

// Every verb, in the order `depomap --help` lists them:
//   VERB(name, factory, GdalUse, its line in `depomap --help`)
// where the factory is make_<factory>() of the verb's cmd_*.cpp. Its options are the verb's
// setup(); its examples are in examples.cpp.
#define DEPOMAP_VERBS(VERB)                                                                                       \
    VERB("init", init, always, "create a store; --atlas also loads the shipped geodata")                        \
    VERB("load", load, always, "load features from any vector source GDAL reads (all or nothing)")              \
    VERB("info", info, never, "layers, feature counts, extents and the schema version (also of an older store)") \
    VERB("nearest", nearest, for_sources, "for every feature of --from, its k nearest of --to (geodesic)")      \
    VERB("within", within, for_sources, "features within a geodesic radius of a feature or a point")            \
    VERB("region", region, for_sources,                                                                         \
         "features inside an admin region or a polygon file (border counts as inside)")                        \
    VERB("summary", summary, for_sources, "counts, sums (contained TREO, capacity) and shares per group")       \
    VERB("convert", convert, always,                                                                            \
         "convert files, folders and patterns of vector data into one format and one CRS")                     \
    VERB("sql", sql, for_sources, "run read-only SpatiaLite SQL")                                               \
    VERB("export", export, always,                                                                              \
         "write layers with their QGIS styles (GeoJSON, Shapefile, GPKG, KML, FlatGeobuf, CSV, SQLite)")       \
    VERB("qgis-project", qgis_project, always,                                                                  \
         "a QGIS project (.qgs) with every layer of the store, styled, over the admin basemap")                \
    VERB("render", render, always, "a map picture (PNG, SVG, PDF) with legend, title and scale bar, without QGIS") \
    VERB("upgrade", upgrade, never, "migrate a store of an older schema version to the current one")

using Factory = std::unique_ptr<Command> (*)();

#define DEPOMAP_DECLARE_FACTORY(name, factory, gdal, summary) std::unique_ptr<Command> make_##factory();
DEPOMAP_VERBS(DEPOMAP_DECLARE_FACTORY)
#undef DEPOMAP_DECLARE_FACTORY

/// One row of the registry.
struct Verb {
    std::string_view name;
    std::string_view summary;
    GdalUse gdal = GdalUse::never;
    /// Makes the verb's command where it is linked: null in the executable for a verb that lives
    /// in the module (GdalUse::always).
    Factory make = nullptr;
};

/// The registry, in `depomap --help` order, with the factories of the verbs linked into the
/// executable (verbs.cpp).
std::span<const Verb> verbs();

/// The verb named `name`, or null.
const Verb *find_verb(std::string_view name);

} // namespace depomap::cli
