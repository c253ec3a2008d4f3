#pragma once
// Batch conversion of vector sources (files, folders, glob patterns) into one format and one CRS,
// through the same formats and guarantees as export (docs/DESIGN.md): every output is written
// under a temporary name and renamed into place when complete, nothing a format cannot hold is
// dropped silently, GeoJSON/KML are cut at the antimeridian, styles where a layer is a store layer.
#include "depomap/load.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace depomap {

struct ConvertOptions {
    std::vector<std::string> sources; ///< files, folders (recursed) and glob patterns
    std::string format;               ///< GDAL short name or alias (as export)
    std::filesystem::path output_dir;
    std::optional<std::string> target_srs; ///< default: EPSG:4326 (longitude first)
    std::optional<std::string> source_srs; ///< overrides every source's CRS (as load / ogr2ogr)
    unsigned jobs = 0;                     ///< sources converted at once; 0: hardware threads
    bool keep_going = false;
    bool overwrite = false;
    bool make_valid = false;
    /// A feature that cannot be converted as it is (invalid geometry, coordinates out of range,
    /// what the format cannot hold) is left out and reported in SourceSummary::rejects, as load
    /// does with LoadOptions::skip_invalid, instead of failing its source.
    bool skip_invalid = false;
    /// With skip_invalid: every reject of the batch as CSV (source,index,id,reason, as load
    /// writes them) here; staged before the first source is read (an unwritable path fails the
    /// batch before it starts) and published at the end, replacing a file only with overwrite.
    std::filesystem::path rejects_csv;
    /// Output name: {source} (file stem), {layer}, {dir} (folder below the argument), {index}.
    /// Empty: {source} for a one-layer source, {source}_{layer} otherwise.
    std::string layer_name_template;
    std::optional<std::string> where; ///< OGR SQL attribute filter on every layer
    int precision = 7;                ///< GeoJSON coordinate decimals
    /// CSV coordinates (as load: degrees or DMS when the CSV's CRS is geographic); they apply to
    /// the .csv sources of the batch, other sources keep their own geometry. Rows with an empty
    /// coordinate are skipped and counted in the summary; the WKT column becomes the geometry.
    std::optional<std::string> x_field, y_field, wkt_field;
    bool styles = true;
    /// Runs each source in a child process, so that a driver that crashes (a segfault in a GDAL
    /// reader) fails that source only, reported with its signal: the program and arguments that
    /// start a worker, one that calls serve_convert_worker with convert_worker_fd (the CLI: its own
    /// executable, /proc/self/exe, in convert's internal worker mode). Empty: in this process.
    std::vector<std::string> worker_command;
    /// The words of the rejects file's and the report's reasons (depomap::Wording).
    Wording wording;
};

/// What happened to one source (one line of the summary and of convert-report.csv).
struct SourceSummary {
    enum class Status { ok, failed, skipped, cancelled };
    std::string source;
    Status status = Status::ok;
    std::string reason;                        ///< why it failed / was skipped
    std::int64_t features_in = 0;              ///< read (after ConvertOptions::where)
    std::int64_t features_out = 0;             ///< written
    std::vector<std::filesystem::path> outputs; ///< main file of each output
    std::vector<std::string> notes;            ///< not errors (rows without coordinates, ...)
    std::vector<Reject> rejects;               ///< features left out (skip_invalid); id: the source FID
};

std::string_view status_name(SourceSummary::Status status);

struct ConvertReport {
    std::vector<SourceSummary> sources; ///< in source order
    bool stopped = false;               ///< a failure stopped the batch (no ConvertOptions::keep_going)
    std::filesystem::path report_csv;   ///< DIR/convert-report.csv
    bool any_failed() const;
};

/// Converts every source. Throws UsageError for a bad request and Error when the batch cannot
/// start (unknown CRS, no output folder); a source's own failure is in the report (and stops the
/// batch without keep_going). `on_source` is called (from any thread, one at a time) when a
/// source is done: its summary, how many sources are done, how many there are.
ConvertReport convert(const ConvertOptions &options,
                      const std::function<void(const SourceSummary &, std::size_t, std::size_t)> &on_source = {});

/// The fd a worker finds its socket to the parent on.
inline constexpr int convert_worker_fd = 3;

/// A worker process's side of ConvertOptions::worker_command: reads and writes the sources its
/// parent sends over the socket `fd`, one at a time, until the parent closes it (0), or answers
/// what is not a request with 1. `options` must be the parent's.
int serve_convert_worker(const ConvertOptions &options, int fd);

namespace convert_detail {

/// One source file found from the arguments, or a problem found while looking (a missing file,
/// a symlink loop) that the report names.
struct FoundSource {
    std::filesystem::path path;
    std::string dir;     ///< folder below the argument it was found in ("" at the top)
    std::string problem; ///< non-empty: not a source to convert
    bool failed = false; ///< the problem is a failure (missing file), not a skip (symlink loop)
};

/// Expands files, folders (recursed, symlink loops detected) and glob patterns, in a stable
/// order; `exclude` (the output folder) is never entered.
std::vector<FoundSource> find_sources(const std::vector<std::string> &arguments,
                                      const std::filesystem::path &exclude);
/// A file name part made safe: no separators, no leading dots, no control characters, not
/// empty, at most 100 bytes of valid UTF-8.
std::string safe_name(std::string_view name);
/// Fills a ConvertOptions::layer_name_template (throws UsageError for an unknown placeholder,
/// BadValue "layer name template" for an unclosed '{').
std::string apply_template(std::string_view pattern, std::string_view source, std::string_view layer,
                           std::string_view dir, int index);

} // namespace convert_detail

} // namespace depomap
