// The library names a wrong value in its own words (depomap::BadValue); the CLI names it by the
// flag the user typed. "No such layer" has one wording, depomap::no_such_layer's.
#include "depomap/cli.hpp"
#include "depomap/error.hpp"
#include "depomap/schema.hpp"
#include "depomap/table.hpp"

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

} // namespace
