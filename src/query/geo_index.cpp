// Exact geodesic k-nearest and radius search: a 3D k-d tree over rectifying-sphere unit vectors,
// pruned with a rigorous lower bound on the ellipsoidal distance (geodesic.cpp proves it), and an
// exact geod_inverse for the few points that the bound cannot rule out.
#include "depomap/geo_index.hpp"

#include "depomap/error.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <string>
#include <system_error>
#include <thread>

namespace depomap::query {
namespace {

// Small leaves keep the number of chords computed per query low; the tree stays a few hundred
// kilobytes for 10,000 points.
constexpr std::uint32_t leaf_size = 8;

double coordinate(const geo::UnitVector &v, int axis) {
    return axis == 0 ? v.x : axis == 1 ? v.y : v.z;
}

double squared_chord(const geo::UnitVector &u, const geo::UnitVector &v) {
    const double dx = u.x - v.x;
    const double dy = u.y - v.y;
    const double dz = u.z - v.z;
    return dx * dx + dy * dy + dz * dz;
}

// How far c lies outside [lo, hi] (0 inside); written with plain comparisons so that it compiles
// to max instructions without branches.
inline double axis_gap(double c, float lo, float hi) {
    const double below = static_cast<double>(lo) - c;
    const double above = c - static_cast<double>(hi);
    const double gap = below > above ? below : above;
    return gap > 0.0 ? gap : 0.0;
}

// Squared Euclidean distance from v to the nearest point of a node's box (anything with float
// lo[3] and hi[3]): never more than the squared chord to any unit vector inside it.
template <class Box> inline double squared_box_distance(const geo::UnitVector &v, const Box &box) {
    const double gx = axis_gap(v.x, box.lo[0], box.hi[0]);
    const double gy = axis_gap(v.y, box.lo[1], box.hi[1]);
    const double gz = axis_gap(v.z, box.lo[2], box.hi[2]);
    return gx * gx + gy * gy + gz * gz;
}

// Squared chord beyond which a point is certainly farther than distance_m.
double squared_chord_limit(double distance_m) {
    const double limit = geo::chord_threshold(distance_m);
    if (limit < 0.0)
        return -1.0;
    return limit * limit; // +inf stays +inf
}

// Ordering of hits: by distance, then by index (the documented tie rule).
bool hit_less(const Hit &a, const Hit &b) {
    return a.distance_m < b.distance_m || (a.distance_m == b.distance_m && a.index < b.index);
}

bool valid(geo::LonLat p) {
    return std::isfinite(p.lon) && std::isfinite(p.lat) && p.lat >= -90.0 && p.lat <= 90.0;
}

void check_query(geo::LonLat q, const char *where) {
    if (!valid(q))
        throw Error(std::string(where) + ": invalid query point (" + std::to_string(q.lon) + ", " +
                    std::to_string(q.lat) + ")");
}

// Runs body(begin, end) over [0, n) in chunks on up to `threads` threads, the calling one
// included. make_body() is called once per thread, so each thread gets its own scratch space. An
// exception from any thread stops the others and is rethrown here; if a thread cannot be started,
// the ones that did start share its work.
template <class MakeBody>
void parallel_chunks(std::size_t n, unsigned threads, std::size_t chunk, MakeBody make_body) {
    threads = static_cast<unsigned>(std::min<std::size_t>(threads, (n + chunk - 1) / chunk));
    std::atomic<std::size_t> next{0};
    std::vector<std::exception_ptr> errors(std::max(threads, 1u));
    const auto work = [&](unsigned worker) {
        try {
            auto body = make_body();
            for (;;) {
                const std::size_t begin = next.fetch_add(chunk, std::memory_order_relaxed);
                if (begin >= n)
                    return;
                body(begin, std::min(n, begin + chunk));
            }
        } catch (...) {
            errors[worker] = std::current_exception();
            next.store(n); // the others stop at their next chunk
        }
    };
    std::vector<std::thread> helpers;
    try {
        for (unsigned t = 1; t < threads; ++t)
            helpers.emplace_back(work, t);
    } catch (const std::system_error &) {
        // Fewer threads than asked for: the work is shared among those running.
    }
    work(0);
    for (std::thread &helper : helpers)
        helper.join();
    for (const std::exception_ptr &error : errors)
        if (error)
            std::rethrow_exception(error);
}

// A 15-bit Morton code of the 32x32x32 grid cell holding a unit vector. Answering queries in this
// order keeps the part of the tree they touch in cache; in arbitrary order every query pays some
// thirty cache misses, as much as its exact geodesic.
std::uint32_t cell_key(const geo::UnitVector &u) {
    const auto cell = [](double c) {
        return static_cast<std::uint32_t>(std::clamp((c + 1.0) * 16.0, 0.0, 31.0));
    };
    const std::uint32_t x = cell(u.x);
    const std::uint32_t y = cell(u.y);
    const std::uint32_t z = cell(u.z);
    std::uint32_t key = 0;
    for (int bit = 0; bit < 5; ++bit)
        key |= (((x >> bit) & 1u) << (3 * bit)) | (((y >> bit) & 1u) << (3 * bit + 1)) |
               (((z >> bit) & 1u) << (3 * bit + 2));
    return key;
}

float round_down(double v) {
    float f = static_cast<float>(v);
    if (static_cast<double>(f) > v)
        f = std::nextafter(f, -std::numeric_limits<float>::infinity());
    return f;
}

float round_up(double v) {
    float f = static_cast<float>(v);
    if (static_cast<double>(f) < v)
        f = std::nextafter(f, std::numeric_limits<float>::infinity());
    return f;
}

// A query's few hits, element by element: std::copy would call memmove once per query.
inline void copy_hits(const Hit *from, std::size_t count, Hit *to) {
    for (std::size_t i = 0; i < count; ++i)
        to[i] = from[i];
}

constexpr std::uint32_t node_entry = 0;
constexpr std::uint32_t point_entry = 1;

} // namespace

// A tree node or a point with its squared-chord lower bound.
struct GeoIndex::Entry {
    double key;
    std::uint32_t item; ///< node number, or position in the point arrays
    std::uint32_t kind; ///< node_entry or point_entry

