#include "io/source_check.hpp"

#include "depomap/error.hpp"
#include "io/gdal.hpp"
#include "util/text.hpp"

#include <cpl_string.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <vector>

namespace depomap::io {
namespace {

struct FileCloser {
    void operator()(std::FILE *f) const { std::fclose(f); }
};
using FilePtr = std::unique_ptr<std::FILE, FileCloser>;

constexpr std::size_t chunk_size = 1 << 20;

bool is_separator_candidate(char c) { return c == ',' || c == ';' || c == '\t'; }

std::string separator_name(char c) {
    if (c == '\t') return "a tab";
    if (c == ' ') return "a space";
    return std::string("'") + c + "'";
}

/// GDAL's choice (CSVDetectSeperator): the first ',', ';' or tab outside quotes, ',' when the
/// line mixes them, a space when it has none but spaces, else ','.
char detect_separator(std::string_view header) {
    bool quoted = false;
    char separator = '\0';
    bool spaces = false;
    for (const char c : header) {
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && is_separator_candidate(c)) {
            if (separator == '\0') {
                separator = c;
            } else if (separator != c) {
                return ',';
            }
        } else if (!quoted && c == ' ') {
            spaces = true;
        }
    }
    if (separator != '\0') return separator;
    return spaces ? ' ' : ',';
}

/// Walks the records of one file; see check_csv_structure.
class Scanner {
  public:
    Scanner(const std::string &path, char separator) : path_(path), separator_(separator) {}

    void feed(std::string_view bytes) {
        for (const char c : bytes) {
            if (c == '"') {
                quoted_ = !quoted_;
                if (quoted_) quote_line_ = line_;
                blank_ = false;
            } else if (c == '\n') {
                ++line_;
                if (!quoted_) end_record();
            } else if (quoted_) {
                blank_ = false;
            } else if (c == separator_) {
                ++separators_;
                blank_ = false;
            } else if (is_separator_candidate(c)) {
                other_ = c;
                blank_ = false;
            } else if (c != '\r') {
                blank_ = false;
            }
            if (!header_done_ && header_.size() < 200 && c != '\n' && c != '\r') header_ += c;
        }
    }

    void finish() {
        if (quoted_) {
            const std::string reason = "unbalanced quotes: the quoted value opened on line " +
                                       std::to_string(quote_line_) + " never closes";
            if (!header_done_) throw Error(path_ + ": the header has " + reason);
            throw Error(path_ + ": feature " + std::to_string(features_ + 1) + ": " + reason);
        }
        if (!blank_) end_record();
    }

  private:
    void end_record() {
        const std::size_t values = separators_ + 1;
        if (!header_done_) {
            header_done_ = true;
            header_values_ = values;
            if (values == 1 && header_.find('|') != std::string::npos) {
                throw Error(path_ + ": the header is a single field '" + util::excerpt(header_) +
                            "': CSV fields are separated by ',', ';' or a tab, not '|'");
            }
        } else if (!blank_) {
            ++features_;
            const std::string where = path_ + ": feature " + std::to_string(features_) + ": ";
            const std::string line = " on line " + std::to_string(line_ - 1);
            if (values > header_values_) {
                throw Error(where + std::to_string(values) + " values" + line +
                            ", but the header names " + std::to_string(header_values_) +
                            " fields (separated by " + separator_name(separator_) + ")");
            }
            if (values == 1 && header_values_ > 1 && other_ != '\0') {
                throw Error(where + "1 value" + line + ", but the header names " +
                            std::to_string(header_values_) + " fields separated by " +
                            separator_name(separator_) + " (the line is separated by " +
                            separator_name(other_) + "?)");
            }
        }
        separators_ = 0;
        other_ = '\0';
        blank_ = true;
    }

    const std::string &path_;
    const char separator_;
    bool quoted_ = false;
    bool blank_ = true;
    bool header_done_ = false;
    std::string header_;
    std::size_t header_values_ = 0;
    std::size_t separators_ = 0;
    char other_ = '\0';
    std::size_t line_ = 1;
    std::size_t quote_line_ = 0;
    std::int64_t features_ = 0;
};

} // namespace

std::vector<std::string> csv_header(const std::string &path) {
    std::vector<std::string> names;
    std::ifstream in(path, std::ios::binary);
    std::string line;
    if (!std::getline(in, line)) return names;
    if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
    const char separator = detect_separator(line);
    std::string name;
    bool quoted = false;
    for (std::size_t i = 0;; ++i) {
        // A header name with a line break in quotes continues on the next line.
        while (i == line.size() && quoted) {
            std::string more;
            if (!std::getline(in, more)) return {};
            line += '\n' + more;
        }
        if (i == line.size()) break;
        const char c = line[i];
        if (c == '"') {
            if (quoted && i + 1 < line.size() && line[i + 1] == '"') {
                name += '"';
                ++i;
            } else {
                quoted = !quoted;
            }
        } else if (c == separator && !quoted) {
            names.push_back(std::move(name));
            name.clear();
        } else if (c != '\r' || quoted) {
            name += c;
        }
    }
    names.push_back(std::move(name));
    return names;
}

