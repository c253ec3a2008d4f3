#include "style/qgis_layout.hpp"

#include "depomap/error.hpp"
#include "util/text.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace depomap::style {
namespace {

using util::xml_escape;

// A4 landscape, 10 mm margins: title and subtitle, the map, the legend with the scale bar (and
// north arrow) to its right, the sources line at the foot.
constexpr double page_w = 297, page_h = 210;
constexpr std::array<double, 4> map_frame{10, 24, 277, 124};
constexpr const char *font = "DejaVu Sans"; // Latin and Cyrillic, installed with the map fonts
constexpr const char *ink = "#1a1a1a", *grey = "#5a5a5a";

// QGIS's layout item types (QgsLayoutItemRegistry: QGraphicsItem::UserType + 102...).
enum ItemType { page = 65638, map = 65639, picture = 65640, label = 65641, legend = 65642, scale_bar = 65646 };

struct Rect {
    double x, y, w, h;
};

std::string num(double v) {
    char buffer[32];
    const auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v);
    return std::string(buffer, end);
}

/// "#rrggbb" → "r,g,b,255"; throws Error on anything else.
std::string rgba(const std::string &hex) {
    unsigned r = 0, g = 0, b = 0;
    if (hex.size() != 7 || hex[0] != '#' || std::sscanf(hex.c_str() + 1, "%2x%2x%2x", &r, &g, &b) != 3)
        throw Error("symbology: \"" + hex + "\" is not a colour #rrggbb");
    return std::to_string(r) + "," + std::to_string(g) + "," + std::to_string(b) + ",255";
}

std::string colour_element(const char *name, const std::string &hex) {
    const std::string c = rgba(hex);
    unsigned r = 0, g = 0, b = 0;
    std::sscanf(c.c_str(), "%u,%u,%u", &r, &g, &b);
    return std::string("<") + name + " red=\"" + std::to_string(r) + "\" green=\"" + std::to_string(g) +
           "\" blue=\"" + std::to_string(b) + "\" alpha=\"255\"/>";
}

/// Qt's font description: family, point size, pixel size, style hint, weight (50 normal, 75 bold),
/// italic, underline, strike-out, fixed pitch, raw mode.
std::string font_description(double points, bool bold) {
    return std::string(font) + "," + num(points) + ",-1,5," + (bold ? "75" : "50") + ",0,0,0,0,0";
}

std::string uuid(int layout, int item) {
    char text[48];
    std::snprintf(text, sizeof text, "{00000000-0000-4000-8000-%06d%06d}", layout, item);
    return text;
}

struct Item {
    ItemType type = label;
    std::string uuid, id;
    Rect r{};
    int z = 1;
    std::string attributes;  ///< the item type's own
    std::string children;    ///< the item type's own elements
    bool frame = false;
    std::string background;  ///< "" for none
};

Item make_item(ItemType type, std::string uuid, std::string id, Rect r, int z = 1) {
    Item i;
    i.type = type;
    i.uuid = std::move(uuid);
    i.id = std::move(id);
    i.r = r;
    i.z = z;
    return i;
}

std::string item_xml(const Item &i) {
    const std::string pos = num(i.r.x) + "," + num(i.r.y) + ",mm";
    return "      <LayoutItem type=\"" + std::to_string(i.type) + "\" uuid=\"" + i.uuid + "\" templateUuid=\"" + i.uuid +
           "\" id=\"" + xml_escape(i.id) + "\" position=\"" + pos + "\" positionOnPage=\"" + pos + "\" size=\"" +
           num(i.r.w) + "," + num(i.r.h) + ",mm\" referencePoint=\"0\" zValue=\"" + std::to_string(i.z) +
           "\" visibility=\"1\" frame=\"" + (i.frame ? "true" : "false") + "\" background=\"" +
           (i.background.empty() ? "false" : "true") +
           "\" opacity=\"1\" blendMode=\"0\" positionLock=\"false\" excludeFromExports=\"0\" itemRotation=\"0\" "
           "outlineWidthM=\"0.25,mm\" frameJoinStyle=\"miter\" groupUuid=\"\" " + i.attributes + ">\n"
           "        " + colour_element("FrameColor", "#8a8a8a") + "\n"
           "        " + colour_element("BackgroundColor", i.background.empty() ? "#ffffff" : i.background) + "\n"
           "        <LayoutObject><customproperties><Option/></customproperties></LayoutObject>\n" +
           i.children + "      </LayoutItem>\n";
}

