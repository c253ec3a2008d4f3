#include "output/publish.hpp"

#include "depomap/error.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <mutex>
#include <system_error>

namespace depomap::output {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view stage_prefix = ".depomap-";

/// The way out of an existing target's refusal, pointing at the caller's overwrite option.
const std::string use_overwrite = "use " + option_ref("overwrite") + " to replace it";

// ---------------------------------------------------------------------------------------------
// What a signal removes: a fixed table of paths the handler can read without locks or memory.

enum SlotState : int { slot_free = 0, slot_busy = 1, slot_file = 2, slot_dir = 3 };
constexpr int slot_count = 64;
struct Slot {
    std::atomic<int> state{slot_free};
    char path[PATH_MAX];
};
Slot slots[slot_count];

/// Removes a folder tree with system calls only (async-signal-safe); staging is a few levels deep.
void remove_tree_raw(int parent, const char *name, int depth) {
    if (::unlinkat(parent, name, 0) == 0 || depth > 4) return;
    const int fd = ::openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) return;
    alignas(8) char buffer[4096];
    for (;;) {
        const long n = ::syscall(SYS_getdents64, fd, buffer, sizeof buffer);
        if (n <= 0) break;
        for (long at = 0; at < n;) {
            struct Entry {
                ino64_t ino;
                off64_t off;
                unsigned short reclen;
                unsigned char type;
                char name[1];
            };
            const auto *e = reinterpret_cast<const Entry *>(buffer + at);
            at += e->reclen;
            if (std::strcmp(e->name, ".") == 0 || std::strcmp(e->name, "..") == 0) continue;
            remove_tree_raw(fd, e->name, depth + 1);
        }
    }
    ::close(fd);
    ::unlinkat(parent, name, AT_REMOVEDIR);
}

void on_signal(int sig) {
    const int saved = errno;
    for (auto &slot : slots) {
        const int state = slot.state.load();
        if (state == slot_file) ::unlink(slot.path);
        if (state == slot_dir) remove_tree_raw(AT_FDCWD, slot.path, 0);
    }
    errno = saved;
    // The default action ends the process with the signal, as if nothing had been caught.
    std::signal(sig, SIG_DFL);
    ::raise(sig);
}

/// Installs the handler once, for the signals whose action is still the default (a program that
/// handles them itself keeps its handler and its own cleanup).
void install_handlers() {
    static std::once_flag once;
    std::call_once(once, [] {
        for (int sig : {SIGINT, SIGTERM, SIGHUP}) {
            struct sigaction old {};
            if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler != SIG_DFL) continue;
            struct sigaction action {};
            action.sa_handler = on_signal;
            sigemptyset(&action.sa_mask);
            ::sigaction(sig, &action, nullptr);
        }
    });
}

int register_path(const fs::path &path, SlotState kind) {
    install_handlers();
    const auto absolute = fs::absolute(path).string();
    if (absolute.size() >= PATH_MAX) return -1;
    for (int i = 0; i < slot_count; ++i) {
        int expected = slot_free;
        if (!slots[i].state.compare_exchange_strong(expected, slot_busy)) continue;
        std::memcpy(slots[i].path, absolute.c_str(), absolute.size() + 1);
        slots[i].state.store(kind);
        return i;
    }
    return -1; // more than 64 at once: the later ones are left to the sweep of a later run
}

void unregister(int slot) {
    if (slot >= 0) slots[slot].state.store(slot_free);
}

/// The pid in `.depomap-<pid>-...`, or 0.
pid_t staged_pid(std::string_view name) {
    if (!name.starts_with(stage_prefix)) return 0;
    name.remove_prefix(stage_prefix.size());
    pid_t pid = 0;
    std::size_t i = 0;
    for (; i < name.size() && name[i] >= '0' && name[i] <= '9' && pid < 100000000; ++i) pid = pid * 10 + (name[i] - '0');
    return i > 0 && i < name.size() && name[i] == '-' ? pid : 0;
}

/// Opens `path` without following a link and takes its lock; -1 when that fails.
int open_locked(const fs::path &path, bool dir, bool wait) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC | (dir ? O_DIRECTORY : 0));
    if (fd < 0) return -1;
    if (::flock(fd, LOCK_EX | (wait ? 0 : LOCK_NB)) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

/// The path for a one-line message: control characters (a newline in a file name) as \xNN.
std::string describe(const fs::path &target) {
    std::string out;
    for (const char c : target.string()) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            char hex[8];
            std::snprintf(hex, sizeof hex, "\\x%02x", u);
            out += hex;
        } else {
            out += c;
        }
    }
    return out;
}

