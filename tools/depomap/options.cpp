#include "options.hpp"

#include "command.hpp"

#include "depomap/table.hpp"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <ostream>
#include <string_view>
#include <utility>

namespace depomap::cli {
namespace {

constexpr const char *crs_forms = "EPSG:n, WKT, PROJ string, .prj file";

const std::string store_where_text =
    "SQL filter on a store layer's columns (e.g. \"country_iso3 = 'RUS'\"; an OGR attribute filter on a "
    "source read in place); nearest: on --from, export: on every layer";

} // namespace

CLI::Option *add_db_option(CLI::App &app, std::string &db) {
    const char *env = std::getenv("DEPOMAP_DB");
    db = env && *env ? env : "depomap.sqlite";
    return app.add_option("--db", db, "the store (default: $DEPOMAP_DB, else ./depomap.sqlite)")->option_text("PATH");
}

CLI::Option *add_overwrite_option(CLI::App &app, bool &overwrite) {
    return app.add_flag("--overwrite", overwrite,
                        "replace an output that exists already instead of refusing it (-o's target; init: the "
                        "store, load: the --rejects FILE)");
}

CLI::Option *add_source_srs_option(CLI::App &app, std::string &crs) {
    return app.add_option("--s-srs", crs, std::string("the sources' CRS, overriding what they say (") + crs_forms + ")")
        ->option_text("CRS");
}

CLI::Option *add_target_srs_option(CLI::App &app, std::string &crs) {
    return app
        .add_option("--t-srs", crs,
                    std::string("the CRS written (") + crs_forms + "; default: EPSG:4326, render: the view's)")
        ->option_text("CRS");
}

CLI::Option *add_precision_option(CLI::App &app, int &decimals) {
    return app.add_option("--precision", decimals, "GeoJSON coordinate decimals")->capture_default_str();
}

CLI::Option *add_store_where_option(CLI::App &app, std::string &where) {
    return app.add_option("--where", where, store_where_text)->option_text("SQL");
}

CLI::Option *add_store_where_option(CLI::App &app, std::optional<std::string> &where) {
    return app.add_option("--where", where, store_where_text)->option_text("SQL");
}

CLI::Option *add_ogr_where_option(CLI::App &app, std::string &where) {
    return app
        .add_option("--where", where,
                    "OGR SQL attribute filter on every layer of the sources (OGR's SQL, as ogr2ogr -where)")
        ->option_text("SQL");
}

CLI::Option *add_search_layer_option(CLI::App &app, std::string &layer) {
    return app
        .add_option("--layer", layer,
                    "layer to search: a store layer, or any GDAL source (FILE, FILE|layername=L, .zip, .gz, "
                    "/vsizip/..., http(s)://...) read in place")
        ->capture_default_str();
}

CLI::Option *add_driver_format_option(CLI::App &app, std::string &format) {
    return app
        .add_option("-f,--format", format,
                    "GDAL driver or alias: GeoJSON, \"ESRI Shapefile\" (shp), GPKG, KML, FlatGeobuf (fgb), CSV, "
                    "SQLite (export: default from -o's extension)")
        ->option_text("FORMAT");
}

CLI::Option *add_answer_format_option(CLI::App &app, std::string &format, AnswerLayers layers) {
    const char *text = "";
    switch (layers) {
    case AnswerLayers::points:
        text = "table, csv, json, or a styled layer: gpkg, geojson, shp, fgb, kml (with -o)";
        break;
    case AnswerLayers::links:
        text = "table, csv, json, or a layer of supply links as geodesic lines with its style: geojson, gpkg, shp, "
               "fgb, kml (these with -o; geojson also to standard output)";
        break;
    case AnswerLayers::attribute_table:
        text = "table, csv, json, or gpkg (an attribute table, with -o)";
        break;
    }
    return app.add_option("-f,--format", format, text)->capture_default_str();
}

CLI::Option *add_bearing_option(CLI::App &app, bool &bearing) {
    return app.add_flag("--bearing", bearing,
                        "direction as a bearing, 0-360 clockwise from north (column bearing_deg in place of "
                        "azimuth_deg, -180..180)");
}

CLI::Option *add_no_style_option(CLI::App &app, bool &no_style) {
    return app.add_flag("--no-style", no_style, "no .qml sidecars / layer_styles rows");
}

CLI::Option *add_labels_option(CLI::App &app, std::string &labels) {
    return app.add_option("--labels", labels, "label names: en, local (e.g. Cyrillic) or both")
        ->check(CLI::IsMember({"en", "local", "both"}))
        ->option_text("en|local|both")
        ->capture_default_str();
}

CLI::Option *add_rejects_option(CLI::App &app, std::string &file) {
    return app.add_option("--rejects", file, "with --skip-invalid: every feature left out, with its reason, as CSV here")
        ->option_text("FILE");
}

CLI::Option *add_skip_invalid_option(CLI::App &app, bool &skip) {
    return app.add_flag("--skip-invalid", skip,
                        "leave out a feature that cannot be taken as it is (invalid geometry, coordinates out of "
                        "range, a bad value, what the output cannot hold) and report it, instead of failing");
}

void CsvGeometryOptions::add(CLI::App &app) {
    app.add_option("--x-field", x, "CSV x column: longitude (degrees or DMS), or easting with --s-srs")
        ->option_text("F");
    app.add_option("--y-field", y, "CSV y column: latitude (degrees or DMS), or northing with --s-srs")
        ->option_text("F");
    app.add_option("--wkt-field", wkt, "CSV geometry column in WKT")->option_text("F");
}

void StoreWait::add_option(CLI::App &app) {
    app.add_option("--wait", seconds_, "wait this long for another process writing the store")
        ->option_text("SECONDS")
        ->check(CLI::Range(0.0, 31536000.0))
        ->capture_default_str();
}

sql::LockWait StoreWait::apply(Context &ctx) const {
    const auto timeout = std::chrono::milliseconds(static_cast<long long>(seconds_ * 1000.0));
    return sql::LockWait(timeout, [&ctx, verb = std::string(ctx.verb), seconds = seconds_](const std::string &path) {
        if (ctx.quiet) return;
        ctx.err << "depomap " << verb << ": " << path << ": another process is writing the store; waiting for it (up to "
                << format_number(seconds) << " s, --wait)" << std::endl;
    });
}

std::string_view flag_of(std::string_view subject) {
    // One meaning per subject in every verb that has the option.
    static constexpr std::pair<std::string_view, std::string_view> flags[] = {
        {"layer", "--layer"},
        {"table format", "-f"},
        {"radius", "--km"},
        {"number of neighbours", "-k"},
        {"maximum distance", "--max-km"},
        {"group column", "--by"},
        // export, convert, output files (src/gdal/io, src/output)
        {"format", "-f"},
        {"layer name template", "--layer-name-template"},
        {"precision", "--precision"},
        // Queries, load, render, store (src/query, src/gdal/{query,load,style}, src/render, src/geo, src/store):
        {"from layer", "--from"},
        {"picture size", "--size"},
        {"target CRS", "--t-srs"},
        {"to layer", "--to"},
    };
    for (const auto &[name, flag] : flags) {
        if (name == subject) return flag;
    }
    return {};
}

std::string with_flags(std::string_view text) {
    // Each option field a library message may name (depomap::option_ref), and its flag. A field
    // the CLI sets by leaving out a negative flag is named by that: a message that names
    // split_text asks for the text to be split, which is the default unless --no-split-text.
    static constexpr std::pair<std::string_view, std::string_view> flags[] = {
        {"assign_country", "--assign-country"},
        {"bbox", "--bbox"},
        {"extra", "--no-extra"},
        {"field_map", "--map"},
        {"format", "-f"},
        {"from", "--from"},
        {"id", "--id"},
        {"labels", "--labels"},
        {"layer", "--layer"},
        {"layer_name_template", "--layer-name-template"},
        {"layers", "--layer"},
        {"make_valid", "--make-valid"},
        {"output", "-o"},
        {"output_dir", "-o"},
        {"overwrite", "--overwrite"},
        {"rejects_csv", "--rejects"},
        {"skip_invalid", "--skip-invalid"},
        {"source_srs", "--s-srs"},
        {"split_text", "leaving out --no-split-text"},
        {"store", "--db"},
        {"stream", "-o -"},
        {"strict_country", "--strict-country"},
        {"target_srs", "--t-srs"},
        {"to", "--to"},
        {"to_where", "--to-where"},
        {"view", "--view"},
        {"wait", "--wait"},
        {"where", "--where"},
        {"wkt_field", "--wkt-field"},
        {"x_field", "--x-field"},
        {"y_field", "--y-field"},
    };
    static constexpr std::string_view open = "the ", close = " option";
    std::string out;
    out.reserve(text.size());
    std::size_t at = 0;
    for (std::size_t start; (start = text.find(open, at)) != std::string_view::npos;) {
        const std::size_t name = start + open.size();
        const std::size_t end = text.find(close, name);
        const auto field = end == std::string_view::npos ? std::string_view() : text.substr(name, end - name);
        const auto known = std::ranges::find(flags, field, &std::pair<std::string_view, std::string_view>::first);
        if (known == std::end(flags)) {
            out.append(text.substr(at, name - at));
            at = name;
            continue;
        }
        out.append(text.substr(at, start - at)).append(known->second);
        at = end + close.size();
    }
    out.append(text.substr(at));
    return out;
}

} // namespace depomap::cli
