// depomap::query through the library, on stores built with Store::create + depomap::load from the
// fixtures in tests/data/query: the Chukotka/Alaska pair across the antimeridian, ties, filters,
// limits and errors; and nearest/within against a brute-force scan over every pair with the same
// geodesic (geo::distance_m) on random points clustered at the poles and across 180 degrees.
// Reference distances in comments come from GeodSolve -i -p 9 (GeographicLib).
#include "depomap/error.hpp"
#include "depomap/geodesic.hpp"
#include "depomap/load.hpp"
#include "depomap/query.hpp"
#include "depomap/store.hpp"
#include "depomap/table.hpp"
#include "test_config.hpp"
#include "util/fold.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

namespace {

namespace fs = std::filesystem;
namespace query = depomap::query;
using depomap::Error;
using depomap::LoadOptions;
using depomap::Store;
using depomap::UsageError;
using depomap::geo::LonLat;

constexpr double chukotka_alaska_m = 9435.102277;   // 65N 179.9E -> 65N 179.9W
constexpr double chukotka_alaska_azi = 89.90936920484;
constexpr double chukotka_decoy_m = 466560.430720639; // 65N 179.9E -> 65N 170E
constexpr double tie_m = 83318.268539090;             // 56N 60E -> 56.5N 61E

using depomap::test::test_dir;

std::string fixture(const std::string &name) {
    return std::string(DEPOMAP_TEST_DATA_DIR) + "/query/" + name;
}

class QueryStore : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = test_dir();
        path_ = (dir_ / "s.sqlite").string();
        Store::create(path_).close();
        store_ = std::make_unique<Store>(Store::open(path_, Store::Access::read_write));
    }
  public: // also for the helpers below the fixture
    void load(const std::string &file, const std::string &layer) {
        LoadOptions o;
        o.layer = layer;
        o.x_field = "lon";
        o.y_field = "lat";
        depomap::load(*store_, {file}, o);
    }

  protected:
    void load_chukotka() {
        load(fixture("chukotka_deposits.csv"), "deposits");
        load(fixture("alaska_sites.csv"), "processing_sites");
    }
    Store &store() { return *store_; }

    fs::path dir_;
    std::string path_;
    std::unique_ptr<Store> store_;
};

// Suite names carry "query" so that `ctest -R query` selects them.
using query_nearest = QueryStore;
using query_within = QueryStore;
using query_misc = QueryStore;
using query_bruteforce = QueryStore;

std::string id_of_pair(const query::NearestResult &r, std::size_t i) { return r.to.at(r.pairs.at(i).to).id; }

// --- nearest -----------------------------------------------------------------------------------

TEST_F(query_nearest, ChukotkaDepositFindsAlaskaSiteAcrossTheAntimeridian) {
    load_chukotka();
    const auto r = query::nearest(store(), {});
    ASSERT_EQ(r.from.size(), 1u);
    ASSERT_EQ(r.to.size(), 2u);
    ASSERT_EQ(r.pairs.size(), 1u);
    EXPECT_EQ(r.from[r.pairs[0].from].id, "ru-chukotka-probe");
    EXPECT_EQ(id_of_pair(r, 0), "us-alaska-probe");
    EXPECT_EQ(r.pairs[0].rank, 1u);
    EXPECT_NEAR(r.pairs[0].distance_m, chukotka_alaska_m, 1e-3);
    EXPECT_NEAR(r.pairs[0].distance_m / 1000.0, 9.435, 0.001);
    EXPECT_NEAR(r.pairs[0].azimuth_deg, chukotka_alaska_azi, 1e-6);
    // The feature positions are the fixture's.
    EXPECT_EQ(r.from[0].position.lon, 179.9);
    EXPECT_EQ(r.from[0].position.lat, 65.0);
    EXPECT_EQ(r.from[0].name, "Chukotka probe deposit (179.9E 65N)");
}

TEST_F(query_nearest, KRanksByDistance) {
    load_chukotka();
    query::NearestOptions o;
    o.k = 2;
    const auto r = query::nearest(store(), o);
    ASSERT_EQ(r.pairs.size(), 2u);
    EXPECT_EQ(id_of_pair(r, 0), "us-alaska-probe");
    EXPECT_EQ(id_of_pair(r, 1), "ru-anadyr-probe");
    EXPECT_EQ(r.pairs[0].rank, 1u);
    EXPECT_EQ(r.pairs[1].rank, 2u);
    EXPECT_NEAR(r.pairs[1].distance_m, chukotka_decoy_m, 1e-3);
    // k beyond the layer: every feature, still ranked.
    o.k = 10;
    EXPECT_EQ(query::nearest(store(), o).pairs.size(), 2u);
}