/// The file a symlink names when it is to be written through, else the target itself.
fs::path resolved(const fs::path &target) {
    struct stat link {};
    if (::lstat(target.c_str(), &link) != 0 || !S_ISLNK(link.st_mode)) return target;
    std::error_code ec;
    auto real = fs::canonical(target, ec);
    return ec ? target : real;
}

/// Copies what is left to read from `in` into `out`: 0, or the errno of the failed read or write.
int copy_bytes(int in, int out) {
    char buffer[1 << 16];
    for (;;) {
        const ssize_t n = ::read(in, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return n < 0 ? errno : 0;
        for (ssize_t at = 0; at < n;) {
            const ssize_t w = ::write(out, buffer + at, static_cast<std::size_t>(n - at));
            if (w < 0 && errno == EINTR) continue;
            if (w < 0) return errno;
            at += w;
        }
    }
}

/// Copies `staged` into the device or FIFO `target`, opened without O_CREAT or O_TRUNC.
void copy_into_stream(const fs::path &staged, const fs::path &target) {
    const int in = ::open(staged.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) throw Error(describe(target) + ": " + std::strerror(errno));
    const int out = ::open(target.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
    if (out < 0) {
        const int e = errno;
        ::close(in);
        throw Error(describe(target) + ": cannot write: " + std::strerror(e));
    }
    int error = copy_bytes(in, out);
    ::close(in);
    if (::close(out) != 0 && !error) error = errno;
    if (error) throw Error(describe(target) + ": writing failed: " + write_failure(error));
    std::error_code ec;
    fs::remove(staged, ec);
}

} // namespace

std::string write_failure(int error) {
    if (error == ENOSPC || error == EDQUOT) return "no space left on the disk";
    return std::strerror(error);
}

// ---------------------------------------------------------------------------------------------
// The rules

void Protected::add(const fs::path &path, std::string_view what) {
    struct stat st {};
    if (path.empty() || ::stat(path.c_str(), &st) != 0) return;
    entries_.push_back({st.st_dev, st.st_ino, std::string(what)});
}

void Protected::add_store(const fs::path &path) {
    const std::string option = " (" + option_ref("store") + ")";
    add(path, "the store" + option);
    for (const char *suffix : {"-wal", "-shm", "-journal"}) add(path.string() + suffix, "a file of the store" + option);
}

void Protected::check(const fs::path &target) const {
    struct stat st {};
    if (::stat(target.c_str(), &st) != 0) return;
    for (const auto &e : entries_) {
        if (e.dev == st.st_dev && e.ino == st.st_ino) {
            throw Error(describe(target) + ": is " + e.name + " of this command; refusing to write over it");
        }
    }
}

TargetKind check_target(const fs::path &target, const Rules &rules, bool stream_ok, std::string_view format) {
    struct stat link {};
    if (::lstat(target.c_str(), &link) != 0) {
        if (errno == ENOENT) return TargetKind::absent;
        throw Error(describe(target) + ": " + std::strerror(errno));
    }
    struct stat st {};
    if (::stat(target.c_str(), &st) != 0) {
        throw Error(describe(target) + ": is a symlink to nothing (" + std::strerror(errno) + "); not following it");
    }
    if (rules.keep) rules.keep->check(target);
    if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) || S_ISFIFO(st.st_mode)) {
        if (!stream_ok) {
            throw Error(describe(target) + ": is a device or FIFO, and " + std::string(format) +
                        " cannot be written as a stream; write to a file");
        }
        return TargetKind::stream;
    }
    if (S_ISDIR(st.st_mode)) throw Error(describe(target) + ": exists and is a folder");
    if (!S_ISREG(st.st_mode)) throw Error(describe(target) + ": exists and is not a regular file");
    if (!rules.overwrite) throw Error(describe(target) + ": exists; " + use_overwrite);
    return TargetKind::regular;
}

/// The mode a new output gets: what `open(..., 0666)` would give under the process's umask
/// (mkstemp makes 0600, and a staging folder's files would keep it), read without changing it.
mode_t new_file_mode() {
    static const mode_t mode = [] {
        std::ifstream status("/proc/self/status");
        std::string line;
        while (std::getline(status, line))
            if (line.rfind("Umask:", 0) == 0) return static_cast<mode_t>(0666 & ~std::stoul(line.substr(6), nullptr, 8));
        return static_cast<mode_t>(0644);
    }();
    return mode;
}

/// A staged file's mode before it goes in place: the replaced file's own, else a new file's.
void set_output_mode(int fd, const fs::path &target, TargetKind kind) {
    struct stat st {};
    const mode_t mode = kind == TargetKind::regular && ::stat(target.c_str(), &st) == 0 ? st.st_mode & 07777 : new_file_mode();
    ::fchmod(fd, mode);
}

