#pragma once
// The validator: a decoded Feature made a row the store can take, or a FeatureError saying why
// not. Its id (given, or made from the source's name), its `extra` as JSON text, its geometry
// (from the x_field/y_field or wkt_field fields, transformed to EPSG:4326 and cut at ±180°, made the layer's
// type, coordinates within range, polygon rings valid by GEOS), then its country.
#include "depomap/load.hpp"
#include "depomap/schema.hpp"
#include "gdal/load/country_check.hpp"
#include "gdal/load/feature.hpp"
#include "gdal/load/geos.hpp"
#include "gdal/load/source.hpp"

#include <cstdint>
#include <memory>

namespace depomap::loading {

/// Validates features on one thread (its GEOS context and country checks are its own).
class FeatureValidator {
  public:
    /// `locator` is null without LoadOptions::assign_country.
    FeatureValidator(const schema::Layer &layer, const LoadOptions &options,
                     std::unique_ptr<CountryLocator> locator = nullptr);

    /// Makes `f`, feature `index` of `s`, a row ready to insert (its id, extra, geometry blob
    /// and box, country), or throws FeatureError (or ParseError for coordinates).
    void finish(const Source &s, std::int64_t index, Feature &f);

    const CountryCheck &countries() const { return countries_; }

  private:
    void build_geometry(const Source &s, Feature &f);
    void point_from_slots(const Source &s, Feature &f) const;
    void geometry_from_wkt(Feature &f) const;

    const schema::Layer &layer_;
    const LoadOptions &options_;
    GeosValidator geos_;
    CountryCheck countries_;
};

/// Makes `g` the geometry type `layer` stores (a MultiPoint of one point a Point, a Polygon a
/// MultiPolygon, Z and M dropped), or throws FeatureError "wrong geometry type ...".
std::unique_ptr<OGRGeometry> conform(std::unique_ptr<OGRGeometry> g, const schema::Layer &layer);

/// Throws FeatureError "invalid polygon: ..." for a MultiPolygon with a ring of fewer than 4
/// points, a ring not closed, or what GEOS finds invalid.
void check_rings(const OGRGeometry &g, GeosValidator &geos);

} // namespace depomap::loading
