// The machine's limit for `depomap nearest`: one PROJ geodesic inverse per deposit, timed alone.
//
//   geodesic_limit DEPOSITS.csv SITES.csv ANSWERS.csv [--repeat R]
//
// DEPOSITS.csv and SITES.csv are gen_nearest.py's (id,name,lon,lat); ANSWERS.csv is
// `depomap nearest -k 1 -f csv`'s (from_id,to_id,...,distance_m,...). For every answer, the
// deposit and its site are read from their files at full precision; then the loop calls
// geod_inverse(deposit, site) once per answer, asking for what the search asks for (distance
// and first azimuth), on one thread. Prints the best CPU time of R loops (default 3) in seconds
// on the first line, then a check: the largest difference between those distances and depomap's
// (printed to the millimetre). nearest_bench.sh divides depomap's CPU time by the first line.
//
// Build: c++ -std=c++20 -O2 tools/bench/geodesic_limit.cpp -lproj -o geodesic_limit
#include <geodesic.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

struct Point {
    double lon;
    double lat;
};

[[noreturn]] void fail(const std::string &message) {
    std::fprintf(stderr, "geodesic_limit: %s\n", message.c_str());
    std::exit(1);
}

// The comma-separated fields of one line; a field in double quotes may hold commas and "".
std::vector<std::string> split_csv(std::string_view line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                fields.back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

std::size_t column(const std::vector<std::string> &header, const char *name, const char *path) {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) fail(std::string(path) + ": no column " + name);
    return static_cast<std::size_t>(it - header.begin());
}

std::unordered_map<std::string, Point> read_points(const char *path) {
    std::ifstream in(path);
    std::string line;
    if (!std::getline(in, line)) fail(std::string(path) + ": empty or unreadable");
    const auto header = split_csv(line);
    const std::size_t id = column(header, "id", path);
    const std::size_t lon = column(header, "lon", path);
    const std::size_t lat = column(header, "lat", path);
    std::unordered_map<std::string, Point> points;
    while (std::getline(in, line)) {
        const auto f = split_csv(line);
        if (f.size() < header.size()) fail(std::string(path) + ": short line '" + line + "'");
        points[f[id]] = {std::strtod(f[lon].c_str(), nullptr), std::strtod(f[lat].c_str(), nullptr)};
    }
    return points;
}

double cpu_seconds() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

} // namespace

int main(int argc, char **argv) {
    if (argc != 4 && !(argc == 6 && std::string_view(argv[4]) == "--repeat")) {
        std::fprintf(stderr, "usage: geodesic_limit DEPOSITS.csv SITES.csv ANSWERS.csv [--repeat R]\n");
        return 2;
    }
    const int repeat = argc == 6 ? std::atoi(argv[5]) : 3;
    if (repeat < 1) fail("--repeat must be at least 1");
    const auto deposits = read_points(argv[1]);
    const auto sites = read_points(argv[2]);

    std::vector<Point> from, to;
    std::vector<double> depomap_m;
    {
        std::ifstream in(argv[3]);
        std::string line;
        if (!std::getline(in, line)) fail(std::string(argv[3]) + ": empty or unreadable");
        const auto header = split_csv(line);
        const std::size_t from_id = column(header, "from_id", argv[3]);
        const std::size_t to_id = column(header, "to_id", argv[3]);
        const std::size_t distance = column(header, "distance_m", argv[3]);
        while (std::getline(in, line)) {
            const auto f = split_csv(line);
            if (f.size() < header.size()) fail(std::string(argv[3]) + ": short line '" + line + "'");
            const auto d = deposits.find(f[from_id]);
            const auto s = sites.find(f[to_id]);
            if (d == deposits.end() || s == sites.end())
                fail(std::string(argv[3]) + ": unknown id in '" + line + "'");
            from.push_back(d->second);
            to.push_back(s->second);
            depomap_m.push_back(std::strtod(f[distance].c_str(), nullptr));
        }
    }

    geod_geodesic g{};
    geod_init(&g, 6378137.0, 1.0 / 298.257223563);
    std::vector<double> s12(from.size());
    double best = 0.0;
    for (int r = 0; r < repeat; ++r) {
        const double start = cpu_seconds();
        for (std::size_t i = 0; i < from.size(); ++i) {
            double azi1 = 0.0;
            geod_inverse(&g, from[i].lat, from[i].lon, to[i].lat, to[i].lon, &s12[i], &azi1, nullptr);
        }
        const double took = cpu_seconds() - start;
        if (r == 0 || took < best) best = took;
    }
    double max_diff = 0.0;
    for (std::size_t i = 0; i < from.size(); ++i) max_diff = std::max(max_diff, std::abs(s12[i] - depomap_m[i]));
    std::printf("%.4f\n%zu geodesics, best of %d loops: %.4f s CPU (%.3f us each); max |PROJ - depomap| %.4f mm (depomap prints millimetres)\n",
                best, from.size(), repeat, best, best * 1e6 / static_cast<double>(from.size()), max_diff * 1e3);
    return 0;
}
