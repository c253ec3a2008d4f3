#include "gdal/output/shapefile_writer.hpp"

#include "depomap/error.hpp"

#include <ogr_geometry.h>

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <ctime>
#include <limits>

namespace depomap::output {

namespace fs = std::filesystem;

namespace {

constexpr std::size_t block = 1 << 20;
constexpr int shp_header = 100;
constexpr std::size_t dbf_text_max = 254, dbf_number_max = 255;
/// Offsets and lengths are 32-bit counts of 16-bit words: a .shp ends before 4 GiB.
constexpr std::uint64_t shp_max = 0x7FFFFFFFull * 2;

int shape_code(ShapeType type) {
    switch (type) {
    case ShapeType::point: return 1;
    case ShapeType::polyline: return 3;
    case ShapeType::polygon: return 5;
    case ShapeType::none: break;
    }
    return 0;
}

void put_le32(std::string &out, std::int32_t v) {
    const auto u = static_cast<std::uint32_t>(v);
    const char b[4] = {char(u), char(u >> 8), char(u >> 16), char(u >> 24)};
    out.append(b, 4);
}
void put_be32(std::string &out, std::int32_t v) {
    const auto u = static_cast<std::uint32_t>(v);
    const char b[4] = {char(u >> 24), char(u >> 16), char(u >> 8), char(u)};
    out.append(b, 4);
}
void put_double(std::string &out, double v) {
    char b[8];
    std::memcpy(b, &v, 8); // the machine is little-endian, as the format's doubles are
    out.append(b, 8);
}
std::int32_t get_le32(const char *p) {
    std::uint32_t u = 0;
    for (int i = 3; i >= 0; --i) u = (u << 8) | static_cast<unsigned char>(p[i]);
    return static_cast<std::int32_t>(u);
}
std::int32_t get_be32(const char *p) {
    std::uint32_t u = 0;
    for (int i = 0; i < 4; ++i) u = (u << 8) | static_cast<unsigned char>(p[i]);
    return static_cast<std::int32_t>(u);
}
double get_double(const char *p) {
    double v;
    std::memcpy(&v, p, 8);
    return v;
}

/// Twice the signed area of a ring (positive: counter-clockwise).
double signed_area2(const double *xy, std::size_t n) {
    double sum = 0;
    for (std::size_t i = 0; i + 1 < n; ++i) sum += xy[2 * i] * xy[2 * i + 3] - xy[2 * i + 2] * xy[2 * i + 1];
    return sum;
}

/// The 100-byte header shared by .shp and .shx.
std::string main_header(ShapeType type, std::uint64_t bytes, bool have_bounds, const double bounds[4]) {
    std::string h;
    put_be32(h, 9994);
    for (int i = 0; i < 5; ++i) put_be32(h, 0);
    put_be32(h, static_cast<std::int32_t>(bytes / 2));
    put_le32(h, 1000);
    put_le32(h, shape_code(type));
    for (int i = 0; i < 4; ++i) put_double(h, have_bounds ? bounds[i] : 0.0);
    for (int i = 0; i < 4; ++i) put_double(h, 0.0); // Z and M ranges
    return h;
}

} // namespace

// ---------------------------------------------------------------------------------------------
// Output: a file written in large blocks, its header rewritten at the end.

class ShapefileWriter::File {
  public:
    explicit File(fs::path path) : path_(std::move(path)) {
        fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
        if (fd_ < 0) throw Error(path_.string() + ": cannot write here: " + std::strerror(errno));
        buffer_.reserve(block + 4096);
    }
    File(const File &) = delete;
    File &operator=(const File &) = delete;
    ~File() {
        if (fd_ >= 0) ::close(fd_);
    }

    void append(std::string_view bytes) {
        buffer_.append(bytes);
        if (buffer_.size() >= block) flush();
    }
    void flush() {
        write_at(buffer_, -1);
        buffer_.clear();
    }
    /// Writes `bytes` at `offset` (-1: at the end), whole or Error.
    void write_at(std::string_view bytes, off_t offset) {
        std::size_t done = 0;
        while (done < bytes.size()) {
            const auto rest = bytes.size() - done;
            const ssize_t w = offset < 0 ? ::write(fd_, bytes.data() + done, rest)
                                         : ::pwrite(fd_, bytes.data() + done, rest, offset + static_cast<off_t>(done));
            if (w < 0 && errno == EINTR) continue;
            if (w <= 0) fail();
            done += static_cast<std::size_t>(w);
        }
    }
    void close() {
        flush();
        const int fd = fd_;
        fd_ = -1;
        if (::close(fd) != 0) fail();
    }

