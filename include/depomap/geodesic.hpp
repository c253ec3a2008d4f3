#pragma once
// Geodesics on the WGS84 ellipsoid: PROJ's geod_* API (GeographicLib's algorithm, accurate to
// about 15 nm), plus the rigorous lower bound that the nearest-neighbour index prunes with.
#include <memory>
#include <vector>

struct geod_geodesicline; // PROJ's <geodesic.h>

namespace depomap::geo {

/// A point in degrees, EPSG:4326, longitude first.
struct LonLat {
    double lon;
    double lat;
};

struct InverseResult {
    double distance_m;
    double azimuth1_deg; ///< at the first point, clockwise from north
    double azimuth2_deg; ///< forward azimuth at the second point
};

/// WGS84 as PROJ and EPSG:7030 define it.
inline constexpr double wgs84_a_m = 6378137.0;
inline constexpr double wgs84_f = 1.0 / 298.257223563;

/// The shortest geodesic from a to b (geod_inverse). Throws depomap::Error for a latitude outside
/// [-90, 90] or a non-finite coordinate.
InverseResult inverse(LonLat a, LonLat b);
double distance_m(LonLat a, LonLat b);

/// The distance and the initial azimuth at a: inverse() without the azimuth at b (an atan2 less).
struct DistanceAzimuth {
    double distance_m;
    double azimuth_deg;
};
DistanceAzimuth distance_azimuth(LonLat a, LonLat b);

/// The point reached from `from` along the geodesic with the given initial azimuth (geod_direct).
/// The longitude comes back in [-180, 180].
LonLat direct(LonLat from, double azimuth_deg, double distance_m);

/// Points along the shortest geodesic a->b, at most step_m apart, equally spaced. The first and
/// last points are a and b exactly; the ones between have longitudes in [-180, 180], so a line that
/// crosses the antimeridian shows a jump of more than 180 degrees there (cut it before writing
/// GeoJSON). Throws depomap::Error unless step_m > 0.
std::vector<LonLat> densify(LonLat a, LonLat b, double step_m);

/// Where a geodesic segment comes nearest to a point.
struct SegmentDistance {
    double distance_m; ///< from the point to the nearest point of the segment
    LonLat nearest;    ///< that point of the segment
    double along_m;    ///< its distance from the segment's start along the segment
};

/// The shortest geodesic from a to b, set up once (geod_inverseline) for the many points a
/// corridor measures against it.
class GeodesicSegment {
  public:
    /// Throws depomap::Error for an invalid coordinate.
    GeodesicSegment(LonLat a, LonLat b);
    ~GeodesicSegment();
    GeodesicSegment(GeodesicSegment &&) noexcept;
    GeodesicSegment &operator=(GeodesicSegment &&) noexcept;

    double length_m() const;
    /// The point `s_m` along the segment from its start.
    LonLat at(double s_m) const;
    /// The shortest distance from `p` to the segment, and where on it it is reached: at an end,
    /// or where the geodesic from the segment to p meets it at a right angle, found by bisection
    /// on the angle (to 1 mm). For segments shorter than half a meridian (split longer ones
    /// first: query::within_lines splits at 5,000 km). Throws depomap::Error for an invalid p.
    SegmentDistance distance_to(LonLat p) const;

  private:
    LonLat a_, b_;
    std::unique_ptr<geod_geodesicline> line_;
};

/// GeodesicSegment(a, b).distance_to(p).
SegmentDistance distance_to_segment(LonLat p, LonLat a, LonLat b);

/// A closed, counter-clockwise ring of `vertices` points (plus the repeated first one) on a
/// geodesic circle around `centre`, its radius chosen so that the ring's ellipsoidal area
/// (geod_polygonarea) is area_km2 to better than 1e-6 relative; below 1 km2, where curvature
/// changes the area by less than 1e-9 and geod_polygonarea cannot resolve a millionth, the planar
/// radius of the regular polygon is used. For reserve outlines known only by their area
/// (outline_method = circle_from_area). Longitudes in [-180, 180]. Throws depomap::Error unless 0 <
/// area_km2 < a quarter of the Earth's surface and vertices >= 3.
std::vector<LonLat> circle_of_area(LonLat centre, double area_km2, int vertices = 64);

/// The ellipsoidal area of a ring (geod_polygonarea), km^2, positive if counter-clockwise. A
/// repeated closing point is ignored.
double ring_area_km2(const std::vector<LonLat> &ring);

// ---------------------------------------------------------------------------------------------
// The lower bound used for pruning (the proof is in geodesic.cpp).
//
// Each point is mapped to the unit sphere at (rectifying latitude, longitude). Scaled by the
// rectifying radius this map never lengthens a curve, so R_rect times the angle between the two
// images is at most the geodesic distance. It is exact along meridians and off by at most 0.17 %
// elsewhere (east-west at the equator), which keeps the exact refinement to a handful of
// candidates even when every site sits in one small cluster far away.

struct UnitVector {
    double x;
    double y;
    double z;
};

/// The rectifying radius of WGS84 (a quarter meridian divided by pi/2), rounded down.
double rectifying_radius_m();

/// The image of p on the unit sphere at (rectifying latitude, longitude). Throws depomap::Error
/// for an invalid coordinate.
UnitVector rectifying_unit_vector(LonLat p);

/// Euclidean distance between two unit vectors.
double chord(const UnitVector &u, const UnitVector &v);

/// A lower bound on the geodesic distance between two points whose rectifying unit vectors are
/// `chord` apart (accounting for rounding and series truncation).
double chord_lower_bound_m(double chord);

/// A chord length beyond which a point is certainly farther than distance_m:
/// chord(u(a), u(b)) > chord_threshold(d) implies distance_m(a, b) > d.
double chord_threshold(double distance_m);

/// distance_lower_bound_m(a, b) <= distance_m(a, b) for all a, b (tested on millions of pairs).
double distance_lower_bound_m(LonLat a, LonLat b);

} // namespace depomap::geo
