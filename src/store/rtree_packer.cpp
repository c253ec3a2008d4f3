#include "store/rtree_packer.hpp"

#include "depomap/error.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

namespace depomap::loading {
namespace {

using sql::quote_identifier;

void put_be32(unsigned char *p, std::uint32_t v) {
    p[0] = static_cast<unsigned char>(v >> 24);
    p[1] = static_cast<unsigned char>(v >> 16);
    p[2] = static_cast<unsigned char>(v >> 8);
    p[3] = static_cast<unsigned char>(v);
}

void put_be64(unsigned char *p, std::uint64_t v) {
    put_be32(p, static_cast<std::uint32_t>(v >> 32));
    put_be32(p + 4, static_cast<std::uint32_t>(v));
}

void put_float(unsigned char *p, float f) {
    std::uint32_t bits;
    std::memcpy(&bits, &f, sizeof bits);
    put_be32(p, bits);
}

float round_down(double v) {
    float f = static_cast<float>(v);
    if (static_cast<double>(f) > v)
        f = std::nextafter(f, -INFINITY);
    return f;
}

float round_up(double v) {
    float f = static_cast<float>(v);
    if (static_cast<double>(f) < v)
        f = std::nextafter(f, INFINITY);
    return f;
}

} // namespace

FloatBox outward_box(double min_x, double min_y, double max_x, double max_y) {
    return {round_down(min_x), round_down(min_y), round_up(max_x), round_up(max_y)};
}

RtreePacker::RtreePacker(sql::Database &db, const std::string &index, int node_size)
    : db_(db), put_node_(db, "INSERT INTO " + quote_identifier(index + "_node") + " VALUES (?, ?)"),
      put_rowid_(db, "INSERT INTO " + quote_identifier(index + "_rowid") + " VALUES (?, ?)"),
      put_rowids_(db, "INSERT INTO " + quote_identifier(index + "_rowid") + " VALUES " + sql::repeated_rows("(?, ?)", rowid_block)),
      put_parent_(db, "INSERT INTO " + quote_identifier(index + "_parent") + " VALUES (?, ?)"),
      blob_(static_cast<std::size_t>(node_size)) {
    if (node_size < 4 + max_cells * cell_bytes)
        throw Error(db.path() + ": spatial index " + index + " has nodes too small to pack");
    db.exec("DELETE FROM " + quote_identifier(index + "_node"));
    db.exec("DELETE FROM " + quote_identifier(index + "_rowid"));
    db.exec("DELETE FROM " + quote_identifier(index + "_parent"));
}

FloatBox RtreePacker::Node::bounds() const {
    FloatBox b{INFINITY, INFINITY, -INFINITY, -INFINITY};
    for (const auto &c : boxes) {
        b.min_x = std::min(b.min_x, c.min_x);
        b.min_y = std::min(b.min_y, c.min_y);
        b.max_x = std::max(b.max_x, c.max_x);
        b.max_y = std::max(b.max_y, c.max_y);
    }
    return b;
}

void RtreePacker::add(std::int64_t rowid, const FloatBox &box) { add_to(0, rowid, box); }

void RtreePacker::add_to(std::size_t level, std::int64_t id, const FloatBox &box) {
    if (levels_.size() <= level)
        levels_.resize(level + 1);
    auto &node = levels_[level].filling;
    node.ids.push_back(id);
    node.boxes.push_back(box);
    if (node.ids.size() == static_cast<std::size_t>(max_cells))
        complete(level);
}

// A full (or, in finish(), the last) node of a level: the one held before it now has a sibling,
// so it is not the root and can be written.
void RtreePacker::complete(std::size_t level) {
    // write() may add a level above, moving levels_: index it afresh after each call.
    if (!levels_[level].held.ids.empty()) {
        const Node previous = std::exchange(levels_[level].held, Node{});
        write(level, previous, false);
    }
    auto &l = levels_[level];
    l.held = std::move(l.filling);
    l.filling = Node{};
    ++l.completed;
}

void RtreePacker::finish() {
    for (std::size_t level = 0; level < levels_.size(); ++level) {
        if (!levels_[level].filling.ids.empty())
            complete(level);
        if (levels_[level].held.ids.empty())
            continue;
        // A level whose only node this is, with nothing above: the root. Otherwise the node
        // goes up a level, which write() creates if needed, so the loop reaches it.
        const bool root = levels_[level].completed == 1 && levels_.size() == level + 1;
        const Node last = std::exchange(levels_[level].held, Node{});
        write(level, last, root);
    }
    if (levels_.empty())
        write(0, Node{}, true);
    flush_rowids();
}

void RtreePacker::flush_rowids() {
    std::sort(rowids_.begin(), rowids_.end());
    std::size_t at = 0;
    for (; at + rowid_block <= rowids_.size(); at += rowid_block) {
        int index = 1;
        for (std::size_t i = at; i < at + rowid_block; ++i, index += 2)
            put_rowids_.bind(index, rowids_[i].first).bind(index + 1, rowids_[i].second);
        step(put_rowids_);
    }
    for (; at < rowids_.size(); ++at) {
        put_rowid_.bind(1, rowids_[at].first).bind(2, rowids_[at].second);
        step(put_rowid_);
    }
    rowids_.clear();
}

void RtreePacker::write(std::size_t level, const Node &node, bool root) {
    const std::int64_t number = root ? 1 : next_number_++;
    std::fill(blob_.begin(), blob_.end(), 0);
    const auto depth = root ? level : 0;
    blob_[0] = static_cast<unsigned char>(depth >> 8);
    blob_[1] = static_cast<unsigned char>(depth & 0xff);
    blob_[2] = static_cast<unsigned char>(node.ids.size() >> 8);
    blob_[3] = static_cast<unsigned char>(node.ids.size() & 0xff);
    for (std::size_t c = 0; c < node.ids.size(); ++c) {
        unsigned char *cell = blob_.data() + 4 + c * cell_bytes;
        const auto &b = node.boxes[c];
        put_be64(cell, static_cast<std::uint64_t>(node.ids[c]));
        put_float(cell + 4 * 2, b.min_x);
        put_float(cell + 4 * 3, b.max_x);
        put_float(cell + 4 * 4, b.min_y);
        put_float(cell + 4 * 5, b.max_y);
        if (level == 0) {
            rowids_.emplace_back(node.ids[c], number);
        } else {
            put_parent_.bind(1, node.ids[c]).bind(2, number);
            step(put_parent_);
        }
    }
    if (rowids_.size() >= rowids_held) flush_rowids();
    put_node_.bind(1, number).bind_blob(2, blob_);
    step(put_node_);
    if (!root)
        add_to(level + 1, number, node.bounds());
}

void RtreePacker::step(sql::Statement &stmt) {
    if (const int rc = stmt.step_code(); rc != SQLITE_DONE)
        throw Error(sql::write_error(db_.path(), rc, "building the spatial index failed", stmt.error_message()));
    stmt.reset();
}

} // namespace depomap::loading
