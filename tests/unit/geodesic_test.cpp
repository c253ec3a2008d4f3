// Geodesics on WGS84 against GeographicLib's GeodSolve, and the pruning lower bound.
#include "depomap/error.hpp"
#include "depomap/geodesic.hpp"

#include <geodesic.h>

#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <vector>

namespace {

using depomap::geo::LonLat;
namespace geo = depomap::geo;

constexpr double mm = 1e-3;

// Uniform on the sphere.
LonLat random_point(std::mt19937_64 &rng) {
    std::uniform_real_distribution<double> lon(-180.0, 180.0);
    std::uniform_real_distribution<double> sine(-1.0, 1.0);
    return {lon(rng), std::asin(sine(rng)) * 180.0 / std::numbers::pi};
}

LonLat antipode(LonLat p) { return {p.lon > 0.0 ? p.lon - 180.0 : p.lon + 180.0, -p.lat}; }

// Moves p by up to `deg` degrees in each coordinate, keeping the latitude valid.
LonLat jitter(LonLat p, double deg, std::mt19937_64 &rng) {
    std::uniform_real_distribution<double> step(-deg, deg);
    return {p.lon + step(rng), std::clamp(p.lat + step(rng), -90.0, 90.0)};
}

double log_uniform(double lo, double hi, std::mt19937_64 &rng) {
    std::uniform_real_distribution<double> u(std::log(lo), std::log(hi));
    return std::exp(u(rng));
}

// Pairs that stress the inverse problem: global, near-antipodal (the hard case of the
// iteration), polar, across the antimeridian, along meridians and the equator, very short.
std::vector<std::pair<LonLat, LonLat>> hard_pairs(std::size_t per_kind, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<std::pair<LonLat, LonLat>> pairs;
    for (std::size_t i = 0; i < per_kind; ++i) {
        const LonLat a = random_point(rng);
        pairs.emplace_back(a, random_point(rng));
        pairs.emplace_back(a, jitter(antipode(a), log_uniform(1e-7, 2.0, rng), rng));
        const LonLat e{360.0 * unit(rng) - 180.0,
                       std::copysign(log_uniform(1e-9, 1.0, rng), unit(rng) - 0.5)};
        pairs.emplace_back(e, jitter(antipode(e), log_uniform(1e-7, 1.0, rng), rng));
        const double pole = unit(rng) < 0.5 ? 90.0 : -90.0;
        pairs.emplace_back(
            LonLat{360.0 * unit(rng) - 180.0, pole},
            LonLat{360.0 * unit(rng) - 180.0, pole - std::copysign(20.0 * unit(rng), pole)});
        pairs.emplace_back(LonLat{360.0 * unit(rng) - 180.0, 89.0 + unit(rng)},
                           LonLat{360.0 * unit(rng) - 180.0, -89.0 - unit(rng)});
        pairs.emplace_back(LonLat{170.0 + 10.0 * unit(rng), 140.0 * unit(rng) - 70.0},
                           LonLat{-180.0 + 10.0 * unit(rng), 140.0 * unit(rng) - 70.0});
        const double meridian = 360.0 * unit(rng) - 180.0;
        pairs.emplace_back(
            LonLat{meridian, 180.0 * unit(rng) - 90.0},
            LonLat{meridian + (unit(rng) < 0.5 ? 0.0 : 180.0), 180.0 * unit(rng) - 90.0});
        pairs.emplace_back(LonLat{360.0 * unit(rng) - 180.0, 0.0},
                           LonLat{360.0 * unit(rng) - 180.0, 0.0});
        pairs.emplace_back(a, jitter(a, log_uniform(1e-9, 1e-2, rng), rng));
    }
    return pairs;
}

struct Reference {
    LonLat a;
    LonLat b;
    double azimuth1_deg;
    double azimuth2_deg;
    double distance_m;
};

// Produced by `GeodSolve -i -p 9` (GeographicLib 2.1.2, WGS84), input "lat1 lon1 lat2 lon2":
// pasted so that the test keeps its teeth where GeodSolve is not installed.
const std::vector<Reference> pasted = {
    {{179.9, 65}, {-179.9, 65}, 89.90936920484020, 90.09063079515980, 9435.102277307},
    {{0, 0}, {179.5, 0}, 55.96649514015864, 124.03350485984137, 19980861.908890963},
    {{0, 0}, {179.7, 0.5}, 15.55688279349054, 164.44251389085494, 19944127.420750458},
    {{0, -30}, {179.8, 29.9}, 161.89052473632697, 18.09073724573950, 19989832.827609532},
    {{0, 90}, {0, -90}, 180.0, 180.0, 20003931.458625447},
    {{45, 90}, {-135, 89.999}, 0.0, -180.0, 111.693979560},
    {{10, -89.5}, {-170, -89.5}, -180.0, 0.0, 111693.950896553},
    {{-73.78, 40.64}, {103.99, 1.36}, 3.30577347801761, 177.48784020815515, 15347512.940512940},
    {{37.62, 55.75}, {177.51, 64.73}, 19.45249567311771, 153.96869510316128, 6214022.375168751},
    {{-179.99, 1}, {179.99, -1}, -179.42317173908427, -179.42317173908427, 221159.982662742},
    {{-0.0015, 51.4779},
     {151.2153, -33.8568},
     60.56030939222917,
     139.17061285224031,
     16982636.773411192},
    {{0, -0.000001},
     {179.999999, 0.000001},
     179.99990498206623,
     0.00009501793377,
     20003931.458625354},
};

std::string format_g(double value) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g", value);
    return text;
}

