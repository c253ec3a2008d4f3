#pragma once
// What the store-level fuzz targets share: a scratch folder of their own (never the committed
// corpus, never the working tree), one in-memory store per process, and the store's invariants.
#include "depomap/error.hpp"
#include "depomap/sqlite.hpp"
#include "depomap/store.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <cerrno>
#include <csignal>
#include <unistd.h>

namespace depomap::fuzz {

[[noreturn]] inline void broken(const char *target, const std::string &what) {
    std::fprintf(stderr, "%s: %s\n", target, what.c_str());
    std::abort();
}

/// A folder for this process only, under /dev/shm when there is one (no disk writes), removed
/// at exit.
inline const std::filesystem::path &scratch_dir() {
    static const std::filesystem::path dir = [] {
        namespace fs = std::filesystem;
        const fs::path base = fs::is_directory("/dev/shm") ? fs::path("/dev/shm") : fs::temp_directory_path();
        // A target that crashed could not remove its folder: remove those of dead processes.
        std::error_code ec;
        for (const auto &entry : fs::directory_iterator(base, ec)) {
            const std::string name = entry.path().filename().string();
            if (name.starts_with("depomap-fuzz-") &&
                kill(std::atoi(name.c_str() + 13), 0) != 0 && errno == ESRCH) {
                fs::remove_all(entry.path(), ec);
            }
        }
        fs::path d = base / ("depomap-fuzz-" + std::to_string(getpid()));
        fs::remove_all(d);
        fs::create_directories(d);
        static const struct Cleanup {
            fs::path path;
            ~Cleanup() {
                std::error_code ignored;
                fs::remove_all(path, ignored);
            }
        } cleanup{d};
        return d;
    }();
    return dir;
}

inline void write_file(const std::filesystem::path &path, std::string_view bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out)
        broken("fuzz", "cannot write " + path.string());
}

/// One empty in-memory store for the whole process: making the SpatiaLite metadata takes far
/// longer than a load, so each input loads into it and `reset` empties the layer again.
class FuzzStore {
  public:
    explicit FuzzStore(const char *target) : target_(target), store_(Store::create(":memory:")) {}

    Store &store() { return store_; }

    std::int64_t rows(std::string_view layer) {
        return int_of("SELECT count(*) FROM " + sql::quote_identifier(layer));
    }
    std::int64_t index_entries(std::string_view layer) {
        return int_of("SELECT count(*) FROM " +
                      sql::quote_identifier("idx_" + std::string(layer) + "_geom"));
    }
    /// The layer's SpatiaLite triggers and its unique id index: a load drops them while it
    /// writes and must restore them, whatever happens.
    std::int64_t schema_objects(std::string_view layer) {
        return int_of("SELECT count(*) FROM sqlite_master WHERE tbl_name = '" + std::string(layer) +
                      "' AND type IN ('trigger', 'index')");
    }

    /// The layer holds exactly `expected` rows, each with its R*Tree entry, and its triggers and
    /// indexes are all there.
    void expect_layer(std::string_view layer, std::int64_t expected, std::int64_t objects,
                      bool spatial) {
        const auto n = rows(layer);
        if (n != expected) {
            broken(target_, std::string(layer) + " holds " + std::to_string(n) + " rows, " +
                                std::to_string(expected) + " expected");
        }
        if (spatial && index_entries(layer) != n) {
            broken(target_, std::string(layer) + ": R*Tree holds " +
                                std::to_string(index_entries(layer)) + " entries for " +
                                std::to_string(n) + " rows");
        }
        if (schema_objects(layer) != objects)
            broken(target_, std::string(layer) + ": triggers or indexes lost");
    }

    /// Empties `layer` again (its triggers keep the R*Tree in step).
    void reset(std::string_view layer) {
        store_.db().exec("DELETE FROM " + sql::quote_identifier(layer));
    }

  private:
    std::int64_t int_of(const std::string &sql) {
        const auto value = store_.db().scalar_int(sql);
        if (!value)
            broken(target_, "no answer to " + sql);
        return *value;
    }

    const char *target_;
    Store store_;
};

/// A message a user sees: present, and on one line.
inline void expect_one_line(const char *target, std::string_view message) {
    if (message.empty() || message.find('\n') != std::string_view::npos ||
        message.find('\r') != std::string_view::npos) {
        broken(target, "error message is not one line: '" + std::string(message) + "'");
    }
}

} // namespace depomap::fuzz
