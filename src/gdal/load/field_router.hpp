#pragma once
// Where each source field goes, decided by its name once per source layer: the geometry
// (x_field/y_field/wkt_field), a column (field_map, or a field named like it), or `extra`.
#include "depomap/load.hpp"
#include "depomap/schema.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace depomap::loading {

/// Where a source field goes.
struct Target {
    /// extra_members: a field named `extra` (depomap's own export of the `extra` column): the
    /// members of the JSON object it holds go into `extra` one by one.
    enum class Kind { column, extra, extra_members, x, y, wkt };
    Kind kind = Kind::extra;
    std::size_t column = 0;
    /// field_map of one source field into several columns: every one of them (`column` is the first).
    const std::vector<std::size_t> *columns = nullptr;
    /// Named like its column in another case (`NAME` for `name`): when a field of the same
    /// feature has the column's exact name, that one fills it and this goes to `extra`.
    bool inexact = false;
    /// A field named `country` (any case): its text, a country name, fills an empty
    /// country_iso3 with the name's code (wherever the field itself goes).
    bool country_name = false;
};

using Note = std::function<void(const std::string &)>;

/// Decides, by name, where each source field of one source layer lands: x_field/y_field/wkt_field
/// make the geometry, field_map DST=SRC fills DST (one SRC may fill several), a field named like a
/// column fills it (the exact name first, else the first name equal but for case, unless field_map
/// took the column), everything else is kept in `extra`. Used on the reading thread.
class FieldRouter {
  public:
    /// `label` names the source layer in notes; the options' field_map names must be columns.
    FieldRouter(const schema::Layer &layer, const LoadOptions &options, std::string label, Note note);

    /// The source's field names, when known before the first feature (GDAL's sources): a
    /// column with an exact-case field is that field's alone.
    void expect_fields(const std::vector<std::string> &names);

    /// Where field `name` goes (decided once per name).
    Target route(std::string_view name);

    /// An inexact field whose column another field of the feature fills goes to `extra`;
    /// said once per field name.
    Target to_extra(std::string_view name, std::size_t column);

    /// The source field `short_name` is read as `full` (a Shapefile's cut name, restored from
    /// its field map): a field_map pair naming either means it.
    void alias(const std::string &short_name, const std::string &full);

    /// field_map sources no field of the source had.
    std::vector<std::string> unseen_map_sources() const;

  private:
    Target decide(std::string_view name);
    void say(std::string_view name, std::string_view column) const;

    const schema::Layer &layer_;
    const LoadOptions &options_;
    std::string label_;
    Note note_;
    std::vector<bool> claimed_; ///< by LoadOptions::field_map
    std::vector<bool> exact_;   ///< a field of the column's exact name is known
    std::unordered_map<std::string, std::vector<std::size_t>> mapped_; // nodes stay put
    std::unordered_map<std::string, Target> cache_;
    std::unordered_set<std::string> noted_;
};

/// The source's field names made unique: a repeated name becomes NAME_2, NAME_3, ... (a name
/// no other field has), and `note` says so, so that every value is kept.
std::vector<std::string> unique_field_names(std::vector<std::string> names, const std::string &label,
                                            const Note &note);

} // namespace depomap::loading
