#include "command.hpp"
#include "output.hpp"

#include "depomap/antimeridian.hpp"
#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "depomap/store.hpp"
#include "depomap/table.hpp"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <exception>
#include <future>
#include <memory>
#include <ostream>
#include <span>
#include <system_error>
#include <thread>
#include <vector>

namespace depomap::cli {
namespace {

/// Writes `value` with `Decimals` digits after the point at `out` (64 bytes of room) and returns
/// the end. The value is rounded to an integer number of units and printed as one, several times
/// faster than formatting the double itself; the digits are the correctly rounded ones except
/// when the value lies within a rounding error (1e-16 of itself) of a tie between two last
/// digits, where either is as good. -0 prints as 0. Values of 1e15 units or more (no coordinate,
/// distance or azimuth comes near) get the shortest exact form instead. The number of decimals
/// is a constant so that the divisions by its power of ten compile to multiplications.
template <int Decimals> char *append_fixed(char *out, double value) {
    static_assert(Decimals >= 0 && Decimals <= 8);
    constexpr std::uint64_t scale = [] {
        std::uint64_t p = 1;
        for (int d = 0; d < Decimals; ++d) p *= 10;
        return p;
    }();
    const double units_exact = value * static_cast<double>(scale);
    if (!(std::abs(units_exact) < 1e15)) return std::to_chars(out, out + 64, value).ptr;
    // Rounded to the nearest integer, ties to even, as nearbyint does but without a call: below
    // 2^51 in magnitude, adding 1.5 * 2^52 leaves no bit below the units.
    constexpr double round_bias = 6755399441055744.0;
    const double scaled = (units_exact + round_bias) - round_bias;
    std::uint64_t units = static_cast<std::uint64_t>(std::abs(scaled));
    if (scaled < 0) *out++ = '-';
    out = std::to_chars(out, out + 24, units / scale).ptr;
    if constexpr (Decimals > 0) {
        // The decimals two at a time from a table, from the last one back.
        static constexpr char pairs[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                                        "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                                        "8081828384858687888990919293949596979899";
        *out = '.';
        units %= scale;
        int d = Decimals;
        for (; d >= 2; d -= 2) {
            const auto two = static_cast<std::size_t>(units % 100) * 2;
            out[d - 1] = pairs[two];
            out[d] = pairs[two + 1];
            units /= 100;
        }
        if (d == 1) out[1] = static_cast<char>('0' + units);
        out += Decimals + 1;
    }
    return out;
}

/// An azimuth (-180..180, clockwise from north) as a bearing, 0 <= b < 360, at hundredths of a
/// degree: rounded first, so that -0.001 is 0.00, never 360.00.
double bearing(double azimuth_deg) {
    double b = std::round(azimuth_deg * 100.0) / 100.0;
    if (b < 0) b += 360.0;
    return b >= 360.0 ? b - 360.0 : b;
}

class NearestCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        app.add_option("--from", options_.from,
                       "layer to start from: a store layer, or any GDAL source (FILE, FILE|layername=L, .zip, "
                       ".gz, /vsizip/..., http(s)://...) read in place")
            ->capture_default_str();
        app.add_option("--to", options_.to, "layer to look in: a store layer or any GDAL source")->capture_default_str();
        app.add_option("-k", k_, "how many nearest per feature")->capture_default_str();
        app.add_option("--max-km", max_km_, "only pairs at most this far apart (km)");
        add_store_where_option(app, where_);
        app.add_option("--to-where", to_where_, "SQL filter on --to (e.g. \"stage = 'separation'\")");
        add_answer_format_option(app, format_, AnswerLayers::links);
        output_.add(app);
        app.add_option("-j,--threads", options_.threads, "threads (default: every core)");
        add_bearing_option(app, bearing_);
    }

