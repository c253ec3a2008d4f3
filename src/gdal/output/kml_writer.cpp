#include "gdal/output/kml_writer.hpp"

#include "depomap/error.hpp"
#include "util/text.hpp"

#include <ogr_geometry.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>

namespace depomap::output {
namespace {

constexpr std::size_t chunk = 1 << 20;

std::string_view type_name(KmlType type) {
    switch (type) {
    case KmlType::integer: return "int";
    case KmlType::integer64: return "uint";
    case KmlType::real: return "double";
    case KmlType::boolean: return "bool";
    case KmlType::string: break;
    }
    return "string";
}

/// Why XML 1.0 cannot hold `text`, or "" when it can.
std::string refusal(std::string_view text) {
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 || c == '\t' || c == '\n' || c == '\r') continue;
        char code[8];
        std::snprintf(code, sizeof code, "U+%04X", u);
        return u == 0 ? "the text holds a NUL character (U+0000), which KML (XML 1.0) cannot hold"
                      : std::string("the text holds the control character ") + code +
                            ", which KML (XML 1.0) cannot hold";
    }
    if (!util::is_valid_utf8(text)) return "the text is not valid UTF-8";
    // U+FFFE and U+FFFF are not XML characters either (EF BF BE, EF BF BF).
    for (std::size_t at = text.find("\xEF\xBF"); at != std::string_view::npos; at = text.find("\xEF\xBF", at + 1)) {
        if (at + 2 < text.size() && (text[at + 2] == '\xBE' || text[at + 2] == '\xBF')) {
            return std::string("the text holds ") + (text[at + 2] == '\xBE' ? "U+FFFE" : "U+FFFF") +
                   ", which KML (XML 1.0) cannot hold";
        }
    }
    return {};
}

/// An XML ID (NCName) made from a layer name: letters, digits, '_', '-' and '.' kept.
std::string schema_id(std::string_view layer) {
    std::string id;
    for (const char c : layer) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                          c == '_' || c == '-' || c == '.';
        id += keep ? c : '_';
    }
    if (id.empty() || !((id[0] >= 'a' && id[0] <= 'z') || (id[0] >= 'A' && id[0] <= 'Z') || id[0] == '_')) {
        id.insert(0, "_");
    }
    return id + ".schema";
}

} // namespace

KmlWriter::KmlWriter(std::ostream &out, std::string what) : out_(out), what_(std::move(what)) {
    buffer_.reserve(chunk + 4096);
}

void KmlWriter::begin(std::span<const KmlLayer> layers) {
    layers_.assign(layers.begin(), layers.end());
    buffer_ += "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
               "<kml xmlns=\"http://www.opengis.net/kml/2.2\">\n"
               "<Document id=\"root_doc\">\n";
    for (const auto &layer : layers_) {
        std::string id = schema_id(layer.name);
        for (int n = 2; std::find(schema_ids_.begin(), schema_ids_.end(), id) != schema_ids_.end(); ++n) {
            id = schema_id(layer.name + "_" + std::to_string(n));
        }
        schema_ids_.push_back(id);
        if (layer.fields.empty()) continue;
        buffer_ += "<Schema name=\"";
        put_text(layer.name, "the layer name", true);
        buffer_ += "\" id=\"" + id + "\">\n";
        for (const auto &f : layer.fields) {
            buffer_ += "  <SimpleField name=\"";
            put_text(f.name, "a field name", true);
            buffer_ += "\" type=\"";
            buffer_ += type_name(f.type);
            buffer_ += "\"></SimpleField>\n";
        }
        buffer_ += "</Schema>\n";
    }
}

void KmlWriter::begin_folder(std::size_t layer) {
    layer_ = layer;
    buffer_ += "<Folder><name>";
    put_text(layers_.at(layer).name, "the layer name");
    buffer_ += "</name>\n";
}

void KmlWriter::begin_placemark(std::optional<std::string_view> name, std::optional<std::string_view> description) {
    extended_ = false;
    buffer_ += "  <Placemark>\n";
    const auto &layer = layers_.at(layer_);
    if (name) {
        buffer_ += "    <name>";
        put_text(*name, layer.name_field);
        buffer_ += "</name>\n";
    }
    if (description) {
        buffer_ += "    <description>";
        put_text(*description, layer.description_field);
        buffer_ += "</description>\n";
    }
}

