#include "depomap/query.hpp"

#include "depomap/error.hpp"
#include "depomap/geo_index.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"
#include "store/geometry_blob.hpp"
#include "store/spatial_sql.hpp"

#include <algorithm>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <future>
#include <iterator>
#include <limits>
#include <map>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <numeric>
#include <span>
#include <utility>

namespace depomap::query {
namespace {

using sql::quote_identifier;

/// The words a message names the layer given by option `field` with: "layer", "from layer".
std::string layer_subject(std::string_view field) {
    return field == "layer" ? std::string(field) : std::string(field) + " layer";
}

const schema::Layer &spatial_layer(const std::string &name, const char *field) {
    const auto *layer = schema::find_layer(name);
    if (!layer) throw no_such_layer(layer_subject(field), name, schema::layer_names());
    if (layer->geometry == schema::GeometryType::none) {
        throw BadValue(layer_subject(field), name, "layer has no geometry");
    }
    return *layer;
}

std::string where_clause(const std::optional<std::string> &where) {
    // On lines of their own, so that a -- comment in the filter ends with it.
    return where ? " WHERE (\n" + *where + "\n)" : "";
}

} // namespace

namespace {

/// Reads the layer's features in rowid order (the table's own) and hands them to
/// on_block(std::vector<Feature>) `block_size` at a time, the last block with the rest (no call
/// when there is none). Rowid order, sorted afterwards where needed: ORDER BY id would walk the id
/// index and look every row up in the table, a third more work than a scan at a million rows, and
/// random reads when the ids were loaded shuffled.
template <class OnBlock>
void scan_features(Store &store, const std::string &layer_name, const std::optional<std::string> &where,
                   const char *field, std::size_t block_size, OnBlock &&on_block) {
    const char *where_field = std::string_view(field) == "to" ? "to_where" : "where";
    if (!is_store_layer(layer_name)) {
        refuse_unknown_layer(layer_name, field);
        // A GDAL source, read in place: whole, in id order (a file is not a million-row store).
        auto all = gdal_access(option_ref(field) + " " + layer_name).read_source(layer_name, where, field, where_field);
        for (std::size_t first = 0; first < all.size(); first += block_size) {
            const std::size_t last = std::min(all.size(), first + block_size);
            if (first == 0 && last == all.size()) return on_block(std::move(all));
            on_block(std::vector<Feature>(std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(first)),
                                          std::make_move_iterator(all.begin() + static_cast<std::ptrdiff_t>(last))));
        }
        return;
    }
    const auto &layer = spatial_layer(layer_name, field);
    // Polygons are represented by a point on their surface (inside, unlike a centroid).
    const std::string point = store::representative_point_sql(layer);
    // In rowid order whatever index a filter might use: nearest_each relies on it.
    auto stmt = store::prepare_filtered(store.db(),
                                        "SELECT id, name, " + point + " FROM " + quote_identifier(layer.name) +
                                            where_clause(where) + "\nORDER BY rowid",
                                        layer, option_ref(where_field));
    if (stmt.has_more_sql())
        throw UsageError(option_ref(where_field) + ": one SQL expression, not several statements");
    // Room for a whole block up front (the largest rowid, O(log n), is the row count of a store
    // that was only ever loaded): growing a million features by doubling would copy them and
    // fault in their pages twice over, on the thread that reads.
    const auto rows = store.db().scalar_int("SELECT max(rowid) FROM " + quote_identifier(layer.name));
    const std::size_t room =
        rows && *rows > 0 ? std::min({static_cast<std::size_t>(*rows), block_size, std::size_t{1} << 24}) : 0;
    std::vector<Feature> block;
    while (stmt.step()) {
        // A NULL geometry reads as an empty blob, which decodes to no point.
        const auto xy = store::decode_point(stmt.column_blob(2));
        if (!xy) continue;
        if (block.empty()) block.reserve(room);
        block.push_back({stmt.column_text(0), stmt.column_text(1), {xy->first, xy->second}});
        if (block.size() == block_size) on_block(std::exchange(block, {}));
    }
    if (!block.empty()) on_block(std::move(block));
}

/// The positions of `features` in id order, or nothing when they are in id order already (a
/// layer loaded in id order). Ids are unique, so the order is total; std::string compares bytes
/// as unsigned, like SQLite's BINARY collation.
std::vector<std::uint32_t> id_order(const std::vector<Feature> &features) {
    const auto by_id = [](const Feature &a, const Feature &b) { return a.id < b.id; };
    if (std::ranges::is_sorted(features, by_id)) return {};
    std::vector<std::uint32_t> order(features.size());
    std::iota(order.begin(), order.end(), 0U);
    std::ranges::sort(order, [&](std::uint32_t a, std::uint32_t b) { return features[a].id < features[b].id; });
    return order;
}

/// `features` taken in `order` (as id_order gives it: empty for the order they are in).
std::vector<Feature> take_in_order(std::vector<Feature> &features, const std::vector<std::uint32_t> &order) {
    if (order.empty()) return std::move(features);
    std::vector<Feature> ordered;
    ordered.reserve(features.size());
    for (const std::uint32_t i : order) ordered.push_back(std::move(features[i]));
    return ordered;
}

} // namespace