TEST_F(query_nearest, BothDirections) {
    load_chukotka();
    query::NearestOptions o;
    o.from = "processing_sites";
    o.to = "deposits";
    const auto r = query::nearest(store(), o);
    ASSERT_EQ(r.pairs.size(), 2u);
    // Pairs come by `from` in id order: ru-anadyr-probe, then us-alaska-probe.
    EXPECT_EQ(r.from[r.pairs[0].from].id, "ru-anadyr-probe");
    EXPECT_EQ(r.from[r.pairs[1].from].id, "us-alaska-probe");
    EXPECT_NEAR(r.pairs[0].distance_m, chukotka_decoy_m, 1e-3);
    EXPECT_NEAR(r.pairs[1].distance_m, chukotka_alaska_m, 1e-3);
    EXPECT_NEAR(r.pairs[1].azimuth_deg, -chukotka_alaska_azi, 1e-6); // westward from Alaska
}

TEST_F(query_nearest, MaxDistance) {
    load_chukotka();
    query::NearestOptions o;
    o.k = 2;
    o.max_m = 10000;
    auto r = query::nearest(store(), o);
    ASSERT_EQ(r.pairs.size(), 1u);
    EXPECT_EQ(id_of_pair(r, 0), "us-alaska-probe");
    o.max_m = 9435.0; // just short of the pair
    EXPECT_TRUE(query::nearest(store(), o).pairs.empty());
    o.max_m = 0;
    EXPECT_TRUE(query::nearest(store(), o).pairs.empty());
}

TEST_F(query_nearest, WhereAndToWhere) {
    load_chukotka();
    query::NearestOptions o;
    o.to_where = "country_iso3 = 'RUS'";
    auto r = query::nearest(store(), o);
    ASSERT_EQ(r.pairs.size(), 1u);
    EXPECT_EQ(id_of_pair(r, 0), "ru-anadyr-probe");
    EXPECT_EQ(r.to.size(), 1u);
    o.to_where.reset();
    o.where = "country_iso3 = 'USA'";
    r = query::nearest(store(), o);
    EXPECT_TRUE(r.from.empty());
    EXPECT_TRUE(r.pairs.empty());
}

TEST_F(query_nearest, TiesGoToTheSmallerIdWhateverTheLoadOrder) {
    load(fixture("tie_deposits.csv"), "deposits");
    load(fixture("tie_sites.csv"), "processing_sites"); // tie-site-b comes first in the file
    query::NearestOptions o;
    o.k = 3;
    for (unsigned threads : {0u, 1u, 2u}) {
        SCOPED_TRACE(threads);
        o.threads = threads;
        const auto r = query::nearest(store(), o);
        ASSERT_EQ(r.pairs.size(), 3u);
        EXPECT_EQ(id_of_pair(r, 0), "tie-site-a");
        EXPECT_EQ(id_of_pair(r, 1), "tie-site-b");
        EXPECT_EQ(id_of_pair(r, 2), "tie-site-c");
        EXPECT_EQ(r.pairs[0].distance_m, r.pairs[1].distance_m);
        EXPECT_NEAR(r.pairs[0].distance_m, tie_m, 1e-3);
    }
    o.k = 1;
    const auto r = query::nearest(store(), o);
    ASSERT_EQ(r.pairs.size(), 1u);
    EXPECT_EQ(id_of_pair(r, 0), "tie-site-a");
}

TEST_F(query_nearest, Errors) {
    load_chukotka();
    query::NearestOptions o;
    o.k = 0;
    EXPECT_THROW(query::nearest(store(), o), UsageError);
    o = {};
    o.max_m = -1;
    EXPECT_THROW(query::nearest(store(), o), UsageError);
    o = {};
    o.max_m = std::nan("");
    EXPECT_THROW(query::nearest(store(), o), UsageError);
    o = {};
    o.from = "nope";
    EXPECT_THROW(query::nearest(store(), o), UsageError);
    o = {};
    o.to = "country_stats";
    EXPECT_THROW(query::nearest(store(), o), UsageError);
    o = {};
    o.where = "country_iso3 = = 'RUS'";
    try {
        query::nearest(store(), o);
        ADD_FAILURE() << "bad --where SQL accepted";
    } catch (const UsageError &e) {
        ADD_FAILURE() << "bad SQL is a run-time Error (exit 1), not a UsageError: " << e.what();
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("SQL"), std::string::npos) << e.what();
    }
}

