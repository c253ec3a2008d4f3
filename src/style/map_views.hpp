#pragma once
// The maps depomap draws of a store, one table for render (its views) and the QGIS
// project's map themes and print layouts: what each shows, in which projection, and the sources
// line both print under it.
#include <array>
#include <span>
#include <string>
#include <string_view>

namespace depomap::style {

struct MapView {
    const char *name;          ///< the name render::Options::view asks for: world, russia
    const char *title;         ///< the QGIS map theme and print layout: "World", "Russia and neighbours"
    const char *crs;           ///< PROJ string
    std::array<double, 4> box; ///< W,S,E,N in degrees; E > 180 crosses the antimeridian
    const char *subtitle;
    const char *projection;    ///< its name for the reader
    bool globe;                ///< the whole globe: the sea is its outline, not the page
    bool north_arrow;          ///< north is one direction on the whole map (not on a world map)
};

/// Every view, in the order the views are listed and the project has its layouts.
std::span<const MapView> map_views();
/// The view called `name`, or nullptr.
const MapView *find_map_view(std::string_view name);

/// The sources line under a map: depomap's version, the date of the latest figure (`data_date`,
/// may be empty), the sources of the atlas and of the basemap.
std::string map_attribution(const std::string &data_date);

} // namespace depomap::style
