// geo::split_at_antimeridian: lines cut at +-180 degrees (RFC 7946 §3.1.9) so that no segment
// jumps across the map. Expected parts are written out by hand; a property test on densified
// geodesics checks the invariants on many random lines.
#include "depomap/antimeridian.hpp"
#include "depomap/geodesic.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

using depomap::geo::LonLat;
using depomap::geo::split_at_antimeridian;
using Parts = std::vector<std::vector<LonLat>>;

std::string show(const Parts &parts) {
    std::ostringstream out;
    out.precision(12);
    out << '[';
    for (const auto &part : parts) {
        out << '[';
        for (const auto &p : part) out << '(' << p.lon << ' ' << p.lat << ')';
        out << ']';
    }
    out << ']';
    return out.str();
}

/// Compares parts point by point. A point repeated in place (a harmless duplicate vertex) is
/// ignored; zero-length parts are caught by expect_valid_split.
void expect_parts(const Parts &got_raw, const Parts &expected, double tolerance = 1e-9) {
    Parts got;
    for (const auto &part : got_raw) {
        auto &out = got.emplace_back();
        for (const auto &p : part) {
            if (out.empty() || out.back().lon != p.lon || out.back().lat != p.lat) out.push_back(p);
        }
    }
    ASSERT_EQ(got.size(), expected.size()) << "got " << show(got) << ", expected " << show(expected);
    for (std::size_t i = 0; i < got.size(); ++i) {
        ASSERT_EQ(got[i].size(), expected[i].size())
            << "part " << i << ": got " << show(got) << ", expected " << show(expected);
        for (std::size_t j = 0; j < got[i].size(); ++j) {
            EXPECT_NEAR(got[i][j].lon, expected[i][j].lon, tolerance) << "part " << i << " point " << j << ": " << show(got);
            EXPECT_NEAR(got[i][j].lat, expected[i][j].lat, tolerance) << "part " << i << " point " << j << ": " << show(got);
        }
    }
}

/// The invariants every split must keep: finite coordinates in range, no segment with a
/// longitude jump of more than 180 degrees, no part that is a single point or has zero length,
/// and consecutive parts meet on the meridian (same latitude, opposite sides).
void expect_valid_split(const Parts &parts, const std::string &what) {
    SCOPED_TRACE(what + ": " + show(parts));
    for (std::size_t i = 0; i < parts.size(); ++i) {
        const auto &part = parts[i];
        EXPECT_GE(part.size(), 2u) << "part " << i << " has fewer than two points";
        bool has_length = false;
        for (std::size_t j = 0; j < part.size(); ++j) {
            EXPECT_TRUE(std::isfinite(part[j].lon) && std::isfinite(part[j].lat)) << "part " << i << " point " << j;
            EXPECT_LE(std::abs(part[j].lon), 180.0) << "part " << i << " point " << j;
            EXPECT_LE(std::abs(part[j].lat), 90.0) << "part " << i << " point " << j;
            if (j > 0) {
                EXPECT_LE(std::abs(part[j].lon - part[j - 1].lon), 180.0) << "part " << i << " jumps at " << j;
                if (part[j].lon != part[j - 1].lon || part[j].lat != part[j - 1].lat) has_length = true;
            }
        }
        EXPECT_TRUE(has_length) << "part " << i << " has zero length";
        if (i + 1 < parts.size() && !part.empty() && !parts[i + 1].empty()) {
            const auto end = part.back(), start = parts[i + 1].front();
            EXPECT_EQ(std::abs(end.lon), 180.0) << "part " << i << " does not end on the meridian";
            EXPECT_EQ(start.lon, -end.lon) << "part " << i + 1 << " does not start on the other side";
            EXPECT_DOUBLE_EQ(start.lat, end.lat) << "parts " << i << " and " << i + 1 << " do not meet";
        }
    }
}

TEST(Antimeridian, EmptyLine) { EXPECT_TRUE(split_at_antimeridian({}).empty()); }