    int run(Context &ctx) override {
        if (!is_layer_format(format_) && format_ != "table" && format_ != "csv" && format_ != "json") {
            throw UsageError("-f '" + format_ + "': unknown format (table, csv, json, geojson, gpkg, shp, fgb, kml)");
        }
        if (k_ < 1) throw UsageError("-k must be at least 1");
        options_.k = static_cast<std::size_t>(k_);
        if (max_km_) options_.max_m = *max_km_ * 1000.0;
        if (!where_.empty()) options_.where = where_;
        if (!to_where_.empty()) options_.to_where = to_where_;
        auto store = Store::open(db_, Store::Access::read_only);
        const auto inputs = source_inputs({options_.from, options_.to});
        bool no_to = false;
        if (format_ == "csv") {
            // Streamed: rows are written while later ones are still being searched.
            Output output(ctx.out, output_, db_, inputs);
            CsvWriter csv(output.stream(), options_.threads, bearing_);
            const query::NearestSink sink = [&](const query::NearestBlock &b) {
                no_to = b.to.empty();
                csv(b);
            };
            if (output.can_rewind()) {
                // A file can take back what it got: no need to make sure first that the rows
                // will come in order.
                query::nearest_each(store, options_, sink, [&] {
                    csv.restart();
                    output.rewind();
                });
            } else {
                query::nearest_each(store, options_, sink);
            }
            csv.finish();
            output.close();
        } else if (is_layer_format(format_)) {
            // Before the query, so that a missing -o costs no search.
            if (format_ != "geojson" && output_.path.empty()) {
                throw UsageError("-f " + format_ + " writes a file: give -o PATH");
            }
            // Streamed through export's one output path, to -o FILE or (GeoJSON) standard output.
            LinkRows rows(store, options_, bearing_);
            write_answer_layer(rows.layer(), format_, output_, db_, inputs, &ctx.out);
            no_to = rows.no_to();
        } else {
            const auto result = query::nearest(store, options_);
            no_to = result.to.empty();
            Output output(ctx.out, output_, db_, inputs);
            write_table(output.stream(), to_table(result, bearing_), parse_table_format(format_));
            output.close();
        }
        return finish(ctx, no_to);
    }

  private:
    int finish(Context &ctx, bool no_to) const {
        if (!ctx.quiet && no_to) {
            ctx.err << "note: layer " << options_.to << " has no feature to measure to\n";
        }
        return 0;
    }

    static std::vector<std::string> columns(bool bearings) {
        return {"from_id",     "to_id",      "rank",       "distance_m", "from_name", "to_name",
                "distance_km", direction_column(bearings), "from_lon",   "from_lat",  "to_lon", "to_lat"};
    }

    /// A pair as a row of the answer: the CSV's columns, rounded as the CSV has them.
    static std::vector<Cell> row_of(const query::Feature &a, const query::Feature &b, const query::Pair &p,
                                    bool bearings) {
        return {a.id,
                b.id,
                static_cast<std::int64_t>(p.rank),
                std::round(p.distance_m * 1000.0) / 1000.0,
                a.name,
                b.name,
                std::round(p.distance_m) / 1000.0,
                direction(p.azimuth_deg, bearings),
                a.position.lon,
                a.position.lat,
                b.position.lon,
                b.position.lat};
    }

    static Table to_table(const query::NearestResult &r, bool bearings) {
        Table t;
        t.columns = columns(bearings);
        for (const auto &p : r.pairs) t.rows.push_back(row_of(r.from[p.from], r.to[p.to], p, bearings));
        return t;
    }

    /// The answer as a streamed layer of supply links: the CSV's columns, each pair as the
    /// geodesic line from -> to, densified every 25 km and cut at the antimeridian so that QGIS
    /// draws the links as they run on the globe. query::nearest_each runs on a thread of its own
    /// (started by the first row asked for, so that a refused output costs no search) and hands
    /// each block over to the writer, waiting until it has taken every row: no block is copied
    /// and the answer is never held whole. A failed query is rethrown to the writer; a writer
    /// that fails stops the query.
    class LinkRows {
      public:
        LinkRows(Store &store, const query::NearestOptions &options, bool bearings)
            : store_(store), options_(options), bearings_(bearings) {}
        LinkRows(const LinkRows &) = delete;
        LinkRows &operator=(const LinkRows &) = delete;
        ~LinkRows() {
            {
                const std::lock_guard lock(mutex_);
                stopped_ = true;
            }
            changed_.notify_all();
            if (query_.joinable()) query_.join();
        }

        query::AnswerLayer layer() {
            query::AnswerLayer layer;
            layer.name = layer.style = "supply_links";
            layer.columns = columns(bearings_);
            layer.types = {schema::ColumnType::text, schema::ColumnType::text, schema::ColumnType::integer};
            layer.types.resize(layer.columns.size(), schema::ColumnType::real);
            layer.types[4] = layer.types[5] = schema::ColumnType::text; // from_name, to_name
            layer.shape = query::AnswerLayer::Shape::line;
            layer.next = [this](std::vector<Cell> &row, std::vector<std::vector<geo::LonLat>> &geometry) {
                return next(row, geometry);
            };
            return layer;
        }

        /// Whether --to had no feature (known once every row was taken).
        bool no_to() const {
            const std::lock_guard lock(mutex_);
            return no_to_;
        }

      private:
        struct Stopped {};