/// `staged` copied into a new staged file beside `target`, for a target (a link's file) on
/// another file system than the staging: a rename cannot cross file systems. `staged` is removed.
fs::path copy_beside(const fs::path &staged, const fs::path &target, TargetKind kind) {
    const auto parent = target.has_parent_path() ? target.parent_path() : fs::path(".");
    std::string name = (parent / (std::string(stage_prefix) + std::to_string(::getpid()) + "-XXXXXX")).string();
    const int out = ::mkostemp(name.data(), O_CLOEXEC);
    if (out < 0) throw Error(describe(target) + ": cannot write beside it: " + std::strerror(errno));
    ::flock(out, LOCK_EX);
    std::error_code ec;
    const int in = ::open(staged.c_str(), O_RDONLY | O_CLOEXEC);
    int error = in < 0 ? errno : copy_bytes(in, out);
    if (in >= 0) ::close(in);
    if (!error) set_output_mode(out, target, kind);
    if (::close(out) != 0 && !error) error = errno;
    if (error) {
        fs::remove(name, ec);
        throw Error(describe(target) + ": writing failed: " + std::strerror(error));
    }
    fs::remove(staged, ec);
    return name;
}

void publish_to_stream(const fs::path &staged, std::ostream &out, std::string_view what) {
    std::ifstream in(staged, std::ios::binary);
    if (!in) throw Error(describe(staged) + ": " + std::strerror(errno));
    char buffer[1 << 16];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        if (!out.write(buffer, in.gcount())) break;
    }
    out.flush();
    if (!out) throw Error(std::string(what) + ": writing failed");
    in.close();
    std::error_code ec;
    fs::remove(staged, ec);
}

void publish(const fs::path &given_staged, const fs::path &given, const Rules &rules) {
    const auto kind = check_target(given, rules);
    if (kind == TargetKind::stream) {
        copy_into_stream(given_staged, given);
        return;
    }
    const fs::path target = resolved(given);
    fs::path staged = given_staged;
    if (target != given && fs::exists(staged)) {
        // Written through a link: the staging sits beside the link, the file may be elsewhere.
        struct stat a {}, b {};
        const auto target_dir = target.has_parent_path() ? target.parent_path() : fs::path(".");
        if (::stat(staged.c_str(), &a) == 0 && ::stat(target_dir.c_str(), &b) == 0 && a.st_dev != b.st_dev)
            staged = copy_beside(staged, target, kind);
    }
    std::error_code ec;
    if (kind == TargetKind::absent) {
        // A file someone creates meanwhile is not taken over without Rules::overwrite.
        if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_NOREPLACE) == 0) return;
        if (errno == EEXIST) throw Error(describe(given) + ": exists; " + use_overwrite);
        if (errno != EINVAL && errno != ENOSYS) throw Error(describe(given) + ": cannot move into place: " + std::strerror(errno));
    } else if (::renameat2(AT_FDCWD, staged.c_str(), AT_FDCWD, target.c_str(), RENAME_EXCHANGE) == 0) {
        // rename() over an existing file makes ext4 write the whole new file out before the
        // call returns (auto_da_alloc); swapping leaves that to the background. The old file
        // is now under the staged name.
        fs::remove(staged, ec);
        return;
    }
    fs::rename(staged, target, ec); // a file system without renameat2's flags
    if (ec) throw Error(describe(given) + ": cannot move into place: " + ec.message());
}

