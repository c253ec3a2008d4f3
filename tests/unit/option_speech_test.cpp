// Export, convert and the output rules speak library: a message names the option by its field
// in ExportOptions / ConvertOptions / output::Rules ("the where option") or a wrong value by its
// subject (BadValue "precision"), never by a flag; the CLI writes the flag (cli::with_flags).
#include "depomap/cli.hpp"
#include "depomap/convert.hpp"
#include "depomap/error.hpp"
#include "depomap/export.hpp"
#include "depomap/query.hpp"
#include "output/publish.hpp"
#include "test_config.hpp"
#include "library_words.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using depomap::BadValue;
using depomap::ConvertOptions;
using depomap::ExportOptions;
using depomap::SourceSummary;
using depomap::test::error_of;
using depomap::test::expect_library_words;
using depomap::test::subject_of;
using depomap::test::test_dir;

std::string data(const std::string &name) { return std::string(DEPOMAP_TEST_DATA_DIR) + "/" + name; }

void write(const fs::path &path, const std::string &text) { std::ofstream(path, std::ios::binary) << text; }

/// An answer of one text column without geometry.
depomap::query::AnswerLayer table_answer() {
    depomap::query::AnswerLayer answer;
    answer.name = "answer";
    answer.columns = {"name"};
    answer.types = {depomap::schema::ColumnType::text};
    return answer;
}

/// A batch of one source, in this process, into a fresh folder.
ConvertOptions one_source(const fs::path &dir, const std::string &source) {
    ConvertOptions options;
    options.sources = {source};
    options.format = "geojson";
    options.output_dir = dir / "out";
    options.jobs = 1;
    return options;
}

const SourceSummary &only_source(const depomap::ConvertReport &report) {
    EXPECT_EQ(report.sources.size(), 1u);
    return report.sources.front();
}

TEST(OptionSpeech, ExportNamesOptionsByField) {
    const auto answer = table_answer();
    ExportOptions options;
    options.format = "shp";
    // No output: the format is the value at fault, the output the option pointed at.
    EXPECT_EQ(subject_of([&] { depomap::export_answer(answer, options); }), "format");
    expect_library_words(error_of([&] { depomap::export_answer(answer, options); }),
                         "shp writes a file: give the output option PATH");
    options.output = test_dir() / "a.shp";
    expect_library_words(error_of([&] { depomap::export_answer(answer, options); }),
                         "shp: the answer is a table without geometry");
    std::ostringstream stream;
    options.stream = &stream;
    options.format = "gpkg";
    expect_library_words(error_of([&] { depomap::export_answer(answer, options); }),
                         "gpkg cannot be written as a stream: give the output option PATH");
}

TEST(OptionSpeech, ConvertRefusesInLibraryWords) {
    const auto dir = test_dir();
    auto options = one_source(dir, data("deposits.geojson"));
    options.x_field = "x";
    expect_library_words(error_of([&] { depomap::convert(options); }),
                         "the x_field option and the y_field option go together");
    options.y_field = "y";
    options.wkt_field = "w";
    expect_library_words(error_of([&] { depomap::convert(options); }), "and the wkt_field option exclude each other");
    options = one_source(dir, data("deposits.geojson"));
    options.rejects_csv = dir / "rejects.csv";
    expect_library_words(error_of([&] { depomap::convert(options); }),
                         "the rejects_csv option needs the skip_invalid option");
    options = one_source(dir, data("deposits.geojson"));
    options.precision = 40;
    EXPECT_EQ(subject_of([&] { depomap::convert(options); }), "precision");
    expect_library_words(error_of([&] { depomap::convert(options); }), "precision 40: expected 0 to 17 decimals");
    options.precision = 7;
    options.format.clear();
    expect_library_words(error_of([&] { depomap::convert(options); }), "no format (the format option FORMAT)");
    options.format = "kml";
    options.target_srs = "EPSG:3857";
    expect_library_words(error_of([&] { depomap::convert(options); }), "drop the target_srs option");
    EXPECT_FALSE(fs::exists(dir / "out"));
}

TEST(OptionSpeech, LayerNameTemplate) {
    using depomap::convert_detail::apply_template;
    EXPECT_EQ(subject_of([] { (void)apply_template("{source", "s", "l", "", 1); }), "layer name template");
    expect_library_words(error_of([] { (void)apply_template("{source", "s", "l", "", 1); }),
                         "layer name template '{source': unclosed '{'");
    expect_library_words(error_of([] { (void)apply_template("{nosuch}", "s", "l", "", 1); }),
                         "the layer_name_template option: unknown placeholder {nosuch}");
}