    /// By the bound, nearest first.
    bool operator<(const Entry &other) const { return key < other.key; }
};

// Buffers a search reuses from one query to the next.
struct GeoIndex::Scratch {
    std::vector<Entry> stack;
    std::vector<Entry> guess;
    std::vector<Entry> pruned;
    std::vector<Entry> candidates;
};

GeoIndex::GeoIndex(std::span<const geo::LonLat> points) {
    if (points.size() >= std::numeric_limits<std::uint32_t>::max())
        throw Error("geodesic index: too many points (" + std::to_string(points.size()) + ")");
    const auto n = static_cast<std::uint32_t>(points.size());
    std::vector<geo::UnitVector> by_original(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        const geo::LonLat p = points[i];
        if (!valid(p))
            throw Error("geodesic index: point " + std::to_string(i) +
                        " has an invalid coordinate (" + std::to_string(p.lon) + ", " +
                        std::to_string(p.lat) + ")");
        by_original[i] = geo::rectifying_unit_vector(p);
    }
    original_.resize(n);
    for (std::uint32_t i = 0; i < n; ++i)
        original_[i] = i;
    if (n == 0)
        return;
    nodes_.reserve(2 * (n / (leaf_size / 2) + 1));
    build(0, n, by_original);
    unit_.resize(n);
    lon_lat_.resize(n);
    for (std::uint32_t i = 0; i < n; ++i) {
        unit_[i] = by_original[original_[i]];
        lon_lat_[i] = points[original_[i]];
    }
}

std::uint32_t GeoIndex::build(std::uint32_t begin, std::uint32_t end,
                              const std::vector<geo::UnitVector> &by_original) {
    double lo[3] = {2.0, 2.0, 2.0};
    double hi[3] = {-2.0, -2.0, -2.0};
    for (std::uint32_t i = begin; i < end; ++i) {
        const geo::UnitVector &v = by_original[original_[i]];
        for (int axis = 0; axis < 3; ++axis) {
            lo[axis] = std::min(lo[axis], coordinate(v, axis));
            hi[axis] = std::max(hi[axis], coordinate(v, axis));
        }
    }
    Node node{};
    for (int axis = 0; axis < 3; ++axis) {
        node.lo[axis] = round_down(lo[axis]);
        node.hi[axis] = round_up(hi[axis]);
    }
    const auto number = static_cast<std::uint32_t>(nodes_.size());
    if (end - begin <= leaf_size) {
        node.first = begin;
        node.count = end - begin;
        nodes_.push_back(node);
        return number;
    }
    nodes_.push_back(node);

    // Split at the median of the widest axis.
    int axis = 0;
    for (int a = 1; a < 3; ++a)
        if (hi[a] - lo[a] > hi[axis] - lo[axis])
            axis = a;
    const std::uint32_t middle = begin + (end - begin) / 2;
    std::nth_element(original_.begin() + begin, original_.begin() + middle, original_.begin() + end,
                     [&](std::uint32_t a, std::uint32_t b) {
                         return coordinate(by_original[a], axis) < coordinate(by_original[b], axis);
                     });
    build(begin, middle, by_original); // lands at number + 1
    nodes_[number].first = build(middle, end, by_original);
    nodes_[number].count = 0;
    return number;
}

void GeoIndex::search_nearest(geo::LonLat q, const geo::UnitVector &u, std::size_t k, double max_m,
                              Scratch &scratch, std::vector<Hit> &out, SearchStats &stats) const {
    out.clear();
    if (k == 0 || nodes_.empty() || max_m < 0.0)
        return;
    const double max_limit2 = squared_chord_limit(max_m);
    std::vector<Entry> &stack = scratch.stack;
    std::vector<Entry> &guess = scratch.guess;
    std::vector<Entry> &pruned = scratch.pruned;
    std::vector<Entry> &candidates = scratch.candidates;

    // 1. The k nearest by chord: a Euclidean depth-first search (explicit stack, nearer child on
    // top), cheap, and usually the answer already. Everything it prunes is kept in `pruned`
    // with its bound, to be looked at again once the exact distances are known.
    guess.clear();
    pruned.clear();
    double guess_limit2 = max_limit2;
    stack.clear();
    stack.push_back({squared_box_distance(u, nodes_[0]), 0, node_entry});
    while (!stack.empty()) {
        const Entry top = stack.back();
        stack.pop_back();
        if (top.key > guess_limit2) {
            pruned.push_back(top);
            continue;
        }
        ++stats.nodes_visited;
        const Node &node = nodes_[top.item];
        if (node.count == 0) {
            Entry near{squared_box_distance(u, nodes_[top.item + 1]), top.item + 1, node_entry};
            Entry far{squared_box_distance(u, nodes_[node.first]), node.first, node_entry};
            if (far.key < near.key)
                std::swap(near, far);
            (far.key <= guess_limit2 ? stack : pruned).push_back(far);
            (near.key <= guess_limit2 ? stack : pruned).push_back(near);
            continue;
        }
        for (std::uint32_t i = node.first; i < node.first + node.count; ++i) {
            const Entry point{squared_chord(u, unit_[i]), i, point_entry};
            if (point.key > guess_limit2) {
                pruned.push_back(point);
                continue;
            }
            if (guess.size() == k) {
                std::pop_heap(guess.begin(), guess.end());
                pruned.push_back(guess.back());
                guess.pop_back();
            }
            guess.push_back(point);
            std::push_heap(guess.begin(), guess.end());
            if (guess.size() == k)
                guess_limit2 = guess.front().key;
        }
    }

    // 2. Their exact distances. `out` is a max-heap by (distance, index) of the best k so far;
    // once it is full, the k-th distance bounds the search.
    double limit2 = max_limit2;
    std::sort(guess.begin(), guess.end());
    for (const Entry &e : guess)
        refine(q, e.item, k, max_m, max_limit2, out, limit2, stats);

    // 3. Every other point whose lower bound does not exceed the k-th exact distance: from what
    // step 1 pruned, opening the nodes among it. They are refined in order of their bound, and
    // each refinement may lower the limit and spare the rest: the same points a best-first
    // search would refine, without its heap traffic.
    candidates.clear();
    for (const Entry &e : pruned) {
        if (e.key > limit2)
            continue;
        if (e.kind == point_entry) {
            candidates.push_back(e);
            continue;
        }
        stack.clear();
        stack.push_back(e);
        while (!stack.empty()) {
            const Entry top = stack.back();
            stack.pop_back();
            ++stats.nodes_visited;
            const Node &node = nodes_[top.item];
            if (node.count == 0) {
                for (const std::uint32_t child : {top.item + 1, node.first}) {
                    const double b2 = squared_box_distance(u, nodes_[child]);
                    if (b2 <= limit2)
                        stack.push_back({b2, child, node_entry});
                }
                continue;
            }
            for (std::uint32_t i = node.first; i < node.first + node.count; ++i) {
                const double c2 = squared_chord(u, unit_[i]);
                if (c2 <= limit2)
                    candidates.push_back({c2, i, point_entry});
            }
        }
    }
    refine_in_order(q, candidates, k, max_m, max_limit2, out, limit2, stats);
    std::sort_heap(out.begin(), out.end(), hit_less);
}

void GeoIndex::refine_in_order(geo::LonLat q, std::vector<Entry> &candidates, std::size_t k,
                               double max_m, double max_limit2, std::vector<Hit> &out,
                               double &limit2, SearchStats &stats) const {
    std::sort(candidates.begin(), candidates.end());
    for (const Entry &e : candidates) {
        if (e.key > limit2)
            break;
        refine(q, e.item, k, max_m, max_limit2, out, limit2, stats);
    }
}

void GeoIndex::refine(geo::LonLat q, std::uint32_t position, std::size_t k, double max_m,
                      double max_limit2, std::vector<Hit> &out, double &limit2,
                      SearchStats &stats) const {
    ++stats.exact_distances;
    // The azimuth comes with the distance for an atan2; asking for it again later would cost a
    // second geod_inverse per answer.
    const geo::DistanceAzimuth r = geo::distance_azimuth(q, lon_lat_[position]);
    if (!(r.distance_m <= max_m))
        return;
    const Hit hit{original_[position], r.distance_m, r.azimuth_deg};
    if (out.size() < k) {
        out.push_back(hit);
        std::push_heap(out.begin(), out.end(), hit_less);
    } else if (hit_less(hit, out.front())) {
        std::pop_heap(out.begin(), out.end(), hit_less);
        out.back() = hit;
        std::push_heap(out.begin(), out.end(), hit_less);
    } else {
        return;
    }
    if (out.size() == k)
        limit2 = std::min(max_limit2, squared_chord_limit(out.front().distance_m));
}

// --- The grid -----------------------------------------------------------------------------------
//
// A unit vector belongs to the cube face of its largest component and, on that face, to the cell
// of its gnomonic coordinates (the other two components divided by the largest, in [-1, 1]). A
// cell is a convex spherical quadrilateral with great-circle edges, so no point of it lies
// farther from its centre than the farthest corner: the cap (centre, radius) below holds it.
// For a query q in the cell and a point t, chord(q, t) >= chord(centre, t) - radius (the chord is
// a metric). A cell lists every point within R of its centre, where R is the k-th smallest chord
// from the centre plus margins; every other point is then more than R - radius from any query in
// the cell, and once the k-th exact distance among the listed points is below the geodesic
// bound of that chord, the listed points hold the answer.

namespace {

// The point of face f at gnomonic coordinates (a, b), on the unit sphere.
geo::UnitVector face_point(int face, double a, double b) {
    double v[3];
    const int axis = face / 2;
    v[axis] = face % 2 == 0 ? 1.0 : -1.0;
    v[axis == 0 ? 1 : 0] = a;
    v[axis == 2 ? 1 : 2] = b;
    const double norm = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
    return {v[0] / norm, v[1] / norm, v[2] / norm};
}

// Rounding in the cell arithmetic is some 1e-16; bounds are loosened by far more.
constexpr double grid_slack = 1e-12;

// The most points a cell lists; a cell that would list more keeps the tree.
constexpr std::size_t max_cell_points = 256;

} // namespace

std::uint32_t GeoIndex::cell_of(const geo::UnitVector &u) const {
    const double ax = std::abs(u.x);
    const double ay = std::abs(u.y);
    const double az = std::abs(u.z);
    std::uint32_t face;
    double a;
    double b;
    if (ax >= ay && ax >= az) {
        face = u.x >= 0 ? 0 : 1;
        a = u.y / ax;
        b = u.z / ax;
    } else if (ay >= az) {
        face = u.y >= 0 ? 2 : 3;
        a = u.x / ay;
        b = u.z / ay;
    } else {
        face = u.z >= 0 ? 4 : 5;
        a = u.x / az;
        b = u.y / az;
    }
    const double n = static_cast<double>(grid_n_);
    const auto index = [&](double c) {
        return static_cast<std::uint32_t>(std::clamp((c + 1.0) * 0.5 * n, 0.0, n - 1.0));
    };
    return (face * grid_n_ + index(a)) * grid_n_ + index(b);
}

namespace {

// Visits, depth first and nearer child first, the points of every leaf whose box lies within the
// squared chord limit2() of c (asked again at each node, so that a shrinking limit prunes as it
// shrinks). visit(position) returning false ends the walk, and walk_tree returns false.
template <class Nodes, class Limit, class Visit>
bool walk_tree(const Nodes &nodes, const geo::UnitVector &c, std::vector<std::uint32_t> &stack,
               const Limit &limit2, const Visit &visit) {
    stack.assign(1, 0);
    while (!stack.empty()) {
        const std::uint32_t number = stack.back();
        stack.pop_back();
        const auto &node = nodes[number];
        if (squared_box_distance(c, node) > limit2())
            continue;
        if (node.count == 0) {
            std::uint32_t near = number + 1;
            std::uint32_t far = node.first;
            if (squared_box_distance(c, nodes[far]) < squared_box_distance(c, nodes[near]))
                std::swap(near, far);
            stack.push_back(far);
            stack.push_back(near);
            continue;
        }
        for (std::uint32_t i = node.first; i < node.first + node.count; ++i)
            if (!visit(i))
                return false;
    }
    return true;
}

} // namespace

// The k-th smallest squared chord from c to the points (k <= size()).
double GeoIndex::kth_squared_chord(const geo::UnitVector &c, std::size_t k,
                                   std::vector<std::uint32_t> &stack, std::vector<double> &heap) const {
    heap.clear();
    double limit2 = std::numeric_limits<double>::infinity();
    walk_tree(nodes_, c, stack, [&] { return limit2; }, [&](std::uint32_t i) {
        const double c2 = squared_chord(c, unit_[i]);
        if (heap.size() < k) {
            heap.push_back(c2);
            std::push_heap(heap.begin(), heap.end());
        } else if (c2 < heap.front()) {
            std::pop_heap(heap.begin(), heap.end());
            heap.back() = c2;
            std::push_heap(heap.begin(), heap.end());
        }
        if (heap.size() == k)
            limit2 = heap.front();
        return true;
    });
    return heap.front();
}

// Every point within squared chord r2 of c into `out`; false (and `out` incomplete) as soon as
// there are more than `cap`.
bool GeoIndex::points_within(const geo::UnitVector &c, double r2, std::size_t cap,
                             std::vector<std::uint32_t> &stack, std::vector<std::uint32_t> &out) const {
    out.clear();
    return walk_tree(nodes_, c, stack, [r2] { return r2; }, [&](std::uint32_t i) {
        if (squared_chord(c, unit_[i]) > r2)
            return true;
        if (out.size() == cap)
            return false;
        out.push_back(i);
        return true;
    });
}

void GeoIndex::prepare_grid(std::size_t k, unsigned threads) {
    grid_k_ = 0;
    cells_.clear();
    cell_points_.clear();
    if (k == 0 || k >= size())
        return; // every point is an answer: nothing to narrow down
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    // About two cells per point, at most 6 x 256 x 256. Each cell costs two walks of the tree to
    // prepare; smaller cells list fewer points, but below two per point a query spends no less
    // (10,000 uniform sites, 1M queries: the same CPU per query with four cells per point, and
    // twice the preparation).
    grid_n_ = static_cast<std::uint32_t>(
        std::clamp(std::lround(std::sqrt(static_cast<double>(size()) / 3.0)), 1L, 256L));
    const std::size_t n_cells = std::size_t{6} * grid_n_ * grid_n_;
    // More points than this in a cell and the tree is quicker (and the lists stay small).
    const std::size_t cap = std::min<std::size_t>(8 * k + 16, max_cell_points);
    std::vector<Cell> cells(n_cells);
    constexpr std::size_t chunk = 256;
    std::vector<std::vector<GridPoint>> listed((n_cells + chunk - 1) / chunk);
    parallel_chunks(n_cells, threads, chunk, [&] {
        return [&, stack = std::vector<std::uint32_t>{}, heap = std::vector<double>{},
                found = std::vector<std::uint32_t>{}](std::size_t begin, std::size_t end) mutable {
            std::vector<GridPoint> &points = listed[begin / chunk];
            const double step = 2.0 / static_cast<double>(grid_n_);
            for (std::size_t number = begin; number < end; ++number) {
                const auto face = static_cast<int>(number / (std::size_t{grid_n_} * grid_n_));
                const auto i = static_cast<double>(number / grid_n_ % grid_n_);
                const auto j = static_cast<double>(number % grid_n_);
                const double a0 = -1.0 + step * i;
                const double b0 = -1.0 + step * j;
                const geo::UnitVector centre = face_point(face, a0 + step / 2, b0 + step / 2);
                double radius = 0.0;
                for (const double a : {a0, a0 + step})
                    for (const double b : {b0, b0 + step})
                        radius = std::max(radius, geo::chord(centre, face_point(face, a, b)));
                radius = radius * (1.0 + 1e-9) + grid_slack;
                Cell &cell = cells[number];
                cell.first = static_cast<std::uint32_t>(points.size());
                // From anywhere in the cell the k-th nearest point is within kth + radius; list
                // what lies within that plus a margin for the ellipsoid (the geodesic exceeds the
                // rectifying-sphere bound by well under 1 %) plus the radius once more.
                const double kth = std::sqrt(kth_squared_chord(centre, k, stack, heap));
                const double reach = (kth + radius) * 1.01 + radius;
                if (!points_within(centre, reach * reach, cap, stack, found)) {
                    cell.count = tree_cell;
                    continue;
                }
                for (const std::uint32_t p : found)
                    points.push_back({unit_[p], p});
                cell.count = static_cast<std::uint32_t>(found.size());
                cell.outside_chord = found.size() == size() ? std::numeric_limits<double>::infinity()
                                                            : reach - radius - grid_slack;
            }
        };
    });
    std::size_t total = 0;
    for (std::size_t c = 0; c < listed.size(); ++c) {
        for (std::size_t number = c * chunk; number < std::min(n_cells, (c + 1) * chunk); ++number)
            cells[number].first += static_cast<std::uint32_t>(total);
        total += listed[c].size();
    }
    cell_points_.reserve(total);
    for (const auto &points : listed)
        cell_points_.insert(cell_points_.end(), points.begin(), points.end());
    cells_ = std::move(cells);
    grid_k_ = k;
}

bool GeoIndex::grid_nearest(geo::LonLat q, const geo::UnitVector &u, std::uint32_t cell_number,
                            std::size_t k, double max_m, Scratch &scratch, std::vector<Hit> &out,
                            SearchStats &stats) const {
    const Cell &cell = cells_[cell_number];
    if (cell.count == tree_cell)
        return false;
    out.clear();
    const double max_limit2 = squared_chord_limit(max_m);
    double limit2 = max_limit2;
    const GridPoint *const points = cell_points_.data() + cell.first;
    if (k == 1 && cell.count > 0) {
        // The nearest by chord first; its exact distance usually rules out the rest, in any order.
        // Each chord is computed once.
        std::array<double, max_cell_points> c2;
        std::uint32_t best = 0;
        for (std::uint32_t i = 0; i < cell.count; ++i) {
            c2[i] = squared_chord(u, points[i].unit);
            if (c2[i] < c2[best])
                best = i;
        }
        if (c2[best] <= limit2)
            refine(q, points[best].position, k, max_m, max_limit2, out, limit2, stats);
        for (std::uint32_t i = 0; i < cell.count; ++i) {
            if (i != best && c2[i] <= limit2)
                refine(q, points[i].position, k, max_m, max_limit2, out, limit2, stats);
        }
    } else {
        std::vector<Entry> &candidates = scratch.candidates;
        candidates.clear();
        for (std::uint32_t i = 0; i < cell.count; ++i)
            candidates.push_back({squared_chord(u, points[i].unit), points[i].position, point_entry});
        refine_in_order(q, candidates, k, max_m, max_limit2, out, limit2, stats);
    }
    // Every point not listed lies more than outside_chord away; it is out of the answer when
    // that chord already means a longer geodesic than the k-th distance (or than max_m while
    // fewer than k are found). Without max_m, limit2 is already the square of the k-th
    // distance's chord_threshold t (refine keeps it so), and outside_chord >= 0:
    // outside_chord^2 > limit2 implies outside_chord > t, since rounding keeps the squares' order.
    constexpr double none = std::numeric_limits<double>::infinity();
    if (cell.outside_chord != none) {
        const double kth = out.size() == k ? out.front().distance_m : max_m;
        const bool beyond = max_limit2 == none && out.size() == k
                                ? cell.outside_chord * cell.outside_chord > limit2
                                : cell.outside_chord > geo::chord_threshold(kth);
        if (!beyond)
            return false;
    }
    std::sort_heap(out.begin(), out.end(), hit_less);
    ++stats.grid_answers;
    return true;
}

std::vector<Hit> GeoIndex::nearest(geo::LonLat q, std::size_t k, double max_m,
                                   SearchStats &stats) const {
    check_query(q, "nearest");
    if (std::isnan(max_m))
        throw Error("nearest: maximum distance is NaN");
    Scratch scratch;
    std::vector<Hit> out;
    out.reserve(std::min(k, size()));
    search_nearest(q, geo::rectifying_unit_vector(q), k, max_m, scratch, out, stats);
    return out;
}

std::vector<Hit> GeoIndex::nearest(geo::LonLat q, std::size_t k, double max_m) const {
    SearchStats stats;
    return nearest(q, k, max_m, stats);
}

std::vector<Hit> GeoIndex::within(geo::LonLat q, double radius_m, SearchStats &stats) const {
    check_query(q, "within");
    if (std::isnan(radius_m))
        throw Error("within: radius is NaN");
    std::vector<Hit> out;
    if (nodes_.empty() || radius_m < 0.0)
        return out;
    const geo::UnitVector u = geo::rectifying_unit_vector(q);
    const double limit2 = squared_chord_limit(radius_m);
    std::vector<std::uint32_t> stack{0};
    while (!stack.empty()) {
        const std::uint32_t number = stack.back();
        stack.pop_back();
        const Node &node = nodes_[number];
        ++stats.nodes_visited;
        if (squared_box_distance(u, node) > limit2)
            continue;
        if (node.count == 0) {
            stack.push_back(node.first);
            stack.push_back(number + 1);
            continue;
        }
        for (std::uint32_t i = node.first; i < node.first + node.count; ++i) {
            if (squared_chord(u, unit_[i]) > limit2)
                continue;
            ++stats.exact_distances;
            const geo::DistanceAzimuth r = geo::distance_azimuth(q, lon_lat_[i]);
            if (r.distance_m <= radius_m)
                out.push_back({original_[i], r.distance_m, r.azimuth_deg});
        }
    }
    std::sort(out.begin(), out.end(), hit_less);
    return out;
}

std::vector<Hit> GeoIndex::within(geo::LonLat q, double radius_m) const {
    SearchStats stats;
    return within(q, radius_m, stats);
}

HitLists GeoIndex::nearest_many(std::span<const geo::LonLat> queries, std::size_t k, double max_m,
                               unsigned threads) const {
    SearchStats stats;
    return nearest_many(queries, k, max_m, threads, stats);
}

HitLists GeoIndex::nearest_many(std::span<const geo::LonLat> queries, std::size_t k, double max_m,
                               unsigned threads, SearchStats &total_stats) const {
    for (std::size_t i = 0; i < queries.size(); ++i)
        if (!valid(queries[i]))
            throw Error("nearest: query " + std::to_string(i) + " has an invalid coordinate (" +
                        std::to_string(queries[i].lon) + ", " + std::to_string(queries[i].lat) +
                        ")");
    if (std::isnan(max_m))
        throw Error("nearest: maximum distance is NaN");
    if (threads == 0)
        threads = std::max(1u, std::thread::hardware_concurrency());
    const std::size_t n = queries.size();
    HitLists results;
    results.offset.assign(n + 1, 0);
    if (n == 0)
        return results;

    if (n >= std::numeric_limits<std::uint32_t>::max())
        throw Error("nearest: too many queries (" + std::to_string(n) + ")");

    // Unit vectors and cells of the queries, then a counting sort by cell. With the grid, its
    // own cells: their point lists are stored in cell order, so that queries sorted by cell read
    // them in one sweep (in any other order, a cache miss or two per query). Otherwise the
    // Morton order of a coarse 3D grid, which keeps neighbours together for the tree.
    const bool grid = grid_k_ == k;
    const std::size_t cells = grid ? cells_.size() : std::size_t{1} << 15;
    std::vector<geo::UnitVector> unit(n);
    std::vector<std::uint32_t> cell(n);
    parallel_chunks(n, threads, 8192, [&] {
        return [&](std::size_t begin, std::size_t end) {
            for (std::size_t i = begin; i < end; ++i) {
                unit[i] = geo::rectifying_unit_vector(queries[i]);
                cell[i] = grid ? cell_of(unit[i]) : cell_key(unit[i]);
            }
        };
    });
    std::vector<std::uint32_t> start(cells + 1, 0);
    for (const std::uint32_t c : cell)
        ++start[c + 1];
    for (std::size_t c = 0; c < cells; ++c)
        start[c + 1] += start[c];
    std::vector<std::uint32_t> rank(n); // position in search order
    for (std::size_t i = 0; i < n; ++i)
        rank[i] = start[cell[i]]++;

    // The queries in sorted order, contiguous: reached at random, they would cost a cache miss
    // each inside the search loop, where the processor cannot overlap them.
    struct Query {
        geo::LonLat lon_lat;
        geo::UnitVector unit;
        std::uint32_t cell;
    };
    std::vector<Query> sorted(n);
    for (std::size_t i = 0; i < n; ++i)
        sorted[rank[i]] = {queries[i], unit[i], cell[i]};
    unit = {};
    cell = {};

    // k slots per query in search order, so that the search writes its answers one after the
    // other; they are gathered into the caller's order afterwards, in a loop of independent
    // reads that the processor overlaps (written to scattered places from inside the search,
    // they cost a tenth of it).
    const std::size_t slots = std::min(k, size());
    std::vector<Hit> by_search(n * slots);
    std::vector<std::uint32_t> found(n); // by search position
    // Chunks small enough to balance uneven queries (a far cluster costs more than a near one),
    // large enough that the shared counter is not contended.
    const std::size_t chunk = std::clamp<std::size_t>(n / (threads * 64u), 16, 4096);
    std::mutex stats_mutex;
    parallel_chunks(n, threads, chunk, [&] {
        return [&, scratch = Scratch{}, out = std::vector<Hit>{}](std::size_t begin,
                                                                  std::size_t end) mutable {
            SearchStats stats;
            for (std::size_t j = begin; j < end; ++j) {
                const Query &query = sorted[j];
                if (!grid || !grid_nearest(query.lon_lat, query.unit, query.cell, k, max_m, scratch, out, stats))
                    search_nearest(query.lon_lat, query.unit, k, max_m, scratch, out, stats);
                copy_hits(out.data(), out.size(), by_search.data() + j * slots);
                found[j] = static_cast<std::uint32_t>(out.size());
            }
            const std::lock_guard lock(stats_mutex);
            total_stats += stats;
        };
    });
    for (std::size_t i = 0; i < n; ++i)
        results.offset[i + 1] = results.offset[i] + found[rank[i]];
    results.hits.resize(results.offset[n]);
    for (std::size_t i = 0; i < n; ++i)
        copy_hits(by_search.data() + std::size_t{rank[i]} * slots, found[rank[i]],
                  results.hits.data() + results.offset[i]);
    return results;
}

} // namespace depomap::query
