// A QGIS project over a store, written as QGIS 3.22's XML (docs/DESIGN.md, "QGIS projects").
// Store layers go through QGIS's `spatialite` provider (the OGR provider ignores a SpatiaLite
// file's layer_styles, docs/QGIS-STYLES.md), each with its style inline, so the project looks the
// same whatever the store's layer_styles holds. The layer list comes from the store's schema and
// the styles folder: a new layer with a style needs no code here.
#include "depomap/qgis_project.hpp"

#include "depomap/error.hpp"
#include "depomap/export.hpp"
#include "depomap/geodesic.hpp"
#include "depomap/query.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"
#include "geo/projection.hpp"
#include "gdal/io/gdal.hpp"
#include "gdal/io/project_layers.hpp"
#include "output/publish.hpp"
#include "style/map_views.hpp"
#include "style/qgis_layout.hpp"
#include "style/qgis_version.hpp"
#include "store/spatial_sql.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <utility>

namespace depomap {
namespace {

using style::MapView;
using util::xml_escape;

namespace fs = std::filesystem;

constexpr const char *map_title = "Rare-earth deposits and processing plants";

std::string number(double v) {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, end);
}

// --- what symbology.json says about each layer ------------------------------------------------

struct Look {
    std::map<std::string, std::string> titles; ///< layer → its legend name
    std::set<std::string> basemaps;            ///< drawn under everything, out of the legend
    std::set<std::string> underlays;           ///< drawn under the other layers of their kind, last in the legend
    std::string sea = "#dce8ef";

