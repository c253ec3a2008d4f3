// The loader's feature decoder and validator on real files, without a store: a source's features
// decoded (GeoJSON text or GDAL features) and made rows, or refused with the reason.
#include "depomap/error.hpp"
#include "depomap/load.hpp"
#include "depomap/schema.hpp"
#include "gdal/load/feature_decoder.hpp"
#include "gdal/load/source.hpp"
#include "gdal/load/validator.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace {

using namespace depomap::loading;
using depomap::LoadOptions;
namespace schema = depomap::schema;

std::string data(const std::string &name) { return std::string(DEPOMAP_TEST_DATA_DIR) + "/" + name; }

/// Decodes and validates every feature of a source as the reading thread does.
struct Decoded final : FeatureSink {
    Decoded(const schema::Layer &layer, const LoadOptions &options)
        : layer(layer), decoder(layer, options), validator(layer, options) {}
    const schema::Layer &layer;
    FeatureDecoder decoder;
    FeatureValidator validator;
    Feature f;
    std::vector<Row> rows;
    std::vector<std::string> ids, extras, errors;

    void gdal_feature(Source &s, std::int64_t index, OGRFeature &feature) override {
        run(s, index, [&] { decoder.from_gdal(s, feature, f); });
    }
    void json_feature(Source &s, std::int64_t index, std::string_view text) override {
        run(s, index, [&] { decoder.from_geojson(s, text, f); });
    }
    void progress(double) override {}

    template <typename Decode> void run(Source &s, std::int64_t index, Decode &&decode) {
        f.clear(layer.columns.size());
        try {
            decode();
            validator.finish(s, index, f);
            ids.push_back(f.id);
            extras.push_back(f.row.extra);
            rows.push_back(f.row);
        } catch (const FeatureError &e) {
            errors.push_back(std::to_string(index) + ": " + e.what());
        } catch (const depomap::ParseError &e) {
            errors.push_back(std::to_string(index) + ": " + e.what());
        }
    }
};

/// `file`'s features decoded; `options` must outlive the answer.
std::unique_ptr<Decoded> decode(const std::string &file, const LoadOptions &options,
                                const char *layer = "deposits") {
    auto out = std::make_unique<Decoded>(*schema::find_layer(layer), options);
    SourceSet set(out->layer, options);
    set.open(data(file));
    for (auto &s : set.sources())
        read_features(s, *out);
    return out;
}

std::size_t column(std::string_view name) {
    const auto &layer = *schema::find_layer("deposits");
    return static_cast<std::size_t>(schema::find_column(layer, name) - layer.columns.data());
}

TEST(LoadDecode, GeoJsonAndGdalGiveTheSameRows) {
    const LoadOptions options;
    const auto json = decode("deposits.geojson", options);
    const auto gpkg = decode("deposits.gpkg", options);
    EXPECT_TRUE(json->errors.empty());
    EXPECT_TRUE(gpkg->errors.empty());
    ASSERT_EQ(json->ids.size(), 3u);
    EXPECT_EQ(json->ids, gpkg->ids);
    EXPECT_EQ(json->ids[0], "moscow");
    const Row &moscow = json->rows[0];
    EXPECT_DOUBLE_EQ(moscow.box.min_x, 37.6173);
    EXPECT_DOUBLE_EQ(moscow.box.min_y, 55.7558);
    EXPECT_FALSE(moscow.blob.empty());
    EXPECT_EQ(moscow.values[column("ore_mt")], depomap::sql::Value(1.5));
    EXPECT_EQ(moscow.values[column("name_local")], depomap::sql::Value("Москва"));
    // Fields without a column are kept in extra, whichever reader read them.
    EXPECT_EQ(nlohmann::json::parse(json->extras[0]), nlohmann::json::parse(R"({"licence":"MSK-001","depth_m":120})"));
    EXPECT_EQ(nlohmann::json::parse(gpkg->extras[0]), nlohmann::json::parse(json->extras[0]));
}

TEST(LoadDecode, IdsMadeFromTheSourceName) {
    const LoadOptions options;
    const auto d = decode("mapped.geojson", options);
    EXPECT_EQ(d->ids, (std::vector<std::string>{"mapped-1", "mapped-2"}));
}

TEST(LoadDecode, PointsFromFieldsAndTheSwappedHint) {
    LoadOptions options;
    options.x_field = "lon";
    options.y_field = "lat";
    const auto xy = decode("deposits_xy.csv", options);
    ASSERT_EQ(xy->rows.size(), 3u);
    EXPECT_DOUBLE_EQ(xy->rows[1].box.min_x, 116.0);
    EXPECT_DOUBLE_EQ(xy->rows[1].box.min_y, 71.05);
    // lon and lat are the geometry's, not extra's.
    EXPECT_EQ(xy->extras[0], "");
    const auto swapped = decode("bad/swapped.csv", options);
    EXPECT_EQ(swapped->ids, std::vector<std::string>{"good-1"});
    ASSERT_EQ(swapped->errors.size(), 1u);
    EXPECT_TRUE(swapped->errors[0].starts_with("2: ")) << swapped->errors[0];
    EXPECT_TRUE(swapped->errors[0].ends_with("(longitude and latitude swapped?)")) << swapped->errors[0];
}

TEST(LoadDecode, PolygonsAreValidatedByGeos) {
    const LoadOptions options;
    const auto d = decode("bad/bowtie.geojson", options, "reserve_areas");
    EXPECT_EQ(d->ids, std::vector<std::string>{"good-1"});
    ASSERT_EQ(d->errors.size(), 1u);
    EXPECT_TRUE(d->errors[0].starts_with("2: invalid polygon: Self-intersection")) << d->errors[0];
}

TEST(LoadDecode, ConformMakesTheLayersType) {
    const auto &points = *schema::find_layer("deposits");
    const auto &areas = *schema::find_layer("reserve_areas");
    const auto geometry = [](const char *wkt) {
        OGRGeometry *g = nullptr;
        OGRGeometryFactory::createFromWkt(wkt, nullptr, &g);
        return std::unique_ptr<OGRGeometry>(g);
    };
    EXPECT_EQ(wkbFlatten(conform(geometry("MULTIPOINT Z ((1 2 3))"), points)->getGeometryType()), wkbPoint);
    EXPECT_EQ(wkbFlatten(conform(geometry("POLYGON ((0 0,1 0,1 1,0 0))"), areas)->getGeometryType()),
              wkbMultiPolygon);
    try {
        conform(geometry("MULTIPOINT ((1 2),(3 4))"), points);
        FAIL() << "no error";
    } catch (const FeatureError &e) {
        EXPECT_STREQ(e.what(), "wrong geometry type Multi Point with several points for layer deposits "
                               "(expects Point)");
    }
    GeosValidator geos;
    EXPECT_NO_THROW(check_rings(*conform(geometry("POLYGON ((0 0,1 0,1 1,0 0))"), areas), geos));
    EXPECT_THROW(check_rings(*conform(geometry("POLYGON ((0 0,1 0,0 0))"), areas), geos), FeatureError);
}

TEST(LoadDecode, HasBareNonFinite) {
    EXPECT_TRUE(has_bare_non_finite(R"({"a": NaN})"));
    EXPECT_TRUE(has_bare_non_finite(R"([1, -Infinity])"));
    EXPECT_FALSE(has_bare_non_finite(R"({"name": "NaN"})"));
}

} // namespace
