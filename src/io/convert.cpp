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
#include "depomap/schema.hpp"
#include "io/convert_worker.hpp"
#include "io/degrees.hpp"
#include "io/gdal.hpp"
#include "io/layer_styles.hpp"
#include "io/output_fit.hpp"
#include "io/sink.hpp"
#include "io/source_check.hpp"
#include "load/geos.hpp"
#include "output/field_names.hpp"
#include "output/kml_writer.hpp"
#include "util/text.hpp"

#include <cpl_string.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>
#include <sqlite3.h>
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
#include <thread>
#include <unistd.h>

namespace depomap {
namespace {

namespace fs = std::filesystem;
using convert_detail::FoundSource;

constexpr std::size_t dbf_text_max = 254;
constexpr std::size_t dbf_name_max = 10;
constexpr const char *report_name = "convert-report.csv";

/// Thrown inside a source's conversion when another source's failure stopped the batch.
struct Cancelled {};

std::string gdal_reason(const io::GdalErrors &errors) {
    auto reason = errors.last_error();
    return reason.empty() ? "GDAL gave no reason" : reason;
}

void write_text_file(const fs::path &path, std::string_view text) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(text.data(), static_cast<std::streamsize>(text.size()));
    out.close();
    if (!out) throw Error(path.string() + ": writing failed (disk full?)");
}

/// Output names, handed out in source order whatever order the threads reach them in, so that
/// -j 1 and -j N name every output alike. Names are compared without case.
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

/// SQLite counts every allocation under one process-wide mutex (its memory statistics, which
/// nothing here reads): with GPKG or SQLite on both sides, -j 2 threads spent more time waiting
/// for that mutex than working. Switched off before SQLite initialises; once it has (a store
/// opened earlier in the process), the call is refused and nothing changes.
void no_sqlite_memory_statistics() {
    static std::once_flag once;
    std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

bool is_csv(const fs::path &path) { return util::ends_with_icase(path.string(), ".csv"); }

bool same_crs(const OGRSpatialReference &a, const OGRSpatialReference &b) {
    const char *criteria[] = {"IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES", nullptr};
    return a.IsSame(&b, criteria);
}

OGRSpatialReference epsg4326() {
    OGRSpatialReference s;
    s.importFromEPSG(4326);
    s.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    return s;
}

std::string crs_name(const OGRSpatialReference &srs) {
    const char *auth = srs.GetAuthorityName(nullptr);
    const char *code = srs.GetAuthorityCode(nullptr);
    if (auth && code) return std::string(auth) + ":" + code;
    return srs.GetName() ? srs.GetName() : "the CRS";
}

double parse_number(std::string_view text, const std::string &field) {
    const std::string t(util::trim(text));
    char *end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (t.empty() || end != t.c_str() + t.size() || !std::isfinite(v)) {
        throw Error("field '" + field + "': '" + util::excerpt(t) + "' is not a number");
    }
    return v;
}

bool all_finite(const OGRGeometry &g) {
    OGREnvelope env;
    g.getEnvelope(&env);
    return std::isfinite(env.MinX) && std::isfinite(env.MinY) && std::isfinite(env.MaxX) && std::isfinite(env.MaxY);
}

/// Keeps the parts of `g` of dimension `dimension` (a repair may leave lines beside polygons).
void add_parts(OGRGeometryCollection &out, const OGRGeometry *part, int dimension) {
    if (OGR_GT_IsSubClassOf(wkbFlatten(part->getGeometryType()), wkbGeometryCollection)) {
        for (const auto *p : *part->toGeometryCollection()) add_parts(out, p, dimension);
    } else if (part->getDimension() == dimension && !part->IsEmpty()) {
        out.addGeometry(part);
    }
}

std::unique_ptr<OGRGeometry> keep_dimension(std::unique_ptr<OGRGeometry> g, int dimension) {
    if (!g || wkbFlatten(g->getGeometryType()) != wkbGeometryCollection) return g;
    std::unique_ptr<OGRGeometryCollection> out;
    if (dimension == 2) out = std::make_unique<OGRMultiPolygon>();
    else if (dimension == 1) out = std::make_unique<OGRMultiLineString>();
    else out = std::make_unique<OGRMultiPoint>();
    add_parts(*out, g.get(), dimension);
    return out;
}

/// One output: a layer of a source and where it goes.
struct Output {
    OGRLayer *layer = nullptr;
    std::string layer_name; ///< inside the output (the source's layer name)
    std::string base;       ///< file name without extension
    fs::path staged;
    bool spatial = true;
};

/// The result of writing one layer.
struct Written {
    std::int64_t in = 0, out = 0, no_geometry = 0, repaired = 0;
    std::vector<std::string> notes; ///< fields renamed, ...
    std::vector<Reject> rejects;    ///< --skip-invalid: the features left out
};

/// A date, time or date-time field as ISO 8601 text (GDAL's own text is "YYYY/MM/DD HH:MM:SS").
std::string iso_8601(OGRFeature &feature, int i, OGRFieldType type) {
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, tz = 0;
    float sec = 0;
    feature.GetFieldAsDateTime(i, &y, &mo, &d, &h, &mi, &sec, &tz);
    char date[32], time[48];
    std::snprintf(date, sizeof date, "%04d-%02d-%02d", y, mo, d);
    if (sec == std::floor(sec)) std::snprintf(time, sizeof time, "%02d:%02d:%02d", h, mi, static_cast<int>(sec));
    else std::snprintf(time, sizeof time, "%02d:%02d:%06.3f", h, mi, static_cast<double>(sec));
    if (type == OFTDate) return date;
    if (type == OFTTime) return time;
    std::string text = std::string(date) + "T" + time;
    if (tz == 100) {
        text += 'Z';
    } else if (tz > 1) { // 100 is UTC; each step from it is 15 minutes
        const int minutes = std::abs(tz - 100) * 15;
        char offset[16];
        std::snprintf(offset, sizeof offset, "%c%02d:%02d", tz > 100 ? '+' : '-', minutes / 60, minutes % 60);
        text += offset;
    }
    return text;
}

/// A KML output: the streaming writer (output/kml_writer.hpp) over the staged file, fed the
/// source's features. A text field called `name` (any case) is the <name>, one called
/// `description` the <description>, as GDAL's LIBKML driver names them; every other field a
/// SimpleData of its type.
class KmlOutput {
  public:
    explicit KmlOutput(const fs::path &staged)
        : path_(staged.string()), file_(staged, std::ios::binary | std::ios::trunc), writer_(file_, path_) {
        if (!file_) throw Error(path_ + ": cannot write here");
    }

    /// `map`: the source fields written (>= 0), as planned for the other formats; `names`: the
    /// name each written field gets (repeated names made unique), by its output index.
    void begin(const std::string &layer, OGRFeatureDefn &defn, const std::vector<int> &map,
               const std::vector<std::pair<std::string, std::string>> &names) {
        output::KmlLayer kml{layer, {}, {}, {}};
        for (int i = 0; i < defn.GetFieldCount(); ++i) {
            if (map[static_cast<std::size_t>(i)] < 0) continue;
            const OGRFieldDefn &f = *defn.GetFieldDefn(i);
            const std::string name = names[static_cast<std::size_t>(map[static_cast<std::size_t>(i)])].second;
            const bool text = f.GetType() == OFTString;
            if (text && name_ < 0 && util::to_lower(name) == "name") {
                name_ = i;
                kml.name_field = name;
                continue;
            }
            if (text && description_ < 0 && util::to_lower(name) == "description") {
                description_ = i;
                kml.description_field = name;
                continue;
            }
            auto type = output::KmlType::string;
            if (f.GetType() == OFTInteger) {
                type = f.GetSubType() == OFSTBoolean ? output::KmlType::boolean : output::KmlType::integer;
            } else if (f.GetType() == OFTInteger64) {
                type = output::KmlType::integer64;
            } else if (f.GetType() == OFTReal) {
                type = output::KmlType::real;
            }
            kml.fields.push_back({name, type});
            fields_.emplace_back(i, f.GetType());
        }
        writer_.begin(std::span(&kml, 1));
        writer_.begin_folder(0);
    }

    void placemark(OGRFeature &in, const OGRGeometry *geometry) {
        writer_.begin_placemark(text(in, name_), text(in, description_));
        for (std::size_t k = 0; k < fields_.size(); ++k) {
            const auto [i, type] = fields_[k];
            if (!in.IsFieldSetAndNotNull(i)) continue;
            switch (type) {
            case OFTInteger:
            case OFTInteger64: writer_.integer(k, in.GetFieldAsInteger64(i)); break;
            case OFTReal: writer_.real(k, in.GetFieldAsDouble(i)); break;
            case OFTDate:
            case OFTTime:
            case OFTDateTime: writer_.text(k, iso_8601(in, i, type)); break;
            default: writer_.text(k, in.GetFieldAsString(i));
            }
        }
        writer_.end_placemark(geometry);
    }

    void finish() {
        writer_.end_folder();
        writer_.finish();
        file_.close();
        if (!file_) throw Error(path_ + ": writing failed (disk full?)");
    }

  private:
    static std::optional<std::string_view> text(OGRFeature &in, int i) {
        if (i < 0 || !in.IsFieldSetAndNotNull(i)) return std::nullopt;
        return std::string_view(in.GetFieldAsString(i));
    }

    std::string path_;
    std::ofstream file_;
    output::KmlWriter writer_;
    std::vector<std::pair<int, OGRFieldType>> fields_; ///< per SimpleField: source field, type
    int name_ = -1, description_ = -1;
};

// ---------------------------------------------------------------------------------------------

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
        std::vector<std::thread> pool;
        for (unsigned t = 1; t < threads; ++t) pool.emplace_back([this] { work(); });
        work();
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
        std::vector<Output> outputs;
        int count = 0; ///< the source's layers, converted or not
        bool fields_geometry = false;
    };