    /// The layer's title, else its name as words ("processing_sites" → "Processing sites").
    std::string title(const std::string &layer) const {
        if (auto it = titles.find(layer); it != titles.end()) return it->second;
        std::string words = layer;
        std::replace(words.begin(), words.end(), '_', ' ');
        if (!words.empty() && words[0] >= 'a' && words[0] <= 'z') words[0] = static_cast<char>(words[0] - 'a' + 'A');
        return words;
    }
};

Look read_look(const fs::path &styles) {
    Look look;
    const auto path = styles / "symbology.json";
    std::ifstream in(path, std::ios::binary);
    if (!in) return look; // no symbology: layer names as titles, no basemap
    try {
        const auto doc = nlohmann::json::parse(in);
        for (const auto &[layer, entry] : doc.items()) {
            if (!entry.is_object()) continue;
            if (entry.contains("title")) look.titles[layer] = entry.at("title").get<std::string>();
            if (entry.value("basemap", false)) look.basemaps.insert(layer);
            if (entry.value("underlay", false)) look.underlays.insert(layer);
        }
        if (doc.contains("sea")) look.sea = doc.at("sea").get<std::string>();
    } catch (const nlohmann::json::exception &e) {
        throw Error(path.string() + ": " + e.what());
    }
    return look;
}

// --- styles -----------------------------------------------------------------------------------

/// The QML split into its root element's attributes and its content.
struct StyleParts {
    std::string attributes; ///< of <qgis ...>, minus version and styleCategories
    std::string body;
};

std::optional<StyleParts> split_qml(const std::string &qml) {
    const auto open = qml.find("<qgis ");
    if (open == std::string::npos) return std::nullopt;
    const auto open_end = qml.find('>', open);
    const auto close = qml.rfind("</qgis>");
    if (open_end == std::string::npos || close == std::string::npos || close < open_end) return std::nullopt;
    StyleParts parts;
    // Keep rendering attributes (labelsEnabled, scale limits); drop what <maplayer> sets itself.
    std::string attrs = qml.substr(open + 6, open_end - open - 6);
    if (!attrs.empty() && attrs.back() == '/') attrs.pop_back();
    for (const char *drop : {"version=", "styleCategories="}) {
        const auto at = attrs.find(drop);
        if (at == std::string::npos) continue;
        const auto q1 = attrs.find('"', at);
        const auto q2 = attrs.find('"', q1 + 1);
        attrs.erase(at, q2 + 1 - at);
    }
    parts.attributes = attrs;
    parts.body = qml.substr(open_end + 1, close - open_end - 1);
    return parts;
}

/// styles/<layer>.qml, else the store's own default style for the layer (layer_styles), else none.
std::optional<std::string> layer_qml(Store &store, const fs::path &styles, const std::string &layer) {
    if (auto qml = style::read_layer_style(styles, layer)) return qml;
    return store.layer_style(layer);
}

/// The sea of a world map: a plain fill, no outline.
StyleParts sea_style(const std::string &hex) {
    unsigned r = 0, g = 0, b = 0;
    std::sscanf(hex.c_str(), "#%2x%2x%2x", &r, &g, &b);
    const std::string colour = std::to_string(r) + "," + std::to_string(g) + "," + std::to_string(b) + ",255";
    return {"labelsEnabled=\"0\"",
            "  <renderer-v2 type=\"singleSymbol\" symbollevels=\"0\" enableorderby=\"0\" forceraster=\"0\"><symbols>"
            "<symbol type=\"fill\" name=\"0\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
            "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">"
            "<Option type=\"QString\" name=\"color\" value=\"" + colour + "\"/>"
            "<Option type=\"QString\" name=\"outline_style\" value=\"no\"/>"
            "<Option type=\"QString\" name=\"style\" value=\"solid\"/></Option></layer></symbol></symbols>"
            "</renderer-v2>\n"};
}

// --- coordinate systems -------------------------------------------------------------------------

std::string wgs84_spatialrefsys() {
    char *wkt = nullptr;
    const char *options[] = {"FORMAT=WKT2_2019", nullptr};
    io::wgs84().exportToWkt(&wkt, options);
    std::string text = wkt ? wkt : "";
    CPLFree(wkt);
    return "<spatialrefsys><wkt>" + xml_escape(text) +
           "</wkt><proj4>+proj=longlat +datum=WGS84 +no_defs</proj4><srsid>3452</srsid>"
           "<srid>4326</srid><authid>EPSG:4326</authid><description>WGS 84</description>"
           "<projectionacronym>longlat</projectionacronym><ellipsoidacronym>EPSG:7030</ellipsoidacronym>"
           "<geographicflag>true</geographicflag></spatialrefsys>";
}

/// A view's CRS, by its WKT (QGIS reads a CRS without an authority from it) and PROJ string.
std::string view_spatialrefsys(const MapView &view, const geo::Projection &p) {
    const std::string proj = p.proj_string();
    std::string acronym;
    if (const auto at = proj.find("+proj="); at != std::string::npos)
        acronym = proj.substr(at + 6, proj.find(' ', at) - at - 6);
    return "<spatialrefsys><wkt>" + xml_escape(p.wkt()) + "</wkt><proj4>" + xml_escape(proj) +
           "</proj4><srsid>0</srsid><srid>0</srid><authid></authid><description>" + xml_escape(view.projection) +
           "</description><projectionacronym>" + xml_escape(acronym) +
           "</projectionacronym><ellipsoidacronym>EPSG:7030</ellipsoidacronym>"
           "<geographicflag>false</geographicflag></spatialrefsys>";
}

/// Where a view's map stands and how the basemap must be read for it.
struct ViewFrame {
    const MapView *view;
    std::string srs;
    std::array<double, 4> extent; ///< fitted to the layout's map frame
    double south;                 ///< the southmost latitude the map shows
    double map_units_per_km;      ///< east-west at the extent's centre
    std::string label_area;       ///< WKT: where the basemap's names may stand (label_area_wkt)
};

/// How many map units a kilometre east-west at the centre of `extent` spans (1% of its width,
/// measured on the ellipsoid).
double map_units_per_km(const geo::Projection &p, const std::array<double, 4> &extent) {
    const double cx = (extent[0] + extent[2]) / 2, cy = (extent[1] + extent[3]) / 2, half = (extent[2] - extent[0]) / 200;
    const auto a = p.inverse(cx - half, cy), b = p.inverse(cx + half, cy);
    if (!a || !b) throw Error("the map's centre is off the globe");
    return 2 * half / (geo::distance_m({a->first, a->second}, {b->first, b->second}) / 1000);
}

/// The part of the globe a view's map shows, 10 mm inside its frame left and right and 4 mm above
/// and below (a name centred on a point there fits the map), as WKT in longitude/latitude: the
/// ring with its longitudes unwrapped (east of 180° reads as 180° to 360°, as the view's basemap has
/// Chukotka), and the same ring 360° west and east, for the countries the basemap keeps on the
/// other side of 180° (Alaska). Each country's name stands on a point of the part of it inside this
/// area (styles/admin_regions.qml reads it as @depomap_label_area): on a map of Russia and its
/// neighbours, China's name stands in the China the map shows. "" (names on the whole country) for
/// a globe, or when the frame holds a pole or a point off the globe.
std::string label_area_wkt(const MapView &view, const geo::Projection &p, const std::array<double, 4> &e) {
    if (view.globe) return "";
    const auto frame = style::layout_map_frame();
    const double per_mm = (e[2] - e[0]) / frame[2];
    const std::array<double, 4> a{e[0] + 10 * per_mm, e[1] + 4 * per_mm, e[2] - 10 * per_mm, e[3] - 4 * per_mm};
    for (const double pole : {90.0, -90.0}) {
        const auto xy = p.forward(0, pole);
        if (xy && xy->first > e[0] && xy->first < e[2] && xy->second > e[1] && xy->second < e[3]) return "";
    }
    // Along the four edges, a point every 1/64 of an edge.
    constexpr int steps = 64;
    const std::array<std::array<double, 2>, 4> corners{{{a[0], a[1]}, {a[2], a[1]}, {a[2], a[3]}, {a[0], a[3]}}};
    std::vector<std::pair<double, double>> ring;
    double west = 1e9, east = -1e9;
    for (std::size_t c = 0; c < corners.size(); ++c) {
        const auto &from = corners[c], &to = corners[(c + 1) % corners.size()];
        for (int i = 0; i < steps; ++i) {
            auto ll = p.inverse(from[0] + (to[0] - from[0]) * i / steps, from[1] + (to[1] - from[1]) * i / steps);
            if (!ll) return "";
            if (!ring.empty()) ll->first += 360 * std::round((ring.back().first - ll->first) / 360);
            ring.push_back(*ll);
            west = std::min(west, ll->first);
            east = std::max(east, ll->first);
        }
    }
    if (east - west >= 360) return "";
    std::string wkt = "MULTIPOLYGON(";
    for (const double shift : {0.0, -360.0, 360.0}) {
        wkt += shift == 0 ? "((" : ", ((";
        for (const auto &[lon, lat] : ring) wkt += number(lon + shift) + " " + number(lat) + ", ";
        wkt += number(ring.front().first + shift) + " " + number(ring.front().second) + "))";
    }
    return wkt + ")";
}

ViewFrame frame_view(const MapView &view) {
    const geo::Projection p(view.crs);
    auto b = geo::projected_bounds(p, view.box);
    // A little room around the area, so that nothing touches the frame.
    const double px = (b[2] - b[0]) * 0.01, py = (b[3] - b[1]) * 0.01;
    const auto extent = style::fit_extent({b[0] - px, b[1] - py, b[2] + px, b[3] + py});
    return {&view, view_spatialrefsys(view, p), extent, view.globe ? -90.0 : geo::latitude_range(p, extent).first,
            map_units_per_km(p, extent), label_area_wkt(view, p, extent)};
}

// --- the layers -------------------------------------------------------------------------------

struct Layer {
    std::string id, table, title, provider, source;
    std::string geometry, wkb; ///< QGIS's geometry kind (Point, Line, Polygon) and WKB type
    StyleParts style;
    bool basemap = false;
    const MapView *only = nullptr; ///< drawn in this view alone (a basemap read for it, the globe)
    std::string label_area{};      ///< the layer variable @depomap_label_area (a view's basemap)
    bool underlay = false;         ///< under the other layers of its kind (symbology.json `underlay`)
};

/// A path inside a QGIS datasource, relative to the project's folder ("./x", "../x"): QGIS reads
/// such a path against the folder the project is in (<Paths><Absolute>false).
std::string relative_to(const fs::path &file, const fs::path &project_dir) {
    const auto rel = fs::weakly_canonical(fs::absolute(file)).lexically_relative(project_dir);
    const std::string text = rel.generic_string();
    return text.rfind("../", 0) == 0 ? text : "./" + text;
}

/// A SpatiaLite datasource: dbname='...' (quote and backslash escaped) table="..." (geom).
std::string spatialite_source(const std::string &db, const std::string &table, bool query) {
    std::string quoted;
    for (char c : db) {
        if (c == '\'' || c == '\\') quoted += '\\';
        quoted += c;
    }
    return "dbname='" + quoted + "'" + (query ? " key='fid'" : "") + " table=\"" + table + "\" (" +
           std::string(schema::geometry_column) + ")";
}

/// The basemap as a view far from the south pole and across the antimeridian reads it
/// (store::map_view_sql): only what reaches north of the map's southmost latitude, and the
/// polygons cut at ±180° joined again east of it.
std::string basemap_query(const schema::Layer &layer, const ViewFrame &f) {
    return store::map_view_sql(layer, std::floor(f.south) - 5, f.view->box[2] > 180);
}

/// Top of the drawing order first: points, then lines, then polygons, each kind in the reverse
/// of the store's order with its underlays (USGS's thousands of occurrences) under the curated
/// layers of the kind; basemaps under everything.
int draw_rank(const Layer &l) {
    if (l.basemap) return 6;
    const int kind = l.geometry == "Point" ? 0 : l.geometry == "Line" ? 1 : 2;
    return 2 * kind + (l.underlay ? 1 : 0);
}

struct Project {
    std::vector<Layer> layers; ///< top first
    std::vector<ViewFrame> views;
    std::string data_date;
};

Layer store_layer(Store &store, const fs::path &styles, const Look &look, const schema::Layer &schema_layer,
                  const std::string &db) {
    Layer l;
    l.table = schema_layer.name;
    l.id = l.table + "_depomap";
    l.title = look.title(l.table);
    l.provider = "spatialite";
    l.source = spatialite_source(db, l.table, false);
    const bool point = schema_layer.geometry == schema::GeometryType::point;
    l.geometry = point ? "Point" : "Polygon";
    l.wkb = point ? "Point" : "MultiPolygon";
    l.basemap = look.basemaps.count(l.table) > 0;
    l.underlay = look.underlays.count(l.table) > 0;
    if (auto qml = layer_qml(store, styles, l.table)) {
        if (auto parts = split_qml(*qml)) l.style = *parts;
    }
    return l;
}

Project plan_project(Store &store, const QgisProjectOptions &o, const Look &look, const fs::path &layers_file) {
    Project p;
    const fs::path project_dir = fs::weakly_canonical(fs::absolute(o.output)).parent_path();
    const std::string db = relative_to(store.path(), project_dir);
    for (const auto &view : style::map_views()) p.views.push_back(frame_view(view));

    std::vector<Layer> layers;
    const auto schema_layers = schema::layers();
    for (auto it = schema_layers.rbegin(); it != schema_layers.rend(); ++it) {
        if (it->geometry == schema::GeometryType::none) continue;
        Layer l = store_layer(store, o.styles, look, *it, db);
        if (l.basemap) {
            for (const auto &f : p.views) {
                if (f.south <= -89 && f.view->box[2] <= 180) continue; // reads the plain layer
                Layer v = l;
                v.id = l.table + "_" + f.view->name + "_depomap";
                v.title = l.title + " (" + f.view->title + ")";
                v.source = spatialite_source(db, basemap_query(*it, f), true);
                v.only = f.view;
                v.label_area = f.label_area;
                layers.push_back(v);
            }
        }
        layers.push_back(l);
    }
    const std::string gpkg = relative_to(layers_file, project_dir);
    Layer links{"supply_links_depomap", io::supply_links_layer, look.title(io::supply_links_layer), "ogr",
                gpkg + "|layername=" + io::supply_links_layer, "Line", "MultiLineString", {}};
    if (auto qml = style::read_layer_style(o.styles, io::supply_links_layer)) {
        if (auto parts = split_qml(*qml)) links.style = *parts;
    }
    layers.push_back(links);
    std::stable_sort(layers.begin(), layers.end(), [](const Layer &a, const Layer &b) { return draw_rank(a) < draw_rank(b); });
    for (const auto &f : p.views) {
        if (!f.view->globe) continue;
        Layer globe{std::string("globe_") + f.view->name + "_depomap", io::globe_layer, "Sea", "ogr",
                    gpkg + "|layername=" + io::globe_layer, "Polygon", "Polygon", sea_style(look.sea), true, f.view};
        layers.push_back(globe);
    }
    p.layers = std::move(layers);
    if (store.db().scalar_int("SELECT count(*) FROM deposits").value_or(0) > 0)
        p.data_date = store.db().scalar_text("SELECT max(as_of) FROM deposits").value_or("");
    return p;
}

/// Whether `l` is drawn in `view`: every layer but the basemaps and the globe read for another
/// view; a basemap read plainly only where no view's own reading of it exists.
bool shown_in(const Project &p, const Layer &l, const MapView &view) {
    if (l.only) return l.only == &view;
    if (!l.basemap) return true;
    return std::none_of(p.layers.begin(), p.layers.end(),
                        [&](const Layer &o) { return o.only == &view && o.table == l.table; });
}

// --- the XML ----------------------------------------------------------------------------------

/// The layer's variables (QGIS keeps them as custom properties): before the style's own
/// <customproperties>, so that QGIS, which reads the first, reads these.
std::string layer_variables_xml(const Layer &l) {
    if (l.label_area.empty()) return "";
    return "      <customproperties><Option type=\"Map\">"
           "<Option type=\"List\" name=\"variableNames\"><Option type=\"QString\" value=\"depomap_label_area\"/></Option>"
           "<Option type=\"List\" name=\"variableValues\"><Option type=\"QString\" value=\"" +
           xml_escape(l.label_area) + "\"/></Option></Option></customproperties>\n";
}

std::string map_layer_xml(const Layer &l, const std::string &srs) {
    return "    <maplayer type=\"vector\" geometry=\"" + l.geometry + "\" wkbType=\"" + l.wkb +
           "\" autoRefreshEnabled=\"0\" " + l.style.attributes + ">\n"
           "      <id>" + l.id + "</id>\n"
           "      <datasource>" + xml_escape(l.source) + "</datasource>\n"
           "      <layername>" + xml_escape(l.title) + "</layername>\n"
           "      <srs>" + srs + "</srs>\n"
           "      <provider encoding=\"UTF-8\">" + l.provider + "</provider>\n" + layer_variables_xml(l) +
           l.style.body + "\n    </maplayer>\n";
}

std::string tree_layer_xml(const Layer &l, bool checked) {
    return "    <layer-tree-layer id=\"" + l.id + "\" name=\"" + xml_escape(l.title) + "\" source=\"" +
           xml_escape(l.source) + "\" providerKey=\"" + l.provider + "\" checked=\"" +
           (checked ? "Qt::Checked" : "Qt::Unchecked") +
           "\" expanded=\"1\" legend_exp=\"\">\n      <customproperties/>\n    </layer-tree-layer>\n";
}

std::string themes_xml(const Project &p) {
    std::string x = "  <visibility-presets>\n";
    for (const auto &f : p.views) {
        x += "    <visibility-preset name=\"" + xml_escape(f.view->title) +
             "\" has-expanded-info=\"0\" has-checked-group-info=\"0\">\n";
        for (const auto &l : p.layers)
            if (shown_in(p, l, *f.view)) x += "      <layer id=\"" + l.id + "\" visible=\"1\" expanded=\"1\"/>\n";
        x += "    </visibility-preset>\n";
    }
    return x + "  </visibility-presets>\n";
}

/// The legend reads from the data to its context: points, lines, polygons, each kind in the
/// store's order (deposits before processing plants), the underlays (USGS's records) last; no
/// basemap. Last, the underlay shares the short reserve-areas column instead of lengthening another.
std::vector<const Layer *> legend_order(const Project &p) {
    std::vector<const Layer *> legend;
    for (const auto &l : p.layers)
        if (!l.basemap) legend.push_back(&l);
    std::reverse(legend.begin(), legend.end());
    std::stable_sort(legend.begin(), legend.end(), [](const Layer *a, const Layer *b) {
        return std::make_pair(a->underlay, draw_rank(*a)) < std::make_pair(b->underlay, draw_rank(*b));
    });
    return legend;
}

std::string layouts_xml(const Project &p, const Look &look) {
    std::string x = "  <Layouts>\n";
    int index = 1;
    for (const auto &f : p.views) {
        style::LayoutSpec s;
        s.view = f.view;
        s.index = index++;
        s.theme = f.view->title;
        s.crs_xml = f.srs;
        s.extent = f.extent;
        s.map_units_per_km = f.map_units_per_km;
        for (const Layer *l : legend_order(p))
            if (shown_in(p, *l, *f.view)) s.legend.push_back({l->id, l->title, l->source, l->provider});
        s.title = map_title;
        s.attribution = style::map_attribution(p.data_date);
        s.background = f.view->globe ? "#ffffff" : look.sea;
        x += style::layout_xml(s);
    }
    return x + "  </Layouts>\n";
}

std::string properties_xml(const std::string &labels) {
    return "  <properties>\n"
           "    <Paths><Absolute type=\"bool\">false</Absolute></Paths>\n"
           "    <SpatialRefSys><ProjectionsEnabled type=\"int\">1</ProjectionsEnabled></SpatialRefSys>\n"
           "    <Measure><Ellipsoid type=\"QString\">EPSG:7030</Ellipsoid></Measure>\n"
           "    <Measurement><DistanceUnits type=\"QString\">km</DistanceUnits></Measurement>\n"
           // The label engine: version 2 placement, no label cut by the map's edge (partial labels
           // off), none drawn over another (all-labels and unplaced off).
           "    <PAL>\n"
           "      <PlacementEngineVersion type=\"int\">1</PlacementEngineVersion>\n"
           "      <SearchMethod type=\"int\">0</SearchMethod>\n"
           "      <CandidatesLinePerCM type=\"double\">5</CandidatesLinePerCM>\n"
           "      <CandidatesPolygonPerCM type=\"double\">2.5</CandidatesPolygonPerCM>\n"
           "      <ShowingPartialsLabels type=\"bool\">false</ShowingPartialsLabels>\n"
           "      <ShowingAllLabels type=\"bool\">false</ShowingAllLabels>\n"
           "      <DrawUnplaced type=\"bool\">false</DrawUnplaced>\n"
           "      <ShowingCandidates type=\"bool\">false</ShowingCandidates>\n"
           "      <DrawRectOnly type=\"bool\">false</DrawRectOnly>\n"
           "      <TextFormat type=\"int\">1</TextFormat>\n"
           "    </PAL>\n"
           // @depomap_labels: which names the labels show (the styles' label expressions read it).
           "    <Variables>\n"
           "      <variableNames type=\"QStringList\"><value>depomap_labels</value></variableNames>\n"
           "      <variableValues type=\"QStringList\"><value>" + labels + "</value></variableValues>\n"
           "    </Variables>\n"
           "  </properties>\n";
}

std::string project_xml(const Project &p, const Look &look, const std::string &labels) {
    const std::string wgs84 = wgs84_spatialrefsys();
    const ViewFrame &first = p.views.front();
    std::string tree, layers, order;
    for (const auto &l : p.layers) {
        tree += tree_layer_xml(l, shown_in(p, l, *first.view));
        layers += map_layer_xml(l, wgs84);
        order += "    <layer id=\"" + l.id + "\"/>\n";
    }
    const auto &e = first.extent;
    const std::string extent = "<xmin>" + number(e[0]) + "</xmin><ymin>" + number(e[1]) + "</ymin><xmax>" +
                               number(e[2]) + "</xmax><ymax>" + number(e[3]) + "</ymax>";
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           "<qgis projectname=\"" + std::string(map_title) + "\" version=\"" + style::installed_qgis_version() +
           "\">\n"
           "  <homePath path=\"\"/>\n"
           "  <title>" + map_title + "</title>\n"
           "  <projectCrs>" + first.srs + "</projectCrs>\n"
           "  <layer-tree-group>\n    <customproperties/>\n" + tree +
           "    <custom-order enabled=\"0\"/>\n  </layer-tree-group>\n"
           "  <mapcanvas annotationsVisible=\"1\" name=\"theMapCanvas\">\n"
           "    <units>meters</units>\n    <extent>" + extent + "</extent>\n"
           "    <rotation>0</rotation>\n    <destinationsrs>" + first.srs + "</destinationsrs>\n"
           "    <rendermaptile>0</rendermaptile>\n  </mapcanvas>\n"
           "  <projectlayers>\n" + layers + "  </projectlayers>\n"
           "  <layerorder>\n" + order + "  </layerorder>\n"
           "  <ProjectViewSettings UseProjectScales=\"0\">\n    <Scales/>\n"
           "    <DefaultViewExtent xmin=\"" + number(e[0]) + "\" ymin=\"" + number(e[1]) + "\" xmax=\"" +
           number(e[2]) + "\" ymax=\"" + number(e[3]) + "\">" + first.srs + "</DefaultViewExtent>\n"
           "  </ProjectViewSettings>\n" +
           properties_xml(labels) + themes_xml(p) + layouts_xml(p, look) + "</qgis>\n";
}

query::NearestResult supply_links(Store &store) {
    for (const char *layer : {"deposits", "processing_sites"})
        if (store.db().scalar_int("SELECT count(*) FROM " + std::string(layer)).value_or(0) == 0) return {};
    return query::nearest(store, {});
}

} // namespace