TEST(OptionSpeech, ConvertSourceFailuresInLibraryWords) {
    const auto dir = test_dir();
    // A CSV column the options name that the source lacks.
    write(dir / "xy.csv", "name,lon,lat\na,10,20\n");
    auto options = one_source(dir, (dir / "xy.csv").string());
    options.x_field = "nosuch";
    options.y_field = "lat";
    auto s = only_source(depomap::convert(options));
    EXPECT_EQ(s.status, SourceSummary::Status::failed);
    expect_library_words(s.reason, "the x_field option 'nosuch': no such field");
    // An OGR filter OGR refuses.
    options = one_source(dir, data("deposits.geojson"));
    options.where = "id = = 1";
    options.overwrite = true;
    s = only_source(depomap::convert(options));
    EXPECT_EQ(s.status, SourceSummary::Status::failed);
    expect_library_words(s.reason, "the where option 'id = = 1'");
    // An invalid polygon, not repaired.
    write(dir / "bow.geojson", R"({"type":"FeatureCollection","features":[{"type":"Feature","properties":{},)"
                               R"("geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]})");
    options = one_source(dir, (dir / "bow.geojson").string());
    options.overwrite = true;
    s = only_source(depomap::convert(options));
    EXPECT_EQ(s.status, SourceSummary::Status::failed);
    expect_library_words(s.reason, "(use the make_valid option to repair)");
    options.make_valid = true;
    s = only_source(depomap::convert(options));
    ASSERT_EQ(s.status, SourceSummary::Status::ok) << s.reason;
    ASSERT_FALSE(s.notes.empty());
    expect_library_words(s.notes.back(), "repaired (the make_valid option)");
}

TEST(OptionSpeech, SourceWithoutCrsPointsAtSourceSrs) {
    // A Shapefile in metres without its .prj: no CRS, and not degrees (source_check).
    const auto dir = test_dir();
    for (const char *ext : {".shp", ".shx", ".dbf"}) {
        fs::copy_file(data(std::string("deposits_3857_shp") + ext), dir / (std::string("m") + ext));
    }
    auto options = one_source(dir, (dir / "m.shp").string());
    const auto s = only_source(depomap::convert(options));
    EXPECT_EQ(s.status, SourceSummary::Status::failed);
    expect_library_words(s.reason, "give its CRS with the source_srs option");
}

TEST(OptionSpeech, PublishPointsAtTheStoreAndOverwrite) {
    const auto dir = test_dir();
    write(dir / "store.sqlite", "store");
    depomap::output::Protected keep;
    keep.add_store(dir / "store.sqlite");
    const depomap::output::Rules rules{true, &keep};
    expect_library_words(error_of([&] { depomap::output::StagedFile file(dir / "store.sqlite", rules); }),
                         "is the store (the store option) of this command");
    expect_library_words(error_of([&] { depomap::output::StagedFile file(dir / "store.sqlite", {}); }),
                         "exists; use the overwrite option to replace it");
}

// The command line says the same with its flags.
struct Run {
    int code;
    std::string err;
};

Run run(const std::vector<std::string> &args) {
    std::ostringstream out, err;
    const int code = depomap::cli::run(args, out, err);
    return {code, err.str()};
}

TEST(OptionSpeech, TheCliWritesTheFlags) {
    const auto dir = test_dir();
    const auto out = (dir / "out").string();
    const auto source = data("deposits.geojson");
    auto r = run({"convert", source, "-f", "geojson", "-o", out, "--x-field", "x"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--x-field and --y-field go together"), std::string::npos) << r.err;
    r = run({"convert", source, "-f", "geojson", "-o", out, "--precision", "40"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--precision 40: expected 0 to 17 decimals"), std::string::npos) << r.err;
    r = run({"convert", source, "-f", "geojson", "-o", out, "--layer-name-template", "{source"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("--layer-name-template '{source': unclosed '{'"), std::string::npos) << r.err;
    r = run({"convert", source, "-f", "kml", "-o", out, "--t-srs", "EPSG:3857"});
    EXPECT_EQ(r.code, 2);
    EXPECT_NE(r.err.find("KML holds EPSG:4326 only; drop --t-srs"), std::string::npos) << r.err;
    // A source's failure in the summary line.
    r = run({"convert", source, "-f", "geojson", "-o", out, "--where", "id = = 1"});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("--where 'id = = 1'"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("the where option"), std::string::npos) << r.err;
    // The output rules: an existing file.
    fs::create_directories(dir / "exists");
    write(dir / "exists" / "deposits.geojson", "{}");
    r = run({"convert", source, "-f", "geojson", "-o", (dir / "exists").string()});
    EXPECT_EQ(r.code, 1);
    EXPECT_NE(r.err.find("exists; use --overwrite to replace it"), std::string::npos) << r.err;
}

} // namespace