TEST_F(query_nearest, EmptyToLayer) {
    load(fixture("chukotka_deposits.csv"), "deposits");
    const auto r = query::nearest(store(), {});
    EXPECT_EQ(r.from.size(), 1u);
    EXPECT_TRUE(r.to.empty());
    EXPECT_TRUE(r.pairs.empty());
}

// --- within ------------------------------------------------------------------------------------

TEST_F(query_within, AcrossTheAntimeridian) {
    load_chukotka();
    // 10 km around the Chukotka deposit's position reaches the Alaska site only.
    auto r = query::within(store(), "processing_sites", {179.9, 65}, 10000);
    ASSERT_EQ(r.hits.size(), 1u);
    EXPECT_EQ(r.features[r.hits[0].index].id, "us-alaska-probe");
    EXPECT_NEAR(r.hits[0].distance_m, chukotka_alaska_m, 1e-3);
    EXPECT_NEAR(r.hits[0].azimuth_deg, chukotka_alaska_azi, 1e-6);
    EXPECT_TRUE(query::within(store(), "processing_sites", {179.9, 65}, 9000).hits.empty());
    // From the other side, with the centre written as -180 and as +180 (the same meridian).
    for (double lon : {-180.0, 180.0}) {
        r = query::within(store(), "deposits", {lon, 65}, 5000);
        ASSERT_EQ(r.hits.size(), 1u) << lon;
        EXPECT_EQ(r.features[r.hits[0].index].id, "ru-chukotka-probe");
        EXPECT_NEAR(r.hits[0].distance_m, depomap::geo::distance_m({lon, 65}, {179.9, 65}), 1e-6);
    }
    // Sorted by distance: the decoy comes second.
    r = query::within(store(), "processing_sites", {179.9, 65}, 500000);
    ASSERT_EQ(r.hits.size(), 2u);
    EXPECT_EQ(r.features[r.hits[0].index].id, "us-alaska-probe");
    EXPECT_EQ(r.features[r.hits[1].index].id, "ru-anadyr-probe");
    EXPECT_NEAR(r.hits[1].distance_m, chukotka_decoy_m, 1e-3);
}

TEST_F(query_within, TiesAreSortedById) {
    load(fixture("tie_sites.csv"), "processing_sites");
    const auto r = query::within(store(), "processing_sites", {60, 56}, 100000);
    ASSERT_EQ(r.hits.size(), 2u);
    EXPECT_EQ(r.features[r.hits[0].index].id, "tie-site-a");
    EXPECT_EQ(r.features[r.hits[1].index].id, "tie-site-b");
    // Radius zero keeps exactly the coincident points.
    const auto zero = query::within(store(), "processing_sites", {61, 56.5}, 0);
    ASSERT_EQ(zero.hits.size(), 2u);
    EXPECT_EQ(zero.hits[0].distance_m, 0.0);
}

TEST_F(query_within, Errors) {
    load_chukotka();
    EXPECT_THROW(query::within(store(), "deposits", {0, 0}, -1), UsageError);
    EXPECT_THROW(query::within(store(), "deposits", {0, 0}, std::nan("")), UsageError);
    EXPECT_THROW(query::within(store(), "deposits", {0, 0}, INFINITY), UsageError);
    EXPECT_THROW(query::within(store(), "deposits", {0, 91}, 10), UsageError);
    EXPECT_THROW(query::within(store(), "deposits", {181, 0}, 10), UsageError);
    EXPECT_THROW(query::within(store(), "deposits", {std::nan(""), 0}, 10), UsageError);
    EXPECT_THROW(query::within(store(), "nope", {0, 0}, 10), UsageError);
}

// --- find_feature, read_features, region, summary ------------------------------------------------

TEST_F(query_misc, FindFeature) {
    load_chukotka();
    const auto f = query::find_feature(store(), "us-alaska-probe");
    EXPECT_EQ(f.id, "us-alaska-probe");
    EXPECT_EQ(f.position.lon, -179.9);
    EXPECT_EQ(f.position.lat, 65.0);
    EXPECT_EQ(query::find_feature(store(), "ru-chukotka-probe").position.lon, 179.9);
    try {
        query::find_feature(store(), "no-such-id");
        ADD_FAILURE() << "an unknown id was found";
    } catch (const UsageError &) {
        ADD_FAILURE() << "an unknown id is a run-time Error (exit 1)";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("no-such-id"), std::string::npos) << e.what();
    }
}

