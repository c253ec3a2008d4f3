#pragma once
// Reads a GeoJSON FeatureCollection one feature at a time in constant memory: a byte-level
// splitter finds each element of "features" (strings and nesting respected) and hands its text
// over, padded for simdjson. A 10 GB file loads in the memory of one feature.
#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace depomap::io {

class GeoJsonStream {
  public:
    /// What the top level holds, known once the "features" array is reached.
    enum class Shape { feature_collection, other };

    explicit GeoJsonStream(const std::string &path);
    ~GeoJsonStream();
    GeoJsonStream(const GeoJsonStream &) = delete;
    GeoJsonStream &operator=(const GeoJsonStream &) = delete;

    /// Reads up to the "features" array. Returns false when the file is a GeoJSON this reader
    /// leaves to GDAL (a single Feature or geometry, a "crs" member, no "features"); throws
    /// Error for JSON that is malformed before the features.
    bool open_features();

    /// The next feature's text (valid until the next call; followed by simdjson's padding), or
    /// false after the last one. Throws Error naming the byte offset for a broken structure.
    bool next(std::string_view &feature);

    /// Fraction of the file read so far.
    double progress() const;
    const std::string &path() const { return path_; }

  private:
    int get();                  ///< next byte or EOF
    void skip_whitespace_peek(int &c);
    std::string read_string();  ///< after the opening quote; returns the raw (escaped) text
    void skip_value(int first); ///< skips one JSON value starting with `first`
    void finish_document();
    [[noreturn]] void fail(const std::string &what) const;

    std::string path_;
    std::FILE *file_ = nullptr;
    std::vector<char> buffer_;
    std::size_t pos_ = 0, end_ = 0;
    std::uint64_t consumed_ = 0, size_ = 0;
    std::string feature_;
    std::int64_t count_ = 0; ///< features handed out so far
    bool in_features_ = false, done_ = false;
};

} // namespace depomap::io
