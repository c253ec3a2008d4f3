// output::unique_field_names: names unique as drivers compare them (without ASCII case).
#include "output/field_names.hpp"

#include <gtest/gtest.h>

using depomap::output::unique_field_names;
using Names = std::vector<std::string>;

TEST(FieldNames, UniqueNamesKeptAsTheyAre) {
    EXPECT_EQ(unique_field_names({"a", "b", "Ä", "ä"}), (Names{"a", "b", "Ä", "ä"}));
    EXPECT_EQ(unique_field_names({}), Names{});
}

TEST(FieldNames, RepeatsNumberedWithoutCase) {
    // GDAL's duplicatedfields.csv, with a capital repeat.
    EXPECT_EQ(unique_field_names({"foo", "bar", "foo", "foo2", "baz", "FOO"}),
              (Names{"foo", "bar", "foo_2", "foo2", "baz", "FOO_3"}));
    // A later field already named foo_2 keeps its name; the repeat takes the next free one.
    EXPECT_EQ(unique_field_names({"foo", "foo", "Foo_2"}), (Names{"foo", "foo_3", "Foo_2"}));
}

TEST(FieldNames, ReservedNamesAreTaken) {
    EXPECT_EQ(unique_field_names({"X", "y", "name", "x_2"}, {"X", "Y"}), (Names{"X_3", "y_2", "name", "x_2"}));
}
