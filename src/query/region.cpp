// Features inside an admin region of the store: GEOS prepared geometries over R*Tree candidates.
// A point on the border counts as inside (covers, not contains). A polygon file, and a layer that
// is a source read in place, go through GDAL (src/gdal/query/region_files.cpp, by gdal_access).
#include "query/region_inside.hpp"

#include "depomap/antimeridian.hpp"
#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"
#include "store/geometry_blob.hpp"
#include "store/spatial_sql.hpp"
#include "util/fold.hpp"

#include <algorithm>
#include <cctype>
#include <functional>
#include <memory>
#include <string_view>

namespace depomap::query {
namespace {

using sql::quote_identifier;

const schema::Layer &spatial(const std::string &name) {
    const auto *layer = schema::find_layer(name);
    if (!layer || layer->geometry == schema::GeometryType::none) {
        throw BadValue("layer", name,
                       "no such spatial layer (deposits, processing_sites, reserve_areas, admin_regions)");
    }
    return *layer;
}

const schema::Layer &admin_regions() { return *schema::find_layer("admin_regions"); }

Table features_inside(Store &store, const schema::Layer &layer, Geos &geos, double min_x,
                      double min_y, double max_x, double max_y) {
    std::vector<std::string> columns{"id", "name"};
    for (const char *c : {"country_iso3", "region", "kind", "status", "stage", "level",
                          "contained_treo_t", "capacity_tpa", "area_km2"}) {
        if (schema::find_column(layer, c)) columns.emplace_back(c);
    }
    std::string select;
    for (const auto &c : columns) select += quote_identifier(c) + ", ";
    const bool points = layer.geometry == schema::GeometryType::point;
    select += points ? store::representative_point_sql(layer)
                     : store::wkb_sql() + ", " + store::representative_point_sql(layer);
    auto stmt = store.db().prepare("SELECT " + select + " FROM " + quote_identifier(layer.name) + " WHERE " +
                                   store::in_box_sql(layer, 1) + " ORDER BY id");
    store::bind_box(stmt, 1, {min_x, min_y, max_x, max_y});

    Table table;
    table.columns = columns;
    table.columns.emplace_back("lon");
    table.columns.emplace_back("lat");
    const int geom = static_cast<int>(columns.size());
    while (stmt.step()) {
        std::optional<std::pair<double, double>> xy;
        if (points) {
            xy = store::decode_point(stmt.column_blob(geom));
            if (!xy || !geos.covers_point(xy->first, xy->second)) continue;
        } else {
            auto g = geos.from_wkb(stmt.column_blob(geom));
            if (!geos.intersects(g.get())) continue;
            xy = store::decode_point(stmt.column_blob(geom + 1));
        }
        auto &row = table.rows.emplace_back();
        for (int i = 0; i < geom; ++i) {
            switch (stmt.column_type(i)) {
            case 5: // SQLITE_NULL
                row.emplace_back(nullptr);
                break;
            case 1: // SQLITE_INTEGER
                row.emplace_back(stmt.column_int(i));
                break;
            case 2: // SQLITE_FLOAT
                row.emplace_back(stmt.column_double(i));
                break;
            default:
                row.emplace_back(stmt.column_text(i));
            }
        }
        if (xy) {
            row.emplace_back(xy->first);
            row.emplace_back(xy->second);
        } else {
            row.emplace_back(nullptr);
            row.emplace_back(nullptr);
        }
    }
    return table;
}


/// One admin region and every name it answers to, folded (util::fold_name).
struct RegionNames {
    std::string id, name, level;
    std::string code;               ///< id and ISO code, upper-case ASCII
    std::string iso;                ///< ISO code, upper-case ASCII
    std::vector<std::string> names; ///< name, local name, the alternates of name_alt
};

std::string upper_ascii(std::string text) {
    for (auto &c : text) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return text;
}

std::vector<RegionNames> read_region_names(Store &store) {
    auto stmt = store.db().prepare(
        "SELECT id, name, level, iso_code, name_local, name_alt FROM admin_regions "
        "ORDER BY level, id");
    std::vector<RegionNames> regions;
    while (stmt.step()) {
        RegionNames &r = regions.emplace_back();
        r.id = stmt.column_text(0);
        r.name = stmt.column_text(1);
        r.level = stmt.column_text(2);
        r.code = upper_ascii(r.id);
        r.iso = upper_ascii(stmt.column_text(3));
        for (std::string_view text : {r.name, stmt.column_text(4)}) {
            if (!text.empty()) r.names.push_back(util::fold_name(text));
        }
        // The alternates, '|'-separated (geodata/region_names.csv, carried by the atlas layer).
        const std::string alternates = stmt.column_text(5);
        for (std::size_t start = 0; start < alternates.size();) {
            const std::size_t bar = std::min(alternates.find('|', start), alternates.size());
            if (bar > start) r.names.push_back(util::fold_name(alternates.substr(start, bar - start)));
            start = bar + 1;
        }
    }
    return regions;
}

/// The regions `name` means, best tier first: an id, then an ISO code, then a whole name (any
/// spelling the layer carries, folded), then a part of a name. Only the first tier that matches
/// counts.
std::vector<const RegionNames *> match_regions(const std::vector<RegionNames> &regions, const std::string &name) {
    const std::string code = upper_ascii(name);
    const std::string folded = util::fold_name(name);
    using Test = std::function<bool(const RegionNames &)>;
    const Test tiers[] = {
        [&](const RegionNames &r) { return r.code == code; },
        [&](const RegionNames &r) { return !r.iso.empty() && r.iso == code; },
        [&](const RegionNames &r) { return std::ranges::find(r.names, folded) != r.names.end(); },
        [&](const RegionNames &r) {
            return !folded.empty() &&
                   std::ranges::any_of(r.names, [&](const std::string &n) { return n.find(folded) != n.npos; });
        },
    };
    std::vector<const RegionNames *> found;
    for (const auto &test : tiers) {
        for (const auto &r : regions) {
            if (test(r)) found.push_back(&r);
        }
        if (!found.empty()) break;
    }
    return found;
}

} // namespace

namespace {

const RegionNames &lookup(const std::vector<RegionNames> &regions, const std::string &name) {
    if (regions.empty()) {
        throw Error("the store has no admin regions to look '" + name +
                    "' up in: load a layer of them into admin_regions (a store made with the atlas has the atlas's)");
    }
    const auto found = match_regions(regions, name);
    if (found.empty()) {
        throw Error("'" + name + "': no admin region has this name (English, local or alternate), id or ISO code");
    }
    if (found.size() > 1) {
        std::string list;
        for (std::size_t i = 0; i < found.size() && i < 8; ++i) {
            list += (i ? ", " : "") + found[i]->id + " (" + found[i]->name + ", " + found[i]->level + ")";
        }
        if (found.size() > 8) list += ", ...";
        throw Error("'" + name + "' matches " + std::to_string(found.size()) + " admin regions: " + list +
                    "; give the id or ISO code");
    }
    return *found.front();
}

} // namespace

Table inside(Store &store, const std::string &layer_name, Geos &geos, double min_x, double min_y, double max_x,
             double max_y) {
    if (!is_store_layer(layer_name)) return gdal_access("a source as the layer").features_inside_source(layer_name, geos);
    return features_inside(store, spatial(layer_name), geos, min_x, min_y, max_x, max_y);
}

RegionMatch find_region(Store &store, const std::string &name) {
    const auto regions = read_region_names(store);
    const RegionNames &region = lookup(regions, name);
    RegionMatch match{region.id, region.name, region.level, {}};
    // Each part's box: a region cut at ±180° (Chukotka, Russia) is joined across the meridian.
    std::vector<std::pair<double, double>> longitudes;
    double south = 90, north = -90;
    for (const auto &part : store::part_boxes(store.db(), admin_regions(), region.id)) {
        longitudes.emplace_back(part.min_x, part.max_x);
        south = std::min(south, part.min_y);
        north = std::max(north, part.max_y);
    }
    if (longitudes.empty()) throw Error("admin region " + region.id + " has no geometry");
    const auto [west, east] = geo::covering_longitudes(std::move(longitudes));
    match.box = {west, south, east, north};
    return match;
}

Table region_by_name(Store &store, const std::string &layer_name, const std::string &name,
                     std::string *matched) {
    if (is_store_layer(layer_name)) spatial(layer_name); // refused before anything is read
    const auto regions = read_region_names(store);
    const RegionNames &region = lookup(regions, name);
    const auto area = store::read_wkb(store.db(), admin_regions(), region.id);
    if (!area) throw Error("admin region " + region.id + " has no geometry");
    Geos geos;
    geos.prepare(geos.from_wkb(area->wkb));
    if (matched) *matched = region.id + " (" + region.name + ")";
    return inside(store, layer_name, geos, area->box.min_x, area->box.min_y, area->box.max_x, area->box.max_y);
}

Table region_by_file(Store &store, const std::string &layer_name, const std::string &path) {
    if (is_store_layer(layer_name)) spatial(layer_name); // refused before anything is read
    return gdal_access("a polygon file").region_by_file(store, layer_name, path);
}

} // namespace depomap::query
