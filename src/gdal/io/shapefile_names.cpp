// DBF field names are at most 10 characters. ogr2ogr cuts longer ones (and renames clashes to
// abcdefgh_1), which silently changes with the schema; depomap uses one fixed table instead, the
// same for every layer, written beside each layer as <layer>.fieldmap.csv.
#include "depomap/error.hpp"
#include "depomap/export.hpp"

#include <array>
#include <charconv>
#include <string_view>

namespace depomap::shapefile {
namespace {

constexpr std::size_t dbf_name_max = 10;

constexpr std::array table{
    ShortName{"country_iso3", "cntry_iso3"},
    ShortName{"deposit_type", "dep_type"},
    ShortName{"commodities", "commodity"},
    ShortName{"grade_treo_pct", "grade_pct"},
    ShortName{"contained_treo_t", "treo_t"},
    ShortName{"resource_system", "res_system"},
    ShortName{"resource_category", "res_categ"},
    ShortName{"coord_precision", "coord_prec"},
    ShortName{"coord_description", "coord_desc"},
    ShortName{"uncertainty_km", "uncert_km"},
    ShortName{"capacity_tpa", "cap_tpa"},
    ShortName{"capacity_basis", "cap_basis"},
    ShortName{"outline_method", "outl_meth"},
    ShortName{"mine_production_2023_t_reo", "prod2023_t"},
    ShortName{"mine_production_2024_t_reo", "prod2024_t"},
    ShortName{"reserves_t_reo", "reserves_t"},
    ShortName{"status_as_of", "stat_asof"},
    ShortName{"resource_code", "res_code"},
    ShortName{"de_facto_iso3", "defacto_i3"},
    ShortName{"reserves_lower_bound", "res_lowbnd"},
    ShortName{"country_check", "cntry_chk"},
    // The columns of query answers written as layers (nearest, within, region).
    ShortName{"distance_km", "dist_km"},
    ShortName{"azimuth_deg", "azimuth"},
    ShortName{"bearing_deg", "bearing"},
};

} // namespace

std::span<const ShortName> short_names() { return table; }

std::string field_name(std::string_view full) {
    for (const auto &entry : table) {
        if (entry.full == full) return std::string(entry.short_name);
    }
    if (full.size() <= dbf_name_max) return std::string(full);
    throw Error("field '" + std::string(full) + "' has no DBF short name (Shapefile names are at most 10 characters)");
}

std::string part_name(std::string_view full, int part) {
    // <short name cut to fit>_<part>: notes_2, source_u_2, ...
    const std::string suffix = '_' + std::to_string(part);
    std::string name = field_name(full);
    if (name.size() + suffix.size() > dbf_name_max) name.resize(dbf_name_max - suffix.size());
    name += suffix;
    return name;
}

std::vector<std::string_view> split_utf8(std::string_view text, std::size_t max_bytes) {
    std::vector<std::string_view> parts;
    while (!text.empty()) {
        std::size_t cut = std::min(max_bytes, text.size());
        // Never inside a character (a continuation byte is 10xxxxxx), and never next to a space:
        // DBF pads with spaces and readers strip them at both ends of a value.
        const auto fits = [&](std::size_t at) {
            return (static_cast<unsigned char>(text[at]) & 0xC0) != 0x80 && text[at] != ' ' &&
                   text[at - 1] != ' ';
        };
        if (cut < text.size()) {
            std::size_t at = cut;
            while (at > 0 && !fits(at)) --at;
            if (at == 0) {
                // No cut away from spaces: at least keep characters whole (the read-back check
                // then reports what DBF would lose).
                at = cut;
                while (at > 0 && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80) --at;
            }
            if (at > 0) cut = at;
        }
        parts.push_back(text.substr(0, cut));
        text.remove_prefix(cut);
    }
    return parts;
}

NumberShape number_shape(double v) {
    char buffer[400];
    // Fixed notation with the fewest digits that still read back as `v`.
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, v, std::chars_format::fixed);
    std::string_view text(buffer, static_cast<std::size_t>(end - buffer));
    NumberShape shape;
    const auto dot = text.find('.');
    shape.integer_digits = static_cast<int>(dot == std::string_view::npos ? text.size() : dot);
    shape.decimals = dot == std::string_view::npos ? 0 : static_cast<int>(text.size() - dot - 1);
    return shape;
}

} // namespace depomap::shapefile
