// The command line (depomap::cli::run, tools/depomap/): the input is split at newlines into
// argv words and run in-process against a small store.
//
// Containment: every run happens in a scratch folder of this process (under /dev/shm), made
// afresh for each input from a template (a store `s.sqlite` with a few deposits, a GeoJSON and
// a DMS CSV to load or convert), and it is the working directory. Inputs with a word that could
// name anything outside it are refused before they run: any '/' (absolute paths, GDAL's /vsi
// files), any "..", any "~"; $DEPOMAP_DB is unset, so the default store is ./depomap.sqlite in
// the scratch folder. Writing SQL functions (SpatiaLite's BlobToFile and friends) stay disabled
// because SPATIALITE_SECURITY is unset. `--debug` (lets exceptions through by design) and
// `init --atlas` (seconds of loading the shipped atlas, nothing about argument parsing) are
// refused too. Export formats are a fixed table of file formats, so no word reaches a database
// server.
//
// What must hold: the exit code is 0, 1 or 2; a failure says why on stderr, a run failure (1)
// as one last line "depomap <verb>: reason" (convert: a "failed  SOURCE: reason" line per failed
// source); a failed run leaves the store byte for byte as it
// was.
#include "fuzz_support.hpp"

#include "depomap/cli.hpp"
#include "depomap/load.hpp"

#include <cpl_error.h>

#include <algorithm>
#include <sstream>
#include <vector>

namespace {

constexpr const char *target = "cli_fuzz";

namespace fs = std::filesystem;
using depomap::fuzz::broken;

fs::path template_dir() { return depomap::fuzz::scratch_dir() / "template"; }
fs::path run_dir() { return depomap::fuzz::scratch_dir() / "run"; }

std::string read_file(const fs::path &path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::string &template_store_bytes() {
    static const std::string bytes = read_file(template_dir() / "s.sqlite");
    return bytes;
}

void make_template() {
    const fs::path data = fs::path(DEPOMAP_SOURCE_DIR) / "tests" / "data";
    fs::create_directories(template_dir());
    fs::copy_file(data / "deposits.geojson", template_dir() / "d.geojson");
    fs::copy_file(data / "deposits_dms.csv", template_dir() / "d.csv");
    {
        auto store = depomap::Store::create((template_dir() / "s.sqlite").string());
        depomap::LoadOptions options;
        depomap::load(store, {(template_dir() / "d.geojson").string()}, options);
        store.db().exec("PRAGMA wal_checkpoint(TRUNCATE)");
        store.db().exec("PRAGMA journal_mode=DELETE");
        store.close();
    }
    template_store_bytes();
}

/// The run folder as the template has it, and nothing else.
void fresh_run_dir() {
    fs::remove_all(run_dir());
    fs::copy(template_dir(), run_dir());
}

struct InFolder {
    explicit InFolder(const fs::path &dir) : previous(fs::current_path()) { fs::current_path(dir); }
    ~InFolder() { fs::current_path(previous); }
    InFolder(const InFolder &) = delete;
    InFolder &operator=(const InFolder &) = delete;
    fs::path previous;
};

bool contained(const std::string &word) {
    return word.find('/') == std::string::npos && word.find("..") == std::string::npos &&
           word.find('~') == std::string::npos && word != "--debug" && word != "--atlas";
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    CPLSetErrorHandler(CPLQuietErrorHandler);
    unsetenv("DEPOMAP_DB");
    unsetenv("SPATIALITE_SECURITY");
    make_template();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    std::vector<std::string> args;
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    for (std::size_t start = 0; start <= input.size();) {
        const auto end = std::min(input.find('\n', start), input.size());
        args.emplace_back(input.substr(start, end - start));
        if (!contained(args.back()))
            return -1; // refused: see the containment rules above; not kept in the corpus
        start = end + 1;
    }
    if (args.size() > 64)
        return -1;

    fresh_run_dir();
    std::ostringstream out, err;
    int code = 0;
    {
        // Only while the command runs: libFuzzer resolves its corpus and artifact paths, given
        // relative, against the folder it was started in.
        const InFolder in_run_dir(run_dir());
        code = depomap::cli::run(args, out, err);
    }
    const std::string message = err.str();
    if (code < 0 || code > 2)
        broken(target, "exit code " + std::to_string(code));
    if (code != 0 && message.empty())
        broken(target, "failed (exit " + std::to_string(code) + ") without a message");
    if (code == 1) {
        if (message.back() != '\n')
            broken(target, "the error message does not end its line");
        const auto start = message.rfind('\n', message.size() - 2);
        const std::string last = message.substr(start == std::string::npos ? 0 : start + 1);
        // convert reports a batch: a "failed  SOURCE: reason" line per failed source.
        const bool batch = std::ranges::find(args, "convert") != args.end() &&
                           (message.starts_with("failed  ") || message.find("\nfailed  ") != std::string::npos);
        if (!batch && (!last.starts_with("depomap ") || last.find(": ") == std::string::npos))
            broken(target, "the error's last line is not 'depomap <verb>: reason': " + message);
    }
    if (code != 0 && read_file(run_dir() / "s.sqlite") != template_store_bytes())
        broken(target, "a failed run changed the store");
    return 0;
}