        bool next(std::vector<Cell> &row, std::vector<std::vector<geo::LonLat>> &geometry) {
            std::unique_lock lock(mutex_);
            if (!query_.joinable()) query_ = std::thread([this] { run(); });
            changed_.wait(lock, [&] { return block_ || done_; });
            if (!block_) {
                if (failure_) std::rethrow_exception(std::exchange(failure_, nullptr));
                return false;
            }
            const auto &p = block_->pairs[at_];
            const auto &a = block_->from[p.from];
            const auto &b = block_->to[p.to];
            row = row_of(a, b, p, bearings_);
            geometry = geo::split_at_antimeridian(geo::densify(a.position, b.position, 25000.0));
            if (++at_ == block_->pairs.size()) {
                block_ = nullptr; // the query may let it go
                changed_.notify_all();
            }
            return true;
        }

        void run() {
            std::exception_ptr failure;
            try {
                query::nearest_each(store_, options_, [this](const query::NearestBlock &b) { hand_over(b); });
            } catch (const Stopped &) {
            } catch (...) {
                failure = std::current_exception();
            }
            const std::lock_guard lock(mutex_);
            failure_ = failure;
            done_ = true;
            changed_.notify_all();
        }

        /// On the query's sink thread: gives `b` to the writer and waits until it took it all.
        void hand_over(const query::NearestBlock &b) {
            std::unique_lock lock(mutex_);
            no_to_ = b.to.empty();
            if (b.pairs.empty()) return;
            block_ = &b;
            at_ = 0;
            changed_.notify_all();
            changed_.wait(lock, [&] { return !block_ || stopped_; });
            if (block_) {
                block_ = nullptr;
                throw Stopped{};
            }
        }

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

    static const char *direction_column(bool bearings) { return bearings ? "bearing_deg" : "azimuth_deg"; }
    /// The direction from `from` to `to` as the column holds it, to hundredths of a degree.
    static double direction(double azimuth_deg, bool bearings) {
        return bearings ? bearing(azimuth_deg) : std::round(azimuth_deg * 100.0) / 100.0;
    }

    // The CSV as query::nearest_each hands the answers over, a block at a time: each block's rows
    // are formatted on every core (formatting a million rows costs more than finding them), then
    // written by a helper thread while the query goes on; the next block waits only for that
    // write. No table in memory, no string per field.
    /// A part of a block's CSV: room for its longest possible rows, allocated uninitialised
    /// and kept from block to block, so that only the bytes written touch memory (a string
    /// grown by resize() zero-filled its room and copied itself at each doubling: a third of
    /// the query's page faults).
    struct Rows {
        std::unique_ptr<char[]> data;
        std::size_t capacity = 0;
        std::size_t size = 0; ///< bytes of rows
    };

    class CsvWriter {
      public:
        CsvWriter(std::ostream &out, unsigned threads, bool bearings)
            : out_(out), threads_(threads ? threads : std::max(1u, std::thread::hardware_concurrency())),
              bearings_(bearings) {}
        CsvWriter(const CsvWriter &) = delete;
        CsvWriter &operator=(const CsvWriter &) = delete;
        ~CsvWriter() {
            if (writing_.valid()) writing_.wait();
        }

        void operator()(const query::NearestBlock &b) {
            if (!started_) {
                // With the first answers (there is always a first call), so that a query that
                // fails at once writes nothing.
                out_ << "from_id,to_id,rank,distance_m,from_name,to_name,distance_km," << direction_column(bearings_)
                     << ",from_lon,from_lat,to_lon,to_lat\n";
                format_to_coordinates(b.to);
                started_ = true;
            }
            const std::size_t n = b.pairs.size();
            // Parts of at least a few thousand rows: a thread costs more than a small part.
            const auto parts = static_cast<unsigned>(std::clamp<std::size_t>(n / 4096, 1, threads_));
            auto &set = buffers_[current_];
            set.resize(parts);
            run_parallel(parts, [&](unsigned t) {
                format_csv_rows(b, to_xy_, n * t / parts, n * (t + 1) / parts, bearings_, set[t]);
            });
            finish();
            // Deferred (written at the next finish(), before this set is formatted again) only
            // when no thread can be started.
            writing_ = std::async(std::launch::async | std::launch::deferred, [this, &set] {
                for (const Rows &rows : set) out_.write(rows.data.get(), static_cast<std::streamsize>(rows.size));
            });
            current_ ^= 1;
        }

        /// Waits for the last write; rethrows its failure.
        void finish() {
            if (writing_.valid()) writing_.get();
        }

        /// Back to before the first block (the header included), once the writes are done.
        void restart() {
            finish();
            started_ = false;
        }