/// Text for an attribute whose line breaks count (an attribute's raw newline reads as a space).
std::string attribute_text(const std::string &text) {
    std::string out;
    for (char c : xml_escape(text)) out += c == '\n' ? std::string("&#10;") : std::string(1, c);
    return out;
}

Item text_item(int layout, int n, const std::string &id, Rect r, const std::string &text, double points, bool bold,
               const char *colour) {
    Item i = make_item(label, uuid(layout, n), id, r);
    i.attributes = "labelText=\"" + attribute_text(text) +
                   "\" htmlState=\"0\" halign=\"1\" valign=\"32\" marginX=\"0\" marginY=\"0\"";
    i.children = "        <LabelFont description=\"" + font_description(points, bold) + "\" style=\"" +
                 (bold ? "Bold" : "") + "\"/>\n        " + colour_element("FontColor", colour) + "\n";
    return i;
}

Item map_item(const LayoutSpec &s, const std::string &map_uuid) {
    const auto &e = s.extent;
    Item i = make_item(map, map_uuid, "map", {map_frame[0], map_frame[1], map_frame[2], map_frame[3]}, 1);
    i.frame = true;
    i.background = s.background;
    // The map follows its theme; labels keep 2 mm from the frame and only whole labels are drawn
    // (mapFlags 0: no partial labels).
    i.attributes = "followPreset=\"true\" followPresetName=\"" + xml_escape(s.theme) +
                   "\" keepLayerSet=\"false\" drawCanvasItems=\"true\" mapRotation=\"0\" mapFlags=\"0\" "
                   "labelMargin=\"2,mm\" isTemporal=\"0\"";
    i.children = "        <Extent xmin=\"" + num(e[0]) + "\" ymin=\"" + num(e[1]) + "\" xmax=\"" + num(e[2]) +
                 "\" ymax=\"" + num(e[3]) + "\"/>\n        <crs>" + s.crs_xml +
                 "</crs>\n        <LayerSet/>\n        <AtlasMap atlasDriven=\"0\" scalingMode=\"2\" margin=\"0.1\"/>\n"
                 "        <labelBlockingItems/>\n";
    return i;
}

std::string legend_style(const char *name, double points, bool bold, const std::string &margins) {
    return "          <style name=\"" + std::string(name) + "\" alignment=\"1\" indent=\"0\" " + margins +
           "><styleFont description=\"" + font_description(points, bold) + "\" style=\"" + (bold ? "Bold" : "") +
           "\"/></style>\n";
}

Item legend_item(const LayoutSpec &s, int n, const std::string &map_uuid, Rect r) {
    Item i = make_item(legend, uuid(s.index, n), "legend", r, 3);
    i.attributes = "title=\"\" map_uuid=\"" + map_uuid +
                   "\" columnCount=\"4\" splitLayer=\"0\" equalColumnWidth=\"0\" resizeToContents=\"1\" "
                   "symbolWidth=\"5\" symbolHeight=\"3\" boxSpace=\"0\" columnSpace=\"5\" lineSpacing=\"0.5\" "
                   "wrapChar=\"\" fontColor=\"" + std::string(ink) +
                   "\" titleAlignment=\"1\" symbolAlignment=\"1\" rasterBorder=\"0\" rasterBorderWidth=\"0\" "
                   "rasterBorderColor=\"0,0,0,255\" maxSymbolSize=\"0\" minSymbolSize=\"0\" legendFilterByAtlas=\"0\" "
                   "wmsLegendWidth=\"50\" wmsLegendHeight=\"25\"";
    std::string tree = "        <layer-tree-group>\n          <customproperties><Option/></customproperties>\n";
    for (const auto &l : s.legend)
        tree += "          <layer-tree-layer id=\"" + xml_escape(l.id) + "\" name=\"" + xml_escape(l.name) +
                "\" source=\"" + xml_escape(l.source) + "\" providerKey=\"" + l.provider +
                "\" checked=\"Qt::Checked\" expanded=\"1\" legend_exp=\"\" patch_size=\"-1,-1\" "
                "legend_split_behavior=\"0\"><customproperties><Option/></customproperties></layer-tree-layer>\n";
    tree += "        </layer-tree-group>\n";
    i.children = "        <styles>\n" + legend_style("title", 9, true, "marginBottom=\"2\"") +
                 legend_style("group", 8, true, "marginTop=\"2\"") +
                 legend_style("subgroup", 7.5, true, "marginTop=\"2\"") +
                 legend_style("symbol", 7, false, "marginTop=\"1\"") +
                 legend_style("symbolLabel", 7, false, "marginTop=\"1\" marginLeft=\"1.5\"") + "        </styles>\n" +
                 tree;
    return i;
}

