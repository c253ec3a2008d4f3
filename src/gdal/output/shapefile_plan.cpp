// The fields of a Shapefile for export and convert alike (see shapefile_plan.hpp).
#include "gdal/output/shapefile_plan.hpp"

#include "depomap/error.hpp"
#include "gdal/io/sink.hpp"
#include "util/text.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <unordered_set>

namespace depomap::output {
namespace {

/// `text` cut to at most `max` bytes, never inside a UTF-8 character.
std::string cut_utf8(const std::string &text, std::size_t max) {
    if (text.size() <= max) return text;
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    return text.substr(0, cut);
}

/// A column's DBF name before it is made unique: the fixed table's, the name itself when it
/// fits, else the name cut to 10 bytes.
std::string base_name(const std::string &full) {
    for (const auto &entry : shapefile::short_names()) {
        if (entry.full == full) return std::string(entry.short_name);
    }
    return cut_utf8(full, dbf_name_max);
}

/// `base`, or `base` cut and numbered `_2`, `_3`, ... until `taken` (lower case) lacks it; the
/// name given is added to `taken`.
std::string unique_name(const std::string &base, std::unordered_set<std::string> &taken) {
    std::string name = base;
    for (int n = 2; taken.contains(util::to_lower(name)); ++n) {
        const std::string suffix = '_' + std::to_string(n);
        name = cut_utf8(base, dbf_name_max - suffix.size()) + suffix;
    }
    taken.insert(util::to_lower(name));
    return name;
}

/// The name of part `part` (2, 3, ...) of a split column: its base name cut to fit `_<part>`.
std::string part_base(const std::string &full, int part) {
    const std::string suffix = '_' + std::to_string(part);
    return cut_utf8(base_name(full), dbf_name_max - suffix.size()) + suffix;
}

std::string number_text(double value) {
    char buffer[64];
    const auto end = std::to_chars(buffer, buffer + sizeof buffer, value).ptr;
    return std::string(buffer, end);
}

} // namespace

ShapefileSizing::ShapefileSizing(std::size_t columns, bool split_text) : sized_(columns), split_text_(split_text) {}

bool ShapefileSizing::text(std::size_t column, std::string_view value) {
    auto &sized = sized_[column];
    if (value.size() > dbf_text_max) {
        if (!split_text_) return false;
        sized.parts = std::max(sized.parts, static_cast<int>(shapefile::split_utf8(value, dbf_text_max).size()));
        sized.text_bytes = dbf_text_max;
        return true;
    }
    sized.text_bytes = std::max(sized.text_bytes.value_or(0), value.size());
    return true;
}

void ShapefileSizing::number(std::size_t column, double value) {
    if (!std::isfinite(value)) {
        throw Error(number_text(value) + " cannot be written to a Shapefile (DBF has no NaN or infinity); use GPKG");
    }
    auto &number = sized_[column].number;
    const auto shape = shapefile::number_shape(value);
    if (number) number->hold(shape);
    else number = shape;
}

std::vector<PlannedField> ShapefileSizing::plan(const std::vector<PlanColumn> &columns,
                                               const std::string &label) const {
    std::vector<PlannedField> fields;
    std::unordered_set<std::string> taken;
    for (const auto &column : columns) {
        const auto &sized = sized_.at(column.source);
        PlannedField f{unique_name(base_name(column.full), taken), column.full, column.source, column.kind,
                       column.width, column.precision};
        f.parts = sized.parts;
        if (column.kind == DbfKind::text) {
            if (sized.text_bytes) f.width = static_cast<int>(std::max<std::size_t>(1, *sized.text_bytes));
            else if (f.width <= 0 || f.width > static_cast<int>(dbf_text_max)) f.width = static_cast<int>(dbf_text_max);
            f.precision = 0;
        } else if (sized.number && column.kind != DbfKind::date) {
            f.width = sized.number->width();
            f.precision = sized.number->decimals;
            // DBF numbers are text of at most 255 characters (GDAL writes them with %*.*f).
            if (f.width > 255) {
                throw Error(label + ": field " + column.full + ": its numbers need " + std::to_string(f.width) +
                            " characters, more than a Shapefile (DBF) field holds; use GPKG");
            }
        }
        fields.push_back(f);
        for (int p = 2; p <= sized.parts; ++p) {
            PlannedField part = f;
            part.name = unique_name(part_base(column.full, p), taken);
            part.part = p;
            fields.push_back(std::move(part));
        }
    }
    return fields;
}

std::vector<std::string> dbf_names(const std::vector<std::string> &fulls) {
    std::unordered_set<std::string> taken;
    std::vector<std::string> names;
    names.reserve(fulls.size());
    for (const auto &full : fulls) names.push_back(unique_name(base_name(full), taken));
    return names;
}

std::string long_text_reason(std::size_t bytes) {
    return "text of " + std::to_string(bytes) + " bytes does not fit a Shapefile (DBF) field of at most 254 bytes";
}

bool needs_field_map(const std::vector<PlannedField> &fields) {
    return std::any_of(fields.begin(), fields.end(),
                       [](const PlannedField &f) { return f.name != f.full || f.part > 1; });
}

bool write_field_map(const std::filesystem::path &folder, const std::string &base,
                     const std::vector<PlannedField> &fields) {
    if (!needs_field_map(fields)) return false;
    std::string csv = "short,full,part\n";
    for (const auto &f : fields) {
        csv += util::csv_quote(f.name) + "," + util::csv_quote(f.full) + "," + std::to_string(f.part) + "\n";
    }
    io::write_text_file(folder / (base + ".fieldmap.csv"), csv);
    return true;
}

} // namespace depomap::output
