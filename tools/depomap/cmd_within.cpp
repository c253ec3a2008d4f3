#include "command.hpp"
#include "output.hpp"

#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "depomap/store.hpp"
#include "depomap/table.hpp"

#include <charconv>
#include <cmath>

namespace depomap::cli {
namespace {

geo::LonLat parse_point(const std::string &text) {
    const auto comma = text.find(',');
    const auto number = [&](std::string_view s, double &v) {
        while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
        while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        return ec == std::errc() && end == s.data() + s.size() && !s.empty();
    };
    geo::LonLat p{};
    if (comma == std::string::npos || !number(std::string_view(text).substr(0, comma), p.lon) ||
        !number(std::string_view(text).substr(comma + 1), p.lat)) {
        throw UsageError("--point '" + text + "': expected LON,LAT in decimal degrees");
    }
    return p;
}

class WithinCommand final : public Command {
  public:
    std::string_view name() const override { return "within"; }
    std::string_view summary() const override {
        return "features within a geodesic radius of a feature or a point";
    }

    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        auto *id = app.add_option("--id", id_, "centre on this feature (deposit, site or reserve area id)");
        auto *point = app.add_option("--point", point_, "centre on this point")->option_text("LON,LAT");
        id->excludes(point);
        app.add_option("--km", km_, "radius in kilometres")->required();
        app.add_option("--layer", layer_, "layer to search")->capture_default_str();
        app.add_option("-f,--format", format_, "table, csv or json")->capture_default_str();
        output_.add(app);
    }

    int run(Context &ctx) override {
        const auto format = parse_table_format(format_);
        if (id_.empty() == point_.empty()) throw UsageError("give --id ID or --point LON,LAT");
        auto store = Store::open(db_, Store::Access::read_only);
        geo::LonLat centre{};
        std::string centre_id;
        if (!id_.empty()) {
            const auto f = query::find_feature(store, id_);
            centre = f.position;
            centre_id = f.id;
        } else {
            centre = parse_point(point_);
        }
        const auto result = query::within(store, layer_, centre, km_ * 1000.0);
        Table t;
        t.columns = {"id", "distance_m", "name", "distance_km", "azimuth_deg", "lon", "lat"};
        for (const auto &h : result.hits) {
            const auto &f = result.features[h.index];
            if (f.id == centre_id) continue; // not its own neighbour
            t.rows.push_back({f.id, std::round(h.distance_m * 1000.0) / 1000.0, f.name,
                              std::round(h.distance_m) / 1000.0,
                              std::round(h.azimuth_deg * 100.0) / 100.0, f.position.lon,
                              f.position.lat});
        }
        Output output(ctx.out, output_, db_);
        write_table(output.stream(), t, format);
        output.close();
        return 0;
    }

  private:
    std::string db_, id_, point_, layer_ = "deposits", format_ = "table";
    OutputOption output_;
    double km_ = 0;
};

class SummaryCommand final : public Command {
  public:
    std::string_view name() const override { return "summary"; }
    std::string_view summary() const override {
        return "counts, sums (contained TREO, capacity) and shares per group";
    }

    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        app.add_option("--by", by_, "the column to group by (e.g. country_iso3, status)")->required();
        app.add_option("--layer", layer_, "layer to summarise")->capture_default_str();
        app.add_option("--where", where_, "SQL filter on the layer");
        app.add_option("-f,--format", format_, "table, csv or json")->capture_default_str();
        output_.add(app);
    }

    int run(Context &ctx) override {
        const auto format = parse_table_format(format_);
        auto store = Store::open(db_, Store::Access::read_only);
        std::optional<std::string> where;
        if (!where_.empty()) where = where_;
        const auto table = query::summary(store, layer_, by_, where);
        Output output(ctx.out, output_, db_);
        write_table(output.stream(), table, format);
        output.close();
        return 0;
    }

  private:
    std::string db_, by_, layer_ = "deposits", where_, format_ = "table";
    OutputOption output_;
};

} // namespace

std::unique_ptr<Command> make_within() { return std::make_unique<WithinCommand>(); }
std::unique_ptr<Command> make_summary() { return std::make_unique<SummaryCommand>(); }

} // namespace depomap::cli
