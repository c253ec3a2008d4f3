#pragma once
// The field names of an output, unique as its driver compares them. SQLite (GPKG, SpatiaLite),
// DBF and GDAL's own field lookup compare names without the case of ASCII letters, so `foo` and
// `FOO` are one name to them: a second one is refused (SQLite: "duplicate column name"), or, in
// GDAL's GeoJSON writer, skipped while its values go on to the next field. Every field is kept
// under a name of its own instead, and the caller says which were renamed.
#include <string>
#include <vector>

namespace depomap::output {

/// `names` made unique without regard to ASCII case: the first of a name keeps it, a repeat
/// becomes NAME_2, NAME_3, ... (the first such name that no field has, in the source or among
/// `reserved`). A field named like one of `reserved` (columns the output makes itself: a
/// GeoPackage's geometry column, a CSV's X and Y) is renamed the same way. Same order and length.
std::vector<std::string> unique_field_names(const std::vector<std::string> &names,
                                            const std::vector<std::string> &reserved = {});

} // namespace depomap::output
