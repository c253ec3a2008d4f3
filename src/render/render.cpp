#include "depomap/render.hpp"

#include "depomap/antimeridian.hpp"
#include "depomap/error.hpp"
#include "depomap/geodesic.hpp"
#include "depomap/query.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"
#include "depomap_config.hpp"
#include "geo/projection.hpp"
#include "output/publish.hpp"
#include "render/frame.hpp"
#include "render/mapnik_draw.hpp"
#include "store/spatial_sql.hpp"
#include "style/map_views.hpp"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <cairo.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <memory>
#include <optional>
#include <sstream>

namespace depomap::render {

namespace {

using geo::Projection;

/// What a picture shows: one of style::map_views() or an admin region of the store.
struct View {
    std::string name;
    std::string crs;
    std::array<double, 4> box; ///< W,S,E,N; E > 180 crosses the antimeridian
    std::string subtitle;
    std::string projection; ///< its name for the reader
    bool globe = false;     ///< the whole globe: the sea is its outline
};

std::string degrees(double v, const char *positive, const char *negative) {
    return std::to_string(static_cast<int>(std::lround(std::abs(v)))) + "° " + (v < 0 ? negative : positive);
}

/// A named view, else an admin region of the store by any of its names (as
/// query::find_region finds it), shown whole in a Lambert azimuthal equal-area projection centred on it.
View find_view(const Options &o) {
    if (const auto *v = style::find_map_view(o.view)) return View{v->name, v->crs, v->box, v->subtitle, v->projection, v->globe};
    std::string names;
    for (const auto &v : style::map_views()) names += (names.empty() ? "" : " or ") + std::string(v.name);
    if (!std::filesystem::exists(o.db)) throw Error(o.db + ": no such store");
    Store store = Store::open(o.db, Store::Access::read_only);
    query::RegionMatch region;
    try {
        region = query::find_region(store, o.view);
    } catch (const Error &e) {
        throw Error(option_ref("view") + ": not " + names + ", and " + e.what());
    }
    const double lon = std::remainder((region.box[0] + region.box[2]) / 2, 360.0),
                 lat = (region.box[1] + region.box[3]) / 2;
    std::ostringstream crs;
    crs.precision(6);
    crs << "+proj=laea +lat_0=" << lat << " +lon_0=" << lon << " +datum=WGS84 +units=m +no_defs +type=crs";
    return View{"region", crs.str(), region.box,
                region.name + ": deposits sized by contained TREO, processing plants by stage",
                "Azimuthal equal-area, " + degrees(lat, "N", "S") + " " + degrees(lon, "E", "W")};
}

struct StoreFacts {
    std::vector<std::string> layers; ///< map layers it has, bottom first
    std::string data_date;           ///< the latest as_of of its deposits
    std::vector<long long> large_countries; ///< admin_regions fids of countries worth a label
};

StoreFacts read_store(const Options &o) {
    if (!std::filesystem::exists(o.db)) throw Error(o.db + ": no such store");
    Store store = Store::open(o.db, Store::Access::read_only);
    StoreFacts facts;
    std::vector<std::string> present;
    for (const auto &info : store.layer_info()) present.push_back(info.name);
    for (const auto &name : map_layer_names()) {
        const bool asked = o.layers.empty() || std::find(o.layers.begin(), o.layers.end(), name) != o.layers.end();
        if (asked && std::find(present.begin(), present.end(), name) != present.end()) facts.layers.push_back(name);
    }
    for (const auto &name : o.layers) {
        if (std::find(map_layer_names().begin(), map_layer_names().end(), name) == map_layer_names().end())
            throw UsageError(option_ref("layers") + ": \"" + name +
                             "\" is not a map layer (admin_regions, reserve_areas, deposits, processing_sites)");
        if (std::find(present.begin(), present.end(), name) == present.end())
            throw Error(o.db + ": layer " + name + " not found");
    }
    if (std::find(present.begin(), present.end(), "admin_regions") != present.end()) {
        // 8 square degrees: about Austria; smaller countries keep their borders but not their names.
        auto large = store.db().prepare("SELECT fid FROM admin_regions WHERE level = 'country' AND "
                                        "country_iso3 IS NOT NULL AND " + store::planar_area_sql() + " > 8");
        while (large.step()) facts.large_countries.push_back(large.column_int(0));
    }
    if (std::find(present.begin(), present.end(), "deposits") != present.end())
        facts.data_date = store.db().scalar_text("SELECT max(as_of) FROM deposits").value_or("");
    return facts;
}

std::string wkt_number(double v) {
    std::ostringstream s;
    s.precision(8);
    s << v;
    return s.str();
}

/// Each deposit's line to its nearest plant, along the geodesic, cut at ±180°: CSV with WKT.
std::string links_csv(const Options &o) {
    Store store = Store::open(o.db, Store::Access::read_only);
    const auto result = query::nearest(store, {});
    std::ostringstream csv;
    csv << "wkt,distance_km\n";
    for (const auto &pair : result.pairs) {
        const auto line = geo::densify(result.from[pair.from].position, result.to[pair.to].position, 50'000);
        const auto parts = geo::split_at_antimeridian(line, [](geo::LonLat a, geo::LonLat b, double t) {
            return geo::LonLat{a.lon + (b.lon - a.lon) * t, a.lat + (b.lat - a.lat) * t};
        });
        csv << "\"MULTILINESTRING(";
        for (std::size_t i = 0; i < parts.size(); ++i) {
            csv << (i ? ",(" : "(");
            for (std::size_t j = 0; j < parts[i].size(); ++j)
                csv << (j ? "," : "") << wkt_number(parts[i][j].lon) << ' ' << wkt_number(parts[i][j].lat);
            csv << ')';
        }
        csv << ")\"," << pair.distance_m / 1000 << '\n';
    }
    return csv.str();
}

/// The parts of the admin regions' outlines that run along ±180° (where a polygon was cut, not a
/// coast or a border), as CSV with a WKT column; empty when there are none.
std::string seam_csv(const Options &o) {
    Store store = Store::open(o.db, Store::Access::read_only);
    std::string csv;
    for (const auto &wkt : store::antimeridian_seams_wkt(store.db(), *schema::find_layer("admin_regions")))
        csv += "\"" + wkt + "\"\n";
    return csv.empty() ? csv : "wkt\n" + csv;
}

/// With more deposits than the map has room for labels, Mapnik would shape every label only to
/// drop nearly all of them (a million deposits: 52 s, half of it in HarfBuzz). The candidates are
/// then the most important deposit (the label order: producing first, then by contained TREO) of
/// each cell a label's height tall and half a short label wide (3 x 9 mm); a smaller store keeps every deposit as a candidate.
std::optional<std::vector<long long>> label_candidates(const Options &o, const std::array<double, 4> &box, int map_w,
                                                       int map_h, double cell_w, double cell_h) {
    Store store = Store::open(o.db, Store::Access::read_only);
    const double capacity = double(map_w) * map_h / (cell_w * cell_h);
    const auto count = store.db().scalar_int("SELECT count(*) FROM deposits");
    if (!count || double(*count) <= capacity) return std::nullopt;
    const double cell_lon = (box[2] - box[0]) / map_w * cell_w, cell_lat = (box[3] - box[1]) / map_h * cell_h;
    auto thin = store.db().prepare(
        "SELECT fid FROM (SELECT fid, row_number() OVER (PARTITION BY CAST(floor(" + store::x_sql() +
        " / ?1) AS INTEGER), CAST(floor(" + store::y_sql() + " / ?2) AS INTEGER) ORDER BY status <> 'producing', "
        "coalesce(contained_treo_t, 0) DESC) AS rank FROM deposits WHERE geom IS NOT NULL) WHERE rank = 1");
    thin.bind(1, cell_lon);
    thin.bind(2, cell_lat);
    std::vector<long long> fids;
    while (thin.step()) fids.push_back(thin.column_int(0));
    return fids;
}

/// A round length (1, 2 or 5 times a power of ten, in km) no longer than `max_km`.
double round_km(double max_km) {
    const double p = std::pow(10.0, std::floor(std::log10(max_km)));
    for (double m : {5.0, 2.0, 1.0})
        if (m * p <= max_km) return m * p;
    return p;
}

/// The scale bar: how many km a stretch of the page holds at the map's centre, east-west.
void set_scale_bar(Frame &f, const Projection &p, const std::array<double, 4> &extent, double map_w) {
    const double per_px = (extent[2] - extent[0]) / map_w, cx = (extent[0] + extent[2]) / 2,
                 cy = (extent[1] + extent[3]) / 2, span = 100 * per_px;
    const auto a = p.inverse(cx - span / 2, cy), b = p.inverse(cx + span / 2, cy);
    if (!a || !b) return;
    const double km_per_px = geo::distance_m({a->first, a->second}, {b->first, b->second}) / 1000 / 100;
    if (!(km_per_px > 0)) return;
    const double km = round_km(200 * f.scale * km_per_px);
    f.scale_bar_px = km / km_per_px;
    std::ostringstream label;
    label << km << " km";
    f.scale_bar_label = label.str();
}

struct SurfaceFree {
    void operator()(cairo_surface_t *s) const { cairo_surface_destroy(s); }
};
struct ContextFree {
    void operator()(cairo_t *c) const { cairo_destroy(c); }
};
using Surface = std::unique_ptr<cairo_surface_t, SurfaceFree>;

Surface make_surface(Format format, const std::string &path, int w, int h) {
    switch (format) {
    case Format::svg: return Surface(cairo_svg_surface_create(path.c_str(), w, h));
    case Format::pdf: return Surface(cairo_pdf_surface_create(path.c_str(), w, h));
    case Format::png: break;
    }
    return Surface(cairo_image_surface_create(CAIRO_FORMAT_ARGB32, w, h));
}

void check(cairo_status_t status, const std::string &path) {
    if (status != CAIRO_STATUS_SUCCESS) throw Error(path + ": cannot write: " + cairo_status_to_string(status));
}

} // namespace

std::vector<std::string> view_names() {
    std::vector<std::string> names;
    for (const auto &v : style::map_views()) names.emplace_back(v.name);
    return names;
}

namespace {
/// The picture's size as "WxH", as a message quotes it.
std::string size_text(const Options &o) { return std::to_string(o.width) + "x" + std::to_string(o.height); }
} // namespace

Format format_from_path(const std::string &path) {
    std::string ext = std::filesystem::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    if (ext == ".png") return Format::png;
    if (ext == ".svg") return Format::svg;
    if (ext == ".pdf") return Format::pdf;
    throw UsageError(option_ref("output") + " " + path +
                     ": the picture's format comes from its extension: .png, .svg or .pdf");
}

std::array<double, 4> parse_bbox(const std::string &text) {
    std::array<double, 4> b{};
    std::istringstream in(text);
    for (int i = 0; i < 4; ++i) {
        char comma = ',';
        if ((i > 0 && !(in >> comma)) || comma != ',' || !(in >> b[i]))
            throw UsageError(option_ref("bbox") + ": \"" + text + "\" is not W,S,E,N in degrees");
    }
    in >> std::ws;
    if (!in.eof() || std::abs(b[0]) > 180 || std::abs(b[2]) > 180 || b[1] < -90 || b[3] > 90 || b[1] >= b[3] ||
        b[0] == b[2])
        throw UsageError(option_ref("bbox") + ": \"" + text + "\" is not W,S,E,N in degrees (W ≠ E, S < N)");
    if (b[2] < b[0]) b[2] += 360; // crosses the antimeridian
    return b;
}

Result render_map(const Options &o) {
    const Format format = o.format ? *o.format : format_from_path(o.output);
    if (o.width < 400 || o.height < 300 || o.width > 20000 || o.height > 20000)
        throw BadValue("picture size", size_text(o), "from 400x300 to 20000x20000 pixels");
    const View view = find_view(o);
    // The picture never replaces the store; an existing file only with Options::overwrite; a device or
    // FIFO gets the picture as a stream. Checked before any drawing.
    output::Protected keep;
    keep.add_store(o.db);
    const output::Rules rules{o.overwrite, &keep};
    const output::TargetKind kind = output::check_target(o.output, rules);
    const StoreFacts facts = read_store(o);
    std::string crs = o.t_srs.empty() ? view.crs : o.t_srs;
    // A bare "+proj=..." is an operation to PROJ; "+type=crs" makes it the CRS it means.
    if (crs.rfind("+proj=", 0) == 0 && crs.find("+type=crs") == std::string::npos) crs += " +type=crs";
    const Projection projection(crs);
    const auto box = o.bbox ? *o.bbox : view.box;

    Frame f;
    f.scale = o.width / 1600.0;
    f.px_per_mm = 4.5 * f.scale;
    f.width = o.width;
    f.height = o.height;
    f.layers = facts.layers;
    f.links = o.links;
    f.title = o.title.empty() ? "Rare-earth deposits and processing plants" : o.title;
    f.subtitle = o.bbox ? "Deposits sized by contained TREO, processing plants by stage" : view.subtitle;
    f.projection = o.t_srs.empty() ? view.projection : projection.name() == "unknown" ? o.t_srs : projection.name();
    f.attribution = style::map_attribution(facts.data_date);

    const double margin = 16 * f.scale;
    const int map_x = static_cast<int>(margin), map_y = static_cast<int>(title_band(f));
    const int map_w = static_cast<int>(o.width - 2 * margin), map_h = static_cast<int>(o.height - map_y - legend_band(f));
    if (map_h < 100) throw BadValue("picture size", size_text(o), "too short for the map and its legend");

    MapSpec spec;
    spec.db = o.db;
    spec.srs = crs;
    spec.layers = facts.layers;
    spec.labels = o.labels;
    spec.px_per_mm = f.px_per_mm;
    spec.labelled_countries = facts.large_countries;
    spec.world_outline = !o.bbox && view.globe;
    if (o.links) spec.links_csv = links_csv(o);
    if (!spec.world_outline && std::find(facts.layers.begin(), facts.layers.end(), "admin_regions") != facts.layers.end())
        spec.seam_csv = seam_csv(o);
    if (std::find(facts.layers.begin(), facts.layers.end(), "deposits") != facts.layers.end())
        spec.deposit_label_fids = label_candidates(o, box, map_w, map_h, 9.0 * f.px_per_mm, 3.0 * f.px_per_mm);

    output::StagingDir staging(output::StagingDir::parent_for(o.output, kind));
    const std::string part = (staging.dir() / "picture").string();
    Result result;
    {
        Surface surface = make_surface(format, part, o.width, o.height);
        check(cairo_surface_status(surface.get()), o.output);
        std::unique_ptr<cairo_t, ContextFree> cr(cairo_create(surface.get()));
        cairo_set_source_rgb(cr.get(), 1, 1, 1);
        cairo_paint(cr.get());
        auto bounds = projected_bounds(projection, box);
        // A little room around the area asked for, so that nothing touches the frame.
        const double pad_x = (bounds[2] - bounds[0]) * 0.01, pad_y = (bounds[3] - bounds[1]) * 0.01;
        bounds = {bounds[0] - pad_x, bounds[1] - pad_y, bounds[2] + pad_x, bounds[3] + pad_y};
        const DrawnMap drawn = draw_map(cr.get(), spec, bounds, map_x, map_y, map_w, map_h);
        set_scale_bar(f, projection, drawn.extent, map_w);
        draw_frame(cr.get(), f, map_x, map_y, map_w, map_h);
        check(cairo_status(cr.get()), o.output);
        cr.reset();
        if (format == Format::png) check(cairo_surface_write_to_png(surface.get(), part.c_str()), o.output);
        cairo_surface_finish(surface.get());
        check(cairo_surface_status(surface.get()), o.output);
        result.extent = drawn.extent;
        result.labels = drawn.labels;
    }
    output::publish(part, o.output, rules);
    result.crs = crs;
    result.map_rect = {double(map_x), double(map_y), double(map_w), double(map_h)};
    result.layers = facts.layers;
    result.format = format;
    return result;
}

} // namespace depomap::render
