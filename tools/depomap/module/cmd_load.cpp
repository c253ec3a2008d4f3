#include "command.hpp"

#include "depomap/error.hpp"
#include "depomap/load.hpp"
#include "depomap/query.hpp"
#include "depomap/store.hpp"
#include "output/publish.hpp"
#include "util/crash_note.hpp"

#include <memory>
#include <ostream>

namespace depomap::cli {
namespace {

class LoadCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        wait_.add_option(app);
        app.add_option("sources", sources_,
                       "files to load (GeoJSON, CSV, Shapefile, GPKG, KML, ...; FILE.zip, FILE.gz, "
                       "/vsizip/..., http(s):// URLs; FILE|layername=L: its layer L only)")
            ->required()
            ->option_text("SOURCE...");
        app.add_option("--layer", options_.layer,
                       "the store layer to load into: deposits, processing_sites, reserve_areas, "
                       "admin_regions, country_stats (a layer of the sources: --source-layer)")
            ->capture_default_str();
        app.add_option("--source-layer", options_.source_layers,
                       "read only this layer of each source (repeatable; default: every layer)")
            ->option_text("NAME");
        app.add_option("--map", maps_, "schema column DST takes source field SRC (repeatable)")
            ->option_text("DST=SRC");
        csv_geometry_.add(app);
        add_source_srs_option(app, s_srs_);
        app.add_flag("--assign-country", options_.assign_country,
                     "fill an empty country_iso3 from the location by the store's admin regions; "
                     "report codes the location contradicts");
        app.add_flag("--strict-country", options_.strict_country,
                     "reject a feature whose country name is unknown or (with --assign-country) whose "
                     "code the location contradicts, instead of a warning");
        add_skip_invalid_option(app, options_.skip_invalid);
        add_rejects_option(app, rejects_);
        add_overwrite_option(app, overwrite_);
    }

    int run(Context &ctx) override {
        for (const auto &m : maps_) options_.field_map.push_back(parse_field_mapping(m));
        csv_geometry_.apply(options_);
        if (!s_srs_.empty()) options_.source_srs = s_srs_;
        if (!rejects_.empty() && !options_.skip_invalid) {
            throw UsageError("--rejects needs --skip-invalid (without it the first bad feature stops the load)");
        }
        // A reader that crashes (a segfault in a GDAL driver) says which file it was reading.
        util::install_crash_note();
        const auto waiting = wait_.apply(ctx);
        // The rejects file is staged before the load: one that cannot be written (no such
        // folder, the store, an input, an existing file without --overwrite) fails the command
        // before the store changes. It is published after the commit.
        output::Protected keep;
        keep.add_store(db_);
        for (const auto &s : sources_) {
            if (auto file = query::source_file(s); !file.empty()) keep.add(file, "an input");
        }
        std::unique_ptr<output::StagedFile> rejects;
        if (!rejects_.empty()) rejects = std::make_unique<output::StagedFile>(rejects_, output::Rules{overwrite_, &keep});
        auto store = Store::open(db_, Store::Access::read_write);
        Progress progress(ctx);
        options_.progress = progress.callback();
        // The library names its options by their fields; the user reads their flags.
        if (!ctx.quiet) options_.note = [&ctx](const std::string &line) { ctx.err << with_flags(line) << "\n"; };
        // The rejects are written out before the store commits: a disk that cannot take them
        // fails the load with the store unchanged. Only the rename is left for after.
        if (rejects) {
            options_.before_commit = [&rejects](const std::vector<Reject> &all) {
                write_rejects_csv(rejects->stream(), all, with_flags);
                rejects->flush();
            };
        }
        const auto report = load(store, sources_, options_);
        progress.done();
        store.close();
        if (rejects) rejects->commit();
        if (!ctx.quiet) {
            ctx.err << "loaded " << report.inserted << " of " << report.read << " features into "
                    << options_.layer;
            if (!report.rejects.empty()) {
                ctx.err << "; " << report.rejects.size() << " rejected";
                if (!rejects_.empty()) ctx.err << " (see " << rejects_ << ")";
            }
            ctx.err << "\n";
            if (rejects_.empty()) {
                constexpr std::size_t shown = 10;
                for (std::size_t i = 0; i < report.rejects.size() && i < shown; ++i) {
                    const auto &r = report.rejects[i];
                    ctx.err << "  " << r.source << ": feature " << r.index << ": " << with_flags(r.reason) << "\n";
                }
                if (report.rejects.size() > shown) {
                    ctx.err << "  ... and " << report.rejects.size() - shown
                            << " more (use --rejects FILE to keep them all)\n";
                }
            }
        }
        return 0;
    }

  private:
    std::string db_;
    std::vector<std::string> sources_;
    std::vector<std::string> maps_;
    std::string s_srs_, rejects_;
    CsvGeometryOptions csv_geometry_;
    bool overwrite_ = false;
    LoadOptions options_;
    StoreWait wait_;
};

} // namespace

std::unique_ptr<Command> make_load() { return std::make_unique<LoadCommand>(); }

} // namespace depomap::cli
