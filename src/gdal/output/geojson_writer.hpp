#pragma once
// The streaming GeoJSON writer of export and convert: a FeatureCollection written as text into a
// buffer and out in 1 MiB blocks, as GDAL's GeoJSON driver writes it without RFC7946 (no "crs"
// member for a layer in EPSG:4326, coordinates with COORDINATE_PRECISION decimals, trailing zeros
// trimmed), several times faster: no JSON object tree, numbers by std::to_chars. Reals keep every
// digit they need to read back as the same double (GDAL prints 15 significant figures).
// Points, lines and polygons of two dimensions are written here; any other geometry (3D, curves,
// a GeometryCollection, an empty one) is GDAL's own text for it (OGR_G_ExportToJsonEx).
#include <ogr_geometry.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace depomap::output {

class GeoJsonWriter {
  public:
    /// Creates `path`: "NAME: cannot write here: REASON" when it cannot (NAME: its file name).
    GeoJsonWriter(std::filesystem::path path, int precision);
    ~GeoJsonWriter();
    GeoJsonWriter(const GeoJsonWriter &) = delete;
    GeoJsonWriter &operator=(const GeoJsonWriter &) = delete;

    /// The collection's start, named `layer_name`.
    void begin(std::string_view layer_name);
    /// The property names, by index, escaped once for every feature.
    void set_keys(const std::vector<std::string> &names);

    /// A feature: begin_feature(), then key() and one value for each property written, then
    /// end_feature() with its geometry (null: none).
    void begin_feature();
    void key(std::size_t k);
    void string(std::string_view s);
    void real(double v);  ///< not finite: null
    void real32(float v); ///< a single-precision real: the digits a float needs
    void integer(std::int64_t v);
    void boolean(bool v);
    void null();
    void raw(std::string_view json); ///< a value that is JSON text already
    void end_feature(const OGRGeometry *geometry);

    /// The collection's end, and the file closed.
    void close();

  private:
    void geometry(const OGRGeometry &g);
    void points(const OGRSimpleCurve &line);
    void polygon(const OGRPolygon &p);
    void position(double x, double y);
    void coordinate(double v);
    void flush();
    /// "NAME: writing failed: REASON" from errno ("no space left on the disk" for a full one).
    [[noreturn]] void fail() const;

    std::filesystem::path path_;
    int precision_;
    std::FILE *file_ = nullptr;
    std::string buffer_;
    std::vector<std::string> keys_; ///< each property's `"name": `
    bool first_feature_ = true;
    bool first_key_ = true;
};

/// `s` as a JSON string (quoted, escaped) appended to `out`.
void append_json_string(std::string &out, std::string_view s);

} // namespace depomap::output
