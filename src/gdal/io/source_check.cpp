#include "gdal/io/source_check.hpp"

#include "depomap/error.hpp"
#include "gdal/io/gdal.hpp"
#include "gdal/io/geojson_stream.hpp"
#include "util/text.hpp"

#include <cpl_conv.h>
#include <cpl_http.h>
#include <cpl_vsi.h>
#include <cpl_string.h>
#include <simdjson.h>
#include <stdlib.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
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

/// Where a '"' stands in a CSV value (RFC 4180, leniently): it opens a quoted value only at
/// the value's start (after blanks) or again in a value that began quoted (GDAL's reading of
/// `"Bad" name"`); inside a value that began otherwise it is a literal character, the ASCII
/// seconds mark of 50°46'06.6"N.
class QuoteState {
  public:
    enum class Quote { opens, closes, literal };
    bool quoted() const { return quoted_; }
    bool value_quoted() const { return value_quoted_; }
    Quote on_quote() {
        if (quoted_) {
            quoted_ = false;
            return Quote::closes;
        }
        if (value_start_ || value_quoted_) {
            quoted_ = value_quoted_ = true;
            value_start_ = false;
            return Quote::opens;
        }
        return Quote::literal;
    }
    /// Any other character of a value (outside quotes).
    void on_char(char c) {
        if (c != ' ') value_start_ = false;
    }
    /// A separator or the end of a record, outside quotes.
    void on_boundary() {
        value_start_ = true;
        value_quoted_ = false;
    }

  private:
    bool quoted_ = false, value_start_ = true, value_quoted_ = false;
};

/// Walks the records of one file; see check_csv_structure.
class Scanner {
  public:
    Scanner(const std::string &path, char separator, BareQuotes bare)
        : path_(path), separator_(separator), refuse_bare_(bare == BareQuotes::refuse) {}

    void feed(std::string_view bytes) {
        for (const char c : bytes) {
            if (c == '\0') refuse_nul();
            if (c == '"') {
                const auto q = quotes_.on_quote();
                if (q == QuoteState::Quote::opens) quote_line_ = line_;
                if (q == QuoteState::Quote::literal) {
                    bare_quotes_ = true;
                    if (refuse_bare_) refuse_bare_quote();
                }
                blank_ = false;
            } else if (c == '\n') {
                ++line_;
                if (!quotes_.quoted()) {
                    end_record();
                    quotes_.on_boundary();
                }
            } else if (quotes_.quoted()) {
                blank_ = false;
            } else if (c == separator_) {
                ++separators_;
                blank_ = false;
                quotes_.on_boundary();
            } else if (is_separator_candidate(c)) {
                other_ = c;
                blank_ = false;
                quotes_.on_char(c);
            } else if (c != '\r') {
                blank_ = false;
                quotes_.on_char(c);
            }
            if (!header_done_ && header_.size() < 200 && c != '\n' && c != '\r') header_ += c;
        }
    }

    CsvShape shape() const { return {header_values_, bare_quotes_}; }

  private:
    [[noreturn]] void refuse_bare_quote() const {
        const std::string where = header_done_ ? "feature " + std::to_string(features_ + 1) + ": "
                                               : std::string("the header: ");
        throw Error(path_ + ": " + where + "a '\"' inside an unquoted value on line " +
                    std::to_string(line_) + " (such as the seconds mark of 50°46'06.6\"N), which "
                    "GDAL misreads: quote the value and double the '\"' (a load into a store "
                    "reads it as it is)");
    }

    /// GDAL's CSV reader ends a line at a NUL: the rest of its values would be lost.
    [[noreturn]] void refuse_nul() const {
        const std::string reason = "holds a NUL character (U+0000) on line " + std::to_string(line_) +
                                   ", which GDAL's CSV reader takes as the end of the line";
        if (!header_done_) throw Error(path_ + ": the header " + reason);
        const auto names = csv_header(path_);
        const std::string field = separators_ < names.size() ? names[separators_]
                                                             : "number " + std::to_string(separators_ + 1);
        throw Error(path_ + ": feature " + std::to_string(features_ + 1) + ", field " + field + ": the text " +
                    reason);
    }

  public:

