#pragma once
// The two threads of a load. Parsing and validating a feature and inserting it cost about the
// same, so they overlap: a reading thread turns features into rows (or rejects) and hands them
// over in batches; the calling thread, which alone uses the store's connection, inserts them in
// order. Each thread's state is a type of its own (ReaderState, WriterState), touched by the
// other only after the reading thread has ended. Everything a feature's outcome depends on
// happens in file order on one of the two threads, so the rejects, errors and rowids are those
// of a load on one thread.
#include "depomap/load.hpp"
#include "depomap/schema.hpp"
#include "gdal/load/duplicates.hpp"
#include "gdal/load/feature.hpp"
#include "gdal/load/feature_decoder.hpp"
#include "gdal/load/source.hpp"
#include "gdal/load/validator.hpp"
#include "store/layer_writer.hpp"
#include "util/handoff.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace depomap::loading {

/// A feature ready to insert, and where it came from.
struct Parsed {
    Row row;
    std::size_t source = 0;
    std::int64_t index = 0;
    std::string id;
};

/// Rows handed from the reading thread to the inserting one; its buffers are reused.
struct Batch {
    std::vector<Parsed> items;
    std::size_t used = 0;
};
inline constexpr std::size_t batch_size = 512;
inline constexpr std::size_t batches_in_flight = 4;
using BatchHandoff = util::Handoff<Batch>;

/// Thrown on the reading thread when the inserting one has given up.
struct Cancelled {};

/// Everything the reading thread owns: it reads, decodes and validates every feature of every
/// source in order, hands the rows over in batches and keeps the rejects.
class ReaderState final : public FeatureSink {
  public:
    /// `locator` is null without LoadOptions::assign_country.
    ReaderState(const schema::Layer &layer, const LoadOptions &options,
                std::unique_ptr<CountryLocator> locator = nullptr);

    /// Reads every source into `handoff` (the last batch pushed, not finished). Throws Error
    /// for the load's error (a bad feature without skip_invalid, a source that fails), or
    /// Cancelled when the inserting thread gave up.
    void read_all(std::vector<Source> &sources, BatchHandoff &handoff);

    // Read once the thread has ended.
    std::int64_t read() const { return read_; }
    std::vector<Reject> &rejects() { return rejects_; }
    std::vector<std::size_t> &reject_sources() { return reject_sources_; }
    const CountryCheck &countries() const { return validator_.countries(); }

    void gdal_feature(Source &s, std::int64_t index, OGRFeature &feature) override;
    void json_feature(Source &s, std::int64_t index, std::string_view text) override;
    void progress(double fraction) override;

  private:
    template <typename Decode> void process(Source &s, std::int64_t index, Decode &&decode);
    void emit(std::int64_t index);
    void reject(const Source &s, std::int64_t index, const std::string &reason);

    const LoadOptions &options_;
    const std::size_t columns_;
    FeatureDecoder decoder_;
    FeatureValidator validator_;
    Feature feature_; ///< the feature being read
    std::int64_t read_ = 0;
    std::vector<Reject> rejects_;
    std::vector<std::size_t> reject_sources_; ///< the source of each of rejects_
    std::size_t source_number_ = 0;            ///< the source being read
    std::size_t source_count_ = 0;
    BatchHandoff *handoff_ = nullptr;
    Batch *batch_ = nullptr; ///< the batch being filled
};

/// Everything the inserting (calling) thread owns: it inserts the batches in order, keeps the
/// duplicates insert() refuses as rejects, and where each inserted row came from.
class WriterState {
  public:
    WriterState(LayerWriter &writer, const LoadOptions &options, const std::vector<Source> &sources)
        : writer_(writer), options_(options), sources_(sources) {}

    /// Inserts the rows of `batch`; throws Error for a duplicate without skip_invalid.
    void insert(const Batch &batch);

    std::int64_t inserted() const { return inserted_; }
    /// Rows refused as duplicates, with their source number.
    std::vector<std::pair<Reject, std::size_t>> &rejects() { return rejects_; }
    const RowOrigins &origins() const { return origins_; }

  private:
    void insert_blocks(const Batch &batch);

    LayerWriter &writer_;
    const LoadOptions &options_;
    const std::vector<Source> &sources_;
    std::int64_t inserted_ = 0;
    std::vector<std::pair<Reject, std::size_t>> rejects_;
    RowOrigins origins_;
};

/// Runs `reader` on a thread of its own over `sources` while this one inserts with `writer`.
/// A reading error reaches the caller after the batches before it are inserted; a failed
/// insert cancels the reader, and is thrown once it has stopped.
void read_and_insert(std::vector<Source> &sources, ReaderState &reader, WriterState &writer);

} // namespace depomap::loading
