// convert: output names (safe, template-driven), source discovery (folders, globs, symlink loops),
// and a small in-process batch (collisions, reprojection, keep-going).
#include "depomap/convert.hpp"
#include "depomap/error.hpp"
#include "gdal/io/source_check.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

namespace {

using namespace depomap;
using namespace depomap::convert_detail;
namespace fs = std::filesystem;

fs::path scratch(const std::string &name) {
    const char *env = std::getenv("DEPOMAP_TEST_TMP");
    const fs::path dir = fs::path(env && *env ? env : DEPOMAP_TEST_BINARY_DIR "/tmp") /
                         ("convert-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void touch(const fs::path &path, const std::string &text = "x") {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

TEST(ConvertNames, SafeNamesNeverEscape) {
    EXPECT_EQ(safe_name("deposits"), "deposits");
    EXPECT_EQ(safe_name("../../etc/passwd"), "etc_passwd");
    EXPECT_EQ(safe_name("/abs/path"), "abs_path");
    EXPECT_EQ(safe_name(".."), "layer");
    EXPECT_EQ(safe_name(""), "layer");
    EXPECT_EQ(safe_name(".hidden"), "hidden");
    EXPECT_EQ(safe_name("../../escape/..\\abs:name"), "escape_abs_name");
    EXPECT_EQ(safe_name("a..b"), "a_b");
    EXPECT_EQ(safe_name("a\\b:c*d?e"), "a_b_c_d_e");
    EXPECT_EQ(safe_name("Месторождения РЗМ"), "Месторождения_РЗМ");
    EXPECT_EQ(safe_name(std::string("bad\xff\xfe") + "name"), "bad__name");
    const auto long_name = safe_name(std::string(150, 'a'));
    EXPECT_EQ(long_name.size(), 100u);
    // Never cut inside a character.
    std::string cyrillic;
    for (int i = 0; i < 80; ++i) cyrillic += "ж";
    EXPECT_LE(safe_name(cyrillic).size(), 100u);
    EXPECT_EQ(safe_name(cyrillic).size() % 2, 0u);
}

TEST(ConvertNames, Template) {
    EXPECT_EQ(apply_template("{source}_{layer}", "survey", "pts", "", 1), "survey_pts");
    EXPECT_EQ(apply_template("{dir}-{source}-{index}", "s", "l", "a/b", 3), "a_b-s-3");
    EXPECT_THROW(apply_template("{nosuch}", "s", "l", "", 1), UsageError);
    EXPECT_THROW(apply_template("{source", "s", "l", "", 1), UsageError);
}

TEST(ConvertSources, FoldersGlobsAndLoops) {
    const auto dir = scratch("sources");
    touch(dir / "in/a.geojson");
    touch(dir / "in/sub/b.shp");
    touch(dir / "in/sub/b.dbf"); // a sidecar, not a source
    touch(dir / "in/.hidden.geojson");
    touch(dir / "in/notes.txt");
    fs::create_directory_symlink("..", dir / "in/sub/loop");
    fs::create_directories(dir / "in/out");
    touch(dir / "in/out/old.geojson"); // inside the output folder: never a source
    const auto found = find_sources({(dir / "in").string(), (dir / "in/*.geojson").string(),
                                     (dir / "nosuch.gpkg").string(), (dir / "none*.kml").string()},
                                    dir / "in/out");
    std::vector<std::string> files, problems;
    for (const auto &f : found) {
        if (f.problem.empty()) files.push_back(fs::relative(f.path, dir).string());
        else problems.push_back(f.problem);
    }
    EXPECT_EQ(files, (std::vector<std::string>{"in/a.geojson", "in/sub/b.shp"})); // a.geojson once
    ASSERT_EQ(problems.size(), 3u);
    EXPECT_NE(problems[0].find("symbolic link loop"), std::string::npos) << problems[0];
    EXPECT_EQ(problems[1], "no such file");
    EXPECT_EQ(problems[2], "no file matches the pattern");
    fs::remove_all(dir);
}

TEST(Convert, BatchWithCollisionsAndKeepGoing) {
    const auto dir = scratch("batch");
    const std::string data = DEPOMAP_TEST_DATA_DIR;
    ConvertOptions options;
    options.sources = {data + "/convert/a", data + "/convert/b", data + "/bad/garbage.geojson",
                       data + "/deposits_xy.csv"};
    options.format = "gpkg";
    options.output_dir = dir / "out";
    options.keep_going = true;
    options.jobs = 2;
    options.x_field = "lon";
    options.y_field = "lat";
    std::size_t calls = 0;
    const auto report = convert(options, [&](const SourceSummary &, std::size_t, std::size_t) { ++calls; });
    ASSERT_EQ(report.sources.size(), 4u);
    EXPECT_EQ(calls, 4u);
    EXPECT_EQ(report.sources[0].status, SourceSummary::Status::ok);
    EXPECT_EQ(report.sources[1].status, SourceSummary::Status::ok);
    EXPECT_EQ(report.sources[2].status, SourceSummary::Status::failed);
    EXPECT_EQ(report.sources[3].status, SourceSummary::Status::ok) << report.sources[3].reason;
    EXPECT_EQ(report.sources[0].outputs.at(0).filename(), "same.gpkg");
    EXPECT_EQ(report.sources[1].outputs.at(0).filename(), "same_2.gpkg");
    EXPECT_EQ(report.sources[1].features_out, 2);
    EXPECT_TRUE(report.any_failed());
    EXPECT_TRUE(fs::exists(dir / "out/convert-report.csv"));
    // Nothing but outputs and the report: no staging folders left.
    std::vector<std::string> names;
    for (const auto &e : fs::directory_iterator(dir / "out")) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"convert-report.csv", "deposits_xy.gpkg", "same.gpkg", "same_2.gpkg"}));
    fs::remove_all(dir);
}

