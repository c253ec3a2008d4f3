#pragma once
// The options several verbs share: one helper per meaning, each with its one help text, so that an
// option means and reads the same in every verb that has it (tests/cli/help_options.sh checks the
// texts). A name that means different things in different verbs has a helper per meaning, whose
// text says which one it is (--layer, -f, --where).
#include "depomap/sqlite.hpp"

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace depomap::cli {

struct Context;

/// `--db PATH`, the store (default: $DEPOMAP_DB, else ./depomap.sqlite).
CLI::Option *add_db_option(CLI::App &app, std::string &db);

/// `--overwrite`: replace what the verb writes when it exists already (-o's target; init's store,
/// load's --rejects FILE); without it an existing output is refused.
CLI::Option *add_overwrite_option(CLI::App &app, bool &overwrite);

/// `--s-srs CRS`: the sources' CRS, overriding what they say (load, convert).
CLI::Option *add_source_srs_option(CLI::App &app, std::string &crs);

/// `--t-srs CRS`: the CRS written (export, convert, render).
CLI::Option *add_target_srs_option(CLI::App &app, std::string &crs);

/// `--precision N`: GeoJSON coordinate decimals (export, convert).
CLI::Option *add_precision_option(CLI::App &app, int &decimals);

/// `--where SQL` of the verbs that read the store: an SQL filter on a store layer's columns (an OGR
/// attribute filter on a source read in place). Not convert's (add_ogr_where_option).
CLI::Option *add_store_where_option(CLI::App &app, std::string &where);
CLI::Option *add_store_where_option(CLI::App &app, std::optional<std::string> &where);

/// convert's `--where SQL`: an OGR SQL attribute filter on every layer of the sources.
CLI::Option *add_ogr_where_option(CLI::App &app, std::string &where);

/// `--layer L` of the query verbs that search one layer (within, region, summary): a store layer
/// or a source read in place. load's, export's and render's --layer name store layers only and
/// are their own.
CLI::Option *add_search_layer_option(CLI::App &app, std::string &layer);

/// `-f FORMAT` of the verbs that write files through GDAL (export, convert): a GDAL driver or
/// alias. The query verbs' -f is the answer's format (table, csv, json or a layer format).
CLI::Option *add_driver_format_option(CLI::App &app, std::string &format);

/// What a query verb can write its answer as, besides text (table, csv, json).
enum class AnswerLayers {
    points,          ///< within, region: a styled layer of points (gpkg, geojson, shp, fgb, kml)
    links,           ///< nearest: a styled layer of geodesic lines (geojson also to standard output)
    attribute_table, ///< summary, sql: a GeoPackage attribute table
};

/// `-f FORMAT` of the query verbs: the answer's format, text or (with -o) a layer. Not a GDAL
/// driver as export's and convert's -f (add_driver_format_option).
CLI::Option *add_answer_format_option(CLI::App &app, std::string &format, AnswerLayers layers);

/// `--bearing` (nearest, within): the direction as a bearing, 0-360, in place of the azimuth.
CLI::Option *add_bearing_option(CLI::App &app, bool &bearing);

/// `--no-style` (export, convert): no QGIS styles written beside the data.
CLI::Option *add_no_style_option(CLI::App &app, bool &no_style);

/// `--labels en|local|both` (qgis-project, render): which names label the map.
CLI::Option *add_labels_option(CLI::App &app, std::string &labels);

/// `--rejects FILE` (load, convert): the features left out by --skip-invalid, as CSV.
CLI::Option *add_rejects_option(CLI::App &app, std::string &file);
/// `--skip-invalid` of load and convert: a bad feature is left out and reported, not fatal.
CLI::Option *add_skip_invalid_option(CLI::App &app, bool &skip);

/// `--x-field F --y-field F | --wkt-field F`: where a CSV source keeps its geometry (load, convert).
struct CsvGeometryOptions {
    std::string x, y, wkt;
    void add(CLI::App &app);
    /// Sets the fields given into `options` (LoadOptions, ConvertOptions).
    template <class Options> void apply(Options &options) const {
        if (!x.empty()) options.x_field = x;
        if (!y.empty()) options.y_field = y;
        if (!wkt.empty()) options.wkt_field = wkt;
    }
};

/// The flag a user gives the value the library calls `subject` with (a depomap::BadValue's): the
/// library speaks of a "radius", the user typed --km. Empty for a subject no option gives.
std::string_view flag_of(std::string_view subject);

/// `text` (a library message) with each option the library names by its field, "the x_field
/// option" (depomap::option_ref), written as the flag a user gives: "--x-field". The table in
/// options.cpp holds every field a library message names; a phrase naming no field there is left
/// as it is.
std::string with_flags(std::string_view text);

/// `--wait SECONDS` of every verb that writes a store (load, init, upgrade): how long to wait
/// for another process's write lock before "store is busy".
class StoreWait {
  public:
    static constexpr int default_seconds = 600;
    void add_option(CLI::App &app);
    /// The wait in force while the result lives; once a wait has lasted a second, a line on
    /// ctx.err says what the verb waits for.
    sql::LockWait apply(Context &ctx) const;

  private:
    double seconds_ = default_seconds;
};

} // namespace depomap::cli
