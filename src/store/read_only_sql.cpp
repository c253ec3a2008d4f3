// store::ReadOnlyQuery: what `depomap sql` runs and what it refuses.
#include "depomap/error.hpp"
#include "depomap/store.hpp"

#include <sqlite3.h>

#include <string>
#include <string_view>

namespace depomap::store {
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
/// read-only, since they write no file of this store; they are refused all the same, so that a
/// query can neither reach another database nor change how this one is read.
int refuse_attach_and_pragma_writes(void *, int action, const char *arg1, const char *arg2,
                                    const char *, const char *) {
    if (action == SQLITE_ATTACH || action == SQLITE_DETACH) return SQLITE_DENY;
    if (action == SQLITE_PRAGMA && arg2 && arg1 && !is_reporting_pragma(arg1)) return SQLITE_DENY;
    return SQLITE_OK;
}

/// `query` prepared on `db`, a read-only connection, as one read-only statement or an Error.
sql::Statement prepare_read_only(sql::Database &db, std::string_view query) {
    // The connection is read-only; refusing non-read-only statements up front gives a
    // clear message instead of SQLite's "attempt to write a readonly database".
    sqlite3_set_authorizer(db.handle(), &refuse_attach_and_pragma_writes, nullptr);
    auto stmt = [&] {
        try {
            return db.prepare(query);
        } catch (const Error &) {
            if (sqlite3_errcode(db.handle()) == SQLITE_AUTH) {
                throw Error("refused: the query is read-only (no ATTACH, DETACH or PRAGMA that sets "
                            "a value)");
            }
            throw;
        }
    }();
    if (stmt.has_more_sql()) {
        throw Error("refused: the query is read-only and runs exactly one statement (found more "
                    "after the first)");
    }
    if (!stmt.read_only()) {
        throw Error("refused: the query is read-only (the statement would modify the store)");
    }
    return stmt;
}

} // namespace

ReadOnlyQuery::ReadOnlyQuery(const std::string &path, std::string_view query)
    : store_(Store::open(path, Store::Access::read_only)),
      stmt_(prepare_read_only(store_.db(), query)) {}

} // namespace depomap::store
