// Any bytes as a .geojson file through the whole load path (src/gdal/io/geojson_stream.cpp, GDAL for
// what the stream leaves to it, src/gdal/load/load.cpp, the layer writer) into an in-memory store.
//
// Each input is loaded three ways: into deposits with and without --skip-invalid, and into
// reserve_areas (polygons, GEOS validation) with it. What must hold:
// - a load either returns or throws depomap::Error with a one-line message (anything else
//   escapes and libFuzzer reports it);
// - read = inserted + rejected; the layer holds the inserted rows, each with its R*Tree entry,
//   and its triggers and indexes are back;
// - a failed load leaves the store as it was;
// - all or nothing: without --skip-invalid the load succeeds exactly when the --skip-invalid
//   load rejected nothing, with the same counts.
#include "fuzz_support.hpp"

#include "depomap/load.hpp"

#include <cpl_error.h>

#include <optional>

namespace {

constexpr const char *target = "geojson_load_fuzz";

using depomap::fuzz::broken;

struct Outcome {
    std::optional<depomap::LoadReport> report; ///< nothing when the load threw
};

depomap::fuzz::FuzzStore &fuzz_store() {
    static depomap::fuzz::FuzzStore store(target);
    return store;
}

Outcome load_once(const std::string &path, const std::string &layer, bool skip_invalid,
                  bool spatial) {
    auto &fs = fuzz_store();
    const auto objects = fs.schema_objects(layer);
    fs.expect_layer(layer, 0, objects, spatial);
    depomap::LoadOptions options;
    options.layer = layer;
    options.skip_invalid = skip_invalid;
    Outcome outcome;
    try {
        auto report = depomap::load(fs.store(), {path}, options);
        const auto rejected = static_cast<std::int64_t>(report.rejects.size());
        if (report.read != report.inserted + rejected) {
            broken(target, "read " + std::to_string(report.read) + " != inserted " +
                               std::to_string(report.inserted) + " + rejected " +
                               std::to_string(rejected));
        }
        if (!skip_invalid && rejected != 0)
            broken(target, "rejects reported without --skip-invalid");
        for (const auto &r : report.rejects) {
            depomap::fuzz::expect_one_line(target, r.reason);
            if (r.index < 1 || r.index > report.read)
                broken(target, "reject index " + std::to_string(r.index) + " out of range");
        }
        fs.expect_layer(layer, report.inserted, objects, spatial);
        outcome.report = std::move(report);
    } catch (const depomap::Error &e) {
        depomap::fuzz::expect_one_line(target, e.what());
        fs.expect_layer(layer, 0, objects, spatial);
    }
    fs.reset(layer);
    return outcome;
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    // GDAL's messages for what it cannot open would flood the fuzzer's output.
    CPLSetErrorHandler(CPLQuietErrorHandler);
    fuzz_store();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const auto path = (depomap::fuzz::scratch_dir() / "input.geojson").string();
    depomap::fuzz::write_file(path, {reinterpret_cast<const char *>(data), size});

    const auto lenient = load_once(path, "deposits", true, true);
    const auto strict = load_once(path, "deposits", false, true);
    if (lenient.report && lenient.report->rejects.empty()) {
        if (!strict.report)
            broken(target, "a load that rejects nothing fails without --skip-invalid");
        if (strict.report->read != lenient.report->read ||
            strict.report->inserted != lenient.report->inserted)
            broken(target, "the strict and lenient loads disagree on the counts");
    } else if (strict.report) {
        broken(target, "without --skip-invalid a load with rejects (or a failure) succeeded");
    }
    load_once(path, "reserve_areas", true, true);
    return 0;
}