  private:
    [[noreturn]] void fail() const {
        const int e = errno;
        if (e == ENOSPC || e == EDQUOT) throw Error(path_.filename().string() + ": writing failed: no space left on the disk");
        throw Error(path_.filename().string() + ": writing failed: " + std::strerror(e));
    }

    fs::path path_;
    int fd_ = -1;
    std::string buffer_;
};

std::string dbf_record_overflow(int fields_before, long record_before, int width) {
    if (record_before + width <= dbf_record_max) return "";
    return "a DBF record holds at most 65,535 bytes, and the " + std::to_string(fields_before) +
           " fields before it take " + std::to_string(record_before) + "; its " + std::to_string(width) +
           " bytes do not fit (write fewer or narrower fields, or use GPKG or FlatGeobuf)";
}

// ---------------------------------------------------------------------------------------------
// ShapefileWriter

namespace {

fs::path sibling(const fs::path &shp, const char *extension) {
    auto p = shp;
    p.replace_extension(extension);
    return p;
}

/// The DBF header: dBase III, today's date, the record count, then the field descriptors.
std::string dbf_header(const std::vector<DbfField> &fields, std::int64_t records, std::size_t record_size) {
    std::string h(32, '\0');
    const std::time_t now = std::time(nullptr);
    std::tm day{};
    gmtime_r(&now, &day);
    h[0] = 0x03;
    h[1] = static_cast<char>(day.tm_year);
    h[2] = static_cast<char>(day.tm_mon + 1);
    h[3] = static_cast<char>(day.tm_mday);
    const auto n = static_cast<std::uint32_t>(records);
    const auto header_size = static_cast<std::uint32_t>(32 + 32 * fields.size() + 1);
    const char counts[8] = {char(n), char(n >> 8), char(n >> 16), char(n >> 24),
                            char(header_size), char(header_size >> 8), char(record_size), char(record_size >> 8)};
    std::memcpy(h.data() + 4, counts, 8);
    for (const auto &f : fields) {
        std::string d(32, '\0');
        std::memcpy(d.data(), f.name.data(), std::min<std::size_t>(f.name.size(), 10));
        d[11] = f.numeric ? 'N' : 'C';
        d[16] = static_cast<char>(f.width);
        d[17] = static_cast<char>(f.numeric ? f.decimals : 0);
        h += d;
    }
    h += '\x0D';
    return h;
}

} // namespace

ShapefileWriter::ShapefileWriter(fs::path shp, ShapeType type, std::vector<DbfField> fields, std::string prj_wkt)
    : shp_(std::move(shp)), type_(type), fields_(std::move(fields)) {
    long size = 1; // the deletion flag
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        const auto &f = fields_[i];
        const auto max = f.numeric ? dbf_number_max : dbf_text_max;
        if (f.name.empty() || f.name.size() > 10 || f.width < 1 || static_cast<std::size_t>(f.width) > max ||
            f.decimals < 0 || (f.numeric && f.decimals > 0 && f.decimals > f.width - 2)) {
            throw Error(shp_.filename().string() + ": field '" + f.name + "' of width " + std::to_string(f.width) +
                        " does not fit a DBF field");
        }
        if (auto why = dbf_record_overflow(static_cast<int>(i), size, f.width); !why.empty()) {
            throw Error(shp_.stem().string() + ": cannot create field " + f.name + ": " + why);
        }
        offset_.push_back(static_cast<std::size_t>(size));
        size += f.width;
    }
    record_.assign(static_cast<std::size_t>(size), ' ');
    dbf_file_ = std::make_unique<File>(sibling(shp_, ".dbf"));
    dbf_file_->append(dbf_header(fields_, 0, record_.size()));
    File cpg(sibling(shp_, ".cpg"));
    cpg.append("UTF-8");
    cpg.close();
    if (type_ != ShapeType::none) {
        shp_file_ = std::make_unique<File>(shp_);
        shx_file_ = std::make_unique<File>(sibling(shp_, ".shx"));
        const std::string placeholder(shp_header, '\0');
        shp_file_->append(placeholder);
        shx_file_->append(placeholder);
        if (!prj_wkt.empty()) {
            File prj(sibling(shp_, ".prj"));
            prj.append(prj_wkt);
            prj.close();
        }
    }
    // A field not given is NULL: numbers '*'-filled, text blank (what GDAL writes for NULL).
    for (std::size_t i = 0; i < fields_.size(); ++i) {
        if (fields_[i].numeric) std::fill_n(record_.begin() + static_cast<std::ptrdiff_t>(offset_[i]), fields_[i].width, '*');
    }
    null_record_ = record_;
}