std::vector<Feature> read_features(Store &store, const std::string &layer_name,
                                   const std::optional<std::string> &where, const char *field) {
    std::vector<Feature> features;
    scan_features(store, layer_name, where, field, std::numeric_limits<std::size_t>::max(),
                  [&](std::vector<Feature> all) { features = std::move(all); });
    return take_in_order(features, id_order(features));
}

namespace {

std::vector<geo::LonLat> positions(std::span<const Feature> features) {
    std::vector<geo::LonLat> points;
    points.reserve(features.size());
    for (const auto &f : features) points.push_back(f.position);
    return points;
}

/// Appends one feature's answers, nearest first, as its pairs ranked from 1.
void append_pairs(std::span<const Hit> hits, std::uint32_t from, std::vector<Pair> &pairs) {
    std::uint32_t rank = 0;
    for (const Hit &hit : hits) pairs.push_back({from, hit.index, ++rank, hit.distance_m, hit.azimuth_deg});
}

/// The pairs of `hits` (answers to `from`, in the same order), `from` indexes counted from 0.
std::vector<Pair> pairs_of(const HitLists &hits) {
    std::vector<Pair> pairs;
    pairs.reserve(hits.hits.size());
    for (std::size_t i = 0; i < hits.size(); ++i) append_pairs(hits[i], static_cast<std::uint32_t>(i), pairs);
    return pairs;
}

} // namespace

namespace {

/// Blocks of features on their way from the thread that reads them to the one that searches
/// them. At most `capacity` wait, so that reading stays ahead without holding the layer. The
/// reader closes it at the end of the layer; either side abandons it when it failed.
class BlockQueue {
  public:
    explicit BlockQueue(std::size_t capacity) : capacity_(capacity) {}

    /// Waits for room; false when the queue was closed (stop reading).
    bool push(std::vector<Feature> block) {
        std::unique_lock lock(mutex_);
        room_.wait(lock, [&] { return closed_ || blocks_.size() < capacity_; });
        if (closed_) return false;
        blocks_.push_back(std::move(block));
        ready_.notify_one();
        return true;
    }

    /// The next block; nothing once the queue is closed and empty.
    std::optional<std::vector<Feature>> pop() {
        std::unique_lock lock(mutex_);
        ready_.wait(lock, [&] { return closed_ || !blocks_.empty(); });
        if (blocks_.empty()) return std::nullopt;
        std::vector<Feature> block = std::move(blocks_.front());
        blocks_.pop_front();
        room_.notify_one();
        return block;
    }

    /// No more blocks: the searcher takes those waiting, then stops.
    void close() { close_and(false); }
    /// Stops both sides, dropping the blocks that wait: the other side failed.
    void abandon() { close_and(true); }

  private:
    void close_and(bool drop) {
        const std::lock_guard lock(mutex_);
        closed_ = true;
        if (drop) blocks_.clear();
        ready_.notify_all();
        room_.notify_all();
    }

