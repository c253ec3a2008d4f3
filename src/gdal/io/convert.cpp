// depomap convert: every vector layer of every source into one format and one CRS, N sources at
// once (one thread each, with its own GDAL datasets; from the CLI, each thread's sources are read
// and written by a worker process of its own, so that a driver that crashes fails one source). A
// source is the unit of success: its outputs are written in a hidden staging folder inside DIR
// and renamed into place only when all of them are complete, so a failure (or a kill) never
// leaves a half-written output.
#include "depomap/convert.hpp"

#include "depomap/atlas.hpp"
#include "depomap/dms.hpp"
#include "depomap/error.hpp"
#include "depomap/export.hpp"
#include "depomap/sqlite.hpp"
#include "depomap/schema.hpp"
#include "gdal/io/convert_layer.hpp"
#include "gdal/io/convert_worker.hpp"
#include "gdal/io/degrees.hpp"
#include "gdal/io/gdal.hpp"
#include "gdal/io/layer_styles.hpp"
#include "gdal/io/output_fit.hpp"
#include "gdal/io/sink.hpp"
#include "gdal/io/source_check.hpp"
#include "gdal/load/geos.hpp"
#include "output/field_names.hpp"
#include "gdal/output/formats.hpp"
#include "gdal/output/kml_writer.hpp"
#include "util/text.hpp"

#include <cpl_string.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <condition_variable>
#include <csignal>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <set>
#include <span>
#include <system_error>
#include <thread>
#include <unistd.h>

namespace depomap {
namespace {

namespace fs = std::filesystem;
using convert_detail::FoundSource;

constexpr const char *report_name = "convert-report.csv";

using convert_detail::Cancelled;
using convert_detail::LayerOutput;

/// Output names, handed out in source order whatever order the threads reach them in, so that
/// one job and N jobs (ConvertOptions::jobs) name every output alike. Names are compared without case.
class NameRegistry {
  public:
    explicit NameRegistry(const std::atomic<bool> &stop) : stop_(stop) {
        taken_.insert(util::to_lower("convert-report"));
    }

    /// Waits for the sources before `index`, then makes `bases` unique (suffix _2, _3, ...).
    std::vector<std::string> reserve(std::size_t index, const std::vector<std::string> &bases) {
        std::unique_lock lock(mutex_);
        turn_.wait(lock, [&] { return next_ == index || stop_.load(); });
        if (next_ != index) throw Cancelled{};
        std::vector<std::string> out;
        for (const auto &base : bases) {
            std::string name = base;
            for (int n = 2; taken_.contains(util::to_lower(name)); ++n) name = base + "_" + std::to_string(n);
            taken_.insert(util::to_lower(name));
            out.push_back(name);
        }
        ++next_;
        turn_.notify_all();
        return out;
    }
    /// A source that names nothing still takes its turn (after a stop, order no longer matters).
    void pass(std::size_t index) {
        std::unique_lock lock(mutex_);
        turn_.wait(lock, [&] { return next_ == index || stop_.load(); });
        if (next_ == index) ++next_;
        turn_.notify_all();
    }
    /// After the stop flag is set: wakes every waiter (under the lock, so no wake-up is lost).
    void wake() {
        std::lock_guard lock(mutex_);
        turn_.notify_all();
    }

