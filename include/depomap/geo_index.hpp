#pragma once
// Exact nearest-neighbour and radius queries by ellipsoidal (WGS84) geodesic distance.
//
// Points are indexed as unit vectors on the rectifying sphere in a 3D k-d tree (and, for many
// queries, a grid of cells in front of it); Euclidean box distances there give a rigorous lower
// bound on the geodesic distance (see geodesic.hpp), so the search prunes without ever missing a
// point, and only the few candidates whose bound does not rule them out get an exact
// geod_inverse. Correct across the antimeridian and at the poles, where degree-based indexes fail.
#include "depomap/geodesic.hpp"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <vector>

namespace depomap::query {

struct Hit {
    std::uint32_t index; ///< position of the point in the span the index was built from
    double distance_m;   ///< geodesic distance from the query, geod_inverse
    double azimuth_deg;  ///< initial azimuth at the query towards the point, from the same call
    friend bool operator==(const Hit &, const Hit &) = default;
};

/// The answers to many queries in one block (a million small vectors would cost a million heap
/// blocks): query i's hits are hits[offset[i]] up to, not including, hits[offset[i + 1]].
struct HitLists {
    std::vector<Hit> hits;
    std::vector<std::size_t> offset; ///< one more entry than there were queries

    std::size_t size() const { return offset.empty() ? 0 : offset.size() - 1; }
    std::span<const Hit> operator[](std::size_t i) const {
        return {hits.data() + offset[i], hits.data() + offset[i + 1]};
    }
};

/// What a query cost, for benchmarks and tests.
struct SearchStats {
    std::uint64_t exact_distances = 0; ///< geod_inverse calls
    std::uint64_t nodes_visited = 0;   ///< k-d tree nodes opened
    std::uint64_t grid_answers = 0;    ///< queries answered from a grid cell, without the tree

    SearchStats &operator+=(const SearchStats &other) {
        exact_distances += other.exact_distances;
        nodes_visited += other.nodes_visited;
        grid_answers += other.grid_answers;
        return *this;
    }
};

/// Once built (and its grid prepared), any number of threads may query it at once.
class GeoIndex {
  public:
    /// Copies the points (about 60 bytes each with the tree). Throws depomap::Error for an
    /// invalid coordinate (naming its index) or more than 2^32 - 2 points.
    explicit GeoIndex(std::span<const geo::LonLat> points);

    std::size_t size() const { return lon_lat_.size(); }

    /// The k nearest points by ellipsoidal geodesic distance, exact, nearest first; equal
    /// distances are ordered by smaller index. Only points at most max_m away are returned.
    /// Throws depomap::Error for an invalid query point or a NaN max_m.
    std::vector<Hit> nearest(geo::LonLat q, std::size_t k,
                             double max_m = std::numeric_limits<double>::infinity()) const;
    /// The same, adding what the search cost to `stats`.
    std::vector<Hit> nearest(geo::LonLat q, std::size_t k, double max_m, SearchStats &stats) const;

    /// Every point within radius_m (inclusive), sorted by distance, then index.
    std::vector<Hit> within(geo::LonLat q, double radius_m) const;
    std::vector<Hit> within(geo::LonLat q, double radius_m, SearchStats &stats) const;

    /// nearest() for many queries on `threads` threads (0: one per hardware thread);
    /// result[i] answers queries[i]. Every query is validated before any work starts. Queries
    /// are answered in an order that keeps neighbours together, so that they share the tree or
    /// the grid in cache (the grid's cells when it is prepared for k, else a space-filling
    /// curve); that takes about 80 bytes of working memory per query besides the results.
    HitLists nearest_many(std::span<const geo::LonLat> queries, std::size_t k, double max_m,
                          unsigned threads = 0) const;
    /// The same, adding what the searches cost to `stats`.
    HitLists nearest_many(std::span<const geo::LonLat> queries, std::size_t k, double max_m,
                          unsigned threads, SearchStats &stats) const;

