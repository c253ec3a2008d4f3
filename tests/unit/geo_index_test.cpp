// The geodesic index answers exactly what a brute-force scan with the same geodesic answers.
#include "depomap/error.hpp"
#include "depomap/geo_index.hpp"
#include "depomap/geodesic.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>
#include <random>
#include <string>
#include <vector>

namespace {

using depomap::geo::LonLat;
using depomap::query::GeoIndex;
using depomap::query::Hit;
namespace geo = depomap::geo;

constexpr double inf = std::numeric_limits<double>::infinity();

LonLat random_point(std::mt19937_64 &rng) {
    std::uniform_real_distribution<double> lon(-180.0, 180.0);
    std::uniform_real_distribution<double> sine(-1.0, 1.0);
    return {lon(rng), std::asin(sine(rng)) * 180.0 / std::numbers::pi};
}

LonLat in_box(double lon0, double lon1, double lat0, double lat1, std::mt19937_64 &rng) {
    std::uniform_real_distribution<double> u(0.0, 1.0);
    return {lon0 + (lon1 - lon0) * u(rng), lat0 + (lat1 - lat0) * u(rng)};
}

LonLat wrap(LonLat p) { return {std::remainder(p.lon, 360.0), p.lat}; }

bool hit_less(const Hit &a, const Hit &b) {
    return a.distance_m < b.distance_m || (a.distance_m == b.distance_m && a.index < b.index);
}

// Every point, sorted by (distance, index): the definition the index must meet, azimuth included.
std::vector<Hit> scan(const std::vector<LonLat> &points, LonLat q) {
    std::vector<Hit> all;
    for (std::uint32_t i = 0; i < points.size(); ++i) {
        const auto r = geo::inverse(q, points[i]);
        all.push_back({i, r.distance_m, r.azimuth1_deg});
    }
    std::sort(all.begin(), all.end(), hit_less);
    return all;
}

// The first k of a scan, within max_m.
std::vector<Hit> brute_nearest(std::vector<Hit> all, std::size_t k, double max_m) {
    std::erase_if(all, [&](const Hit &h) { return !(h.distance_m <= max_m); });
    all.resize(std::min(k, all.size()));
    return all;
}

std::vector<Hit> brute_within(std::vector<Hit> all, double radius_m) {
    std::erase_if(all, [&](const Hit &h) { return !(h.distance_m <= radius_m); });
    return all;
}

// nearest_many's answers as one vector per query, to compare with nearest()'s.
std::vector<std::vector<Hit>> unpack(const depomap::query::HitLists &lists) {
    std::vector<std::vector<Hit>> out;
    for (std::size_t i = 0; i < lists.size(); ++i)
        out.emplace_back(lists[i].begin(), lists[i].end());
    return out;
}

std::string describe(const std::vector<Hit> &hits) {
    std::string s;
    for (const Hit &h : hits)
        s += " (" + std::to_string(h.index) + ", " + std::to_string(h.distance_m) + ")";
    return s.empty() ? " none" : s;
}

struct DataSet {
    std::string name;
    std::vector<LonLat> points;
};

// Data sets where planar or degree-based indexes go wrong.
std::vector<DataSet> data_sets() {
    std::mt19937_64 rng(2024);
    std::vector<DataSet> sets;

    DataSet global{"global", {}};
    for (int i = 0; i < 1500; ++i)
        global.points.push_back(random_point(rng));
    sets.push_back(global);

    // Chukotka and Alaska, both sides of the antimeridian, longitudes written either way.
    DataSet bering{"chukotka_alaska", {}};
    for (int i = 0; i < 800; ++i) {
        LonLat p = in_box(165.0, 205.0, 60.0, 72.0, rng);
        if (p.lon > 180.0 && i % 3 != 0)
            p.lon -= 360.0; // mostly in [-180, 180], some as 185E
        bering.points.push_back(p);
    }
    bering.points.push_back({180.0, 66.0});
    bering.points.push_back({-180.0, 66.0});
    sets.push_back(bering);

    // High latitude and the poles themselves, with arbitrary longitudes there.
    DataSet polar{"polar", {}};
    for (int i = 0; i < 600; ++i) {
        const LonLat p = in_box(-180.0, 180.0, 84.0, 90.0, rng);
        polar.points.push_back(i % 2 == 0 ? p : LonLat{p.lon, -p.lat});
    }
    for (const double lon : {0.0, 45.0, -120.0, 180.0})
        for (const double lat : {90.0, -90.0})
            polar.points.push_back({lon, lat});
    sets.push_back(polar);

    // One 5x5 degree industrial cluster (Bayan Obo lies at 109.97E 41.8N), asked from everywhere.
    DataSet cluster{"cluster", {}};
    for (int i = 0; i < 1500; ++i)
        cluster.points.push_back(in_box(107.5, 112.5, 39.0, 44.0, rng));
    sets.push_back(cluster);

    // Repeated points and points written twice (0 and 360 apart): ties everywhere.
    DataSet duplicates{"duplicates", {}};
    for (int i = 0; i < 40; ++i) {
        const LonLat p = random_point(rng);
        for (int copy = 0; copy < 1 + i % 4; ++copy)
            duplicates.points.push_back(copy == 2 ? LonLat{p.lon + 360.0, p.lat} : p);
    }
    std::shuffle(duplicates.points.begin(), duplicates.points.end(), rng);
    sets.push_back(duplicates);

    sets.push_back({"one", {{37.62, 55.75}}});
    sets.push_back({"two_antipodes", {{0.0, 0.0}, {180.0, 0.0}}});
    return sets;
}

// Queries: over the globe, on and near the data, at the antipodes of the data, at the poles.
std::vector<LonLat> queries_for(const std::vector<LonLat> &points, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> nudge(0.0, 0.3);
    std::vector<LonLat> queries;
    for (int i = 0; i < 40; ++i)
        queries.push_back(random_point(rng));
    const std::size_t step = std::max<std::size_t>(1, points.size() / 20);
    for (std::size_t i = 0; i < points.size(); i += step) {
        const LonLat p = points[i];
        queries.push_back(p);
        queries.push_back({p.lon + nudge(rng), std::clamp(p.lat + nudge(rng), -90.0, 90.0)});
        queries.push_back(wrap({p.lon + 180.0, -p.lat}));
    }
    for (const LonLat extra : {LonLat{0, 90}, LonLat{0, -90}, LonLat{179.9, 65}, LonLat{-179.9, 65},
                               LonLat{180, 0}, LonLat{-180, 0}, LonLat{540, 10}})
        queries.push_back(extra);
    return queries;
}

} // namespace

