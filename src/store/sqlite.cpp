#include "depomap/sqlite.hpp"

#include "depomap/error.hpp"

#include <sqlite3.h>
// sqlite3.h first: spatialite.h uses its types.
#include <spatialite.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <string>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

namespace depomap::sql {
namespace {

// How long a connection waits for another's lock, and who hears of the wait: one setting per
// process (a command writes one store), changed for a scope by LockWait.
struct WaitSetting {
    std::chrono::milliseconds timeout = default_lock_wait;
    std::function<void(const std::string &)> notice;
};
WaitSetting &wait_setting() {
    static WaitSetting setting;
    return setting;
}

std::string seconds_text(std::chrono::milliseconds ms) {
    const auto s = ms.count() / 1000;
    return s > 0 || ms.count() == 0 ? std::to_string(s) + " s" : std::to_string(ms.count()) + " ms";
}

// The causes a user can act on, said in words rather than in SQLite's ("database or disk is
// full", "attempt to write a readonly database"); empty for every other code.
std::string plain_cause(int code) {
    switch (code & 0xff) {
    case SQLITE_BUSY:
        return "store is busy: another process holds it (waited " +
               seconds_text(wait_setting().timeout) + "; " + option_ref("wait") + " sets a longer one)";
    case SQLITE_FULL:
        return "disk full: no space left for the store";
    case SQLITE_READONLY:
        return "store is read-only: the file or its folder cannot be written";
    default:
        return {};
    }
}

} // namespace

std::string write_error(const std::string &path, int code, std::string_view what, std::string_view message) {
    if (auto cause = plain_cause(code); !cause.empty()) return path + ": " + cause;
    return path + ": " + std::string(what) + ": " + std::string(message);
}

namespace {

[[noreturn]] void fail(sqlite3 *db, int code, std::string_view what) {
    if (auto cause = plain_cause(code); !cause.empty()) {
        const char *file = db ? sqlite3_db_filename(db, "main") : nullptr;
        // The busy message is the one scripts look for: it keeps its exact start.
        if ((code & 0xff) == SQLITE_BUSY || !file || !*file) throw Error(cause);
        throw Error(std::string(file) + ": " + cause);
    }
    std::string message(what);
    message += ": ";
    message += db ? sqlite3_errmsg(db) : sqlite3_errstr(code);
    throw Error(message);
}

// A store is written with its WAL and lock files beside it: writing needs the file and its
// folder writable. SQLite would open an unwritable file read-only without a word and fail later
// ("unable to open database file", "attempt to write a readonly database"); say it up front,
// with the system's reason (a read-only file system, an immutable file).
void check_writable(const std::string &path) {
    const auto folder = std::filesystem::absolute(path).parent_path().string();
    if (::access(folder.c_str(), W_OK) != 0) {
        throw Error(path + ": store is read-only: its folder cannot be written (" +
                    std::strerror(errno) + ")");
    }
    if (::access(path.c_str(), W_OK) != 0) {
        throw Error(path + ": store is read-only: the file cannot be written (" +
                    std::strerror(errno) + ")");
    }
}

// A store on read-only media (a read-only mount, an immutable folder) has no -shm file and
// cannot get one, and SQLite refuses to read a WAL store without it. No writer can be at work
// there either (it would have to create the -wal first): such a store is read as immutable.
bool read_only_media(const std::string &path) {
    const auto folder = std::filesystem::absolute(path).parent_path().string();
    std::error_code ec;
    return ::access(folder.c_str(), W_OK) != 0 && !std::filesystem::exists(path + "-wal", ec) &&
           !std::filesystem::exists(path + "-shm", ec);
}

// SQLite's busy handler: sleeps in growing steps (1 ms up to 100 ms, so a short wait costs
// little and a long one wakes ten times a second) until the setting's timeout, and tells the
// setting's listener once per wait when it has lasted a second.
int wait_for_lock(void *connection, int count) {
    const auto &setting = wait_setting();
    const auto step = [](long long i) { return std::min(i + 1, 100LL); };
    // Milliseconds slept before this call: the sum of the steps so far.
    const long long n = count;
    const long long slept = n <= 100 ? n * (n + 1) / 2 : 5050 + (n - 100) * 100;
    const long long timeout = setting.timeout.count();
    if (slept >= timeout) return 0;
    constexpr long long notice_after_ms = 1000;
    if (setting.notice && slept < notice_after_ms && slept + step(n) >= notice_after_ms) {
        const char *file = sqlite3_db_filename(static_cast<sqlite3 *>(connection), "main");
        try {
            setting.notice(file ? file : "");
        } catch (...) {
            // The notice is a courtesy; it never breaks SQLite's C frames.
        }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(std::min(step(n), timeout - slept)));
    return 1;
}

// What SQLite would block on or read without end: a FIFO without a writer blocks the open, a
// device such as /dev/zero is endless. A store is a regular file (or nothing yet, for create).
void check_file_kind(const std::string &path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0 || S_ISREG(st.st_mode)) return;
    throw Error(path + ": not a store: " + describe_file_kind(st.st_mode));
}

// `path` as an SQLite URI filename ("file:" and the path with %, ? and # escaped).
std::string uri_of(const std::string &path) {
    std::string uri = "file:";
    for (const char c : path) {
        if (c == '%' || c == '?' || c == '#') {
            constexpr char hex[] = "0123456789ABCDEF";
            uri += '%';
            uri += hex[(static_cast<unsigned char>(c) >> 4) & 0xf];
            uri += hex[static_cast<unsigned char>(c) & 0xf];
        } else {
            uri += c;
        }
    }
    return uri;
}

} // namespace

