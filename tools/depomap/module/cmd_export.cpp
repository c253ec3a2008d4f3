#include "command.hpp"

#include "depomap/error.hpp"
#include "depomap/export.hpp"
#include "depomap/schema.hpp"
#include "depomap/store.hpp"

#include <ostream>
#include <string_view>

namespace depomap::cli {
namespace {

class ExportCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        add_driver_format_option(app, options_.format);
        app.add_option("-o,--output", output_,
                       "output file; a folder (one file per layer) for several layers in a single-layer format; "
                       "- for standard output (one layer, -f needed)")
            ->required()
            ->option_text("PATH");
        app.add_option("--layer", options_.layers,
                       "store layer to export (repeatable; default: every spatial layer, and country_stats "
                       "for GPKG, SQLite, CSV and GeoJSON)")
            ->option_text("L");
        add_target_srs_option(app, t_srs_);
        add_store_where_option(app, where_);
        add_no_style_option(app, no_style_);
        add_precision_option(app, options_.precision);
        add_overwrite_option(app, options_.overwrite);
        app.add_flag("--no-extra", no_extra_, "leave out the `extra` JSON column");
        app.add_flag("--no-split-text", no_split_text_,
                     "Shapefile: refuse text over 254 bytes (by default it is split into continuation "
                     "fields, notes, notes_2, ..., listed in <layer>.fieldmap.csv)");
        // The default since text is split unless --no-split-text; kept for scripts that name it.
        app.add_flag("--split-text", split_text_)->group("");
    }

    int run(Context &ctx) override {
        // `-o -`: standard output, for a format that can be a stream (GeoJSON, CSV, KML, ...).
        if (output_ == "-") options_.stream = &ctx.out;
        else options_.output = output_;
        options_.style = !no_style_;
        options_.extra = !no_extra_;
        if (no_split_text_ && split_text_) throw UsageError("--split-text and --no-split-text exclude each other");
        options_.split_text = !no_split_text_;
        if (!t_srs_.empty()) options_.target_srs = t_srs_;
        if (!where_.empty()) options_.where = where_;
        // Usage first (format, layers), then the store: a typo never waits on a big file.
        if (!options_.format.empty()) (void)resolve_format(options_.format);
        for (const auto &layer : options_.layers) {
            if (!schema::find_layer(layer)) throw no_such_layer("--layer", layer, schema::layer_names());
        }
        auto store = Store::open(db_, Store::Access::read_only);
        Progress progress(ctx);
        options_.progress = progress.callback();
        const auto report = [&] {
            try {
                return export_layers(store, options_);
            } catch (const UsageError &) {
                throw;
            } catch (const Error &e) {
                // Every layer by default: a filter on a column some layers lack needs --layer.
                const bool where_refused = std::string_view(e.what()).starts_with(option_ref("where") + ": layer ");
                if (!options_.layers.empty() || !where_refused) throw;
                throw Error(std::string(e.what()) + "; every layer is exported unless --layer names some: "
                                 "give --layer for each layer to filter (e.g. --layer deposits)");
            }
        }();
        progress.done();
        if (!ctx.quiet) {
            for (const auto &layer : report.layers) {
                ctx.err << "exported " << layer.features << " features of " << layer.layer << " to "
                        << layer.path.string() << " (" << report.driver << ")\n";
            }
            for (const auto &note : report.notes) ctx.err << "note: " << with_flags(note) << "\n";
        }
        return 0;
    }

  private:
    std::string db_, output_, t_srs_, where_;
    bool no_style_ = false, no_extra_ = false, no_split_text_ = false, split_text_ = false;
    ExportOptions options_;
};

} // namespace

std::unique_ptr<Command> make_export() { return std::make_unique<ExportCommand>(); }

} // namespace depomap::cli