ShapefileWriter::~ShapefileWriter() = default;

void ShapefileWriter::put_field(std::size_t field, std::string_view text, bool right_aligned) {
    const auto &f = fields_.at(field);
    const auto width = static_cast<std::size_t>(f.width);
    if (text.size() > width) {
        throw Error("field " + f.name + ": '" + std::string(text.substr(0, 40)) + (text.size() > 40 ? "…" : "") +
                    "' takes " + std::to_string(text.size()) + " bytes, more than its DBF width of " +
                    std::to_string(width));
    }
    char *at = record_.data() + offset_[field];
    std::memset(at, ' ', width);
    std::memcpy(at + (right_aligned ? width - text.size() : 0), text.data(), text.size());
}

void ShapefileWriter::text(std::size_t field, std::string_view value) {
    if (fields_.at(field).numeric) throw Error("field " + fields_[field].name + ": text in a number field");
    put_field(field, value, false);
}

void ShapefileWriter::number(std::size_t field, double value) {
    const auto &f = fields_.at(field);
    if (!std::isfinite(value)) throw Error("field " + f.name + ": a non-finite number cannot be written to DBF");
    char buffer[400];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, f.decimals).ptr;
    put_field(field, std::string_view(buffer, static_cast<std::size_t>(end - buffer)), true);
}

void ShapefileWriter::integer(std::size_t field, std::int64_t value) {
    const auto &f = fields_.at(field);
    char buffer[300];
    char *end = std::to_chars(buffer, buffer + 32, value).ptr;
    if (f.decimals > 0) {
        *end++ = '.';
        end = std::fill_n(end, f.decimals, '0');
    }
    put_field(field, std::string_view(buffer, static_cast<std::size_t>(end - buffer)), true);
}

void ShapefileWriter::add_bounds(double min_x, double min_y, double max_x, double max_y) {
    if (!have_bounds_) {
        bounds_[0] = min_x, bounds_[1] = min_y, bounds_[2] = max_x, bounds_[3] = max_y;
        have_bounds_ = true;
        return;
    }
    bounds_[0] = std::min(bounds_[0], min_x);
    bounds_[1] = std::min(bounds_[1], min_y);
    bounds_[2] = std::max(bounds_[2], max_x);
    bounds_[3] = std::max(bounds_[3], max_y);
}

namespace {

/// Appends a ring's or line's points (x, y) to `points`, reversed when asked.
void add_points(const OGRSimpleCurve &curve, std::vector<double> &points, bool reverse) {
    const int n = curve.getNumPoints();
    const auto at = points.size();
    points.resize(at + 2 * static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
        const int k = reverse ? n - 1 - i : i;
        points[at + 2 * static_cast<std::size_t>(i)] = curve.getX(k);
        points[at + 2 * static_cast<std::size_t>(i) + 1] = curve.getY(k);
    }
}

} // namespace