/// A round length (1, 2 or 5 times a power of ten) no longer than `max`.
double round_down(double max) {
    const double p = std::pow(10.0, std::floor(std::log10(max)));
    for (double m : {5.0, 2.0, 1.0})
        if (m * p <= max) return m * p;
    return p;
}

Item scale_bar_item(const LayoutSpec &s, int n, const std::string &map_uuid, Rect r) {
    Item i = make_item(scale_bar, uuid(s.index, n), "scale bar", r, 4);
    // Kilometres east-west at the map's centre: segments in map units, labelled in km through
    // map units per km (QGIS's own measure in km runs along the whole width of the map: off the
    // globe on a world map, and not the scale at the centre of a wide conic); two segments of a
    // round length, each at most 15 mm.
    const double km_per_mm = (s.extent[2] - s.extent[0]) / map_frame[2] / s.map_units_per_km;
    const double segment_km = round_down(15 * km_per_mm);
    i.attributes = "style=\"Single Box\" mapUuid=\"" + map_uuid +
                   "\" unitType=\"&lt;unknown&gt;\" unitLabel=\"km\" numMapUnitsPerScaleBarUnit=\"" +
                   num(s.map_units_per_km) + "\" numSegments=\"2\" "
                   "numSegmentsLeft=\"0\" numSubdivisions=\"1\" subdivisionsHeight=\"1.5\" segmentSizeMode=\"0\" "
                   "minBarWidth=\"10\" maxBarWidth=\"40\" numUnitsPerSegment=\"" + num(segment_km * s.map_units_per_km) +
                   "\" segmentMillimeters=\"0\" "
                   "height=\"1.8\" labelBarSpace=\"1.2\" boxContentSpace=\"0.8\" alignment=\"0\" "
                   "labelVerticalPlacement=\"0\" labelHorizontalPlacement=\"0\" outlineWidth=\"0.2\" "
                   "lineJoinStyle=\"miter\" lineCapStyle=\"square\"";
    i.children = "        <text-style fontFamily=\"" + std::string(font) +
                 "\" fontSize=\"7\" fontSizeUnit=\"Point\" fontWeight=\"50\" fontItalic=\"0\" textColor=\"" +
                 rgba(ink) + "\" textOpacity=\"1\" namedStyle=\"\" multilineHeight=\"1\" blendMode=\"0\" "
                             "allowHtml=\"0\" capitalization=\"0\" fontKerning=\"1\" previewBkgrdColor=\"255,255,255,255\" "
                             "textOrientation=\"horizontal\"><families/></text-style>\n        " +
                 colour_element("fillColor", ink) + "\n        " + colour_element("fillColor2", "#ffffff") +
                 "\n        " + colour_element("strokeColor", ink) + "\n";
    return i;
}

Item north_arrow_item(const LayoutSpec &s, int n, const std::string &map_uuid, Rect r) {
    Item i = make_item(picture, uuid(s.index, n), "north arrow", r, 5);
    // QGIS's own arrow (found in its SVG folder wherever QGIS is installed), turned to true north
    // at the map's centre.
    i.attributes = "file=\"arrows/NorthArrow_02.svg\" mode=\"0\" mapUuid=\"" + map_uuid +
                   "\" northMode=\"1\" northOffset=\"0\" resizeMode=\"0\" anchorPoint=\"4\" pictureRotation=\"0\" "
                   "pictureWidth=\"" + num(r.w) + "\" pictureHeight=\"" + num(r.h) +
                   "\" svgFillColor=\"" + rgba(ink) + "\" svgBorderColor=\"" + rgba(ink) + "\" svgBorderWidth=\"0.2\"";
    return i;
}

