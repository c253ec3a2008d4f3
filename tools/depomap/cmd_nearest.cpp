#include "command.hpp"
#include "output.hpp"

#include "output/nearest_answer.hpp"

#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "depomap/store.hpp"
#include "depomap/table.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <iostream>
#include <memory>
#include <optional>
#include <ostream>

namespace depomap::cli {
namespace {

/// Standard output when it is a regular file that this process extends from its end
/// (`> out.csv`): what went into it can be taken back, as from -o FILE, by cutting the file where
/// it stood. Not when it appends (`>>`: others may write there too), when it would write over
/// bytes already there (`1<>FILE`), or when standard error goes to the same file (its messages
/// would be cut as well); nor for a pipe, a terminal, or a stream that is not std::cout.
class StdoutFile {
  public:
    explicit StdoutFile(std::ostream &out) : out_(out) {
        if (&out != &std::cout || !out.flush()) return;
        struct stat file {};
        struct stat err {};
        if (::fstat(STDOUT_FILENO, &file) != 0 || !S_ISREG(file.st_mode)) return;
        if (::fstat(STDERR_FILENO, &err) == 0 && err.st_dev == file.st_dev && err.st_ino == file.st_ino) return;
        const int flags = ::fcntl(STDOUT_FILENO, F_GETFL);
        if (flags < 0 || (flags & O_APPEND) != 0) return;
        if (const off_t at = ::lseek(STDOUT_FILENO, 0, SEEK_CUR); at == file.st_size) start_ = at;
    }
    bool can_rewind() const { return start_.has_value(); }
    /// Forgets everything written since the start.
    void rewind() {
        out_.flush();
        if (!out_ || ::ftruncate(STDOUT_FILENO, *start_) != 0 || ::lseek(STDOUT_FILENO, *start_, SEEK_SET) != *start_) {
            throw Error("standard output: writing failed (cannot take back what was written)");
        }
    }

  private:
    std::ostream &out_;
    std::optional<off_t> start_;
};

class NearestCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        app.add_option("--from", options_.from,
                       "layer to start from: a store layer, or any GDAL source (FILE, FILE|layername=L, .zip, "
                       ".gz, /vsizip/..., http(s)://...) read in place")
            ->capture_default_str();
        app.add_option("--to", options_.to, "layer to look in: a store layer or any GDAL source")->capture_default_str();
        app.add_option("-k", k_, "how many nearest per feature")->capture_default_str();
        app.add_option("--max-km", max_km_, "only pairs at most this far apart (km)");
        add_store_where_option(app, where_);
        app.add_option("--to-where", to_where_, "SQL filter on --to (e.g. \"stage = 'separation'\")");
        add_answer_format_option(app, format_, AnswerLayers::links);
        output_.add(app);
        app.add_option("-j,--threads", options_.threads, "threads (default: every core)");
        add_bearing_option(app, bearing_);
    }

    int run(Context &ctx) override {
        if (!is_layer_format(format_) && format_ != "table" && format_ != "csv" && format_ != "json") {
            throw UsageError("-f '" + format_ + "': unknown format (table, csv, json, geojson, gpkg, shp, fgb, kml)");
        }
        if (k_ < 1) throw UsageError("-k must be at least 1");
        options_.k = static_cast<std::size_t>(k_);
        if (max_km_) options_.max_m = *max_km_ * 1000.0;
        if (!where_.empty()) options_.where = where_;
        if (!to_where_.empty()) options_.to_where = to_where_;
        auto store = Store::open(db_, Store::Access::read_only);
        const auto inputs = source_inputs({options_.from, options_.to});
        bool no_to = false;
        if (format_ == "csv") {
            // Streamed: rows are written while later ones are still being searched.
            Output output(ctx.out, output_, db_, inputs);
            output::NearestCsvWriter csv(output.stream(), options_.threads, bearing_);
            const query::NearestSink sink = [&](const query::NearestBlock &b) {
                no_to = b.to.empty();
                csv(b);
            };
            StdoutFile stdout_file(output.stream());
            if (output.can_rewind() || stdout_file.can_rewind()) {
                // A file can take back what it got: no need to make sure first that the rows
                // will come in order.
                query::nearest_each(store, options_, sink, [&] {
                    csv.restart();
                    if (output.can_rewind()) output.rewind();
                    else stdout_file.rewind();
                });
            } else {
                query::nearest_each(store, options_, sink);
            }
            csv.finish();
            output.close();
        } else if (is_layer_format(format_)) {
            // Before the query, so that a missing -o costs no search.
            if (format_ != "geojson") output_.require_file(format_);
            // Streamed through export's one output path, to -o FILE or (GeoJSON) standard output.
            output::NearestLinks rows(store, options_, bearing_);
            write_answer_layer(rows.layer(), format_, output_, db_, inputs, &ctx.out);
            no_to = rows.no_to();
        } else {
            const auto result = query::nearest(store, options_);
            no_to = result.to.empty();
            Output output(ctx.out, output_, db_, inputs);
            write_table(output.stream(), output::nearest_table(result, bearing_), parse_table_format(format_));
            output.close();
        }
        return finish(ctx, no_to);
    }

  private:
    int finish(Context &ctx, bool no_to) const {
        if (!ctx.quiet && no_to) {
            ctx.err << "note: layer " << options_.to << " has no feature to measure to\n";
        }
        return 0;
    }

    std::string db_, format_ = "table", where_, to_where_;
    OutputOption output_;
    std::optional<double> max_km_;
    long long k_ = 1;
    bool bearing_ = false;
    query::NearestOptions options_;
};

} // namespace

std::unique_ptr<Command> make_nearest() { return std::make_unique<NearestCommand>(); }

} // namespace depomap::cli