void ShapefileWriter::write_shape(const OGRGeometry *geometry) {
    shape_.clear();
    points_.clear();
    parts_.clear();
    const auto kind = geometry && !geometry->IsEmpty() ? wkbFlatten(geometry->getGeometryType()) : wkbNone;
    const auto refuse = [&] {
        throw Error(std::string("a Shapefile of ") +
                    (type_ == ShapeType::point ? "points" : type_ == ShapeType::polyline ? "lines" : "polygons") +
                    " cannot hold a " + OGRGeometryTypeToName(geometry->getGeometryType()));
    };
    const auto add_part = [&](const OGRSimpleCurve &curve, bool reverse) {
        parts_.push_back(static_cast<std::int32_t>(points_.size() / 2));
        add_points(curve, points_, reverse);
    };
    // Polygon rings: outer clockwise (negative signed area), holes counter-clockwise.
    const auto add_polygon = [&](const OGRPolygon &polygon) {
        for (int r = 0; r <= polygon.getNumInteriorRings(); ++r) {
            const auto *ring = r == 0 ? polygon.getExteriorRing() : polygon.getInteriorRing(r - 1);
            if (!ring || ring->IsEmpty()) continue;
            add_part(*ring, false);
            const auto first = static_cast<std::size_t>(parts_.back());
            const double area = signed_area2(points_.data() + 2 * first, points_.size() / 2 - first);
            if ((r == 0) == (area > 0)) {
                points_.resize(2 * first);
                add_points(*ring, points_, true);
            }
        }
    };
    if (kind == wkbNone) {
        put_le32(shape_, 0);
    } else if (type_ == ShapeType::point) {
        if (kind != wkbPoint) refuse();
        const auto *p = geometry->toPoint();
        put_le32(shape_, 1);
        put_double(shape_, p->getX());
        put_double(shape_, p->getY());
        add_bounds(p->getX(), p->getY(), p->getX(), p->getY());
    } else {
        if (type_ == ShapeType::polyline && kind == wkbLineString) add_part(*geometry->toLineString(), false);
        else if (type_ == ShapeType::polyline && kind == wkbMultiLineString) {
            for (const auto *line : *geometry->toMultiLineString()) {
                if (!line->IsEmpty()) add_part(*line, false);
            }
        } else if (type_ == ShapeType::polygon && kind == wkbPolygon) add_polygon(*geometry->toPolygon());
        else if (type_ == ShapeType::polygon && kind == wkbMultiPolygon) {
            for (const auto *polygon : *geometry->toMultiPolygon()) add_polygon(*polygon);
        } else refuse();
        OGREnvelope e;
        geometry->getEnvelope(&e);
        put_le32(shape_, shape_code(type_));
        for (const double v : {e.MinX, e.MinY, e.MaxX, e.MaxY}) put_double(shape_, v);
        put_le32(shape_, static_cast<std::int32_t>(parts_.size()));
        put_le32(shape_, static_cast<std::int32_t>(points_.size() / 2));
        for (const auto part : parts_) put_le32(shape_, part);
        for (const double v : points_) put_double(shape_, v);
        add_bounds(e.MinX, e.MinY, e.MaxX, e.MaxY);
    }
}

void ShapefileWriter::end_record(const OGRGeometry *geometry) {
    if (type_ != ShapeType::none) {
        write_shape(geometry);
        const auto words = static_cast<std::int32_t>(shape_.size() / 2);
        if (shp_bytes_ + 8 + shape_.size() > shp_max) {
            throw Error(shp_.filename().string() + ": a .shp file holds at most 4 GiB; use GPKG or FlatGeobuf");
        }
        std::string head;
        put_be32(head, static_cast<std::int32_t>(records_ + 1));
        put_be32(head, words);
        shp_file_->append(head);
        shp_file_->append(shape_);
        std::string index;
        put_be32(index, static_cast<std::int32_t>(shp_bytes_ / 2));
        put_be32(index, words);
        shx_file_->append(index);
        shp_bytes_ += 8 + shape_.size();
    }
    dbf_file_->append(record_);
    record_ = null_record_;
    ++records_;
}

void ShapefileWriter::finish() {
    if (finished_) return;
    finished_ = true;
    dbf_file_->append("\x1A");
    dbf_file_->flush();
    dbf_file_->write_at(dbf_header(fields_, records_, record_.size()), 0);
    dbf_file_->close();
    if (type_ == ShapeType::none) return;
    shp_file_->flush();
    shp_file_->write_at(main_header(type_, shp_bytes_, have_bounds_, bounds_), 0);
    shp_file_->close();
    shx_file_->flush();
    shx_file_->write_at(main_header(type_, shp_header + 8 * static_cast<std::uint64_t>(records_), have_bounds_, bounds_), 0);
    shx_file_->close();
}

