// The loader's two threads by their state: ReaderState (reads, decodes, validates, hands rows
// over in batches, keeps the rejects), WriterState (inserts in order, notes where rows came
// from), and duplicate ids traced back to their feature (RowOrigins), on real files and stores.
#include "depomap/error.hpp"
#include "depomap/load.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"
#include "gdal/load/duplicates.hpp"
#include "gdal/load/pipeline.hpp"
#include "gdal/load/source.hpp"
#include "test_config.hpp"
#include "test_dir.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using namespace depomap::loading;
using depomap::LoadOptions;
using depomap::LoadReport;
using depomap::Reject;
using depomap::Store;
using depomap::test::error_of;
using depomap::test::test_dir;
namespace schema = depomap::schema;

std::string data(const std::string &name) { return std::string(DEPOMAP_TEST_DATA_DIR) + "/" + name; }
const schema::Layer &deposits() { return *schema::find_layer("deposits"); }

TEST(LoadPipeline, ReaderHandsRowsOverInFileOrderAndKeepsRejects) {
    LoadOptions options;
    options.skip_invalid = true;
    SourceSet set(deposits(), options);
    set.open(data("deposits.geojson"));
    set.open(data("bad/lat91.geojson"));
    ReaderState reader(deposits(), options);
    BatchHandoff handoff(batches_in_flight);
    reader.read_all(set.sources(), handoff); // on this thread: the few rows fit in one batch
    handoff.finish();
    std::vector<std::string> ids;
    std::vector<std::size_t> sources;
    while (Batch *batch = handoff.pop()) {
        for (std::size_t i = 0; i < batch->used; ++i) {
            ids.push_back(batch->items[i].id);
            sources.push_back(batch->items[i].source);
        }
        handoff.recycle(batch);
    }
    EXPECT_EQ(ids, (std::vector<std::string>{"moscow", "tomtor", "kvanefjeld", "good-1"}));
    EXPECT_EQ(sources, (std::vector<std::size_t>{0, 0, 0, 1}));
    EXPECT_EQ(reader.read(), 5);
    ASSERT_EQ(reader.rejects().size(), 1u);
    EXPECT_EQ(reader.rejects()[0].index, 2);
    EXPECT_EQ(reader.rejects()[0].id, "b2");
    EXPECT_EQ(reader.reject_sources(), std::vector<std::size_t>{1});
}

TEST(LoadPipeline, ReaderThrowsTheFirstBadFeatureWithoutSkipInvalid) {
    LoadOptions options;
    SourceSet set(deposits(), options);
    set.open(data("bad/lat91.geojson"));
    ReaderState reader(deposits(), options);
    BatchHandoff handoff(batches_in_flight);
    EXPECT_EQ(error_of([&] { reader.read_all(set.sources(), handoff); }),
              data("bad/lat91.geojson") +
                  ": feature 2 (id 'b2'): latitude 91 out of range [-90, 90] (longitude and latitude swapped?)");
}

TEST(LoadPipeline, ReaderStopsWhenTheWriterCancels) {
    LoadOptions options;
    SourceSet set(deposits(), options);
    set.open(data("deposits.geojson"));
    ReaderState reader(deposits(), options);
    BatchHandoff handoff(batches_in_flight);
    handoff.cancel();
    EXPECT_THROW(reader.read_all(set.sources(), handoff), Cancelled);
}

TEST(LoadPipeline, DuplicatesAreTracedToTheirFeature) {
    const auto path = (test_dir() / "s.sqlite").string();
    Store::create(path).close();
    Store store = Store::open(path, Store::Access::read_write);
    LoadOptions options;
    options.skip_invalid = true;
    SourceSet set(deposits(), options);
    set.open(data("bad/duplicate_ids.geojson"));
    depomap::sql::Transaction tx(store.db());
    LayerWriter writer(store.db(), deposits());
    ASSERT_TRUE(writer.ids_deferred()); // an empty layer: ids are checked at the end
    ReaderState reader(deposits(), options);
    WriterState inserter(writer, options, set.sources());
    read_and_insert(set.sources(), reader, inserter);
    EXPECT_EQ(inserter.inserted(), reader.read());
    LoadReport report;
    report.read = reader.read();
    report.inserted = inserter.inserted();
    std::vector<std::size_t> reject_sources;
    report_duplicates(writer.finish(), inserter.origins(), set.sources(), true, report, reject_sources);
    ASSERT_EQ(report.rejects.size(), 1u);
    EXPECT_EQ(report.rejects[0].index, 2);
    EXPECT_EQ(report.rejects[0].reason, "duplicate id 'good-1'");
    EXPECT_EQ(report.inserted, report.read - 1);
}

TEST(LoadPipeline, RowOriginsSkipTheFeaturesRejectedBeforeInsertion) {
    RowOrigins origins;
    // Source 0: features 1, 2, 4 inserted as rowids 1..3 (3 was rejected); source 1: feature 1
    // as rowid 4, then rowids jump (another load's rows between).
    origins.note(1, 0);
    origins.note(2, 0);
    origins.note(3, 0);
    origins.note(4, 1);
    origins.note(10, 1);
    const std::vector<Reject> rejects = {{"a", 3, "x", "bad"}};
    const std::vector<std::size_t> sources = {0};
    EXPECT_EQ(origins.origin(2, rejects, sources), (std::pair<std::size_t, std::int64_t>{0, 2}));
    EXPECT_EQ(origins.origin(3, rejects, sources), (std::pair<std::size_t, std::int64_t>{0, 4}));
    EXPECT_EQ(origins.origin(4, rejects, sources), (std::pair<std::size_t, std::int64_t>{1, 1}));
    EXPECT_EQ(origins.origin(10, rejects, sources), (std::pair<std::size_t, std::int64_t>{1, 2}));
    EXPECT_THROW(origins.origin(0, rejects, sources), depomap::Error);
}

} // namespace