// The difference of two azimuths, in (-180, 180].
double azimuth_difference(double a, double b) {
    double d = std::remainder(a - b, 360.0);
    return d == -180.0 ? 180.0 : d;
}

bool geod_solve_installed() { return std::system("command -v GeodSolve >/dev/null 2>&1") == 0; }

// GeodSolve's azimuth1, azimuth2 and distance for each pair, one row per pair; fewer rows if it
// fails.
std::vector<std::array<double, 3>> geod_solve(const std::vector<std::pair<LonLat, LonLat>> &pairs) {
    std::string input =
        (std::filesystem::temp_directory_path() / "depomap_geodsolve_XXXXXX").string();
    const int fd = mkstemp(input.data());
    if (fd < 0)
        return {};
    close(fd);
    {
        std::ofstream out(input);
        // Fixed notation: GeodSolve reads the "e" of 1e-07 as a hemisphere (east).
        out << std::fixed;
        out.precision(15);
        for (const auto &[a, b] : pairs)
            out << a.lat << ' ' << a.lon << ' ' << b.lat << ' ' << b.lon << '\n';
    }
    std::vector<std::array<double, 3>> rows;
    if (FILE *pipe = popen(("GeodSolve -i -p 9 < " + input).c_str(), "r")) {
        std::array<double, 3> row{};
        while (std::fscanf(pipe, "%lf %lf %lf", &row[0], &row[1], &row[2]) == 3)
            rows.push_back(row);
        pclose(pipe);
    }
    std::filesystem::remove(input);
    return rows;
}

} // namespace

TEST(Geodesic, MatchesPastedGeodSolveValues) {
    for (const Reference &r : pasted) {
        const geo::InverseResult got = geo::inverse(r.a, r.b);
        SCOPED_TRACE("(" + std::to_string(r.a.lon) + ", " + std::to_string(r.a.lat) + ") -> (" +
                     std::to_string(r.b.lon) + ", " + std::to_string(r.b.lat) + ")");
        EXPECT_NEAR(got.distance_m, r.distance_m, mm);
        EXPECT_NEAR(azimuth_difference(got.azimuth1_deg, r.azimuth1_deg), 0.0, 1e-9);
        EXPECT_NEAR(azimuth_difference(got.azimuth2_deg, r.azimuth2_deg), 0.0, 1e-9);
        EXPECT_EQ(geo::distance_m(r.a, r.b), got.distance_m);
    }
}

