// convert's worker processes (src/gdal/io/convert_worker.cpp): the messages over a socket pair, and
// real child processes, started from a command or forked, that end in every way a worker can (a
// crash, SIGKILL, an exit code).
#include "depomap/error.hpp"
#include "gdal/io/convert_worker.hpp"

#include <gtest/gtest.h>

#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <condition_variable>
#include <csignal>
#include <mutex>
#include <string>
#include <thread>

namespace {

using namespace depomap;

TEST(ConvertWorker, MessagesKeepEveryByte) {
    int fds[2];
    ASSERT_EQ(::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
    const io::Message one{"open", std::string("a\0b\nc", 5), "", std::string(100000, 'x')};
    const io::Message empty{};
    ASSERT_TRUE(io::send_message(fds[0], one));
    ASSERT_TRUE(io::send_message(fds[0], empty));
    EXPECT_EQ(io::receive_message(fds[1]), one);
    EXPECT_EQ(io::receive_message(fds[1]), empty);
    ::close(fds[0]);
    EXPECT_FALSE(io::receive_message(fds[1])); // the other side closed it
    // Sending to a closed socket fails without SIGPIPE.
    EXPECT_FALSE(io::send_message(fds[1], one));
    ::close(fds[1]);
}

TEST(ConvertWorker, TheChildHasItsSocketOnFd3) {
    io::WorkerProcess worker({"/bin/sh", "-c", "[ -S /proc/self/fd/3 ] && exit 0; exit 9"});
    try {
        worker.receive();
        FAIL() << "the worker answered";
    } catch (const io::WorkerDied &died) {
        EXPECT_TRUE(WIFEXITED(died.status));
        EXPECT_EQ(WEXITSTATUS(died.status), 0) << died.what();
    }
}

TEST(ConvertWorker, ACrashIsReportedWithItsSignal) {
    io::WorkerProcess worker({"/bin/sh", "-c", "kill -SEGV $$"});
    try {
        worker.send({"open", "x"}); // may still reach the socket's buffer
        worker.receive();
        FAIL() << "the worker answered";
    } catch (const io::WorkerDied &died) {
        EXPECT_TRUE(WIFSIGNALED(died.status));
        EXPECT_STREQ(died.what(), "crashed with signal 11 (SIGSEGV)");
    }
}

TEST(ConvertWorker, AKilledWorkerIsReported) {
    io::WorkerProcess worker({"/bin/sleep", "60"});
    worker.kill();
    try {
        worker.receive();
        FAIL() << "the worker answered";
    } catch (const io::WorkerDied &died) {
        EXPECT_STREQ(died.what(), "killed by signal 9 (SIGKILL)");
    }
    worker.kill(); // after it was waited for: nothing
}

TEST(ConvertWorker, AnExitCodeIsReported) {
    io::WorkerProcess worker({"/bin/sh", "-c", "exit 3"});
    try {
        worker.receive();
        FAIL() << "the worker answered";
    } catch (const io::WorkerDied &died) {
        EXPECT_STREQ(died.what(), "ended with exit code 3");
    }
}

TEST(ConvertWorker, AnIdleWorkerEndsWhenItsSocketCloses) {
    // The worker reads until its parent closes the socket, then exits: the destructor waits.
    { io::WorkerProcess worker({"/bin/sh", "-c", "cat <&3 >/dev/null"}); }
    // A worker with a request unanswered is killed rather than waited for.
    {
        io::WorkerProcess worker({"/bin/sleep", "60"});
        worker.send({"open", "x"});
        EXPECT_TRUE(worker.busy());
    }
    SUCCEED();
}

TEST(ConvertWorker, AProgramThatCannotStartIsAnError) {
    try {
        io::WorkerProcess worker({"/nonexistent/depomap"});
        FAIL() << "started";
    } catch (const Error &e) {
        EXPECT_NE(std::string(e.what()).find("cannot start a worker process (/nonexistent/depomap)"),
                  std::string::npos)
            << e.what();
    }
}

// --- forked workers ---

/// Answers every request with its first part, until the parent closes the socket.
int echo(int fd) {
    while (auto request = io::receive_message(fd)) {
        if (!io::send_message(fd, {request->empty() ? "" : request->front()})) return 1;
    }
    return 0;
}

TEST(ConvertWorker, AForkedWorkerServesUntilItsSocketCloses) {
    auto worker = io::WorkerProcess::fork(echo);
    worker->send({"open", "x"});
    EXPECT_EQ(worker->receive(), io::Message{"open"});
    EXPECT_FALSE(worker->busy());
    worker.reset(); // closes the socket: the worker ends with 0, and the destructor waits for it
    SUCCEED();
}

TEST(ConvertWorker, ForkedSiblingsDoNotHoldEachOthersSocket) {
    // The second is forked while the first lives: it must not keep the parent's end of the
    // first's socket open, or the first would never see it close (and its destructor would wait
    // for ever).
    auto first = io::WorkerProcess::fork(echo);
    auto second = io::WorkerProcess::fork(echo);
    first.reset();
    second->send({"still here"});
    EXPECT_EQ(second->receive(), io::Message{"still here"});
}

TEST(ConvertWorker, AForkedWorkerThatCrashesIsReportedWithItsSignal) {
    auto worker = io::WorkerProcess::fork([](int) {
        ::raise(SIGSEGV);
        return 0;
    });
    try {
        worker->receive();
        FAIL() << "the worker answered";
    } catch (const io::WorkerDied &died) {
        EXPECT_STREQ(died.what(), "crashed with signal 11 (SIGSEGV)");
    }
}

TEST(ConvertWorker, AForkedWorkerEndsWithWhatItsServeReturns) {
    auto worker = io::WorkerProcess::fork([](int) { return 3; });
    try {
        worker->receive();
        FAIL() << "the worker answered";
    } catch (const io::WorkerDied &died) {
        EXPECT_STREQ(died.what(), "ended with exit code 3");
    }
}

extern "C" void ignore_signal(int) {}

TEST(ConvertWorker, AForkedWorkerHasTheDefaultActionForWhatTheParentCatches) {
    // The parent's handlers clean up the parent's files: a worker killed by SIGTERM must not run them.
    struct sigaction caught {}, old{};
    caught.sa_handler = ignore_signal;
    sigemptyset(&caught.sa_mask);
    ASSERT_EQ(::sigaction(SIGTERM, &caught, &old), 0);
    auto worker = io::WorkerProcess::fork([](int fd) {
        struct sigaction now {};
        ::sigaction(SIGTERM, nullptr, &now);
        return io::send_message(fd, {now.sa_handler == SIG_DFL ? "default" : "caught"}) ? 0 : 1;
    });
    ::sigaction(SIGTERM, &old, nullptr);
    EXPECT_EQ(worker->receive(), io::Message{"default"});
}

TEST(ConvertWorker, AProcessWithASecondThreadIsNotSingleThreaded) {
    EXPECT_TRUE(io::WorkerProcess::single_threaded()); // nothing in this file leaves a thread behind
    std::mutex mutex;
    std::condition_variable cv;
    bool done = false;
    std::thread other([&] {
        std::unique_lock lock(mutex);
        cv.wait(lock, [&] { return done; });
    });
    EXPECT_FALSE(io::WorkerProcess::single_threaded());
    {
        std::lock_guard lock(mutex);
        done = true;
    }
    cv.notify_all();
    other.join();
}

} // namespace