const KmlField &KmlWriter::field(std::size_t index) const { return layers_.at(layer_).fields.at(index); }

void KmlWriter::simple_data(std::size_t index) {
    if (!extended_) {
        buffer_ += "    <ExtendedData><SchemaData schemaUrl=\"#";
        buffer_ += schema_ids_[layer_];
        buffer_ += "\">\n";
        extended_ = true;
    }
    buffer_ += "      <SimpleData name=\"";
    put_text(field(index).name, "a field name", true);
    buffer_ += "\">";
}

void KmlWriter::close_simple_data() { buffer_ += "</SimpleData>\n"; }

void KmlWriter::text(std::size_t index, std::string_view value) {
    const auto &f = field(index);
    if (f.type != KmlType::string) {
        throw Error("field " + f.name + ": '" + util::excerpt(value) + "' is text in a number column");
    }
    simple_data(index);
    put_text(value, f.name);
    close_simple_data();
}

void KmlWriter::integer(std::size_t index, std::int64_t value) {
    const auto &f = field(index);
    if (f.type == KmlType::string) throw Error("field " + f.name + ": a number in a text column");
    if (f.type == KmlType::integer &&
        (value < std::numeric_limits<std::int32_t>::min() || value > std::numeric_limits<std::int32_t>::max())) {
        throw Error("field " + f.name + ": " + std::to_string(value) + " does not fit a 32-bit integer");
    }
    if (f.type == KmlType::boolean && value != 0 && value != 1) {
        throw Error("field " + f.name + ": " + std::to_string(value) + " is not a boolean (0 or 1)");
    }
    simple_data(index);
    put_integer(value);
    close_simple_data();
}

void KmlWriter::real(std::size_t index, double value) {
    const auto &f = field(index);
    if (f.type == KmlType::string) throw Error("field " + f.name + ": a number in a text column");
    if (f.type != KmlType::real) {
        // An integer field takes a whole number only: nothing is rounded away.
        if (!(value >= -0x1p63 && value < 0x1p63) || value != std::trunc(value)) {
            throw Error("field " + f.name + ": " + std::to_string(value) + " is not an integer");
        }
        return integer(index, static_cast<std::int64_t>(value));
    }
    simple_data(index);
    put_number(value);
    close_simple_data();
}

void KmlWriter::end_placemark(const OGRGeometry *g) {
    if (extended_) buffer_ += "    </SchemaData></ExtendedData>\n";
    if (g && !g->IsEmpty()) {
        buffer_ += "    ";
        geometry(*g);
        buffer_ += '\n';
    }
    buffer_ += "  </Placemark>\n";
    flush_if_full();
}

void KmlWriter::end_folder() {
    buffer_ += "</Folder>\n";
}

void KmlWriter::finish() {
    buffer_ += "</Document>\n</kml>\n";
    flush();
    out_.flush();
    if (!out_) throw Error(what_ + ": writing failed (disk full?)");
}

void KmlWriter::put_text(std::string_view value, std::string_view field, bool attribute) {
    if (auto why = refusal(value); !why.empty()) {
        throw Error((field.empty() ? std::string() : "field " + std::string(field) + ": ") + why);
    }
    // Plain text goes in as it is; the rest through the escaper, with the characters an XML
    // parser would change (CR always, tab and LF in an attribute) as character references.
    const auto special = [attribute](char c) {
        return c == '\r' || (attribute && (c == '\t' || c == '\n'));
    };
    std::size_t start = 0;
    for (std::size_t i = 0; i <= value.size(); ++i) {
        if (i < value.size() && !special(value[i])) continue;
        const auto piece = value.substr(start, i - start);
        if (piece.find_first_of("&<>\"'") == std::string_view::npos) buffer_ += piece;
        else buffer_ += util::xml_escape(piece);
        if (i < value.size()) {
            buffer_ += value[i] == '\r' ? "&#13;" : value[i] == '\n' ? "&#10;" : "&#9;";
        }
        start = i + 1;
    }
}