  private:
    const std::atomic<bool> &stop_;
    std::mutex mutex_;
    std::condition_variable turn_;
    std::size_t next_ = 0;
    std::set<std::string> taken_;
};

/// SQLite counts every allocation under one process-wide mutex: with GPKG or SQLite on both
/// sides, two jobs' threads spent more time waiting for it than working. The executable turns that
/// off first thing; a program that links the library may not have (sql::tune_for_this_process).
void no_sqlite_memory_statistics() {
    static std::once_flag once;
    std::call_once(once, [] { sql::tune_for_this_process(); });
}

bool is_csv(const fs::path &path) { return util::ends_with_icase(path.string(), ".csv"); }

class Batch {
  public:
    Batch(const ConvertOptions &options, const ExportFormat &format, std::vector<FoundSource> sources,
          const std::function<void(const SourceSummary &, std::size_t, std::size_t)> &on_source)
        : options_(options), format_(format), sources_(std::move(sources)), on_source_(on_source),
          summaries_(sources_.size()), registry_(stop_) {
        // No output replaces a source, nor a file of its family (a Shapefile's .dbf).
        for (const auto &source : sources_) {
            keep_.add(source.path, "a source");
            auto stem = source.path;
            stem.replace_extension();
            for (const auto ext : io::family_sidecars) keep_.add(stem.string() + std::string(ext), "a source's file");
        }
    }

    ConvertReport run(unsigned threads) {
        threads = std::max(1u, std::min<unsigned>(threads, static_cast<unsigned>(sources_.size())));
        auto forked = fork_workers(threads);
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t) {
            try {
                pool.emplace_back([this, &forked, t] { work(std::move(forked[t])); });
            } catch (const std::system_error &) {
                break; // no thread to be had: the ones running take every source (a worker unused is closed)
            }
        }
        work(std::move(forked[0]));
        for (auto &t : pool) t.join();
        ConvertReport report;
        report.stopped = stop_.load();
        for (std::size_t i = 0; i < summaries_.size(); ++i) {
            auto &s = summaries_[i];
            if (s.source.empty()) {
                s.source = sources_[i].path.string();
                s.status = SourceSummary::Status::cancelled;
                s.reason = "not converted: the batch stopped at the first failure";
            }
            report.sources.push_back(std::move(s));
        }
        return report;
    }

    /// With worker processes (options.worker_command): one for each thread, forked now, while
    /// this process has one thread, so that each starts with the module loaded and GDAL's drivers
    /// registered instead of loading them again (about 0.1 s of CPU each). None where a fork is
    /// not safe or fails: each thread then starts its worker from the command.
    std::vector<std::unique_ptr<io::WorkerProcess>> fork_workers(unsigned threads) {
        std::vector<std::unique_ptr<io::WorkerProcess>> forked(threads);
        if (options_.worker_command.empty()) return forked;
        io::ensure_gdal();
        if (!io::WorkerProcess::single_threaded()) return forked;
        for (auto &worker : forked) {
            try {
                worker = io::WorkerProcess::fork([this](int fd) {
                    const std::function<void(const SourceSummary &, std::size_t, std::size_t)> no_callback;
                    Batch batch(options_, format_, {}, no_callback);
                    return batch.serve(fd);
                });
            } catch (const Error &) {
                break;
            }
        }
        return forked;
    }

    /// A worker process's side (options.worker_command): opens and writes the sources its parent
    /// names over `fd`, one at a time, until the parent closes it. The parent names the outputs,
    /// makes the staging folder and publishes; the worker reads the source and writes into it.
    int serve(int fd) {
        std::optional<Opened> opened;
        FoundSource found;
        SourceSummary summary;
        while (auto request = io::receive_message(fd)) {
            const auto &r = *request;
            io::Message reply;
            if (r.size() == 2 && r[0] == "open") {
                opened.reset();
                found = FoundSource{r[1], {}, {}, false};
                summary = SourceSummary{};
                summary.source = r[1];
                guarded(summary, [&] { opened = open_source(found, summary); });
                reply = {"opened"};
                put_summary(reply, summary);
                if (opened) {
                    reply.push_back(std::to_string(opened->count));
                    for (const auto &out : opened->outputs) reply.push_back(out.layer_name);
                }
            } else if (r.size() >= 2 && r[0] == "write" && opened && r.size() - 2 == opened->outputs.size()) {
                for (std::size_t i = 0; i < opened->outputs.size(); ++i) opened->outputs[i].base = r[i + 2];
                test_signal(found.path);
                guarded(summary, [&] { write_outputs(found, *opened, r[1], summary); });
                opened.reset();
                reply = {"written"};
                put_summary(reply, summary);
            } else {
                return 1; // not a request of this program's parent
            }
            if (!io::send_message(fd, reply)) return 1;
        }
        return 0;
    }

