#pragma once
// Duplicate ids traced back to their feature. While ids are checked only at the end of a load
// (LayerWriter::ids_deferred), a duplicate is found by its rowid; the feature it came from is
// known from runs of consecutive rowids per source, not a record per feature, so a load's memory
// does not grow with the file.
#include "depomap/load.hpp"
#include "gdal/load/source.hpp"
#include "store/layer_writer.hpp"

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace depomap::loading {

/// Where inserted rows came from (on the inserting thread).
class RowOrigins {
  public:
    /// Row `rowid` was inserted from source number `source` (the next of its features).
    void note(std::int64_t rowid, std::size_t source);

    /// The source number and 1-based feature index of the inserted row `rowid`, given the
    /// features rejected before insertion (`rejects`, and the source number of each).
    /// Throws Error for a rowid this load did not insert.
    std::pair<std::size_t, std::int64_t> origin(std::int64_t rowid, std::span<const Reject> rejects,
                                                std::span<const std::size_t> reject_sources) const;

  private:
    /// Consecutive rowids from one source.
    struct Run {
        std::int64_t first_rowid;
        std::size_t source;
        std::int64_t first_ordinal; ///< how many rows of the source were inserted before it
    };
    std::vector<Run> runs_;
    std::int64_t last_rowid_ = 0;
    std::int64_t inserted_from_source_ = 0;
};

/// The duplicates LayerWriter::finish found, as rejects of `report` (each with its source
/// number in `reject_sources`, one less inserted), or, without skip_invalid, the load's error
/// "FILE: feature N (id 'ID'): duplicate id 'ID'" for the first.
void report_duplicates(const std::vector<LayerWriter::Duplicate> &duplicates, const RowOrigins &origins,
                       const std::vector<Source> &sources, bool skip_invalid, LoadReport &report,
                       std::vector<std::size_t> &reject_sources);

} // namespace depomap::loading