    void finish() {
        if (quotes_.quoted()) {
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
    const bool refuse_bare_;
    QuoteState quotes_;
    bool bare_quotes_ = false;
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

std::vector<std::vector<std::string>> read_csv_rows(const std::string &path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path + ": cannot read it");
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string value;
    bool quoted = false, any = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                value += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                value += c;
            }
        } else if (c == '"') {
            quoted = any = true;
        } else if (c == ',') {
            row.push_back(std::move(value));
            value.clear();
            any = true;
        } else if (c == '\n') {
            if (any || !value.empty()) {
                row.push_back(std::move(value));
                rows.push_back(std::move(row));
            }
            row.clear();
            value.clear();
            any = false;
        } else if (c != '\r') {
            value += c;
            any = true;
        }
    }
    if (any || !value.empty()) {
        row.push_back(std::move(value));
        rows.push_back(std::move(row));
    }
    return rows;
}

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

CsvShape check_csv_structure(const std::string &path, BareQuotes bare) {
    FilePtr file(std::fopen(path.c_str(), "rb"));
    if (!file) return {}; // GDAL's open reports why
    std::vector<char> buffer(chunk_size);
    std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get());
    std::string_view first(buffer.data(), n);
    // A UTF-8 byte order mark is not part of the first field name, as GDAL reads it.
    if (first.starts_with("\xEF\xBB\xBF")) first.remove_prefix(3);
    Scanner scanner(path, detect_separator(first.substr(0, first.find('\n'))), bare);
    while (n > 0) {
        scanner.feed(first);
        n = std::fread(buffer.data(), 1, buffer.size(), file.get());
        first = std::string_view(buffer.data(), n);
    }
    if (std::ferror(file.get())) throw Error(path + ": read error");
    scanner.finish();
    return scanner.shape();
}

namespace {

/// Copies a CSV file, quoting every unquoted value that holds a literal '"' (see QuoteState).
class Requoter {
  public:
    Requoter(std::FILE *out, char separator) : out_(out), separator_(separator) {}

    void feed(std::string_view bytes) {
        for (const char c : bytes) {
            const bool inside = quotes_.quoted();
            if (c == '"') {
                if (quotes_.on_quote() == QuoteState::Quote::literal) literal_ = true;
                keep(c);
            } else if (!inside && (c == separator_ || c == '\n')) {
                flush();
                std::fputc(c, out_);
                quotes_.on_boundary();
            } else {
                if (!inside) quotes_.on_char(c);
                keep(c);
            }
        }
    }

    void flush() {
        if (literal_) {
            // A CR before the line's end stays outside the quotes.
            const bool cr = !value_.empty() && value_.back() == '\r';
            if (cr) value_.pop_back();
            std::string quoted = "\"";
            for (const char c : value_) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
            quoted += cr ? "\"\r" : "\"";
            value_ = std::move(quoted);
        }
        std::fwrite(value_.data(), 1, value_.size(), out_);
        value_.clear();
        literal_ = false;
    }

  private:
    void keep(char c) {
        // A value that began quoted goes through as written.
        if (quotes_.value_quoted()) {
            if (!value_.empty()) flush();
            std::fputc(c, out_);
        } else {
            value_ += c;
        }
    }

    std::FILE *out_;
    const char separator_;
    QuoteState quotes_;
    std::string value_;
    bool literal_ = false;
};

} // namespace

CsvCopy::CsvCopy(const std::string &path) {
    namespace fs = std::filesystem;
    std::string pattern = (fs::temp_directory_path() / "depomap-csv-XXXXXX").string();
    if (!::mkdtemp(pattern.data()))
        throw Error(path + ": cannot make a temporary folder to read it in");
    folder_ = pattern;
    const fs::path source(path);
    copy_ = (fs::path(folder_) / source.filename()).string();
    FilePtr in(std::fopen(path.c_str(), "rb"));
    FilePtr out(std::fopen(copy_.c_str(), "wb"));
    if (!in || !out) throw Error(path + ": cannot copy it to " + folder_);
    std::vector<char> buffer(chunk_size);
    std::size_t n = std::fread(buffer.data(), 1, buffer.size(), in.get());
    std::string_view bytes(buffer.data(), n);
    std::string header(bytes.substr(0, bytes.find('\n')));
    if (header.starts_with("\xEF\xBB\xBF")) header.erase(0, 3);
    Requoter requoter(out.get(), detect_separator(header));
    while (n > 0) {
        requoter.feed(bytes);
        n = std::fread(buffer.data(), 1, buffer.size(), in.get());
        bytes = std::string_view(buffer.data(), n);
    }
    requoter.flush();
    if (std::ferror(in.get()) || std::fflush(out.get()) != 0 || std::ferror(out.get()))
        throw Error(path + ": cannot copy it to " + folder_);
    // The types and CRS GDAL reads beside a CSV go with it.
    for (const char *ext : {".csvt", ".CSVT", ".prj", ".PRJ"}) {
        const fs::path side = fs::path(path).replace_extension(ext);
        std::error_code ec;
        if (fs::is_regular_file(side, ec)) {
            fs::copy_file(side, fs::path(folder_) / fs::path(source.stem().string() + ext), ec);
        }
    }
}