  private:
    /// A source opened and its layers listed: what is known before the outputs are named.
    struct Opened {
        std::unique_ptr<io::CsvCopy> csv_copy; ///< a CSV read through a requoted copy (outlives ds)
        GDALDatasetUniquePtr ds;
        std::vector<LayerOutput> outputs;
        int count = 0; ///< the source's layers, converted or not
        bool fields_geometry = false;
    };

    /// The worker process of one of the batch's threads (options.worker_command), forked before
    /// the threads started (else started for its first source) and started again after one died;
    /// known to the batch while it lives, so that a stop kills every worker at once.
    class WorkerSlot {
      public:
        /// `forked`: the thread's worker forked before the threads started, or none.
        WorkerSlot(Batch &batch, std::unique_ptr<io::WorkerProcess> forked) : batch_(batch) {
            if (forked) adopt(std::move(forked));
        }
        WorkerSlot(const WorkerSlot &) = delete;
        WorkerSlot &operator=(const WorkerSlot &) = delete;
        ~WorkerSlot() { drop(); }
        io::WorkerProcess &get() {
            if (!process_) adopt(std::make_unique<io::WorkerProcess>(batch_.options_.worker_command));
            return *process_;
        }
        /// Ends the worker (killed when it has a request unanswered).
        void drop() {
            if (!process_) return;
            {
                std::lock_guard lock(batch_.workers_mutex_);
                batch_.workers_.erase(process_.get());
            }
            process_.reset();
        }
        bool busy() const { return process_ && process_->busy(); }

      private:
        void adopt(std::unique_ptr<io::WorkerProcess> process) {
            process_ = std::move(process);
            std::lock_guard lock(batch_.workers_mutex_);
            batch_.workers_.insert(process_.get());
            if (batch_.stop_.load()) process_->kill();
        }

        Batch &batch_;
        std::unique_ptr<io::WorkerProcess> process_;
    };

    void work(std::unique_ptr<io::WorkerProcess> forked) {
        WorkerSlot worker(*this, std::move(forked));
        for (;;) {
            const std::size_t i = next_.fetch_add(1);
            if (i >= sources_.size()) return;
            if (stop_.load()) {
                registry_.pass(i);
                continue;
            }
            SourceSummary summary = convert_one(i, worker);
            finish(i, std::move(summary));
        }
    }

    void finish(std::size_t i, SourceSummary summary) {
        std::lock_guard lock(report_mutex_);
        if (summary.status == SourceSummary::Status::failed && !options_.keep_going) {
            stop_.store(true);
            registry_.wake();
            // The other sources' workers stop now: what they wrote is in staging, never published.
            std::lock_guard workers(workers_mutex_);
            for (auto *w : workers_) w->kill();
        }
        summaries_[i] = std::move(summary);
        ++done_;
        if (on_source_) on_source_(summaries_[i], done_, sources_.size());
    }

    /// Runs `body` for `summary`'s source: what it throws becomes the summary's status and reason.
    template <typename Body> static void guarded(SourceSummary &summary, Body &&body) {
        try {
            body();
        } catch (const Cancelled &) {
            summary.status = SourceSummary::Status::cancelled;
            summary.reason = "cancelled: another source failed";
            summary.outputs.clear();
        } catch (const std::bad_alloc &) {
            summary.status = SourceSummary::Status::failed;
            summary.reason = "out of memory";
            summary.outputs.clear();
        } catch (const std::exception &e) {
            summary.status = SourceSummary::Status::failed;
            summary.reason = e.what();
            // The summary names the source already.
            const auto prefix = summary.source + ": ";
            if (summary.reason.starts_with(prefix)) summary.reason.erase(0, prefix.size());
            summary.outputs.clear();
        }
    }

