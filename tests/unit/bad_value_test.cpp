// The library names a wrong value in its own words (depomap::BadValue); the CLI names it by the
// flag the user typed. "No such layer" has one wording, depomap::no_such_layer's.
#include "depomap/cli.hpp"
#include "depomap/error.hpp"
#include "depomap/schema.hpp"
#include "depomap/table.hpp"
#include "depomap/options.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <sstream>
#include <string>

namespace {

using depomap::BadValue;

TEST(bad_value, NamesTheValueInTheLibrarysWordsOrByAFlag) {
    const BadValue quoted("layer", "nosuch", "no such layer");
    EXPECT_STREQ(quoted.what(), "layer 'nosuch': no such layer");
    EXPECT_EQ(quoted.renamed("--layer"), "--layer 'nosuch': no such layer");
    const BadValue bare("radius", "", "must be a finite distance >= 0", false);
    EXPECT_STREQ(bare.what(), "radius must be a finite distance >= 0");
    EXPECT_EQ(bare.renamed("--km"), "--km must be a finite distance >= 0");
    EXPECT_EQ(bare.subject(), "radius");
}

TEST(bad_value, NoSuchLayerListsEveryLayerOfTheStore) {
    const auto e = depomap::no_such_layer("layer", "deposit", depomap::schema::layer_names());
    const std::string message = e.what();
    EXPECT_EQ(message.rfind("layer 'deposit': no such layer (layers: deposits, ", 0), 0u) << message;
    for (const auto &layer : depomap::schema::layers()) {
        EXPECT_NE(message.find(std::string(layer.name)), std::string::npos) << layer.name;
    }
    EXPECT_EQ(message.find("--"), std::string::npos) << message;
}

TEST(bad_value, TableFormatIsRefusedWithoutAFlag) {
    try {
        (void)depomap::parse_table_format("shp");
        FAIL() << "no exception";
    } catch (const BadValue &e) {
        EXPECT_EQ(e.subject(), "table format");
        EXPECT_STREQ(e.what(), "table format 'shp': unknown format (table, csv, json)");
    }
}

TEST(bad_value, TheCliNamesTheFlag) {
    std::ostringstream out, err;
    const int code = depomap::cli::run({"summary", "--db", "/nonexistent/s.sqlite", "--by", "status", "-f", "shp"},
                                       out, err);
    EXPECT_EQ(code, 2);
    EXPECT_NE(err.str().find("-f 'shp': unknown format (table, csv, json)"), std::string::npos) << err.str();
}

TEST(option_ref, TheLibraryNamesAnOptionByItsFieldTheCliByItsFlag) {
    const std::string message = depomap::option_ref("x_field") + " and " + depomap::option_ref("y_field") +
                                " go together; " + depomap::option_ref("field_map") + ": no field";
    EXPECT_EQ(message, "the x_field option and the y_field option go together; the field_map option: no field");
    EXPECT_EQ(depomap::cli::with_flags(message), "--x-field and --y-field go together; --map: no field");
    // Words that merely look alike are left alone.
    EXPECT_EQ(depomap::cli::with_flags("the only option left; the nosuch_field option"),
              "the only option left; the nosuch_field option");
}

TEST(option_ref, TheCliRunNamesTheFlag) {
    const auto db = (depomap::test::test_dir() / "s.sqlite").string();
    std::ostringstream out, err;
    ASSERT_EQ(depomap::cli::run({"init", "-q", "--db", db}, out, err), 0) << err.str();
    const int code = depomap::cli::run({"load", "--db", db, "--x-field", "lon", "/nonexistent/a.csv"}, out, err);
    EXPECT_EQ(code, 2);
    EXPECT_NE(err.str().find("--x-field and --y-field go together"), std::string::npos) << err.str();
}

} // namespace
