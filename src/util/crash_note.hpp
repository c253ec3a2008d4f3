#pragma once
// A line that names the file being read when a reader crashes (a segfault in a GDAL driver):
// "depomap: crashed while reading FILE (signal 11)", written by a signal handler with write(2)
// from a buffer formatted beforehand, then the signal's default action (the process still ends
// with the signal, and the store is left as it was: its transaction never committed).
#include <string_view>

namespace depomap::util {

/// Handlers for SIGSEGV, SIGBUS, SIGFPE and SIGABRT that print the line while a file is being
/// read, and an alternate signal stack for the calling thread (a stack overflow gets its line
/// too). Once per process; a signal whose handler is not the default one keeps it.
void install_crash_note();

/// The file being read from now on, for the line; costs one copy of the path (set once per
/// source, never per feature). An empty path: none.
void note_reading(std::string_view path);

/// note_reading(path) for a scope; none again after it.
class ReadingNote {
  public:
    explicit ReadingNote(std::string_view path = {}) { note_reading(path); }
    ReadingNote(const ReadingNote &) = delete;
    ReadingNote &operator=(const ReadingNote &) = delete;
    ~ReadingNote() { note_reading({}); }
};

/// An alternate signal stack for the calling thread while it lives (a reading thread), so that
/// the line is written even when the thread's own stack overflowed.
class CrashStack {
  public:
    CrashStack();
    CrashStack(const CrashStack &) = delete;
    CrashStack &operator=(const CrashStack &) = delete;
    ~CrashStack();

  private:
    void *memory_ = nullptr;
};

} // namespace depomap::util