    SourceSummary convert_one(std::size_t index, WorkerSlot &worker) {
        const auto &found = sources_[index];
        SourceSummary summary;
        summary.source = found.path.string();
        bool reserved = false;
        guarded(summary, [&] {
            if (!found.problem.empty()) {
                summary.status = found.failed ? SourceSummary::Status::failed : SourceSummary::Status::skipped;
                summary.reason = found.problem;
            } else if (!options_.worker_command.empty()) {
                convert_in_worker(index, found, summary, reserved, worker);
            } else {
                convert_source(index, found, summary, reserved);
            }
        });
        if (!reserved) {
            try {
                registry_.pass(index);
            } catch (...) {
            }
        }
        return summary;
    }

    // --- one source ---

    /// In this process: open, name, write, publish.
    void convert_source(std::size_t index, const FoundSource &found, SourceSummary &summary, bool &reserved) {
        auto opened = open_source(found, summary);
        std::vector<std::string> layers;
        for (const auto &out : opened.outputs) layers.push_back(out.layer_name);
        const auto names = name_outputs(index, found, layers, opened.count, reserved);
        if (names.empty()) {
            summary.status = SourceSummary::Status::skipped;
            summary.reason = "no layer to convert";
            return;
        }
        for (std::size_t i = 0; i < names.size(); ++i) opened.outputs[i].base = names[i];
        output::StagingDir staging(options_.output_dir);
        write_outputs(found, opened, staging.dir(), summary);
        if (stop_.load()) throw Cancelled{};
        publish(staging, names, summary);
    }

    /// In a worker process, so that a reader or writer that crashes (a segfault in a GDAL
    /// driver) fails this source only: the worker opens the source and lists its layers, this
    /// process names the outputs and makes the staging folder, the worker writes into it, this
    /// process publishes. A worker that dies is reported with its signal, its staging removed.
    void convert_in_worker(std::size_t index, const FoundSource &found, SourceSummary &summary, bool &reserved,
                           WorkerSlot &slot) {
        try {
            auto &worker = slot.get();
            worker.send({"open", found.path.string()});
            const auto opened = worker.receive();
            std::size_t at = take_summary(opened, "opened", summary);
            if (summary.status == SourceSummary::Status::failed) return;
            if (at >= opened.size()) throw Error("a worker process answered out of turn");
            const int count = std::stoi(opened[at++]);
            const std::vector<std::string> layers(opened.begin() + static_cast<std::ptrdiff_t>(at), opened.end());
            const auto names = name_outputs(index, found, layers, count, reserved);
            if (names.empty()) {
                summary.status = SourceSummary::Status::skipped;
                summary.reason = "no layer to convert";
                return;
            }
            output::StagingDir staging(options_.output_dir);
            io::Message request{"write", staging.dir().string()};
            request.insert(request.end(), names.begin(), names.end());
            worker.send(request);
            take_summary(worker.receive(), "written", summary);
            if (summary.status == SourceSummary::Status::failed) return;
            if (stop_.load()) throw Cancelled{};
            publish(staging, names, summary);
        } catch (const io::WorkerDied &died) {
            slot.drop();
            if (stop_.load()) throw Cancelled{};
            const bool exited = WIFEXITED(died.status);
            throw Error((exited ? "its worker process " : "") + std::string(died.what()) +
                        (exited ? " while converting it" : " while being converted") +
                        "; nothing of it was written");
        } catch (...) {
            if (slot.busy()) slot.drop();
            throw;
        }
    }

    /// A summary's status, reason, counts, notes and rejects, for the parent.
    static void put_summary(io::Message &message, const SourceSummary &summary) {
        message.emplace_back(status_name(summary.status));
        message.push_back(summary.reason);
        message.push_back(std::to_string(summary.features_in));
        message.push_back(std::to_string(summary.features_out));
        message.push_back(std::to_string(summary.notes.size()));
        message.insert(message.end(), summary.notes.begin(), summary.notes.end());
        message.push_back(std::to_string(summary.rejects.size()));
        for (const auto &r : summary.rejects) {
            message.insert(message.end(), {r.source, std::to_string(r.index), r.id, r.reason});
        }
    }

