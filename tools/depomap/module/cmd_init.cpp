#include "command.hpp"

#include "depomap/atlas.hpp"
#include "depomap/error.hpp"
#include "depomap/store.hpp"

#include <filesystem>
#include <ostream>

namespace depomap::cli {
namespace {

namespace fs = std::filesystem;

/// The shipped atlas and its QGIS styles into `store`, saying what was loaded.
void fill_with_atlas(Context &ctx, Store &store) {
    Progress progress(ctx);
    const auto loaded = load_atlas(store, atlas_dir(), progress.callback());
    progress.done();
    const int styles = store_layer_styles(store, styles_dir());
    if (ctx.quiet) return;
    for (const auto &l : loaded) {
        ctx.err << "loaded " << l.features << " " << l.layer << " from "
                << fs::path(l.file).filename().string() << "\n";
    }
    ctx.err << "stored " << styles << " QGIS styles in layer_styles\n";
}

class InitCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        wait_.add_option(app);
        app.add_flag("--atlas", atlas_, "load the shipped rare-earth atlas and its QGIS styles");
        add_overwrite_option(app, overwrite_);
    }

    int run(Context &ctx) override {
        CreateOptions options;
        options.overwrite = overwrite_;
        if (atlas_) options.fill = [&ctx](Store &store) { fill_with_atlas(ctx, store); };
        // How long the old store's write lock is waited for while it is replaced.
        const auto waiting = wait_.apply(ctx);
        Store::create_atomically(db_, options);
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