CsvCopy::~CsvCopy() {
    std::error_code ec;
    std::filesystem::remove_all(folder_, ec);
}

namespace {
constexpr const char *csv_field_limit = "OGR_CSV_MAX_FIELD_COUNT";
}

CsvFieldLimit::CsvFieldLimit() {
    if (const char *old = CPLGetThreadLocalConfigOption(csv_field_limit, nullptr)) {
        old_ = old;
        had_old_ = true;
    }
    CPLSetThreadLocalConfigOption(csv_field_limit, "10000000");
}

CsvFieldLimit::~CsvFieldLimit() {
    CPLSetThreadLocalConfigOption(csv_field_limit, had_old_ ? old_.c_str() : nullptr);
}

// --- NUL characters in text ---------------------------------------------------------------------

namespace {

std::string nul_reason(std::string_view driver) {
    return "holds a NUL character (U+0000), at which GDAL's " + std::string(driver) + " reader would cut it";
}

/// An SQL identifier in double quotes.
std::string sql_name(std::string_view name) {
    std::string quoted = "\"";
    for (const char c : name) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + '"';
}

/// Finds JSON's \u0000 escape (a NUL) in text read in pieces: a backslash escapes the next
/// character, so "\\u0000" (a backslash, then u0000) is none.
class NulEscapeFinder {
  public:
    /// True when `bytes` completes a \u0000.
    bool feed(std::string_view bytes) {
        std::size_t i = 0;
        while (i < bytes.size()) {
            if (state_ == 0) {
                const void *at = std::memchr(bytes.data() + i, '\\', bytes.size() - i);
                if (!at) return false;
                i = static_cast<std::size_t>(static_cast<const char *>(at) - bytes.data()) + 1;
                state_ = 1;
                continue;
            }
            const char c = bytes[i++];
            if (state_ == 1) {
                state_ = c == 'u' ? 2 : 0;
            } else if (c == '0') {
                if (++state_ == 6) return true;
            } else {
                state_ = c == '\\' ? 1 : 0;
            }
        }
        return false;
    }

  private:
    int state_ = 0; ///< 0: text, 1: after a backslash, 2-5: after "\u" and (state - 2) zeros
};

bool holds_nul(simdjson::dom::element e) {
    std::string_view text;
    simdjson::dom::array array;
    simdjson::dom::object object;
    if (!e.get_string().get(text)) return text.find('\0') != std::string_view::npos;
    if (!e.get_array().get(array)) {
        for (auto item : array) {
            if (holds_nul(item)) return true;
        }
    } else if (!e.get_object().get(object)) {
        for (auto field : object) {
            if (field.key.find('\0') != std::string_view::npos || holds_nul(field.value)) return true;
        }
    }
    return false;
}

/// Where in one feature's text a NUL is: "field NAME" (a property, or the id), or "" when none.
std::string nul_field(simdjson::dom::parser &parser, std::string_view text) {
    simdjson::dom::element doc;
    if (parser.parse(text.data(), text.size(), false).get(doc)) return {}; // GDAL names what is wrong
    simdjson::dom::object properties;
    if (!doc["properties"].get_object().get(properties)) {
        for (auto field : properties) {
            if (field.key.find('\0') != std::string_view::npos) return "a property name";
            if (holds_nul(field.value)) return "field " + std::string(field.key);
        }
    }
    simdjson::dom::element id;
    if (!doc["id"].get(id) && holds_nul(id)) return "field id";
    return {};
}

} // namespace