TEST_F(query_misc, ReadFeaturesInIdOrderWithFilter) {
    load_chukotka();
    const auto all = query::read_features(store(), "processing_sites");
    ASSERT_EQ(all.size(), 2u);
    EXPECT_EQ(all[0].id, "ru-anadyr-probe");
    EXPECT_EQ(all[1].id, "us-alaska-probe");
    const auto usa = query::read_features(store(), "processing_sites", "country_iso3 = 'USA'");
    ASSERT_EQ(usa.size(), 1u);
    EXPECT_EQ(usa[0].id, "us-alaska-probe");
}

std::vector<std::string> first_column(const depomap::Table &t) {
    std::vector<std::string> ids;
    for (const auto &row : t.rows) ids.push_back(std::get<std::string>(row.at(0)));
    std::sort(ids.begin(), ids.end());
    return ids;
}

TEST_F(query_misc, RegionByFileCountsTheBorderAsInside) {
    query::use_gdal(); // a polygon file is read through GDAL
    load(fixture("border_points.csv"), "deposits");
    EXPECT_EQ(first_column(query::region_by_file(store(), "deposits", fixture("square.geojson"))),
              (std::vector<std::string>{"sq-edge", "sq-inside", "sq-vertex"}));
    EXPECT_EQ(first_column(query::region_by_file(store(), "deposits", fixture("antimeridian_box.geojson"))),
              (std::vector<std::string>{"am-east", "am-west"}));
    const auto mercator = first_column(query::region_by_file(store(), "deposits", fixture("square_3857.geojson")));
    EXPECT_NE(std::find(mercator.begin(), mercator.end(), "sq-inside"), mercator.end());
    EXPECT_EQ(std::find(mercator.begin(), mercator.end(), "sq-outside-east"), mercator.end());
    EXPECT_THROW(query::region_by_file(store(), "deposits", fixture("no_such_file.geojson")), Error);
    EXPECT_THROW(query::region_by_file(store(), "deposits", fixture("border_points.csv")), Error);
}

TEST_F(query_misc, RegionByNameWithoutRegions) {
    load_chukotka();
    EXPECT_THROW(query::region_by_name(store(), "deposits", "Chukotka"), Error);
}

TEST_F(query_misc, SummaryHasATotalRow) {
    load_chukotka();
    load(fixture("tie_deposits.csv"), "deposits");
    const auto t = query::summary(store(), "deposits", "country_iso3");
    ASSERT_EQ(t.columns.at(0), "country_iso3");
    ASSERT_EQ(t.columns.at(1), "count");
    ASSERT_EQ(t.rows.size(), 3u); // RUS, NULL, TOTAL
    const auto &total = t.rows.back();
    EXPECT_EQ(std::get<std::string>(total.at(0)), "TOTAL");
    EXPECT_EQ(std::get<std::int64_t>(total.at(1)), 2);
    std::int64_t sum = 0;
    for (std::size_t i = 0; i + 1 < t.rows.size(); ++i) sum += std::get<std::int64_t>(t.rows[i].at(1));
    EXPECT_EQ(sum, 2);
    EXPECT_THROW(query::summary(store(), "deposits", "no_such_column"), UsageError);
    EXPECT_THROW(query::summary(store(), "nope", "id"), UsageError);
}

// --- Brute force on random data ------------------------------------------------------------------

struct RandomSets {
    std::vector<std::tuple<std::string, double, double>> deposits, sites;
};

void write_csv(const fs::path &path, const std::vector<std::tuple<std::string, double, double>> &points) {
    std::ofstream out(path);
    out.precision(17);
    out << "id,name,lon,lat\n";
    for (const auto &[id, lon, lat] : points) out << id << ',' << id << ',' << lon << ',' << lat << '\n';
}

