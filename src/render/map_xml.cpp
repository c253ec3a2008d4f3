#include "render/map_xml.hpp"

#include "render/shapes.hpp"
#include "render/symbology.hpp"
#include "util/text.hpp"

#include <sstream>

namespace depomap::render {

namespace {

using util::xml_escape;

std::string num(double value) {
    std::ostringstream s;
    s.precision(6);
    s << value;
    return s.str();
}

/// A SQL string literal.
std::string sql_text(const std::string &text) {
    std::string out = "'";
    for (char c : text) out += c == '\'' ? std::string("''") : std::string(1, c);
    return out + "'";
}

/// The label of a point feature: its name, its local name, or both on two lines. Local names are
/// those of the countries symbology.json lists in `local_names` (written in Cyrillic; DejaVu has no
/// Chinese, say).
std::string label_sql(Labels labels) {
    std::string countries;
    for (const auto &iso3 : symbology().local_names) countries += (countries.empty() ? "" : ", ") + sql_text(iso3);
    const std::string local = "CASE WHEN country_iso3 IN (" + countries + ") THEN nullif(trim(name_local), '') END";
    switch (labels) {
    case Labels::local: return "coalesce(" + local + ", name)";
    case Labels::both:
        return "CASE WHEN " + local + " IS NOT NULL AND " + local + " <> name THEN name || char(10) || " + local +
               " ELSE name END";
    case Labels::en: break;
    }
    return "name";
}

/// A SpatiaLite layer of the store, read by Mapnik's sqlite plugin through `select`. The plugin
/// opens the store's file itself and decodes SpatiaLite's blobs (wkb_format), so this SQL and
/// these parameters stay SpatiaLite's here, outside src/store: they are Mapnik's datasource, not
/// a query of ours (a store of another kind would need Mapnik's postgis plugin instead).
void datasource(std::ostream &x, const MapSpec &spec, const std::string &table, const std::string &select) {
    x << "<Datasource><Parameter name=\"type\">sqlite</Parameter>"
      << "<Parameter name=\"file\">" << xml_escape(spec.db) << "</Parameter>"
      << "<Parameter name=\"table\">" << xml_escape("(" + select + ") AS t") << "</Parameter>"
      << "<Parameter name=\"geometry_table\">" << table << "</Parameter>"
      << "<Parameter name=\"geometry_field\">geom</Parameter>"
      << "<Parameter name=\"key_field\">fid</Parameter>"
      << "<Parameter name=\"wkb_format\">spatialite</Parameter>"
      << "<Parameter name=\"use_spatial_index\">false</Parameter>"
      << "<Parameter name=\"extent\">-180,-90,180,90</Parameter></Datasource>";
}

void layer(std::ostream &x, const MapSpec &spec, const std::string &name, const std::string &table,
           const std::vector<std::string> &styles, const std::string &select) {
    x << "<Layer name=\"" << name << "\" srs=\"epsg:4326\">";
    for (const auto &style : styles) x << "<StyleName>" << style << "</StyleName>";
    datasource(x, spec, table, select);
    x << "</Layer>";
}

/// Text common to every label: halo, no overlap, wrapped when long.
std::string text_attributes(const MapSpec &spec, const TextStyle &t, double halo_mm) {
    const double pt = spec.px_per_mm * 25.4 / 72.0;
    std::ostringstream a;
    a << " face-name=\"" << (t.italic ? font_italic : font_regular) << "\" size=\"" << num(t.size_pt * pt)
      << "\" fill=\"" << t.colour << "\" allow-overlap=\"false\" avoid-edges=\"true\" wrap-width=\"" << num(45 * spec.px_per_mm) << "\"";
    if (halo_mm > 0) a << " halo-fill=\"rgba(255,255,255,0.85)\" halo-radius=\"" << num(halo_mm * spec.px_per_mm) << "\"";
    return a.str();
}

/// Labels beside a point marker whose diameter (px) is `size_expr`, in the first free of eight
/// positions around it (as QGIS's "around point"), clear of the marker.
void point_label_rule(std::ostream &x, const MapSpec &spec, const TextStyle &t, const std::string &offset) {
    x << "<Rule><TextSymbolizer" << text_attributes(spec, t, 0.7)
      << " placement-type=\"simple\" placements=\"NE,SE,NW,SW,E,W,N,S\" dx=\"" << offset << "\" dy=\"" << offset
      << "\">[label]</TextSymbolizer></Rule>";
}

void admin_styles(std::ostream &x, const MapSpec &spec, const Symbology &s) {
    const double k = spec.px_per_mm;
    x << "<Style name=\"admin-fill\"><Rule><Filter>[level] = 'country'</Filter><PolygonSymbolizer clip=\"false\" fill=\"" << s.land
      << "\"/></Rule><Rule><ElseFilter/><PolygonSymbolizer clip=\"false\" fill=\"" << s.land << "\" fill-opacity=\"0.6\"/></Rule></Style>";
    x << "<Style name=\"admin-regions\"><Rule><Filter>[level] = 'region'</Filter><LineSymbolizer clip=\"false\" stroke=\""
      << s.region_border << "\" stroke-width=\"" << num(s.region_border_mm * k) << "\" stroke-dasharray=\""
      << num(0.6 * k) << "," << num(0.6 * k) << "\"/></Rule></Style>";
    x << "<Style name=\"admin-countries\"><Rule><Filter>[level] = 'country'</Filter><LineSymbolizer clip=\"false\" stroke=\""
      << s.country_border << "\" stroke-width=\"" << num(s.country_border_mm * k)
      << "\" stroke-linejoin=\"round\"/></Rule></Style>";
    x << "<Style name=\"seam\"><Rule><LineSymbolizer clip=\"false\" stroke=\"" << s.land << "\" stroke-width=\""
      << num(2.5 * std::max(s.country_border_mm, s.region_border_mm) * k) << "\" stroke-linecap=\"butt\"/></Rule></Style>";
    // Country names: quiet, the largest part of each country only, placed after every data label.
    TextStyle t = s.country_label;
    x << "<Style name=\"admin-labels\"><Rule><Filter>[level] = 'country'</Filter><TextSymbolizer"
      << text_attributes(spec, t, 0) << " placement=\"interior\" character-spacing=\"" << num(0.6 * k * 0.5)
      << "\" largest-bbox-only=\"true\">[name]</TextSymbolizer></Rule></Style>";
}

void reserve_styles(std::ostream &x, const MapSpec &spec, const Symbology &s) {
    const double k = spec.px_per_mm;
    const auto rule = [&](const char *filter, double fill, double width, const char *dash) {
        x << "<Rule>" << filter << "<PolygonSymbolizer clip=\"false\" fill=\"" << s.reserve_colour << "\" fill-opacity=\"" << num(fill)
          << "\"/><LineSymbolizer clip=\"false\" stroke=\"" << s.reserve_colour << "\" stroke-width=\"" << num(width * k) << "\"";
        if (*dash) x << " stroke-dasharray=\"" << dash << "\"";
        x << "/></Rule>";
    };
    const std::string dash = num(4 * k) + "," + num(2 * k);
    x << "<Style name=\"reserve-areas\">";
    rule("<Filter>[outline_method] = 'surveyed'</Filter>", 0.30, 0.6, "");
    rule("<Filter>[outline_method] = 'digitised'</Filter>", 0.24, 0.4, "");
    rule("<ElseFilter/>", 0.10, 0.45, dash.c_str());
    x << "</Style>";
}

void deposit_styles(std::ostream &x, const MapSpec &spec, const Symbology &s) {
    const double k = spec.px_per_mm;
    const auto marker = [&](const std::string &filter, const DepositClass &c) {
        x << "<Rule>" << filter << "<MarkersSymbolizer placement=\"point\" width=\"[size]\" height=\"[size]\" fill=\""
          << c.fill << "\" fill-opacity=\"" << num(c.opacity) << "\" stroke=\"" << c.outline << "\" stroke-width=\""
          << num(c.outline_mm * k) << "\" allow-overlap=\"true\"/></Rule>";
    };
    x << "<Style name=\"deposit-markers\">";
    for (const auto &c : s.deposit_classes) marker("<Filter>[status] = " + xml_escape(sql_text(c.value)) + "</Filter>", c);
    marker("<ElseFilter/>", s.deposit_other);
    x << "</Style><Style name=\"deposit-labels\">";
    point_label_rule(x, spec, s.deposit_label, "[size] * 0.5 + " + num(0.6 * k));
    x << "</Style>";
}

/// The file name of a stage's marker: its index among the classes, "other" for the rest.
std::string marker_name(std::size_t index, bool halo) {
    const std::size_t count = symbology().site_classes.size();
    return (index < count ? std::to_string(index) : std::string("other")) + (halo ? "-halo" : "") + ".svg";
}

void site_styles(std::ostream &x, const MapSpec &spec, const Symbology &s) {
    const auto marker = [&](const std::string &filter, std::size_t index) {
        // A white halo under the marker keeps it readable over deposit circles.
        x << "<Rule>" << filter;
        for (bool halo : {true, false})
            x << "<MarkersSymbolizer placement=\"point\" file=\""
              << xml_escape(spec.shape_dir + "/" + marker_name(index, halo)) << "\" allow-overlap=\"true\"/>";
        x << "</Rule>";
    };
    x << "<Style name=\"site-markers\">";
    for (std::size_t i = 0; i < s.site_classes.size(); ++i)
        marker("<Filter>[stage] = " + xml_escape(sql_text(s.site_classes[i].value)) + "</Filter>", i);
    marker("<ElseFilter/>", s.site_classes.size());
    x << "</Style><Style name=\"site-labels\">";
    point_label_rule(x, spec, s.site_label, num(3.0 * spec.px_per_mm));
    x << "</Style>";
}

void link_styles(std::ostream &x, const MapSpec &spec, const Symbology &s) {
    x << "<Style name=\"links\">";
    for (const auto &c : s.link_classes)
        x << "<Rule><Filter>[distance_km] &gt;= " << num(c.lower) << " and [distance_km] &lt; " << num(c.upper)
          << "</Filter><LineSymbolizer clip=\"false\" stroke=\"" << c.colour << "\" stroke-width=\"" << num(c.width_mm * spec.px_per_mm)
          << "\" stroke-linecap=\"round\"/></Rule>";
    x << "</Style>";
}

/// The globe's outline (the meridians ±180° and the poles), for the sea behind the land.
std::string world_outline_wkt() {
    std::ostringstream w;
    w << "POLYGON((";
    for (int lat = -90; lat <= 90; ++lat) w << "-180 " << lat << ",";
    for (int lat = 90; lat >= -90; --lat) w << "180 " << lat << ",";
    w << "-180 -90))";
    return w.str();
}

void inline_layer(std::ostream &x, const std::string &name, const std::string &style, const std::string &csv) {
    x << "<Layer name=\"" << name << "\" srs=\"epsg:4326\"><StyleName>" << style
      << "</StyleName><Datasource><Parameter name=\"type\">csv</Parameter><Parameter name=\"inline\">"
      << xml_escape(csv) << "</Parameter></Datasource></Layer>";
}

bool has(const MapSpec &spec, const std::string &layer) {
    for (const auto &l : spec.layers)
        if (l == layer) return true;
    return false;
}

void data_layers(std::ostream &x, const MapSpec &spec, const Symbology &s) {
    const std::string admin_select = "SELECT fid, geom, level, name FROM admin_regions";
    // Country names only for the countries chosen (large ones): small islands' names would crowd
    // out the data's.
    std::string label_select = admin_select + " WHERE fid IN (";
    for (std::size_t i = 0; i < spec.labelled_countries.size(); ++i)
        label_select += (i ? "," : "") + std::to_string(spec.labelled_countries[i]);
    label_select += ")";
    if (has(spec, "admin_regions"))
        layer(x, spec, "admin_regions", "admin_regions", {"admin-fill", "admin-regions", "admin-countries"}, admin_select);
    if (has(spec, "admin_regions") && !spec.seam_csv.empty()) inline_layer(x, "antimeridian", "seam", spec.seam_csv);
    if (has(spec, "reserve_areas"))
        layer(x, spec, "reserve_areas", "reserve_areas", {"reserve-areas"},
              "SELECT fid, geom, outline_method FROM reserve_areas");
    if (!spec.links_csv.empty()) inline_layer(x, "supply_links", "links", spec.links_csv);
    // Big circles first, small ones on top; producing fields last of all (as the QGIS style).
    const double k = spec.px_per_mm;
    const std::string size = "(CASE WHEN contained_treo_t IS NULL THEN " + num(s.size_null_mm) + " ELSE " +
                             num(s.size_min_mm) + " + " + num(s.size_max_mm - s.size_min_mm) +
                             " * pow(min(max(contained_treo_t, 0) / " + num(s.treo_max) + ", 1.0), " +
                             num(s.size_exponent) + ") END) * " + num(k);
    if (has(spec, "deposits"))
        layer(x, spec, "deposits", "deposits", {"deposit-markers"},
              "SELECT fid, geom, status, " + label_sql(spec.labels) + " AS label, " + size +
                  " AS size FROM deposits ORDER BY status = 'producing', coalesce(contained_treo_t, 0) DESC");
    if (has(spec, "processing_sites"))
        layer(x, spec, "processing_sites", "processing_sites", {"site-markers", "site-labels"},
              "SELECT fid, geom, stage, " + label_sql(spec.labels) + " AS label FROM processing_sites");
    // Deposit labels after every marker: the largest deposits first, so they win conflicts.
    if (has(spec, "deposits")) {
        std::string only;
        if (spec.deposit_label_fids) {
            only = " WHERE fid IN (";
            for (std::size_t i = 0; i < spec.deposit_label_fids->size(); ++i)
                only += (i ? "," : "") + std::to_string((*spec.deposit_label_fids)[i]);
            only += ")";
        }
        layer(x, spec, "deposit_labels", "deposits", {"deposit-labels"},
              "SELECT fid, geom, " + label_sql(spec.labels) + " AS label, " + size + " AS size FROM deposits" + only +
                  " ORDER BY status <> 'producing', coalesce(contained_treo_t, 0) DESC");
    }
    if (has(spec, "admin_regions"))
        layer(x, spec, "admin_labels", "admin_regions", {"admin-labels"}, label_select);
}

} // namespace

std::vector<std::pair<std::string, std::string>> site_marker_files(const MapSpec &spec) {
    const Symbology &s = symbology();
    const double k = spec.px_per_mm;
    std::vector<std::pair<std::string, std::string>> files;
    for (std::size_t i = 0; i <= s.site_classes.size(); ++i) {
        const SiteClass &c = i < s.site_classes.size() ? s.site_classes[i] : s.site_other;
        files.emplace_back(marker_name(i, true), shape_svg(c.shape, (c.size_mm + 0.9) * k, "#ffffff", 0.9, "", 0));
        files.emplace_back(marker_name(i, false), shape_svg(c.shape, c.size_mm * k, c.fill, 1.0, c.outline,
                                                            s.site_outline_mm * k));
    }
    return files;
}

const std::vector<std::string> &map_layer_names() {
    static const std::vector<std::string> names{"admin_regions", "reserve_areas", "deposits", "processing_sites"};
    return names;
}

std::string mapnik_xml(const MapSpec &spec) {
    const Symbology &s = symbology();
    std::ostringstream x;
    x << "<?xml version=\"1.0\" encoding=\"utf-8\"?><Map srs=\"" << xml_escape(spec.srs) << "\" background-color=\""
      << (spec.world_outline ? std::string("#ffffff") : s.sea) << "\">";
    x << "<Style name=\"sea\"><Rule><PolygonSymbolizer clip=\"false\" fill=\"" << s.sea << "\"/></Rule></Style>";
    admin_styles(x, spec, s);
    reserve_styles(x, spec, s);
    deposit_styles(x, spec, s);
    site_styles(x, spec, s);
    link_styles(x, spec, s);
    if (spec.world_outline) inline_layer(x, "sea", "sea", "wkt\n\"" + world_outline_wkt() + "\"\n");
    data_layers(x, spec, s);
    x << "</Map>";
    return x.str();
}

} // namespace depomap::render
