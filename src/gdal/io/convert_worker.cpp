#include "gdal/io/convert_worker.hpp"

#include "depomap/error.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <set>

extern char **environ;

namespace depomap::io {
namespace {

/// Moves all `size` bytes at `p` through `io` (a send or a recv), again after a signal; false at
/// the end of the stream or on an error.
template <typename Byte, typename Io>
bool transfer_all(Byte *p, std::size_t size, Io io) {
    while (size > 0) {
        const ssize_t n = io(p, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool send_all(int fd, const void *data, std::size_t size) {
    return transfer_all(static_cast<const char *>(data), size,
                        [fd](const char *p, std::size_t n) { return ::send(fd, p, n, MSG_NOSIGNAL); });
}

bool receive_all(int fd, void *data, std::size_t size) {
    return transfer_all(static_cast<char *>(data), size,
                        [fd](char *p, std::size_t n) { return ::recv(fd, p, n, 0); });
}

/// The signals that mean the program itself went wrong (as opposed to being killed).
bool is_crash(int sig) {
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGFPE || sig == SIGILL || sig == SIGABRT ||
           sig == SIGSYS || sig == SIGTRAP;
}

/// The parent's end of every live worker's socket. A forked child closes them all: a sibling's
/// end kept open there would keep that sibling from seeing its parent close it (and so from
/// ending). posix_spawn needs none of this, the ends are close-on-exec.
std::mutex live_mutex;
std::set<int> live_ends;

void forget_end(int fd) {
    std::lock_guard lock(live_mutex);
    live_ends.erase(fd);
    ::close(fd);
}

/// In a forked worker, before it serves: what exec would have given it (an empty signal mask,
/// the default action for every signal the parent catches, since the parent's handlers clean up
/// the parent's files), tied to its parent's life, without the parent's ends of the sockets.
void become_worker(pid_t parent, int own_end) {
    sigset_t none;
    sigemptyset(&none);
    ::sigprocmask(SIG_SETMASK, &none, nullptr);
    for (int sig = 1; sig < NSIG; ++sig) {
        struct sigaction old {};
        if (::sigaction(sig, nullptr, &old) != 0) continue;
        const bool caught = (old.sa_flags & SA_SIGINFO) ? old.sa_sigaction != nullptr
                                                        : old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN;
        if (caught) ::signal(sig, SIG_DFL);
    }
    // Killed with the parent's thread that forked it; a parent already gone: nothing to serve.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (::getppid() != parent) ::_exit(1);
    for (const int fd : live_ends) {
        if (fd != own_end) ::close(fd);
    }
}

} // namespace

bool send_message(int fd, const Message &message) {
    std::string buffer;
    const auto put = [&](std::uint32_t n) {
        buffer.append(reinterpret_cast<const char *>(&n), sizeof n);
    };
    put(static_cast<std::uint32_t>(message.size()));
    for (const auto &part : message) {
        put(static_cast<std::uint32_t>(part.size()));
        buffer += part;
    }
    return send_all(fd, buffer.data(), buffer.size());
}

std::optional<Message> receive_message(int fd) {
    std::uint32_t count = 0;
    if (!receive_all(fd, &count, sizeof count))
        return std::nullopt;
    Message message(count);
    for (auto &part : message) {
        std::uint32_t size = 0;
        if (!receive_all(fd, &size, sizeof size))
            return std::nullopt;
        part.resize(size);
        if (size > 0 && !receive_all(fd, part.data(), size))
            return std::nullopt;
    }
    return message;
}

std::string describe_wait_status(int status) {
    if (WIFSIGNALED(status)) {
        const int sig = WTERMSIG(status);
        const char *abbrev = ::sigabbrev_np(sig);
        const std::string name =
            "signal " + std::to_string(sig) + (abbrev ? " (SIG" + std::string(abbrev) + ")" : "");
        return (is_crash(sig) ? "crashed with " : "killed by ") + name;
    }
    if (WIFEXITED(status))
        return "ended with exit code " + std::to_string(WEXITSTATUS(status));
    return "ended (wait status " + std::to_string(status) + ")";
}

int WorkerProcess::make_socket_pair() {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        throw Error(std::string("cannot start a worker process: socketpair: ") +
                    std::strerror(errno));
    }
    std::lock_guard lock(live_mutex);
    live_ends.insert(fds[0]);
    fd_ = fds[0];
    return fds[1];
}

WorkerProcess::WorkerProcess(const std::vector<std::string> &command) {
    const int second = make_socket_pair();
    // The child's end goes to fd 3 by dup2, which clears close-on-exec only when the numbers
    // differ: above 3 first. Every other descriptor of the parent stays close-on-exec.
    int child_end = ::fcntl(second, F_DUPFD_CLOEXEC, worker_fd + 1);
    ::close(second);
    if (child_end < 0) {
        const int error = errno;
        forget_end(fd_);
        throw Error(std::string("cannot start a worker process: ") + std::strerror(error));
    }
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, child_end, worker_fd);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none;
    sigemptyset(&none);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK);
    std::vector<char *> argv;
    for (const auto &word : command)
        argv.push_back(const_cast<char *>(word.c_str()));
    argv.push_back(nullptr);
    const int error = ::posix_spawn(&pid_, argv[0], &actions, &attributes, argv.data(), environ);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    ::close(child_end);
    if (error != 0) {
        forget_end(fd_);
        throw Error("cannot start a worker process (" + command.front() +
                    "): " + std::strerror(error));
    }
}

std::unique_ptr<WorkerProcess> WorkerProcess::fork(const std::function<int(int fd)> &serve) {
    std::unique_ptr<WorkerProcess> worker(new WorkerProcess());
    const int child_end = worker->make_socket_pair();
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid == 0) {
        become_worker(parent, child_end);
        int code = 1;
        try {
            code = serve(child_end);
        } catch (...) {
        }
        ::_exit(code);
    }
    const int error = errno;
    ::close(child_end);
    if (pid < 0) {
        forget_end(worker->fd_);
        worker->fd_ = -1;
        throw Error(std::string("cannot start a worker process: fork: ") + std::strerror(error));
    }
    worker->pid_ = pid;
    return worker;
}