// ---------------------------------------------------------------------------------------------
// ShapefileReader

class ShapefileReader::Input {
  public:
    explicit Input(fs::path path) : path_(std::move(path)) {
        file_ = std::fopen(path_.c_str(), "rb");
        if (!file_) throw Error(path_.string() + ": cannot read: " + std::strerror(errno));
        std::setvbuf(file_, nullptr, _IOFBF, block);
    }
    Input(const Input &) = delete;
    Input &operator=(const Input &) = delete;
    ~Input() { std::fclose(file_); }

    /// Reads `n` bytes into `out`, or Error saying the file ends early.
    void read(std::string &out, std::size_t n) {
        out.resize(n);
        if (n && std::fread(out.data(), 1, n, file_) != n) bad("ends early");
        offset_ += n;
    }
    bool at_end() { return std::fgetc(file_) == EOF; }
    /// Bytes read so far (kept here: ftell asks the kernel each time).
    std::uint64_t offset() const { return offset_; }
    std::uint64_t size() const { return fs::file_size(path_); }
    [[noreturn]] void bad(const std::string &why) const { throw Error(path_.string() + ": " + why); }

  private:
    fs::path path_;
    std::FILE *file_ = nullptr;
    std::uint64_t offset_ = 0;
};

ShapefileReader::ShapefileReader(fs::path shp, ShapeType type)
    : shp_(std::move(shp)), dbf_(sibling(shp_, ".dbf")), type_(type) {
    dbf_in_ = std::make_unique<Input>(dbf_);
    std::string h;
    dbf_in_->read(h, 32);
    if (h[0] != 0x03) dbf_in_->bad("not a dBase III table");
    records_ = static_cast<std::uint32_t>(get_le32(h.data() + 4));
    const auto header_size = static_cast<unsigned char>(h[8]) | static_cast<unsigned char>(h[9]) << 8;
    record_size_ = static_cast<unsigned char>(h[10]) | static_cast<std::size_t>(static_cast<unsigned char>(h[11])) << 8;
    if (header_size < 33 || (header_size - 33) % 32 != 0) dbf_in_->bad("a header of " + std::to_string(header_size) + " bytes");
    std::size_t size = 1;
    std::string d;
    for (int i = 0; i < (header_size - 33) / 32; ++i) {
        dbf_in_->read(d, 32);
        DbfField f;
        f.name.assign(d.data(), strnlen(d.data(), 11));
        if (d[11] != 'N' && d[11] != 'C') dbf_in_->bad("field " + f.name + " is of type '" + d[11] + "'");
        f.numeric = d[11] == 'N';
        f.width = static_cast<unsigned char>(d[16]);
        f.decimals = static_cast<unsigned char>(d[17]);
        offset_.push_back(size);
        size += static_cast<std::size_t>(f.width);
        fields_.push_back(std::move(f));
    }
    dbf_in_->read(d, 1);
    if (d[0] != '\x0D') dbf_in_->bad("the field list is not terminated");
    if (size != record_size_) dbf_in_->bad("records of " + std::to_string(record_size_) + " bytes for fields of " + std::to_string(size));
    const auto expected = static_cast<std::uint64_t>(header_size) + record_size_ * static_cast<std::uint64_t>(records_) + 1;
    if (dbf_in_->size() != expected) dbf_in_->bad(std::to_string(dbf_in_->size()) + " bytes where " + std::to_string(records_) + " records take " + std::to_string(expected));
    if (type_ == ShapeType::none) return;
    shp_in_ = std::make_unique<Input>(shp_);
    shx_in_ = std::make_unique<Input>(sibling(shp_, ".shx"));
    for (auto *in : {shp_in_.get(), shx_in_.get()}) {
        in->read(h, shp_header);
        if (get_be32(h.data()) != 9994 || get_le32(h.data() + 28) != 1000) in->bad("not an ESRI Shapefile");
        if (get_le32(h.data() + 32) != shape_code(type_)) in->bad("shape type " + std::to_string(get_le32(h.data() + 32)) + ", not " + std::to_string(shape_code(type_)));
        if (static_cast<std::uint64_t>(static_cast<std::uint32_t>(get_be32(h.data() + 24))) * 2 != in->size()) in->bad("its header gives another length than the file's");
    }
    if (shx_in_->size() != shp_header + 8 * static_cast<std::uint64_t>(records_)) shx_in_->bad("does not index " + std::to_string(records_) + " records");
}

