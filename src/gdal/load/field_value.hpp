#pragma once
// A source field's value turned into what the store keeps: a column's value by the column's
// type, a member of `extra`, or a geometry field's slot. No GDAL here: every reader's values
// go through the same rules.
#include "depomap/schema.hpp"
#include "depomap/sqlite.hpp"
#include "gdal/load/feature.hpp"

#include <nlohmann/json.hpp>

#include <string>
#include <string_view>

namespace depomap::loading {

/// `v` in its shortest exact decimal form ("55.75", "1e+300", "inf").
std::string format_number(double v);

/// `text` (blanks around it allowed) as a finite number, or FeatureError "field 'NAME': 'TEXT'
/// is not a number".
double parse_number_text(std::string_view text, std::string_view field);

/// The value of a column of type `type` that source field `name` fills with `v`: text kept as
/// given (numbers written out), numbers parsed from text (blank text is NULL), integers beyond
/// int64 kept as their digits; FeatureError for text that is not a number.
sql::Value column_value(schema::ColumnType type, std::string_view name, const FieldValue &v);

/// `v` as a member of `extra`: a JSON text parsed (kept as text when it is not JSON), a
/// non-finite real as its text.
nlohmann::json json_value(const FieldValue &v);

/// `v` in a geometry field's slot: a number kept as one, anything else as text.
Slot slot(std::string_view name, const FieldValue &v);

} // namespace depomap::loading
