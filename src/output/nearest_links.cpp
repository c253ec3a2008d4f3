#include "output/nearest_answer.hpp"

#include "depomap/antimeridian.hpp"
#include "depomap/store.hpp"

#include <cmath>
#include <cstdint>
#include <utility>

namespace depomap::output {

double answer_direction(double azimuth_deg, bool bearings) {
    double d = std::round(azimuth_deg * 100.0) / 100.0;
    if (!bearings) return d;
    if (d < 0) d += 360.0;
    return d >= 360.0 ? d - 360.0 : d;
}

const char *direction_column(bool bearings) { return bearings ? "bearing_deg" : "azimuth_deg"; }

std::vector<std::string> nearest_columns(bool bearings) {
    return {"from_id",     "to_id",      "rank",       "distance_m", "from_name", "to_name",
            "distance_km", direction_column(bearings), "from_lon",   "from_lat",  "to_lon", "to_lat"};
}

std::vector<Cell> nearest_row(const query::Feature &from, const query::Feature &to, const query::Pair &pair,
                              bool bearings) {
    return {from.id,
            to.id,
            static_cast<std::int64_t>(pair.rank),
            std::round(pair.distance_m * 1000.0) / 1000.0,
            from.name,
            to.name,
            std::round(pair.distance_m) / 1000.0,
            answer_direction(pair.azimuth_deg, bearings),
            from.position.lon,
            from.position.lat,
            to.position.lon,
            to.position.lat};
}

Table nearest_table(const query::NearestResult &result, bool bearings) {
    Table t;
    t.columns = nearest_columns(bearings);
    t.rows.reserve(result.pairs.size());
    for (const auto &p : result.pairs) t.rows.push_back(nearest_row(result.from[p.from], result.to[p.to], p, bearings));
    return t;
}

NearestLinks::NearestLinks(Store &store, const query::NearestOptions &options, bool bearings)
    : store_(store), options_(options), bearings_(bearings) {}

NearestLinks::~NearestLinks() {
    {
        const std::lock_guard lock(mutex_);
        stopped_ = true;
    }
    changed_.notify_all();
    if (query_.joinable()) query_.join();
}

query::AnswerLayer NearestLinks::layer() {
    query::AnswerLayer layer;
    layer.name = layer.style = "supply_links";
    layer.columns = nearest_columns(bearings_);
    layer.types = {schema::ColumnType::text, schema::ColumnType::text, schema::ColumnType::integer};
    layer.types.resize(layer.columns.size(), schema::ColumnType::real);
    layer.types[4] = layer.types[5] = schema::ColumnType::text; // from_name, to_name
    layer.shape = query::AnswerLayer::Shape::line;
    layer.next = [this](std::vector<Cell> &row, std::vector<std::vector<geo::LonLat>> &geometry) {
        return next(row, geometry);
    };
    return layer;
}

bool NearestLinks::no_to() const {
    const std::lock_guard lock(mutex_);
    return no_to_;
}

bool NearestLinks::next(std::vector<Cell> &row, std::vector<std::vector<geo::LonLat>> &geometry) {
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
    row = nearest_row(a, b, p, bearings_);
    geometry = geo::split_at_antimeridian(geo::densify(a.position, b.position, 25000.0));
    if (++at_ == block_->pairs.size()) {
        block_ = nullptr; // the query may let it go
        changed_.notify_all();
    }
    return true;
}

void NearestLinks::run() {
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

/// On the query's sink thread: gives `block` to the writer and waits until it took it all.
void NearestLinks::hand_over(const query::NearestBlock &block) {
    std::unique_lock lock(mutex_);
    no_to_ = block.to.empty();
    if (block.pairs.empty()) return;
    block_ = &block;
    at_ = 0;
    changed_.notify_all();
    changed_.wait(lock, [&] { return !block_ || stopped_; });
    if (block_) {
        block_ = nullptr;
        throw Stopped{};
    }
}

} // namespace depomap::output
