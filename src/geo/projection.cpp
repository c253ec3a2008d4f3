#include "geo/projection.hpp"

#include "depomap/error.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace depomap::geo {

Projection::Projection(const std::string &crs) : ctx_(proj_context_create()) {
    proj_log_level(ctx_.get(), PJ_LOG_NONE);
    crs_.reset(proj_create(ctx_.get(), crs.c_str()));
    if (!crs_ || !proj_is_crs(crs_.get()))
        throw BadValue("target CRS", crs, "not a CRS PROJ knows");
    std::unique_ptr<PJ, PjFree> raw(proj_create_crs_to_crs(ctx_.get(), "EPSG:4326", crs.c_str(), nullptr));
    if (!raw) throw BadValue("target CRS", crs, "no transformation from EPSG:4326 to it");
    // Longitude first, whatever axis order the CRSs declare.
    transform_.reset(proj_normalize_for_visualization(ctx_.get(), raw.get()));
    if (!transform_) throw BadValue("target CRS", crs, "cannot be used");
}

std::optional<std::pair<double, double>> Projection::forward(double lon, double lat) const {
    PJ_COORD c = proj_coord(lon, lat, 0, 0);
    c = proj_trans(transform_.get(), PJ_FWD, c);
    if (!std::isfinite(c.xy.x) || !std::isfinite(c.xy.y) || c.xy.x == HUGE_VAL) return std::nullopt;
    return std::make_pair(c.xy.x, c.xy.y);
}

std::optional<std::pair<double, double>> Projection::inverse(double x, double y) const {
    PJ_COORD c = proj_coord(x, y, 0, 0);
    c = proj_trans(transform_.get(), PJ_INV, c);
    if (!std::isfinite(c.lp.lam) || !std::isfinite(c.lp.phi) || c.lp.lam == HUGE_VAL) return std::nullopt;
    return std::make_pair(c.lp.lam, c.lp.phi);
}

std::string Projection::name() const {
    const char *n = proj_get_name(crs_.get());
    return n ? n : "unknown";
}

std::string Projection::wkt() const {
    const char *options[] = {"MULTILINE=NO", nullptr};
    const char *w = proj_as_wkt(ctx_.get(), crs_.get(), PJ_WKT2_2019, options);
    return w ? w : "";
}

std::string Projection::proj_string() const {
    const char *p = proj_as_proj_string(ctx_.get(), crs_.get(), PJ_PROJ_5, nullptr);
    return p ? p : "";
}

std::array<double, 4> projected_bounds(const Projection &p, const std::array<double, 4> &box) {
    constexpr int steps = 64;
    double min_x = std::numeric_limits<double>::infinity(), min_y = min_x, max_x = -min_x, max_y = -min_x;
    for (int i = 0; i <= steps; ++i) {
        for (int j = 0; j <= steps; ++j) {
            double lon = box[0] + (box[2] - box[0]) * i / steps;
            const double lat = box[1] + (box[3] - box[1]) * j / steps;
            if (lon > 180) lon -= 360;
            const auto xy = p.forward(lon, lat);
            if (!xy) continue;
            min_x = std::min(min_x, xy->first);
            max_x = std::max(max_x, xy->first);
            min_y = std::min(min_y, xy->second);
            max_y = std::max(max_y, xy->second);
        }
    }
    if (!(min_x < max_x && min_y < max_y)) throw UsageError("the area asked for has no extent in the map's CRS");
    return {min_x, min_y, max_x, max_y};
}

std::pair<double, double> latitude_range(const Projection &p, const std::array<double, 4> &extent) {
    constexpr int steps = 64;
    double south = 90, north = -90;
    for (int i = 0; i <= steps; ++i) {
        for (int j = 0; j <= steps; ++j) {
            const auto ll = p.inverse(extent[0] + (extent[2] - extent[0]) * i / steps,
                                      extent[1] + (extent[3] - extent[1]) * j / steps);
            if (!ll) continue;
            south = std::min(south, ll->second);
            north = std::max(north, ll->second);
        }
    }
    if (south > north) throw Error("the map's extent has no point on the globe");
    return {south, north};
}

} // namespace depomap::geo