TEST(GeoIndex, NearestEqualsBruteForce) {
    for (const DataSet &set : data_sets()) {
        const GeoIndex index(set.points);
        ASSERT_EQ(index.size(), set.points.size());
        const auto queries = queries_for(set.points, set.points.size());
        std::size_t checked = 0;
        for (const LonLat q : queries) {
            const std::vector<Hit> all = scan(set.points, q);
            for (const std::size_t k : {std::size_t{1}, std::size_t{2}, std::size_t{5},
                                        std::size_t{17}, set.points.size() + 3}) {
                // No limit, a limit some hits pass, one exactly at a hit (inclusive), zero.
                std::vector<double> limits = {inf, 2e6, 0.0};
                if (all.size() > 2)
                    limits.push_back(all[2].distance_m);
                for (const double max_m : limits) {
                    const auto expected = brute_nearest(all, k, max_m);
                    const auto got = index.nearest(q, k, max_m);
                    ++checked;
                    ASSERT_EQ(got, expected)
                        << set.name << ", query (" << q.lon << ", " << q.lat << "), k=" << k
                        << ", max_m=" << max_m << "\n got:     " << describe(got)
                        << "\n expected:" << describe(expected);
                }
            }
        }
        EXPECT_GT(checked, 100u) << set.name;
    }
}

TEST(GeoIndex, WithinEqualsBruteForce) {
    for (const DataSet &set : data_sets()) {
        const GeoIndex index(set.points);
        for (const LonLat q : queries_for(set.points, 7 * set.points.size())) {
            const std::vector<Hit> all = scan(set.points, q);
            std::vector<double> radii = {0.0, 1.0, 5e4, 5e5, 3e6, 1.99e7, inf};
            if (all.size() > 4)
                radii.push_back(all[4].distance_m); // exactly on the circle: inside
            for (const double radius : radii) {
                const auto expected = brute_within(all, radius);
                const auto got = index.within(q, radius);
                ASSERT_EQ(got, expected)
                    << set.name << ", query (" << q.lon << ", " << q.lat << "), radius=" << radius
                    << "\n got:     " << describe(got) << "\n expected:" << describe(expected);
            }
        }
    }
}

TEST(GeoIndex, NearestManyMatchesNearestOnAnyNumberOfThreads) {
    for (const DataSet &set : data_sets()) {
        const GeoIndex index(set.points);
        const auto queries = queries_for(set.points, 99);
        for (const std::size_t k : {std::size_t{1}, std::size_t{4}, set.points.size() + 1}) {
            // Everything for k beyond the set only under a limit, to keep the test quick.
            for (const double max_m : {k > set.points.size() ? 1e6 : inf, 1e6}) {
                std::vector<std::vector<Hit>> expected;
                for (const LonLat q : queries)
                    expected.push_back(index.nearest(q, k, max_m));
                for (const unsigned threads : {1u, 2u, 3u, 0u})
                    ASSERT_EQ(unpack(index.nearest_many(queries, k, max_m, threads)), expected)
                        << set.name << ", k=" << k << ", " << threads << " threads";
            }
        }
    }
}

