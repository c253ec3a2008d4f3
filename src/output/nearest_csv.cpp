#include "output/nearest_answer.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <system_error>

namespace depomap::output {
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

// The first and the last Size bytes of [from, from + n) to out (Size <= n <= 2 * Size): two
// fixed-size copies that may overlap, which compile to a few moves.
template <std::size_t Size> inline void copy_ends(char *out, const char *from, std::size_t n) {
    char head[Size];
    char tail[Size];
    std::memcpy(head, from, Size);
    std::memcpy(tail, from + n - Size, Size);
    std::memcpy(out, head, Size);
    std::memcpy(out + n - Size, tail, Size);
}

// Copies the n bytes at `from` to `out` and returns the end. A row's fields are short (ids, names,
// a coordinate pair: a few to a few dozen bytes), and a call to memmove for each cost more than
// the copying. Reads only [from, from + n) and writes only [out, out + n).
inline char *copy_field(char *out, const char *from, std::size_t n) {
    if (n > 32) {
        std::memcpy(out, from, n);
    } else if (n >= 16) {
        copy_ends<16>(out, from, n);
    } else if (n >= 8) {
        copy_ends<8>(out, from, n);
    } else if (n >= 4) {
        copy_ends<4>(out, from, n);
    } else if (n > 0) {
        out[0] = from[0];
        out[n / 2] = from[n / 2];
        out[n - 1] = from[n - 1];
    }
    return out + n;
}

// Runs body(0) here and body(1..threads-1) on helper threads; rethrows the first exception.
// A helper that cannot be started runs here instead.
template <class Body> void run_parallel(unsigned threads, const Body &body) {
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

// A text field, quoted when it holds a comma, a quote or a line break (RFC 4180); at most
// 2 * size + 2 bytes.
char *write_text(char *out, const std::string &value) {
    // One pass; find_first_of would call memchr on the four specials for every byte.
    const auto special = [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; };
    if (std::none_of(value.begin(), value.end(), special)) return copy_field(out, value.data(), value.size());
    *out++ = '"';
    for (char c : value) {
        if (c == '"') *out++ = '"';
        *out++ = c;
    }
    *out++ = '"';
    return out;
}

// A NearestOptions::to feature's record in NearestCsvWriter::to_text_: the lengths of its three
// fields, then the fields as the rows write them.
struct ToRecord {
    std::uint32_t id, name, xy;
};

// Rows [begin, end) of the CSV into `rows` (replacing what it held). Each row is written
// through a pointer into room reserved for its longest possible form: appending field by
// field to a std::string cost three times as much as the numbers themselves.
void format_csv_rows(const query::NearestBlock &r, const std::string &to_text, const std::vector<std::size_t> &to_start,
                     std::size_t begin, std::size_t end, bool bearings, NearestCsvWriter::Rows &rows) {
    constexpr std::size_t numbers_room = 8 * 64; // rank and seven numbers, with commas
    const auto room = [&](const query::Pair &p) {
        const auto &a = r.from[p.from];
        return numbers_room + 2 * (a.id.size() + a.name.size()) + (to_start[p.to + 1] - to_start[p.to]) + 16;
    };
    std::size_t needed = 0;
    for (std::size_t i = begin; i < end; ++i) needed += room(r.pairs[i]);
    if (rows.capacity < needed) {
        // With room to spare: the next blocks' names and ids run a little longer (deposit 9,999
        // before deposit 10,000), and new room costs a page fault for every page written.
        rows.capacity = needed + needed / 4;
        rows.data = std::make_unique_for_overwrite<char[]>(rows.capacity);
    }
    std::size_t used = 0;
    // The sites come at random: their records are asked for a few rows ahead, so that a row
    // does not wait for its site's (a miss of the core's cache with thousands of sites).
    constexpr std::size_t ahead = 8;
    for (std::size_t i = begin; i < std::min(end, begin + ahead); ++i)
        __builtin_prefetch(to_text.data() + to_start[r.pairs[i].to]);
    for (std::size_t i = begin; i < end; ++i) {
        if (i + ahead < end) __builtin_prefetch(to_text.data() + to_start[r.pairs[i + ahead].to]);
        const auto &p = r.pairs[i];
        const auto &a = r.from[p.from];
        const char *to = to_text.data() + to_start[p.to];
        ToRecord length;
        std::memcpy(&length, to, sizeof length);
        to += sizeof length;
        char *const first = rows.data.get() + used;
        char *out = first;
        out = write_text(out, a.id);
        *out++ = ',';
        out = copy_field(out, to, length.id);
        *out++ = ',';
        out = std::to_chars(out, out + 16, p.rank).ptr;
        *out++ = ',';
        out = append_fixed<3>(out, p.distance_m);
        *out++ = ',';
        out = write_text(out, a.name);
        *out++ = ',';
        out = copy_field(out, to + length.id, length.name);
        *out++ = ',';
        out = append_fixed<3>(out, p.distance_m / 1000.0);
        *out++ = ',';
        out = append_fixed<2>(out, bearings ? answer_direction(p.azimuth_deg, true) : p.azimuth_deg);
        *out++ = ',';
        out = append_fixed<7>(out, a.position.lon);
        *out++ = ',';
        out = append_fixed<7>(out, a.position.lat);
        *out++ = ',';
        out = copy_field(out, to + length.id + length.name, length.xy);
        *out++ = '\n';
        used += static_cast<std::size_t>(out - first);
    }
    rows.size = used;
}

} // namespace

NearestCsvWriter::NearestCsvWriter(std::ostream &out, unsigned threads, bool bearings)
    : out_(out), threads_(threads ? threads : std::max(1u, std::thread::hardware_concurrency())),
      bearings_(bearings) {}

NearestCsvWriter::~NearestCsvWriter() {
    if (writing_.valid()) writing_.wait();
}

void NearestCsvWriter::operator()(const query::NearestBlock &b) {
    if (!started_) {
        // With the first answers (there is always a first call), so that a query that fails at
        // once writes nothing.
        out_ << "from_id,to_id,rank,distance_m,from_name,to_name,distance_km," << direction_column(bearings_)
             << ",from_lon,from_lat,to_lon,to_lat\n";
        format_to_fields(b.to);
        started_ = true;
    }
    const std::size_t n = b.pairs.size();
    // Parts of at least a few thousand rows: a thread costs more than a small part.
    const auto parts = static_cast<unsigned>(std::clamp<std::size_t>(n / 4096, 1, threads_));
    auto &set = buffers_[current_];
    set.resize(parts);
    run_parallel(parts, [&](unsigned t) {
        format_csv_rows(b, to_text_, to_start_, n * t / parts, n * (t + 1) / parts, bearings_, set[t]);
    });
    finish();
    // Deferred (written at the next finish(), before this set is formatted again) only when no
    // thread can be started.
    writing_ = std::async(std::launch::async | std::launch::deferred, [this, &set] {
        for (const Rows &rows : set) out_.write(rows.data.get(), static_cast<std::streamsize>(rows.size));
    });
    current_ ^= 1;
}

void NearestCsvWriter::finish() {
    if (writing_.valid()) writing_.get();
}

void NearestCsvWriter::restart() {
    finish();
    started_ = false;
}

// A row's fields from its NearestOptions::to feature (id, name, and the last two) depend on that
// feature only: formatted once each, into one record per feature.
void NearestCsvWriter::format_to_fields(std::span<const query::Feature> to) {
    to_text_.clear();
    to_start_.assign(1, 0);
    for (const query::Feature &f : to) {
        const std::size_t start = to_text_.size();
        to_text_.resize(start + sizeof(ToRecord) + 2 * (f.id.size() + f.name.size()) + 4 + 2 * 64 + 1);
        char *const fields = to_text_.data() + start + sizeof(ToRecord);
        char *const name = write_text(fields, f.id);
        char *const xy = write_text(name, f.name);
        char *end = append_fixed<7>(xy, f.position.lon);
        *end++ = ',';
        end = append_fixed<7>(end, f.position.lat);
        const ToRecord length{static_cast<std::uint32_t>(name - fields), static_cast<std::uint32_t>(xy - name),
                              static_cast<std::uint32_t>(end - xy)};
        std::memcpy(to_text_.data() + start, &length, sizeof length);
        to_text_.resize(static_cast<std::size_t>(end - to_text_.data()));
        to_start_.push_back(to_text_.size());
    }
}

} // namespace depomap::output