    /// The worker process of one of the batch's threads (options.worker_command), started for
    /// its first source and again after one died; known to the batch while it lives, so that a
    /// stop kills every worker at once.
    class WorkerSlot {
      public:
        explicit WorkerSlot(Batch &batch) : batch_(batch) {}
        WorkerSlot(const WorkerSlot &) = delete;
        WorkerSlot &operator=(const WorkerSlot &) = delete;
        ~WorkerSlot() { drop(); }
        io::WorkerProcess &get() {
            if (!process_) {
                process_ = std::make_unique<io::WorkerProcess>(batch_.options_.worker_command);
                std::lock_guard lock(batch_.workers_mutex_);
                batch_.workers_.insert(process_.get());
                if (batch_.stop_.load()) process_->kill();
            }
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
        Batch &batch_;
        std::unique_ptr<io::WorkerProcess> process_;
    };

    void work() {
        WorkerSlot worker(*this);
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

    /// A feature left out by --skip-invalid: `what` is its error, which begins with `where`.
    static Reject reject(std::string_view what, const std::string &where, std::int64_t index, OGRFeature &in) {
        if (what.starts_with(where)) what.remove_prefix(where.size());
        while (!what.empty() && (what.front() == ':' || what.front() == ',' || what.front() == ' ')) {
            what.remove_prefix(1);
        }
        const auto label = where.substr(0, where.rfind(": feature "));
        return {label, index, in.GetFID() == OGRNullFID ? std::string() : std::to_string(in.GetFID()),
                std::string(what)};
    }

    /// How many features of a layer were left out, and the first reason.
    std::string rejects_note(const std::vector<Reject> &rejects) const {
        return std::to_string(rejects.size()) + " feature(s) left out (--skip-invalid), the first: feature " +
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
                throw Error("no geometry: give --x-field/--y-field or --wkt-field, or convert to GPKG, "
                            "SQLite or CSV");
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
            const auto w = write_layer(found, *opened.ds, out, opened.fields_geometry);
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
                                        (w.repaired == 1 ? "y" : "ies") + " repaired (--make-valid)");
            }
        }
    }

    /// Complete: into place, main files last (a main file present means its family is).
    void publish(const output::StagingDir &staging, const std::vector<std::string> &names, SourceSummary &summary) {
        const auto &dir = options_.output_dir;
        io::publish_staged(staging.dir(), dir, format_.extension, format_.driver == "ESRI Shapefile", rules());
        for (const auto &name : names) summary.outputs.push_back(dir / (name + std::string(format_.extension)));
    }

    output::Rules rules() const { return output::Rules{options_.overwrite, &keep_}; }

    // --- one layer ---

    struct FieldPlan {
        std::vector<int> map;        ///< source field -> output field (-1: not written)
        std::vector<int> dbf_checks; ///< Shapefile: output text fields whose length is checked
        std::vector<std::pair<std::string, std::string>> renames; ///< full -> DBF name
        int x = -1, y = -1, wkt = -1;
        std::vector<std::string> notes; ///< fields written under another name, and why
    };

    Written write_layer(const FoundSource &found, GDALDataset &source, Output &out, bool fields_geometry) {
        OGRLayer &src = *out.layer;
        OGRFeatureDefn &defn = *src.GetLayerDefn();
        const std::string label = found.path.string() + (source.GetLayerCount() > 1 ? " (layer " + out.layer_name + ")" : "");
        io::GdalErrors errors;

        // CRSs: parsed per source (OGRSpatialReference is not shared across threads).
        OGRSpatialReference target = options_.target_srs ? io::parse_crs(*options_.target_srs) : epsg4326();
        const bool target_is_4326 = same_crs(target, epsg4326());
        std::optional<OGRSpatialReference> source_srs;
        std::vector<std::string> notes;
        if (options_.source_srs) {
            source_srs = io::parse_crs(*options_.source_srs);
        } else if (fields_geometry) {
            source_srs = epsg4326(); // CSV coordinates: degrees, as load
        } else if (out.spatial) {
            // load's rule: no CRS is EPSG:4326 when the extent is degrees (said), else refused.
            std::string note;
            source_srs = io::source_crs(label, source, src, note);
            if (!note.empty()) notes.push_back(note.starts_with(label + ": ") ? note.substr(label.size() + 2) : note);
        }
        io::TransformPtr transform;
        if (out.spatial && source_srs) {
            if (!same_crs(*source_srs, target)) {
                transform.reset(OGRCreateCoordinateTransformation(&*source_srs, &target));
                if (!transform) {
                    throw Error(label + ": cannot transform from " + crs_name(*source_srs) + " to " +
                                crs_name(target) + ": " + gdal_reason(errors));
                }
            }
        }
        const bool geographic_fields = !source_srs || source_srs->IsGeographic();
        const bool geographic_source = source_srs && source_srs->IsGeographic();
        // Into degrees, lines and polygons are cut where they cross 180° (io::transform_wrapped):
        // a single polygon may come out as several.
        const bool wraps = transform && target.IsGeographic();

        // Geometry type of the output layer.
        OGRwkbGeometryType type = wkbNone;
        if (out.spatial) {
            if (options_.x_field && fields_geometry) type = wkbPoint;
            else if (options_.wkt_field && fields_geometry) type = wkbUnknown;
            else type = src.GetGeomType();
            if (options_.make_valid || (wraps && (format_.driver == "FlatGeobuf" || format_.driver == "SQLite"))) {
                const auto flat = wkbFlatten(type);
                if (flat == wkbPolygon || flat == wkbLineString) type = OGR_GT_GetCollection(type);
            }
        }

        // The filter first: a Shapefile's fields and geometry type come from the features it
        // will hold.
        if (options_.where) {
            errors.clear();
            if (src.SetAttributeFilter(options_.where->c_str()) != OGRERR_NONE) {
                throw Error(label + ": --where '" + *options_.where + "': " + gdal_reason(errors));
            }
        } else {
            src.SetAttributeFilter(nullptr);
        }
        const bool shapefile = format_.driver == "ESRI Shapefile";
        RealShapes reals;
        if (shapefile) {
            const int wkt = options_.wkt_field && fields_geometry ? defn.GetFieldIndex(options_.wkt_field->c_str()) : -1;
            const bool any_type = out.spatial && !(options_.x_field && fields_geometry) &&
                                  (wkbFlatten(type) == wkbUnknown || wkbFlatten(type) == wkbGeometryCollection);
            auto survey = survey_for_shapefile(label, src, defn, any_type, wkt);
            reals = std::move(survey.reals);
            if (any_type && survey.type != wkbUnknown) type = survey.type;
        }

        // The output: KML by the streaming writer (output/kml_writer.hpp), every other format
        // through its GDAL driver.
        const bool kml = format_.driver == "KML";
        const bool cut = (format_.driver == "GeoJSON" || kml) && target_is_4326;
        const auto d = format_.driver;
        const bool rfc7946 = d == "GeoJSON" && target_is_4326;
        // Inside the file: the source's layer name, made safe (GPKG refuses special characters).
        const std::string layer_name = out.layer_name.empty() ? out.base : convert_detail::safe_name(out.layer_name);
        GDALDatasetUniquePtr ds;
        OGRLayer *dst = nullptr;
        std::optional<KmlOutput> kml_out;
        if (kml) {
            kml_out.emplace(out.staged);
        } else {
            io::ensure_gdal();
            auto *driver = GetGDALDriverManager()->GetDriverByName(std::string(format_.driver).c_str());
            if (!driver) throw Error("GDAL has no " + std::string(format_.driver) + " driver");
            CPLStringList dsco;
            if (format_.driver == "SQLite") dsco.SetNameValue("SPATIALITE", "YES");
            ds.reset(driver->Create(out.staged.c_str(), 0, 0, 0, GDT_Unknown, dsco.List()));
            if (!ds) throw Error(out.staged.filename().string() + ": cannot create: " + gdal_reason(errors));

            CPLStringList lco;
            if (d == "GeoJSON") {
                // RFC 7946 by hand in EPSG:4326 (io::rfc7946_geometry, a layer without CRS, so no
                // "crs" member): GDAL's RFC7946=YES drops the points of a GeometryCollection.
                lco.SetNameValue("RFC7946", "NO");
                lco.SetNameValue("COORDINATE_PRECISION", std::to_string(options_.precision).c_str());
            } else if (shapefile) {
                lco.SetNameValue("ENCODING", "UTF-8");
            } else if (d == "GPKG" || d == "SQLite") {
                lco.SetNameValue("GEOMETRY_NAME", std::string(schema::geometry_column).c_str());
                std::string fid = "fid";
                for (int n = 1; defn.GetFieldIndex(fid.c_str()) >= 0; ++n) fid = "fid_" + std::to_string(n);
                lco.SetNameValue("FID", fid.c_str());
            } else if (d == "FlatGeobuf") {
                lco.SetNameValue("SPATIAL_INDEX", "YES");
            } else if (d == "CSV") {
                if (type != wkbNone) lco.SetNameValue("GEOMETRY", wkbFlatten(type) == wkbPoint ? "AS_XY" : "AS_WKT");
                lco.SetNameValue("CREATE_CSVT", "YES");
            }
            dst = ds->CreateLayer(shapefile ? out.base.c_str() : layer_name.c_str(),
                                  type == wkbNone || rfc7946 ? nullptr : &target, type, lco.List());
            if (!dst) throw Error(label + ": cannot create the output layer: " + gdal_reason(errors));
        }

        auto plan = plan_fields(label, defn, dst, type, shapefile, fields_geometry, reals);
        if (shapefile) write_field_map(out, defn, plan);
        if (kml) kml_out->begin(layer_name, defn, plan.map, plan.renames);

        // GeoJSON: JSON values kept as the values they are (io::geojson_json_text).
        std::vector<int> json_fields;
        for (int k = 0; d == "GeoJSON" && dst && k < dst->GetLayerDefn()->GetFieldCount(); ++k) {
            if (dst->GetLayerDefn()->GetFieldDefn(k)->GetSubType() == OFSTJSON) json_fields.push_back(k);
        }

        // Features.
        const io::NulTexts nul(label, source, src);
        src.ResetReading();
        loading::GeosValidator geos;
        Written w;
        w.notes = std::move(notes);
        w.notes.insert(w.notes.end(), plan.notes.begin(), plan.notes.end());
        const bool transaction = ds && ds->StartTransaction(FALSE) == OGRERR_NONE;
        OGRFeatureUniquePtr feature(dst ? OGRFeature::CreateFeature(dst->GetLayerDefn()) : nullptr);
        const int target_dimension = type == wkbNone || wkbFlatten(type) == wkbUnknown ||
                                             wkbFlatten(type) == wkbGeometryCollection
                                         ? -1
                                         : OGR_GT_IsSubClassOf(wkbFlatten(type), wkbSurface) ||
                                                   OGR_GT_IsSubClassOf(wkbFlatten(type), wkbMultiSurface)
                                               ? 2
                                           : OGR_GT_IsSubClassOf(wkbFlatten(type), wkbCurve) ||
                                                   OGR_GT_IsSubClassOf(wkbFlatten(type), wkbMultiCurve)
                                               ? 1
                                               : 0;
        for (;;) {
            // A read error (a .shp cut short) is reported through GDAL's handler while the
            // feature still comes, without its geometry: the source fails, naming it.
            errors.clear();
            OGRFeatureUniquePtr in(src.GetNextFeature());
            if (const auto error = errors.last_error(); !error.empty()) {
                throw Error(label + ": " + (in ? "feature " + std::to_string(w.in + 1) : "after feature " + std::to_string(w.in)) +
                            ": cannot read it: " + error + " (a damaged or cut short file?)");
            }
            if (!in) break;
            ++w.in;
            if ((w.in & 0xfff) == 0 && stop_.load()) throw Cancelled{};
            const auto where = [&] { return label + ": feature " + std::to_string(w.in); };
            // A feature that cannot be written as it is fails its source, or with --skip-invalid
            // is left out and reported (what the driver itself refuses below fails the source).
            try {
                if (const auto *field = nul.field(in->GetFID()))
                    throw Error(where() + ", field " + *field + ": the text " + nul.reason());
                std::unique_ptr<OGRGeometry> geometry;
                if (plan.x >= 0) {
                    const std::string xs = in->IsFieldSetAndNotNull(plan.x) ? in->GetFieldAsString(plan.x) : "";
                    const std::string ys = in->IsFieldSetAndNotNull(plan.y) ? in->GetFieldAsString(plan.y) : "";
                    if (util::trim(xs).empty() || util::trim(ys).empty()) {
                        ++w.no_geometry;
                        continue;
                    }
                    try {
                        const double x = geographic_fields ? geo::parse_degrees(xs, geo::Axis::longitude)
                                                           : parse_number(xs, *options_.x_field);
                        const double y = geographic_fields ? geo::parse_degrees(ys, geo::Axis::latitude)
                                                           : parse_number(ys, *options_.y_field);
                        geometry = std::make_unique<OGRPoint>(x, y);
                    } catch (const Error &e) {
                        const std::string what = e.what();
                        throw Error(where() + (what.starts_with("field ") ? ", " : ": ") + what);
                    }
                } else if (plan.wkt >= 0) {
                    const std::string text = in->IsFieldSetAndNotNull(plan.wkt) ? in->GetFieldAsString(plan.wkt) : "";
                    if (util::trim(text).empty()) {
                        ++w.no_geometry;
                        continue;
                    }
                    OGRGeometry *parsed = nullptr;
                    const char *cursor = text.c_str();
                    if (OGRGeometryFactory::createFromWkt(&cursor, nullptr, &parsed) != OGRERR_NONE || !parsed) {
                        throw Error(where() + ": invalid WKT in field '" + *options_.wkt_field + "': '" +
                                    util::excerpt(text) + "'");
                    }
                    geometry.reset(parsed);
                } else if (out.spatial) {
                    geometry.reset(in->StealGeometry());
                }
                if (geometry && !geometry->IsEmpty()) {
                    if (!all_finite(*geometry)) throw Error(where() + ": a coordinate is not a finite number");
                    if (geographic_source) {
                        // As load: degrees or nothing (GDAL would write them on as they are).
                        if (auto why = io::degrees_problem(*geometry)) {
                            throw Error(where() + ": " + *why + " (" + crs_name(*source_srs) +
                                        " is in degrees: if these are not, give the source's CRS with --s-srs)");
                        }
                    }
                    if (geometry->getDimension() > 0) {
                        if (auto reason = geos.invalid_reason(*geometry)) {
                            if (!options_.make_valid) {
                                throw Error(where() + ": invalid geometry: " + *reason + " (use --make-valid to repair)");
                            }
                            const int dimension = geometry->getDimension();
                            // What GEOS cannot read (a ring of two points), MakeValid cannot repair.
                            if (auto readable = loading::readable_by_geos(*geometry)) geometry = std::move(readable);
                            const char *mv[] = {"METHOD=STRUCTURE", nullptr};
                            std::unique_ptr<OGRGeometry> fixed(geometry->IsEmpty() || !geos.invalid_reason(*geometry)
                                                                   ? geometry->clone()
                                                                   : geometry->MakeValid(mv));
                            if (!fixed) fixed.reset(geometry->MakeValid());
                            if (!fixed) throw Error(where() + ": invalid geometry (" + *reason + ") that GEOS cannot repair");
                            geometry = keep_dimension(std::move(fixed), dimension);
                            ++w.repaired;
                        }
                    }
                    if (transform) {
                        // As load: a point cannot cross 180°; anything else is cut where it does.
                        if (wkbFlatten(geometry->getGeometryType()) == wkbPoint) {
                            if (geometry->transform(transform.get()) != OGRERR_NONE) geometry.reset();
                        } else {
                            geometry = io::transform_wrapped(*geometry, *transform);
                        }
                        if (!geometry) throw Error(where() + ": cannot transform to " + crs_name(target));
                    }
                    if (rfc7946) {
                        geometry = io::rfc7946_geometry(std::move(geometry), where());
                    } else if (cut) {
                        const bool single = wkbFlatten(geometry->getGeometryType()) == wkbPolygon;
                        if (single) geometry.reset(OGRGeometryFactory::forceToMultiPolygon(geometry.release()));
                        geometry = cut_at_antimeridian_for_viewers(std::move(geometry), where());
                        if (single && geometry->toMultiPolygon()->getNumGeometries() == 1) {
                            geometry.reset(OGRGeometryFactory::forceToPolygon(geometry.release()));
                        }
                    }
                    if (target_dimension >= 0 && OGR_GT_IsSubClassOf(wkbFlatten(type), wkbGeometryCollection) &&
                        !OGR_GT_IsSubClassOf(wkbFlatten(geometry->getGeometryType()), wkbGeometryCollection)) {
                        geometry.reset(OGRGeometryFactory::forceTo(geometry.release(), type));
                    }
                }
                if (kml) {
                    try {
                        kml_out->placemark(*in, geometry.get());
                    } catch (const Error &e) {
                        const std::string what = e.what();
                        throw Error(where() + (what.starts_with("field ") ? ", " : ": ") + what);
                    }
                    ++w.out;
                    continue;
                }
                if (geometry) {
                    if (auto why = io::geometry_not_held(d, dst->GetGeomType(), *geometry)) throw Error(where() + ": " + *why);
                }
                feature->SetFieldsFrom(in.get(), plan.map.data(), TRUE);
                for (const int k : json_fields) {
                    if (!feature->IsFieldSetAndNotNull(k)) continue;
                    const std::string text = feature->GetFieldAsString(k);
                    const auto json = io::geojson_json_text(text);
                    if (!json) {
                        throw Error(where() + ", field " + feature->GetFieldDefnRef(k)->GetNameRef() + ": '" +
                                    util::excerpt(text) + "' would not read back the same from GeoJSON (an integer "
                                    "beyond 64 bits, or invalid UTF-8): use GPKG");
                    }
                    feature->SetField(k, json->c_str());
                }
                feature->SetGeometryDirectly(geometry.release());
                feature->SetFID(OGRNullFID);
                for (int f : plan.dbf_checks) {
                    if (!feature->IsFieldSetAndNotNull(f)) continue;
                    const std::size_t n = std::strlen(feature->GetFieldAsString(f));
                    if (n > dbf_text_max) {
                        throw Error(where() + ", field " + plan.renames[static_cast<std::size_t>(f)].first +
                                    ": text of " + std::to_string(n) +
                                    " bytes does not fit a Shapefile (DBF) field of at most 254 bytes; use "
                                    "another format (GPKG keeps any length)");
                    }
                }
            } catch (const Error &e) {
                if (!options_.skip_invalid) throw;
                w.rejects.push_back(reject(e.what(), where(), w.in, *in));
                continue;
            }
            errors.clear();
            if (dst->CreateFeature(feature.get()) != OGRERR_NONE) {
                throw Error(where() + ": cannot write: " + gdal_reason(errors));
            }
            if (shapefile && !errors.warnings().empty()) {
                // DBF could not hold a value as it is (a number too wide, say): nothing is cut quietly.
                throw Error(where() + ": " + errors.warnings().front());
            }
            ++w.out;
        }
        if (transaction && ds->CommitTransaction() != OGRERR_NONE) {
            throw Error(label + ": commit failed: " + gdal_reason(errors));
        }
        if (options_.styles && out.spatial) write_style(ds.get(), dst, out, plan);
        if (kml) {
            kml_out->finish();
            io::check_space_left(out.staged);
            return w;
        }
        // Close explicitly: a failed close (the last write, the header, the index) is an error.
        errors.clear();
        ds->FlushCache(true);
        GDALClose(GDALDataset::ToHandle(ds.release()));
        if (!errors.last_error().empty()) {
            throw Error(out.staged.filename().string() + ": closing failed: " + errors.last_error());
        }
        io::check_space_left(out.staged);
        return w;
    }

    using RealShapes = std::vector<std::optional<shapefile::NumberShape>>;

    // What a Shapefile must know before its first feature, from one pass over the source (the
    // second pass writes).
    // - Reals: DBF keeps a real as fixed-point text of its field's width and decimals, and GDAL
    //   rounds what does not fit without a word (1.5e-20 in a 24.15 field is 0.000000000000000).
    //   Each real field is sized from its values, as export sizes its fields, so every value
    //   reads back as the same double. Entry i is source field i's shape, empty for other types
    //   and for a field with no value.
    // - The geometry type, when the source does not declare one (GeoJSON, WKT in a CSV, a GPKG
    //   "GEOMETRY" layer): a Shapefile holds one kind. Points stay points unless one is a
    //   MultiPoint, lines and polygons become their multi types (which take the single ones), and
    //   a layer mixing kinds is refused with the way out.
    struct ShapefileSurvey {
        RealShapes reals;
        OGRwkbGeometryType type = wkbUnknown; ///< wkbUnknown: not surveyed, or no geometry
    };

    ShapefileSurvey survey_for_shapefile(const std::string &label, OGRLayer &src, OGRFeatureDefn &defn,
                                         bool geometry_kinds, int wkt_field) {
        ShapefileSurvey survey;
        survey.reals.resize(static_cast<std::size_t>(defn.GetFieldCount()));
        std::vector<int> reals;
        for (int i = 0; i < defn.GetFieldCount(); ++i) {
            if (defn.GetFieldDefn(i)->GetType() == OFTReal) reals.push_back(i);
        }
        if (reals.empty() && !geometry_kinds) return survey;
        std::set<OGRwkbGeometryType> kinds;
        bool z = false;
        src.ResetReading();
        std::int64_t n = 0;
        for (;;) {
            OGRFeatureUniquePtr feature(src.GetNextFeature());
            if (!feature) break;
            ++n;
            if ((n & 0xfff) == 0 && stop_.load()) throw Cancelled{};
            for (const int i : reals) {
                if (!feature->IsFieldSetAndNotNull(i)) continue;
                const double v = feature->GetFieldAsDouble(i);
                if (!std::isfinite(v)) {
                    throw Error(label + ": feature " + std::to_string(n) + ", field " +
                                defn.GetFieldDefn(i)->GetNameRef() + ": " + feature->GetFieldAsString(i) +
                                " cannot be written to a Shapefile (DBF has no NaN or infinity); use GPKG");
                }
                const auto shape = shapefile::number_shape(v);
                auto &field = survey.reals[static_cast<std::size_t>(i)];
                if (field) {
                    field->hold(shape);
                } else {
                    field = shape;
                }
            }
            if (!geometry_kinds) continue;
            std::unique_ptr<OGRGeometry> parsed;
            const OGRGeometry *g = feature->GetGeometryRef();
            if (wkt_field >= 0) {
                // Unparsable text is left for the writing pass to report with its feature.
                const std::string text = feature->IsFieldSetAndNotNull(wkt_field) ? feature->GetFieldAsString(wkt_field) : "";
                OGRGeometry *p = nullptr;
                const char *cursor = text.c_str();
                if (!util::trim(text).empty() && OGRGeometryFactory::createFromWkt(&cursor, nullptr, &p) == OGRERR_NONE) {
                    parsed.reset(p);
                }
                g = parsed.get();
            }
            if (!g || g->IsEmpty()) continue;
            kinds.insert(wkbFlatten(g->getGeometryType()));
            z = z || g->Is3D();
        }
        for (const int i : reals) {
            const auto &shape = survey.reals[static_cast<std::size_t>(i)];
            if (shape && shape->width() > 255) {
                throw Error(label + ": field " + defn.GetFieldDefn(i)->GetNameRef() + ": its numbers need " +
                            std::to_string(shape->width()) +
                            " characters, more than a Shapefile (DBF) field holds; use GPKG");
            }
        }
        if (kinds.empty()) return survey;
        const auto only = [&](std::initializer_list<OGRwkbGeometryType> allowed) {
            return std::all_of(kinds.begin(), kinds.end(), [&](OGRwkbGeometryType k) {
                return std::find(allowed.begin(), allowed.end(), k) != allowed.end();
            });
        };
        OGRwkbGeometryType type;
        if (only({wkbPoint})) type = wkbPoint;
        else if (only({wkbPoint, wkbMultiPoint})) type = wkbMultiPoint;
        else if (only({wkbLineString, wkbMultiLineString})) type = wkbMultiLineString;
        else if (only({wkbPolygon, wkbMultiPolygon})) type = wkbMultiPolygon;
        else {
            std::string names;
            for (const auto k : kinds) names += (names.empty() ? "" : ", ") + std::string(OGRGeometryTypeToName(k));
            throw Error(label + ": a Shapefile holds one kind of geometry, and this layer has " + names +
                        ": use GPKG, or --where to take one kind at a time");
        }
        survey.type = z ? OGR_GT_SetZ(type) : type;
        return survey;
    }

    /// The output fields, created in `dst` (none for KML, whose writer takes them from the plan);
    /// `type`: the output's geometry type.
    FieldPlan plan_fields(const std::string &label, OGRFeatureDefn &defn, OGRLayer *dst, OGRwkbGeometryType type, bool shapefile,
                          bool fields_geometry, const RealShapes &reals) {
        FieldPlan plan;
        io::GdalErrors errors;
        plan.map.assign(static_cast<std::size_t>(defn.GetFieldCount()), -1);
        if (fields_geometry) {
            const auto find = [&](const std::optional<std::string> &name, const char *option) {
                if (!name) return -1;
                const int i = defn.GetFieldIndex(name->c_str());
                if (i < 0) {
                    std::string known;
                    for (int k = 0; k < defn.GetFieldCount() && k < 30; ++k) {
                        known += (k ? ", " : "") + std::string(defn.GetFieldDefn(k)->GetNameRef());
                    }
                    throw Error(label + ": " + option + " '" + *name + "': no such field (fields: " + known + ")");
                }
                return i;
            };
            plan.x = find(options_.x_field, "--x-field");
            plan.y = find(options_.y_field, "--y-field");
            plan.wkt = find(options_.wkt_field, "--wkt-field");
        }
        const auto unique = unique_names(defn, plan.wkt, dst ? dst->GetGeomType() : type, plan.notes);
        std::set<std::string> dbf_names;
        int next = 0;
        for (int i = 0; i < defn.GetFieldCount(); ++i) {
            if (i == plan.wkt) continue; // the WKT column is the geometry
            const OGRFieldDefn &in = *defn.GetFieldDefn(i);
            OGRFieldDefn field(&in);
            const std::string full = unique[static_cast<std::size_t>(i)];
            std::string name = full;
            field.SetName(name.c_str());
            if (shapefile) {
                name = dbf_name(full, dbf_names);
                field.SetName(name.c_str());
                switch (in.GetType()) {
                case OFTReal:
                    if (const auto &shape = reals[static_cast<std::size_t>(i)]) {
                        field.SetWidth(shape->width());
                        field.SetPrecision(shape->decimals);
                    }
                    break;
                case OFTInteger:
                case OFTInteger64:
                case OFTDate:
                    break;
                case OFTString:
                    if (in.GetWidth() <= 0 || in.GetWidth() > static_cast<int>(dbf_text_max)) {
                        field.SetWidth(static_cast<int>(dbf_text_max));
                    }
                    break;
                default:
                    // DateTime, Time, lists, binary: DBF has no such type; written as GDAL's text
                    // (a DateTime as YYYY/MM/DD HH:MM:SS).
                    field.SetType(OFTString);
                    field.SetSubType(OFSTNone);
                    field.SetWidth(static_cast<int>(dbf_text_max));
                    field.SetPrecision(0);
                }
            }
            errors.clear();
            if (dst && dst->CreateField(&field, FALSE) != OGRERR_NONE) {
                const auto reason = format_.driver == "ESRI Shapefile"
                                        ? io::dbf_field_refusal(*dst->GetLayerDefn(), field, gdal_reason(errors))
                                        : gdal_reason(errors);
                throw Error(label + ": cannot create field " + full + ": " + reason);
            }
            if (dst && dst->GetLayerDefn()->GetFieldCount() != next + 1) {
                throw Error(label + ": the " + std::string(format_.driver) + " driver did not add field " + name);
            }
            plan.map[static_cast<std::size_t>(i)] = next;
            plan.renames.emplace_back(full, name);
            if (shapefile && field.GetType() == OFTString) plan.dbf_checks.push_back(next);
            ++next;
        }
        return plan;
    }

    /// The names the source's fields are written under (the WKT field `wkt` is none): unique as
    /// the driver compares them, none taken by a column the driver makes itself; each renamed one
    /// is said in `notes`.
    std::vector<std::string> unique_names(OGRFeatureDefn &defn, int wkt, OGRwkbGeometryType type,
                                          std::vector<std::string> &notes) const {
        std::vector<std::string> given, names;
        for (int i = 0; i < defn.GetFieldCount(); ++i) {
            if (i == wkt) continue;
            given.emplace_back(defn.GetFieldDefn(i)->GetNameRef());
            names.push_back(io::driver_field_name(format_.driver, given.back()));
        }
        const auto reserved = io::reserved_field_names(format_.driver, type);
        auto unique = output::unique_field_names(names, reserved);
        for (std::size_t i = 0; i < names.size(); ++i) {
            if (unique[i] == names[i]) continue;
            const bool own = std::any_of(reserved.begin(), reserved.end(), [&](const std::string &r) {
                return util::to_lower(r) == util::to_lower(names[i]);
            });
            notes.push_back("field '" + util::excerpt(given[i]) + "' " +
                            (own ? "is a column " + std::string(format_.driver) + " makes itself"
                                 : "repeats the name of an earlier field") +
                            ": its values are kept as '" + util::excerpt(unique[i]) + "'");
        }
        if (wkt >= 0) unique.insert(unique.begin() + wkt, std::string());
        return unique;
    }

    /// A DBF field name: export's fixed short name, the name itself when it fits, else cut to 10
    /// bytes (whole characters) and numbered until unique; the mapping goes to .fieldmap.csv.
    static std::string dbf_name(const std::string &full, std::set<std::string> &taken) {
        std::string base;
        try {
            base = shapefile::field_name(full);
        } catch (const Error &) {
            std::size_t cut = dbf_name_max;
            while (cut > 0 && (static_cast<unsigned char>(full[cut]) & 0xC0) == 0x80) --cut;
            base = full.substr(0, cut);
        }
        std::string name = base;
        for (int n = 2; taken.contains(util::to_lower(name)); ++n) {
            const std::string suffix = '_' + std::to_string(n);
            std::size_t cut = std::min(base.size(), dbf_name_max - suffix.size());
            while (cut > 0 && (static_cast<unsigned char>(base[cut]) & 0xC0) == 0x80) --cut;
            name = base.substr(0, cut) + suffix;
        }
        taken.insert(util::to_lower(name));
        return name;
    }

    static void write_field_map(const Output &out, OGRFeatureDefn &, const FieldPlan &plan) {
        bool renamed = false;
        for (const auto &[full, name] : plan.renames) renamed = renamed || full != name;
        if (!renamed) return;
        std::string csv = "short,full,part\n";
        for (const auto &[full, name] : plan.renames) csv += util::csv_quote(name) + "," + util::csv_quote(full) + ",1\n";
        write_text_file(out.staged.parent_path() / (out.base + ".fieldmap.csv"), csv);
    }

    /// A style only where the layer is one of the store's layers (an atlas export converted).
    /// `ds` and `layer` are those of a GPKG or SQLite output (null for KML).
    void write_style(GDALDataset *ds, OGRLayer *layer, const Output &out, const FieldPlan &plan) {
        if (!schema::find_layer(out.layer_name)) return;
        auto qml = style::read_layer_style(styles_dir(), out.layer_name);
        if (!qml) return;
        if (!format_.multi_layer) {
            if (format_.driver == "ESRI Shapefile") qml = style::rename_fields(std::move(*qml), plan.renames);
            write_text_file(out.staged.parent_path() / (out.base + ".qml"), *qml);
            return;
        }
        // GPKG / SQLite: QGIS's layer_styles table, as export writes it.
        io::write_layer_styles(*ds, {{layer->GetName(), layer->GetGeometryColumn(), out.layer_name, std::move(*qml)}},
                               format_.driver == "GPKG");
    }

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