    /// Reads what put_summary wrote after `kind` into `summary`; where the rest begins.
    static std::size_t take_summary(const io::Message &message, std::string_view kind, SourceSummary &summary) {
        if (message.size() < 6 || message[0] != kind) throw Error("a worker process answered out of turn");
        summary.status = message[1] == status_name(SourceSummary::Status::ok) ? SourceSummary::Status::ok
                                                                                : SourceSummary::Status::failed;
        summary.reason = message[2];
        summary.features_in = std::stoll(message[3]);
        summary.features_out = std::stoll(message[4]);
        const auto notes = std::stoul(message[5]);
        if (message.size() < 6 + notes) throw Error("a worker process answered out of turn");
        summary.notes.assign(message.begin() + 6, message.begin() + 6 + static_cast<std::ptrdiff_t>(notes));
        std::size_t at = 6 + notes;
        if (at >= message.size()) throw Error("a worker process answered out of turn");
        const auto rejects = std::stoul(message[at++]);
        if (message.size() < at + 4 * rejects) throw Error("a worker process answered out of turn");
        summary.rejects.clear();
        for (std::size_t i = 0; i < rejects; ++i, at += 4) {
            summary.rejects.push_back({message[at], std::stoll(message[at + 1]), message[at + 2], message[at + 3]});
        }
        return at;
    }

    /// How many features of a layer were left out, and the first reason.
    std::string rejects_note(const std::vector<Reject> &rejects) const {
        return std::to_string(rejects.size()) + " feature(s) left out (" + option_ref("skip_invalid") +
               "), the first: feature " +
               std::to_string(rejects.front().index) + ": " + rejects.front().reason +
               (options_.rejects_csv.empty() ? "" : " (all in " + options_.rejects_csv.string() + ")");
    }

    /// For tests only (tests/cli/convert_crash.sh): DEPOMAP_TEST_WORKER_SIGNAL=N:NAME makes a
    /// worker raise signal N as it starts writing the source whose file name is NAME, so that a
    /// worker killed by SIGKILL (as the out-of-memory killer does) can be shown to be reported.
    static void test_signal(const fs::path &source) {
        const char *hook = std::getenv("DEPOMAP_TEST_WORKER_SIGNAL");
        if (!hook) return;
        const std::string_view text(hook);
        const auto colon = text.find(':');
        if (colon == std::string_view::npos || text.substr(colon + 1) != source.filename().string()) return;
        ::raise(std::atoi(std::string(text.substr(0, colon)).c_str()));
    }

