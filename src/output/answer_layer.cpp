#include "output/answer_layer.hpp"

#include <utility>

namespace depomap::output {

query::AnswerLayer answer_table(const Table &table, std::string name, std::string style) {
    query::AnswerLayer answer;
    answer.name = std::move(name);
    answer.style = std::move(style);
    answer.columns = table.columns;
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
        auto type = schema::ColumnType::text;
        for (const auto &row : table.rows) {
            if (std::holds_alternative<std::nullptr_t>(row[c])) continue;
            if (std::holds_alternative<std::int64_t>(row[c])) type = schema::ColumnType::integer;
            if (std::holds_alternative<double>(row[c])) type = schema::ColumnType::real;
            break;
        }
        answer.types.push_back(type);
    }
    answer.rows = table.rows;
    return answer;
}

query::AnswerLayer answer_points(const Table &table, std::string name, std::string style) {
    auto layer = answer_table(table, std::move(name), std::move(style));
    layer.shape = query::AnswerLayer::Shape::point;
    if (table.columns.size() < 2) return layer; // no place for any point
    const auto lon = table.columns.size() - 2, lat = table.columns.size() - 1;
    for (const auto &row : table.rows) {
        const auto *x = std::get_if<double>(&row[lon]);
        const auto *y = std::get_if<double>(&row[lat]);
        layer.geometry.push_back(x && y ? std::vector<std::vector<geo::LonLat>>{{{*x, *y}}}
                                        : std::vector<std::vector<geo::LonLat>>{});
    }
    return layer;
}

} // namespace depomap::output