TEST(GeoIndex, GridAnswersEqualBruteForce) {
    for (const DataSet &set : data_sets()) {
        GeoIndex index(set.points);
        auto queries = queries_for(set.points, 31);
        // Dense queries near the data, where the grid answers most.
        std::mt19937_64 rng(8);
        std::normal_distribution<double> nudge(0.0, 1.0);
        for (std::size_t i = 0; i < set.points.size(); i += 3)
            queries.push_back(wrap({set.points[i].lon + nudge(rng),
                                    std::clamp(set.points[i].lat + nudge(rng), -90.0, 90.0)}));
        std::vector<std::vector<Hit>> all;
        for (const LonLat q : queries)
            all.push_back(scan(set.points, q));
        for (const std::size_t k : {std::size_t{1}, std::size_t{3}, set.points.size() + 2}) {
            index.prepare_grid(k, 2);
            for (const double max_m : {inf, 1e6, 0.0}) {
                depomap::query::SearchStats stats;
                const auto got = unpack(index.nearest_many(queries, k, max_m, 2, stats));
                for (std::size_t i = 0; i < queries.size(); ++i)
                    ASSERT_EQ(got[i], brute_nearest(all[i], k, max_m))
                        << set.name << ", query (" << queries[i].lon << ", " << queries[i].lat
                        << "), k=" << k << ", max_m=" << max_m;
                if (set.name == "global" && max_m == inf && k < set.points.size()) {
                    // The grid does answer here (or this test would not test it).
                    EXPECT_GT(stats.grid_answers, queries.size() / 2) << "k=" << k;
                }
            }
        }
        // A grid prepared for another k is not used, and the answers stay exact.
        index.prepare_grid(1, 1);
        depomap::query::SearchStats stats;
        const auto got = unpack(index.nearest_many(queries, 2, inf, 2, stats));
        EXPECT_EQ(stats.grid_answers, 0u);
        for (std::size_t i = 0; i < queries.size(); ++i)
            ASSERT_EQ(got[i], brute_nearest(all[i], 2, inf)) << set.name << ", k=2 over a k=1 grid";
    }
}

TEST(GeoIndex, ManyQueriesOverAClusterEqualBruteForce) {
    // The benchmark's hard case in small: sites in one 5x5 degree box, queries everywhere,
    // through nearest_many (sorted internally, answered in the caller's order).
    std::mt19937_64 rng(5);
    std::vector<LonLat> sites;
    for (int i = 0; i < 2000; ++i)
        sites.push_back(in_box(-2.0, 3.0, -2.0, 3.0, rng)); // at the equator: the bound is loosest
    std::vector<LonLat> queries;
    for (int i = 0; i < 300; ++i)
        queries.push_back(random_point(rng));
    const GeoIndex index(sites);
    const auto got = unpack(index.nearest_many(queries, 3, inf, 2));
    ASSERT_EQ(got.size(), queries.size());
    for (std::size_t i = 0; i < queries.size(); ++i)
        ASSERT_EQ(got[i], brute_nearest(scan(sites, queries[i]), 3, inf)) << "query " << i;
}

