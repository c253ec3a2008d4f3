#pragma once
// Sorts a load's R*Tree entries into Hilbert order in bounded memory: entries gather in a
// buffer of fixed size; a full buffer is sorted and written as a run to an unlinked temporary
// file, and the runs are merged when the entries are drained. A load that fits in the buffer
// never touches the disk.
#include "store/rtree_packer.hpp"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace depomap::loading {

/// One R*Tree entry: the row's position on the Hilbert curve, its rowid and its box.
struct Entry {
    std::uint64_t hilbert;
    std::int64_t rowid;
    FloatBox box;
};

/// The rectangle a Hilbert curve covers: a layer's extent in its own coordinates.
struct HilbertFrame {
    double min_x, min_y, max_x, max_y;
};

/// Position on a Hilbert curve of order 16 over `frame`: neighbours on the curve are neighbours on
/// the map, so R*Tree nodes fill page by page. A point outside the frame counts as on its edge.
std::uint64_t hilbert_index(double x, double y, const HilbertFrame &frame);

/// The same over the lon/lat plane.
std::uint64_t hilbert_index(double lon, double lat);

class EntrySorter {
  public:
    /// Default buffer: 32 MiB of entries (1,048,576).
    static constexpr std::size_t default_memory = std::size_t{32} << 20;

    /// Runs go to a temporary file in `spill_dir`, removed from the folder as soon as it is
    /// created (the space is freed when the sorter goes, even after a crash). `memory` bytes
    /// of entries are kept before a run is written (at least one entry).
    EntrySorter(std::string spill_dir, std::size_t memory = default_memory);
    ~EntrySorter();
    EntrySorter(const EntrySorter &) = delete;
    EntrySorter &operator=(const EntrySorter &) = delete;

    void push(const Entry &entry);
    std::uint64_t size() const { return size_; }
    /// How many runs went to disk so far.
    std::size_t runs() const { return runs_.size(); }

    /// Calls `visit` with every entry in (hilbert, rowid) order, then empties the sorter.
    void drain(const std::function<void(const Entry &)> &visit);

  private:
    struct Run {
        std::uint64_t offset; ///< in entries
        std::uint64_t count;
    };
    void spill();
    void sort_buffer();
    std::string spill_dir_;
    std::size_t capacity_;
    std::vector<Entry> buffer_;
    std::vector<Run> runs_;
    int fd_ = -1;
    std::uint64_t written_ = 0; ///< entries in the spill file
    std::uint64_t size_ = 0;
};

} // namespace depomap::loading
