#include "gdal/io/geojson_stream.hpp"

#include "depomap/error.hpp"
#include "util/text.hpp"

#include <simdjson.h>

#include <filesystem>

namespace depomap::io {
namespace {
constexpr std::size_t chunk_size = 1 << 20;
bool is_space(int c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }
} // namespace

GeoJsonStream::GeoJsonStream(const std::string &path) : path_(path), buffer_(chunk_size) {
    file_ = std::fopen(path.c_str(), "rb");
    if (!file_)
        throw Error(path + ": cannot open for reading");
    std::error_code ec;
    size_ = std::filesystem::file_size(path, ec);
}

GeoJsonStream::~GeoJsonStream() {
    if (file_)
        std::fclose(file_);
}

int GeoJsonStream::get() {
    if (pos_ == end_) {
        consumed_ += end_;
        end_ = std::fread(buffer_.data(), 1, buffer_.size(), file_);
        pos_ = 0;
        if (end_ == 0) {
            if (std::ferror(file_))
                fail("read error");
            return EOF;
        }
    }
    return static_cast<unsigned char>(buffer_[pos_++]);
}

void GeoJsonStream::fail(const std::string &what) const {
    throw Error(path_ + ": invalid GeoJSON at byte " + std::to_string(consumed_ + pos_) + ": " +
                what);
}

void GeoJsonStream::skip_whitespace_peek(int &c) {
    do {
        c = get();
    } while (is_space(c));
}

std::string GeoJsonStream::read_string() {
    std::string text;
    for (;;) {
        const int c = get();
        if (c == EOF)
            fail("unexpected end of file inside a string");
        if (c == '"')
            return text;
        text += static_cast<char>(c);
        if (c == '\\') {
            const int escaped = get();
            if (escaped == EOF)
                fail("unexpected end of file inside a string");
            text += static_cast<char>(escaped);
        }
    }
}

void GeoJsonStream::skip_value(int first) {
    if (first == '"') {
        read_string();
        return;
    }
    if (first != '{' && first != '[') {
        // A scalar: runs to the next delimiter, which the caller must see again.
        for (;;) {
            const int c = get();
            if (c == EOF)
                return;
            if (c == ',' || c == '}' || c == ']' || is_space(c)) {
                --pos_;
                return;
            }
        }
    }
    int depth = 1;
    while (depth > 0) {
        const int c = get();
        if (c == EOF)
            fail("unexpected end of file");
        if (c == '"')
            read_string();
        else if (c == '{' || c == '[')
            ++depth;
        else if (c == '}' || c == ']')
            --depth;
    }
}

bool GeoJsonStream::open_features() {
    int c;
    skip_whitespace_peek(c);
    // A UTF-8 byte order mark is tolerated, as GDAL does.
    if (c == 0xEF) {
        if (get() != 0xBB || get() != 0xBF)
            fail("not JSON");
        skip_whitespace_peek(c);
    }
    if (c == EOF)
        fail("empty document");
    if (c != '{')
        fail("the top level is not a JSON object");
    for (;;) {
        skip_whitespace_peek(c);
        if (c == '}')
            return false; // no "features": GDAL decides what it is
        if (c == ',')
            skip_whitespace_peek(c);
        if (c != '"')
            fail("expected a member name");
        const std::string key = read_string();
        skip_whitespace_peek(c);
        if (c != ':')
            fail("expected ':' after \"" + util::excerpt(key) + "\""); // one line, short
        skip_whitespace_peek(c);
        if (c == EOF)
            fail("unexpected end of file");
        if (key == "features") {
            if (c != '[')
                fail("\"features\" is not an array");
            in_features_ = true;
            return true;
        }
        if (key == "crs")
            return false; // a pre-RFC 7946 CRS: GDAL honours it
        // ESRI JSON (a FeatureSet) has "features" too, but "attributes" and x/y geometries:
        // its members give it away, and GDAL's ESRIJSON driver reads it.
        if (key == "geometryType" || key == "spatialReference" || key == "fields" ||
            key == "objectIdFieldName" || key == "globalIdFieldName" || key == "displayFieldName")
            return false;
        if (key == "type") {
            if (c != '"')
                fail("\"type\" is not a string");
            if (read_string() != "FeatureCollection")
                return false;
            continue;
        }
        skip_value(c);
    }
}

bool GeoJsonStream::next(std::string_view &feature) {
    if (done_ || !in_features_)
        return false;
    int c;
    skip_whitespace_peek(c);
    // Strict JSON between the elements: one ',' after each but the last, none before ']'. A
    // missing comma often means two files were pasted together, a trailing one a cut list.
    const bool after_comma = count_ > 0 && c == ',';
    if (after_comma)
        skip_whitespace_peek(c);
    if (c == ']' && !after_comma) {
        done_ = true;
        finish_document();
        return false;
    }
    if (c == EOF)
        fail("unexpected end of file in \"features\" (truncated?)");
    if (c == ']')
        fail("a trailing ',' after feature " + std::to_string(count_) + ", the last one");
    if (count_ > 0 && !after_comma) {
        fail("expected ',' or ']' after feature " + std::to_string(count_) + ", found " +
             (c == '{' ? std::string("'{' (a missing comma?)") : "another character"));
    }
    if (c != '{')
        fail("feature " + std::to_string(count_ + 1) + " is not a JSON object");
    ++count_;
    feature_.clear();
    feature_ += '{';
    int depth = 1;
    while (depth > 0) {
        // Copy runs between structural bytes in one go.
        if (pos_ == end_) {
            if (get() == EOF)
                fail("unexpected end of file inside a feature (truncated?)");
            --pos_;
        }
        std::size_t i = pos_;
        bool in_string = false;
        for (; i < end_; ++i) {
            const char ch = buffer_[i];
            if (ch == '"') {
                in_string = true;
                break;
            }
            if (ch == '{' || ch == '[')
                ++depth;
            else if (ch == '}' || ch == ']') {
                if (--depth == 0) {
                    ++i;
                    break;
                }
            }
        }
        feature_.append(buffer_.data() + pos_, i - pos_);
        pos_ = i;
        if (in_string) {
            ++pos_;
            feature_ += '"';
            for (;;) {
                const int s = get();
                if (s == EOF)
                    fail("unexpected end of file inside a string");
                feature_ += static_cast<char>(s);
                if (s == '"')
                    break;
                if (s == '\\') {
                    const int e = get();
                    if (e == EOF)
                        fail("unexpected end of file inside a string");
                    feature_ += static_cast<char>(e);
                }
            }
        }
    }
    const std::size_t length = feature_.size();
    feature_.append(simdjson::SIMDJSON_PADDING, '\0');
    feature = std::string_view(feature_.data(), length);
    return true;
}

void GeoJsonStream::finish_document() {
    // The members after "features" and the closing brace: a file cut short here is truncated.
    int c;
    for (;;) {
        skip_whitespace_peek(c);
        if (c == '}')
            break;
        if (c == ',')
            skip_whitespace_peek(c);
        if (c != '"')
            fail(c == EOF ? "unexpected end of file (truncated?)" : "expected a member name");
        read_string();
        skip_whitespace_peek(c);
        if (c != ':')
            fail("expected ':'");
        skip_whitespace_peek(c);
        if (c == EOF)
            fail("unexpected end of file (truncated?)");
        skip_value(c);
    }
    skip_whitespace_peek(c);
    if (c != EOF)
        fail("data after the end of the document");
}

double GeoJsonStream::progress() const {
    return size_ ? static_cast<double>(consumed_ + pos_) / static_cast<double>(size_) : 0.0;
}

} // namespace depomap::io