TEST(GeoIndex, AntimeridianNeighboursAreNear) {
    // A deposit at 65N 179.9E (Chukotka), sites at 65N 179.9W (Alaska) and 5 degrees west.
    const std::vector<LonLat> sites = {{174.9, 65.0}, {-179.9, 65.0}};
    const GeoIndex index(sites);
    const auto hits = index.nearest({179.9, 65.0}, 1);
    ASSERT_EQ(hits.size(), 1u);
    EXPECT_EQ(hits[0].index, 1u);
    EXPECT_NEAR(hits[0].distance_m, 9435.102277307, 1.0); // GeodSolve -i: 65 179.9 65 -179.9
    const auto near = index.within({179.9, 65.0}, 10'000.0);
    ASSERT_EQ(near.size(), 1u);
    EXPECT_EQ(near[0].index, 1u);
}

TEST(GeoIndex, TiesGoToTheSmallerIndex) {
    // Binary-exact coordinates, so that the copy written 360 degrees east is the same point.
    const LonLat here{56.5, 59.5};
    const std::vector<LonLat> points = {{10, 10}, here, {20, 20}, here, {56.5 + 360.0, 59.5}, here};
    const GeoIndex index(points);
    const auto hits = index.nearest(here, 3);
    ASSERT_EQ(hits.size(), 3u);
    EXPECT_EQ(hits[0].index, 1u);
    EXPECT_EQ(hits[1].index, 3u);
    EXPECT_EQ(hits[2].index, 4u);
    for (const Hit &h : hits)
        EXPECT_EQ(h.distance_m, 0.0);
    const auto all = index.within(here, 0.0);
    ASSERT_EQ(all.size(), 4u);
    EXPECT_EQ(all[3].index, 5u);

    // Equidistant by symmetry across the query's meridian.
    const std::vector<LonLat> mirror = {{31.0, 60.0}, {29.0, 60.0}, {30.0, 61.5}};
    const GeoIndex mirrored(mirror);
    const auto two = mirrored.nearest({30.0, 60.0}, 2);
    ASSERT_EQ(two.size(), 2u);
    EXPECT_EQ(two[0].distance_m, two[1].distance_m);
    EXPECT_EQ(two[0].index, 0u);
    EXPECT_EQ(two[1].index, 1u);
}

TEST(GeoIndex, KLargerThanTheSetAndLimits) {
    const std::vector<LonLat> points = {{0, 0}, {1, 0}, {2, 0}};
    const GeoIndex index(points);
    const auto all = index.nearest({0, 0}, 10);
    ASSERT_EQ(all.size(), 3u);
    EXPECT_EQ(all[2].index, 2u);
    EXPECT_TRUE(index.nearest({0, 0}, 0).empty());
    EXPECT_EQ(index.nearest({0, 0}, 10, 150'000.0).size(), 2u);
    EXPECT_EQ(index.nearest({0, 0}, 10, all[1].distance_m).size(), 2u); // inclusive
    EXPECT_EQ(index.nearest({0, 0}, 10, std::nextafter(all[1].distance_m, 0.0)).size(), 1u);
    EXPECT_TRUE(index.nearest({0, 0}, 10, -1.0).empty());
    EXPECT_TRUE(index.within({0, 0}, -1.0).empty());
    EXPECT_EQ(index.within({0, 0}, inf).size(), 3u);
}

TEST(GeoIndex, EmptyIndex) {
    const GeoIndex index(std::vector<LonLat>{});
    EXPECT_EQ(index.size(), 0u);
    EXPECT_TRUE(index.nearest({0, 0}, 5).empty());
    EXPECT_TRUE(index.within({0, 0}, inf).empty());
    const std::vector<LonLat> queries = {{0, 0}, {10, 10}};
    const auto many = index.nearest_many(queries, 1, inf);
    ASSERT_EQ(many.size(), 2u);
    EXPECT_TRUE(many[0].empty());
    EXPECT_TRUE(many.hits.empty());
    EXPECT_EQ(index.nearest_many(std::vector<LonLat>{}, 1, inf).size(), 0u);
}

TEST(GeoIndex, RejectsInvalidInput) {
    EXPECT_THROW(GeoIndex(std::vector<LonLat>{{0, 0}, {0, 91}}), depomap::Error);
    EXPECT_THROW(GeoIndex(std::vector<LonLat>{{std::nan(""), 0}}), depomap::Error);
    const GeoIndex index(std::vector<LonLat>{{0, 0}});
    EXPECT_THROW(index.nearest({0, -90.01}, 1), depomap::Error);
    EXPECT_THROW(index.nearest({0, 0}, 1, std::nan("")), depomap::Error);
    EXPECT_THROW(index.within({inf, 0}, 1.0), depomap::Error);
    EXPECT_THROW(index.within({0, 0}, std::nan("")), depomap::Error);
    const std::vector<LonLat> queries = {{0, 0}, {0, 100}};
    EXPECT_THROW(index.nearest_many(queries, 1, inf), depomap::Error);
    try {
        GeoIndex(std::vector<LonLat>{{0, 0}, {0, 0}, {0, 95}});
        FAIL();
    } catch (const depomap::Error &e) {
        EXPECT_NE(std::string(e.what()).find("point 2"), std::string::npos) << e.what();
    }
}

TEST(GeoIndex, RefinesOnlyAFewCandidates) {
    // Not a timing test: the number of exact geodesics per query shows the bound is doing its
    // job. Uniform sites need about one; a far 5x5 degree cluster a few dozen at most.
    std::mt19937_64 rng(11);
    std::vector<LonLat> global, cluster, queries;
    for (int i = 0; i < 10000; ++i) {
        global.push_back(random_point(rng));
        cluster.push_back(in_box(105.0, 110.0, 35.0, 40.0, rng));
    }
    for (int i = 0; i < 500; ++i)
        queries.push_back(random_point(rng));
    depomap::query::SearchStats uniform_stats, cluster_stats;
    const GeoIndex uniform_index(global);
    const GeoIndex cluster_index(cluster);
    for (const LonLat q : queries) {
        uniform_index.nearest(q, 1, inf, uniform_stats);
        cluster_index.nearest(q, 1, inf, cluster_stats);
    }
    EXPECT_LT(static_cast<double>(uniform_stats.exact_distances) / queries.size(), 1.2);
    EXPECT_LT(static_cast<double>(cluster_stats.exact_distances) / queries.size(), 30.0);
}
