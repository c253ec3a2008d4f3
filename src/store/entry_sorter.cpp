#include "store/entry_sorter.hpp"

#include "depomap/error.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <queue>

namespace depomap::loading {
namespace {

bool before(const Entry &a, const Entry &b) {
    return a.hilbert != b.hilbert ? a.hilbert < b.hilbert : a.rowid < b.rowid;
}

// Entries read back from a run at a time while the runs are merged: 4,096 (128 KiB). A run holds
// 32 MiB of entries by default, so a billion features make 1,000 runs and a 128 MiB merge.
constexpr std::size_t merge_block = 4096;

} // namespace

std::uint64_t hilbert_index(double lon, double lat) { return hilbert_index(lon, lat, {-180, -90, 180, 90}); }

std::uint64_t hilbert_index(double x_in, double y_in, const HilbertFrame &frame) {
    constexpr std::uint32_t n = 1u << 16;
    auto scale = [](double v, double lo, double hi) {
        // A frame without width (one point, a north-south line) and NaN map to its low edge.
        const double t = hi > lo && v > lo ? std::min((v - lo) / (hi - lo), 1.0) : 0.0;
        return static_cast<std::uint32_t>(t * (n - 1));
    };
    std::uint32_t x = scale(x_in, frame.min_x, frame.max_x), y = scale(y_in, frame.min_y, frame.max_y);
    std::uint64_t d = 0;
    for (std::uint32_t s = n / 2; s > 0; s /= 2) {
        const std::uint32_t rx = (x & s) ? 1 : 0;
        const std::uint32_t ry = (y & s) ? 1 : 0;
        d += static_cast<std::uint64_t>(s) * s * ((3 * rx) ^ ry);
        if (ry == 0) {
            if (rx == 1) {
                x = s - 1 - (x & (s - 1)) + (x & ~(s - 1));
                y = s - 1 - (y & (s - 1)) + (y & ~(s - 1));
                x &= n - 1;
                y &= n - 1;
            }
            std::swap(x, y);
        }
    }
    return d;
}

EntrySorter::EntrySorter(std::string spill_dir, std::size_t memory)
    : spill_dir_(std::move(spill_dir)), capacity_(std::max<std::size_t>(1, memory / sizeof(Entry))) {}

EntrySorter::~EntrySorter() {
    if (fd_ >= 0)
        ::close(fd_);
}

void EntrySorter::push(const Entry &entry) {
    if (buffer_.size() == capacity_)
        spill();
    buffer_.push_back(entry);
    ++size_;
}

void EntrySorter::sort_buffer() { std::sort(buffer_.begin(), buffer_.end(), before); }

void EntrySorter::spill() {
    if (fd_ < 0) {
        std::string name = (spill_dir_.empty() ? std::string(".") : spill_dir_) +
                           "/.depomap-sort-XXXXXX";
        fd_ = ::mkstemp(name.data());
        if (fd_ < 0) {
            throw Error(spill_dir_ + ": cannot create a temporary file to sort the spatial index: " +
                        std::strerror(errno));
        }
        ::unlink(name.c_str());
    }
    sort_buffer();
    const auto *bytes = reinterpret_cast<const char *>(buffer_.data());
    std::size_t left = buffer_.size() * sizeof(Entry);
    auto at = static_cast<off_t>(written_ * sizeof(Entry));
    while (left > 0) {
        const ssize_t n = ::pwrite(fd_, bytes, left, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            const int e = n < 0 ? errno : ENOSPC;
            throw Error(spill_dir_ + ": cannot write the spatial index's sort file: " +
                        std::strerror(e));
        }
        bytes += n;
        left -= static_cast<std::size_t>(n);
        at += n;
    }
    runs_.push_back({written_, buffer_.size()});
    written_ += buffer_.size();
    buffer_.clear();
}

void EntrySorter::drain(const std::function<void(const Entry &)> &visit) {
    if (runs_.empty()) {
        sort_buffer();
        for (const auto &e : buffer_)
            visit(e);
    } else {
        if (!buffer_.empty())
            spill();
        buffer_ = {};
        // Merge the runs: one cursor a run, a heap of cursors ordered by their current entry.
        struct Cursor {
            std::vector<Entry> block;
            std::size_t at = 0;
            std::uint64_t next, end; ///< entries of the run not yet read into `block`
        };
        std::vector<Cursor> cursors(runs_.size());
        const auto refill = [this](Cursor &c) {
            const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(merge_block, c.end - c.next));
            c.block.resize(n);
            c.at = 0;
            auto *bytes = reinterpret_cast<char *>(c.block.data());
            std::size_t left = n * sizeof(Entry);
            auto at = static_cast<off_t>(c.next * sizeof(Entry));
            while (left > 0) {
                const ssize_t r = ::pread(fd_, bytes, left, at);
                if (r < 0 && errno == EINTR)
                    continue;
                if (r <= 0) {
                    throw Error(spill_dir_ + ": cannot read the spatial index's sort file: " +
                                (r < 0 ? std::strerror(errno) : "unexpected end"));
                }
                bytes += r;
                left -= static_cast<std::size_t>(r);
                at += r;
            }
            c.next += n;
        };
        const auto later = [&cursors](std::size_t a, std::size_t b) {
            return before(cursors[b].block[cursors[b].at], cursors[a].block[cursors[a].at]);
        };
        std::priority_queue<std::size_t, std::vector<std::size_t>, decltype(later)> heap(later);
        for (std::size_t i = 0; i < runs_.size(); ++i) {
            cursors[i].next = runs_[i].offset;
            cursors[i].end = runs_[i].offset + runs_[i].count;
            refill(cursors[i]);
            heap.push(i);
        }
        while (!heap.empty()) {
            const std::size_t i = heap.top();
            heap.pop();
            auto &c = cursors[i];
            visit(c.block[c.at]);
            if (++c.at == c.block.size()) {
                if (c.next == c.end) {
                    c.block = {};
                    continue;
                }
                refill(c);
            }
            heap.push(i);
        }
        ::close(fd_); // the file was unlinked when it was made: this frees its space
        fd_ = -1;
    }
    buffer_ = {};
    runs_.clear();
    written_ = 0;
    size_ = 0;
}

} // namespace depomap::loading