RandomSets random_sets(std::uint64_t seed, int n_deposits, int n_sites) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    auto any = [&] { return std::pair{360 * u(rng) - 180, std::asin(2 * u(rng) - 1) * 180 / M_PI}; };
    auto am = [&] {
        const double lon = u(rng) < 0.5 ? 175 + 5 * u(rng) : -180 + 5 * u(rng);
        return std::pair{lon, 60 + 12 * u(rng)};
    };
    auto arctic = [&] { return std::pair{360 * u(rng) - 180, 80 + 9.99 * u(rng)}; };
    auto antarctic = [&] { return std::pair{360 * u(rng) - 180, -80 - 9.99 * u(rng)}; };
    auto box = [&] { return std::pair{100 + 5 * u(rng), 40 + 5 * u(rng)}; };
    RandomSets s;
    auto fill = [&](auto &out, const char *prefix, int n) {
        for (int i = 0; i < n; ++i) {
            std::pair<double, double> p;
            switch (i % 6) {
            case 0: case 1: p = any(); break;
            case 2: p = am(); break;
            case 3: p = arctic(); break;
            case 4: p = antarctic(); break;
            default: p = box(); break;
            }
            char id[32];
            std::snprintf(id, sizeof id, "%s%05d", prefix, i);
            out.emplace_back(id, p.first, p.second);
        }
    };
    fill(s.deposits, "d", n_deposits);
    fill(s.sites, "s", n_sites);
    // Points exactly on the meridian and at the poles.
    s.deposits.emplace_back("dx-180", 180.0, 65.5);
    s.deposits.emplace_back("dx-m180", -180.0, 66.0);
    s.deposits.emplace_back("dx-np", 0.0, 90.0);
    s.deposits.emplace_back("dx-sp", 45.0, -90.0);
    s.sites.emplace_back("sx-180", 180.0, 65.0);
    s.sites.emplace_back("sx-np", 120.0, 90.0);
    return s;
}

// Loads the random sets as deposits and processing sites (through CSV, as a user would).
void load_sets(QueryStore &t, const fs::path &dir, const RandomSets &sets) {
    write_csv(dir / "deposits.csv", sets.deposits);
    write_csv(dir / "sites.csv", sets.sites);
    t.load((dir / "deposits.csv").string(), "deposits");
    t.load((dir / "sites.csv").string(), "processing_sites");
}

// The brute-force answer: every feature of `to` by geodesic distance from p, then by id.
std::vector<std::pair<double, std::string>> by_distance(LonLat p, const std::vector<query::Feature> &to) {
    std::vector<std::pair<double, std::string>> all;
    for (const auto &t : to) all.emplace_back(depomap::geo::distance_m(p, t.position), t.id);
    std::sort(all.begin(), all.end());
    return all;
}

// More deposits than one of nearest()'s read blocks (65,536), stored in shuffled id order: the
// blocks' answers must come back to the right deposits, in id order.
TEST_F(query_bruteforce, NearestOverSeveralReadBlocksInShuffledIdOrder) {
    auto sets = random_sets(11, 140000, 12);
    std::shuffle(sets.deposits.begin(), sets.deposits.end(), std::mt19937_64(3));
    load_sets(*this, dir_, sets);

    query::NearestOptions o;
    o.k = 2;
    const auto r = query::nearest(store(), o);
    ASSERT_EQ(r.from.size(), sets.deposits.size());
    ASSERT_EQ(r.pairs.size(), 2 * r.from.size());
    std::map<std::string, LonLat> stored;
    for (const auto &[id, lon, lat] : sets.deposits) stored[id] = {lon, lat};
    int bad = 0;
    for (std::size_t i = 0; i < r.from.size() && bad < 10; ++i) {
        if (i > 0 && !(r.from[i - 1].id < r.from[i].id)) {
            ++bad;
            ADD_FAILURE() << "not in id order at " << i << ": " << r.from[i - 1].id << ", " << r.from[i].id;
        }
        const LonLat expected = stored.at(r.from[i].id);
        EXPECT_NEAR(r.from[i].position.lon, expected.lon, 1e-9) << r.from[i].id;
        EXPECT_EQ(r.pairs[2 * i].from, i);
        EXPECT_EQ(r.pairs[2 * i + 1].from, i);
        if (i % 13 != 0) continue; // brute force on a sample: 12 sites, 10,770 deposits
        const auto all = by_distance(r.from[i].position, r.to);
        for (std::size_t k = 0; k < 2; ++k) {
            const auto &p = r.pairs[2 * i + k];
            if (p.rank != k + 1 || r.to[p.to].id != all[k].second || std::abs(p.distance_m - all[k].first) > 1e-6) {
                ++bad;
                ADD_FAILURE() << r.from[i].id << " rank " << k + 1 << ": got " << r.to[p.to].id << " at "
                              << p.distance_m << " m, brute force " << all[k].second << " at " << all[k].first;
            }
        }
    }
}