    std::size_t capacity_;
    std::mutex mutex_;
    std::condition_variable ready_, room_;
    std::deque<std::vector<Feature>> blocks_;
    bool closed_ = false;
};

/// How nearest_blocks learns whether the table's own order is the id order, which lets each
/// block go to the sink as soon as it is searched.
enum class Order {
    check,  ///< a walk of the id index on a connection of its own, beside the reading
    trust,  ///< assumed; the first feature out of order throws OutOfOrder
    unknown ///< every block waits for the end and goes out sorted
};

/// Thrown in Order::trust mode, before the block that holds the feature out of order goes out.
struct OutOfOrder {};

void nearest_blocks(Store &store, const NearestOptions &options, const NearestSink &sink, Order order) {
    if (options.k == 0) throw BadValue("number of neighbours", "", "must be at least 1", false);
    if (!(options.max_m >= 0)) throw BadValue("maximum distance", "", "must be a distance >= 0", false);
    // A source is read whole and sorted: it comes in id order, with no table to count or check.
    const bool from_store = is_store_layer(options.from);
    if (from_store) spatial_layer(options.from, "from"); // before any reading
    const std::size_t block = std::max<std::size_t>(options.block, 1);
    const std::vector<Feature> to = read_features(store, options.to, options.to_where, "to");
    if (to.empty()) {
        const auto from = read_features(store, options.from, options.where, "from");
        sink({from, to, {}});
        return;
    }
    // `to` is in id order, so the index's tie-break by smaller index is a tie-break by id.
    GeoIndex index(positions(to));
    // With many more features to start from than to look in, the grid answers most of them
    // without the tree for a few microseconds per point of `to`.
    const auto from_rows = from_store ? store.db().scalar_int("SELECT max(rowid) FROM " + quote_identifier(options.from))
                                      : std::nullopt;
    // Built beside the reading of the first block; the first search waits for it.
    std::future<void> grid;
    if (from_rows && static_cast<std::size_t>(*from_rows) >= 4 * to.size()) {
        grid = std::async(std::launch::async, [&index, &options] { index.prepare_grid(options.k, options.threads); });
    }

    // `from` is read a block at a time on this thread and searched on the index's threads by a
    // searcher of its own, which takes the blocks from a queue as soon as it is done with the
    // last: it never waits for the reader to wake up. When the table's own order is the id order,
    // as it is for a layer loaded in id order, each searched block then goes to the sink on yet
    // another thread, while the next block is searched, and is let go: nothing waits for the
    // end, and memory holds a few blocks. Otherwise the answers wait until every feature is read
    // and go out in id order afterwards.
    std::future<bool> checking;
    std::optional<bool> in_order;
    if (!from_store) {
        in_order = true;
    } else if (order == Order::check) {
        checking = std::async(std::launch::async, store::stored_in_id_order, store.path(), options.from);
    } else {
        in_order = order == Order::trust;
    }
    struct Held {
        std::vector<Feature> features;
        HitLists hits;
    };
    std::vector<Held> held;    // blocks kept for the end, in table order
    std::future<void> sinking; // the last block handed to the sink
    bool delivered = false;
    std::string last_id; // of the last feature given to the sink
    const auto search = [&](std::vector<Feature> block_features) {
        if (grid.valid()) grid.get(); // the first block waits for it
        HitLists hits = index.nearest_many(positions(block_features), options.k, options.max_m, options.threads);
        if (!in_order) in_order = checking.get();
        if (!*in_order) {
            held.push_back({std::move(block_features), std::move(hits)});
            return;
        }
        // Nothing goes out of order. A trusted order was a guess; a checked one can have been
        // changed by a load committed between the check (on a connection of its own) and this
        // reader's snapshot.
        for (std::size_t i = 0; i < block_features.size(); ++i) {
            const std::string &previous = i > 0 ? block_features[i - 1].id : last_id;
            if ((i > 0 || delivered) && !(previous < block_features[i].id)) {
                if (order == Order::trust) throw OutOfOrder{};
                throw Error(store.path() + ": layer " + options.from + " changed while it was read; run again");
            }
        }
        delivered = true;
        last_id = block_features.back().id;
        if (sinking.valid()) sinking.get(); // one call after the other; rethrows the sink's failure
        sinking = std::async(std::launch::async,
                             [&sink, &to, features = std::move(block_features), pairs = pairs_of(hits)] {
                                 sink({features, to, pairs});
                             });
    };
    BlockQueue queue(1);
    std::future<void> searching = std::async(std::launch::async, [&] {
        try {
            while (auto block_features = queue.pop()) search(std::move(*block_features));
        } catch (...) {
            queue.abandon(); // the reader stops
            throw;
        }
    });
    struct SearchFailed {};
    try {
        scan_features(store, options.from, options.where, "from", block, [&](std::vector<Feature> block_features) {
            if (!queue.push(std::move(block_features))) throw SearchFailed{};
        });
    } catch (const SearchFailed &) {
        // searching.get() says why
    } catch (...) {
        queue.abandon();
        searching.wait();
        throw;
    }
    queue.close();
    searching.get();
    if (sinking.valid()) sinking.get();
    if (!in_order) in_order = checking.get(); // no feature at all

    if (!*in_order) {
        // Into id order, then to the sink a block at a time. Every held block but the last is
        // full, so feature i of the table order has the hits held[i / block].hits[i % block].
        std::vector<Feature> all;
        all.reserve(held.empty() ? 0 : (held.size() - 1) * block + held.back().features.size());
        for (Held &h : held) std::ranges::move(h.features, std::back_inserter(all));
        const auto order = id_order(all);
        std::vector<Feature> out_features;
        std::vector<Pair> out_pairs;
        for (std::size_t first = 0; first < all.size(); first += block) {
            out_features.clear();
            out_pairs.clear();
            for (std::size_t i = first; i < std::min(all.size(), first + block); ++i) {
                const std::size_t old = order.empty() ? i : order[i];
                append_pairs(held[old / block].hits[old % block], static_cast<std::uint32_t>(i - first),
                             out_pairs);
                out_features.push_back(std::move(all[old]));
            }
            sink({out_features, to, out_pairs});
            delivered = true;
        }
    }
    if (!delivered) sink({{}, to, {}}); // the sink still learns of the to layer
}

} // namespace