bool tune_for_this_process() { return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0) == SQLITE_OK; }

void Database::Closer::operator()(sqlite3 *db) const { sqlite3_close_v2(db); }

Database::Database(std::unique_ptr<sqlite3, Closer> db, std::string path, bool read_only)
    : db_(std::move(db)), path_(std::move(path)), read_only_(read_only) {}

Database::Database(Database &&) noexcept = default;
Database &Database::operator=(Database &&) noexcept = default;

bool Database::still_at_path() const {
    if (!identity_) return true;
    struct stat st {};
    return ::stat(path_.c_str(), &st) == 0 && st.st_dev == identity_->first &&
           st.st_ino == identity_->second;
}

void Database::detach_from_path() {
    // Closing the last connection of a WAL database checkpoints it and removes the -wal and
    // -shm files by name: names that may now be another store's. Close without either.
    int on = 1;
    sqlite3_db_config(db_.get(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
    sqlite3_file_control(db_.get(), "main", SQLITE_FCNTL_PERSIST_WAL, &on);
}

std::string describe_file_kind(unsigned mode) {
    if (S_ISFIFO(mode)) return "a FIFO (named pipe)";
    if (S_ISCHR(mode)) return "a character device";
    if (S_ISBLK(mode)) return "a block device";
    if (S_ISSOCK(mode)) return "a socket";
    if (S_ISDIR(mode)) return "a folder";
    return "not a regular file";
}

LockWait::LockWait(std::chrono::milliseconds timeout, std::function<void(const std::string &)> notice)
    : previous_timeout_(wait_setting().timeout), previous_notice_(std::move(wait_setting().notice)) {
    wait_setting().timeout = timeout;
    wait_setting().notice = std::move(notice);
}

LockWait::~LockWait() {
    wait_setting().timeout = previous_timeout_;
    wait_setting().notice = std::move(previous_notice_);
}

Database::~Database() {
    // The SpatiaLite cache must outlive the connection it serves: close the connection first.
    db_.reset();
    spatialite_cache_.reset();
}

Database Database::open(const std::string &path, Mode mode) {
    int flags = SQLITE_OPEN_NOMUTEX;
    switch (mode) {
    case Mode::read_only:
        flags |= SQLITE_OPEN_READONLY;
        break;
    case Mode::read_write:
        flags |= SQLITE_OPEN_READWRITE;
        break;
    case Mode::create:
        flags |= SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
        break;
    }
    if (mode != Mode::create && path != ":memory:" && !std::filesystem::exists(path)) {
        throw Error(path + ": no such store (create one first)");
    }
    if (path != ":memory:") check_file_kind(path);
    if (mode == Mode::read_write && path != ":memory:") check_writable(path);
    std::string name = path;
    if (mode == Mode::read_only && path != ":memory:" && read_only_media(path)) {
        name = uri_of(path) + "?immutable=1";
        flags |= SQLITE_OPEN_URI;
    }
    sqlite3 *raw = nullptr;
    const int rc = sqlite3_open_v2(name.c_str(), &raw, flags, nullptr);
    std::unique_ptr<sqlite3, Closer> owned(raw);
    if (rc != SQLITE_OK) {
        throw Error(path + ": cannot open store: " +
                    (raw ? sqlite3_errmsg(raw) : sqlite3_errstr(rc)));
    }
    sqlite3_extended_result_codes(raw, 1);
    Database db(std::move(owned), path, mode == Mode::read_only);
    struct stat st {};
    if (path != ":memory:" && ::stat(path.c_str(), &st) == 0) db.identity_ = {st.st_dev, st.st_ino};
    void *cache = spatialite_alloc_connection();
    db.spatialite_cache_ = std::shared_ptr<void>(cache, [](void *c) { spatialite_cleanup_ex(c); });
    spatialite_init_ex(raw, cache, 0);
    // After SpatiaLite's init, which sets a busy timeout of its own.
    sqlite3_busy_handler(raw, &wait_for_lock, raw);
    return db;
}

void Database::exec(std::string_view sql) { run(sql, false); }

bool Database::exec_unless_constraint(std::string_view sql) { return run(sql, true); }

bool Database::run(std::string_view sql, bool constraint_is_false) {
    std::string text(sql);
    char *message = nullptr;
    const int rc = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
    if ((rc & 0xff) == SQLITE_CONSTRAINT && constraint_is_false) {
        sqlite3_free(message);
        return false;
    }
    if (rc != SQLITE_OK) {
        std::string what = message ? message : sqlite3_errstr(rc);
        sqlite3_free(message);
        if (auto cause = plain_cause(rc); !cause.empty()) {
            if ((rc & 0xff) == SQLITE_BUSY) throw Error(cause);
            throw Error(path_ + ": " + cause);
        }
        throw Error(path_ + ": " + what);
    }
    return true;
}

Statement Database::prepare(std::string_view sql) { return Statement(*this, sql); }

std::optional<std::int64_t> Database::scalar_int(std::string_view sql) {
    Statement stmt(*this, sql);
    if (!stmt.step() || stmt.is_null(0)) return std::nullopt;
    return stmt.column_int(0);
}

std::optional<std::string> Database::scalar_text(std::string_view sql) {
    Statement stmt(*this, sql);
    if (!stmt.step() || stmt.is_null(0)) return std::nullopt;
    return stmt.column_text(0);
}

std::int64_t Database::changes() const { return sqlite3_changes64(db_.get()); }

void Database::close() {
    if (!db_) return;
    sqlite3 *raw = db_.release();
    const int rc = sqlite3_close(raw);
    if (rc != SQLITE_OK) {
        // Still-open statements: fall back to the lazy close so nothing leaks, and say so.
        sqlite3_close_v2(raw);
        spatialite_cache_.reset();
        throw Error(path_ + ": closing the store failed: " + sqlite3_errstr(rc));
    }
    spatialite_cache_.reset();
}

void Statement::Finalizer::operator()(sqlite3_stmt *stmt) const { sqlite3_finalize(stmt); }

Statement::Statement(Database &db, std::string_view sql) : db_(db.handle()) {
    sqlite3_stmt *raw = nullptr;
    const char *tail = nullptr;
    const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &raw, &tail);
    stmt_.reset(raw);
    if (rc != SQLITE_OK) fail(db_, rc, "SQL error");
    if (!raw) throw Error("SQL error: empty statement");
    for (const char *p = tail; p && p < sql.data() + sql.size(); ++p) {
        if (*p != ' ' && *p != '\n' && *p != '\t' && *p != '\r' && *p != ';') {
            has_more_sql_ = true;
            break;
        }
    }
}

Statement &Statement::bind(int index, std::nullptr_t) {
    sqlite3_bind_null(stmt_.get(), index);
    return *this;
}

Statement &Statement::bind(int index, std::int64_t value) {
    sqlite3_bind_int64(stmt_.get(), index, value);
    return *this;
}

Statement &Statement::bind(int index, double value) {
    sqlite3_bind_double(stmt_.get(), index, value);
    return *this;
}

Statement &Statement::bind(int index, std::string_view text) {
    sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), SQLITE_TRANSIENT,
                        SQLITE_UTF8);
    return *this;
}

