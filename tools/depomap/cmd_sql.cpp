#include "command.hpp"
#include "output.hpp"

#include "depomap/error.hpp"
#include "depomap/store.hpp"
#include "depomap/table.hpp"

#include <sqlite3.h>

#include <optional>
#include <string_view>

namespace depomap::cli {
namespace {

/// Pragmas that only report, also when given an argument (`PRAGMA table_info(deposits)`).
bool is_reporting_pragma(std::string_view name) {
    for (const std::string_view p :
         {"table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo",
          "foreign_key_list", "foreign_key_check", "integrity_check", "quick_check",
          "function_list", "pragma_list", "collation_list", "database_list", "compile_options"}) {
        if (sqlite3_stricmp(std::string(name).c_str(), std::string(p).c_str()) == 0) return true;
    }
    return false;
}

/// sqlite3_stmt_readonly() counts ATTACH, DETACH and pragmas that set a connection's state as
/// read-only, since they write no file of this store; `sql` refuses them all the same, so that a
/// query can neither reach another database nor change how this one is read.
int refuse_attach_and_pragma_writes(void *, int action, const char *arg1, const char *arg2,
                                    const char *, const char *) {
    if (action == SQLITE_ATTACH || action == SQLITE_DETACH) return SQLITE_DENY;
    if (action == SQLITE_PRAGMA && arg2 && arg1 && !is_reporting_pragma(arg1)) return SQLITE_DENY;
    return SQLITE_OK;
}

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
        if (gpkg && output_.path.empty()) throw UsageError("-f gpkg writes a file: give -o PATH");
        auto store = Store::open(db_, Store::Access::read_only);
        auto &db = store.db();
        // The connection is read-only; refusing non-read-only statements up front gives a
        // clear message instead of SQLite's "attempt to write a readonly database".
        sqlite3_set_authorizer(db.handle(), &refuse_attach_and_pragma_writes, nullptr);
        std::optional<sql::Statement> prepared;
        try {
            prepared.emplace(db.prepare(query_));
        } catch (const Error &) {
            if (sqlite3_errcode(db.handle()) == SQLITE_AUTH) {
                throw Error("refused: `sql` is read-only (no ATTACH, DETACH or PRAGMA that sets "
                            "a value)");
            }
            throw;
        }
        auto &stmt = *prepared;
        if (stmt.has_more_sql()) {
            throw Error("refused: `sql` is read-only and runs exactly one statement (found more after the first)");
        }
        if (!stmt.read_only()) {
            throw Error("refused: `sql` is read-only (the statement would modify the store)");
        }
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
            write_answer_layer(answer_of(table, "sql", ""), format_, output_, db_, {});
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