    /// Opens the source and lists the layers to convert (checks first: what GDAL would read
    /// silently short or cut, load refuses, and so does convert).
    Opened open_source(const FoundSource &found, SourceSummary &summary) {
        Opened opened;
        opened.fields_geometry = is_csv(found.path) && (options_.x_field || options_.wkt_field);
        io::check_source(found.path.string());
        // A Shapefile with a damaged .dbf or .prj, a CSV row with unbalanced quotes or extra cells.
        // A CSV is read as load reads it: one with a '"' inside a value (the seconds of DMS)
        // through a requoted copy, every column of its header (not GDAL's first 2,000).
        const bool csv = is_csv(found.path);
        std::string open_path = found.path.string();
        io::CsvShape csv_shape;
        if (csv) {
            csv_shape = io::check_csv_structure(found.path.string(), io::BareQuotes::read);
            if (csv_shape.bare_quotes) open_path = (opened.csv_copy = std::make_unique<io::CsvCopy>(open_path))->path();
        }
        if (util::ends_with_icase(found.path.string(), ".shp")) io::check_shapefile(found.path.string());
        std::vector<std::string> open_options;
        if (opened.fields_geometry) open_options = {"AUTODETECT_TYPE=NO", "KEEP_GEOM_COLUMNS=YES"};
        {
            std::optional<io::CsvFieldLimit> every_field;
            if (csv) every_field.emplace();
            opened.ds = io::open_vector(open_path, open_options);
        }
        // GDAL would cut a text at a NUL: a GeoJSON's \u0000 is looked for here, a GPKG's by
        // write_layer (io::NulTexts), a CSV's by check_csv_structure.
        if (std::string_view(opened.ds->GetDriver()->GetDescription()) == "GeoJSON")
            io::check_geojson_nul(found.path.string());
        if (csv && opened.ds->GetLayerCount() == 1 &&
            static_cast<std::size_t>(opened.ds->GetLayer(0)->GetLayerDefn()->GetFieldCount()) < csv_shape.columns) {
            throw Error("its header names " + std::to_string(csv_shape.columns) + " fields, but GDAL read " +
                        std::to_string(opened.ds->GetLayer(0)->GetLayerDefn()->GetFieldCount()));
        }

        opened.count = opened.ds->GetLayerCount();
        for (int i = 0; i < opened.count; ++i) {
            OGRLayer *layer = opened.ds->GetLayer(i);
            const std::string name = layer->GetName();
            const bool spatial = opened.fields_geometry || layer->GetLayerDefn()->GetGeomFieldCount() > 0;
            if (name == "layer_styles" && !spatial) {
                summary.notes.push_back("layer_styles (QGIS styles) not copied: styles are written by layer name");
                continue;
            }
            // A CSV's coordinates are named by options: one without is refused rather than made a
            // table of "geometry": null features in GeoJSON.
            if (!spatial && is_csv(found.path) && (!format_.tables || format_.driver == "GeoJSON")) {
                throw Error("no geometry: give " + option_ref("x_field") + "/" + option_ref("y_field") + " or " +
                            option_ref("wkt_field") + ", or convert to GPKG, SQLite or CSV");
            }
            if (!spatial && !format_.tables) {
                summary.notes.push_back("layer " + name + " has no geometry: not converted (" +
                                        std::string(format_.driver) + " holds none; GPKG, SQLite, CSV and GeoJSON do)");
                continue;
            }
            opened.outputs.push_back({layer, name, {}, {}, spatial});
        }
        if (opened.count == 0) throw Error("no vector layer");
        return opened;
    }

    /// The outputs' names: the template, made safe, unique in source order (waits for the
    /// sources before `index`), each checked against the write rules.
    std::vector<std::string> name_outputs(std::size_t index, const FoundSource &found,
                                          const std::vector<std::string> &layers, int count, bool &reserved) {
        const auto stem = found.path.stem().string();
        std::vector<std::string> bases;
        for (std::size_t i = 0; i < layers.size(); ++i) {
            std::string pattern = options_.layer_name_template;
            if (pattern.empty()) pattern = count == 1 ? "{source}" : "{source}_{layer}";
            bases.push_back(convert_detail::safe_name(
                convert_detail::apply_template(pattern, stem, layers[i], found.dir, static_cast<int>(i) + 1)));
        }
        reserved = true;
        auto names = registry_.reserve(index, bases);
        for (const auto &name : names) {
            (void)io::check_output(options_.output_dir / (name + std::string(format_.extension)), format_.multi_layer,
                                   rules());
        }
        return names;
    }

