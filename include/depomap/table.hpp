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

/// Writes a table as its rows come, holding none of them for CSV and JSON: `sql` over millions
/// of rows runs in constant memory. The aligned table holds the first `lookahead` rows to size
/// its columns, then pads every later row to those widths (a wider cell is never cut: its line
/// is only out of step).
class TableWriter {
  public:
    static constexpr std::size_t default_lookahead = 1000;
    TableWriter(std::ostream &out, std::vector<std::string> columns, TableFormat format,
                std::size_t lookahead = default_lookahead);
    void add(const std::vector<Cell> &row);
    /// Writes what is held and the end of the output (JSON's `]`).
    void finish();

  private:
    void write_row(const std::vector<Cell> &row);
    void flush_held();

    std::ostream &out_;
    std::vector<std::string> columns_;
    TableFormat format_;
    std::size_t lookahead_;
    std::vector<std::vector<Cell>> held_; ///< the aligned table's rows until widths are known
    std::vector<std::size_t> widths_;
    bool started_ = false; ///< header (or JSON's `[`) written
    bool any_row_ = false;
};
/// Shortest text that reads back as the same double.
std::string format_number(double value);

} // namespace depomap
