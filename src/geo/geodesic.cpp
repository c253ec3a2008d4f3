// Geodesics on WGS84 through PROJ's geod_* API, and the rectifying-sphere lower bound.
#include "depomap/geodesic.hpp"

#include "depomap/error.hpp"

#include <geodesic.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <numbers>
#include <string>

namespace depomap::geo {
namespace {

constexpr double deg = std::numbers::pi / 180.0;

// geod_geodesic is a plain struct filled once by geod_init and only read afterwards, so a single
// shared instance is safe to use from every thread. A function-local static avoids depending on
// the initialisation order of other translation units.
const geod_geodesic &wgs84() {
    static const geod_geodesic instance = [] {
        geod_geodesic g{};
        geod_init(&g, wgs84_a_m, wgs84_f);
        return g;
    }();
    return instance;
}

// Shortest round-trip text of a number: std::to_string would print 1e-7 as 0.000000.
std::string format_number(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", value);
    for (int precision = 1; precision < 17; ++precision) {
        char shorter[32];
        std::snprintf(shorter, sizeof shorter, "%.*g", precision, value);
        if (std::strtod(shorter, nullptr) == value)
            return shorter;
    }
    return text;
}

std::string format_point(LonLat p) {
    return "(" + format_number(p.lon) + ", " + format_number(p.lat) + ")";
}

void check_point(LonLat p, const char *where) {
    if (!std::isfinite(p.lon) || !std::isfinite(p.lat) || p.lat < -90.0 || p.lat > 90.0)
        throw Error(std::string(where) + ": invalid coordinate " + format_point(p) +
                    ": longitude must be finite and latitude within [-90, 90]");
}

void check_finite(double value, const char *what, const char *where) {
    if (!std::isfinite(value))
        throw Error(std::string(where) + ": " + what + " must be finite");
}

// Helmert's series for the rectifying latitude in the third flattening n. Truncating after n^4
// leaves at most 1.4e-14 rad (checked against a 30-digit quadrature of the meridian arc), 9e-8 m.
constexpr double third_flattening = wgs84_f / (2.0 - wgs84_f);
constexpr double n1 = third_flattening;
constexpr double n2 = n1 * n1;
constexpr double n3 = n2 * n1;
constexpr double n4 = n3 * n1;
constexpr double mu_c2 = -(3.0 / 2.0 * n1 - 9.0 / 16.0 * n3);
constexpr double mu_c4 = 15.0 / 16.0 * n2 - 15.0 / 32.0 * n4;
constexpr double mu_c6 = -35.0 / 48.0 * n3;
constexpr double mu_c8 = 315.0 / 512.0 * n4;
// The series value is 5.6e-13 m below the true rectifying radius; smaller only makes the bound
// more conservative.
constexpr double rect_radius = wgs84_a_m / (1.0 + n1) * (1.0 + n2 / 4.0 + n4 / 64.0);

// Slack added to every chord before it is turned into a distance bound. The computed unit vectors
// differ from the exact images by the series truncation (1.4e-14) plus rounding (~1e-15 each), so
// a computed chord exceeds the exact one by less than 4e-14; 1e-12 leaves a 25-fold margin and
// costs 6.4 micrometres of bound. It also covers geod_inverse's own error (15 nm = 2.4e-15).
constexpr double chord_slack = 1e-12;

// sin and cos of the rectifying latitude mu = phi + delta(phi), from those of phi: delta is a
// short series in sin(2 phi), sin(4 phi), ... (|delta| < 0.0026), so one sincos of phi and the
// angle-sum formulas with cos and sin of delta as Taylor polynomials (their next terms are below
// 1e-18) replace the two calls for 2 phi and mu.
void rectifying_sin_cos(double phi, double &sin_mu, double &cos_mu) {
    const double s = std::sin(phi);
    const double c = std::cos(phi);
    const double s2 = 2.0 * s * c;
    const double c2 = (c - s) * (c + s);
    const double s4 = 2.0 * s2 * c2;
    const double c4 = 1.0 - 2.0 * s2 * s2;
    const double s6 = s4 * c2 + c4 * s2;
    const double s8 = 2.0 * s4 * c4;
    const double delta = mu_c2 * s2 + mu_c4 * s4 + mu_c6 * s6 + mu_c8 * s8;
    const double d2 = delta * delta;
    const double cos_delta = 1.0 - d2 / 2.0 + d2 * d2 / 24.0;
    const double sin_delta = delta * (1.0 - d2 / 6.0 + d2 * d2 / 120.0);
    sin_mu = s * cos_delta + c * sin_delta;
    cos_mu = c * cos_delta - s * sin_delta;
}

} // namespace

InverseResult inverse(LonLat a, LonLat b) {
    check_point(a, "geodesic inverse");
    check_point(b, "geodesic inverse");
    InverseResult r{};
    geod_inverse(&wgs84(), a.lat, a.lon, b.lat, b.lon, &r.distance_m, &r.azimuth1_deg,
                 &r.azimuth2_deg);
    return r;
}

DistanceAzimuth distance_azimuth(LonLat a, LonLat b) {
    check_point(a, "geodesic inverse");
    check_point(b, "geodesic inverse");
    DistanceAzimuth r{};
    geod_inverse(&wgs84(), a.lat, a.lon, b.lat, b.lon, &r.distance_m, &r.azimuth_deg, nullptr);
    return r;
}

double distance_m(LonLat a, LonLat b) {
    check_point(a, "geodesic distance");
    check_point(b, "geodesic distance");
    double s = 0.0;
    geod_inverse(&wgs84(), a.lat, a.lon, b.lat, b.lon, &s, nullptr, nullptr);
    return s;
}

LonLat direct(LonLat from, double azimuth_deg, double distance) {
    check_point(from, "geodesic direct");
    check_finite(azimuth_deg, "azimuth", "geodesic direct");
    check_finite(distance, "distance", "geodesic direct");
    LonLat to{};
    geod_direct(&wgs84(), from.lat, from.lon, azimuth_deg, distance, &to.lat, &to.lon, nullptr);
    return to;
}

std::vector<LonLat> densify(LonLat a, LonLat b, double step_m) {
    check_point(a, "densify");
    check_point(b, "densify");
    if (!(step_m > 0.0) || !std::isfinite(step_m))
        throw Error("densify: step must be a positive number of metres, got " +
                    format_number(step_m));
    geod_geodesicline line{};
    geod_inverseline(&line, &wgs84(), a.lat, a.lon, b.lat, b.lon,
                     GEOD_LATITUDE | GEOD_LONGITUDE | GEOD_DISTANCE_IN);
    const double segments = std::ceil(line.s13 / step_m);
    // A guard against a step of a millimetre on a 10,000 km line filling the memory.
    constexpr double max_segments = 10'000'000;
    if (segments > max_segments)
        throw Error("densify: step of " + format_number(step_m) + " m is too small for a " +
                    format_number(line.s13) + " m line");
    const auto n = static_cast<std::size_t>(std::max(1.0, segments));
    std::vector<LonLat> points;
    points.reserve(n + 1);
    points.push_back(a);
    for (std::size_t i = 1; i < n; ++i) {
        LonLat p{};
        geod_position(&line, line.s13 * static_cast<double>(i) / static_cast<double>(n), &p.lat,
                      &p.lon, nullptr);
        points.push_back(p);
    }
    points.push_back(b);
    return points;
}

double ring_area_km2(const std::vector<LonLat> &ring) {
    std::size_t n = ring.size();
    if (n >= 2 && ring.front().lon == ring.back().lon && ring.front().lat == ring.back().lat)
        --n;
    std::vector<double> lats(n);
    std::vector<double> lons(n);
    for (std::size_t i = 0; i < n; ++i) {
        check_point(ring[i], "ring area");
        lats[i] = ring[i].lat;
        lons[i] = ring[i].lon;
    }
    double area = 0.0;
    geod_polygonarea(&wgs84(), lats.data(), lons.data(), static_cast<int>(n), &area, nullptr);
    return area / 1e6;
}

namespace {

std::vector<LonLat> circle_ring(LonLat centre, double radius_m, int vertices) {
    std::vector<LonLat> ring;
    ring.reserve(static_cast<std::size_t>(vertices) + 1);
    for (int i = 0; i < vertices; ++i) {
        // Decreasing azimuth from due east: east, north, west, south is counter-clockwise.
        const double azimuth = 90.0 - 360.0 * i / vertices;
        LonLat p{};
        geod_direct(&wgs84(), centre.lat, centre.lon, azimuth, radius_m, &p.lat, &p.lon, nullptr);
        ring.push_back(p);
    }
    ring.push_back(ring.front());
    return ring;
}

} // namespace

std::vector<LonLat> circle_of_area(LonLat centre, double area_km2, int vertices) {
    check_point(centre, "circle of area");
    // A quarter of the Earth keeps the radius well below the distance where the area stops
    // growing with it.
    constexpr double max_area_km2 = 5.1e8 / 4.0;
    if (!(area_km2 > 0.0) || !(area_km2 < max_area_km2))
        throw Error("circle of area: area must be positive and below " +
                    format_number(max_area_km2) + " km2, got " + format_number(area_km2));
    if (vertices < 3)
        throw Error("circle of area: a ring needs at least 3 vertices, got " +
                    std::to_string(vertices));
    // The inscribed regular polygon in the plane first. Below 1 km2 the curvature changes the
    // area by less than 1e-9, while geod_polygonarea, which works at the scale of the whole
    // ellipsoid (about 0.05 m2 of rounding around a pole), cannot resolve a millionth of such
    // an area: the planar radius is the answer.
    const double polygon_factor = vertices / 2.0 * std::sin(2.0 * std::numbers::pi / vertices);
    double radius = std::sqrt(area_km2 * 1e6 / polygon_factor);
    if (area_km2 < 1.0)
        return circle_ring(centre, radius, vertices);
    // Larger ones: rescale until the ellipsoidal area fits. The area grows almost as the square
    // of the radius, so the fixed point converges in a few steps.
    std::vector<LonLat> ring;
    for (int iteration = 0; iteration < 30; ++iteration) {
        ring = circle_ring(centre, radius, vertices);
        const double ratio = area_km2 / ring_area_km2(ring);
        if (std::abs(ratio - 1.0) < 1e-10)
            break;
        radius *= std::sqrt(ratio);
    }
    const double achieved = ring_area_km2(ring);
    if (!(std::abs(achieved / area_km2 - 1.0) < 1e-6))
        throw Error("circle of area: no radius gives " + format_number(area_km2) + " km2 around " +
                    format_point(centre));
    return ring;
}

// ---------------------------------------------------------------------------------------------
// The lower bound, and why it is rigorous.
//
// Write an ellipsoid point with its parametric latitude beta: (a cos(beta) cos(lambda),
// a cos(beta) sin(lambda), b sin(beta)). Its metric is
//     ds^2 = E(beta) dbeta^2 + a^2 cos^2(beta) dlambda^2,   E = a^2 sin^2(beta) + b^2 cos^2(beta).
// Let R = (2/pi) * integral_0^{pi/2} sqrt(E) (the rectifying radius) and
// mu(beta) = (1/R) * integral_0^beta sqrt(E) (the rectifying latitude; mu(+-pi/2) = +-pi/2).
// Map F: (beta, lambda) -> (mu, lambda) on the sphere of radius R. The sphere's metric pulled
// back by F is E dbeta^2 + R^2 cos^2(mu) dlambda^2, so F never lengthens a curve provided
//     R cos(mu) <= a cos(beta)   on [0, pi/2] (the southern half is the mirror image).
// Proof: sqrt(E) increases on [0, pi/2], so mu is convex there with mu(0) = 0, mu(pi/2) = pi/2,
// hence mu <= beta. Then g = a cos(beta) - R cos(mu) has g(pi/2) = 0 and
// g' = -a sin(beta) + sqrt(E) sin(mu) <= -a sin(beta) + a sin(beta) = 0 (sqrt(E) <= a,
// sin(mu) <= sin(beta)), so g >= 0. F is continuous at the poles, so the inequality holds for
// every rectifiable curve. Any curve from P to Q, the shortest geodesic included, is thus at least
// as long as its image, which is at least R * angle(F(P), F(Q)) long.
//
// The bound is exact along meridians and loses at most 1 - R/a = 0.17 % (east-west at the
// equator): the same comparison of metrics shows that F^-1 lengthens curves by at most a/R, so
// the great circle between the images pulls back to a path at most (a/R) * bound long. The simpler
// b * (geocentric angle) bound (central projection onto the sphere of radius b <= |x|) is also
// rigorous but loses up to 0.34 % everywhere; with 10,000 sites in one 5x5 degree box queried from
// the whole globe it leaves 76-81 candidates for exact refinement per query, where this one leaves
// 3-18.
//
// Chords and angles are monotone in each other, so a 3D k-d tree over the unit vectors prunes
// with Euclidean box distances.

double rectifying_radius_m() { return rect_radius; }

UnitVector rectifying_unit_vector(LonLat p) {
    check_point(p, "rectifying unit vector");
    double sin_mu = 0.0;
    double cos_mu = 0.0;
    rectifying_sin_cos(p.lat * deg, sin_mu, cos_mu);
    const double lambda = p.lon * deg;
    return {cos_mu * std::cos(lambda), cos_mu * std::sin(lambda), sin_mu};
}

double chord(const UnitVector &u, const UnitVector &v) {
    const double dx = u.x - v.x;
    const double dy = u.y - v.y;
    const double dz = u.z - v.z;
    return std::sqrt(dx * dx + dy * dy + dz * dz);
}

double chord_lower_bound_m(double chord_length) {
    const double c = std::clamp(chord_length - chord_slack, 0.0, 2.0);
    return rect_radius * 2.0 * std::asin(c / 2.0);
}

double chord_threshold(double distance) {
    if (distance < 0.0)
        return -1.0; // nothing lies closer than a negative distance
    const double half_angle = distance / (2.0 * rect_radius);
    if (!(half_angle < std::numbers::pi / 2.0))
        return std::numeric_limits<double>::infinity(); // every point qualifies
    return 2.0 * std::sin(half_angle) + chord_slack;
}

double distance_lower_bound_m(LonLat a, LonLat b) {
    return chord_lower_bound_m(chord(rectifying_unit_vector(a), rectifying_unit_vector(b)));
}

namespace {

/// Where a walk along `line` stands at `s_m`, how far p is, and how fast that distance grows
/// when the walk goes on: the cosine of the angle between the line and the direction away from p
/// (negative: still approaching).
struct Probe {
    LonLat at;
    double distance_m;
    double slope;
};

Probe probe(const geod_geodesicline &line, LonLat p, double s_m) {
    double lat = 0, lon = 0, azi_line = 0;
    geod_position(&line, s_m, &lat, &lon, &azi_line);
    double d = 0, azi_to_p = 0, azi_at_p = 0;
    geod_inverse(&wgs84(), lat, lon, p.lat, p.lon, &d, &azi_to_p, &azi_at_p);
    return {{lon, lat}, d, d == 0 ? 0.0 : -std::cos((azi_to_p - azi_line) * deg)};
}

} // namespace

GeodesicSegment::GeodesicSegment(LonLat a, LonLat b) : a_(a), b_(b), line_(std::make_unique<geod_geodesicline>()) {
    check_point(a, "GeodesicSegment");
    check_point(b, "GeodesicSegment");
    geod_inverseline(line_.get(), &wgs84(), a.lat, a.lon, b.lat, b.lon, 0);
}

GeodesicSegment::~GeodesicSegment() = default;
GeodesicSegment::GeodesicSegment(GeodesicSegment &&) noexcept = default;
GeodesicSegment &GeodesicSegment::operator=(GeodesicSegment &&) noexcept = default;

double GeodesicSegment::length_m() const { return line_->s13; }

LonLat GeodesicSegment::at(double s_m) const {
    double lat = 0, lon = 0, azi = 0;
    geod_position(line_.get(), s_m, &lat, &lon, &azi);
    return {lon, lat};
}

SegmentDistance GeodesicSegment::distance_to(LonLat p) const {
    check_point(p, "GeodesicSegment::distance_to");
    const double length = length_m();
    const Probe start = probe(*line_, p, 0);
    SegmentDistance best{start.distance_m, a_, 0.0};
    if (length == 0) return best;
    // On a geodesic shorter than half a meridian the distance to p has at most one interior
    // minimum, where the slope turns from negative to positive. Samples every 500 km find the
    // interval it lies in; bisection on the slope's sign finds it to 1 mm. The last sample is
    // the far end.
    const int pieces = std::max(4, static_cast<int>(std::ceil(length / 500e3)));
    Probe previous = start;
    double previous_s = 0;
    for (int i = 1; i <= pieces; ++i) {
        const double s = length * i / pieces;
        const Probe here = probe(*line_, p, s);
        if (i == pieces && here.distance_m < best.distance_m) best = {here.distance_m, b_, length};
        if (previous.slope < 0 && here.slope > 0) {
            double lo = previous_s, hi = s;
            while (hi - lo > 1e-3) {
                const double mid = 0.5 * (lo + hi);
                (probe(*line_, p, mid).slope < 0 ? lo : hi) = mid;
            }
            const double foot = 0.5 * (lo + hi);
            if (const Probe f = probe(*line_, p, foot); f.distance_m < best.distance_m) best = {f.distance_m, f.at, foot};
        }
        previous_s = s;
        previous = here;
    }
    return best;
}

SegmentDistance distance_to_segment(LonLat p, LonLat a, LonLat b) { return GeodesicSegment(a, b).distance_to(p); }

} // namespace depomap::geo
