#include "load/geos.hpp"

#include "depomap/error.hpp"

#include <ogr_geometry.h>

#include <memory>

namespace depomap::loading {

GeosValidator::GeosValidator() : ctx_(GEOS_init_r()) {
    if (!ctx_) throw Error("cannot start GEOS");
}

GeosValidator::~GeosValidator() { GEOS_finish_r(ctx_); }

std::optional<std::string> GeosValidator::invalid_reason(const OGRGeometry &geometry) {
    auto destroy = [this](GEOSGeometry *g) { GEOSGeom_destroy_r(ctx_, g); };
    std::unique_ptr<GEOSGeometry, decltype(destroy)> geos(geometry.exportToGEOS(ctx_), destroy);
    if (!geos) return "geometry GEOS cannot read (too few points in a ring?)";
    if (GEOSisValid_r(ctx_, geos.get()) == 1) return std::nullopt;
    auto free_text = [this](char *text) { GEOSFree_r(ctx_, text); };
    std::unique_ptr<char, decltype(free_text)> reason(GEOSisValidReason_r(ctx_, geos.get()),
                                                      free_text);
    return std::string(reason ? reason.get() : "invalid geometry");
}

} // namespace depomap::loading
