#pragma once
// RAII owners for SQLite handles: a connection and a prepared statement.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

struct sqlite3;
struct sqlite3_stmt;

namespace depomap::sql {

class Statement;

/// The error for a failed write to the store at `path`: "PATH: CAUSE" when the result code is
/// one a user can act on ("disk full: no space left for the store", "store is read-only: ...",
/// "store is busy: ..."), else "PATH: WHAT: MESSAGE" with SQLite's message. Every path that
/// writes a store words these the same way.
std::string write_error(const std::string &path, int code, std::string_view what, std::string_view message);

/// Called once at the start of a process, before any SQLite call (SQLite's own or GDAL's): turns
/// off SQLite's memory statistics, which take a process-wide mutex at every allocation SQLite
/// makes (loading a million features spent 6 % of its CPU locking and unlocking it). Returns
/// false when SQLite was already in use and keeps its settings.
bool tune_for_this_process();

/// How long a connection waits for another process's lock before "store is busy".
inline constexpr std::chrono::milliseconds default_lock_wait{5000};

/// While alive, every connection of this process waits up to `timeout` for a lock held by
/// another, and `notice(path)` is called once a wait has lasted a second (the CLI says on
/// stderr that it is waiting). The previous setting comes back in the destructor.
class LockWait {
  public:
    LockWait(std::chrono::milliseconds timeout, std::function<void(const std::string &path)> notice);
    LockWait(const LockWait &) = delete;
    LockWait &operator=(const LockWait &) = delete;
    ~LockWait();

  private:
    std::chrono::milliseconds previous_timeout_;
    std::function<void(const std::string &)> previous_notice_;
};

/// "a FIFO (named pipe)", "a character device", "a folder", ... for a stat() mode that is not
/// a regular file: what the refusal of such a path as a store or a source says it is.
std::string describe_file_kind(unsigned mode);

/// A value to bind: NULL, integer, real or text.
using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

/// One SQLite connection with SpatiaLite initialised on it. Move-only; closes in its destructor.
class Database {
  public:
    enum class Mode { read_only, read_write, create };

    static Database open(const std::string &path, Mode mode);
    Database(Database &&) noexcept;
    Database &operator=(Database &&) noexcept;
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;
    ~Database();

    sqlite3 *handle() const { return db_.get(); }
    const std::string &path() const { return path_; }
    bool read_only() const { return read_only_; }

    /// Runs one or more statements that return nothing.
    void exec(std::string_view sql);
    /// As exec(), but a constraint violation (a UNIQUE index that cannot be built, say)
    /// returns false instead of throwing; the failed statement has changed nothing.
    bool exec_unless_constraint(std::string_view sql);
    Statement prepare(std::string_view sql);
    /// First column of the first row, or nothing when the query has no row or a NULL.
    std::optional<std::int64_t> scalar_int(std::string_view sql);
    std::optional<std::string> scalar_text(std::string_view sql);
    std::int64_t changes() const;
    /// Closes now and reports a failure (the destructor is only a fallback).
    void close();
    /// False when the file now at path() is not the one this connection opened (it was
    /// renamed over or removed).
    bool still_at_path() const;
    /// Makes closing this connection touch no file by name (no checkpoint, the -wal and -shm
    /// files left): for a connection whose file was replaced under it.
    void detach_from_path();

  private:
    bool run(std::string_view sql, bool constraint_is_false);
    struct Closer {
        void operator()(sqlite3 *db) const;
    };
    struct SpatialiteCache;
    Database(std::unique_ptr<sqlite3, Closer> db, std::string path, bool read_only);

    std::unique_ptr<sqlite3, Closer> db_;
    std::shared_ptr<void> spatialite_cache_;
    std::string path_;
    bool read_only_ = false;
    std::optional<std::pair<std::uint64_t, std::uint64_t>> identity_; ///< device and inode at open
};

/// A prepared statement; finalised in its destructor. Bind indexes start at 1.
class Statement {
  public:
    Statement(Database &db, std::string_view sql);
    Statement(Statement &&) noexcept = default;
    Statement &operator=(Statement &&) noexcept = default;

    Statement &bind(int index, std::nullptr_t);
    Statement &bind(int index, std::int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<std::int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, std::string_view text);
    Statement &bind(int index, const std::string &text) { return bind(index, std::string_view(text)); }
    Statement &bind(int index, const char *text) { return bind(index, std::string_view(text)); }
    Statement &bind(int index, const Value &value);
    Statement &bind_blob(int index, std::span<const unsigned char> blob);
    /// As bind(), without SQLite's copy of text and blobs: they must stay alive and unchanged
    /// until the statement has been stepped (a bulk insert binding rows it holds).
    Statement &bind_borrowed(int index, const Value &value);
    Statement &bind_text_borrowed(int index, std::string_view text);
    Statement &bind_blob_borrowed(int index, std::span<const unsigned char> blob);

    /// Steps once: true when a row is ready, false when done. Throws on error.
    bool step();
    /// Steps, and returns the SQLite result code instead of throwing (for constraint checks).
    int step_code();
    void reset();
    /// reset() without clearing the bindings, for a statement whose every parameter is bound
    /// again before its next step.
    void reset_keeping_bindings();

    int column_count() const;
    std::string column_name(int index) const;
    bool is_null(int index) const;
    int column_type(int index) const;
    std::int64_t column_int(int index) const;
    double column_double(int index) const;
    std::string column_text(int index) const;
    /// The text without a copy, valid until the next step or reset.
    std::string_view column_text_view(int index) const;
    std::span<const unsigned char> column_blob(int index) const;
    bool read_only() const;
    /// True when the SQL text held more than this one statement (the rest was not prepared).
    bool has_more_sql() const { return has_more_sql_; }
    const char *error_message() const;

  private:
    struct Finalizer {
        void operator()(sqlite3_stmt *stmt) const;
    };
    sqlite3 *db_ = nullptr;
    std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
    bool has_more_sql_ = false;
};

/// `BEGIN IMMEDIATE` now (so two writers queue on the busy timeout instead of deadlocking),
/// `ROLLBACK` in the destructor unless commit() ran.
class Transaction {
  public:
    explicit Transaction(Database &db);
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    ~Transaction();
    void commit();

  private:
    Database &db_;
    bool open_ = true;
};

/// Quotes an identifier ("name" with doubled inner quotes) so names from files never become SQL.
std::string quote_identifier(std::string_view name);

/// `row` (a parenthesised list of parameters, "(?, ?)") `rows` times, comma-separated: the VALUES
/// of an INSERT of several rows in one statement.
std::string repeated_rows(std::string_view row, std::size_t rows);

} // namespace depomap::sql
