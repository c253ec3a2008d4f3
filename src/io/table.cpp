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

void write_aligned(std::ostream &out, const Table &table) {
    std::vector<std::size_t> widths;
    for (const auto &c : table.columns) widths.push_back(display_width(c));
    std::vector<std::vector<std::string>> texts;
    texts.reserve(table.rows.size());
    for (const auto &row : table.rows) {
        auto &line = texts.emplace_back();
        for (std::size_t i = 0; i < row.size(); ++i) {
            line.push_back(util::excerpt(cell_text(row[i]), 60));
            widths[i] = std::max(widths[i], display_width(line.back()));
        }
    }
    auto put = [&](const std::string &text, std::size_t i, bool right) {
        const std::size_t pad = widths[i] - display_width(text);
        if (right) out << std::string(pad, ' ') << text;
        else out << text << (i + 1 < widths.size() ? std::string(pad, ' ') : "");
        if (i + 1 < widths.size()) out << "  ";
    };
    for (std::size_t i = 0; i < table.columns.size(); ++i) put(table.columns[i], i, false);
    out << "\n";
    for (std::size_t i = 0; i < table.columns.size(); ++i) {
        out << std::string(widths[i], '-') << (i + 1 < widths.size() ? "  " : "");
    }
    out << "\n";
    for (std::size_t r = 0; r < texts.size(); ++r) {
        for (std::size_t i = 0; i < texts[r].size(); ++i) {
            const bool numeric = std::holds_alternative<std::int64_t>(table.rows[r][i]) ||
                                 std::holds_alternative<double>(table.rows[r][i]);
            put(texts[r][i], i, numeric);
        }
        out << "\n";
    }
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
    throw UsageError("-f '" + std::string(name) + "': unknown format (table, csv, json)");
}

void write_table(std::ostream &out, const Table &table, TableFormat format) {
    switch (format) {
    case TableFormat::table:
        write_aligned(out, table);
        return;
    case TableFormat::csv: {
        for (std::size_t i = 0; i < table.columns.size(); ++i) {
            out << (i ? "," : "") << util::csv_quote(table.columns[i]);
        }
        out << "\r\n";
        for (const auto &row : table.rows) {
            for (std::size_t i = 0; i < row.size(); ++i) {
                out << (i ? "," : "") << util::csv_quote(cell_text(row[i]));
            }
            out << "\r\n";
        }
        return;
    }
    case TableFormat::json: {
        auto array = nlohmann::json::array();
        for (const auto &row : table.rows) {
            nlohmann::json object = nlohmann::json::object();
            for (std::size_t i = 0; i < row.size(); ++i) {
                std::visit([&](const auto &v) { object[table.columns[i]] = v; }, row[i]);
            }
            array.push_back(std::move(object));
        }
        out << array.dump(1, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
        return;
    }
    }
}

} // namespace depomap
