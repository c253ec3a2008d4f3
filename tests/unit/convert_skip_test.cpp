// convert --skip-invalid in-process (no worker): the features left out come back in the summary
// and in the rejects file, the others are written.
#include "depomap/convert.hpp"
#include "depomap/error.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace fs = std::filesystem;
using namespace depomap;

TEST(ConvertSkipInvalid, InProcessRejectsInSummaryAndFile) {
    const char *env = std::getenv("DEPOMAP_TEST_TMP");
    const fs::path dir = fs::path(env && *env ? env : DEPOMAP_TEST_BINARY_DIR "/tmp") /
                         ("convert-skip-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    const std::string data = DEPOMAP_TEST_DATA_DIR;
    ConvertOptions options;
    options.sources = {data + "/convert/mixed_valid.geojson"};
    options.format = "gpkg";
    options.output_dir = dir / "out";
    options.rejects_csv = dir / "rejects.csv";
    EXPECT_THROW(convert(options), UsageError); // --rejects needs --skip-invalid
    options.skip_invalid = true;
    const auto report = convert(options);
    ASSERT_EQ(report.sources.size(), 1u);
    const auto &s = report.sources[0];
    EXPECT_EQ(s.status, SourceSummary::Status::ok) << s.reason;
    EXPECT_EQ(s.features_in, 2);
    EXPECT_EQ(s.features_out, 1);
    ASSERT_EQ(s.rejects.size(), 1u);
    EXPECT_EQ(s.rejects[0].index, 2);
    EXPECT_EQ(s.rejects[0].source, data + "/convert/mixed_valid.geojson");
    EXPECT_NE(s.rejects[0].reason.find("invalid geometry: Self-intersection"), std::string::npos) << s.rejects[0].reason;
    std::ifstream in(dir / "rejects.csv");
    std::stringstream text;
    text << in.rdbuf();
    EXPECT_NE(text.str().find("source,index,id,reason\n"), std::string::npos);
    EXPECT_NE(text.str().find("mixed_valid.geojson,2,"), std::string::npos) << text.str();
    fs::remove_all(dir);
}
