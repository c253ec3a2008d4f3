#include "gdal/load/pipeline.hpp"

#include "depomap/error.hpp"
#include "util/crash_note.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <thread>

namespace depomap::loading {

// ---- the reading thread --------------------------------------------------------------------

ReaderState::ReaderState(const schema::Layer &layer, const LoadOptions &options,
                         std::unique_ptr<CountryLocator> locator)
    : options_(options), columns_(layer.columns.size()), decoder_(layer, options),
      validator_(layer, options, std::move(locator)) {}

void ReaderState::read_all(std::vector<Source> &sources, BatchHandoff &handoff) {
    handoff_ = &handoff;
    source_count_ = sources.size();
    for (std::size_t i = 0; i < sources.size(); ++i) {
        auto &source = sources[i];
        source_number_ = i;
        util::note_reading(source.path);
        read_features(source, *this);
        if (read_ > 0) {
            if (const auto missing = source.router->unseen_map_sources(); !missing.empty()) {
                throw Error(source.label + ": " + option_ref("field_map") + ": no feature has a field '" +
                            missing.front() + "'");
            }
        }
    }
    util::note_reading({});
    if (batch_)
        handoff_->push(std::exchange(batch_, nullptr));
}

void ReaderState::gdal_feature(Source &s, std::int64_t index, OGRFeature &feature) {
    process(s, index, [&] { decoder_.from_gdal(s, feature, feature_); });
}

void ReaderState::json_feature(Source &s, std::int64_t index, std::string_view text) {
    process(s, index, [&] { decoder_.from_geojson(s, text, feature_); });
}

void ReaderState::progress(double fraction) {
    if (options_.progress) {
        options_.progress((static_cast<double>(source_number_) + std::min(1.0, fraction)) /
                          static_cast<double>(source_count_));
    }
}

/// Runs `decode` for one feature, then validates it and hands it over for insertion, or
/// records the reject.
template <typename Decode> void ReaderState::process(Source &s, std::int64_t index, Decode &&decode) {
    ++read_;
    feature_.clear(columns_);
    try {
        decode();
        validator_.finish(s, index, feature_);
        emit(index);
    } catch (const FeatureError &e) {
        reject(s, index, e.what());
    } catch (const ParseError &e) {
        reject(s, index, e.what());
    }
}

/// Hands the finished feature's row over (taking a used row's buffers in exchange).
void ReaderState::emit(std::int64_t index) {
    if (!batch_) {
        batch_ = handoff_->take_empty();
        if (!batch_)
            throw Cancelled{};
        batch_->used = 0;
    }
    if (batch_->used == batch_->items.size())
        batch_->items.emplace_back();
    Parsed &p = batch_->items[batch_->used++];
    std::swap(p.row, feature_.row);
    p.source = source_number_;
    p.index = index;
    p.id = feature_.id;
    if (batch_->used == batch_size)
        handoff_->push(std::exchange(batch_, nullptr));
}

void ReaderState::reject(const Source &s, std::int64_t index, const std::string &reason) {
    // A feature may fail before its id was checked: name it by what it carried.
    auto &id = feature_.id;
    if (const auto *text = std::get_if<std::string>(&feature_.row.values[0]); id.empty() && text)
        id = *text;
    if (!options_.skip_invalid)
        throw feature_error(s.label, index, id, reason);
    rejects_.push_back({s.label, index, id, reason});
    reject_sources_.push_back(source_number_);
}

// ---- the inserting thread ------------------------------------------------------------------

void WriterState::insert(const Batch &batch) {
    if (writer_.ids_deferred())
        return insert_blocks(batch);
    for (std::size_t i = 0; i < batch.used; ++i) {
        const Parsed &p = batch.items[i];
        if (writer_.insert(p.row) == LayerWriter::Outcome::duplicate) {
            const Source &s = sources_[p.source];
            if (!options_.skip_invalid)
                throw feature_error(s.label, p.index, p.id, duplicate_reason(p.id));
            rejects_.push_back({{s.label, p.index, p.id, duplicate_reason(p.id)}, p.source});
            continue;
        }
        ++inserted_;
    }
}

/// insert() while ids are checked only at the end: no row can be refused, so rows go in by
/// blocks of LayerWriter::block_rows, and where each came from is noted for duplicates.
void WriterState::insert_blocks(const Batch &batch) {
    std::array<const Row *, LayerWriter::block_rows> block{};
    for (std::size_t at = 0; at < batch.used; at += block.size()) {
        const std::size_t n = std::min(block.size(), batch.used - at);
        for (std::size_t i = 0; i < n; ++i)
            block[i] = &batch.items[at + i].row;
        const std::int64_t first = writer_.insert_block(std::span(block.data(), n));
        for (std::size_t i = 0; i < n; ++i)
            origins_.note(first + static_cast<std::int64_t>(i), batch.items[at + i].source);
        inserted_ += static_cast<std::int64_t>(n);
    }
}

// ---- both ----------------------------------------------------------------------------------

void read_and_insert(std::vector<Source> &sources, ReaderState &reader, WriterState &writer) {
    BatchHandoff handoff(batches_in_flight);
    std::thread reading([&] {
        const util::CrashStack crash_stack;
        try {
            reader.read_all(sources, handoff);
            handoff.finish();
        } catch (const Cancelled &) {
            handoff.finish();
        } catch (...) {
            handoff.fail(std::current_exception());
        }
    });
    try {
        while (Batch *batch = handoff.pop()) {
            writer.insert(*batch);
            handoff.recycle(batch);
        }
    } catch (...) {
        handoff.cancel();
        reading.join();
        throw;
    }
    reading.join();
}

} // namespace depomap::loading
