#include "util/crash_note.hpp"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>

namespace depomap::util {
namespace {

constexpr std::string_view prefix = "depomap: crashed while reading ";
constexpr std::size_t stack_size = 64 * 1024;

// Two buffers: the next file is written into the one the handler is not reading, then made
// current with one atomic store.
struct Line {
    char text[PATH_MAX * 4 + 64];
    std::size_t size = 0;
};
Line lines[2];
std::atomic<int> current{-1}; ///< the buffer of the file being read, -1: none

void on_crash(int sig) {
    const int saved = errno;
    const int at = current.load();
    if (at >= 0) {
        char text[sizeof(Line::text) + 32];
        const Line &line = lines[at];
        std::size_t n = line.size;
        std::memcpy(text, line.text, n);
        char digits[12];
        int d = 0;
        for (int v = sig; d == 0 || v > 0; v /= 10)
            digits[d++] = static_cast<char>('0' + v % 10);
        while (d > 0)
            text[n++] = digits[--d];
        text[n++] = ')';
        text[n++] = '\n';
        for (std::size_t done = 0; done < n;) {
            const ssize_t w = ::write(STDERR_FILENO, text + done, n - done);
            if (w <= 0)
                break;
            done += static_cast<std::size_t>(w);
        }
    }
    errno = saved;
    // The default action ends the process with the signal, as if nothing had been caught.
    ::signal(sig, SIG_DFL);
    ::raise(sig);
}

/// Gives the calling thread `memory` as its alternate signal stack unless it has one (a
/// sanitizer's); false when it kept its own.
bool set_alternate_stack(void *memory) {
    stack_t old{};
    if (::sigaltstack(nullptr, &old) != 0 || !(old.ss_flags & SS_DISABLE))
        return false;
    stack_t stack{};
    stack.ss_sp = memory;
    stack.ss_size = stack_size;
    return ::sigaltstack(&stack, nullptr) == 0;
}

} // namespace

void install_crash_note() {
    static std::once_flag once;
    std::call_once(once, [] {
        // The calling thread's, for the process's life (static: the kernel's pointer to it is
        // the only one, and a leak checker would call a heap block kept that way lost).
        alignas(16) static char main_stack[stack_size];
        set_alternate_stack(main_stack);
        for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGABRT}) {
            struct sigaction old {};
            if (::sigaction(sig, nullptr, &old) != 0 || old.sa_handler != SIG_DFL)
                continue;
            struct sigaction action {};
            action.sa_handler = on_crash;
            action.sa_flags = SA_ONSTACK;
            sigemptyset(&action.sa_mask);
            ::sigaction(sig, &action, nullptr);
        }
    });
}

void note_reading(std::string_view path) {
    if (path.empty()) {
        current.store(-1);
        return;
    }
    const int at = current.load() == 0 ? 1 : 0;
    Line &line = lines[at];
    std::size_t n = prefix.size();
    std::memcpy(line.text, prefix.data(), n);
    // One line: control characters (a newline in a file name) as \xNN.
    for (const char c : path) {
        if (n + 4 > sizeof line.text - 16)
            break;
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f) {
            n += static_cast<std::size_t>(std::snprintf(line.text + n, 5, "\\x%02x", u));
        } else {
            line.text[n++] = c;
        }
    }
    constexpr std::string_view signal_part = " (signal ";
    std::memcpy(line.text + n, signal_part.data(), signal_part.size());
    line.size = n + signal_part.size();
    current.store(at);
}

CrashStack::CrashStack() : memory_(std::malloc(stack_size)) {
    if (memory_ && !set_alternate_stack(memory_)) {
        std::free(memory_);
        memory_ = nullptr;
    }
}

CrashStack::~CrashStack() {
    if (!memory_)
        return;
    stack_t off{};
    off.ss_flags = SS_DISABLE;
    ::sigaltstack(&off, nullptr);
    std::free(memory_);
}

} // namespace depomap::util