NulTexts::NulTexts(const std::string &label, GDALDataset &ds, OGRLayer &layer) {
    const std::string driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
    if (driver != "GPKG" && driver != "SQLite") return;
    OGRFeatureDefn &defn = *layer.GetLayerDefn();
    std::vector<int> text;
    for (int i = 0; i < defn.GetFieldCount(); ++i) {
        if (defn.GetFieldDefn(i)->GetType() == OFTString) text.push_back(i);
    }
    if (text.empty()) return;
    // SQLite's own SQL (GDAL passes it on for these drivers): the bytes of each text, NULs kept.
    // The feature id as an expression, so that GDAL does not take it as the result's FID.
    const std::string fid = *layer.GetFIDColumn() ? layer.GetFIDColumn() : "rowid";
    std::string which = "CASE", any;
    for (std::size_t k = 0; k < text.size(); ++k) {
        const auto has =
            "instr(CAST(" + sql_name(defn.GetFieldDefn(text[k])->GetNameRef()) + " AS BLOB), x'00') > 0";
        which += " WHEN " + has + " THEN " + std::to_string(k);
        any += (k ? " OR " : "") + has;
    }
    std::string table = layer.GetName();
    // GDAL's SQLite driver names a table with several geometry columns "table(column)".
    if (const auto open = table.rfind('(');
        driver == "SQLite" && open != std::string::npos && table.back() == ')') {
        table.erase(open);
    }
    const std::string sql = "SELECT " + sql_name(fid) + " + 0 AS nul_fid, " + which +
                            " END AS nul_field FROM " + sql_name(table) + " WHERE " + any;
    GdalErrors errors;
    OGRLayer *found = ds.ExecuteSQL(sql.c_str(), nullptr, nullptr);
    if (!found) {
        throw Error(label + ": cannot look for NUL characters in its text: " +
                    (errors.last_error().empty() ? std::string("reason unknown") : errors.last_error()));
    }
    for (auto &f : *found) {
        const auto k = static_cast<std::size_t>(f->GetFieldAsInteger(1));
        if (k < text.size())
            fields_.emplace(f->GetFieldAsInteger64(0), defn.GetFieldDefn(text[k])->GetNameRef());
    }
    ds.ReleaseResultSet(found);
    reason_ = nul_reason(driver);
}

const std::string *NulTexts::field(GIntBig fid) const {
    if (fields_.empty()) return nullptr;
    const auto at = fields_.find(fid);
    return at == fields_.end() ? nullptr : &at->second;
}

void check_geojson_nul(const std::string &path) {
    {
        FilePtr file(std::fopen(path.c_str(), "rb"));
        if (!file) return; // GDAL's open reports why
        std::vector<char> buffer(chunk_size);
        NulEscapeFinder finder;
        bool found = false;
        while (!found) {
            const std::size_t n = std::fread(buffer.data(), 1, buffer.size(), file.get());
            if (n == 0) break;
            found = finder.feed(std::string_view(buffer.data(), n));
        }
        if (std::ferror(file.get())) throw Error(path + ": read error");
        if (!found) return;
    }
    const std::string reason = nul_reason("GeoJSON");
    GeoJsonStream stream(path);
    if (!stream.open_features()) throw Error(path + ": a text " + reason);
    simdjson::dom::parser parser;
    std::string_view text;
    for (std::int64_t index = 1; stream.next(text); ++index) {
        if (!NulEscapeFinder().feed(text)) continue;
        if (const auto field = nul_field(parser, text); !field.empty()) {
            throw Error(path + ": feature " + std::to_string(index) + ", " + field + ": the text " + reason);
        }
    }
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
    // A UTF-8 byte order mark before the WKT (written by some Windows tools): GDAL's Shapefile
    // driver skips it, and so does this check.
    if (lines && lines[0] && std::string_view(lines[0]).starts_with("\xEF\xBB\xBF"))
        std::memmove(lines[0], lines[0] + 3, std::strlen(lines[0] + 3) + 1);
    OGRSpatialReference srs;
    const bool parsed = lines && srs.importFromESRI(lines) == OGRERR_NONE;
    CSLDestroy(lines);
    if (!parsed) {
        auto reason = errors.last_error();
        throw Error(shp + ": its .prj is not a CRS GDAL can read" +
                    (reason.empty() ? std::string() : " (" + reason + ")"));
    }
}

