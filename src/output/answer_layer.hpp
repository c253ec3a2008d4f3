#pragma once
// A query's answer table as a layer (query::AnswerLayer) for the GDAL layer writer: an attribute
// table (summary, sql) or a layer of points (within, region).
#include "depomap/query.hpp"
#include "depomap/table.hpp"

#include <string>

namespace depomap::output {

/// `table` as an answer layer without geometry: its columns and rows, each column typed by its
/// first value that is not NULL (text when there is none).
query::AnswerLayer answer_table(const Table &table, std::string name, std::string style);

/// `table` as a layer of points: answer_table() with, per row, the point at its last two
/// columns (lon, lat, in degrees); a row where either is not a number has no geometry.
query::AnswerLayer answer_points(const Table &table, std::string name, std::string style);

} // namespace depomap::output
