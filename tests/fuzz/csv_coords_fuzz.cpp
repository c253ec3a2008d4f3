// CSV coordinates through the load path: `--x-field/--y-field` cells of any text (decimal, DMS,
// garbage) in a real CSV read by GDAL, loaded into an in-memory store.
//
// The input is the longitude cell, a newline, then the latitude cell. The cells are written
// RFC 4180-quoted under an id column; GDAL reads the file as the loader does (every cell as
// text), and what it hands over decides the expected outcome:
// - a feature loads exactly when both cells are valid UTF-8, non-blank and accepted by
//   geo::parse_degrees for their axis, and its stored point is exactly those two values;
// - otherwise it is rejected (--skip-invalid) or the load fails (without it) with a one-line
//   message, the store unchanged; read = inserted + rejected either way;
// - a file holding a NUL byte is refused whole, with or without --skip-invalid (GDAL's CSV reader
//   ends a line at a NUL, so what it reads after it is not what the file says).
#include "fuzz_support.hpp"

#include "depomap/dms.hpp"
#include "depomap/load.hpp"
#include "gdal/io/gdal.hpp"
#include "util/text.hpp"

#include <cpl_error.h>
#include <ogrsf_frmts.h>

#include <optional>

namespace {

constexpr const char *target = "csv_coords_fuzz";

using depomap::fuzz::broken;
using depomap::geo::Axis;

depomap::fuzz::FuzzStore &fuzz_store() {
    static depomap::fuzz::FuzzStore store(target);
    return store;
}

struct Cells {
    std::string id, x, y;
};

/// The one feature GDAL reads from the file, as text; nothing when the file does not read as
/// exactly one feature with our id (then only the general invariants are checked).
std::optional<Cells> read_back(const std::string &path) {
    auto ds = depomap::io::open_vector(path, {"AUTODETECT_TYPE=NO", "KEEP_GEOM_COLUMNS=YES"});
    if (ds->GetLayerCount() != 1)
        return std::nullopt;
    OGRLayer *layer = ds->GetLayer(0);
    std::optional<Cells> cells;
    for (auto &feature : *layer) {
        if (cells)
            return std::nullopt;
        const int id = feature->GetFieldIndex("id"), x = feature->GetFieldIndex("lon"),
                  y = feature->GetFieldIndex("lat");
        if (id < 0 || x < 0 || y < 0)
            return std::nullopt;
        cells = Cells{feature->GetFieldAsString(id), feature->GetFieldAsString(x),
                      feature->GetFieldAsString(y)};
    }
    if (!cells || cells->id != "p1")
        return std::nullopt;
    return cells;
}

std::optional<double> expected_degrees(const std::string &text, Axis axis) {
    if (!depomap::util::is_valid_utf8(text) || depomap::util::trim(text).empty())
        return std::nullopt;
    try {
        return depomap::geo::parse_degrees(text, axis);
    } catch (const depomap::ParseError &) {
        return std::nullopt;
    }
}

/// Loads the file; returns the report, or nothing when the load threw (checked here).
std::optional<depomap::LoadReport> load(const std::string &path, bool skip_invalid) {
    auto &fs = fuzz_store();
    const auto objects = fs.schema_objects("deposits");
    depomap::LoadOptions options;
    options.x_field = "lon";
    options.y_field = "lat";
    options.skip_invalid = skip_invalid;
    try {
        auto report = depomap::load(fs.store(), {path}, options);
        const auto rejected = static_cast<std::int64_t>(report.rejects.size());
        if (report.read != report.inserted + rejected)
            broken(target, "read != inserted + rejected");
        for (const auto &r : report.rejects)
            depomap::fuzz::expect_one_line(target, r.reason);
        fs.expect_layer("deposits", report.inserted, objects, true);
        return report;
    } catch (const depomap::Error &e) {
        depomap::fuzz::expect_one_line(target, e.what());
        fs.expect_layer("deposits", 0, objects, true);
        return std::nullopt;
    }
}

void check_stored_point(double x, double y) {
    auto stmt = fuzz_store().store().db().prepare("SELECT ST_X(geom), ST_Y(geom) FROM deposits");
    if (!stmt.step())
        broken(target, "the loaded point is not in the store");
    const double sx = stmt.column_double(0), sy = stmt.column_double(1);
    if (sx != x || sy != y) {
        broken(target, "stored (" + std::to_string(sx) + ", " + std::to_string(sy) +
                           "), parsed (" + std::to_string(x) + ", " + std::to_string(y) + ")");
    }
}

} // namespace

extern "C" int LLVMFuzzerInitialize(int *, char ***) {
    CPLSetErrorHandler(CPLQuietErrorHandler);
    fuzz_store();
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char *>(data), size);
    const auto newline = input.find('\n');
    const std::string_view x = input.substr(0, newline);
    const std::string_view y = newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);

    const auto path = (depomap::fuzz::scratch_dir() / "input.csv").string();
    depomap::fuzz::write_file(path, "id,lon,lat\n\"p1\"," + depomap::util::csv_quote(x) + "," +
                                        depomap::util::csv_quote(y) + "\n");
    std::optional<Cells> cells;
    try {
        cells = read_back(path);
    } catch (const depomap::Error &) {
    }

    auto &fs = fuzz_store();
    const auto lenient = load(path, true);
    if (input.find('\0') != std::string_view::npos) {
        if (lenient)
            broken(target, "a CSV holding a NUL loaded with --skip-invalid");
        if (load(path, false))
            broken(target, "a CSV holding a NUL loaded");
        return 0;
    }
    std::optional<std::pair<double, double>> expected;
    if (cells) {
        const auto ex = expected_degrees(cells->x, Axis::longitude);
        const auto ey = expected_degrees(cells->y, Axis::latitude);
        if (ex && ey)
            expected.emplace(*ex, *ey);
        if (!lenient)
            broken(target, "the load of a one-feature CSV failed with --skip-invalid");
        if (lenient->read != 1)
            broken(target, "GDAL reads one feature, the load " + std::to_string(lenient->read));
        if (expected.has_value() != (lenient->inserted == 1)) {
            broken(target, std::string(expected ? "parse_degrees accepts" : "parse_degrees refuses") +
                               " the cells, the load " + (lenient->inserted ? "too" : "does not"));
        }
        if (expected)
            check_stored_point(expected->first, expected->second);
    }
    fs.reset("deposits");

    const auto strict = load(path, false);
    if (strict && lenient && !lenient->rejects.empty())
        broken(target, "the load succeeded without --skip-invalid despite a bad feature");
    if (lenient && lenient->rejects.empty() && !strict)
        broken(target, "a load that rejects nothing fails without --skip-invalid");
    fs.reset("deposits");
    return 0;
}
