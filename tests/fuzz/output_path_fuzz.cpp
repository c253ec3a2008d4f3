// `-o PATH` through the one publish routine (src/output/publish.cpp): for any path inside a
// scratch folder that holds a store, links to it (symbolic and hard), an input, an existing file,
// a link to that file, a dangling link and a folder, writing either publishes or fails with a
// one-line Error, and never: changes the store or the input, replaces an existing file without
// --overwrite, replaces a link by a file, or leaves a staged `.depomap-*` file behind.
#include "depomap/error.hpp"
#include "output/publish.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace fs = std::filesystem;

namespace {

[[noreturn]] void broken(const char *what, const std::string &detail) {
    std::fprintf(stderr, "output_path_fuzz: %s: %s\n", what, detail.c_str());
    std::abort();
}

std::string read(const fs::path &p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

void write(const fs::path &p, const std::string &text) { std::ofstream(p, std::ios::binary) << text; }

/// A fresh scratch folder with the same layout for every input.
fs::path setup() {
    static const fs::path root = fs::temp_directory_path() / ("output_path_fuzz-" + std::to_string(::getpid()));
    std::error_code ec;
    fs::remove_all(root, ec);
    fs::create_directories(root / "dir");
    write(root / "store.sqlite", "store");
    write(root / "input.csv", "input");
    write(root / "old.csv", "old");
    fs::create_symlink("store.sqlite", root / "store-link");
    fs::create_hard_link(root / "store.sqlite", root / "store-hard");
    fs::create_symlink("old.csv", root / "old-link");
    fs::create_symlink("nowhere", root / "dangling");
    fs::create_symlink("..", root / "dir" / "up"); // stays inside: root/dir/up is root
    return root;
}

/// The input as a relative path below the scratch folder: no NUL, no `..`, not absolute.
bool relative_path(const std::string &text, fs::path &out) {
    if (text.empty() || text.front() == '/' || text.find('\0') != std::string::npos) return false;
    out = fs::path(text);
    for (const auto &part : out) {
        if (part == "..") return false;
    }
    return true;
}

/// No `.depomap-*` entry but the output itself (a user may name an output so).
void check_no_litter(const fs::path &dir, const fs::path &output) {
    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator();
         it.increment(ec)) {
        std::error_code same;
        if (!it->path().filename().string().starts_with(".depomap-") || fs::equivalent(it->path(), output, same)) {
            continue;
        }
        broken("staging left", it->path().string());
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    if (size < 1) return 0;
    const bool overwrite = data[0] & 1;
    fs::path relative;
    if (!relative_path(std::string(reinterpret_cast<const char *>(data) + 1, size - 1), relative)) return 0;
    const auto root = setup();
    depomap::output::Protected keep;
    keep.add_store(root / "store.sqlite");
    keep.add(root / "input.csv", "an input");
    try {
        depomap::output::StagedFile file(root / relative, depomap::output::Rules{overwrite, &keep});
        file.stream() << "answer";
        file.commit();
    } catch (const depomap::Error &e) {
        const std::string message = e.what();
        if (message.empty() || message.find('\n') != std::string::npos) broken("message is not one line", message);
    }
    if (read(root / "store.sqlite") != "store") broken("the store changed", relative.string());
    if (read(root / "input.csv") != "input") broken("the input changed", relative.string());
    if (!overwrite && read(root / "old.csv") != "old") broken("replaced without --overwrite", relative.string());
    for (const char *link : {"store-link", "old-link", "dangling"}) {
        if (!fs::is_symlink(root / link)) broken("a link was replaced", relative.string());
    }
    check_no_litter(root, root / relative);
    return 0;
}
