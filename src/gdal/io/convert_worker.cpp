#include "gdal/io/convert_worker.hpp"

#include "depomap/error.hpp"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>

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

WorkerProcess::WorkerProcess(const std::vector<std::string> &command) {
    int fds[2];
    if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds) != 0) {
        throw Error(std::string("cannot start a worker process: socketpair: ") +
                    std::strerror(errno));
    }
    // The child's end goes to fd 3 by dup2, which clears close-on-exec only when the numbers
    // differ: above 3 first. Every other descriptor of the parent stays close-on-exec.
    int child_end = ::fcntl(fds[1], F_DUPFD_CLOEXEC, worker_fd + 1);
    ::close(fds[1]);
    if (child_end < 0) {
        ::close(fds[0]);
        throw Error(std::string("cannot start a worker process: ") + std::strerror(errno));
    }
    fd_ = fds[0];
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
        ::close(fd_);
        throw Error("cannot start a worker process (" + command.front() +
                    "): " + std::strerror(error));
    }
}

WorkerDied::WorkerDied(int wait_status)
    : std::runtime_error(describe_wait_status(wait_status)), status(wait_status) {}

WorkerProcess::~WorkerProcess() {
    if (busy_)
        kill();
    ::close(fd_);
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