Statement &Statement::bind(int index, const Value &value) {
    std::visit([&](const auto &v) {
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, std::string>) {
            bind(index, std::string_view(v));
        } else {
            bind(index, v);
        }
    }, value);
    return *this;
}

Statement &Statement::bind_blob(int index, std::span<const unsigned char> blob) {
    sqlite3_bind_blob64(stmt_.get(), index, blob.data(), blob.size(), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bind_borrowed(int index, const Value &value) {
    if (const auto *text = std::get_if<std::string>(&value)) return bind_text_borrowed(index, *text);
    return bind(index, value);
}

Statement &Statement::bind_text_borrowed(int index, std::string_view text) {
    sqlite3_bind_text64(stmt_.get(), index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8);
    return *this;
}

Statement &Statement::bind_blob_borrowed(int index, std::span<const unsigned char> blob) {
    sqlite3_bind_blob64(stmt_.get(), index, blob.data(), blob.size(), SQLITE_STATIC);
    return *this;
}

bool Statement::step() {
    const int rc = sqlite3_step(stmt_.get());
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    fail(db_, rc, "SQL error");
}

int Statement::step_code() { return sqlite3_step(stmt_.get()); }

void Statement::reset_keeping_bindings() { sqlite3_reset(stmt_.get()); }

void Statement::reset() {
    sqlite3_reset(stmt_.get());
    sqlite3_clear_bindings(stmt_.get());
}

int Statement::column_count() const { return sqlite3_column_count(stmt_.get()); }
std::string Statement::column_name(int index) const {
    const char *name = sqlite3_column_name(stmt_.get(), index);
    return name ? name : "";
}
bool Statement::is_null(int index) const {
    return sqlite3_column_type(stmt_.get(), index) == SQLITE_NULL;
}
int Statement::column_type(int index) const { return sqlite3_column_type(stmt_.get(), index); }
std::int64_t Statement::column_int(int index) const {
    return sqlite3_column_int64(stmt_.get(), index);
}
double Statement::column_double(int index) const {
    return sqlite3_column_double(stmt_.get(), index);
}
std::string Statement::column_text(int index) const {
    const auto *text = sqlite3_column_text(stmt_.get(), index);
    if (!text) return {};
    return {reinterpret_cast<const char *>(text),
            static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), index))};
}
std::string_view Statement::column_text_view(int index) const {
    const auto *text = sqlite3_column_text(stmt_.get(), index);
    if (!text) return {};
    return {reinterpret_cast<const char *>(text), static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), index))};
}
std::span<const unsigned char> Statement::column_blob(int index) const {
    const auto *data = static_cast<const unsigned char *>(sqlite3_column_blob(stmt_.get(), index));
    return {data, static_cast<std::size_t>(sqlite3_column_bytes(stmt_.get(), index))};
}
bool Statement::read_only() const { return sqlite3_stmt_readonly(stmt_.get()) != 0; }
const char *Statement::error_message() const { return sqlite3_errmsg(db_); }

