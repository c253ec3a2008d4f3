#pragma once
// Exact nearest-neighbour and radius queries by ellipsoidal (WGS84) geodesic distance.
//
// Points are indexed as unit vectors on the rectifying sphere in a 3D k-d tree; Euclidean box
// distances there give a rigorous lower bound on the geodesic distance (see geodesic.hpp), so the
// search prunes without ever missing a point, and only the few candidates whose bound does not
// rule them out get an exact geod_inverse. Correct across the antimeridian and at the poles,
// where degree-based indexes fail.
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
};

/// Immutable once built, so any number of threads may query it at once.
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
    /// are answered in a space-filling order so that neighbours share the tree in cache; that
    /// takes about 60 bytes of working memory per query besides the results.
    HitLists nearest_many(std::span<const geo::LonLat> queries, std::size_t k, double max_m,
                          unsigned threads = 0) const;

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

    std::uint32_t build(std::uint32_t begin, std::uint32_t end,
                        const std::vector<geo::UnitVector> &by_original);
    void search_nearest(geo::LonLat q, const geo::UnitVector &u, std::size_t k, double max_m,
                        Scratch &scratch, std::vector<Hit> &out, SearchStats &stats) const;

    // Point arrays in tree order: each leaf owns a contiguous range.
    std::vector<geo::UnitVector> unit_;
    std::vector<geo::LonLat> lon_lat_;
    std::vector<std::uint32_t> original_;
    std::vector<Node> nodes_; ///< pre-order, the root first
};

} // namespace depomap::query