    /// Prepares nearest_many for k-nearest queries by a grid of about two cells per point over
    /// the sphere. Each cell lists the few points that can be among the k nearest of a query in
    /// it, and a lower bound on the distance to every other point; a query whose k-th exact
    /// distance among its cell's points stays below that bound is answered without the tree.
    /// Cells where too many points qualify (every point in one cluster, seen from far away) keep
    /// the tree. The answers are the same either way; the grid costs a few microseconds per
    /// cell to build, so it pays before many more queries than points. `threads` as in
    /// nearest_many. It changes the index: not while another thread queries it.
    void prepare_grid(std::size_t k, unsigned threads = 0);

  private:
    // 32 bytes, two per cache line. Boxes are rounded outwards to float, so they still contain
    // every unit vector below them.
    struct Node {
        float lo[3];
        float hi[3];
        std::uint32_t first; ///< leaf: first point; inner node: right child (left is next)
        std::uint32_t count; ///< leaf: number of points; inner node: 0
    };
    struct Entry;
    struct Scratch;
    // A grid cell: its points are cell_points_[first, first + count), or count == tree_cell.
    struct Cell {
        std::uint32_t first;
        std::uint32_t count;
        double outside_chord; ///< chord from any query in the cell to any point not listed is above this
    };
    static constexpr std::uint32_t tree_cell = 0xffffffffu;
    struct GridPoint {
        geo::UnitVector unit;    ///< a copy, so a cell's points are read in one run
        std::uint32_t position;  ///< in the point arrays
    };

    std::uint32_t build(std::uint32_t begin, std::uint32_t end,
                        const std::vector<geo::UnitVector> &by_original);
    void search_nearest(geo::LonLat q, const geo::UnitVector &u, std::size_t k, double max_m,
                        Scratch &scratch, std::vector<Hit> &out, SearchStats &stats) const;
    // k-nearest from the grid for a query in cell `cell` (cell_of(u)); false when the cell
    // cannot tell, and the tree must.
    bool grid_nearest(geo::LonLat q, const geo::UnitVector &u, std::uint32_t cell, std::size_t k,
                      double max_m, Scratch &scratch, std::vector<Hit> &out,
                      SearchStats &stats) const;
    // Adds the exact distance of the point at `position` to the k-best max-heap `out`, and
    // lowers limit2 once the heap is full.
    void refine(geo::LonLat q, std::uint32_t position, std::size_t k, double max_m, double max_limit2,
                std::vector<Hit> &out, double &limit2, SearchStats &stats) const;
    // refine() for the candidates in order of their bound, until the bound passes limit2.
    void refine_in_order(geo::LonLat q, std::vector<Entry> &candidates, std::size_t k, double max_m,
                         double max_limit2, std::vector<Hit> &out, double &limit2,
                         SearchStats &stats) const;
    std::uint32_t cell_of(const geo::UnitVector &u) const;
    double kth_squared_chord(const geo::UnitVector &c, std::size_t k, std::vector<std::uint32_t> &stack,
                             std::vector<double> &heap) const;
    bool points_within(const geo::UnitVector &c, double r2, std::size_t cap,
                       std::vector<std::uint32_t> &stack, std::vector<std::uint32_t> &out) const;

    // Point arrays in tree order: each leaf owns a contiguous range.
    std::vector<geo::UnitVector> unit_;
    std::vector<geo::LonLat> lon_lat_;
    std::vector<std::uint32_t> original_;
    std::vector<Node> nodes_; ///< pre-order, the root first

    // The grid: 6 cube faces of grid_n_ x grid_n_ cells (gnomonic), for k = grid_k_ (0: none).
    std::size_t grid_k_ = 0;
    std::uint32_t grid_n_ = 0;
    std::vector<Cell> cells_;
    std::vector<GridPoint> cell_points_;
};

} // namespace depomap::query