Transaction::Transaction(Database &db) : db_(db) {
    db_.exec("BEGIN IMMEDIATE");
    if (!db_.still_at_path()) {
        // Store::create_atomically (CreateOptions::overwrite) put a new store in its place while
        // we waited for the lock: writing here would write into a file no one will see again.
        db_.exec("ROLLBACK");
        open_ = false;
        db_.detach_from_path();
        throw Error(db_.path() + ": the store was replaced (a new store created over it) while waiting for it: "
                    "nothing written");
    }
    // Another process may have changed the schema while we waited for the lock (a load drops
    // and restores triggers). Read it again now, with a statement SQLite re-prepares cleanly:
    // if the first statement to see the change inserts into a layer, compiling its SpatiaLite
    // triggers resets the schema under it and it fails with "no such table".
    db_.exec("SELECT count(*) FROM sqlite_master");
}

Transaction::~Transaction() {
    if (!open_) return;
    char *message = nullptr;
    sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, &message);
    sqlite3_free(message);
}

void Transaction::commit() {
    db_.exec("COMMIT");
    open_ = false;
}

std::string repeated_rows(std::string_view row, std::size_t rows) {
    std::string text;
    for (std::size_t r = 0; r < rows; ++r) {
        if (r) text += ',';
        text += row;
    }
    return text;
}

std::string quote_identifier(std::string_view name) {
    std::string quoted = "\"";
    for (char c : name) {
        if (c == '"') quoted += '"';
        quoted += c;
    }
    quoted += '"';
    return quoted;
}

} // namespace depomap::sql
