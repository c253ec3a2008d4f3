#include "depomap/query.hpp"

#include "depomap/error.hpp"
#include "depomap/geo_index.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"
#include "store/geometry_blob.hpp"

#include <algorithm>
#include <cmath>
#include <future>
#include <limits>
#include <numeric>

namespace depomap::query {
namespace {

using sql::quote_identifier;

const schema::Layer &spatial_layer(const std::string &name, const char *option) {
    const auto *layer = schema::find_layer(name);
    if (!layer) {
        throw UsageError(std::string(option) + " '" + name +
                         "': no such layer (deposits, processing_sites, reserve_areas, admin_regions)");
    }
    if (layer->geometry == schema::GeometryType::none) {
        throw UsageError(std::string(option) + " '" + name + "': layer has no geometry");
    }
    return *layer;
}

std::string where_clause(const std::optional<std::string> &where) {
    return where ? " WHERE (" + *where + ")" : "";
}

} // namespace

namespace {

/// Appends the layer's features to `out` in table order, calling on_block(end) each time
/// `block_size` more have been read and once at the end for the rest (end = out.size()).
/// Table order, sorted afterwards: ORDER BY id would walk the id index and look every row up in
/// the table, a third more work than a scan at a million rows, and random reads when the ids were
/// loaded shuffled.
template <class OnBlock>
void scan_features(Store &store, const std::string &layer_name, const std::optional<std::string> &where,
                   const char *option, std::vector<Feature> &out, std::size_t block_size,
                   OnBlock &&on_block) {
    const auto &layer = spatial_layer(layer_name, option);
    // Polygons are represented by a point on their surface (inside, unlike a centroid).
    const std::string point = layer.geometry == schema::GeometryType::point
                                  ? "geom"
                                  : "ST_PointOnSurface(geom)";
    auto stmt = store.db().prepare("SELECT id, name, " + point + " FROM " +
                                   quote_identifier(layer.name) + where_clause(where));
    if (stmt.has_more_sql()) throw UsageError("--where: one SQL expression, not several statements");
    // Room for every row up front (the largest rowid, O(log n), is the row count of a store that
    // was only ever loaded): growing a million features by doubling would copy them and fault in
    // their pages twice over, on the thread that reads.
    const auto rows = store.db().scalar_int("SELECT max(rowid) FROM " + quote_identifier(layer.name));
    if (rows && *rows > 0) {
        out.reserve(out.size() + std::min<std::size_t>(static_cast<std::size_t>(*rows), std::size_t{1} << 24));
    }
    std::size_t block_start = out.size();
    while (stmt.step()) {
        if (stmt.is_null(2)) continue;
        const auto xy = store::decode_point(stmt.column_blob(2));
        if (!xy) continue;
        out.push_back({stmt.column_text(0), stmt.column_text(1), {xy->first, xy->second}});
        if (out.size() - block_start == block_size) {
            on_block(out.size());
            block_start = out.size();
        }
    }
    if (out.size() > block_start) on_block(out.size());
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
                                   const std::optional<std::string> &where, const char *option) {
    std::vector<Feature> features;
    scan_features(store, layer_name, where, option, features, std::numeric_limits<std::size_t>::max(),
                  [](std::size_t) {});
    return take_in_order(features, id_order(features));
}

NearestResult nearest(Store &store, const NearestOptions &options) {
    if (options.k == 0) throw UsageError("-k must be at least 1");
    if (!(options.max_m >= 0)) throw UsageError("--max-km must be a distance >= 0");
    spatial_layer(options.from, "--from"); // a bad --from is a usage error before any reading
    NearestResult result;
    result.to = read_features(store, options.to, options.to_where, "--to");
    if (result.to.empty()) {
        result.from = read_features(store, options.from, options.where, "--from");
        return result;
    }
    std::vector<geo::LonLat> to_points;
    to_points.reserve(result.to.size());
    for (const auto &f : result.to) to_points.push_back(f.position);
    // `to` is in id order, so the index's tie-break by smaller index is a tie-break by id.
    const GeoIndex index(to_points);

    // `from` is searched a block at a time on the index's threads while the next block is read:
    // reading the store is one thread's work, the search keeps every core busy.
    constexpr std::size_t block = std::size_t{1} << 16;
    std::vector<Feature> from;
    std::vector<HitLists> lists; // of block b, in table order
    std::future<HitLists> pending;
    std::size_t searched = 0;
    scan_features(store, options.from, options.where, "--from", from, block, [&](std::size_t end) {
        std::vector<geo::LonLat> points;
        points.reserve(end - searched);
        for (std::size_t i = searched; i < end; ++i) points.push_back(from[i].position);
        searched = end;
        if (pending.valid()) lists.push_back(pending.get());
        pending = std::async(std::launch::async, [&index, &options, points = std::move(points)] {
            return index.nearest_many(points, options.k, options.max_m, options.threads);
        });
    });
    if (pending.valid()) lists.push_back(pending.get());

    // Into id order: feature i of the table order has the hits lists[i / block][i % block].
    const auto order = id_order(from);
    result.from = take_in_order(from, order);
    std::size_t total = 0;
    for (const auto &l : lists) total += l.hits.size();
    result.pairs.resize(total);
    std::size_t h = 0;
    for (std::size_t i = 0; i < result.from.size(); ++i) {
        const std::size_t old = order.empty() ? i : order[i];
        std::uint32_t rank = 0;
        for (const Hit &hit : lists[old / block][old % block]) {
            result.pairs[h++] = {static_cast<std::uint32_t>(i), hit.index, ++rank, hit.distance_m,
                                 hit.azimuth_deg};
        }
    }
    return result;
}

Feature find_feature(Store &store, const std::string &id) {
    for (const char *layer : {"deposits", "processing_sites", "reserve_areas"}) {
        auto stmt = store.db().prepare(
            std::string("SELECT id, name, ") +
            (std::string(layer) == "reserve_areas" ? "ST_PointOnSurface(geom)" : "geom") +
            " FROM " + layer + " WHERE id = ?");
        stmt.bind(1, id);
        if (stmt.step() && !stmt.is_null(2)) {
            if (const auto xy = store::decode_point(stmt.column_blob(2))) {
                return {stmt.column_text(0), stmt.column_text(1), {xy->first, xy->second}};
            }
        }
    }
    throw Error("--id '" + id + "': no deposit, processing site or reserve area has this id");
}

WithinResult within(Store &store, const std::string &layer, geo::LonLat centre, double radius_m) {
    if (!(radius_m >= 0) || !std::isfinite(radius_m)) {
        throw UsageError("--km must be a finite distance >= 0");
    }
    if (!(std::abs(centre.lat) <= 90) || !(std::abs(centre.lon) <= 180)) {
        throw UsageError("the centre must be a longitude in [-180, 180] and a latitude in [-90, 90]");
    }
    WithinResult result;
    result.features = read_features(store, layer);
    if (result.features.empty()) return result;
    std::vector<geo::LonLat> points;
    points.reserve(result.features.size());
    for (const auto &f : result.features) points.push_back(f.position);
    const GeoIndex index(points);
    for (const auto &hit : index.within(centre, radius_m)) {
        result.hits.push_back({hit.index, hit.distance_m, hit.azimuth_deg});
    }
    return result;
}

Table summary(Store &store, const std::string &layer_name, const std::string &field,
              const std::optional<std::string> &where) {
    const auto *layer = schema::find_layer(layer_name);
    if (!layer) throw UsageError("--layer '" + layer_name + "': no such layer");
    const auto *column = schema::find_column(*layer, field);
    if (!column) {
        std::string names;
        for (const auto &c : layer->columns) names += (names.empty() ? "" : ", ") + std::string(c.name);
        throw UsageError("--by '" + field + "': layer " + layer_name + " has no such column (" +
                         names + ")");
    }
    std::vector<std::string_view> measures;
    const std::string_view name = layer->name;
    if (name == "deposits" || name == "reserve_areas") measures = {"contained_treo_t"};
    if (name == "processing_sites") measures = {"capacity_tpa"};
    if (name == "country_stats") measures = {"mine_production_2024_t_reo", "reserves_t_reo"};

    std::string select = "SELECT " + quote_identifier(column->name) + ", count(*)";
    for (auto m : measures) select += ", total(" + quote_identifier(m) + "), count(" + quote_identifier(m) + ")";
    select += " FROM " + quote_identifier(layer->name) + where_clause(where) + " GROUP BY 1";
    auto stmt = store.db().prepare(select);
    if (stmt.has_more_sql()) throw UsageError("--where: one SQL expression, not several statements");

    struct Group {
        std::optional<std::string> key;
        std::int64_t count;
        std::vector<double> sums;
        std::vector<std::int64_t> known;
    };
    std::vector<Group> groups;
    std::int64_t total_count = 0;
    std::vector<double> total_sums(measures.size(), 0.0);
    std::vector<std::int64_t> total_known(measures.size(), 0);
    while (stmt.step()) {
        Group g;
        if (!stmt.is_null(0)) g.key = stmt.column_text(0);
        g.count = stmt.column_int(1);
        total_count += g.count;
        for (std::size_t m = 0; m < measures.size(); ++m) {
            g.sums.push_back(stmt.column_double(2 + 2 * static_cast<int>(m)));
            g.known.push_back(stmt.column_int(3 + 2 * static_cast<int>(m)));
            total_sums[m] += g.sums.back();
            total_known[m] += g.known.back();
        }
        groups.push_back(std::move(g));
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
    table.columns = {std::string(column->name), "count", "count_pct"};
    for (auto m : measures) {
        table.columns.push_back(std::string(m));
        table.columns.push_back(std::string(m) + "_pct");
        table.columns.push_back(std::string(m) + "_known");
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

} // namespace depomap::query
