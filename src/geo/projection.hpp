#pragma once
// From longitude/latitude to a map's CRS and back, with PROJ (its own context, RAII handles).
#include <proj.h>

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <utility>

namespace depomap::geo {

class Projection {
  public:
    /// Throws BadValue (subject "target CRS") naming `crs` when PROJ does not know it or it is not
    /// a projected/geographic CRS.
    explicit Projection(const std::string &crs);
    /// lon/lat (degrees) → x/y in the CRS; nothing where the projection has no point.
    std::optional<std::pair<double, double>> forward(double lon, double lat) const;
    /// x/y → lon/lat in degrees; nothing off the projection's domain.
    std::optional<std::pair<double, double>> inverse(double x, double y) const;
    /// The CRS's name, for the picture's attribution ("Equal Earth", ...).
    std::string name() const;
    /// The CRS as WKT2 (2019) and as a PROJ string, for a QGIS project's <spatialrefsys>.
    std::string wkt() const;
    std::string proj_string() const;

  private:
    struct ContextFree {
        void operator()(PJ_CONTEXT *c) const { proj_context_destroy(c); }
    };
    struct PjFree {
        void operator()(PJ *p) const { proj_destroy(p); }
    };
    std::unique_ptr<PJ_CONTEXT, ContextFree> ctx_;
    std::unique_ptr<PJ, PjFree> crs_;
    std::unique_ptr<PJ, PjFree> transform_;
};

/// The extent (minx, miny, maxx, maxy) in `p`'s CRS of the lon/lat box W,S,E,N (E > 180 allowed:
/// the box crosses the antimeridian), from points along its edges and inside it.
std::array<double, 4> projected_bounds(const Projection &p, const std::array<double, 4> &box);

/// The southmost and northmost latitude (degrees) of the rectangle `extent` (minx, miny, maxx,
/// maxy in `p`'s CRS), from points along its edges and inside it that `p` can take back.
std::pair<double, double> latitude_range(const Projection &p, const std::array<double, 4> &extent);

} // namespace depomap::geo
