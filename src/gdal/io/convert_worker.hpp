#pragma once
// The process side of `depomap convert`'s workers: a child process joined to its parent by a
// socket pair, and the messages they exchange (lists of strings, length-prefixed). A worker is
// either forked while the parent has one thread (it inherits the loaded module and GDAL's
// registered drivers, so it starts in a millisecond) or started with posix_spawn from a program
// and its arguments, its socket on fd 3 (never fork() from a threaded process). A worker that
// dies (a driver that crashes, a SIGKILL) shows as a failed send or receive; `ended()` then says
// how it ended.
#include <sys/types.h>

#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace depomap::io {

/// One message: a list of strings (any bytes).
using Message = std::vector<std::string>;

/// The fd a worker finds its socket on (convert_worker_fd).
inline constexpr int worker_fd = 3;

/// Sends `message` over the socket `fd`; false when the other side is gone (no SIGPIPE).
bool send_message(int fd, const Message &message);
/// The next message from `fd`; nothing when the other side closed it (or died).
std::optional<Message> receive_message(int fd);

/// Thrown by WorkerProcess when the child died: `what()` says how ("crashed with signal 11
/// (SIGSEGV)"), `status` is its wait status.
struct WorkerDied : std::runtime_error {
    explicit WorkerDied(int wait_status);
    int status;
};

class WorkerProcess {
  public:
    /// Starts `command` (the program and its arguments) with one end of a socket pair as fd 3;
    /// throws Error when it cannot start.
    explicit WorkerProcess(const std::vector<std::string> &command);
    /// Forks this process, which must have no other thread (single_threaded()): the child runs
    /// `serve` with its end of the socket and ends with what it returns, through _exit (no
    /// destructor nor atexit handler of the parent's runs in it; a signal handler the parent
    /// installed is reset to the default, as exec would). Throws Error when fork fails.
    static std::unique_ptr<WorkerProcess> fork(const std::function<int(int fd)> &serve);
    /// This process has one thread: fork() may copy it.
    static bool single_threaded();
    WorkerProcess(const WorkerProcess &) = delete;
    WorkerProcess &operator=(const WorkerProcess &) = delete;
    /// Closes the socket (an idle worker then ends) and waits for the process; a worker with a
    /// request unanswered is killed first.
    ~WorkerProcess();

    /// Sends a request; throws WorkerDied when the worker is gone.
    void send(const Message &message);
    /// The worker's answer to the last request; throws WorkerDied when it died instead.
    Message receive();
    /// SIGKILL (from any thread; nothing once the process has been waited for).
    void kill();
    pid_t pid() const { return pid_; }
    /// A request was sent and its answer not received yet.
    bool busy() const { return busy_; }

  private:
    WorkerProcess() = default;
    /// Makes the socket pair; the parent's end becomes fd_ (known to later forks, which close
    /// it in their child), the child's end is returned.
    int make_socket_pair();
    /// Waits for the process to end; its wait status.
    int ended();

    pid_t pid_ = -1;
    int fd_ = -1;
    bool busy_ = false; ///< a request sent, its answer not received
    std::mutex mutex_;  ///< guards reaped_ against kill() from another thread
    bool reaped_ = false;
    int status_ = 0;
};

/// How a process ended, from its wait status: "crashed with signal 11 (SIGSEGV)", "killed by
/// signal 9 (SIGKILL)", "ended with exit code 3".
std::string describe_wait_status(int status);

} // namespace depomap::io