TEST(Antimeridian, NoCrossingIsUnchanged) {
    const std::vector<LonLat> line{{170, 60}, {175, 61}, {179.5, 62}};
    expect_parts(split_at_antimeridian(line), {line}, 0);
    // Across the prime meridian, and a long eastward step that is still under 180 degrees.
    const std::vector<LonLat> prime{{-10, 0}, {10, 1}, {120, 2}, {-50, 3}};
    expect_parts(split_at_antimeridian(prime), {prime}, 0);
    const std::vector<LonLat> west{{-179.5, 64}, {-170, 64}, {-179.9, 65}};
    expect_parts(split_at_antimeridian(west), {west}, 0);
}

TEST(Antimeridian, EastToWest) {
    // 179E -> 179W: cut at +180 then resumed at -180, at the mid latitude.
    expect_parts(split_at_antimeridian({{179, 65}, {-179, 66}}),
                 {{{179, 65}, {180, 65.5}}, {{-180, 65.5}, {-179, 66}}});
}

TEST(Antimeridian, WestToEast) {
    expect_parts(split_at_antimeridian({{-179, 65}, {179, 66}}),
                 {{{-179, 65}, {-180, 65.5}}, {{180, 65.5}, {179, 66}}});
}

TEST(Antimeridian, CrossingLatitudeIsInterpolated) {
    // 178E 60N -> 176W 66N: 2 degrees of the 6 lie east of the meridian, so it is met at 62N.
    expect_parts(split_at_antimeridian({{170, 59}, {178, 60}, {-176, 66}, {-170, 67}}),
                 {{{170, 59}, {178, 60}, {180, 62}}, {{-180, 62}, {-176, 66}, {-170, 67}}});
}

TEST(Antimeridian, ChukotkaToAlaskaGeodesic) {
    // The densified geodesic from 179.9E 65N to 179.9W 65N (9.435 km) is cut once.
    const auto line = depomap::geo::densify({179.9, 65}, {-179.9, 65}, 1000.0);
    const auto parts = split_at_antimeridian(line);
    ASSERT_EQ(parts.size(), 2u) << show(parts);
    EXPECT_EQ(parts[0].front().lon, 179.9);
    EXPECT_EQ(parts[0].back().lon, 180.0);
    EXPECT_EQ(parts[1].front().lon, -180.0);
    EXPECT_EQ(parts[1].back().lon, -179.9);
    EXPECT_NEAR(parts[0].back().lat, 65.0, 1e-3);
    expect_valid_split(parts, "Chukotka-Alaska");
    // A crossing adds the two cut points; a densified point lying exactly on the meridian is
    // itself the cut, and only its twin on the other side is added.
    std::size_t points = 0, on_meridian = 0;
    for (const auto &p : parts) points += p.size();
    for (const auto &p : line) on_meridian += std::abs(p.lon) == 180.0 ? 1 : 0;
    EXPECT_EQ(points, line.size() + (on_meridian ? 1 : 2));
}

TEST(Antimeridian, SeveralCrossings) {
    const auto parts = split_at_antimeridian({{179, 0}, {-179, 1}, {179, 2}, {-179, 3}, {-178, 4}});
    expect_parts(parts, {{{179, 0}, {180, 0.5}},
                         {{-180, 0.5}, {-179, 1}, {-180, 1.5}},
                         {{180, 1.5}, {179, 2}, {180, 2.5}},
                         {{-180, 2.5}, {-179, 3}, {-178, 4}}});
    expect_valid_split(parts, "several crossings");
}

TEST(Antimeridian, PointOnTheMeridianInsideALine) {
    // 179E -> exactly 180 -> 179W: one cut at the point that is already on the meridian, no
    // zero-length piece and no doubled point.
    const auto parts = split_at_antimeridian({{179, 65}, {180, 65}, {-179, 65}});
    expect_valid_split(parts, "via 180");
    expect_parts(parts, {{{179, 65}, {180, 65}}, {{-180, 65}, {-179, 65}}});
}

TEST(Antimeridian, PointOnTheMeridianWrittenAsMinus180) {
    const auto parts = split_at_antimeridian({{179, 65}, {-180, 65}, {-179, 65}});
    expect_valid_split(parts, "via -180");
    expect_parts(parts, {{{179, 65}, {180, 65}}, {{-180, 65}, {-179, 65}}});
}

TEST(Antimeridian, LineStartingOn180) {
    // Starts on the meridian (written +180) and goes west of it: the first point is the same
    // place as -180, so nothing needs cutting and nothing of zero length may come out.
    const auto parts = split_at_antimeridian({{180, 65}, {-179, 65}, {-178, 66}});
    expect_valid_split(parts, "from +180 westward");
    expect_parts(parts, {{{-180, 65}, {-179, 65}, {-178, 66}}});
}

