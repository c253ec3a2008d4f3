#pragma once
// The answer of `nearest` in its three forms: a table (the aligned table and JSON of
// depomap/table.hpp), a CSV streamed block by block as query::nearest_each hands the answers
// over, and a streamed layer of supply links (the geodesic line from -> to of every pair) for
// the GDAL layer writer. The columns and their rounding are the same in all three.
#include "depomap/query.hpp"
#include "depomap/table.hpp"

#include <condition_variable>
#include <exception>
#include <future>
#include <memory>
#include <mutex>
#include <ostream>
#include <span>
#include <string>
#include <thread>
#include <vector>

namespace depomap {
class Store;
}

namespace depomap::output {

/// The direction from one feature to another as an answer holds it, to hundredths of a degree:
/// the azimuth (-180..180, clockwise from north), or with `bearings` a bearing (0 <= b < 360),
/// rounded before it is moved into that range, so that -0.001 is 0.00, never 360.00.
double answer_direction(double azimuth_deg, bool bearings);

/// The name of the direction column: bearing_deg with `bearings`, else azimuth_deg.
const char *direction_column(bool bearings);

/// The columns of the nearest answer: from_id, to_id, rank, distance_m, from_name, to_name,
/// distance_km, the direction, from_lon, from_lat, to_lon, to_lat.
std::vector<std::string> nearest_columns(bool bearings);

/// A pair as a row of the answer: the CSV's columns, rounded as the CSV has them (distance_m to
/// millimetres, distance_km to metres, the direction to hundredths of a degree).
std::vector<Cell> nearest_row(const query::Feature &from, const query::Feature &to, const query::Pair &pair,
                              bool bearings);

/// The whole answer as a table.
Table nearest_table(const query::NearestResult &result, bool bearings);

/// The nearest answer as CSV (RFC 4180), written as query::nearest_each hands it over, a block at
/// a time: each block's rows are formatted on `threads` cores (0: every core; formatting a
/// million rows costs more than finding them), then written by a helper thread while the query
/// goes on; the next block waits only for that write. No table in memory, no string per field.
/// The header goes out with the first block, so that a query that fails at once writes nothing.
class NearestCsvWriter {
  public:
    NearestCsvWriter(std::ostream &out, unsigned threads, bool bearings);
    NearestCsvWriter(const NearestCsvWriter &) = delete;
    NearestCsvWriter &operator=(const NearestCsvWriter &) = delete;
    ~NearestCsvWriter();

    /// A block of answers: query::NearestSink.
    void operator()(const query::NearestBlock &block);
    /// Waits for the last write; rethrows its failure.
    void finish();
    /// Back to before the first block (the header included), once the writes are done: for a
    /// sink that takes back what it got (query::nearest_each's `restart`).
    void restart();

    /// A part of a block's CSV: room for its longest possible rows, allocated uninitialised and
    /// kept from block to block, so that only the bytes written touch memory (a string grown by
    /// resize() zero-filled its room and copied itself at each doubling: a third of the query's
    /// page faults).
    struct Rows {
        std::unique_ptr<char[]> data;
        std::size_t capacity = 0;
        std::size_t size = 0; ///< bytes of rows
    };

  private:
    void format_to_fields(std::span<const query::Feature> to);

    std::ostream &out_;
    unsigned threads_;
    bool bearings_;
    bool started_ = false;
    /// Per NearestOptions::to feature, its fields as the rows write them (id, name and
    /// "lon,lat"), one record after the other in `to_text_`, which starts at to_start_[i]: a
    /// row's site is one read from one place, not three strings from three places (at random
    /// among thousands, those reads were most of the formatting's cost).
    std::string to_text_;
    std::vector<std::size_t> to_start_;
    std::vector<Rows> buffers_[2];
    int current_ = 0;
    std::future<void> writing_; ///< of the other set of buffers
};

/// The nearest answer as a streamed layer of supply links (style supply_links): the CSV's columns,
/// each pair as the geodesic line from -> to, densified every 25 km and cut at the antimeridian,
/// so that QGIS draws the links as they run on the globe. query::nearest_each runs on a thread of
/// its own (started by the first row asked for, so that a refused output costs no search) and
/// hands each block over to the writer, waiting until it has taken every row: no block is copied
/// and the answer is never held whole. A failed query is rethrown to the writer; a writer that
/// stops early (or the object's end) stops the query.
class NearestLinks {
  public:
    /// `store` and `options` must outlive this object.
    NearestLinks(Store &store, const query::NearestOptions &options, bool bearings);
    NearestLinks(const NearestLinks &) = delete;
    NearestLinks &operator=(const NearestLinks &) = delete;
    ~NearestLinks();

    /// The layer; its `next` reads this object's rows (once).
    query::AnswerLayer layer();
    /// Whether the layer to measure to had no feature (known once every row was taken).
    bool no_to() const;

  private:
    struct Stopped {};
    bool next(std::vector<Cell> &row, std::vector<std::vector<geo::LonLat>> &geometry);
    void run();
    void hand_over(const query::NearestBlock &block);

    Store &store_;
    const query::NearestOptions &options_;
    bool bearings_;
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    const query::NearestBlock *block_ = nullptr; ///< handed over, rows left from at_
    std::size_t at_ = 0;
    bool done_ = false, stopped_ = false, no_to_ = false;
    std::exception_ptr failure_;
    std::thread query_;
};

} // namespace depomap::output
