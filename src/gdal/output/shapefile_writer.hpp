#pragma once
// A streaming ESRI Shapefile writer (.shp, .shx, .dbf, .cpg, .prj) and the reader that checks what
// it wrote.
//
// Why not GDAL's driver: it seeks and writes once per record and per field (on 1M points, half the
// time went to lseek, write and printf), and sizes text fields at 254 bytes unless told. This
// writer takes the field widths its caller measured, builds each record in memory and writes the
// three files in large sequential blocks; the headers (record count, file lengths, bounds) are
// written last, at offset 0.
//
// The files are what GDAL's Shapefile driver writes with ENCODING=UTF-8: dBase III records of
// 'C' (text, left-aligned, space-padded) and 'N' (fixed-point text, right-aligned, as printf's
// %*.*f) fields, a NULL number as '*' fill, a NULL text as spaces (DBF has no NULL text), a .cpg
// saying UTF-8, and ESRI WKT in the .prj. Shapes: Point (1), PolyLine (3) and Polygon (5), every
// part of a multi-geometry one part of its record, polygon outer rings clockwise and holes
// counter-clockwise as the format wants them; a missing or empty geometry is a Null shape (0).
// Z and M are not written (the store is 2D).
//
// ShapefileReader reads the three files back independently of the writer's state (the headers,
// the field descriptors, every record), giving values as GDAL's reader does: text trimmed of
// spaces at both ends, empty text and '*'-filled numbers as NULL.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

class OGRGeometry;

namespace depomap::output {

/// The geometry a Shapefile holds: one kind per file; `none` writes a table (.dbf and .cpg only).
enum class ShapeType { none, point, polyline, polygon };

struct DbfField {
    std::string name;      ///< at most 10 bytes (the caller's short names)
    bool numeric = false;  ///< 'N' (fixed-point text) rather than 'C' (text)
    int width = 1;         ///< bytes: 1 to 254 for text, 1 to 255 for numbers
    int decimals = 0;      ///< digits after the point ('N' only)
};

/// The largest DBF record: the deletion flag and every field's width.
inline constexpr long dbf_record_max = 65535;

/// Why a field of `width` bytes cannot follow `fields_before` fields taking `record_before` bytes
/// (the deletion flag included) in one DBF record, or "" when it fits.
std::string dbf_record_overflow(int fields_before, long record_before, int width);

class ShapefileWriter {
  public:
    /// Creates `shp` and its .shx, .dbf, .cpg and .prj siblings (only .dbf and .cpg for
    /// ShapeType::none). `prj_wkt` is the CRS in ESRI WKT ("" writes no .prj). Throws Error when
    /// the fields do not fit a DBF record or a file cannot be created.
    ShapefileWriter(std::filesystem::path shp, ShapeType type, std::vector<DbfField> fields, std::string prj_wkt);
    ShapefileWriter(const ShapefileWriter &) = delete;
    ShapefileWriter &operator=(const ShapefileWriter &) = delete;
    ~ShapefileWriter();

    /// The values of the next record, each field at most once; a field not given is NULL.
    /// Throws Error (naming the field) for text wider than its field or a number whose text does
    /// not fit the width, or that is not finite.
    void text(std::size_t field, std::string_view value);
    void number(std::size_t field, double value);
    void integer(std::size_t field, std::int64_t value);
    /// Ends the record with its shape (nullptr or an empty geometry: a Null shape). Throws Error for
    /// a geometry the file's type cannot hold.
    void end_record(const OGRGeometry *geometry);
    /// Writes the headers and closes the files; throws Error when a write failed (disk full).
    void finish();

    std::int64_t records() const { return records_; }

  private:
    class File;
    void put_field(std::size_t field, std::string_view text, bool right_aligned);
    void write_shape(const OGRGeometry *geometry);
    void add_bounds(double min_x, double min_y, double max_x, double max_y);

    std::filesystem::path shp_;
    ShapeType type_;
    std::vector<DbfField> fields_;
    std::vector<std::size_t> offset_;  ///< each field's byte offset in the record
    std::string record_;               ///< the DBF record being built
    std::string null_record_;          ///< a record of NULLs, each record's start
    std::string shape_;                ///< the SHP record content being built
    std::vector<double> points_;       ///< x, y of the current shape's parts, in order
    std::vector<std::int32_t> parts_;  ///< index of each part's first point
    std::unique_ptr<File> shp_file_, shx_file_, dbf_file_;
    std::int64_t records_ = 0;
    std::uint64_t shp_bytes_ = 100;    ///< the .shp's length so far (its 100-byte header first)
    bool have_bounds_ = false;
    double bounds_[4] = {0, 0, 0, 0};
    bool finished_ = false;
};

/// A record's shape as read back: its bounds, or nothing for a Null shape.
struct ShapeBounds {
    double min_x, min_y, max_x, max_y;
};

class ShapefileReader {
  public:
    /// Opens `shp` (or only its .dbf when `type` is none) and reads the headers; throws Error
    /// naming the file for anything that is not a Shapefile of `type`.
    ShapefileReader(std::filesystem::path shp, ShapeType type);
    ShapefileReader(const ShapefileReader &) = delete;
    ShapefileReader &operator=(const ShapefileReader &) = delete;
    ~ShapefileReader();

    const std::vector<DbfField> &fields() const { return fields_; }
    std::int64_t records() const { return records_; }
    /// Moves to the next record; false after the last.
    bool next();
    /// The text of `field`, trimmed of spaces at both ends; empty for NULL.
    std::string_view text(std::size_t field) const;
    /// The number in `field`, or nothing when it is NULL ('*' fill or blank). Throws Error for
    /// text that is not a number.
    std::optional<double> number(std::size_t field) const;
    /// The current record's shape bounds, or nothing for a Null shape.
    std::optional<ShapeBounds> bounds() const { return bounds_; }

  private:
    class Input;
    void read_shape();

    std::filesystem::path shp_, dbf_;
    ShapeType type_;
    std::vector<DbfField> fields_;
    std::vector<std::size_t> offset_;
    std::unique_ptr<Input> shp_in_, shx_in_, dbf_in_;
    std::string record_, shape_;
    std::int64_t records_ = 0, read_ = 0;
    std::size_t record_size_ = 0;
    std::optional<ShapeBounds> bounds_;
};

} // namespace depomap::output
