// A QGIS 3.22 project over a store. Layers go through QGIS's `spatialite` provider (the OGR
// provider ignores a SpatiaLite file's layer_styles, docs/QGIS-STYLES.md), and each carries its
// style inline, so the project looks the same whatever the store's layer_styles holds.
#include "depomap/qgis_project.hpp"

#include "depomap/atlas.hpp"
#include "depomap/error.hpp"
#include "depomap/export.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"
#include "io/gdal.hpp"
#include "output/publish.hpp"
#include "util/text.hpp"

#include <array>
#include <charconv>

namespace depomap {
namespace {

using util::xml_escape;

namespace fs = std::filesystem;

// Top to bottom: what is drawn last comes first; the admin basemap lies under everything.
constexpr std::array layer_order{"processing_sites", "deposits", "reserve_areas", "admin_regions"};

std::string number(double v) {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, end);
}

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

} // namespace

std::string qgis_project_xml(Store &store, const fs::path &styles) {
    const auto db_path = fs::absolute(store.path()).lexically_normal().string();
    const auto infos = store.layer_info();
    std::optional<Extent> data_extent;
    for (const auto &info : infos) {
        if ((info.name == "deposits" || info.name == "processing_sites") && info.extent && info.count > 0) {
            if (!data_extent) {
                data_extent = info.extent;
            } else {
                data_extent->min_x = std::min(data_extent->min_x, info.extent->min_x);
                data_extent->min_y = std::min(data_extent->min_y, info.extent->min_y);
                data_extent->max_x = std::max(data_extent->max_x, info.extent->max_x);
                data_extent->max_y = std::max(data_extent->max_y, info.extent->max_y);
            }
        }
    }
    Extent e = data_extent.value_or(Extent{-180, -60, 180, 85});
    // A margin so that points on the edge and their labels show.
    const double mx = std::max(1.0, (e.max_x - e.min_x) * 0.05), my = std::max(1.0, (e.max_y - e.min_y) * 0.05);
    e = {std::max(-180.0, e.min_x - mx), std::max(-90.0, e.min_y - my), std::min(180.0, e.max_x + mx),
         std::min(90.0, e.max_y + my)};
    const std::string srs = wgs84_spatialrefsys();

    std::string tree, layers, order;
    for (const char *name : layer_order) {
        const auto *layer = schema::find_layer(name);
        if (!layer) continue;
        const std::string id = std::string(name) + "_depomap";
        const std::string source = "dbname='" + db_path + "' table=\"" + name + "\" (" +
                                   std::string(schema::geometry_column) + ")";
        const bool point = layer->geometry == schema::GeometryType::point;
        tree += "    <layer-tree-layer id=\"" + id + "\" name=\"" + name + "\" source=\"" + xml_escape(source) +
                "\" providerKey=\"spatialite\" checked=\"Qt::Checked\" expanded=\"1\" legend_exp=\"\">\n"
                "      <customproperties/>\n    </layer-tree-layer>\n";
        order += "    <layer id=\"" + id + "\"/>\n";
        StyleParts style;
        if (auto qml = style::read_layer_style(styles, name)) {
            if (auto parts = split_qml(*qml)) style = *parts;
        }
        layers += "    <maplayer type=\"vector\" geometry=\"" + std::string(point ? "Point" : "Polygon") +
                  "\" wkbType=\"" + (point ? "Point" : "MultiPolygon") + "\" autoRefreshEnabled=\"0\" " +
                  style.attributes + ">\n"
                  "      <id>" + id + "</id>\n"
                  "      <datasource>" + xml_escape(source) + "</datasource>\n"
                  "      <layername>" + name + "</layername>\n"
                  "      <srs>" + srs + "</srs>\n"
                  "      <provider encoding=\"UTF-8\">spatialite</provider>\n" +
                  style.body + "\n    </maplayer>\n";
    }
    const std::string extent = "<xmin>" + number(e.min_x) + "</xmin><ymin>" + number(e.min_y) + "</ymin><xmax>" +
                               number(e.max_x) + "</xmax><ymax>" + number(e.max_y) + "</ymax>";
    return "<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
           "<qgis projectname=\"depomap atlas\" version=\"3.22.16-Białowieża\">\n"
           "  <homePath path=\"\"/>\n"
           "  <title>depomap atlas</title>\n"
           "  <projectCrs>" + srs + "</projectCrs>\n"
           "  <layer-tree-group>\n    <customproperties/>\n" + tree +
           "    <custom-order enabled=\"0\"/>\n  </layer-tree-group>\n"
           "  <mapcanvas annotationsVisible=\"1\" name=\"theMapCanvas\">\n"
           "    <units>degrees</units>\n    <extent>" + extent + "</extent>\n"
           "    <rotation>0</rotation>\n    <destinationsrs>" + srs + "</destinationsrs>\n"
           "    <rendermaptile>0</rendermaptile>\n  </mapcanvas>\n"
           "  <projectlayers>\n" + layers + "  </projectlayers>\n"
           "  <layerorder>\n" + order + "  </layerorder>\n"
           "  <ProjectViewSettings UseProjectScales=\"0\">\n    <Scales/>\n"
           "    <DefaultViewExtent xmin=\"" + number(e.min_x) + "\" ymin=\"" + number(e.min_y) + "\" xmax=\"" +
           number(e.max_x) + "\" ymax=\"" + number(e.max_y) + "\">" + srs + "</DefaultViewExtent>\n"
           "  </ProjectViewSettings>\n"
           "  <properties>\n"
           "    <SpatialRefSys><ProjectionsEnabled type=\"int\">1</ProjectionsEnabled></SpatialRefSys>\n"
           "    <Measure><Ellipsoid type=\"QString\">EPSG:7030</Ellipsoid></Measure>\n"
           "    <Measurement><DistanceUnits type=\"QString\">km</DistanceUnits></Measurement>\n"
           "  </properties>\n"
           "</qgis>\n";
}

int write_qgis_project(Store &store, const QgisProjectOptions &options) {
    const auto &out = options.output;
    if (out.empty()) throw UsageError("no output (-o FILE.qgs)");
    output::Protected keep;
    keep.add_store(store.path());
    output::StagedFile file(out, output::Rules{options.overwrite, &keep}); // refuses before any work
    file.stream() << qgis_project_xml(store, options.styles);
    file.commit();
    return static_cast<int>(layer_order.size());
}

} // namespace depomap
