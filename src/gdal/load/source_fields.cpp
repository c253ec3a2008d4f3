// The fields of a source, settled when it is opened: their names (unique, KML's and depomap's
// Shapefile export's restored) and the fields the options name, which must exist.
#include "gdal/load/source.hpp"

#include "depomap/error.hpp"
#include "util/text.hpp"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <unordered_map>
#include <unordered_set>

namespace depomap::loading {
namespace {

[[noreturn]] void missing_field(const Source &s, OGRFeatureDefn &defn, const std::string &name,
                                const char *field) {
    std::vector<std::string> names;
    for (int i = 0; i < defn.GetFieldCount(); ++i)
        names.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
    throw Error(s.label + ": " + option_ref(field) + " '" + util::excerpt(name) +
                "': no such field (fields: " + field_list(names) + ")");
}

} // namespace

std::string field_list(const std::vector<std::string> &names) {
    constexpr std::size_t shown = 30;
    std::string list;
    for (std::size_t i = 0; i < names.size() && i < shown; ++i)
        list += (i ? ", " : "") + util::excerpt(names[i], 40);
    if (names.size() > shown)
        list += " and " + std::to_string(names.size() - shown) + " more";
    return list;
}

/// A KML placemark's <description> is depomap's `notes` (its KML export writes it there);
/// the presentation fields GDAL adds to every KML layer are dropped where they hold
/// nothing (null, or tessellate -1, extrude 0, visibility -1): they are not the source's.
void SourceSet::read_kml_fields(Source &s) const {
    static const std::unordered_map<std::string, std::int64_t> presentation = {
        {"timestamp", 0}, {"begin", 0}, {"end", 0}, {"altitudeMode", 0}, {"drawOrder", 0},
        {"icon", 0}, {"snippet", 0}, {"tessellate", -1}, {"extrude", 0}, {"visibility", -1}};
    const bool has_notes = std::ranges::find(s.field_names, "notes") != s.field_names.end();
    s.kml_unset.assign(s.field_names.size(), std::nullopt);
    for (std::size_t i = 0; i < s.field_names.size(); ++i) {
        auto &name = s.field_names[i];
        if (name == "description" && !has_notes && schema::find_column(layer_, "notes")) {
            s.router->alias(name, "notes");
            name = "notes";
        } else if (const auto it = presentation.find(name); it != presentation.end()) {
            s.kml_unset[i] = it->second;
        }
    }
}

/// depomap's Shapefile export cuts names to 10 bytes and long text into parts, and lists
/// both in `map` (short,full,part): the full names come back, and each text's parts are
/// read as one value (FeatureDecoder::from_gdal), so export and load make a round trip.
void SourceSet::apply_field_map(Source &s, const std::filesystem::path &map) const {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(map, ec))
        return;
    const auto rows = io::read_csv_rows(map.string());
    if (rows.empty() || rows.front() != std::vector<std::string>{"short", "full", "part"})
        throw Error(map.string() + ": not a depomap field map (its header is not short,full,part)");
    const std::size_t n = s.field_names.size();
    s.continued_by.assign(n, {});
    s.continuation.assign(n, false);
    std::unordered_map<std::string, std::vector<std::pair<int, int>>> parts; // full -> (part, field)
    for (std::size_t r = 1; r < rows.size(); ++r) {
        const auto &row = rows[r];
        int part = 0;
        if (row.size() != 3 || std::from_chars(row[2].data(), row[2].data() + row[2].size(), part).ec != std::errc() ||
            part < 1) {
            throw Error(map.string() + ": line " + std::to_string(r + 1) + " is not short,full,part");
        }
        const auto field = std::ranges::find(s.field_names, row[0]);
        if (field == s.field_names.end())
            continue; // a field the layer no longer has
        parts[row[1]].emplace_back(part, static_cast<int>(field - s.field_names.begin()));
    }
    for (auto &[full, list] : parts) {
        std::ranges::sort(list);
        if (list.front().first != 1)
            throw Error(map.string() + ": '" + util::excerpt(full) + "' has no first part");
        const auto first = static_cast<std::size_t>(list.front().second);
        s.router->alias(s.field_names[first], full);
        s.field_names[first] = full;
        for (std::size_t i = 1; i < list.size(); ++i) {
            s.continued_by[first].push_back(list[i].second);
            s.continuation[static_cast<std::size_t>(list[i].second)] = true;
        }
    }
}

