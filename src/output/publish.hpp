#pragma once
// Writing beside, then publishing: the one place that puts a staged file where a user asked for
// it, and the rules every writer obeys (docs/DESIGN.md, "Rules that hold everywhere"):
//  - no output replaces the store or an input of the same command, not even with Rules::overwrite
//    (compared by device and inode, so symlinks and hard links are seen through);
//  - an existing regular file is replaced only with Rules::overwrite; a symlink to a regular file
//    is written through (the file it names is replaced, the link stays) with Rules::overwrite only;
//  - devices and FIFOs (or a symlink to one) are written as streams, never unlinked or replaced;
//    a format that cannot be a stream (it seeks, or is several files) refuses them.
// Staged files and folders are created with O_EXCL / mkdtemp in the target's folder under
// `.depomap-<pid>-<random>`, locked with flock(2) while their process lives, removed on SIGINT,
// SIGTERM and SIGHUP, and swept by a later run once their process is gone (lock free and PID
// dead, both).
#include <sys/stat.h>

#include <filesystem>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>
#include <vector>

namespace depomap::output {

/// The files a command must never replace: its store and its inputs.
class Protected {
  public:
    /// `what` names it in messages ("the store", "an input"). A missing path is ignored.
    void add(const std::filesystem::path &path, std::string_view what);
    /// The store and the SQLite files that belong to it (-wal, -shm, -journal).
    void add_store(const std::filesystem::path &path);
    /// Throws Error when `target` (symlinks followed) is one of them.
    void check(const std::filesystem::path &target) const;

  private:
    struct Entry {
        dev_t dev;
        ino_t ino;
        std::string name;
    };
    std::vector<Entry> entries_;
};

struct Rules {
    bool overwrite = false;
    const Protected *keep = nullptr; ///< may be null: nothing to protect
};

enum class TargetKind { absent, regular, stream };

/// Checks `target` before anything is written. `stream_ok`: the format can be written into a
/// device or FIFO (`format` names it in the refusal). Throws Error: the store or an input, an
/// existing file without Rules::overwrite ("use the overwrite option", depomap::option_ref), a
/// folder, a dangling symlink.
TargetKind check_target(const std::filesystem::path &target, const Rules &rules, bool stream_ok = true,
                        std::string_view format = {});

/// Puts `staged` (a regular file written beside the target) in place of `target`, checking the
/// rules again: a new name is taken with RENAME_NOREPLACE, an existing file is swapped with
/// RENAME_EXCHANGE and the old one removed (a rename over it made ext4 write the new file out
/// before returning), a stream gets the staged bytes copied into it. The only function in
/// depomap that renames a staged file into place. `staged` is gone afterwards.
void publish(const std::filesystem::path &staged, const std::filesystem::path &target, const Rules &rules);

/// Puts `staged` into `out`, an open stream the command was given (its standard output, which
/// may be a pipe, a terminal or a file the shell opened), then removes it: the stream form of
/// publish() for an output that has no name. Throws Error naming `what` when the stream fails.
void publish_to_stream(const std::filesystem::path &staged, std::ostream &out, std::string_view what);

/// Removes what an older output called `target` left beside it (`sidecars`: ".shx", ".qml"...),
/// never a folder, a stream or a protected file.
void remove_family(const std::filesystem::path &target, const std::vector<std::string_view> &sidecars,
                   const Rules &rules);

/// A private folder (mode 0700, mkdtemp) for outputs GDAL writes by name; removed with what is
/// left in it unless everything was published out of it.
class StagingDir {
  public:
    /// In `parent`; stale staging of dead processes there is swept first.
    explicit StagingDir(const std::filesystem::path &parent);
    StagingDir(const StagingDir &) = delete;
    StagingDir &operator=(const StagingDir &) = delete;
    ~StagingDir();
    const std::filesystem::path &dir() const { return dir_; }
    /// The folder a staged output for `target` goes in: beside it, or in the temporary folder
    /// when the target is a stream (never a staging folder inside /dev).
    static std::filesystem::path parent_for(const std::filesystem::path &target, TargetKind kind);

  private:
    std::filesystem::path dir_;
    int fd_ = -1; ///< holds the flock that says "alive"
    int slot_ = -1;
};

/// A text output written through a file descriptor: a staged file beside the target, or the
/// device/FIFO itself. Nothing is at `target` (and any old file stays) until commit().
class StagedFile {
  public:
    StagedFile(const std::filesystem::path &target, const Rules &rules);
    StagedFile(const StagedFile &) = delete;
    StagedFile &operator=(const StagedFile &) = delete;
    ~StagedFile();
    std::ostream &stream() { return stream_; }
    bool is_stream() const { return kind_ == TargetKind::stream; }
    /// Forgets what was written (a staged file only).
    void rewind();
    /// Writes out what was written so far and makes the file system keep it (fdatasync): a full
    /// disk is found here, not at commit(). Throws Error naming the target.
    void flush();
    /// Flushes, checks and publishes; throws Error when writing failed (a full disk is named).
    void commit();

  private:
    class Buffer : public std::streambuf {
      public:
        Buffer() { setp(data_, data_ + sizeof data_); }
        void attach(int fd) { fd_ = fd; }
        bool failed() const { return failed_; }
        int error() const { return error_; }
        int sync() override;

      private:
        int_type overflow(int_type c) override;
        std::streamsize xsputn(const char *s, std::streamsize n) override;
        bool drain(const char *p, std::size_t n);
        int fd_ = -1;
        bool failed_ = false;
        int error_ = 0;
        char data_[1 << 16];
    };

    std::filesystem::path target_;
    Rules rules_;
    TargetKind kind_;
    std::filesystem::path temp_;
    int fd_ = -1;
    int slot_ = -1;
    Buffer buffer_;
    std::ostream stream_;
    bool done_ = false;
};

/// Removes stale staging (files and folders named `.depomap-<pid>-...`) of processes that are
/// gone from `dir`. Called by StagingDir and StagedFile; cheap (one readdir).
void sweep_stale(const std::filesystem::path &dir);

/// "disk full" when `error` says so, else its text: for messages about failed writes.
std::string write_failure(int error);

} // namespace depomap::output