// nearest_each hands the answers over a block at a time: straight from the search when the layer
// is stored in id order, after the whole layer otherwise. Either way the blocks come in id order,
// none larger than asked, and together they are nearest()'s answer.
TEST_F(query_bruteforce, NearestEachHandsOverBlocksInIdOrder) {
    for (const bool shuffled : {false, true}) {
        SCOPED_TRACE(shuffled ? "stored shuffled" : "stored in id order");
        SetUp(); // a fresh store
        auto sets = random_sets(5, 1000, 40);
        if (shuffled) std::shuffle(sets.deposits.begin(), sets.deposits.end(), std::mt19937_64(9));
        load_sets(*this, dir_, sets);
        query::NearestOptions o;
        o.k = 2;
        const auto whole = query::nearest(store(), o); // one block of 65,536
        ASSERT_EQ(whole.from.size(), sets.deposits.size());
        o.block = 97;
        std::size_t calls = 0;
        std::vector<query::Feature> from;
        std::vector<query::Pair> pairs;
        query::nearest_each(store(), o, [&](const query::NearestBlock &b) {
            ++calls;
            EXPECT_LE(b.from.size(), 97u);
            EXPECT_EQ(b.to.size(), whole.to.size());
            for (query::Pair p : b.pairs) {
                ASSERT_LT(p.from, b.from.size());
                p.from += static_cast<std::uint32_t>(from.size());
                pairs.push_back(p);
            }
            from.insert(from.end(), b.from.begin(), b.from.end());
        });
        EXPECT_EQ(calls, (sets.deposits.size() + 96) / 97);
        ASSERT_EQ(from.size(), whole.from.size());
        for (std::size_t i = 0; i < from.size(); ++i) {
            ASSERT_EQ(from[i].id, whole.from[i].id) << i; // whole.from is in id order
        }
        ASSERT_EQ(pairs.size(), whole.pairs.size());
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            EXPECT_EQ(pairs[i].from, whole.pairs[i].from);
            EXPECT_EQ(pairs[i].to, whole.pairs[i].to);
            EXPECT_EQ(pairs[i].rank, whole.pairs[i].rank);
            EXPECT_EQ(pairs[i].distance_m, whole.pairs[i].distance_m);
        }

        // A filter that an index could serve still reads in the order the check vouched for.
        o.where = "id >= 'd00500'";
        std::string last;
        std::size_t seen = 0;
        query::nearest_each(store(), o, [&](const query::NearestBlock &b) {
            for (const auto &f : b.from) {
                EXPECT_LT(last, f.id);
                last = f.id;
                ++seen;
            }
        });
        EXPECT_EQ(seen, sets.deposits.size() - 500);

        // A sink's failure ends the query and comes back as it was thrown.
        o.where.reset();
        calls = 0;
        EXPECT_THROW(query::nearest_each(store(), o,
                                         [&](const query::NearestBlock &) {
                                             if (++calls == 3) throw std::runtime_error("disk full");
                                         }),
                     std::runtime_error);
        EXPECT_EQ(calls, 3u);

        // The store failing in the middle of the layer (an error SQLite raises row by row, here
        // from the 501st deposit on) ends the query with that error once the blocks before it
        // went out; nothing hangs, nothing goes out after.
        o.where = "CASE WHEN id < 'd00500' THEN 1 ELSE abs(-9223372036854775807 - 1) END";
        calls = 0;
        try {
            query::nearest_each(store(), o, [&](const query::NearestBlock &) { ++calls; });
            ADD_FAILURE() << "a failing filter went through";
        } catch (const Error &e) {
            EXPECT_NE(std::string(e.what()).find("integer overflow"), std::string::npos) << e.what();
        }
        EXPECT_LE(calls, 500u / 97 + 1);

        // Nothing to start from: one call, with --to.
        o.where = "id = 'none'";
        calls = 0;
        query::nearest_each(store(), o, [&](const query::NearestBlock &b) {
            ++calls;
            EXPECT_TRUE(b.from.empty());
            EXPECT_TRUE(b.pairs.empty());
            EXPECT_EQ(b.to.size(), whole.to.size());
        });
        EXPECT_EQ(calls, 1u);
    }
}

