#include "depomap/table.hpp"

#include "depomap/error.hpp"
#include "util/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ostream>

namespace depomap {
namespace {

std::string cell_text(const Cell &cell) {
    return std::visit(
        [](const auto &v) -> std::string {
            using T = std::decay_t<decltype(v)>;
            if constexpr (std::is_same_v<T, std::nullptr_t>) {
                return "";
            } else if constexpr (std::is_same_v<T, std::int64_t>) {
                return std::to_string(v);
            } else if constexpr (std::is_same_v<T, double>) {
                return format_number(v);
            } else {
                return v;
            }
        },
        cell);
}

// Display width of UTF-8 text: one column per code point (Cyrillic names align too).
std::size_t display_width(std::string_view text) {
    return static_cast<std::size_t>(std::ranges::count_if(
        text, [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

bool is_numeric(const Cell &cell) {
    return std::holds_alternative<std::int64_t>(cell) || std::holds_alternative<double>(cell);
}

} // namespace

std::string format_number(double value) {
    if (!std::isfinite(value)) return std::isnan(value) ? "nan" : (value > 0 ? "inf" : "-inf");
    // Whole numbers as integers (44000000, not 4.4e+07); others in their shortest exact form.
    if (value == std::floor(value) && std::abs(value) < 1e15) {
        return std::to_string(static_cast<std::int64_t>(value));
    }
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    return std::string(buffer, end);
}

TableFormat parse_table_format(std::string_view name) {
    if (name == "table") return TableFormat::table;
    if (name == "csv") return TableFormat::csv;
    if (name == "json") return TableFormat::json;
    throw BadValue("table format", std::string(name), "unknown format (table, csv, json)");
}

void write_table(std::ostream &out, const Table &table, TableFormat format) {
    TableWriter writer(out, table.columns, format, table.rows.size());
    for (const auto &row : table.rows) writer.add(row);
    writer.finish();
}

TableWriter::TableWriter(std::ostream &out, std::vector<std::string> columns, TableFormat format,
                         std::size_t lookahead)
    : out_(out), columns_(std::move(columns)), format_(format), lookahead_(lookahead) {
    if (format_ == TableFormat::csv) {
        for (std::size_t i = 0; i < columns_.size(); ++i) {
            out_ << (i ? "," : "") << util::csv_quote(columns_[i]);
        }
        out_ << '\n';
        started_ = true;
    }
}

void TableWriter::add(const std::vector<Cell> &row) {
    if (format_ == TableFormat::table && !started_) {
        held_.push_back(row);
        if (held_.size() > lookahead_) flush_held();
        return;
    }
    write_row(row);
}

void TableWriter::flush_held() {
    if (started_) return;
    widths_.clear();
    for (const auto &c : columns_) widths_.push_back(display_width(c));
    for (const auto &row : held_) {
        for (std::size_t i = 0; i < row.size() && i < widths_.size(); ++i) {
            widths_[i] = std::max(widths_[i], display_width(util::excerpt(cell_text(row[i]), 60)));
        }
    }
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        const std::size_t pad = widths_[i] - display_width(columns_[i]);
        out_ << columns_[i] << (i + 1 < widths_.size() ? std::string(pad, ' ') + "  " : "");
    }
    out_ << "\n";
    for (std::size_t i = 0; i < columns_.size(); ++i) {
        out_ << std::string(widths_[i], '-') << (i + 1 < widths_.size() ? "  " : "");
    }
    out_ << "\n";
    started_ = true;
    for (const auto &row : held_) write_row(row);
    held_.clear();
    held_.shrink_to_fit();
}

void TableWriter::write_row(const std::vector<Cell> &row) {
    switch (format_) {
    case TableFormat::table:
        for (std::size_t i = 0; i < row.size() && i < widths_.size(); ++i) {
            const auto text = util::excerpt(cell_text(row[i]), 60);
            const std::size_t width = display_width(text);
            const std::string pad(widths_[i] > width ? widths_[i] - width : 0, ' ');
            const bool last = i + 1 == widths_.size();
            if (is_numeric(row[i])) out_ << pad << text;
            else out_ << text << (last ? "" : pad);
            if (!last) out_ << "  ";
        }
        out_ << "\n";
        return;
    case TableFormat::csv:
        for (std::size_t i = 0; i < row.size(); ++i) {
            out_ << (i ? "," : "") << util::csv_quote(cell_text(row[i]));
        }
        out_ << '\n';
        return;
    case TableFormat::json: {
        // Keys in the order of the columns (nlohmann::json would sort them).
        nlohmann::ordered_json object = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < row.size() && i < columns_.size(); ++i) {
            std::visit([&](const auto &v) { object[columns_[i]] = v; }, row[i]);
        }
        out_ << (any_row_ ? ",\n " : "[\n ")
             << object.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
        any_row_ = true;
        return;
    }
    }
}

void TableWriter::finish() {
    if (format_ == TableFormat::table) flush_held();
    if (format_ == TableFormat::json) out_ << (any_row_ ? "\n]\n" : "[]\n");
}

} // namespace depomap
