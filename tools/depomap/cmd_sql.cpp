#include "command.hpp"

#include "depomap/error.hpp"
#include "depomap/store.hpp"
#include "depomap/table.hpp"

#include <sqlite3.h>

#include <optional>
#include <string>
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

/// What `sql` refused while the statement was prepared or ran, for the message.
struct Refusal {
    std::string reason;
};

/// The connection is read-only, so nothing the statement tries could write the store; the
/// authorizer makes every attempt an error with a clear message rather than SQLite's "attempt
/// to write a readonly database", or nothing at all: a function that writes through its own
/// statements (SELECT InitSpatialMetadata(1)) only returns 0 when they fail. It also refuses
/// ATTACH, DETACH and pragmas that set a connection's state, which sqlite3_stmt_readonly() lets
/// through as writing no file, so that a query can neither reach another database nor change
/// how this one is read. Writes to the connection's own temporary database are allowed.
int authorize(void *refusal_ptr, int action, const char *arg1, const char *arg2, const char *database,
              const char *) {
    auto &refusal = *static_cast<Refusal *>(refusal_ptr);
    const auto refuse = [&](const char *reason) {
        if (refusal.reason.empty()) refusal.reason = reason;
        return SQLITE_DENY;
    };
    const bool temp = database && sqlite3_stricmp(database, "temp") == 0;
    switch (action) {
    case SQLITE_ATTACH:
    case SQLITE_DETACH:
        return refuse("no ATTACH or DETACH");
    case SQLITE_PRAGMA:
        return arg2 && arg1 && !is_reporting_pragma(arg1) ? refuse("no PRAGMA that sets a value") : SQLITE_OK;
    case SQLITE_INSERT:
    case SQLITE_UPDATE:
    case SQLITE_DELETE:
        return temp ? SQLITE_OK : refuse("the statement would modify the store");
    case SQLITE_CREATE_INDEX:
    case SQLITE_CREATE_TABLE:
    case SQLITE_CREATE_TRIGGER:
    case SQLITE_CREATE_VIEW:
    case SQLITE_CREATE_VTABLE:
    case SQLITE_DROP_INDEX:
    case SQLITE_DROP_TABLE:
    case SQLITE_DROP_TRIGGER:
    case SQLITE_DROP_VIEW:
    case SQLITE_DROP_VTABLE:
    case SQLITE_ALTER_TABLE:
    case SQLITE_REINDEX:
    case SQLITE_ANALYZE:
    case SQLITE_TRANSACTION: // from a function's own statements: it means to write
    case SQLITE_SAVEPOINT:
        return refuse("the statement would modify the store");
    default:
        return SQLITE_OK;
    }
}

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
        Refusal refusal;
        sqlite3_set_authorizer(db.handle(), &authorize, &refusal);
        const auto refused = [&] { return Error("refused: `sql` is read-only (" + refusal.reason + ")"); };
        std::optional<sql::Statement> prepared;
        try {
            prepared.emplace(db.prepare(query_));
        } catch (const Error &) {
            if (!refusal.reason.empty()) throw refused();
            throw;
        }
        auto &stmt = *prepared;
        if (stmt.has_more_sql()) {
            throw Error("refused: `sql` is read-only and runs exactly one statement (found more after the first)");
        }
        if (!stmt.read_only()) {
            throw Error("refused: `sql` is read-only (the statement would modify the store)");
        }
        Table table;
        for (int i = 0; i < stmt.column_count(); ++i) table.columns.push_back(stmt.column_name(i));
        try {
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
                        row.emplace_back("<blob " + std::to_string(stmt.column_blob(i).size()) + " bytes>");
                        break;
                    default:
                        row.emplace_back(stmt.column_text(i));
                    }
                }
            }
        } catch (const Error &) {
            if (!refusal.reason.empty()) throw refused();
            throw;
        }
        // A function that tried to write through statements of its own: refused, though it
        // returned (nothing was written, and its answer says nothing true).
        if (!refusal.reason.empty()) throw refused();
        write_table(ctx.out, table, format);
        return 0;
    }

  private:
    std::string db_, query_, format_ = "table";
};

} // namespace

std::unique_ptr<Command> make_sql() { return std::make_unique<SqlCommand>(); }

} // namespace depomap::cli
