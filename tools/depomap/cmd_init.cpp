#include "command.hpp"

#include "depomap/atlas.hpp"
#include "depomap/error.hpp"
#include "depomap/store.hpp"
#include "output/publish.hpp"

#include <filesystem>
#include <ostream>

namespace depomap::cli {
namespace {

namespace fs = std::filesystem;

class InitCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        wait_.add_option(app);
        app.add_flag("--atlas", atlas_, "load the shipped rare-earth atlas and its QGIS styles");
        add_overwrite_option(app, overwrite_);
    }

    int run(Context &ctx) override {
        const fs::path target(db_);
        // A store is a file SQLite seeks in: never a device or FIFO.
        const output::Rules rules{overwrite_, nullptr};
        output::check_target(target, rules, false, "a store");
        // Built in a private staging folder beside the target and published at the end: a
        // failed or killed init leaves the old store (or nothing) behind, never half a store.
        output::StagingDir staging(output::StagingDir::parent_for(target, output::TargetKind::regular));
        const fs::path temp = staging.dir() / target.filename();
        {
            auto store = Store::create(temp.string());
            if (atlas_) {
                Progress progress(ctx);
                const auto loaded = load_atlas(store, atlas_dir(), progress.callback());
                progress.done();
                const int styles = store_layer_styles(store, styles_dir());
                if (!ctx.quiet) {
                    for (const auto &l : loaded) {
                        ctx.err << "loaded " << l.features << " " << l.layer << " from "
                                << fs::path(l.file).filename().string() << "\n";
                    }
                    ctx.err << "stored " << styles << " QGIS styles in layer_styles\n";
                }
            }
            store.close();
        }
        // The old store's write lock while it is replaced: a load in progress finishes first,
        // one waiting for the lock then finds the store replaced and writes nothing.
        const auto waiting = wait_.apply(ctx);
        const store::WriteLock lock(db_);
        // The old store's journal files would be taken for the new store's.
        if (overwrite_) {
            std::error_code ignored;
            for (const char *suffix : {"-wal", "-shm", "-journal"}) fs::remove(target.string() + suffix, ignored);
        }
        output::publish(temp, target, rules);
        if (!ctx.quiet) ctx.err << "created " << db_ << "\n";
        return 0;
    }

  private:
    std::string db_;
    bool atlas_ = false;
    bool overwrite_ = false;
    StoreWait wait_;
};

} // namespace

std::unique_ptr<Command> make_init() { return std::make_unique<InitCommand>(); }

} // namespace depomap::cli
