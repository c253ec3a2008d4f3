#pragma once
// Writes a whole SQLite R*Tree straight into its shadow tables from entries that arrive in
// spatial order, holding one partly filled node per tree level and nothing else: the memory a
// load needs for its index does not grow with the number of features.
#include "depomap/sqlite.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace depomap::loading {

/// A box as SQLite's R*Tree keeps it: 32-bit floats, already rounded outwards.
struct FloatBox {
    float min_x, min_y, max_x, max_y;
};

/// The smallest FloatBox holding the box given in doubles: each side rounded outwards, as
/// SpatiaLite's RTreeAlign does, so the box still contains its geometry.
FloatBox outward_box(double min_x, double min_y, double max_x, double max_y);

class RtreePacker {
  public:
    /// SQLite's R*Tree (ext/rtree/rtree.c) puts at most 51 cells in a node of the default size.
    static constexpr int max_cells = 51;
    static constexpr int cell_bytes = 8 + 4 * 4;

    /// `index` names the virtual table (idx_<layer>_geom); its shadow tables are emptied here.
    /// `node_size` is the length of the root node's blob, as the virtual table was created with.
    RtreePacker(sql::Database &db, const std::string &index, int node_size);

    /// Adds the next entry; entries must come in the order the tree should keep (Hilbert).
    void add(std::int64_t rowid, const FloatBox &box);

    /// Completes the partly filled nodes and writes the root (node 1). An empty tree keeps an
    /// empty root.
    void finish();

  private:
    struct Node {
        std::vector<std::int64_t> ids; ///< entry rowids (leaves) or child node numbers
        std::vector<FloatBox> boxes;
        FloatBox bounds() const;
    };
    /// One tree level: the node being filled and the last completed one, held back until a
    /// sibling follows, because a level's only node is the root and must be number 1.
    struct Level {
        Node filling;
        Node held; ///< empty when none is held (a completed node is never empty)
        std::int64_t completed = 0;
    };

    void add_to(std::size_t level, std::int64_t id, const FloatBox &box);
    void complete(std::size_t level);
    /// Writes a node and the rows pointing at it; passes it up to the level above unless root.
    void write(std::size_t level, const Node &node, bool root);
    void step(sql::Statement &stmt);
    /// Writes the held (entry rowid, leaf node) rows in rowid order: in Hilbert order they
    /// land all over the `_rowid` table's B-tree (a seek and often a page split each); sorted,
    /// SQLite appends them (1M points: about half the CPU of the random order).
    void flush_rowids();

    /// At most this many rowid rows are held (16 bytes each: 16 MiB); a bigger layer writes
    /// them in sorted runs of this size.
    static constexpr std::size_t rowids_held = 1 << 20;
    /// Rowid rows a statement (one statement's start and end for many rows).
    static constexpr std::size_t rowid_block = 128;

    sql::Database &db_;
    sql::Statement put_node_, put_rowid_, put_rowids_, put_parent_;
    std::vector<unsigned char> blob_;
    std::vector<Level> levels_;
    std::vector<std::pair<std::int64_t, std::int64_t>> rowids_; ///< (entry rowid, leaf node)
    std::int64_t next_number_ = 2; ///< node 1 is the root, written last
};

} // namespace depomap::loading
