// GDAL's messages never reach stderr on their own: recorded by a GdalErrors where one is alive,
// dropped by the process's handler elsewhere (GDAL's default printed "ERROR 1: ..." lines that
// broke the one-line-error promise).
#include "gdal/io/gdal.hpp"

#include <gtest/gtest.h>

#include <cpl_error.h>

TEST(GdalErrors, NothingReachesStderrOutsideARecorder) {
    depomap::io::ensure_gdal();
    testing::internal::CaptureStderr();
    CPLError(CE_Failure, CPLE_AppDefined, "a failure no one records");
    CPLError(CE_Warning, CPLE_AppDefined, "a warning no one records");
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
}

TEST(GdalErrors, ARecorderGetsThemOnOneLine) {
    depomap::io::ensure_gdal();
    depomap::io::GdalErrors errors;
    testing::internal::CaptureStderr();
    CPLError(CE_Failure, CPLE_AppDefined, "first line\nsecond line");
    CPLError(CE_Warning, CPLE_AppDefined, "careful");
    EXPECT_EQ(testing::internal::GetCapturedStderr(), "");
    EXPECT_EQ(errors.last_error(), "first line second line");
    ASSERT_EQ(errors.warnings().size(), 1u);
    EXPECT_EQ(errors.warnings().front(), "careful");
}

TEST(GdalErrors, SourcesThatCannotBeRead) {
    EXPECT_EQ(depomap::io::source_refusal("PG:dbname=x password=y").find("PostGIS sources are not supported yet"), 0u);
    EXPECT_EQ(depomap::io::source_refusal("/no/such/file.csv"), "no such file");
    try {
        depomap::io::check_source("PG:dbname=x password=secret");
        ADD_FAILURE() << "PG: accepted";
    } catch (const std::exception &e) {
        EXPECT_EQ(std::string(e.what()).find("secret"), std::string::npos) << e.what();
    }
}