void check_csv_structure(const std::string &path) {
    FilePtr file(std::fopen(path.c_str(), "rb"));
    if (!file) return; // GDAL's open reports why
    std::vector<char> buffer(chunk_size);
    std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get());
    std::string_view first(buffer.data(), n);
    // A UTF-8 byte order mark is not part of the first field name, as GDAL reads it.
    if (first.starts_with("\xEF\xBB\xBF")) first.remove_prefix(3);
    Scanner scanner(path, detect_separator(first.substr(0, first.find('\n'))));
    while (n > 0) {
        scanner.feed(first);
        n = std::fread(buffer.data(), 1, buffer.size(), file.get());
        first = std::string_view(buffer.data(), n);
    }
    if (std::ferror(file.get())) throw Error(path + ": read error");
    scanner.finish();
}

} // namespace depomap::io

namespace depomap::io {
namespace {

/// The sidecar `ext` of a Shapefile, in either case as GDAL looks for it, or "" if none.
std::string sidecar(const std::string &shp, const char *lower, const char *upper) {
    const std::string stem = shp.substr(0, shp.size() - 4);
    for (const char *ext : {lower, upper}) {
        std::error_code ec;
        if (std::filesystem::is_regular_file(stem + ext, ec)) return stem + ext;
    }
    return "";
}

std::uint32_t little_endian(const unsigned char *p, int bytes) {
    std::uint32_t v = 0;
    for (int i = bytes - 1; i >= 0; --i) v = (v << 8) | p[i];
    return v;
}

std::uint32_t big_endian32(const unsigned char *p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           p[3];
}

/// The first `n` bytes of a file (fewer if it is shorter).
std::vector<unsigned char> head(const std::string &path, std::size_t n) {
    std::vector<unsigned char> bytes(n);
    FilePtr file(std::fopen(path.c_str(), "rb"));
    if (!file) throw Error(path + ": cannot open for reading");
    bytes.resize(std::fread(bytes.data(), 1, n, file.get()));
    return bytes;
}

void check_prj(const std::string &shp, const std::string &prj) {
    ensure_gdal();
    GdalErrors errors;
    char **lines = CSLLoad(prj.c_str());
    OGRSpatialReference srs;
    const bool parsed = lines && srs.importFromESRI(lines) == OGRERR_NONE;
    CSLDestroy(lines);
    if (!parsed) {
        auto reason = errors.last_error();
        throw Error(shp + ": its .prj is not a CRS GDAL can read" +
                    (reason.empty() ? std::string() : " (" + reason + ")"));
    }
}

} // namespace

void check_shapefile(const std::string &path) {
    const std::string shx = sidecar(path, ".shx", ".SHX");
    const std::string dbf = sidecar(path, ".dbf", ".DBF");
    std::error_code ec;
    if (!std::filesystem::is_regular_file(path, ec) || std::filesystem::file_size(path, ec) == 0)
        return; // missing or empty: GDAL's open names it
    if (dbf.empty()) {
        throw Error(path + ": no .dbf beside it (a Shapefile keeps its attributes there; without "
                           "it every id and name would be lost)");
    }
    if (const std::string prj = sidecar(path, ".prj", ".PRJ"); !prj.empty()) check_prj(path, prj);
    const auto header = head(dbf, 32);
    if (header.size() < 32) throw Error(path + ": its .dbf is too short to be a dBASE file");
    const std::uint32_t records = little_endian(&header[4], 4);
    const std::uint32_t header_size = little_endian(&header[8], 2);
    const std::uint32_t record_size = little_endian(&header[10], 2);
    const auto dbf_size = std::filesystem::file_size(dbf, ec);
    if (!ec && record_size > 0 &&
        std::uint64_t{header_size} + std::uint64_t{records} * record_size > dbf_size) {
        throw Error(path + ": its .dbf header counts " + std::to_string(records) +
                    " records, but the file holds " +
                    std::to_string(dbf_size > header_size ? (dbf_size - header_size) / record_size
                                                          : 0) +
                    " (a damaged .dbf)");
    }
    if (shx.empty()) return;
    const auto index = head(shx, 100);
    const std::uint64_t shx_bytes = std::uint64_t{big_endian32(&index[24])} * 2;
    if (index.size() < 100 || shx_bytes < 100) return; // GDAL reports a damaged .shx
    const std::uint64_t shapes = (shx_bytes - 100) / 8;
    if (shapes != records) {
        throw Error(path + ": its .dbf has " + std::to_string(records) +
                    " records but the .shx indexes " + std::to_string(shapes) +
                    " shapes (a damaged or mismatched .dbf)");
    }
}

} // namespace depomap::io
