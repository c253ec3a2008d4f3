#include "command.hpp"
#include "output.hpp"

#include "depomap/error.hpp"
#include "depomap/store.hpp"
#include "depomap/table.hpp"

#include <sqlite3.h>

#include <string_view>

namespace depomap::cli {
namespace {

Cell cell_of(const sql::Statement &stmt, int i) {
    switch (stmt.column_type(i)) {
    case SQLITE_NULL:
        return nullptr;
    case SQLITE_INTEGER:
        return stmt.column_int(i);
    case SQLITE_FLOAT:
        return stmt.column_double(i);
    case SQLITE_BLOB:
        return "<blob " + std::to_string(stmt.column_blob(i).size()) + " bytes>";
    default:
        return stmt.column_text(i);
    }
}

class SqlCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        app.add_option("query", query_, "one SELECT statement (SpatiaLite functions available)")
            ->required()
            ->option_text("SQL");
        add_answer_format_option(app, format_, AnswerLayers::attribute_table);
        output_.add(app);
    }

    int run(Context &ctx) override {
        const bool gpkg = format_ == "gpkg";
        const auto format = gpkg ? TableFormat{} : parse_table_format(format_);
        if (gpkg) output_.require_file(format_);
        // Opened read-only; writes, more than one statement, ATTACH and setting pragmas refused.
        store::ReadOnlyQuery query(db_, query_);
        auto &stmt = query.statement();
        // Row by row: a result of millions of rows never sits in memory (the aligned table
        // holds its first rows only, to size its columns).
        std::vector<std::string> columns;
        for (int i = 0; i < stmt.column_count(); ++i) columns.push_back(stmt.column_name(i));
        if (gpkg) {
            // A GeoPackage table is written whole: the rows are held.
            Table table;
            table.columns = std::move(columns);
            while (stmt.step()) {
                auto &row = table.rows.emplace_back();
                for (int i = 0; i < stmt.column_count(); ++i) row.push_back(cell_of(stmt, i));
            }
            write_answer_layer(output::answer_table(table, "sql", ""), format_, output_, db_, {});
            return 0;
        }
        Output output(ctx.out, output_, db_);
        TableWriter writer(output.stream(), std::move(columns), format);
        std::vector<Cell> row;
        while (stmt.step()) {
            row.clear();
            for (int i = 0; i < stmt.column_count(); ++i) row.push_back(cell_of(stmt, i));
            writer.add(row);
        }
        writer.finish();
        output.close();
        return 0;
    }

  private:
    std::string db_, query_, format_ = "table";
    OutputOption output_;
};

} // namespace

std::unique_ptr<Command> make_sql() { return std::make_unique<SqlCommand>(); }

} // namespace depomap::cli
