// Store::create_atomically: a new store is staged beside its path and published whole.
#include "depomap/store.hpp"

#include "output/publish.hpp"

#include <filesystem>
#include <string>
#include <system_error>

namespace depomap {

namespace fs = std::filesystem;

void Store::create_atomically(const std::string &path, const CreateOptions &options) {
    const fs::path target(path);
    // A store is a file SQLite seeks in: never a device or FIFO.
    const output::Rules rules{options.overwrite, nullptr};
    output::check_target(target, rules, false, "a store");
    // Built in a private staging folder beside the target and published at the end: a
    // failed or killed creation leaves the old store (or nothing) behind, never half a store.
    output::StagingDir staging(output::StagingDir::parent_for(target, output::TargetKind::regular));
    const fs::path temp = staging.dir() / target.filename();
    {
        auto store = Store::create(temp.string());
        if (options.fill) options.fill(store);
        store.close();
    }
    // The old store's write lock while it is replaced: a load in progress finishes first,
    // one waiting for the lock then finds the store replaced and writes nothing.
    const store::WriteLock lock(path);
    // The old store's journal files would be taken for the new store's.
    if (options.overwrite) {
        std::error_code ignored;
        for (const char *suffix : {"-wal", "-shm", "-journal"}) fs::remove(target.string() + suffix, ignored);
    }
    output::publish(temp, target, rules);
}

} // namespace depomap