fs::path qgis_project_layers_path(const fs::path &project) {
    return project.parent_path() / (project.stem().string() + "_map.gpkg");
}

int write_qgis_project(Store &store, const QgisProjectOptions &options) {
    const auto &out = options.output;
    if (out.empty()) throw UsageError("no output: " + option_ref("output") + " names no project file (FILE.qgs)");
    if (options.labels != "en" && options.labels != "local" && options.labels != "both")
        throw UsageError(option_ref("labels") + ": \"" + options.labels + "\" is not en, local or both");
    output::Protected keep;
    keep.add_store(store.path());
    const output::Rules rules{options.overwrite, &keep};
    const fs::path layers_file = qgis_project_layers_path(out);
    // Both places checked before any work: the project and the GeoPackage beside it.
    output::check_target(out, rules, false, "a QGIS project (it has a GeoPackage beside it)");
    output::check_target(layers_file, rules, false, "GPKG");
    const Look look = read_look(options.styles);
    const Project project = plan_project(store, options, look, layers_file);

    output::StagingDir staging(layers_file.parent_path().empty() ? fs::path(".") : layers_file.parent_path());
    const fs::path staged_layers = staging.dir() / layers_file.filename();
    io::write_project_layers(staged_layers, supply_links(store),
                             style::read_layer_style(options.styles, io::supply_links_layer));
    output::StagedFile file(out, rules);
    file.stream() << project_xml(project, look, options.labels);
    output::publish(staged_layers, layers_file, rules);
    file.commit();
    return static_cast<int>(project.layers.size());
}

} // namespace depomap