    /// Writes every output (named) into `staging`.
    void write_outputs(const FoundSource &found, Opened &opened, const fs::path &staging, SourceSummary &summary) {
        for (auto &out : opened.outputs) {
            out.staged = staging / (out.base + std::string(format_.extension));
            const std::string label =
                found.path.string() + (opened.ds->GetLayerCount() > 1 ? " (layer " + out.layer_name + ")" : "");
            const auto w = convert_detail::write_layer({options_, format_, stop_}, label, *opened.ds, out,
                                                       opened.fields_geometry);
            summary.features_in += w.in;
            summary.features_out += w.out;
            const std::string where = opened.outputs.size() > 1 ? "layer " + out.layer_name + ": " : "";
            for (const auto &note : w.notes) summary.notes.push_back(where + note);
            if (!w.rejects.empty()) summary.notes.push_back(where + rejects_note(w.rejects));
            std::move(w.rejects.begin(), w.rejects.end(), std::back_inserter(summary.rejects));
            if (w.no_geometry > 0) {
                summary.notes.push_back(where + std::to_string(w.no_geometry) + " row(s) without coordinates skipped");
            }
            if (w.repaired > 0) {
                summary.notes.push_back(where + std::to_string(w.repaired) + " invalid geometr" +
                                        (w.repaired == 1 ? "y" : "ies") + " repaired (" +
                                        option_ref("make_valid") + ")");
            }
        }
    }

    /// Complete: into place, main files last (a main file present means its family is).
    void publish(const output::StagingDir &staging, const std::vector<std::string> &names, SourceSummary &summary) {
        const auto &dir = options_.output_dir;
        io::publish_staged(staging.dir(), dir, format_.extension, output::is_shapefile(format_), rules());
        for (const auto &name : names) summary.outputs.push_back(dir / (name + std::string(format_.extension)));
    }

    output::Rules rules() const { return output::Rules{options_.overwrite, &keep_}; }

    const ConvertOptions &options_;
    const ExportFormat &format_;
    std::vector<FoundSource> sources_;
    const std::function<void(const SourceSummary &, std::size_t, std::size_t)> &on_source_;
    output::Protected keep_;
    std::vector<SourceSummary> summaries_;
    std::atomic<bool> stop_{false};
    NameRegistry registry_;
    std::atomic<std::size_t> next_{0};
    std::mutex report_mutex_;
    std::size_t done_ = 0;
    std::mutex workers_mutex_;
    std::set<io::WorkerProcess *> workers_; ///< the live worker processes (options.worker_command)
};

void write_report_csv(const ConvertReport &report, output::StagedFile &file, const Wording &wording) {
    std::string csv = "source,status,features_in,features_out,outputs,reason\n";
    for (const auto &s : report.sources) {
        std::string outputs;
        for (const auto &o : s.outputs) {
            if (!outputs.empty()) outputs += ';';
            outputs += o.filename().string();
        }
        std::string reason = s.reason;
        for (const auto &note : s.notes) reason += (reason.empty() ? "" : "; ") + note;
        csv += util::csv_quote(s.source) + "," + std::string(status_name(s.status)) + "," +
               std::to_string(s.features_in) + "," + std::to_string(s.features_out) + "," +
               util::csv_quote(outputs) + "," + util::csv_quote(worded(wording, reason)) + "\n";
    }
    file.stream() << csv;
    file.commit();
}

} // namespace

std::string_view status_name(SourceSummary::Status status) {
    switch (status) {
    case SourceSummary::Status::ok: return "ok";
    case SourceSummary::Status::failed: return "failed";
    case SourceSummary::Status::skipped: return "skipped";
    case SourceSummary::Status::cancelled: return "cancelled";
    }
    return "?";
}

bool ConvertReport::any_failed() const {
    return std::any_of(sources.begin(), sources.end(), [](const SourceSummary &s) {
        return s.status == SourceSummary::Status::failed || s.status == SourceSummary::Status::cancelled;
    });
}