void remove_family(const fs::path &target, const std::vector<std::string_view> &sidecars, const Rules &rules) {
    auto stem = target;
    stem.replace_extension();
    for (const auto ext : sidecars) {
        const fs::path side = stem.string() + std::string(ext);
        struct stat st {};
        if (side == target || ::lstat(side.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
        if (rules.keep) rules.keep->check(side);
        std::error_code ec;
        fs::remove(side, ec);
    }
}

// ---------------------------------------------------------------------------------------------
// Staging

void sweep_stale(const fs::path &dir) {
    DIR *d = ::opendir(dir.empty() ? "." : dir.c_str());
    if (!d) return;
    std::vector<std::pair<fs::path, bool>> stale;
    while (const auto *e = ::readdir(d)) {
        const pid_t pid = staged_pid(e->d_name);
        if (pid <= 0 || pid == ::getpid() || ::kill(pid, 0) == 0 || errno != ESRCH) continue;
        stale.emplace_back(dir / e->d_name, e->d_type == DT_DIR);
    }
    ::closedir(d);
    for (const auto &[path, is_dir] : stale) {
        // The PID is gone and nobody holds the lock: its process died before cleaning up.
        const int fd = open_locked(path, is_dir, false);
        if (fd < 0) continue;
        std::error_code ec;
        fs::remove_all(path, ec);
        ::close(fd);
    }
}

fs::path StagingDir::parent_for(const fs::path &target, TargetKind kind) {
    if (kind == TargetKind::stream) return fs::temp_directory_path();
    const auto real = resolved(target); // a link written through: stage beside the file it names
    return real.has_parent_path() ? real.parent_path() : fs::path(".");
}

StagingDir::StagingDir(const fs::path &parent) {
    sweep_stale(parent);
    std::string name = (parent / (std::string(stage_prefix) + std::to_string(::getpid()) + "-XXXXXX")).string();
    if (!::mkdtemp(name.data())) {
        throw Error(describe(parent) + ": cannot write here: " + std::strerror(errno));
    }
    dir_ = name;
    slot_ = register_path(dir_, slot_dir);
    fd_ = open_locked(dir_, true, true);
}

StagingDir::~StagingDir() {
    std::error_code ec;
    fs::remove_all(dir_, ec);
    unregister(slot_);
    if (fd_ >= 0) ::close(fd_);
}

// ---------------------------------------------------------------------------------------------
// A staged text file

int StagedFile::Buffer::sync() {
    if (!drain(pbase(), static_cast<std::size_t>(pptr() - pbase()))) return -1;
    setp(data_, data_ + sizeof data_);
    return 0;
}

StagedFile::Buffer::int_type StagedFile::Buffer::overflow(int_type c) {
    if (sync() != 0) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
        *pptr() = traits_type::to_char_type(c);
        pbump(1);
    }
    return traits_type::not_eof(c);
}

std::streamsize StagedFile::Buffer::xsputn(const char *s, std::streamsize n) {
    if (n > epptr() - pptr()) {
        if (sync() != 0) return 0;
        if (n >= static_cast<std::streamsize>(sizeof data_)) return drain(s, static_cast<std::size_t>(n)) ? n : 0;
    }
    std::memcpy(pptr(), s, static_cast<std::size_t>(n));
    pbump(static_cast<int>(n));
    return n;
}

bool StagedFile::Buffer::drain(const char *p, std::size_t n) {
    while (n > 0 && !failed_) {
        const ssize_t w = ::write(fd_, p, n);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) {
            failed_ = true;
            error_ = errno;
            break;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return !failed_;
}

StagedFile::StagedFile(const fs::path &target, const Rules &rules)
    : target_(target), rules_(rules), kind_(check_target(target, rules)), stream_(&buffer_) {
    if (kind_ == TargetKind::stream) {
        fd_ = ::open(target.c_str(), O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (fd_ < 0) throw Error(describe(target) + ": cannot write: " + std::strerror(errno));
    } else {
        const auto parent = StagingDir::parent_for(target, kind_);
        sweep_stale(parent);
        std::string name = (parent / (std::string(stage_prefix) + std::to_string(::getpid()) + "-XXXXXX")).string();
        fd_ = ::mkostemp(name.data(), O_CLOEXEC); // O_EXCL: never a file or link planted there
        if (fd_ < 0) throw Error(describe(target) + ": cannot write here: " + std::strerror(errno));
        temp_ = name;
        slot_ = register_path(temp_, slot_file);
        ::flock(fd_, LOCK_EX);
        set_output_mode(fd_, resolved(target), kind_);
    }
    buffer_.attach(fd_);
}

StagedFile::~StagedFile() {
    if (fd_ >= 0) ::close(fd_);
    if (!temp_.empty() && !done_) {
        std::error_code ec;
        fs::remove(temp_, ec);
    }
    unregister(slot_);
}

void StagedFile::rewind() {
    stream_.flush();
    if (kind_ == TargetKind::stream || ::ftruncate(fd_, 0) != 0 || ::lseek(fd_, 0, SEEK_SET) != 0 || buffer_.failed()) {
        throw Error(describe(target_) + ": writing failed (cannot take back what was written)");
    }
}

void StagedFile::flush() {
    stream_.flush();
    if (buffer_.failed()) throw Error(describe(target_) + ": writing failed: " + write_failure(buffer_.error()));
    if (kind_ != TargetKind::stream && ::fdatasync(fd_) != 0)
        throw Error(describe(target_) + ": writing failed: " + write_failure(errno));
}

void StagedFile::commit() {
    stream_.flush();
    if (buffer_.failed()) throw Error(describe(target_) + ": writing failed: " + write_failure(buffer_.error()));
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) throw Error(describe(target_) + ": writing failed: " + write_failure(errno));
    if (kind_ != TargetKind::stream) publish(temp_, target_, rules_);
    done_ = true;
}

} // namespace depomap::output
