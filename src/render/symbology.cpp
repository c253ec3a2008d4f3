#include "render/symbology.hpp"

#include "depomap/error.hpp"
#include "symbology_json.hpp" // generated from styles/symbology.json by CMake

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace depomap::render {

namespace {

using nlohmann::json;

const json &member(const json &object, const char *key, const char *where) {
    if (!object.is_object() || !object.contains(key))
        throw Error(std::string("symbology: ") + where + " has no member \"" + key + "\"");
    return object.at(key);
}

TextStyle text_style(const json &j, const char *where) {
    TextStyle t;
    t.size_pt = member(j, "size_pt", where).get<double>();
    t.colour = member(j, "colour", where).get<std::string>();
    t.italic = j.value("italic", false);
    return t;
}

DepositClass deposit_class(const json &j) {
    return {j.value("value", ""), member(j, "label", "deposits class").get<std::string>(),
            member(j, "fill", "deposits class").get<std::string>(),
            member(j, "outline", "deposits class").get<std::string>(),
            member(j, "outline_mm", "deposits class").get<double>(),
            member(j, "opacity", "deposits class").get<double>()};
}

SiteClass site_class(const json &j, const std::string &outline) {
    return {j.value("value", ""), member(j, "label", "processing_sites class").get<std::string>(),
            member(j, "fill", "processing_sites class").get<std::string>(), j.value("outline", outline),
            member(j, "shape", "processing_sites class").get<std::string>(),
            member(j, "size_mm", "processing_sites class").get<double>()};
}

void read_deposits(const json &d, Symbology &s) {
    for (const auto &c : member(d, "classes", "deposits")) s.deposit_classes.push_back(deposit_class(c));
    s.deposit_other = deposit_class(member(d, "other", "deposits"));
    const auto &size = member(d, "size", "deposits");
    s.treo_max = member(size, "max_value", "deposits.size").get<double>();
    s.size_min_mm = member(size, "min_mm", "deposits.size").get<double>();
    s.size_max_mm = member(size, "max_mm", "deposits.size").get<double>();
    s.size_null_mm = member(size, "null_mm", "deposits.size").get<double>();
    s.size_exponent = member(size, "exponent", "deposits.size").get<double>();
    s.size_legend_title = member(size, "legend_title", "deposits.size").get<std::string>();
    for (const auto &entry : member(size, "legend", "deposits.size"))
        s.size_legend.emplace_back(entry.at(0).get<double>(), entry.at(1).get<std::string>());
    s.deposit_label = text_style(member(d, "label", "deposits"), "deposits.label");
}

void read_sites(const json &p, Symbology &s) {
    const auto outline = member(p, "outline", "processing_sites").get<std::string>();
    for (const auto &c : member(p, "classes", "processing_sites")) s.site_classes.push_back(site_class(c, outline));
    s.site_other = site_class(member(p, "other", "processing_sites"), outline);
    s.site_outline_mm = member(p, "outline_mm", "processing_sites").get<double>();
    s.site_label = text_style(member(p, "label", "processing_sites"), "processing_sites.label");
}

} // namespace

Rgb parse_colour(const std::string &hex) {
    if (hex.size() != 7 || hex[0] != '#' ||
        !std::all_of(hex.begin() + 1, hex.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); }))
        throw Error("symbology: \"" + hex + "\" is not a colour #rrggbb");
    const auto channel = [&](int i) { return std::stoi(hex.substr(1 + 2 * i, 2), nullptr, 16) / 255.0; };
    return {channel(0), channel(1), channel(2)};
}

const std::string &Symbology::title(const std::string &layer) const {
    const auto it = titles.find(layer);
    return it == titles.end() ? layer : it->second;
}

double Symbology::deposit_size_mm(double treo_t, bool has_value) const {
    if (!has_value) return size_null_mm;
    // QgsSizeScaleTransformer::Area: min + (max - min) * ((v - 0) / (vmax - 0))^0.5, clamped.
    const double t = std::clamp(treo_t / treo_max, 0.0, 1.0);
    return size_min_mm + (size_max_mm - size_min_mm) * std::pow(t, size_exponent);
}

Symbology parse_symbology(const std::string &json_text) {
    json root;
    try {
        root = json::parse(json_text);
    } catch (const json::exception &e) {
        throw Error(std::string("symbology: not JSON: ") + e.what());
    }
    Symbology s;
    try {
        read_deposits(member(root, "deposits", "the document"), s);
        read_sites(member(root, "processing_sites", "the document"), s);
        s.sea = member(root, "sea", "the document").get<std::string>();
        s.reserve_colour = member(member(root, "reserve_areas", "the document"), "colour", "reserve_areas").get<std::string>();
        const auto &a = member(root, "admin_regions", "the document");
        s.land = member(a, "land", "admin_regions").get<std::string>();
        s.country_border = member(a, "country_border", "admin_regions").get<std::string>();
        s.country_border_mm = member(a, "country_border_mm", "admin_regions").get<double>();
        s.region_border = member(a, "region_border", "admin_regions").get<std::string>();
        s.region_border_mm = member(a, "region_border_mm", "admin_regions").get<double>();
        s.country_label = text_style(member(a, "label", "admin_regions"), "admin_regions.label");
        for (const auto &c : member(member(root, "supply_links", "the document"), "classes", "supply_links"))
            s.link_classes.push_back({member(c, "lower", "supply_links class").get<double>(),
                                      member(c, "upper", "supply_links class").get<double>(),
                                      member(c, "width_mm", "supply_links class").get<double>(),
                                      member(c, "colour", "supply_links class").get<std::string>()});
        for (const auto &[layer, entry] : root.items())
            if (entry.is_object() && entry.contains("title")) s.titles[layer] = entry.at("title").get<std::string>();
        for (const auto &iso3 : member(root, "local_names", "the document")) s.local_names.push_back(iso3.get<std::string>());
    } catch (const json::exception &e) {
        throw Error(std::string("symbology: a member has the wrong type: ") + e.what());
    }
    return s;
}

const Symbology &symbology() {
    static const Symbology parsed = parse_symbology(symbology_json);
    return parsed;
}

} // namespace depomap::render
