// The streaming GeoJSON writer of export and convert (see geojson_writer.hpp).
#include "gdal/output/geojson_writer.hpp"

#include "depomap/error.hpp"

#include <cpl_conv.h>
#include <cpl_string.h>
#include <ogr_api.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>

namespace depomap::output {
namespace {

constexpr std::size_t chunk = 1 << 20;

/// A character JSON wants escaped (a quote, a backslash or a control character).
void escape(std::string &out, char c) {
    switch (c) {
    case '"':
        out += "\\\"";
        break;
    case '\\':
        out += "\\\\";
        break;
    case '\n':
        out += "\\n";
        break;
    case '\r':
        out += "\\r";
        break;
    case '\t':
        out += "\\t";
        break;
    default: {
        char b[8];
        std::snprintf(b, sizeof b, "\\u%04x", static_cast<unsigned char>(c));
        out += b;
    }
    }
}

/// Written here: two dimensions, not empty, one of the six simple types.
bool simple(const OGRGeometry &g) {
    if (g.Is3D() || g.IsMeasured() || g.IsEmpty())
        return false;
    const auto t = wkbFlatten(g.getGeometryType());
    return t >= wkbPoint && t <= wkbMultiPolygon;
}

} // namespace

void append_json_string(std::string &out, std::string_view s) {
    out += '"';
    std::size_t run = 0; // characters that need no escape are copied a run at a time
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto u = static_cast<unsigned char>(s[i]);
        if (u >= 0x20 && u != '"' && u != '\\')
            continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        escape(out, s[i]);
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

GeoJsonWriter::GeoJsonWriter(std::filesystem::path path, int precision)
    : path_(std::move(path)), precision_(precision) {
    file_ = std::fopen(path_.c_str(), "wb");
    if (!file_)
        throw Error(path_.filename().string() + ": cannot write here: " + std::strerror(errno));
    buffer_.reserve(chunk + 4096);
}

GeoJsonWriter::~GeoJsonWriter() {
    if (file_)
        std::fclose(file_);
}

void GeoJsonWriter::begin(std::string_view layer_name) {
    buffer_ += "{\n\"type\": \"FeatureCollection\",\n\"name\": ";
    append_json_string(buffer_, layer_name);
    buffer_ += ",\n\"features\": [\n";
}

void GeoJsonWriter::set_keys(const std::vector<std::string> &names) {
    keys_.clear();
    for (const auto &name : names) {
        std::string key;
        append_json_string(key, name);
        keys_.push_back(key + ": ");
    }
}

void GeoJsonWriter::begin_feature() {
    buffer_ += first_feature_ ? "{ \"type\": \"Feature\", \"properties\": { "
                              : ",\n{ \"type\": \"Feature\", \"properties\": { ";
    first_feature_ = false;
    first_key_ = true;
}

void GeoJsonWriter::key(std::size_t k) {
    if (!first_key_)
        buffer_ += ", ";
    first_key_ = false;
    buffer_ += keys_[k];
}

void GeoJsonWriter::string(std::string_view s) { append_json_string(buffer_, s); }

void GeoJsonWriter::real(double v) {
    if (!std::isfinite(v)) {
        null();
        return;
    }
    char b[64];
    auto [end, ec] = std::to_chars(b, b + sizeof b, v);
    std::string_view text(b, static_cast<std::size_t>(end - b));
    buffer_ += text;
    // Keep a real recognisable as one: 2 is written 2.0.
    if (text.find_first_of(".e") == std::string_view::npos)
        buffer_ += ".0";
}

void GeoJsonWriter::real32(float v) {
    if (!std::isfinite(v)) {
        null();
        return;
    }
    char b[64];
    auto [end, ec] = std::to_chars(b, b + sizeof b, v);
    std::string_view text(b, static_cast<std::size_t>(end - b));
    buffer_ += text;
    if (text.find_first_of(".e") == std::string_view::npos)
        buffer_ += ".0";
}

void GeoJsonWriter::integer(std::int64_t v) {
    char b[32];
    auto [end, ec] = std::to_chars(b, b + sizeof b, v);
    buffer_.append(b, end);
}

void GeoJsonWriter::boolean(bool v) { buffer_ += v ? "true" : "false"; }

void GeoJsonWriter::null() { buffer_ += "null"; }

void GeoJsonWriter::raw(std::string_view json) { buffer_ += json; }

void GeoJsonWriter::end_feature(const OGRGeometry *g) {
    buffer_ += first_key_ ? "}, \"geometry\": " : " }, \"geometry\": ";
    if (!g) {
        buffer_ += "null";
    } else if (simple(*g)) {
        geometry(*g);
    } else {
        const std::string precision = "COORDINATE_PRECISION=" + std::to_string(precision_);
        const char *options[] = {precision.c_str(), nullptr};
        char *json = OGR_G_ExportToJsonEx(OGRGeometry::ToHandle(const_cast<OGRGeometry *>(g)),
                                          const_cast<char **>(options));
        buffer_ += json ? json : "null";
        CPLFree(json);
    }
    buffer_ += " }";
    if (buffer_.size() >= chunk)
        flush();
}

void GeoJsonWriter::geometry(const OGRGeometry &g) {
    switch (wkbFlatten(g.getGeometryType())) {
    case wkbPoint:
        buffer_ += "{ \"type\": \"Point\", \"coordinates\": ";
        position(g.toPoint()->getX(), g.toPoint()->getY());
        break;
    case wkbLineString:
        buffer_ += "{ \"type\": \"LineString\", \"coordinates\": ";
        points(*g.toLineString());
        break;
    case wkbPolygon:
        buffer_ += "{ \"type\": \"Polygon\", \"coordinates\": ";
        polygon(*g.toPolygon());
        break;
    default: { // the multi types: their parts as above, empty parts too
        const auto &parts = *g.toGeometryCollection();
        const auto t = wkbFlatten(g.getGeometryType());
        buffer_ += t == wkbMultiPoint ? "{ \"type\": \"MultiPoint\", \"coordinates\": [ "
                   : t == wkbMultiLineString
                       ? "{ \"type\": \"MultiLineString\", \"coordinates\": [ "
                       : "{ \"type\": \"MultiPolygon\", \"coordinates\": [ ";
        for (int i = 0; i < parts.getNumGeometries(); ++i) {
            if (i)
                buffer_ += ", ";
            const auto *part = parts.getGeometryRef(i);
            if (t == wkbMultiPoint) {
                if (part->IsEmpty())
                    buffer_ += "[ ]";
                else
                    position(part->toPoint()->getX(), part->toPoint()->getY());
            } else if (t == wkbMultiLineString) {
                points(*part->toLineString());
            } else {
                polygon(*part->toPolygon());
            }
        }
        buffer_ += " ]";
    }
    }
    buffer_ += " }";
}

void GeoJsonWriter::points(const OGRSimpleCurve &line) {
    buffer_ += "[ ";
    for (int j = 0; j < line.getNumPoints(); ++j) {
        if (j)
            buffer_ += ", ";
        position(line.getX(j), line.getY(j));
    }
    buffer_ += " ]";
}

void GeoJsonWriter::polygon(const OGRPolygon &p) {
    buffer_ += "[ ";
    for (int r = 0; r < p.getNumInteriorRings() + 1; ++r) {
        if (r)
            buffer_ += ", ";
        const OGRLinearRing *ring = r == 0 ? p.getExteriorRing() : p.getInteriorRing(r - 1);
        if (ring)
            points(*ring);
        else
            buffer_ += "[ ]";
    }
    buffer_ += " ]";
}

void GeoJsonWriter::position(double x, double y) {
    buffer_ += "[ ";
    coordinate(x);
    buffer_ += ", ";
    coordinate(y);
    buffer_ += " ]";
}

void GeoJsonWriter::coordinate(double v) {
    char b[400];
    auto [end, ec] = std::to_chars(b, b + sizeof b, v, std::chars_format::fixed, precision_);
    if (ec != std::errc()) { // beyond any CRS's range: the shortest text
        end = std::to_chars(b, b + sizeof b, v).ptr;
        buffer_.append(b, end);
        return;
    }
    // Trailing zeros trimmed as GDAL trims them: 37.6200000 -> 37.62, 10.0000000 -> 10.0.
    char *p = end;
    if (precision_ > 0) {
        while (p > b && p[-1] == '0')
            --p;
        if (p > b && p[-1] == '.')
            ++p;
    }
    std::string_view text(b, static_cast<std::size_t>(p - b));
    if (text == "-0" || text == "-0.0")
        text.remove_prefix(1);
    buffer_ += text;
}

void GeoJsonWriter::flush() {
    errno = 0;
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
        fail();
    buffer_.clear();
}

void GeoJsonWriter::close() {
    buffer_ += "\n]\n}\n";
    flush();
    errno = 0;
    const bool failed = std::fclose(file_) != 0;
    file_ = nullptr;
    if (failed)
        fail();
}

void GeoJsonWriter::fail() const {
    const int e = errno;
    const auto name = path_.filename().string();
    if (e == ENOSPC || e == EDQUOT)
        throw Error(name + ": writing failed: no space left on the disk");
    throw Error(name +
                ": writing failed: " + (e ? std::strerror(e) : "the file system refused the data"));
}

} // namespace depomap::output
