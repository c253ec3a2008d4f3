#include "command.hpp"
#include "output.hpp"

#include "depomap/dms.hpp"
#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "depomap/store.hpp"
#include "depomap/table.hpp"

#include "output/within_answer.hpp"
#include "util/text.hpp"

#include <cmath>
#include <filesystem>
#include <optional>
#include <utility>

namespace depomap::cli {
namespace {

/// Hemisphere letters that end a coordinate: the place where "52°17′N 104°17′E" splits.
bool ends_with_hemisphere(std::string_view part) {
    part = util::trim(part);
    for (std::string_view letter : {"N", "S", "E", "W", "n", "s", "e", "w", "С", "Ю", "В", "З", "с", "ю", "в", "з",
                                    "ш.", "д."}) {
        if (part.ends_with(letter)) return true;
    }
    return false;
}

/// The two coordinates of --point: split at its one comma (or semicolon), else at the space after
/// the first coordinate's hemisphere letter.
std::pair<std::string_view, std::string_view> split_point(std::string_view text) {
    for (char separator : {',', ';'}) {
        if (const auto at = text.find(separator); at != text.npos && text.find(separator, at + 1) == text.npos) {
            return {text.substr(0, at), text.substr(at + 1)};
        }
    }
    for (std::size_t at = text.find(' '); at != text.npos; at = text.find(' ', at + 1)) {
        if (ends_with_hemisphere(text.substr(0, at))) return {text.substr(0, at), text.substr(at + 1)};
    }
    return {};
}

/// --point: LON,LAT in decimal degrees, or two coordinates in any spelling load reads (DMS,
/// hemisphere letters, Russian с.ш./в.д.); with hemisphere letters they may come in either order.
geo::LonLat parse_point(const std::string &text) {
    const auto fail = [&](const std::string &why) {
        return UsageError("--point '" + text + "': " + why +
                          " (LON,LAT in decimal degrees, or e.g. \"52°17′N 104°17′E\")");
    };
    const auto [first, second] = split_point(text);
    if (util::trim(first).empty() || util::trim(second).empty()) throw fail("expected two coordinates");
    geo::Coordinate a{}, b{};
    try {
        a = geo::parse_coordinate(util::trim(first), geo::Axis::unknown);
        b = geo::parse_coordinate(util::trim(second), geo::Axis::unknown);
    } catch (const Error &e) {
        throw fail(e.what());
    }
    if (a.axis != geo::Axis::unknown && a.axis == b.axis) throw fail("both coordinates are of one axis");
    const bool lat_first = a.axis == geo::Axis::latitude || b.axis == geo::Axis::longitude;
    const geo::LonLat p = lat_first ? geo::LonLat{b.degrees, a.degrees} : geo::LonLat{a.degrees, b.degrees};
    if (!(std::abs(p.lat) <= 90) || !(std::abs(p.lon) <= 180)) throw fail("out of range");
    return p;
}

class WithinCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        auto *id = app.add_option("--id", id_, "centre on this feature (deposit, site or reserve area id)");
        auto *point = app.add_option("--point", point_, "centre on this point")->option_text("LON,LAT");
        auto *line = app.add_option("--line", line_,
                                    "a corridor: everything within --km of this line (WKT LINESTRING or "
                                    "MULTILINESTRING, or a GeoJSON file of lines, EPSG:4326)")
                         ->option_text("WKT|FILE");
        id->excludes(point);
        line->excludes(id)->excludes(point);
        app.add_option("--km", km_, "radius in kilometres")->required();
        add_search_layer_option(app, layer_);
        add_store_where_option(app, where_);
        app.add_option("-k", k_, "at most this many, the nearest first")->check(CLI::Range(1, 1 << 30));
        add_answer_format_option(app, format_, AnswerLayers::points);
        add_bearing_option(app, bearing_);
        output_.add(app);
    }

    int run(Context &ctx) override {
        const auto format = is_layer_format(format_) ? TableFormat{} : parse_table_format(format_);
        if (is_layer_format(format_)) output_.require_file(format_);
        if (id_.empty() + point_.empty() + line_.empty() != 2) {
            throw UsageError("give --id ID, --point LON,LAT or --line LINE");
        }
        auto store = Store::open(db_, Store::Access::read_only);
        if (!line_.empty()) {
            if (bearing_) throw UsageError("--bearing: a corridor has no direction (--line gives line_lon, line_lat)");
            return run_corridor(ctx, store, format);
        }
        geo::LonLat centre{};
        std::string centre_id;
        if (!id_.empty()) {
            const auto f = query::find_feature(store, id_);
            centre = f.position;
            centre_id = f.id;
        } else {
            centre = parse_point(point_);
        }
        const auto result = query::within(store, layer_, centre, km_ * 1000.0, where_);
        const Table t = output::within_table(result, centre_id, k_, bearing_);
        return write(ctx, t, format, source_inputs({layer_}));
    }

  private:
    int run_corridor(Context &ctx, Store &store, TableFormat format) {
        const auto result = query::within_lines(store, layer_, query::read_lines(line_), km_ * 1000.0, where_);
        std::vector<std::string> inputs = source_inputs({layer_}); // and a line file: never written over
        if (std::error_code ec; std::filesystem::exists(line_, ec)) inputs.push_back(line_);
        const Table t = output::corridor_table(result, k_);
        return write(ctx, t, format, inputs);
    }

    /// The answer as text, or as a layer of points (at the lon, lat columns) with the style of
    /// the layer searched (a source's: the deposits').
    int write(Context &ctx, const Table &t, TableFormat format, const std::vector<std::string> &inputs) {
        if (is_layer_format(format_)) {
            write_answer_layer(output::answer_points(t, "within", query::is_store_layer(layer_) ? layer_ : "deposits"),
                               format_, output_, db_, inputs);
            return 0;
        }
        Output output(ctx.out, output_, db_, inputs);
        write_table(output.stream(), t, format);
        output.close();
        return 0;
    }

    std::string db_, id_, point_, line_, layer_ = "deposits", format_ = "table";
    OutputOption output_;
    std::optional<std::string> where_;
    std::optional<std::size_t> k_;
    double km_ = 0;
    bool bearing_ = false;
};

} // namespace

std::unique_ptr<Command> make_within() { return std::make_unique<WithinCommand>(); }

} // namespace depomap::cli