void nearest_each(Store &store, const NearestOptions &options, const NearestSink &sink) {
    nearest_blocks(store, options, sink, Order::check);
}

void nearest_each(Store &store, const NearestOptions &options, const NearestSink &sink,
                  const std::function<void()> &restart) {
    try {
        nearest_blocks(store, options, sink, Order::trust);
    } catch (const OutOfOrder &) {
        restart();
        nearest_blocks(store, options, sink, Order::unknown);
    }
}

NearestResult nearest(Store &store, const NearestOptions &options) {
    NearestResult result;
    nearest_each(store, options, [&](const NearestBlock &b) {
        if (result.to.empty()) result.to.assign(b.to.begin(), b.to.end());
        const auto offset = static_cast<std::uint32_t>(result.from.size());
        result.from.insert(result.from.end(), b.from.begin(), b.from.end());
        for (Pair p : b.pairs) {
            p.from += offset;
            result.pairs.push_back(p);
        }
    }, [&] { result = {}; });
    return result;
}

Feature find_feature(Store &store, const std::string &id) {
    for (const char *layer : {"deposits", "processing_sites", "reserve_areas"}) {
        auto stmt = store.db().prepare("SELECT id, name, " +
                                       store::representative_point_sql(*schema::find_layer(layer)) + " FROM " +
                                       layer + " WHERE id = ?");
        stmt.bind(1, id);
        if (stmt.step() && !stmt.is_null(2)) {
            if (const auto xy = store::decode_point(stmt.column_blob(2))) {
                return {stmt.column_text(0), stmt.column_text(1), {xy->first, xy->second}};
            }
        }
    }
    throw Error(option_ref("id") + " '" + id + "': no deposit, processing site or reserve area has this id");
}

WithinResult within(Store &store, const std::string &layer, geo::LonLat centre, double radius_m,
                    const std::optional<std::string> &where) {
    if (!(radius_m >= 0) || !std::isfinite(radius_m)) {
        throw BadValue("radius", "", "must be a finite distance >= 0", false);
    }
    if (!(std::abs(centre.lat) <= 90) || !(std::abs(centre.lon) <= 180)) {
        throw UsageError("the centre must be a longitude in [-180, 180] and a latitude in [-90, 90]");
    }
    WithinResult result;
    result.features = read_features(store, layer, where);
    if (result.features.empty()) return result;
    const GeoIndex index(positions(result.features));
    for (const auto &hit : index.within(centre, radius_m)) {
        result.hits.push_back({hit.index, hit.distance_m, hit.azimuth_deg});
    }
    return result;
}