TEST(Antimeridian, LineStartingOnMinus180) {
    const auto parts = split_at_antimeridian({{-180, 10}, {179, 10}, {178, 11}});
    expect_valid_split(parts, "from -180 eastward");
    expect_parts(parts, {{{180, 10}, {179, 10}, {178, 11}}});
}

TEST(Antimeridian, LineEndingOn180) {
    // 179W -> ends on the meridian written as +180.
    const auto parts = split_at_antimeridian({{-178, 65}, {-179, 65}, {180, 65}});
    expect_valid_split(parts, "to +180");
    expect_parts(parts, {{{-178, 65}, {-179, 65}, {-180, 65}}});
}

TEST(Antimeridian, SegmentAlongTheMeridian) {
    // Both ends on the meridian, written with opposite signs: a north-south segment on it.
    const auto parts = split_at_antimeridian({{180, 60}, {-180, 65}});
    expect_valid_split(parts, "along the meridian");
    ASSERT_FALSE(parts.empty());
    for (const auto &part : parts) {
        for (const auto &p : part) EXPECT_FALSE(std::isnan(p.lat)) << show(parts);
    }
}

TEST(Antimeridian, RandomDensifiedGeodesicsKeepTheInvariants) {
    std::mt19937_64 rng(42);
    std::uniform_real_distribution<double> side(0.0, 1.0), lat(-85.0, 85.0), near(0.0, 20.0);
    int crossing = 0;
    for (int n = 0; n < 2000; ++n) {
        // Pairs straddling the antimeridian, and some anywhere.
        LonLat a{180.0 - near(rng), lat(rng)}, b{-180.0 + near(rng), lat(rng)};
        if (n % 2) std::swap(a, b);
        if (n % 5 == 0) a.lon = 360.0 * side(rng) - 180.0;
        const auto line = depomap::geo::densify(a, b, 50000.0);
        const auto parts = split_at_antimeridian(line);
        expect_valid_split(parts, "line " + std::to_string(n));
        if (parts.size() > 1) ++crossing;
        // The input points are all there, in order; only the meridian points are added.
        std::vector<LonLat> flat;
        for (const auto &part : parts) {
            for (const auto &p : part) flat.push_back(p);
        }
        std::size_t j = 0;
        for (const auto &p : flat) {
            if (j < line.size() && p.lon == line[j].lon && p.lat == line[j].lat) ++j;
        }
        EXPECT_EQ(j, line.size()) << "line " << n << " lost input points";
        EXPECT_EQ(flat.size(), line.size() + 2 * (parts.size() - 1)) << "line " << n;
        if (::testing::Test::HasFailure()) break;
    }
    EXPECT_GT(crossing, 1000);
}

TEST(CoveringLongitudes, ASpanThatNeedsNoWrapIsTheIntervalsHull) {
    const auto span = depomap::geo::covering_longitudes({{30, 40}, {10, 20}, {15, 25}});
    EXPECT_DOUBLE_EQ(span.first, 10);
    EXPECT_DOUBLE_EQ(span.second, 40);
}

TEST(CoveringLongitudes, PartsOnBothSidesOf180AreJoinedAcrossIt) {
    // Chukotka: most of it west of 180°, a strip east of it.
    const auto span = depomap::geo::covering_longitudes({{172.4, 180}, {-180, -169.4}, {175, 178}});
    EXPECT_DOUBLE_EQ(span.first, 172.4);
    EXPECT_DOUBLE_EQ(span.second, 190.6);
}

TEST(CoveringLongitudes, TheLargestGapIsLeftOut) {
    // Russia's mainland from Kaliningrad to Chukotka: the gap is over the Atlantic and America.
    const auto span = depomap::geo::covering_longitudes({{19.6, 180}, {-180, -169}});
    EXPECT_DOUBLE_EQ(span.first, 19.6);
    EXPECT_DOUBLE_EQ(span.second, 191);
    const auto none = depomap::geo::covering_longitudes({});
    EXPECT_DOUBLE_EQ(none.first, 0);
    EXPECT_DOUBLE_EQ(none.second, 0);
}

} // namespace
