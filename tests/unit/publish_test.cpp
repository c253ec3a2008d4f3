// The one publish routine (src/output/publish.hpp) and its write rules, on real files.
#include "output/publish.hpp"

#include "depomap/error.hpp"
#include "test_config.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <functional>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;
using namespace depomap;

namespace {

fs::path fresh_dir(const std::string &name) {
    const char *env = std::getenv("DEPOMAP_TEST_TMP");
    const auto dir = fs::path(env && *env ? env : DEPOMAP_TEST_BINARY_DIR "/tmp") /
                     ("publish-" + name + "-" + std::to_string(::getpid()));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

std::string read(const fs::path &p) {
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write(const fs::path &p, const std::string &text) { std::ofstream(p) << text; }

std::string message_of(const std::function<void()> &f) {
    try {
        f();
    } catch (const Error &e) {
        return e.what();
    }
    return "";
}

/// Everything in `dir` but `keep`, as one line.
std::string others(const fs::path &dir, const std::string &keep) {
    std::string out;
    for (const auto &e : fs::directory_iterator(dir)) {
        if (e.path().filename() != keep) out += e.path().filename().string() + " ";
    }
    return out;
}

} // namespace

TEST(Publish, NewFileAppearsOnlyOnCommit) {
    const auto dir = fresh_dir("new");
    const auto target = dir / "out.csv";
    {
        output::StagedFile file(target, {});
        file.stream() << "a,b\n";
        EXPECT_FALSE(fs::exists(target));
        file.commit();
    }
    EXPECT_EQ(read(target), "a,b\n");
    EXPECT_EQ(others(dir, "out.csv"), "");
}

TEST(Publish, WithoutCommitNothingIsLeft) {
    const auto dir = fresh_dir("abandon");
    write(dir / "out.csv", "old");
    {
        output::StagedFile file(dir / "out.csv", output::Rules{true, nullptr});
        file.stream() << "new";
    }
    EXPECT_EQ(read(dir / "out.csv"), "old");
    EXPECT_EQ(others(dir, "out.csv"), "");
}

TEST(Publish, ExistingFileNeedsOverwrite) {
    const auto dir = fresh_dir("exists");
    write(dir / "out.csv", "old");
    // The library points at its caller's option by its field; the CLI writes the flag.
    const auto refused = message_of([&] { output::StagedFile file(dir / "out.csv", {}); });
    EXPECT_NE(refused.find("exists; use the overwrite option to replace it"), std::string::npos) << refused;
    EXPECT_EQ(refused.find("--"), std::string::npos) << refused;
    output::StagedFile file(dir / "out.csv", output::Rules{true, nullptr});
    file.stream() << "new";
    file.commit();
    EXPECT_EQ(read(dir / "out.csv"), "new");
}

TEST(Publish, ProtectedFileIsNeverReplacedEvenThroughLinks) {
    const auto dir = fresh_dir("protected");
    write(dir / "store.sqlite", "store");
    fs::create_hard_link(dir / "store.sqlite", dir / "hard.sqlite");
    fs::create_symlink("store.sqlite", dir / "soft.sqlite");
    output::Protected keep;
    keep.add_store(dir / "store.sqlite");
    const output::Rules rules{true, &keep};
    for (const char *name : {"store.sqlite", "hard.sqlite", "soft.sqlite"}) {
        EXPECT_NE(message_of([&] { output::StagedFile file(dir / name, rules); }).find("is the store"),
                  std::string::npos)
            << name;
    }
    // Staged before the store was named: publish() checks again.
    write(dir / "staged", "answer");
    EXPECT_NE(message_of([&] { output::publish(dir / "staged", dir / "store.sqlite", rules); }).find("is the store"),
              std::string::npos);
    EXPECT_EQ(read(dir / "store.sqlite"), "store");
    EXPECT_TRUE(fs::is_symlink(dir / "soft.sqlite"));
}

TEST(Publish, SymlinkIsWrittenThroughWithOverwrite) {
    const auto dir = fresh_dir("symlink");
    write(dir / "real.csv", "old");
    fs::create_symlink("real.csv", dir / "link.csv");
    output::StagedFile file(dir / "link.csv", output::Rules{true, nullptr});
    file.stream() << "new";
    file.commit();
    EXPECT_TRUE(fs::is_symlink(dir / "link.csv"));
    EXPECT_EQ(read(dir / "real.csv"), "new");
    fs::create_symlink("nowhere.csv", dir / "dangling.csv");
    EXPECT_NE(message_of([&] { output::StagedFile f(dir / "dangling.csv", output::Rules{true, nullptr}); })
                  .find("symlink to nothing"),
              std::string::npos);
    EXPECT_FALSE(fs::exists(dir / "nowhere.csv"));
}

TEST(Publish, FifoIsWrittenAsStream) {
    const auto dir = fresh_dir("fifo");
    const auto fifo = dir / "fifo";
    ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
    // A reader keeps the FIFO open so that the writer's open() returns.
    const int reader = ::open(fifo.c_str(), O_RDONLY | O_NONBLOCK);
    ASSERT_GE(reader, 0);
    {
        output::StagedFile file(fifo, {}); // no --overwrite needed for a stream
        EXPECT_TRUE(file.is_stream());
        file.stream() << "through";
        file.commit();
    }
    char buffer[16] = {};
    EXPECT_EQ(::read(reader, buffer, sizeof buffer), 7);
    ::close(reader);
    EXPECT_EQ(std::string(buffer), "through");
    struct stat st {};
    ASSERT_EQ(::lstat(fifo.c_str(), &st), 0);
    EXPECT_TRUE(S_ISFIFO(st.st_mode));
    EXPECT_NE(message_of([&] { output::check_target(fifo, {}, false, "GPKG"); }).find("GPKG cannot be written as a stream"),
              std::string::npos);
}

TEST(Publish, OldPredictableNameIsNotFollowed) {
    const auto dir = fresh_dir("planted");
    write(dir / "victim", "victim");
    fs::create_symlink("victim", dir / ("out.csv.tmp-" + std::to_string(::getpid())));
    output::StagedFile file(dir / "out.csv", {});
    file.stream() << "answer";
    file.commit();
    EXPECT_EQ(read(dir / "victim"), "victim");
    EXPECT_EQ(read(dir / "out.csv"), "answer");
}

TEST(Publish, StaleStagingOfDeadProcessIsSwept) {
    const auto dir = fresh_dir("sweep");
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    int status = 0;
    ::waitpid(child, &status, 0);
    const auto dead = std::to_string(child);
    fs::create_directory(dir / (".depomap-" + dead + "-abcdef"));
    write(dir / (".depomap-" + dead + "-abcdef") / "half.gpkg", "half");
    write(dir / (".depomap-" + dead + "-ghijkl"), "half");
    write(dir / (".depomap-" + std::to_string(::getppid()) + "-mnopqr"), "alive"); // a live pid
    write(dir / ".depomap-notapid", "other");
    output::sweep_stale(dir);
    EXPECT_FALSE(fs::exists(dir / (".depomap-" + dead + "-abcdef")));
    EXPECT_FALSE(fs::exists(dir / (".depomap-" + dead + "-ghijkl")));
    EXPECT_TRUE(fs::exists(dir / (".depomap-" + std::to_string(::getppid()) + "-mnopqr")));
    EXPECT_TRUE(fs::exists(dir / ".depomap-notapid"));
}

TEST(Publish, StagingDirIsPrivateAndRemoved) {
    const auto dir = fresh_dir("staging");
    fs::path staged;
    {
        output::StagingDir staging(dir);
        staged = staging.dir();
        struct stat st {};
        ASSERT_EQ(::stat(staged.c_str(), &st), 0);
        EXPECT_EQ(st.st_mode & 0777, 0700u);
        write(staged / "x.shp", "x");
    }
    EXPECT_FALSE(fs::exists(staged));
}

TEST(Publish, PathWithNewlineStaysOneLine) {
    const auto dir = fresh_dir("newline");
    const auto message = message_of([&] { output::StagedFile file(dir / "no\nsuch" / "out.csv", {}); });
    EXPECT_NE(message.find("no\\x0asuch"), std::string::npos) << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
}