ShapefileReader::~ShapefileReader() = default;

bool ShapefileReader::next() {
    if (read_ == records_) {
        std::string end;
        dbf_in_->read(end, 1);
        if (end[0] != '\x1A') dbf_in_->bad("no end-of-file mark after the last record");
        if (shp_in_ && !shp_in_->at_end()) shp_in_->bad("holds more than " + std::to_string(records_) + " records");
        return false;
    }
    dbf_in_->read(record_, record_size_);
    if (record_[0] != ' ') dbf_in_->bad("record " + std::to_string(read_ + 1) + " is marked deleted");
    ++read_;
    if (shp_in_) read_shape();
    return true;
}

void ShapefileReader::read_shape() {
    const auto offset = shp_in_->offset();
    std::string head, index;
    shp_in_->read(head, 8);
    shx_in_->read(index, 8);
    const auto words = get_be32(head.data() + 4);
    if (get_be32(head.data()) != read_ || words < 2) shp_in_->bad("record " + std::to_string(read_) + " is broken");
    if (static_cast<std::uint64_t>(get_be32(index.data())) * 2 != offset || get_be32(index.data() + 4) != words) {
        shx_in_->bad("record " + std::to_string(read_) + " is indexed at another place than the .shp holds it");
    }
    shp_in_->read(shape_, static_cast<std::size_t>(words) * 2);
    const auto code = get_le32(shape_.data());
    bounds_.reset();
    if (code == 0) return;
    if (code != shape_code(type_)) shp_in_->bad("record " + std::to_string(read_) + " has shape type " + std::to_string(code));
    const char *p = shape_.data() + 4;
    if (type_ == ShapeType::point) {
        if (shape_.size() < 20) shp_in_->bad("record " + std::to_string(read_) + " is too short");
        const double x = get_double(p), y = get_double(p + 8);
        bounds_ = ShapeBounds{x, y, x, y};
        return;
    }
    if (shape_.size() < 44) shp_in_->bad("record " + std::to_string(read_) + " is too short");
    const auto parts = get_le32(p + 32), points = get_le32(p + 36);
    if (parts < 1 || points < 0 || shape_.size() != 44 + 4 * static_cast<std::size_t>(parts) + 16 * static_cast<std::size_t>(points)) {
        shp_in_->bad("record " + std::to_string(read_) + " has a size that does not match its parts and points");
    }
    // The bounds from the points themselves, not the record's box: they must agree.
    const char *xy = p + 40 + 4 * parts;
    ShapeBounds b{get_double(xy), get_double(xy + 8), get_double(xy), get_double(xy + 8)};
    for (int i = 1; i < points; ++i) {
        const double x = get_double(xy + 16 * i), y = get_double(xy + 16 * i + 8);
        b.min_x = std::min(b.min_x, x), b.max_x = std::max(b.max_x, x);
        b.min_y = std::min(b.min_y, y), b.max_y = std::max(b.max_y, y);
    }
    if (b.min_x != get_double(p) || b.min_y != get_double(p + 8) || b.max_x != get_double(p + 16) || b.max_y != get_double(p + 24)) {
        shp_in_->bad("record " + std::to_string(read_) + "'s box is not the box of its points");
    }
    bounds_ = b;
}

std::string_view ShapefileReader::text(std::size_t field) const {
    std::string_view v(record_.data() + offset_.at(field), static_cast<std::size_t>(fields_[field].width));
    while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
    while (!v.empty() && v.back() == ' ') v.remove_suffix(1);
    return v;
}

std::optional<double> ShapefileReader::number(std::size_t field) const {
    const auto v = text(field);
    if (v.empty() || v.find_first_not_of('*') == std::string_view::npos) return std::nullopt;
    double d = 0;
    const auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), d);
    if (ec != std::errc() || end != v.data() + v.size()) {
        dbf_in_->bad("record " + std::to_string(read_) + ", field " + fields_[field].name + ": '" + std::string(v) + "' is not a number");
    }
    return d;
}

} // namespace depomap::output