/// A .dbf header too short for the field descriptions its records need: shapelib reads the
/// fields the header holds and GDAL loads the rest of every record as nothing.
void check_dbf_fields(const std::string &shp, const std::string &dbf, std::uint32_t header_size,
                      std::uint32_t record_size) {
    const auto bytes = head(dbf, std::size_t{header_size} + 33);
    std::size_t at = 32, fields = 0;
    std::uint32_t described = 1; // the deletion flag
    for (; at + 32 <= header_size && at < bytes.size() && bytes[at] != 0x0D; at += 32) {
        described += bytes[at + 16];
        ++fields;
    }
    const bool more = at < bytes.size() && at + 32 <= bytes.size() && bytes[at] != 0x0D &&
                      bytes[at] != 0;
    if (described < record_size && more) {
        throw Error(shp + ": its .dbf header (" + std::to_string(header_size) +
                    " bytes) has room for " + std::to_string(fields) +
                    " field descriptions, but its records (" + std::to_string(record_size) +
                    " bytes) hold more fields (a damaged .dbf: their values would be lost)");
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
    check_dbf_fields(path, dbf, header_size, record_size);
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

namespace depomap::io {
namespace {

/// Why a layer has no usable CRS, in the words of its format.
std::string why_no_crs(GDALDataset &ds, const OGRSpatialReference *srs) {
    if (srs) {
        const char *name = srs->GetName();
        return std::string("its CRS is undefined ('") + (name ? name : "") + "')";
    }
    const std::string driver = ds.GetDriver() ? ds.GetDriver()->GetDescription() : "";
    if (driver == "ESRI Shapefile") return "no CRS: no .prj beside it";
    if (driver == "CSV") return "no CRS: a CSV file carries none";
    if (driver == "ESRIJSON") return "no CRS: no \"spatialReference\" in the ESRI JSON";
    if (driver == "TopoJSON") return "no CRS: the TopoJSON names none";
    if (driver.empty()) return "no CRS";
    return "no CRS: the " + driver + " source names none";
}

std::string degrees(double v) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.6g", v);
    return buffer;
}

} // namespace

std::optional<OGRSpatialReference> source_crs(const std::string &label, GDALDataset &ds,
                                              OGRLayer &layer, std::string &note) {
    note.clear();
    if (layer.GetGeomType() == wkbNone && layer.GetLayerDefn()->GetGeomFieldCount() == 0)
        return std::nullopt;
    const OGRSpatialReference *srs = layer.GetSpatialRef();
    // GeoPackage's "Undefined Cartesian SRS" (srs_id -1) says as little as no CRS at all.
    const bool undefined = srs && srs->IsLocal() && srs->GetName() &&
                           std::string_view(srs->GetName()).starts_with("Undefined");
    if (srs && !undefined) {
        OGRSpatialReference own = *srs;
        own.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
        return own;
    }
    const std::string why = why_no_crs(ds, srs);
    OGREnvelope env;
    GdalErrors quiet;
    if (layer.GetExtent(&env, TRUE) != OGRERR_NONE) return wgs84(); // no geometry to place
    if (env.MinX >= -180 && env.MaxX <= 180 && env.MinY >= -90 && env.MaxY <= 90) {
        note = label + ": " + why + "; its coordinates are longitude/latitude degrees, read as "
               "EPSG:4326 (give " + option_ref("source_srs") + " if they are not)";
        return wgs84();
    }
    throw Error(label + ": " + why + ", and its coordinates (x " + degrees(env.MinX) + " to " +
                degrees(env.MaxX) + ", y " + degrees(env.MinY) + " to " + degrees(env.MaxY) +
                ") are not longitude/latitude degrees: give its CRS with " + option_ref("source_srs") +
                " (e.g. " + option_ref("source_srs") + " EPSG:32660)");
}

TransformPtr transform_to_wgs84(const std::string &label, const OGRSpatialReference &from) {
    try {
        return make_transform(from, wgs84());
    } catch (const Error &e) {
        throw Error(label + ": " + e.what() + " (give the source's CRS with " + option_ref("source_srs") + ")");
    }
}

std::unique_ptr<OGRGeometry> transform_wrapped(const OGRGeometry &g,
                                               OGRCoordinateTransformation &ct) {
    const char *options[] = {"WRAPDATELINE=YES", nullptr};
    GdalErrors quiet;
    return std::unique_ptr<OGRGeometry>(OGRGeometryFactory::transformWithOptions(
        &g, &ct, const_cast<char **>(options)));
}

} // namespace depomap::io

namespace depomap::io {
namespace {

bool starts_with_icase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() && util::to_lower(text.substr(0, prefix.size())) == prefix;
}

bool is_url(std::string_view source) {
    return starts_with_icase(source, "http://") || starts_with_icase(source, "https://");
}

/// The last part of a path or URL without the extensions that say how it is packed or what
/// it holds: "sites" for /data/sites.geojson.gz or https://host/x/sites.zip?raw=1.
std::string bare_stem(std::string_view source) {
    if (const auto query = source.find_first_of("?#"); is_url(source) && query != std::string_view::npos)
        source = source.substr(0, query);
    while (!source.empty() && source.back() == '/') source.remove_suffix(1);
    std::string name(source.substr(source.find_last_of('/') + 1));
    for (const char *ext : {".gz", ".tgz", ".tar", ".zip"}) {
        if (util::ends_with_icase(name, ext)) name.erase(name.size() - std::strlen(ext));
    }
    return std::filesystem::path(name).stem().string();
}

/// Why GDAL cannot read the URL, from one small request: the HTTP status GDAL reports
/// ("HTTP error code : 404"), or curl's reason (a refused connection).
std::string url_refusal(const std::string &url) {
    const char *options[] = {"HEADERS=Range: bytes=0-0", "TIMEOUT=30", "MAX_RETRY=0", nullptr};
    GdalErrors quiet;
    CPLHTTPResult *result = CPLHTTPFetch(url.c_str(), const_cast<char **>(options));
    std::string reason = result && result->pszErrBuf ? result->pszErrBuf : "";
    std::ranges::replace_if(reason, [](char c) { return c == '\n' || c == '\r'; }, ' ');
    CPLHTTPDestroyResult(result);
    return reason.empty() ? "the server does not serve it" : reason;
}

} // namespace

SourcePath source_path(const std::string &source) {
    if (starts_with_icase(source, "/vsi")) return {source, true, bare_stem(source)};
    const bool url = is_url(source);
    std::string_view name = source;
    if (const auto query = name.find_first_of("?#"); url && query != std::string_view::npos)
        name = name.substr(0, query);
    // A zip or gzip file at a URL is unpacked from the bytes /vsicurl/ fetches.
    const char *packed = util::ends_with_icase(name, ".zip")                                   ? "/vsizip/"
                         : util::ends_with_icase(name, ".tar") || util::ends_with_icase(name, ".tgz") ||
                                   util::ends_with_icase(name, ".tar.gz")                       ? "/vsitar/"
                         : util::ends_with_icase(name, ".gz")                                   ? "/vsigzip/"
                                                                                                : "";
    if (url) return {packed + ("/vsicurl/" + source), true, bare_stem(source)};
    if (!*packed) return {source, false, std::filesystem::path(source).stem().string()};
    std::error_code ec;
    const auto absolute = std::filesystem::absolute(source, ec);
    return {packed + (ec ? source : absolute.string()), true, bare_stem(source)};
}

GDALDatasetUniquePtr open_source(const std::string &source, const SourcePath &path,
                                 const std::vector<std::string> &open_options) {
    if (!path.vsi) return open_vector(source, open_options);
    ensure_gdal();
    // The packed file itself is checked as any local source is (missing, a FIFO, ...).
    if (!starts_with_icase(source, "/vsi") && !is_url(source)) check_source(source);
    VSIStatBufL st;
    {
        GdalErrors quiet;
        if (VSIStatExL(path.gdal.c_str(), &st, VSI_STAT_EXISTS_FLAG) != 0) {
            throw Error(source + ": " + (is_url(source) ? "cannot read the URL: " + url_refusal(source)
                                                        : std::string("no such file")));
        }
    }
    return open_gdal_vector(path.gdal, source, open_options, "no vector layer GDAL can read in it");
}

std::vector<OGRLayer *> pick_layers(const std::string &source, GDALDataset &ds,
                                    const std::vector<std::string> &wanted) {
    std::vector<OGRLayer *> layers;
    if (wanted.empty()) {
        for (int i = 0; i < ds.GetLayerCount(); ++i) layers.push_back(ds.GetLayer(i));
        return layers;
    }
    for (const auto &name : wanted) {
        OGRLayer *layer = nullptr;
        for (int i = 0; i < ds.GetLayerCount() && !layer; ++i) {
            if (name == ds.GetLayer(i)->GetName()) layer = ds.GetLayer(i);
        }
        if (!layer) {
            std::string names;
            for (int i = 0; i < ds.GetLayerCount(); ++i)
                names += (i ? ", " : "") + util::excerpt(ds.GetLayer(i)->GetName());
            throw Error(source + ": no layer '" + util::excerpt(name) + "' (its layers: " +
                        (names.empty() ? std::string("none") : names) + ")");
        }
        if (std::ranges::find(layers, layer) == layers.end()) layers.push_back(layer);
    }
    return layers;
}

} // namespace depomap::io