// The report is replaced from run to run, but never when it is a source of this run: the batch
// is refused before it starts, and the source is left as it was.
TEST(Convert, TheReportNeverReplacesASource) {
    const auto dir = scratch("report-source");
    const std::string data = DEPOMAP_TEST_DATA_DIR;
    fs::copy_file(data + "/deposits_xy.csv", dir / "convert-report.csv");
    const auto before = fs::file_size(dir / "convert-report.csv");
    ConvertOptions options;
    options.sources = {(dir / "convert-report.csv").string()};
    options.format = "gpkg";
    options.output_dir = dir;
    options.jobs = 1;
    try {
        (void)convert(options);
        FAIL() << "no exception";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("convert-report.csv"), std::string::npos) << e.what();
    }
    EXPECT_EQ(fs::file_size(dir / "convert-report.csv"), before);
    EXPECT_FALSE(fs::exists(dir / "convert-report.gpkg")) << "refused before the batch started";
    fs::remove_all(dir);
}

TEST(Convert, UsageErrors) {
    ConvertOptions options;
    options.sources = {"x.geojson"};
    options.output_dir = "/nonexistent-never-made";
    options.format = "dxf";
    EXPECT_THROW(convert(options), UsageError);
    options.format = "geojson";
    options.x_field = "x";
    EXPECT_THROW(convert(options), UsageError);
    options.y_field = "y";
    options.wkt_field = "w";
    EXPECT_THROW(convert(options), UsageError);
    options.wkt_field.reset();
    options.precision = 40;
    EXPECT_THROW(convert(options), UsageError);
    options.precision = 7;
    options.format = "kml";
    options.target_srs = "EPSG:3857";
    EXPECT_THROW(convert(options), UsageError);
    EXPECT_FALSE(fs::exists("/nonexistent-never-made"));
}

// GDAL cuts a text at a \u0000: check_geojson_nul finds the escape wherever the file's reads
// (1 MiB) split it, and takes "\\u0000" (a backslash, then u0000) for what it is.
TEST(ConvertSources, GeoJsonNulFoundAcrossReads) {
    const auto dir = scratch("nul");
    const auto path = (dir / "nul.geojson").string();
    const std::string head = R"({"type": "FeatureCollection", "features": [)"
                             R"({"type": "Feature", "properties": {"id": "a", "pad": ")";
    const std::string rest = R"("}, "geometry": null}, {"type": "Feature", "properties": {"id": "b", "name": "a)";
    for (const bool nul : {true, false}) {
        const std::string escape = nul ? R"(\u0000)" : R"(\\u0000)";
        for (std::size_t split = 0; split <= escape.size(); ++split) {
            // The escape starts `split` bytes before the first read ends.
            const std::size_t at = (std::size_t{1} << 20) - split;
            const std::string text = head + std::string(at - head.size() - rest.size(), 'x') + rest + escape +
                                     R"(b"}, "geometry": null}]})";
            ASSERT_EQ(text.find(escape), at);
            std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
            if (nul) {
                try {
                    io::check_geojson_nul(path);
                    ADD_FAILURE() << "a NUL split at " << split << " was not found";
                } catch (const Error &e) {
                    EXPECT_EQ(std::string(e.what()), path + ": feature 2, field name: the text holds a NUL character "
                                                            "(U+0000), at which GDAL's GeoJSON reader would cut it");
                }
            } else {
                EXPECT_NO_THROW(io::check_geojson_nul(path)) << "split at " << split;
            }
        }
    }
    fs::remove_all(dir);
}

} // namespace
