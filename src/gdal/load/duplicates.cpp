#include "gdal/load/duplicates.hpp"

#include "depomap/error.hpp"
#include "gdal/load/feature.hpp"

#include <algorithm>
#include <iterator>

namespace depomap::loading {

void RowOrigins::note(std::int64_t rowid, std::size_t source) {
    if (runs_.empty() || runs_.back().source != source || rowid != last_rowid_ + 1) {
        if (runs_.empty() || runs_.back().source != source)
            inserted_from_source_ = 0;
        runs_.push_back({rowid, source, inserted_from_source_});
    }
    last_rowid_ = rowid;
    ++inserted_from_source_;
}

std::pair<std::size_t, std::int64_t> RowOrigins::origin(std::int64_t rowid, std::span<const Reject> rejects,
                                                        std::span<const std::size_t> reject_sources) const {
    const auto run = std::ranges::upper_bound(runs_, rowid, {}, &Run::first_rowid);
    if (run == runs_.begin())
        throw Error("duplicate id in a row this load did not insert");
    const auto &r = *std::prev(run);
    std::vector<std::int64_t> skipped;
    for (std::size_t i = 0; i < rejects.size(); ++i) {
        if (reject_sources[i] == r.source)
            skipped.push_back(rejects[i].index);
    }
    std::ranges::sort(skipped);
    // The n-th (0-based) inserted feature is the n-th one not rejected.
    std::int64_t index = r.first_ordinal + (rowid - r.first_rowid) + 1;
    for (const auto s : skipped) {
        if (s > index)
            break;
        ++index;
    }
    return {r.source, index};
}

void report_duplicates(const std::vector<LayerWriter::Duplicate> &duplicates, const RowOrigins &origins,
                       const std::vector<Source> &sources, bool skip_invalid, LoadReport &report,
                       std::vector<std::size_t> &reject_sources) {
    const auto rejects_before = report.rejects.size();
    for (const auto &d : duplicates) {
        const auto [source_number, index] =
            origins.origin(d.rowid, std::span(report.rejects.data(), rejects_before),
                           std::span(reject_sources.data(), rejects_before));
        const auto &source = sources[source_number];
        if (!skip_invalid)
            throw feature_error(source.label, index, d.id, duplicate_reason(d.id));
        report.rejects.push_back({source.label, index, d.id, duplicate_reason(d.id)});
        reject_sources.push_back(source_number);
        --report.inserted;
    }
}

} // namespace depomap::loading