TEST(Geodesic, ChukotkaToAlaskaAcrossTheAntimeridian) {
    // The case from issue 4: 65N 179.9E to 65N 179.9W is 9.435 km, not 10,000 km.
    const double d = geo::distance_m({179.9, 65.0}, {-179.9, 65.0});
    EXPECT_NEAR(d, 9435.102277307, 1.0); // GeodSolve -i: 65 179.9 65 -179.9
    EXPECT_NEAR(d / 1000.0, 9.435, 0.0005);
    EXPECT_EQ(d, geo::distance_m({-179.9, 65.0}, {179.9, 65.0}));
    EXPECT_EQ(d, geo::distance_m({179.9, 65.0}, {180.1, 65.0}));
}

TEST(Geodesic, AgreesWithGeodSolveOnHardRandomPairs) {
    if (!geod_solve_installed())
        GTEST_SKIP() << "GeodSolve (geographiclib-tools) is not installed";
    const auto pairs = hard_pairs(300, 20240601);
    const auto expected = geod_solve(pairs);
    ASSERT_EQ(expected.size(), pairs.size()) << "GeodSolve did not answer every pair";
    double worst = 0.0;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const auto &[a, b] = pairs[i];
        const geo::InverseResult got = geo::inverse(a, b);
        const double error = std::abs(got.distance_m - expected[i][2]);
        worst = std::max(worst, error);
        EXPECT_LE(error, mm) << "pair " << i << ": (" << a.lon << ", " << a.lat << ") -> (" << b.lon
                             << ", " << b.lat << ")";
        // Azimuths are undefined for coincident points and differ by convention at a pole.
        if (got.distance_m > 1.0 && std::abs(a.lat) < 90.0 && std::abs(b.lat) < 90.0) {
            EXPECT_NEAR(azimuth_difference(got.azimuth1_deg, expected[i][0]), 0.0, 1e-6) << i;
            EXPECT_NEAR(azimuth_difference(got.azimuth2_deg, expected[i][1]), 0.0, 1e-6) << i;
        }
    }
    RecordProperty("worst_error_m", format_g(worst));
}

TEST(Geodesic, DirectThenInverseReturnsTheSameLine) {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> azimuth(-180.0, 180.0);
    std::uniform_real_distribution<double> distance(0.0, 15e6);
    for (int i = 0; i < 20000; ++i) {
        const LonLat a = i % 10 == 0 ? LonLat{azimuth(rng), 89.9999} : random_point(rng);
        const double azi = azimuth(rng);
        const double s = i % 7 == 0 ? log_uniform(1e-3, 1e4, rng) : distance(rng);
        const LonLat b = geo::direct(a, azi, s);
        ASSERT_GE(b.lon, -180.0);
        ASSERT_LE(b.lon, 180.0);
        const geo::InverseResult back = geo::inverse(a, b);
        EXPECT_NEAR(back.distance_m, s, 1e-6) << i;
        if (std::abs(a.lat) < 89.0 && s > 100.0) { // coordinates carry about 1 nm
            EXPECT_NEAR(azimuth_difference(back.azimuth1_deg, azi), 0.0, 1e-7) << i;
        }
    }
}

TEST(Geodesic, RejectsInvalidCoordinates) {
    EXPECT_THROW(geo::distance_m({0, 90.5}, {0, 0}), depomap::Error);
    EXPECT_THROW(geo::inverse({0, 0}, {std::nan(""), 0}), depomap::Error);
    EXPECT_THROW(geo::direct({0, 0}, 45.0, std::numeric_limits<double>::infinity()),
                 depomap::Error);
    EXPECT_THROW(geo::rectifying_unit_vector({0, -91}), depomap::Error);
    EXPECT_NO_THROW(geo::distance_m({540.0, 90.0}, {-400.0, -90.0}));
}