// With a sink that can take back what it got, nearest_each does not check the order first: a
// layer stored in id order goes out once, block by block; one that is not is taken back at its
// first feature out of order (also after several blocks went out) and handed over again sorted.
TEST_F(query_bruteforce, NearestEachTakesBackALayerFoundOutOfOrder) {
    enum class Stored { in_id_order, shuffled, last_one_first_in_id_order };
    for (const Stored stored : {Stored::in_id_order, Stored::shuffled, Stored::last_one_first_in_id_order}) {
        SCOPED_TRACE(static_cast<int>(stored));
        SetUp(); // a fresh store
        auto sets = random_sets(6, 1000, 40);
        if (stored == Stored::shuffled) std::shuffle(sets.deposits.begin(), sets.deposits.end(), std::mt19937_64(3));
        if (stored == Stored::last_one_first_in_id_order) std::get<0>(sets.deposits.back()) = "a-first";
        load_sets(*this, dir_, sets);
        query::NearestOptions o;
        o.k = 2;
        o.block = 97;
        struct Collected {
            std::vector<query::Feature> from;
            std::vector<query::Pair> pairs;
            std::size_t calls = 0;
        };
        const auto collect = [](Collected &c) {
            return [&c](const query::NearestBlock &b) {
                ++c.calls;
                for (query::Pair p : b.pairs) {
                    p.from += static_cast<std::uint32_t>(c.from.size());
                    c.pairs.push_back(p);
                }
                c.from.insert(c.from.end(), b.from.begin(), b.from.end());
            };
        };
        Collected checked; // through the order check
        query::nearest_each(store(), o, collect(checked));
        Collected taken;
        std::size_t restarts = 0, calls_before_restart = 0;
        query::nearest_each(store(), o, collect(taken), [&] {
            ++restarts;
            calls_before_restart = taken.calls;
            taken = {};
        });
        EXPECT_EQ(restarts, stored == Stored::in_id_order ? 0u : 1u);
        if (stored == Stored::last_one_first_in_id_order) EXPECT_EQ(calls_before_restart, (sets.deposits.size() - 1) / 97); // all but the last block
        ASSERT_EQ(taken.from.size(), sets.deposits.size());
        ASSERT_EQ(taken.from.size(), checked.from.size());
        for (std::size_t i = 0; i < taken.from.size(); ++i) {
            ASSERT_EQ(taken.from[i].id, checked.from[i].id) << i;
            if (i > 0) ASSERT_LT(taken.from[i - 1].id, taken.from[i].id) << i;
        }
        ASSERT_EQ(taken.pairs.size(), checked.pairs.size());
        for (std::size_t i = 0; i < taken.pairs.size(); ++i) {
            EXPECT_EQ(taken.pairs[i].from, checked.pairs[i].from);
            EXPECT_EQ(taken.pairs[i].to, checked.pairs[i].to);
            EXPECT_EQ(taken.pairs[i].distance_m, checked.pairs[i].distance_m);
        }
        // nearest() takes back the same way.
        const auto whole = query::nearest(store(), o);
        ASSERT_EQ(whole.from.size(), checked.from.size());
        for (std::size_t i = 0; i < whole.from.size(); ++i) ASSERT_EQ(whole.from[i].id, checked.from[i].id) << i;
        EXPECT_EQ(whole.pairs.size(), checked.pairs.size());
    }
}

// The order check runs on a connection of its own. A reader whose snapshot predates a write that
// put the layer in id order sees it out of order: it must fail, not write out of order.
TEST_F(query_bruteforce, NearestEachRefusesALayerThatChangedUnderTheOrderCheck) {
    write_csv(dir_ / "d.csv", {{"d-b", 10.0, 10.0}, {"d-a", 20.0, 20.0}, {"d-c", 30.0, 30.0}});
    write_csv(dir_ / "s.csv", {{"s-1", 15.0, 15.0}});
    load((dir_ / "d.csv").string(), "deposits");
    load((dir_ / "s.csv").string(), "processing_sites");
    Store reader = Store::open(path_, Store::Access::read_only); // its snapshot: d-b, d-a, d-c
    store().db().exec("DELETE FROM deposits WHERE id = 'd-b'");  // now d-a, d-c: in id order
    std::size_t calls = 0;
    try {
        query::nearest_each(reader, {}, [&](const query::NearestBlock &) { ++calls; });
        ADD_FAILURE() << "a layer out of order was streamed";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("changed while it was read"), std::string::npos) << e.what();
    }
    EXPECT_EQ(calls, 0u);
    // A reader that starts now sees the layer as it is, in order.
    Store fresh = Store::open(path_, Store::Access::read_only);
    EXPECT_EQ(query::nearest(fresh, {}).from.size(), 2u);
}

