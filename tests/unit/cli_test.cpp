// The command line in-process (depomap::cli::run): help, version, exit codes and messages.
#include "depomap/cli.hpp"
#include "test_config.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;

using depomap::test::test_dir;

std::string data(const std::string &name) { return std::string(DEPOMAP_TEST_DATA_DIR) + "/" + name; }

struct Result {
    int code;
    std::string out, err;
};

Result run(const std::vector<std::string> &args) {
    std::ostringstream out, err;
    const int code = depomap::cli::run(args, out, err);
    return {code, out.str(), err.str()};
}

std::size_t lines(const std::string &text) {
    return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

const std::vector<std::string> verbs = {"init", "load", "info", "sql"};

TEST(Cli, HelpOnEveryVerbGoesToStdout) {
    for (const auto &verb : verbs) {
        const auto r = run({verb, "--help"});
        EXPECT_EQ(r.code, 0) << verb;
        EXPECT_NE(r.out.find("--db"), std::string::npos) << verb << ": " << r.out;
        EXPECT_NE(r.out.find(verb), std::string::npos) << verb << ": " << r.out;
        EXPECT_EQ(r.err, "") << verb;
    }
    const auto r = run({"--help"});
    EXPECT_EQ(r.code, 0);
    for (const auto &verb : verbs) EXPECT_NE(r.out.find(verb), std::string::npos) << verb;
    EXPECT_EQ(r.err, "");
}

TEST(Cli, Version) {
    const auto r = run({"--version"});
    EXPECT_EQ(r.code, 0);
    EXPECT_EQ(r.out.rfind("depomap ", 0), 0u) << r.out;
    EXPECT_EQ(r.out, depomap::cli::version_text() + "\n");
    EXPECT_NE(r.out.find("GDAL"), std::string::npos);
    EXPECT_EQ(r.err, "");
}

TEST(Cli, UnknownVerbIsAUsageErrorThatNamesIt) {
    const auto r = run({"frobnicate"});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("frobnicate"), std::string::npos) << r.err;
}

TEST(Cli, NoVerbIsAUsageError) {
    const auto r = run({});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err, "");
}

// An empty word, or a word that is no verb after the flags, is a usage error (the option check
// once asked CLI11 for such a subcommand and died of its exception: found by cli_fuzz).
TEST(Cli, AnEmptyOrUnknownWordAfterTheFlagsIsAUsageError) {
    for (const std::vector<std::string> &args :
         {std::vector<std::string>{""}, {"-q", ""}, {"-q", "frobnicate", "--km"}, {"--debug", "", "info"}}) {
        const auto r = run(args);
        EXPECT_EQ(r.code, 2) << r.err;
        EXPECT_EQ(r.out, "");
    }
}

TEST(Cli, UnknownOptionIsAUsageError) {
    const auto r = run({"info", "--db", "x.sqlite", "--frobnicate"});
    EXPECT_EQ(r.code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("--frobnicate"), std::string::npos) << r.err;
}

TEST(Cli, MissingArgumentIsAUsageError) {
    auto r = run({"load", "--db", "x.sqlite"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("required"), std::string::npos) << r.err;
    r = run({"sql", "--db", "x.sqlite"});
    EXPECT_EQ(r.code, 2);
    r = run({"info", "--db"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--db"), std::string::npos) << r.err;
}

TEST(Cli, LoadUsageErrorsExit2) {
    const auto db = (test_dir() / "s.sqlite").string();
    ASSERT_EQ(run({"init", "-q", "--db", db}).code, 0);
    const std::vector<std::vector<std::string>> cases = {
        {"load", "--db", db, data("deposits_xy.csv"), "--x-field", "lon"},
        {"load", "--db", db, data("deposits.geojson"), "--map", "name"},
        {"load", "--db", db, data("deposits.geojson"), "--layer", "nope"},
        {"load", "--db", db, data("deposits.geojson"), "--rejects", "r.csv"},
    };
    for (const auto &args : cases) {
        const auto r = run(args);
        EXPECT_EQ(r.code, 2) << args[4] << ": " << r.err;
        EXPECT_EQ(lines(r.err), 1u) << r.err;
        EXPECT_NE(r.err.find(args[4]), std::string::npos) << r.err;
    }
}

TEST(Cli, LoadErrorIsOneLineNamingFileFeatureAndReason) {
    const auto db = (test_dir() / "s.sqlite").string();
    ASSERT_EQ(run({"init", "-q", "--db", db}).code, 0);
    const auto file = data("bad/swapped.geojson");
    const auto r = run({"load", "--db", db, file});
    EXPECT_EQ(r.code, 1);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(lines(r.err), 1u) << r.err;
    EXPECT_EQ(r.err, "depomap load: " + file +
                         ": feature 2 (id 'b2'): latitude 120 out of range [-90, 90] (longitude "
                         "and latitude swapped?)\n");
    // Nothing was loaded.
    const auto count = run({"sql", "--db", db, "-f", "csv", "SELECT count(*) AS n FROM deposits"});
    EXPECT_EQ(count.code, 0);
    EXPECT_NE(count.out.find("\n0"), std::string::npos) << count.out;
}

TEST(Cli, LoadThenInfoJson) {
    const auto db = (test_dir() / "s.sqlite").string();
    ASSERT_EQ(run({"init", "-q", "--db", db}).code, 0);
    auto r = run({"load", "--db", db, data("deposits.geojson")});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_NE(r.err.find("loaded 3 of 3 features into deposits"), std::string::npos) << r.err;
    r = run({"info", "--db", db, "--json"});
    EXPECT_EQ(r.code, 0) << r.err;
    EXPECT_NE(r.out.find("\"schema_version\": 3"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\"count\": 3"), std::string::npos) << r.out;
}

TEST(Cli, MissingStoreExits1) {
    const auto db = (test_dir() / "missing.sqlite").string();
    for (const auto &args : std::vector<std::vector<std::string>>{
             {"info", "--db", db}, {"sql", "--db", db, "SELECT 1"}, {"load", "--db", db, data("deposits.geojson")}}) {
        const auto r = run(args);
        EXPECT_EQ(r.code, 1) << args[0];
        EXPECT_NE(r.err.find(db), std::string::npos) << r.err;
        EXPECT_FALSE(fs::exists(db)) << args[0] << " created the store";
    }
}

TEST(Cli, SqlRefusesWrites) {
    const auto db = (test_dir() / "s.sqlite").string();
    ASSERT_EQ(run({"init", "-q", "--db", db}).code, 0);
    ASSERT_EQ(run({"load", "-q", "--db", db, data("deposits.geojson")}).code, 0);
    for (const std::string q : {"DELETE FROM deposits", "DROP TABLE deposits",
                                "INSERT INTO deposits (id) VALUES ('x')", "SELECT 1; DELETE FROM deposits"}) {
        const auto r = run({"sql", "--db", db, q});
        EXPECT_EQ(r.code, 1) << q;
        EXPECT_NE(r.err.find("read-only"), std::string::npos) << q << ": " << r.err;
    }
    const auto r = run({"sql", "--db", db, "-f", "csv", "SELECT count(*) AS n FROM deposits"});
    EXPECT_NE(r.out.find("\n3"), std::string::npos) << r.out;
}

} // namespace
