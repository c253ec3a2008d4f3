// Micro-benchmark of the geodesic index alone (no store, no I/O): random sites and queries,
// k nearest for every query with nearest_many, timings and the number of exact geodesics per query.
// The full end-to-end benchmark against PostGIS (issue 4) is a separate tool.
//
//   nearest_core --case uniform   --sites 10000 --queries 1000000 --threads 2
//   nearest_core --case clustered --sites 10000 --queries 20000 --box 105,35 --threads 2
//   add --check 2000 to compare that many answers with a brute-force scan, and --grid to prepare
//   the index's cell grid first, as depomap nearest does for many queries
//
// Build (it needs only the two sources it times, PROJ and CLI11), from the repository root:
//   g++ -std=c++20 -O2 -Iinclude tools/bench/nearest_core.cpp src/geo/geodesic.cpp
//       src/query/geo_index.cpp -lproj -pthread -o nearest_core
#include "depomap/geo_index.hpp"
#include "depomap/geodesic.hpp"

#include <CLI/CLI.hpp>

#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <numbers>
#include <random>
#include <vector>

namespace {

using depomap::geo::LonLat;
using depomap::query::GeoIndex;
using depomap::query::Hit;
using Clock = std::chrono::steady_clock;

// Uniform on the sphere: latitude from the arcsine of a uniform sine.
std::vector<LonLat> global_points(std::size_t n, std::mt19937_64 &rng) {
    std::uniform_real_distribution<double> lon(-180.0, 180.0);
    std::uniform_real_distribution<double> sine(-1.0, 1.0);
    std::vector<LonLat> points(n);
    for (LonLat &p : points)
        p = {lon(rng), std::asin(sine(rng)) * 180.0 / std::numbers::pi};
    return points;
}

std::vector<LonLat> box_points(std::size_t n, LonLat corner, double size_deg,
                               std::mt19937_64 &rng) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    std::vector<LonLat> points(n);
    for (LonLat &p : points)
        p = {corner.lon + size_deg * unit(rng), std::min(90.0, corner.lat + size_deg * unit(rng))};
    return points;
}

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time of the whole process, all threads: on a shared machine the wall time also counts
// other people's work.
double cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) * 1e-6;
}

} // namespace

int main(int argc, char **argv) {
    CLI::App app{"Time depomap's exact geodesic nearest-neighbour index"};
    std::string layout = "uniform";
    std::size_t sites = 10'000;
    std::size_t queries = 1'000'000;
    std::size_t k = 1;
    unsigned threads = 2;
    std::vector<double> box{105.0, 35.0};
    std::size_t check = 0;
    std::uint64_t seed = 42;
    bool grid = false;
    app.add_option("--case", layout,
                   "uniform: sites over the globe; clustered: in one 5x5 degree box")
        ->check(CLI::IsMember({"uniform", "clustered"}));
    app.add_option("--sites", sites, "number of indexed sites");
    app.add_option("--queries", queries, "number of query points, uniform over the globe");
    app.add_option("-k", k, "neighbours per query");
    app.add_option("--threads", threads, "threads for nearest_many (0: all)");
    app.add_option("--box", box, "south-west corner LON,LAT of the cluster box")
        ->expected(2)
        ->delimiter(',');
    app.add_option("--check", check, "compare this many answers with a brute-force scan");
    app.add_option("--seed", seed, "random seed");
    app.add_flag("--grid", grid, "prepare the index's cell grid for k first (as depomap nearest does)");
    CLI11_PARSE(app, argc, argv);

    std::mt19937_64 rng(seed);
    const std::vector<LonLat> site_points = layout == "uniform"
                                                ? global_points(sites, rng)
                                                : box_points(sites, {box[0], box[1]}, 5.0, rng);
    const std::vector<LonLat> query_points = global_points(queries, rng);

    auto start = Clock::now();
    GeoIndex index(site_points);
    const double build_s = seconds_since(start);
    start = Clock::now();
    if (grid)
        index.prepare_grid(k, threads);
    const double grid_s = seconds_since(start);

    start = Clock::now();
    const double cpu_start = cpu_seconds();
    depomap::query::SearchStats many_stats;
    const auto results = index.nearest_many(query_points, k, std::numeric_limits<double>::infinity(),
                                            threads, many_stats);
    const double query_s = seconds_since(start);
    const double query_cpu_s = cpu_seconds() - cpu_start;

    // The cost per query, single-threaded, on a sample.
    depomap::query::SearchStats stats;
    const std::size_t sample = std::min<std::size_t>(queries, 20'000);
    start = Clock::now();
    for (std::size_t i = 0; i < sample; ++i)
        index.nearest(query_points[i], k, std::numeric_limits<double>::infinity(), stats);
    const double sample_s = seconds_since(start);

    std::size_t mismatches = 0;
    for (std::size_t i = 0; i < std::min(check, queries); ++i) {
        std::vector<Hit> all;
        for (std::uint32_t j = 0; j < site_points.size(); ++j) {
            const auto r = depomap::geo::inverse(query_points[i], site_points[j]);
            all.push_back({j, r.distance_m, r.azimuth1_deg});
        }
        std::sort(all.begin(), all.end(), [](const Hit &a, const Hit &b) {
            return a.distance_m < b.distance_m ||
                   (a.distance_m == b.distance_m && a.index < b.index);
        });
        all.resize(std::min(k, all.size()));
        if (!std::ranges::equal(all, results[i]))
            ++mismatches;
    }

    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::printf("case %s: %zu sites, %zu queries, k=%zu, %u threads\n", layout.c_str(), sites,
                queries, k, threads);
    std::printf("build            %.3f s, grid %.3f s\n", build_s, grid_s);
    std::printf("nearest_many     %.3f s wall, %.2f us per query; %.3f s CPU, %.2f us per query\n",
                query_s, query_s * 1e6 / static_cast<double>(queries), query_cpu_s,
                query_cpu_s * 1e6 / static_cast<double>(queries));
    std::printf("nearest_many     %.2f geodesics, %.1f tree nodes per query; %.1f %% from the grid\n",
                static_cast<double>(many_stats.exact_distances) / static_cast<double>(queries),
                static_cast<double>(many_stats.nodes_visited) / static_cast<double>(queries),
                100.0 * static_cast<double>(many_stats.grid_answers) / static_cast<double>(queries));
    std::printf("one thread       %.2f us per query (%zu-query sample, tree only)\n",
                sample_s * 1e6 / static_cast<double>(sample), sample);
    std::printf("exact geodesics  %.2f per query, %.1f tree nodes per query\n",
                static_cast<double>(stats.exact_distances) / static_cast<double>(sample),
                static_cast<double>(stats.nodes_visited) / static_cast<double>(sample));
    std::printf("peak RSS         %.1f MiB\n", static_cast<double>(usage.ru_maxrss) / 1024.0);
    if (check > 0)
        std::printf("brute-force check: %zu of %zu differ\n", mismatches, std::min(check, queries));
    return mismatches == 0 ? 0 : 1;
}