/// A GDAL layer's field names, unique (see unique_field_names). GDAL drops a doubled quote
/// inside a quoted CSV header name; the file's own `header` keeps such a name exactly (when
/// GDAL made one field per header name).
std::vector<std::string> SourceSet::gdal_field_names(const Source &s, OGRFeatureDefn &defn,
                                                     const std::vector<std::string> &header) const {
    std::vector<std::string> names;
    for (int f = 0; f < defn.GetFieldCount(); ++f) {
        const auto i = static_cast<std::size_t>(f);
        const bool own = header.size() == static_cast<std::size_t>(defn.GetFieldCount()) &&
                         header[i].find('"') != std::string::npos;
        names.push_back(own ? header[i] : defn.GetFieldDefn(f)->GetNameRef());
        // The name becomes a key of `extra`: JSON would need it replaced, i.e. changed.
        if (!util::is_valid_utf8(names.back())) {
            throw Error(s.label + ": invalid UTF-8 in the name of field " +
                        std::to_string(f + 1));
        }
    }
    return unique_field_names(std::move(names), s.label, options_.note);
}

/// The fields the options name must exist in some feature, as with GDAL's sources: scan
/// the properties until all are seen (usually in the first feature), before any write.
void SourceSet::check_geojson_fields(const Source &s) const {
    std::vector<std::pair<std::string, const char *>> wanted;
    // Each field with the option that names it (depomap::option_ref).
    if (options_.x_field) wanted.emplace_back(*options_.x_field, "x_field");
    if (options_.y_field) wanted.emplace_back(*options_.y_field, "y_field");
    if (options_.wkt_field) wanted.emplace_back(*options_.wkt_field, "wkt_field");
    for (const auto &[dst, src] : options_.field_map) wanted.emplace_back(src, "field_map");
    if (wanted.empty()) return;
    io::GeoJsonStream scan(s.label);
    if (!scan.open_features()) return;
    std::unordered_set<std::string> seen;
    std::vector<std::string> in_order; // for the message: the file's order, not a hash's
    std::string_view text;
    simdjson::dom::parser parser;
    while (!wanted.empty() && scan.next(text)) {
        simdjson::dom::element doc;
        simdjson::dom::object properties;
        if (parser.parse(text.data(), text.size(), false).get(doc)) continue;
        if (doc["properties"].get_object().get(properties)) continue;
        for (auto field : properties) {
            if (seen.emplace(field.key).second) in_order.emplace_back(field.key);
        }
        std::erase_if(wanted, [&](const auto &w) { return seen.contains(w.first); });
    }
    if (!wanted.empty()) {
        throw Error(s.label + ": " + option_ref(wanted.front().second) + " '" +
                    util::excerpt(wanted.front().first) +
                    "': no such field (fields: " + field_list(in_order) + ")");
    }
}

void SourceSet::check_fields_exist(const Source &s, OGRFeatureDefn &defn) const {
    const auto require = [&](const std::optional<std::string> &name, const char *field) {
        if (name && defn.GetFieldIndex(name->c_str()) < 0)
            missing_field(s, defn, *name, field);
    };
    require(options_.x_field, "x_field");
    require(options_.y_field, "y_field");
    require(options_.wkt_field, "wkt_field");
    for (const auto &[dst, src] : options_.field_map) {
        if (defn.GetFieldIndex(src.c_str()) < 0)
            missing_field(s, defn, src, "field_map");
    }
}

} // namespace depomap::loading