namespace {

/// One group of a summary: its key (NULL: nullopt), its rows, and per measure its total and
/// how many rows had a value.
struct Group {
    std::optional<std::string> key;
    std::int64_t count = 0;
    std::vector<double> sums;
    std::vector<std::int64_t> known;
};

/// The measures summed for a store layer.
std::vector<std::string> measures_of(std::string_view layer) {
    if (layer == "deposits" || layer == "reserve_areas") return {"contained_treo_t"};
    if (layer == "processing_sites") return {"capacity_tpa"};
    if (layer == "country_stats") return {"mine_production_2024_t_reo", "reserves_t_reo"};
    return {};
}

/// The groups of store layer `layer_name` by `field`; `key_column` and `measures` get the
/// column's name and the measures summed.
std::vector<Group> store_groups(Store &store, const std::string &layer_name, const std::string &field,
                                const std::optional<std::string> &where, std::string &key_column,
                                std::vector<std::string> &measures) {
    const auto *layer = schema::find_layer(layer_name);
    if (!layer) throw no_such_layer("layer", layer_name, schema::layer_names());
    const auto *column = schema::find_column(*layer, field);
    if (!column) {
        std::string names;
        for (const auto &c : layer->columns) names += (names.empty() ? "" : ", ") + std::string(c.name);
        throw BadValue("group column", field, "layer " + layer_name + " has no such column (" + names + ")");
    }
    key_column = column->name;
    measures = measures_of(layer->name);
    std::string select = "SELECT " + quote_identifier(column->name) + ", count(*)";
    for (const auto &m : measures) select += ", total(" + quote_identifier(m) + "), count(" + quote_identifier(m) + ")";
    select += " FROM " + quote_identifier(layer->name) + where_clause(where) + " GROUP BY 1";
    auto stmt = store::prepare_filtered(store.db(), select, *layer, option_ref("where"));
    if (stmt.has_more_sql()) throw UsageError(option_ref("where") + ": one SQL expression, not several statements");
    std::vector<Group> groups;
    while (stmt.step()) {
        Group g;
        if (!stmt.is_null(0)) g.key = stmt.column_text(0);
        g.count = stmt.column_int(1);
        for (std::size_t m = 0; m < measures.size(); ++m) {
            g.sums.push_back(stmt.column_double(2 + 2 * static_cast<int>(m)));
            g.known.push_back(stmt.column_int(3 + 2 * static_cast<int>(m)));
        }
        groups.push_back(std::move(g));
    }
    return groups;
}

/// A value of a source's field as text, as SQLite gives a store's value for GROUP BY.
std::optional<std::string> key_text(const Cell &value) {
    if (const auto *s = std::get_if<std::string>(&value)) return *s;
    if (const auto *i = std::get_if<std::int64_t>(&value)) return std::to_string(*i);
    if (const auto *d = std::get_if<double>(&value)) {
        char text[32];
        std::snprintf(text, sizeof text, "%.15g", *d);
        return std::string(text);
    }
    return std::nullopt;
}

/// The groups of GDAL source `value` by `field`, read in place. Its measures are those of the
/// store layer its fields look like (contained_treo_t, capacity_tpa, the USGS columns), so the
/// same data gives the same totals as a source as in the store.
std::vector<Group> source_groups(const std::string &value, const std::string &field,
                                 const std::optional<std::string> &where, std::string &key_column,
                                 std::vector<std::string> &measures) {
    const auto pick = [&](const std::vector<std::string> &names) {
        const auto at = [&](const std::string &name) {
            return static_cast<int>(std::ranges::find(names, name) - names.begin());
        };
        if (at(field) == static_cast<int>(names.size())) {
            std::string list;
            for (const auto &n : names) list += (list.empty() ? "" : ", ") + n;
            throw BadValue("group column", field,
                           option_ref("layer") + " '" + value + "' has no such column (" + list + ")");
        }
        key_column = field;
        for (const char *layer : {"deposits", "processing_sites", "country_stats"}) {
            auto wanted = measures_of(layer);
            if (std::ranges::all_of(wanted, [&](const std::string &m) { return at(m) < static_cast<int>(names.size()); })) {
                measures = std::move(wanted);
                break;
            }
        }
        std::vector<int> fields{at(field)};
        for (const auto &m : measures) fields.push_back(at(m));
        return fields;
    };
    std::map<std::optional<std::string>, Group> by_key;
    const auto row = [&](const std::vector<Cell> &values) {
        auto key = key_text(values[0]);
        auto [it, added] = by_key.try_emplace(key);
        Group &g = it->second;
        if (added) {
            g.key = std::move(key);
            g.sums.assign(measures.size(), 0.0);
            g.known.assign(measures.size(), 0);
        }
        ++g.count;
        for (std::size_t m = 0; m < measures.size(); ++m) {
            const Cell &v = values[m + 1];
            if (std::holds_alternative<std::nullptr_t>(v)) continue;
            ++g.known[m];
            if (const auto *d = std::get_if<double>(&v)) g.sums[m] += *d;
            else if (const auto *i = std::get_if<std::int64_t>(&v)) g.sums[m] += static_cast<double>(*i);
            else g.sums[m] += std::strtod(std::get<std::string>(v).c_str(), nullptr);
        }
    };
    gdal_access(option_ref("layer") + " " + value).each_source_row(value, where, "layer", "where", pick, row);
    std::vector<Group> groups;
    for (auto &[key, g] : by_key) groups.push_back(std::move(g));
    return groups;
}

/// The summary table: a row per group, largest first, and the TOTAL row.
Table summary_table(const std::string &key_column, const std::vector<std::string> &measures,
                    std::vector<Group> groups) {
    std::int64_t total_count = 0;
    std::vector<double> total_sums(measures.size(), 0.0);
    std::vector<std::int64_t> total_known(measures.size(), 0);
    for (const auto &g : groups) {
        total_count += g.count;
        for (std::size_t m = 0; m < measures.size(); ++m) {
            total_sums[m] += g.sums[m];
            total_known[m] += g.known[m];
        }
    }
    // Largest first by the first measure (or count), then by key.
    std::ranges::sort(groups, [](const Group &a, const Group &b) {
        const double va = a.sums.empty() ? static_cast<double>(a.count) : a.sums[0];
        const double vb = b.sums.empty() ? static_cast<double>(b.count) : b.sums[0];
        if (va != vb) return va > vb;
        if (a.count != b.count) return a.count > b.count;
        return a.key < b.key;
    });

    const auto share = [](double part, double whole) -> Cell {
        if (whole == 0) return nullptr;
        return std::round(1000.0 * part / whole) / 10.0;
    };
    Table table;
    table.columns = {key_column, "count", "count_pct"};
    for (const auto &m : measures) {
        table.columns.push_back(m);
        table.columns.push_back(m + "_pct");
        table.columns.push_back(m + "_known");
    }
    const auto add_row = [&](Cell key, std::int64_t count, const std::vector<double> &sums,
                             const std::vector<std::int64_t> &known) {
        std::vector<Cell> row{std::move(key), count,
                              share(static_cast<double>(count), static_cast<double>(total_count))};
        for (std::size_t m = 0; m < measures.size(); ++m) {
            row.emplace_back(known[m] ? Cell(sums[m]) : Cell(nullptr));
            row.push_back(share(sums[m], total_sums[m]));
            row.emplace_back(known[m]);
        }
        table.rows.push_back(std::move(row));
    };
    for (const auto &g : groups) {
        add_row(g.key ? Cell(*g.key) : Cell(nullptr), g.count, g.sums, g.known);
    }
    add_row(std::string("TOTAL"), total_count, total_sums, total_known);
    return table;
}

} // namespace

Table summary(Store &store, const std::string &layer_name, const std::string &field,
              const std::optional<std::string> &where) {
    std::string key_column;
    std::vector<std::string> measures;
    if (is_store_layer(layer_name)) {
        auto groups = store_groups(store, layer_name, field, where, key_column, measures);
        return summary_table(key_column, measures, std::move(groups));
    }
    refuse_unknown_layer(layer_name, "layer"); // a mistyped layer: a usage error, GDAL or not
    auto groups = source_groups(layer_name, field, where, key_column, measures);
    return summary_table(key_column, measures, std::move(groups));
}

} // namespace depomap::query
