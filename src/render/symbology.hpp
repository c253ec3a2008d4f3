#pragma once
// The map symbols of styles/symbology.json (the same file tools/styles/make_styles.py makes the
// QGIS styles from), compiled into depomap so that a rendered map and the QML styles agree.
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace depomap::render {

struct Rgb {
    double r = 0, g = 0, b = 0; ///< 0..1
};
/// "#rrggbb" → components; throws Error on anything else.
Rgb parse_colour(const std::string &hex);

struct DepositClass {
    std::string value, label, fill, outline;
    double outline_mm = 0, opacity = 1;
};
struct SiteClass {
    std::string value, label, fill, outline, shape;
    double size_mm = 0;
};
struct LinkClass {
    double lower = 0, upper = 0, width_mm = 0;
    std::string colour;
};
struct TextStyle {
    double size_pt = 8;
    std::string colour;
    bool italic = false;
};

struct Symbology {
    std::vector<DepositClass> deposit_classes;
    DepositClass deposit_other;
    double treo_max = 0, size_min_mm = 0, size_max_mm = 0, size_null_mm = 0, size_exponent = 0.5;
    std::string size_legend_title;
    std::vector<std::pair<double, std::string>> size_legend; ///< value, label; largest first
    TextStyle deposit_label;

    std::vector<SiteClass> site_classes;
    SiteClass site_other;
    double site_outline_mm = 0;
    TextStyle site_label;

    std::string sea;
    std::string reserve_colour;
    std::string land, country_border, region_border;
    double country_border_mm = 0, region_border_mm = 0;
    TextStyle country_label;

    std::vector<LinkClass> link_classes;

    std::map<std::string, std::string> titles; ///< layer → its name in a legend
    std::vector<std::string> local_names;      ///< countries (ISO3) whose labels may show name_local

    /// The legend name of `layer` (its title), else the layer's own name.
    const std::string &title(const std::string &layer) const;

    /// The deposit circle's diameter (mm) for a contained-TREO figure, as QGIS's area-scaled size
    /// transformer computes it; `has_value` false gives the size for no figure.
    double deposit_size_mm(double treo_t, bool has_value) const;
};

/// The compiled-in symbology (parsed once).
const Symbology &symbology();
/// Parses a symbology document; throws Error naming the missing or wrong member.
Symbology parse_symbology(const std::string &json_text);

} // namespace depomap::render