std::string page_item(int layout) {
    Item i = make_item(page, uuid(layout, 0), "", {0, 0, page_w, page_h}, 0);
    i.background = "#ffffff";
    return item_xml(i);
}

std::string page_collection(int layout) {
    return "      <PageCollection>\n"
           "        <symbol type=\"fill\" name=\"\" alpha=\"1\" clip_to_extent=\"1\" force_rhr=\"0\">"
           "<layer class=\"SimpleFill\" enabled=\"1\" locked=\"0\" pass=\"0\"><Option type=\"Map\">"
           "<Option type=\"QString\" name=\"color\" value=\"255,255,255,255\"/>"
           "<Option type=\"QString\" name=\"outline_style\" value=\"no\"/>"
           "<Option type=\"QString\" name=\"style\" value=\"solid\"/></Option></layer></symbol>\n" +
           page_item(layout) +
           "        <GuideCollection visible=\"1\"/>\n      </PageCollection>\n";
}

} // namespace

std::array<double, 4> layout_map_frame() { return map_frame; }

std::array<double, 4> fit_extent(const std::array<double, 4> &b) {
    const double aspect = map_frame[2] / map_frame[3];
    double w = b[2] - b[0], h = b[3] - b[1];
    if (w / h < aspect) {
        w = h * aspect;
    } else {
        h = w / aspect;
    }
    const double cx = (b[0] + b[2]) / 2, cy = (b[1] + b[3]) / 2;
    return {cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2};
}

std::string layout_xml(const LayoutSpec &s) {
    const MapView &v = *s.view;
    const std::string map_uuid = uuid(s.index, 1);
    const double left = map_frame[0], right = map_frame[0] + map_frame[2], below = map_frame[1] + map_frame[3];
    const double sources_y = page_h - 9;
    std::string items;
    items += item_xml(map_item(s, map_uuid));
    items += item_xml(text_item(s.index, 2, "title", {left, 7, map_frame[2], 9}, s.title, 15, true, ink));
    items += item_xml(text_item(s.index, 3, "subtitle", {left, 16.5, map_frame[2], 6}, v.subtitle, 9, false, grey));
    // The legend: a column per layer (none split), between the map and the sources line.
    items += item_xml(legend_item(s, 4, map_uuid, {left, below + 3, 200, sources_y - 1.5 - below - 3}));
    // Scale bar (and north arrow) at the right of the legend, the projection under them.
    const double tools_x = right - 52;
    items += item_xml(scale_bar_item(s, 5, map_uuid, {tools_x, below + 4, 40, 8}));
    items += item_xml(text_item(s.index, 6, "projection", {tools_x, below + 13, 52, 8},
                                std::string("Scale at the map's centre\n") + v.projection, 6.5, false, grey));
    if (v.north_arrow) items += item_xml(north_arrow_item(s, 7, map_uuid, {right - 9, below + 3, 9, 12}));
    items += item_xml(text_item(s.index, 8, "sources", {left, sources_y, map_frame[2], 6}, s.attribution, 6.5,
                                false, grey));
    return "    <Layout name=\"" + xml_escape(v.title) +
           "\" units=\"mm\" printResolution=\"300\" worldFileMap=\"\">\n"
           "      <Snapper snapToGrid=\"0\" snapToGuides=\"1\" snapToItems=\"1\" tolerance=\"5\"/>\n"
           "      <Grid resolution=\"10\" resUnits=\"mm\" offsetX=\"0\" offsetY=\"0\" offsetUnits=\"mm\"/>\n" +
           page_collection(s.index) + items +
           // The designer's PDF export keeps the text as text (searchable, and sharp at any size).
           "      <customproperties><Option type=\"Map\"><Option type=\"int\" name=\"pdfTextFormat\" value=\"1\"/>"
           "<Option type=\"bool\" name=\"singleFile\" value=\"true\"/></Option></customproperties>\n"
           "      <Atlas enabled=\"0\" coverageLayer=\"\" hideCoverage=\"0\" filterFeatures=\"0\" sortFeatures=\"0\" "
           "pageNameExpression=\"\" filenamePattern=\"'output_'||@atlas_featurenumber\"/>\n"
           "    </Layout>\n";
}

} // namespace depomap::style
