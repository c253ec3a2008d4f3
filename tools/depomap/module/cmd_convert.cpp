#include "command.hpp"

#include "depomap/convert.hpp"
#include "depomap/error.hpp"
#include "depomap/export.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <ostream>

namespace depomap::cli {
namespace {

/// One summary line: "ok      a.shp: 5000 in, 5000 out -> out/a.gpkg" / "failed  b.csv: why".
std::string summary_line(const SourceSummary &s) {
    std::string line(status_name(s.status));
    line.resize(10, ' ');
    line += s.source;
    if (s.status == SourceSummary::Status::ok) {
        line += ": " + std::to_string(s.features_in) + " in, " + std::to_string(s.features_out) + " out";
        std::string outputs;
        for (const auto &o : s.outputs) outputs += (outputs.empty() ? "" : ", ") + o.string();
        if (!outputs.empty()) line += " -> " + outputs;
    } else {
        line += ": " + with_flags(s.reason);
    }
    for (const auto &note : s.notes) line += "; " + with_flags(note);
    return line;
}

/// This command line again, as a worker: the program, the same arguments (so the same options),
/// and `--worker 3` after the verb.
std::vector<std::string> worker_command(const Context &ctx) {
    std::vector<std::string> command{ctx.program};
    command.insert(command.end(), ctx.args.begin(), ctx.args.end());
    const auto verb = std::find(command.begin() + 1, command.end(), std::string(ctx.verb));
    command.insert(verb + (verb == command.end() ? 0 : 1), {"--worker", std::to_string(convert_worker_fd)});
    return command;
}

class ConvertCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        app.add_option("sources", options_.sources,
                       "files, folders (recursed) and glob patterns; every vector layer of each")
            ->required()
            ->option_text("SOURCE...");
        add_driver_format_option(app, options_.format)->required();
        app.add_option("-o,--output", output_, "output folder (made when missing); one file per layer")
            ->required()
            ->option_text("DIR");
        add_target_srs_option(app, t_srs_);
        add_source_srs_option(app, s_srs_);
        app.add_option("-j,--jobs", jobs_, "sources converted at once (default: the number of cores)")
            ->option_text("N")
            ->check(CLI::PositiveNumber);
        app.add_flag("--keep-going", options_.keep_going,
                     "convert every source even when some fail (exit 1 if any did)");
        add_overwrite_option(app, options_.overwrite);
        app.add_option("--layer-name-template", options_.layer_name_template,
                       "output name from {source}, {layer}, {dir}, {index} (default: {source} for a "
                       "one-layer source, {source}_{layer} otherwise)")
            ->option_text("T");
        app.add_flag("--make-valid", options_.make_valid, "repair invalid geometries instead of failing");
        add_skip_invalid_option(app, options_.skip_invalid);
        add_rejects_option(app, rejects_);
        add_ogr_where_option(app, where_);
        add_precision_option(app, options_.precision);
        csv_geometry_.add(app);
        add_no_style_option(app, no_style_);
        // Internal, not in the help: the worker process a convert starts for its sources
        // (convert_in_worker in src/gdal/io/convert.cpp), with its socket to the parent on this fd.
        app.add_option("--worker", worker_fd_)->group("");
    }

    int run(Context &ctx) override {
        options_.output_dir = output_;
        options_.jobs = static_cast<unsigned>(jobs_);
        options_.styles = !no_style_;
        options_.rejects_csv = rejects_;
        options_.wording = with_flags;
        if (!t_srs_.empty()) options_.target_srs = t_srs_;
        if (!s_srs_.empty()) options_.source_srs = s_srs_;
        if (!where_.empty()) options_.where = where_;
        csv_geometry_.apply(options_);
        if (worker_fd_ >= 0) {
            struct stat st {};
            if (::fstat(worker_fd_, &st) != 0 || !S_ISSOCK(st.st_mode)) {
                throw UsageError("--worker is for depomap's own worker processes");
            }
            return serve_convert_worker(options_, worker_fd_);
        }
        if (ctx.program) options_.worker_command = worker_command(ctx);
        // A line per source as it ends on a terminal; otherwise the summary at the end only.
        const bool live = ctx.terminal && !ctx.quiet;
        const auto on_source = [&](const SourceSummary &s, std::size_t done, std::size_t total) {
            if (!live) return;
            ctx.err << "[" << done << "/" << total << "] " << summary_line(s) << "\n";
            ctx.err.flush();
        };
        const auto report = convert(options_, on_source);
        std::size_t ok = 0, failed = 0;
        std::int64_t features = 0;
        for (const auto &s : report.sources) {
            const bool bad = s.status == SourceSummary::Status::failed;
            if (s.status == SourceSummary::Status::ok) ++ok;
            if (bad) ++failed;
            features += s.features_out;
            // Failures are errors and shown even with -q; the rest is the summary.
            if (!live && (bad || !ctx.quiet)) ctx.err << summary_line(s) << "\n";
        }
        if (!ctx.quiet) {
            ctx.err << "converted " << ok << " of " << report.sources.size() << " source(s), " << features
                    << " feature(s), to " << output_;
            if (failed) ctx.err << "; " << failed << " failed";
            std::size_t rejected = 0;
            for (const auto &s : report.sources) {
                if (s.status == SourceSummary::Status::ok) rejected += s.rejects.size();
            }
            if (rejected) {
                ctx.err << "; " << rejected << " feature(s) left out";
                if (!rejects_.empty()) ctx.err << " (see " << rejects_ << ")";
            }
            if (report.stopped) ctx.err << " (stopped at the first failure; --keep-going converts the rest)";
            ctx.err << "; report: " << report.report_csv.string() << "\n";
        }
        return report.any_failed() ? 1 : 0;
    }

  private:
    std::string output_, t_srs_, s_srs_, where_, rejects_;
    CsvGeometryOptions csv_geometry_;
    int jobs_ = 0;
    int worker_fd_ = -1;
    bool no_style_ = false;
    ConvertOptions options_;
};

} // namespace

std::unique_ptr<Command> make_convert() { return std::make_unique<ConvertCommand>(); }

} // namespace depomap::cli
