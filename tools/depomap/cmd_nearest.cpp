#include "command.hpp"
#include "output.hpp"

#include "depomap/antimeridian.hpp"
#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "depomap/store.hpp"
#include "depomap/table.hpp"

#include <nlohmann/json.hpp>

#include <charconv>
#include <cmath>
#include <ostream>

namespace depomap::cli {
namespace {

/// Fixed-point text with `decimals` digits, without locale or iostream state.
std::string fixed(double value, int decimals) {
    char buffer[64];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed, decimals);
    return std::string(buffer, end);
}

class NearestCommand final : public Command {
  public:
    std::string_view name() const override { return "nearest"; }
    std::string_view summary() const override {
        return "for every feature of --from, its k nearest of --to (geodesic)";
    }

    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        app.add_option("--from", options_.from, "layer to start from")->capture_default_str();
        app.add_option("--to", options_.to, "layer to look in")->capture_default_str();
        app.add_option("-k", k_, "how many nearest per feature")->capture_default_str();
        app.add_option("--max-km", max_km_, "only pairs at most this far apart (km)");
        app.add_option("--where", where_, "SQL filter on --from (e.g. \"country_iso3 = 'RUS'\")");
        app.add_option("--to-where", to_where_, "SQL filter on --to (e.g. \"stage = 'separation'\")");
        app.add_option("-f,--format", format_, "table, csv, json or geojson (supply links as geodesic lines)")
            ->capture_default_str();
        app.add_option("-o,--output", output_, "write here instead of standard output")->option_text("FILE");
        app.add_option("-j,--threads", options_.threads, "threads (default: every core)");
    }

    int run(Context &ctx) override {
        if (format_ != "geojson" && format_ != "table" && format_ != "csv" && format_ != "json") {
            throw UsageError("-f '" + format_ + "': unknown format (table, csv, json, geojson)");
        }
        if (k_ < 1) throw UsageError("-k must be at least 1");
        options_.k = static_cast<std::size_t>(k_);
        if (max_km_) options_.max_m = *max_km_ * 1000.0;
        if (!where_.empty()) options_.where = where_;
        if (!to_where_.empty()) options_.to_where = to_where_;
        auto store = Store::open(db_, Store::Access::read_only);
        const auto result = query::nearest(store, options_);
        Output output(ctx.out, output_);
        if (format_ == "csv") {
            write_csv(output.stream(), result);
        } else if (format_ == "geojson") {
            write_geojson(output.stream(), result);
        } else {
            write_table(output.stream(), to_table(result), parse_table_format(format_));
        }
        output.close();
        if (!ctx.quiet && result.to.empty()) {
            ctx.err << "note: layer " << options_.to << " has no feature to measure to\n";
        }
        return 0;
    }

  private:
    static Table to_table(const query::NearestResult &r) {
        Table t;
        t.columns = {"from_id", "to_id", "rank", "distance_m", "from_name", "to_name",
                     "distance_km", "azimuth_deg"};
        for (const auto &p : r.pairs) {
            const auto &a = r.from[p.from];
            const auto &b = r.to[p.to];
            t.rows.push_back({a.id, b.id, static_cast<std::int64_t>(p.rank),
                              std::round(p.distance_m * 1000.0) / 1000.0, a.name, b.name,
                              std::round(p.distance_m) / 1000.0,
                              std::round(p.azimuth_deg * 100.0) / 100.0});
        }
        return t;
    }

    // Streams through one buffer: a million pairs need no table in memory and no string
    // per field.
    static void write_csv(std::ostream &out, const query::NearestResult &r) {
        std::string buffer = "from_id,to_id,rank,distance_m,from_name,to_name,distance_km,"
                             "azimuth_deg,from_lon,from_lat,to_lon,to_lat\r\n";
        buffer.reserve(1 << 20);
        const auto number = [&](double value, int decimals) {
            char digits[64];
            auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value,
                                           std::chars_format::fixed, decimals);
            buffer.append(digits, end);
        };
        const auto text = [&](const std::string &value) {
            if (value.find_first_of(",\"\r\n") == std::string::npos) {
                buffer += value;
                return;
            }
            buffer += '"';
            for (char c : value) {
                if (c == '"') buffer += '"';
                buffer += c;
            }
            buffer += '"';
        };
        for (const auto &p : r.pairs) {
            const auto &a = r.from[p.from];
            const auto &b = r.to[p.to];
            text(a.id);
            buffer += ',';
            text(b.id);
            buffer += ',';
            buffer += std::to_string(p.rank);
            buffer += ',';
            number(p.distance_m, 3);
            buffer += ',';
            text(a.name);
            buffer += ',';
            text(b.name);
            buffer += ',';
            number(p.distance_m / 1000.0, 3);
            buffer += ',';
            number(p.azimuth_deg, 2);
            buffer += ',';
            number(a.position.lon, 7);
            buffer += ',';
            number(a.position.lat, 7);
            buffer += ',';
            number(b.position.lon, 7);
            buffer += ',';
            number(b.position.lat, 7);
            buffer += "\r\n";
            if (buffer.size() > (1 << 20) - 1024) {
                out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
                buffer.clear();
            }
        }
        out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    }

    // Each pair as a geodesic line, densified every 25 km and cut at the antimeridian, so QGIS
    // draws the supply links as they run on the globe.
    static void write_geojson(std::ostream &out, const query::NearestResult &r) {
        out << "{\"type\":\"FeatureCollection\",\"name\":\"supply_links\",\"features\":[\n";
        bool first = true;
        for (const auto &p : r.pairs) {
            const auto &a = r.from[p.from];
            const auto &b = r.to[p.to];
            const auto parts = geo::split_at_antimeridian(geo::densify(a.position, b.position, 25000.0));
            nlohmann::json props = {{"from_id", a.id},
                                    {"to_id", b.id},
                                    {"rank", p.rank},
                                    {"distance_m", std::round(p.distance_m * 1000.0) / 1000.0},
                                    {"distance_km", std::round(p.distance_m) / 1000.0},
                                    {"azimuth_deg", std::round(p.azimuth_deg * 100.0) / 100.0},
                                    {"from_name", a.name},
                                    {"to_name", b.name}};
            out << (first ? "" : ",\n") << "{\"type\":\"Feature\",\"properties\":"
                << props.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)
                << ",\"geometry\":{\"type\":\""
                << (parts.size() > 1 ? "MultiLineString" : "LineString") << "\",\"coordinates\":";
            if (parts.size() > 1) out << '[';
            for (std::size_t i = 0; i < parts.size(); ++i) {
                out << (i ? "," : "") << '[';
                for (std::size_t j = 0; j < parts[i].size(); ++j) {
                    out << (j ? "," : "") << '[' << fixed(parts[i][j].lon, 7) << ','
                        << fixed(parts[i][j].lat, 7) << ']';
                }
                out << ']';
            }
            if (parts.size() > 1) out << ']';
            out << "}}";
            first = false;
        }
        out << "\n]}\n";
    }

    std::string db_, format_ = "table", output_, where_, to_where_;
    std::optional<double> max_km_;
    long long k_ = 1;
    query::NearestOptions options_;
};

} // namespace

std::unique_ptr<Command> make_nearest() { return std::make_unique<NearestCommand>(); }

} // namespace depomap::cli
