#include "command.hpp"

#include "depomap/error.hpp"
#include "depomap/store.hpp"
#include "depomap/table.hpp"

#include <sqlite3.h>

namespace depomap::cli {
namespace {

class SqlCommand final : public Command {
  public:
    std::string_view name() const override { return "sql"; }
    std::string_view summary() const override { return "run read-only SpatiaLite SQL"; }

    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        app.add_option("query", query_, "one SELECT statement (SpatiaLite functions available)")
            ->required()
            ->option_text("SQL");
        app.add_option("-f,--format", format_, "table, csv or json")->capture_default_str();
    }

    int run(Context &ctx) override {
        const auto format = parse_table_format(format_);
        auto store = Store::open(db_, Store::Access::read_only);
        auto &db = store.db();
        // The connection is read-only; refusing non-read-only statements up front gives a
        // clear message instead of SQLite's "attempt to write a readonly database".
        auto stmt = db.prepare(query_);
        if (stmt.has_more_sql()) {
            throw Error("refused: `sql` is read-only and runs exactly one statement (found more after the first)");
        }
        if (!stmt.read_only()) {
            throw Error("refused: `sql` is read-only (the statement would modify the store)");
        }
        Table table;
        for (int i = 0; i < stmt.column_count(); ++i) table.columns.push_back(stmt.column_name(i));
        while (stmt.step()) {
            auto &row = table.rows.emplace_back();
            for (int i = 0; i < stmt.column_count(); ++i) {
                switch (stmt.column_type(i)) {
                case SQLITE_NULL:
                    row.emplace_back(nullptr);
                    break;
                case SQLITE_INTEGER:
                    row.emplace_back(stmt.column_int(i));
                    break;
                case SQLITE_FLOAT:
                    row.emplace_back(stmt.column_double(i));
                    break;
                case SQLITE_BLOB:
                    row.emplace_back("<blob " + std::to_string(stmt.column_blob(i).size()) +
                                     " bytes>");
                    break;
                default:
                    row.emplace_back(stmt.column_text(i));
                }
            }
        }
        write_table(ctx.out, table, format);
        return 0;
    }

  private:
    std::string db_, query_, format_ = "table";
};

} // namespace

std::unique_ptr<Command> make_sql() { return std::make_unique<SqlCommand>(); }

} // namespace depomap::cli