void write_report_csv(const ConvertReport &report) {
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
               util::csv_quote(outputs) + "," + util::csv_quote(reason) + "\n";
    }
    // The report of a run before is replaced: it describes the folder, which this run changed.
    output::StagedFile file(report.report_csv, output::Rules{true, nullptr});
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
    if (options.format.empty()) throw UsageError("no format (-f FORMAT)");
    if (options.output_dir.empty()) throw UsageError("no output folder (-o DIR)");
    const auto &format = resolve_format(options.format);
    if (options.precision < 0 || options.precision > 17) {
        throw UsageError("--precision " + std::to_string(options.precision) + ": expected 0 to 17 decimals");
    }
    if (options.x_field.has_value() != options.y_field.has_value()) {
        throw UsageError("--x-field and --y-field go together");
    }
    if (options.x_field && options.wkt_field) {
        throw UsageError("--x-field/--y-field and --wkt-field exclude each other");
    }
    if (!options.rejects_csv.empty() && !options.skip_invalid) {
        throw UsageError("--rejects needs --skip-invalid (without it the first bad feature fails its source)");
    }
    (void)convert_detail::apply_template(options.layer_name_template, "s", "l", "d", 1);
    // CRSs: an unknown one is a run error (1), as in load and export.
    if (options.source_srs) (void)io::parse_crs(*options.source_srs);
    if (options.target_srs) {
        const auto target = io::parse_crs(*options.target_srs);
        if (format.driver == "KML" && !same_crs(target, epsg4326())) {
            throw UsageError("KML holds EPSG:4326 only; drop --t-srs");
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
    Batch batch(options, format, std::move(found), on_source);
    auto report = batch.run(jobs);
    report.report_csv = dir / report_name;
    write_report_csv(report);
    if (rejects) {
        std::vector<Reject> all; // of the sources converted: a failed one left nothing out, it wrote nothing
        for (const auto &s : report.sources) {
            if (s.status == SourceSummary::Status::ok) all.insert(all.end(), s.rejects.begin(), s.rejects.end());
        }
        write_rejects_csv(rejects->stream(), all);
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
