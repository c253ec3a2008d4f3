#pragma once
// Tabular results (query output, `sql`) and how they are printed: an aligned table for a
// terminal, RFC 4180 CSV, or one JSON array of objects.
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace depomap {

using Cell = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

struct Table {
    std::vector<std::string> columns;
    std::vector<std::vector<Cell>> rows;
};

enum class TableFormat { table, csv, json };

/// "table", "csv" or "json"; throws UsageError otherwise.
TableFormat parse_table_format(std::string_view name);
void write_table(std::ostream &out, const Table &table, TableFormat format);
/// Shortest text that reads back as the same double.
std::string format_number(double value);

} // namespace depomap