TEST(Geodesic, DensifyKeepsStepsAndEnds) {
    struct Case {
        LonLat a, b;
        double step_m;
    };
    const std::vector<Case> cases = {
        {{179.9, 65}, {-179.9, 65}, 1000.0},     // across the antimeridian
        {{131.9, 43.1}, {56.8, 59.4}, 50'000.0}, // Vladivostok to Solikamsk
        {{0, 0}, {179.5, 0}, 100'000.0},         // nearly antipodal, over a pole
        {{10, 89.9}, {-170, 89.9}, 1.0},         // over the pole
        {{37.6, 55.7}, {37.6, 55.7}, 10.0},      // one point
    };
    for (const Case &c : cases) {
        const auto line = geo::densify(c.a, c.b, c.step_m);
        const double total = geo::distance_m(c.a, c.b);
        ASSERT_GE(line.size(), 2u);
        EXPECT_EQ(line.front().lon, c.a.lon);
        EXPECT_EQ(line.front().lat, c.a.lat);
        EXPECT_EQ(line.back().lon, c.b.lon);
        EXPECT_EQ(line.back().lat, c.b.lat);
        EXPECT_EQ(line.size(),
                  static_cast<std::size_t>(std::max(1.0, std::ceil(total / c.step_m))) + 1);
        for (std::size_t i = 1; i < line.size(); ++i) {
            EXPECT_LE(geo::distance_m(line[i - 1], line[i]), c.step_m * (1 + 1e-9) + 1e-9);
            EXPECT_GE(line[i].lon, -180.0);
            EXPECT_LE(line[i].lon, 180.0);
            // On the line: going through the point is no longer than the line itself.
            EXPECT_NEAR(geo::distance_m(c.a, line[i]) + geo::distance_m(line[i], c.b), total, mm);
        }
    }
    EXPECT_THROW(geo::densify({0, 0}, {1, 1}, 0.0), depomap::Error);
    EXPECT_THROW(geo::densify({0, 0}, {1, 1}, -5.0), depomap::Error);
    EXPECT_THROW(geo::densify({0, 0}, {179, 0}, 1e-6), depomap::Error);
}

TEST(Geodesic, CircleOfAreaHasTheArea) {
    const std::vector<LonLat> centres = {{58.5, 67.6}, {179.95, 65.0}, {-179.99, -10.0},
                                         {0.0, 90.0},  {123.0, -90.0}, {110.0, 41.8},
                                         {-74.0, 0.0}, {30.0, 89.99}};
    for (const LonLat centre : centres)
        for (const double area_km2 : {0.01, 0.5, 12.0, 2500.0, 1e6, 3e7, 1.2e8}) {
            SCOPED_TRACE(std::to_string(area_km2) + " km2 around (" + std::to_string(centre.lon) +
                         ", " + std::to_string(centre.lat) + ")");
            const auto ring = geo::circle_of_area(centre, area_km2);
            ASSERT_EQ(ring.size(), 65u);
            EXPECT_EQ(ring.front().lon, ring.back().lon);
            EXPECT_EQ(ring.front().lat, ring.back().lat);
            // Positive: counter-clockwise.
            const double area = geo::ring_area_km2(ring);
            EXPECT_NEAR(area / area_km2, 1.0, 1e-3);
            // geod_polygonarea itself rounds to about 0.05 m2 around a pole.
            if (area_km2 >= 0.5) {
                EXPECT_NEAR(area / area_km2, 1.0, 1e-6);
            }
            const double radius = geo::distance_m(centre, ring[0]);
            for (const LonLat &p : ring) {
                EXPECT_NEAR(geo::distance_m(centre, p), radius, 1e-6 * radius + 1e-6);
                EXPECT_GE(p.lon, -180.0);
                EXPECT_LE(p.lon, 180.0);
            }
        }
    // Tiny areas (a square metre, a square millimetre): the planar radius of the regular 64-gon,
    // since the surface is flat at that scale; coordinates themselves carry about a nanometre.
    const double factor = 32.0 * std::sin(2.0 * std::numbers::pi / 64.0);
    for (const double area_km2 : {1e-6, 1e-12}) {
        const auto ring = geo::circle_of_area({179.999, -45.0}, area_km2);
        ASSERT_EQ(ring.size(), 65u);
        const double radius = std::sqrt(area_km2 * 1e6 / factor);
        for (const LonLat &p : ring)
            EXPECT_NEAR(geo::distance_m({179.999, -45.0}, p), radius, 1e-6 * radius + 1e-8);
    }
    EXPECT_EQ(geo::circle_of_area({10, 10}, 100.0, 6).size(), 7u);
    EXPECT_NEAR(geo::ring_area_km2(geo::circle_of_area({10, 10}, 100.0, 3)), 100.0, 1e-4);
    EXPECT_THROW(geo::circle_of_area({0, 0}, 0.0), depomap::Error);
    EXPECT_THROW(geo::circle_of_area({0, 0}, -1.0), depomap::Error);
    EXPECT_THROW(geo::circle_of_area({0, 0}, 2e8), depomap::Error);
    EXPECT_THROW(geo::circle_of_area({0, 0}, 10.0, 2), depomap::Error);
}

TEST(Geodesic, RectifyingRadius) {
    // The WGS84 quarter meridian (10,001,965.729 m) over pi/2; 6367449.14582341531 from a
    // 30-digit quadrature of the meridian arc. The bound needs it not to be overestimated.
    EXPECT_NEAR(geo::rectifying_radius_m(), 6367449.14582341531, 1e-6);
    EXPECT_LE(geo::rectifying_radius_m(), 6367449.14582341531);
}

// The bound the index prunes with must never exceed the geodesic distance: checked on two
// million pairs of every awkward kind, including the ones where it is exact (along meridians,
// over the poles), where any rounding slip would show.
TEST(GeodesicLowerBound, NeverExceedsTheDistanceOnMillionsOfPairs) {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const double slack = 1.0 - geo::rectifying_radius_m() / geo::wgs84_a_m; // 0.17 %
    std::size_t pairs = 0;
    double tightest = 1e300; // smallest distance - bound where the bound is not trivially 0
    const auto check = [&](LonLat a, LonLat b) {
        const double d = geo::distance_m(a, b);
        const double bound = geo::distance_lower_bound_m(a, b);
        ++pairs;
        if (bound > 0.0)
            tightest = std::min(tightest, d - bound);
        if (!(bound <= d))
            ADD_FAILURE() << "bound " << bound << " > distance " << d << " for (" << a.lon << ", "
                          << a.lat << ") -> (" << b.lon << ", " << b.lat << ")";
        // What the index compares: the chord against the threshold of the exact distance.
        const double c = geo::chord(geo::rectifying_unit_vector(a), geo::rectifying_unit_vector(b));
        if (!(c <= geo::chord_threshold(d)))
            ADD_FAILURE() << "chord beyond threshold for (" << a.lon << ", " << a.lat << ") -> ("
                          << b.lon << ", " << b.lat << ")";
        // And the bound is tight enough to be worth having.
        if (!(bound >= d * (1.0 - slack) - 1e-4))
            ADD_FAILURE() << "bound " << bound << " too loose for distance " << d;
    };
    constexpr int rounds = 250'000;
    for (int i = 0; i < rounds; ++i) {
        const LonLat a = random_point(rng);
        check(a, random_point(rng));                                     // global
        check(a, jitter(antipode(a), log_uniform(1e-9, 3.0, rng), rng)); // near-antipodal
        const double pole = unit(rng) < 0.5 ? 90.0 : -90.0;
        const LonLat polar{360.0 * unit(rng) - 180.0,
                           pole - std::copysign(log_uniform(1e-9, 2.0, rng), pole)};
        check(polar, jitter(polar, log_uniform(1e-9, 5.0, rng), rng));     // near a pole
        check(LonLat{360.0 * unit(rng) - 180.0, pole}, random_point(rng)); // from a pole
        const double meridian = 360.0 * unit(rng) - 180.0;                 // exact cases
        check(LonLat{meridian, 180.0 * unit(rng) - 90.0},
              LonLat{meridian + (unit(rng) < 0.5 ? 0.0 : 180.0), 180.0 * unit(rng) - 90.0});
        const LonLat corner{360.0 * unit(rng) - 180.0, 170.0 * unit(rng) - 85.0};
        check(jitter(corner, 2.5, rng), jitter(corner, 2.5, rng)); // one 5x5 box
        check(jitter(corner, 2.5, rng), random_point(rng));        // box to globe
        check(a, jitter(a, log_uniform(1e-10, 1e-3, rng), rng));   // a few metres
    }
    check({0, 0}, {0, 0});
    check({0, 90}, {0, -90});
    check({0, 90}, {77, 90});
    EXPECT_EQ(pairs, 8u * rounds + 3u);
    EXPECT_GE(tightest, 0.0);
    RecordProperty("smallest_margin_m", format_g(tightest));
}

TEST(GeodesicLowerBound, ThresholdAndBoundAreConsistent) {
    for (const double d : {0.0, 1e-3, 1.0, 9435.1, 1e6, 1.5e7, 2.0e7, 2.01e7}) {
        const double c = geo::chord_threshold(d);
        // A chord at the threshold bounds the distance at or just below d.
        if (std::isfinite(c)) {
            EXPECT_LE(geo::chord_lower_bound_m(c), d * (1 + 1e-12) + 1e-6) << d;
        }
    }
    EXPECT_LT(geo::chord_threshold(-1.0), 0.0);
    EXPECT_TRUE(std::isinf(geo::chord_threshold(std::numeric_limits<double>::infinity())));
    EXPECT_TRUE(std::isinf(geo::chord_threshold(2.1e7))); // beyond the farthest point
    EXPECT_EQ(geo::chord_lower_bound_m(0.0), 0.0);
}

namespace {

// The distance from p to the segment a->b by brute force: the segment walked in steps of
// `step_m` with geod_direct, the smallest geod_inverse to p.
double brute_distance_to_segment(depomap::geo::LonLat p, depomap::geo::LonLat a, depomap::geo::LonLat b,
                                 double step_m) {
    geod_geodesic g{};
    geod_init(&g, depomap::geo::wgs84_a_m, depomap::geo::wgs84_f);
    double length = 0, azi1 = 0, azi2 = 0;
    geod_inverse(&g, a.lat, a.lon, b.lat, b.lon, &length, &azi1, &azi2);
    double best = 1e300;
    for (double s = 0;; s = std::min(s + step_m, length)) {
        double lat = 0, lon = 0, azi = 0, d = 0, x = 0, y = 0;
        geod_direct(&g, a.lat, a.lon, azi1, s, &lat, &lon, &azi);
        geod_inverse(&g, lat, lon, p.lat, p.lon, &d, &x, &y);
        best = std::min(best, d);
        if (s >= length) break;
    }
    return best;
}

} // namespace

TEST(DistanceToSegment, AgreesWithAWalkAlongTheSegment) {
    using depomap::geo::LonLat;
    struct Case {
        LonLat p, a, b;
        double step_m;
    };
    const Case cases[] = {
        {{101.0, 54.5}, {100.0, 53.0}, {104.0, 52.0}, 20.0},    // abreast of the middle (Irkutsk oblast)
        {{99.0, 52.0}, {100.0, 53.0}, {104.0, 52.0}, 20.0},     // beyond the start: the start is nearest
        {{179.5, 65.2}, {178.0, 65.0}, {-177.0, 66.0}, 2.0},    // across the antimeridian (Chukotka)
        {{60.0, 40.0}, {30.0, 50.0}, {90.0, 55.0}, 20.0},       // 4,000 km segment, point 1,000 km off
        {{0.0, 89.0}, {-60.0, 85.0}, {120.0, 85.0}, 20.0},      // over the pole
        {{10.0, 0.0}, {10.0, 0.0}, {12.0, 0.0}, 20.0},          // on the start
    };
    for (const auto &c : cases) {
        const auto got = depomap::geo::distance_to_segment(c.p, c.a, c.b);
        const double want = brute_distance_to_segment(c.p, c.a, c.b, c.step_m);
        // The walk's samples miss the true foot by up to step/2: at distance d (over 50 km here, 12 km
        // with 2 m steps, or 0) that is (step/2)^2/2d, under 1 mm.
        EXPECT_NEAR(got.distance_m, want, 2e-3) << c.p.lon << "," << c.p.lat;
        EXPECT_LE(got.distance_m, want + 1e-3);
        EXPECT_NEAR(depomap::geo::distance_m(c.p, got.nearest), got.distance_m, 1e-3);
    }
}

TEST(DistanceToSegment, RefusesInvalidCoordinates) {
    EXPECT_THROW(depomap::geo::distance_to_segment({0, 95}, {0, 0}, {1, 1}), depomap::Error);
    EXPECT_THROW(depomap::geo::distance_to_segment({0, 0}, {0, NAN}, {1, 1}), depomap::Error);
}
