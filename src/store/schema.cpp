#include "depomap/schema.hpp"

#include <algorithm>
#include <array>
#include <cctype>

namespace depomap::schema {
namespace {

using enum ColumnType;

template <std::size_t... N> constexpr auto join(const std::array<Column, N> &...parts) {
    std::array<Column, (N + ...)> out{};
    auto at = out.begin();
    ((at = std::copy(parts.begin(), parts.end(), at)), ...);
    return out;
}

// How sure a located record's position is, where its facts come from and when its status held:
// the last columns of deposits and of processing sites, in this order.
constexpr std::array located_provenance{
    Column{"coord_precision", text},
    Column{"coord_description", text, 2},
    Column{"uncertainty_km", real, 2},
    Column{"source", text},
    Column{"source_url", text},
    Column{"notes", text},
    Column{"status_as_of", text, 3},
};

// A resource estimate: tonnage, grade, contained oxides, the reporting code and its category, the date.
constexpr std::array resource_estimate{
    Column{"ore_mt", real},
    Column{"grade_treo_pct", real},
    Column{"contained_treo_t", real},
    Column{"resource_system", text},
    Column{"resource_category", text},
    Column{"as_of", text},
};

constexpr std::array deposit_names{
    Column{"id", text},
    Column{"name", text},
    Column{"name_local", text},
    Column{"country_iso3", text},
    Column{"region", text},
    Column{"kind", text},
    Column{"status", text},
    Column{"deposit_type", text},
    Column{"commodities", text},
};

constexpr auto deposit_columns = join(deposit_names, resource_estimate, std::array{Column{"operator", text}},
                                      located_provenance,
                                      std::array{
                                          Column{"resource_code", text, 3},
                                          Column{"name_alt", text, 3},
                                          Column{"disputed", text, 3},
                                      });

constexpr std::array site_own_columns{
    Column{"id", text},
    Column{"name", text},
    Column{"name_local", text},
    Column{"country_iso3", text},
    Column{"region", text},
    Column{"stage", text},
    Column{"status", text},
    Column{"operator", text},
    Column{"capacity_tpa", real},
    Column{"capacity_basis", text},
    Column{"products", text},
};

constexpr auto site_columns = join(site_own_columns, located_provenance);

constexpr std::array reserve_area_names{
    Column{"id", text},
    Column{"deposit_id", text},
    Column{"name", text},
    Column{"kind", text},
    Column{"outline_method", text},
    Column{"area_km2", real},
};

constexpr auto reserve_area_columns = join(reserve_area_names, resource_estimate,
                                           std::array{
                                               Column{"source", text},
                                               Column{"source_url", text},
                                               Column{"notes", text},
                                           });

constexpr std::array admin_region_columns{
    Column{"id", text},           Column{"name", text},          Column{"name_local", text},
    Column{"country_iso3", text}, Column{"level", text},         Column{"iso_code", text},
    Column{"source", text},       Column{"name_alt", text, 3},   Column{"disputed", text, 3},
    Column{"de_facto_iso3", text, 3},
};

constexpr std::array country_stat_columns{
    Column{"id", text},
    Column{"country_iso3", text},
    Column{"country", text},
    Column{"mine_production_2023_t_reo", real},
    Column{"mine_production_2024_t_reo", real},
    Column{"reserves_t_reo", real},
    Column{"source", text},
    Column{"source_url", text},
    Column{"notes", text},
    Column{"reserves_lower_bound", integer, 3},
};

// USGS mineral-site records (geodata/usgs-minmod) as a layer of their own: a country from the
// record's country name and one from its location, and the curated deposit it is (deposit_id).
constexpr std::array occurrence_columns{
    Column{"id", text, 3},
    Column{"name", text, 3},
    Column{"name_alt", text, 3},
    Column{"country_iso3", text, 3},
    Column{"country", text, 3},
    Column{"named_iso3", text, 3},
    Column{"country_check", text, 3},
    Column{"region", text, 3},
    Column{"commodities", text, 3},
    Column{"deposit_type", text, 3},
    Column{"deposit_id", text, 3},
    Column{"source_db", text, 3},
    Column{"record_id", text, 3},
    Column{"source", text, 3},
    Column{"source_url", text, 3},
    Column{"notes", text, 3},
};

constexpr std::array all_layers{
    Layer{"deposits", GeometryType::point, deposit_columns},
    Layer{"processing_sites", GeometryType::point, site_columns},
    Layer{"reserve_areas", GeometryType::multipolygon, reserve_area_columns},
    Layer{"admin_regions", GeometryType::multipolygon, admin_region_columns},
    Layer{"country_stats", GeometryType::none, country_stat_columns},
    Layer{"occurrences", GeometryType::point, occurrence_columns, 3},
};

bool iequals(std::string_view a, std::string_view b) {
    return std::ranges::equal(a, b, [](char x, char y) {
        return std::tolower(static_cast<unsigned char>(x)) ==
               std::tolower(static_cast<unsigned char>(y));
    });
}

} // namespace

std::span<const Layer> layers() { return all_layers; }

const Layer *find_layer(std::string_view name) {
    for (const auto &layer : all_layers) {
        if (layer.name == name) return &layer;
    }
    return nullptr;
}

const Column *find_column(const Layer &layer, std::string_view name) {
    for (const auto &column : layer.columns) {
        if (iequals(column.name, name)) return &column;
    }
    return nullptr;
}

std::string_view to_string(GeometryType type) {
    switch (type) {
    case GeometryType::point:
        return "POINT";
    case GeometryType::multipolygon:
        return "MULTIPOLYGON";
    case GeometryType::none:
        break;
    }
    return "NONE";
}

} // namespace depomap::schema