      private:
        // The last two fields of a row depend only on its --to feature: formatted once each.
        void format_to_coordinates(std::span<const query::Feature> to) {
            to_xy_.resize(to.size());
            for (std::size_t i = 0; i < to.size(); ++i) {
                char text[160];
                char *end = append_fixed<7>(text, to[i].position.lon);
                *end++ = ',';
                end = append_fixed<7>(end, to[i].position.lat);
                to_xy_[i].assign(text, end);
            }
        }

        std::ostream &out_;
        unsigned threads_;
        bool bearings_;
        bool started_ = false;
        std::vector<std::string> to_xy_;
        std::vector<Rows> buffers_[2];
        int current_ = 0;
        std::future<void> writing_; // of the other set of buffers
    };

    // Runs body(0) here and body(1..threads-1) on helper threads; rethrows the first exception.
    // A helper that cannot be started runs here instead.
    template <class Body> static void run_parallel(unsigned threads, const Body &body) {
        std::vector<std::exception_ptr> errors(threads);
        const auto guarded = [&](unsigned t) {
            try {
                body(t);
            } catch (...) {
                errors[t] = std::current_exception();
            }
        };
        std::vector<std::thread> helpers;
        unsigned started = 1;
        try {
            for (; started < threads; ++started) helpers.emplace_back(guarded, started);
        } catch (const std::system_error &) {
        }
        for (unsigned t = started; t < threads; ++t) guarded(t);
        guarded(0);
        for (auto &helper : helpers) helper.join();
        for (const auto &error : errors) {
            if (error) std::rethrow_exception(error);
        }
    }

    // Rows [begin, end) of the CSV into `rows` (replacing what it held). Each row is written
    // through a pointer into room reserved for its longest possible form: appending field by
    // field to a std::string cost three times as much as the numbers themselves.
    static void format_csv_rows(const query::NearestBlock &r, const std::vector<std::string> &to_xy,
                                std::size_t begin, std::size_t end, bool bearings, Rows &rows) {
        // A text field, quoted when it holds a comma, a quote or a line break (RFC 4180); at
        // most 2 * size + 2 bytes.
        const auto text = [](char *out, const std::string &value) {
            // One pass; find_first_of would call memchr on the four specials for every byte.
            const auto special = [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; };
            if (std::none_of(value.begin(), value.end(), special)) {
                return std::copy(value.begin(), value.end(), out);
            }
            *out++ = '"';
            for (char c : value) {
                if (c == '"') *out++ = '"';
                *out++ = c;
            }
            *out++ = '"';
            return out;
        };
        constexpr std::size_t numbers_room = 8 * 64; // rank and seven numbers, with commas
        const auto room = [&](const query::Pair &p) {
            const auto &a = r.from[p.from];
            const auto &b = r.to[p.to];
            return numbers_room + 2 * (a.id.size() + b.id.size() + a.name.size() + b.name.size()) + 16;
        };
        std::size_t needed = 0;
        for (std::size_t i = begin; i < end; ++i) needed += room(r.pairs[i]);
        if (rows.capacity < needed) {
            rows.data = std::make_unique_for_overwrite<char[]>(needed);
            rows.capacity = needed;
        }
        std::size_t used = 0;
        for (std::size_t i = begin; i < end; ++i) {
            const auto &p = r.pairs[i];
            const auto &a = r.from[p.from];
            const auto &b = r.to[p.to];
            char *const first = rows.data.get() + used;
            char *out = first;
            out = text(out, a.id);
            *out++ = ',';
            out = text(out, b.id);
            *out++ = ',';
            out = std::to_chars(out, out + 16, p.rank).ptr;
            *out++ = ',';
            out = append_fixed<3>(out, p.distance_m);
            *out++ = ',';
            out = text(out, a.name);
            *out++ = ',';
            out = text(out, b.name);
            *out++ = ',';
            out = append_fixed<3>(out, p.distance_m / 1000.0);
            *out++ = ',';
            out = append_fixed<2>(out, bearings ? bearing(p.azimuth_deg) : p.azimuth_deg);
            *out++ = ',';
            out = append_fixed<7>(out, a.position.lon);
            *out++ = ',';
            out = append_fixed<7>(out, a.position.lat);
            *out++ = ',';
            const std::string &xy = to_xy[p.to];
            out = std::copy(xy.begin(), xy.end(), out);
            *out++ = '\n';
            used += static_cast<std::size_t>(out - first);
        }
        rows.size = used;
    }

    std::string db_, format_ = "table", where_, to_where_;
    OutputOption output_;
    std::optional<double> max_km_;
    long long k_ = 1;
    bool bearing_ = false;
    query::NearestOptions options_;
};

} // namespace

std::unique_ptr<Command> make_nearest() { return std::make_unique<NearestCommand>(); }

} // namespace depomap::cli