bool WorkerProcess::single_threaded() {
    DIR *tasks = ::opendir("/proc/self/task");
    if (!tasks) return false;
    int count = 0;
    while (const dirent *entry = ::readdir(tasks)) {
        if (entry->d_name[0] != '.') ++count;
    }
    ::closedir(tasks);
    return count == 1;
}

WorkerDied::WorkerDied(int wait_status)
    : std::runtime_error(describe_wait_status(wait_status)), status(wait_status) {}

WorkerProcess::~WorkerProcess() {
    if (pid_ < 0) return; // never started
    if (busy_)
        kill();
    forget_end(fd_);
    (void)ended();
}

int WorkerProcess::ended() {
    // Waited for without reaping first, so that kill() from another thread never reaches a
    // process that took the PID over.
    siginfo_t info{};
    while (::waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOWAIT) != 0 &&
           errno == EINTR) {
    }
    std::lock_guard lock(mutex_);
    if (!reaped_) {
        while (::waitpid(pid_, &status_, 0) < 0 && errno == EINTR) {
        }
        reaped_ = true;
    }
    return status_;
}

void WorkerProcess::kill() {
    std::lock_guard lock(mutex_);
    if (!reaped_)
        ::kill(pid_, SIGKILL);
}

void WorkerProcess::send(const Message &message) {
    busy_ = true;
    if (!send_message(fd_, message))
        throw WorkerDied(ended());
}

Message WorkerProcess::receive() {
    auto message = receive_message(fd_);
    if (!message)
        throw WorkerDied(ended());
    busy_ = false;
    return std::move(*message);
}

} // namespace depomap::io