ConvertReport convert(const ConvertOptions &options,
                      const std::function<void(const SourceSummary &, std::size_t, std::size_t)> &on_source) {
    no_sqlite_memory_statistics(); // before PROJ opens proj.db (SQLite) for the CRSs below
    // Usage first: nothing is opened or written for a bad command line.
    if (options.sources.empty()) throw UsageError("no source to convert");
    if (options.format.empty()) throw UsageError("no format (" + option_ref("format") + " FORMAT)");
    if (options.output_dir.empty()) throw UsageError("no output folder (" + option_ref("output_dir") + " DIR)");
    const auto &format = resolve_format(options.format);
    if (options.precision < 0 || options.precision > 17) {
        const auto n = std::to_string(options.precision);
        throw BadValue("precision", n, n + ": expected 0 to 17 decimals", false);
    }
    if (options.x_field.has_value() != options.y_field.has_value()) {
        throw UsageError(option_ref("x_field") + " and " + option_ref("y_field") + " go together");
    }
    if (options.x_field && options.wkt_field) {
        throw UsageError(option_ref("x_field") + "/" + option_ref("y_field") + " and " + option_ref("wkt_field") +
                         " exclude each other");
    }
    if (!options.rejects_csv.empty() && !options.skip_invalid) {
        throw UsageError(option_ref("rejects_csv") + " needs " + option_ref("skip_invalid") +
                         " (without it the first bad feature fails its source)");
    }
    (void)convert_detail::apply_template(options.layer_name_template, "s", "l", "d", 1);
    // CRSs: an unknown one is a run error (1), as in load and export.
    if (options.source_srs) (void)io::parse_crs(*options.source_srs);
    if (options.target_srs) {
        const auto target = io::parse_crs(*options.target_srs);
        if (format.driver == "KML" && !convert_detail::same_crs(target, convert_detail::epsg4326())) {
            throw UsageError("KML holds EPSG:4326 only; drop " + option_ref("target_srs"));
        }
    }
    // The output folder: made when missing, checked writable before any source is read.
    const auto &dir = options.output_dir;
    std::error_code ec;
    if (fs::exists(dir, ec) && !fs::is_directory(dir, ec)) {
        throw Error(dir.string() + ": exists and is not a folder");
    }
    if (!fs::exists(dir, ec) && !fs::create_directories(dir, ec)) {
        throw Error(dir.string() + ": cannot create the folder: " + ec.message());
    }
    { output::StagingDir probe(dir); }

    auto found = convert_detail::find_sources(options.sources, dir);
    if (found.empty()) throw Error("no source to convert (no vector file in the folders given)");
    unsigned jobs = options.jobs ? options.jobs : std::max(1u, std::thread::hardware_concurrency());
    // The rejects file is staged first: one that cannot be written fails the batch before it starts.
    output::Protected sources;
    for (const auto &source : found) sources.add(source.path, "a source");
    std::optional<output::StagedFile> rejects;
    if (!options.rejects_csv.empty()) rejects.emplace(options.rejects_csv, output::Rules{options.overwrite, &sources});
    // The report of a run before is replaced (it describes the folder, which this run changes),
    // but never a source of this run, whatever its name.
    output::StagedFile report_file(dir / report_name, output::Rules{true, &sources});
    Batch batch(options, format, std::move(found), on_source);
    auto report = batch.run(jobs);
    report.report_csv = dir / report_name;
    write_report_csv(report, report_file, options.wording);
    if (rejects) {
        std::vector<Reject> all; // of the sources converted: a failed one left nothing out, it wrote nothing
        for (const auto &s : report.sources) {
            if (s.status == SourceSummary::Status::ok) all.insert(all.end(), s.rejects.begin(), s.rejects.end());
        }
        write_rejects_csv(rejects->stream(), all, options.wording);
        rejects->commit();
    }
    return report;
}

int serve_convert_worker(const ConvertOptions &options, int fd) {
    no_sqlite_memory_statistics();
    // Killed with the thread of the parent that started it: a worker never outlives its batch.
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);
    const auto &format = resolve_format(options.format);
    const std::function<void(const SourceSummary &, std::size_t, std::size_t)> no_callback;
    Batch batch(options, format, {}, no_callback);
    return batch.serve(fd);
}

} // namespace depomap