void KmlWriter::put_number(double value) {
    if (std::isnan(value)) {
        buffer_ += "NaN";
    } else if (std::isinf(value)) {
        buffer_ += value < 0 ? "-INF" : "INF";
    } else {
        char b[32];
        const auto [end, ec] = std::to_chars(b, b + sizeof b, value);
        buffer_.append(b, end);
    }
}

void KmlWriter::put_integer(std::int64_t value) {
    char b[24];
    const auto [end, ec] = std::to_chars(b, b + sizeof b, value);
    buffer_.append(b, end);
}

void KmlWriter::coordinates(const OGRLineString &line) {
    const bool z = line.Is3D();
    buffer_ += "<coordinates>";
    for (int i = 0; i < line.getNumPoints(); ++i) {
        if (i > 0) buffer_ += ' ';
        const double x = line.getX(i), y = line.getY(i);
        if (!std::isfinite(x) || !std::isfinite(y) || (z && !std::isfinite(line.getZ(i)))) {
            throw Error("a coordinate is not a finite number");
        }
        put_number(x);
        buffer_ += ',';
        put_number(y);
        if (z) {
            buffer_ += ',';
            put_number(line.getZ(i));
        }
    }
    buffer_ += "</coordinates>";
}

void KmlWriter::polygon(const OGRPolygon &polygon) {
    buffer_ += "<Polygon><outerBoundaryIs><LinearRing>";
    coordinates(*polygon.getExteriorRing());
    buffer_ += "</LinearRing></outerBoundaryIs>";
    for (int i = 0; i < polygon.getNumInteriorRings(); ++i) {
        const auto *ring = polygon.getInteriorRing(i);
        if (ring->IsEmpty()) continue;
        buffer_ += "<innerBoundaryIs><LinearRing>";
        coordinates(*ring);
        buffer_ += "</LinearRing></innerBoundaryIs>";
    }
    buffer_ += "</Polygon>";
}

void KmlWriter::geometry(const OGRGeometry &g) {
    if (g.hasCurveGeometry()) {
        const std::unique_ptr<OGRGeometry> linear(g.getLinearGeometry());
        if (!linear) throw Error("a curve geometry could not be made linear");
        return geometry(*linear);
    }
    const auto type = wkbFlatten(g.getGeometryType());
    switch (type) {
    case wkbPoint: {
        const auto *p = g.toPoint();
        if (!std::isfinite(p->getX()) || !std::isfinite(p->getY()) || (p->Is3D() && !std::isfinite(p->getZ()))) {
            throw Error("a coordinate is not a finite number");
        }
        buffer_ += "<Point><coordinates>";
        put_number(p->getX());
        buffer_ += ',';
        put_number(p->getY());
        if (p->Is3D()) {
            buffer_ += ',';
            put_number(p->getZ());
        }
        buffer_ += "</coordinates></Point>";
        return;
    }
    case wkbLineString:
    case wkbLinearRing:
        buffer_ += "<LineString>";
        coordinates(*g.toLineString());
        buffer_ += "</LineString>";
        return;
    case wkbPolygon:
    case wkbTriangle:
        return polygon(*g.toPolygon());
    case wkbMultiPoint:
    case wkbMultiLineString:
    case wkbMultiPolygon:
    case wkbGeometryCollection:
        buffer_ += "<MultiGeometry>";
        for (const auto *part : *g.toGeometryCollection()) {
            if (part && !part->IsEmpty()) geometry(*part);
        }
        buffer_ += "</MultiGeometry>";
        return;
    case wkbPolyhedralSurface:
    case wkbTIN: {
        const std::unique_ptr<OGRGeometry> parts(OGRGeometryFactory::forceToMultiPolygon(g.clone()));
        return geometry(*parts);
    }
    default:
        throw Error(std::string("a ") + OGRGeometryTypeToName(g.getGeometryType()) +
                    " cannot be written to KML");
    }
}

void KmlWriter::flush_if_full() {
    if (buffer_.size() >= chunk) flush();
}

void KmlWriter::flush() {
    if (!buffer_.empty()) out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
    if (!out_) throw Error(what_ + ": writing failed (disk full?)");
}

} // namespace depomap::output
