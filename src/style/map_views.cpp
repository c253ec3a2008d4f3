#include "style/map_views.hpp"

#include "depomap_config.hpp"

namespace depomap::style {
namespace {

// Russia whole, Chukotka (to 169° W, i.e. 191° E) untorn: a conic centred on 100° E, whose seam is
// at 80° W, beyond the pole and outside the picture. Each view's seam lies outside what it shows
// (Equal Earth's at ±180°, where the store's polygons are cut already).
constexpr MapView views[] = {
    {"world", "World", "+proj=eqearth +lon_0=0 +datum=WGS84 +units=m +no_defs +type=crs", {-180, -90, 180, 90},
     "Deposits sized by contained TREO, processing plants by stage", "Equal Earth projection", true, false},
    {"russia", "Russia and neighbours",
     "+proj=lcc +lat_0=60 +lat_1=52 +lat_2=68 +lon_0=100 +datum=WGS84 +units=m +no_defs +type=crs",
     {26, 38, 190, 78}, "Russia and its neighbours: deposits sized by contained TREO, processing plants by stage",
     "Lambert conformal conic, 100° E", false, true},
};

} // namespace

std::span<const MapView> map_views() { return views; }

const MapView *find_map_view(std::string_view name) {
    for (const auto &v : views)
        if (name == v.name) return &v;
    return nullptr;
}

std::string map_attribution(const std::string &data_date) {
    return "depomap " DEPOMAP_VERSION " atlas" +
           (data_date.empty() ? std::string() : ", figures as of " + data_date + " or earlier") +
           " · Sources: company and survey reports, USGS (Mineral Commodity Summaries, MinMod) · "
           "Basemap: Natural Earth (public domain)";
}

} // namespace depomap::style