TEST_F(query_bruteforce, NearestAndWithinAreExact) {
    const auto sets = random_sets(7, 1500, 200);
    load_sets(*this, dir_, sets);

    query::NearestOptions o;
    o.k = 3;
    const auto r = query::nearest(store(), o);
    ASSERT_EQ(r.from.size(), sets.deposits.size());
    ASSERT_EQ(r.to.size(), sets.sites.size());
    ASSERT_EQ(r.pairs.size(), 3 * r.from.size());
    int bad = 0;
    for (std::size_t i = 0; i < r.from.size() && bad < 10; ++i) {
        const auto all = by_distance(r.from[i].position, r.to);
        for (std::size_t k = 0; k < 3; ++k) {
            const auto &p = r.pairs[3 * i + k];
            EXPECT_EQ(p.from, i);
            EXPECT_EQ(p.rank, k + 1);
            if (r.to[p.to].id != all[k].second || std::abs(p.distance_m - all[k].first) > 1e-6) {
                ++bad;
                ADD_FAILURE() << r.from[i].id << " rank " << k + 1 << ": got " << r.to[p.to].id << " at "
                              << p.distance_m << " m, brute force " << all[k].second << " at " << all[k].first;
            }
        }
    }
    // The hard case: only the 5x5 degree box, from everywhere.
    o.k = 1;
    o.to_where = "X(geom) BETWEEN 100 AND 105 AND Y(geom) BETWEEN 40 AND 45";
    const auto hard = query::nearest(store(), o);
    ASSERT_EQ(hard.pairs.size(), hard.from.size());
    for (std::size_t i = 0; i < hard.from.size() && bad < 10; ++i) {
        double best = INFINITY;
        std::string best_id;
        for (const auto &t : hard.to) {
            const double d = depomap::geo::distance_m(hard.from[i].position, t.position);
            if (d < best || (d == best && t.id < best_id)) best = d, best_id = t.id;
        }
        const auto &p = hard.pairs[i];
        if (hard.to[p.to].id != best_id || std::abs(p.distance_m - best) > 1e-6) {
            ++bad;
            ADD_FAILURE() << hard.from[i].id << ": got " << hard.to[p.to].id << " at " << p.distance_m
                          << ", brute force " << best_id << " at " << best;
        }
    }
    // within around awkward centres.
    const std::vector<std::pair<LonLat, double>> centres = {
        {{179.5, 66}, 300e3}, {{-180, 65}, 150e3}, {{180, 65}, 150e3}, {{0, 90}, 800e3},
        {{0, -89.5}, 400e3}, {{102.5, 42.5}, 200e3}, {{-77.5, -42.5}, 19000e3}, {{10, 10}, 20004e3}};
    for (const auto &[c, radius] : centres) {
        const auto w = query::within(store(), "deposits", c, radius);
        std::vector<std::pair<double, std::string>> expected;
        for (const auto &f : w.features) {
            const double d = depomap::geo::distance_m(c, f.position);
            if (d <= radius) expected.emplace_back(d, f.id);
        }
        std::sort(expected.begin(), expected.end());
        ASSERT_EQ(w.hits.size(), expected.size()) << c.lon << ' ' << c.lat << ' ' << radius;
        for (std::size_t i = 0; i < expected.size(); ++i) {
            EXPECT_EQ(w.features[w.hits[i].index].id, expected[i].second) << c.lon << ' ' << c.lat;
            EXPECT_NEAR(w.hits[i].distance_m, expected[i].first, 1e-6);
        }
    }
}

} // namespace

TEST(FoldName, FoldsCaseInEveryScriptAndSpellingNoise) {
    using depomap::util::fold_name;
    EXPECT_EQ(fold_name("Иркутская область"), fold_name("иркутская ОБЛАСТЬ"));
    EXPECT_EQ(fold_name("Irkutsk  Oblast"), "irkutsk oblast");
    EXPECT_EQ(fold_name("Республика Саха (Якутия)"), "республика саха якутия");
    EXPECT_EQ(fold_name("«Якутия»"), "якутия");
    EXPECT_EQ(fold_name("Ёлкино"), fold_name("елкино"));
    EXPECT_EQ(fold_name("Khanty-Mansi – Yugra"), "khanty mansi yugra");
    EXPECT_EQ(fold_name("Primor'ye"), "primorye");
    EXPECT_EQ(fold_name("STRASSE"), fold_name("straße")); // full folding, not lower()
    EXPECT_EQ(fold_name("ΑΘΗΝΑ"), fold_name("αθηνα"));
    EXPECT_EQ(fold_name(""), "");
    EXPECT_EQ(fold_name("\xff\xfe" "ABC"), "\xff\xfe" "abc"); // not UTF-8: ASCII-lowered, kept
}

TEST(FoldName, EditDistanceCountsSwapsAsOne) {
    EXPECT_EQ(depomap::util::edit_distance("--km", "--kms"), 1u);
    EXPECT_EQ(depomap::util::edit_distance("--where", "--wehre"), 1u);
    EXPECT_EQ(depomap::util::edit_distance("", "abc"), 3u);
    EXPECT_EQ(depomap::util::edit_distance("same", "same"), 0u);
}
