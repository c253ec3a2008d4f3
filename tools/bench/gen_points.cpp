// Generates N deposit points with ten attributes as one GeoJSON FeatureCollection, for
// tools/bench/load_bench.sh. Deterministic: the same N and seed give the same bytes.
//
//   g++ -O2 -std=c++20 -o gen_points gen_points.cpp
//   ./gen_points N [SEED] > points.geojson
//
// Columns use the store's deposit column names (id, name, country_iso3, status, kind, ore_mt,
// grade_treo_pct, contained_treo_t, as_of, source) so `depomap load` maps them without --map.
// Ids are unique slugs in shuffled (not sorted) order, as real ids are: the store's UNIQUE index on
// id is then filled in random order, which is the realistic case. Coordinates are uniform in
// longitude [-180, 180) and latitude [-90, 90], written with 7 decimals.

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

struct SplitMix64 {
    std::uint64_t state;
    std::uint64_t next() {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; } // [0, 1)
    std::uint64_t below(std::uint64_t n) { return next() % n; }
};

// A bijection on 32-bit integers (xorshift-multiply rounds, each invertible): unique ids that
// are not in sorted order.
std::uint32_t permute(std::uint32_t x) {
    x ^= x >> 16;
    x *= 0x7feb352dU;
    x ^= x >> 15;
    x *= 0x846ca68bU;
    x ^= x >> 16;
    return x;
}

const char *const countries[] = {"RUS", "CHN", "USA", "AUS", "BRA", "CAN", "IND", "VNM",
                                 "MMR", "ZAF", "GRL", "KAZ", "MDG", "TZA", "MWI", "SWE",
                                 "NOR", "FIN", "KGZ", "MNG", "ARG", "CHL", "PER", "NAM"};
const char *const statuses[] = {"producing",      "development", "exploration",
                                "past_producing", "undeveloped", "unknown"};
const char *const kinds[] = {"deposit", "mine", "occurrence"};
const char *const sources[] = {"USGS MRDS", "GKZ balance 2023", "company report",
                               "BGS World Mineral Statistics", "USGS MinMod", "literature"};
const char *const syllables[] = {"to", "mor", "ka", "lo", "ve", "zero", "ul", "gan", "bay",
                                 "an", "kit", "sen", "ni", "ro", "lu", "cha", "dar", "yo"};

class Out {
  public:
    explicit Out(std::FILE *f) : f_(f) { buf_.reserve(1 << 20); }
    ~Out() { flush(); }
    void put(std::string_view s) {
        buf_.append(s);
        if (buf_.size() > (1u << 20) - 4096) flush();
    }
    void fixed(double v, int decimals) {
        char tmp[64];
        auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v, std::chars_format::fixed, decimals);
        put(std::string_view(tmp, static_cast<std::size_t>(end - tmp)));
    }
    void integer(std::uint64_t v) {
        char tmp[32];
        auto [end, ec] = std::to_chars(tmp, tmp + sizeof tmp, v);
        put(std::string_view(tmp, static_cast<std::size_t>(end - tmp)));
    }
    void flush() {
        if (!buf_.empty() && std::fwrite(buf_.data(), 1, buf_.size(), f_) != buf_.size()) {
            std::perror("gen_points: write");
            std::exit(1);
        }
        buf_.clear();
    }

  private:
    std::FILE *f_;
    std::string buf_;
};

template <typename T, std::size_t N> const char *pick(SplitMix64 &rng, T (&a)[N]) {
    return a[rng.below(N)];
}

} // namespace

int main(int argc, char **argv) {
    if (argc < 2 || argc > 3) {
        std::fprintf(stderr, "usage: gen_points N [SEED] > points.geojson\n");
        return 2;
    }
    const long long n = std::atoll(argv[1]);
    const std::uint64_t seed = argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 20240607;
    if (n <= 0 || n > 4000000000LL) {
        std::fprintf(stderr, "gen_points: N must be in 1..4e9\n");
        return 2;
    }
    SplitMix64 rng{seed};
    Out out(stdout);
    out.put("{\"type\":\"FeatureCollection\",\"features\":[\n");
    char hex[16];
    for (long long i = 0; i < n; ++i) {
        const double lon = -180.0 + 360.0 * rng.uniform();
        const double lat = -90.0 + 180.0 * rng.uniform();
        const double ore_mt = 0.01 + 500.0 * rng.uniform() * rng.uniform();
        const double grade = 0.05 + 10.0 * rng.uniform() * rng.uniform();
        const double contained = ore_mt * grade * 1e4; // Mt * % -> t
        std::snprintf(hex, sizeof hex, "%08x", permute(static_cast<std::uint32_t>(i)));

        out.put(i ? ",\n" : "");
        out.put("{\"type\":\"Feature\",\"properties\":{\"id\":\"dep-");
        out.put(hex);
        out.put("\",\"name\":\"");
        const int parts = 2 + static_cast<int>(rng.below(3));
        for (int p = 0; p < parts; ++p) {
            std::string s = pick(rng, syllables);
            if (p == 0) s[0] = static_cast<char>(s[0] - 'a' + 'A');
            out.put(s);
        }
        out.put(" ");
        out.integer(static_cast<std::uint64_t>(i));
        out.put("\",\"country_iso3\":\"");
        out.put(pick(rng, countries));
        out.put("\",\"status\":\"");
        out.put(pick(rng, statuses));
        out.put("\",\"kind\":\"");
        out.put(pick(rng, kinds));
        out.put("\",\"ore_mt\":");
        out.fixed(ore_mt, 3);
        out.put(",\"grade_treo_pct\":");
        out.fixed(grade, 3);
        out.put(",\"contained_treo_t\":");
        out.fixed(contained, 1);
        out.put(",\"as_of\":\"");
        out.integer(2000 + rng.below(25));
        out.put("-");
        const auto month = 1 + rng.below(12);
        out.put(month < 10 ? "0" : "");
        out.integer(month);
        out.put("-01\",\"source\":\"");
        out.put(pick(rng, sources));
        out.put("\"},\"geometry\":{\"type\":\"Point\",\"coordinates\":[");
        out.fixed(lon, 7);
        out.put(",");
        out.fixed(lat, 7);
        out.put("]}}");
    }
    out.put("\n]}\n");
    out.flush();
    return std::fflush(stdout) == 0 ? 0 : 1;
}
