// The loader's source readers on real files: what SourceSet opens (the GeoJSON stream or GDAL,
// with the fields routed), what it refuses before anything is written, and read_features
// handing every feature over in file order.
#include "depomap/error.hpp"
#include "depomap/load.hpp"
#include "depomap/schema.hpp"
#include "gdal/load/source.hpp"
#include "test_config.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace depomap::loading;
using depomap::LoadOptions;
using depomap::test::error_of;
namespace schema = depomap::schema;

std::string data(const std::string &name) { return std::string(DEPOMAP_TEST_DATA_DIR) + "/" + name; }
const schema::Layer &deposits() { return *schema::find_layer("deposits"); }

/// Records what a reader hands over.
struct Recorder final : FeatureSink {
    std::vector<std::int64_t> gdal, json;
    std::vector<std::string> texts;
    double last_progress = -1;
    void gdal_feature(Source &, std::int64_t index, OGRFeature &) override { gdal.push_back(index); }
    void json_feature(Source &, std::int64_t index, std::string_view text) override {
        json.push_back(index);
        texts.emplace_back(text);
    }
    void progress(double fraction) override { last_progress = fraction; }
};

TEST(LoadSource, GeoJsonFeatureCollectionIsStreamed) {
    LoadOptions options;
    SourceSet set(deposits(), options);
    set.open(data("deposits.geojson"));
    ASSERT_EQ(set.sources().size(), 1u);
    Source &s = set.sources()[0];
    EXPECT_TRUE(s.geojson);
    EXPECT_EQ(s.layer, nullptr);
    EXPECT_EQ(s.id_prefix, "deposits");
    EXPECT_TRUE(s.geographic_fields);
    Recorder sink;
    read_features(s, sink);
    EXPECT_EQ(sink.json, (std::vector<std::int64_t>{1, 2, 3}));
    EXPECT_TRUE(sink.gdal.empty());
    EXPECT_NE(sink.texts[0].find("\"moscow\""), std::string::npos);
    EXPECT_EQ(set.rank(data("deposits.geojson")), 0u);
    EXPECT_EQ(set.rank("elsewhere"), 1u);
}

TEST(LoadSource, GdalSourcesRouteTheirFieldsWhenOpened) {
    LoadOptions options;
    options.x_field = "lon";
    options.y_field = "lat";
    SourceSet set(deposits(), options);
    set.open(data("deposits_xy.csv"));
    ASSERT_EQ(set.sources().size(), 1u);
    const Source &csv = set.sources()[0];
    ASSERT_NE(csv.layer, nullptr);
    EXPECT_EQ(csv.field_names, (std::vector<std::string>{"id", "name", "lon", "lat", "ore_mt"}));
    ASSERT_EQ(csv.gdal_targets.size(), 5u);
    EXPECT_EQ(csv.gdal_targets[2].kind, Target::Kind::x);
    EXPECT_EQ(csv.gdal_targets[3].kind, Target::Kind::y);
    EXPECT_EQ(csv.gdal_targets[4].kind, Target::Kind::column);
    Recorder sink;
    read_features(set.sources()[0], sink);
    EXPECT_EQ(sink.gdal, (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(LoadSource, ProjectedSourceGetsATransform) {
    LoadOptions options;
    SourceSet set(deposits(), options);
    set.open(data("deposits_3857_shp.shp"));
    ASSERT_EQ(set.sources().size(), 1u);
    EXPECT_TRUE(set.sources()[0].transform);
    EXPECT_FALSE(set.sources()[0].geographic_fields);
}

TEST(LoadSource, MissingFieldsAndFilesFailWhenOpened) {
    LoadOptions options;
    options.x_field = "longitude";
    options.y_field = "lat";
    SourceSet set(deposits(), options);
    EXPECT_EQ(error_of([&] { set.open(data("deposits_xy.csv")); }),
              data("deposits_xy.csv") +
                  ": the x_field option 'longitude': no such field (fields: id, name, lon, lat, ore_mt)");
    EXPECT_EQ(error_of([&] { set.open(data("deposits.geojson")); }),
              data("deposits.geojson") + ": the x_field option 'longitude': no such field (fields: id, name, name_local, "
                                         "ore_mt, licence, depth_m)");
    EXPECT_EQ(error_of([&] { set.open(data("no_such.geojson")); }), data("no_such.geojson") + ": no such file");
    EXPECT_TRUE(set.sources().empty());
}

TEST(LoadSource, FieldListNamesThirtyThenCounts) {
    std::vector<std::string> names;
    for (int i = 1; i <= 32; ++i)
        names.push_back("f" + std::to_string(i));
    const auto list = field_list(names);
    EXPECT_EQ(list.substr(0, 8), "f1, f2, ");
    EXPECT_TRUE(list.ends_with(", f30 and 2 more")) << list;
}

} // namespace
