#pragma once
// The fields of a Shapefile, planned the same way for the store's rows (export) and for a
// source's features (convert): a sizing pass over the values gives each DBF field its width and
// decimals, so that every value reads back as it was; long names get 10-character DBF names,
// unique in the layer (the fixed table of src/gdal/io/shapefile_names.cpp, else the name cut and
// numbered); text over 254 bytes may be split into continuation fields (`notes`, `notes_2`,
// ...); and every renamed or split field is listed in `<layer>.fieldmap.csv` by the one
// field-map writer (CSV-quoted: a field's name may hold a comma or a quote).
#include "depomap/export.hpp"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace depomap::output {

/// The most bytes a DBF text field holds.
inline constexpr std::size_t dbf_text_max = 254;
/// The most bytes of a DBF field name.
inline constexpr std::size_t dbf_name_max = 10;

/// What a DBF field holds.
enum class DbfKind { text, integer, real, date };

/// One column of what goes into the Shapefile.
struct PlanColumn {
    std::string full;       ///< its name (unique in the layer; any length)
    std::size_t source = 0; ///< its index in the sizing pass and in the caller's rows
    DbfKind kind = DbfKind::text;
    /// The width and decimals the field has when the sizing pass saw no value of it (text: a
    /// width of 0 or over 254 is 254). Export gives 1 (a field of NULLs); convert the source's.
    int width = 0, precision = 0;
};

/// One planned DBF field.
struct PlannedField {
    std::string name;       ///< the DBF name, at most 10 bytes, unique in the layer
    std::string full;       ///< the column's name
    std::size_t source = 0; ///< the column's index
    DbfKind kind = DbfKind::text;
    int width = 0, precision = 0;
    int part = 1;  ///< split text: which 254-byte piece this field holds
    int parts = 1; ///< how many pieces the column is split into
};

/// The sizing pass: each value of each column goes through text() or number() once, before
/// anything is written; plan() then gives the fields that hold them all.
class ShapefileSizing {
  public:
    /// `columns`: how many the rows have; `split_text`: text over 254 bytes is split into
    /// continuation fields, else refused.
    ShapefileSizing(std::size_t columns, bool split_text);

    /// A text value of `column` (a number in a text column: its text): the field's width grows
    /// to hold it. False when it is over 254 bytes and text is not split (nothing recorded): the
    /// caller refuses it, naming the feature and field (long_text_reason).
    bool text(std::size_t column, std::string_view value);
    /// A number of `column` (an integer as the double it is): its width and decimals grow to hold
    /// it. Throws "V cannot be written to a Shapefile (DBF has no NaN or infinity); use GPKG" for
    /// NaN and infinities (the caller names feature and field before it).
    void number(std::size_t column, double value);

    /// The fields of `columns` (in their order, a split column's continuation fields after it),
    /// sized from what the pass saw. Throws "LABEL: field F: its numbers need N characters, more
    /// than a Shapefile (DBF) field holds; use GPKG" when a number would pass DBF's 255.
    std::vector<PlannedField> plan(const std::vector<PlanColumn> &columns, const std::string &label) const;

  private:
    struct Sized {
        std::optional<std::size_t> text_bytes;        ///< the widest text seen (unset: none)
        std::optional<shapefile::NumberShape> number; ///< the widest number seen (unset: none)
        int parts = 1;
    };
    std::vector<Sized> sized_;
    bool split_text_;
};

/// The DBF names of `fulls`, in order: a name from the fixed table, else the name itself when it
/// fits 10 bytes, else cut there (never inside a UTF-8 character); then `_2`, `_3`, ... (cut to
/// fit) until no earlier name has it, without ASCII case.
std::vector<std::string> dbf_names(const std::vector<std::string> &fulls);

/// The refusal of a text too long for a DBF field, after "field F: ".
std::string long_text_reason(std::size_t bytes);

/// Whether the field map must be written: a field renamed or split.
bool needs_field_map(const std::vector<PlannedField> &fields);
/// Writes `<folder>/<base>.fieldmap.csv` (short,full,part; every field, CSV-quoted) when
/// needs_field_map: the one field-map writer of export and convert. Returns whether it did.
bool write_field_map(const std::filesystem::path &folder, const std::string &base,
                     const std::vector<PlannedField> &fields);

} // namespace depomap::output
