#pragma once
// What the region query shares between the store (src/query/region.cpp) and the sources read
// through GDAL (src/gdal/query/region_files.cpp): the area as GEOS prepares it, and the features
// of a layer inside it.
#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "depomap/store.hpp"

#include <geos_c.h>

#include <memory>
#include <span>
#include <string>
#include <vector>

namespace depomap::query {

/// A GEOS context with the geometries it owns.
class Geos {
  public:
    Geos() : ctx_(GEOS_init_r()) {
        if (!ctx_) throw Error("cannot start GEOS");
    }
    ~Geos() {
        if (prepared_) GEOSPreparedGeom_destroy_r(ctx_, prepared_);
        geometries_.clear();
        GEOS_finish_r(ctx_);
    }
    Geos(const Geos &) = delete;
    Geos &operator=(const Geos &) = delete;

    GEOSContextHandle_t ctx() const { return ctx_; }

    struct GeomDeleter {
        GEOSContextHandle_t ctx;
        void operator()(GEOSGeometry *g) const { GEOSGeom_destroy_r(ctx, g); }
    };
    using GeomPtr = std::unique_ptr<GEOSGeometry, GeomDeleter>;

    GeomPtr own(GEOSGeometry *g) {
        if (!g) throw Error("GEOS could not build a geometry");
        return GeomPtr(g, GeomDeleter{ctx_});
    }

    GeomPtr from_wkb(std::span<const unsigned char> wkb) {
        auto *reader = GEOSWKBReader_create_r(ctx_);
        GEOSGeometry *g = GEOSWKBReader_read_r(ctx_, reader, wkb.data(), wkb.size());
        GEOSWKBReader_destroy_r(ctx_, reader);
        return own(g);
    }

    /// Keeps `area` and prepares it for repeated predicates.
    void prepare(GeomPtr area) {
        geometries_.push_back(std::move(area));
        if (prepared_) GEOSPreparedGeom_destroy_r(ctx_, prepared_);
        prepared_ = GEOSPrepare_r(ctx_, geometries_.back().get());
        if (!prepared_) throw Error("GEOS could not prepare the region");
    }

    bool covers_point(double x, double y) {
        auto p = own(GEOSGeom_createPointFromXY_r(ctx_, x, y));
        return GEOSPreparedCovers_r(ctx_, prepared_, p.get()) == 1;
    }
    bool intersects(const GEOSGeometry *g) {
        return GEOSPreparedIntersects_r(ctx_, prepared_, g) == 1;
    }

  private:
    GEOSContextHandle_t ctx_;
    std::vector<GeomPtr> geometries_;
    const GEOSPreparedGeometry *prepared_ = nullptr; ///< owned; refers to geometries_.back()
};

/// Features of `layer_name` (a store layer, or a source read through GDAL) inside the prepared
/// area, which lies in the box min_x..max_y: id, name, the columns of a region answer the layer
/// has, lon and lat; in id order.
Table inside(Store &store, const std::string &layer_name, Geos &geos, double min_x, double min_y, double max_x,
             double max_y);

} // namespace depomap::query
