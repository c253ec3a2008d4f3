#include "command.hpp"

#include "depomap/store.hpp"

#include <nlohmann/json.hpp>

#include <iomanip>
#include <ostream>
#include <sstream>

namespace depomap::cli {
namespace {

class InfoCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        app.add_flag("--json", json_, "print JSON");
    }

    int run(Context &ctx) override {
        auto store = Store::open(db_, Store::Access::inspect);
        const int version = store.schema_version();
        const auto layers = store.layer_info();
        if (json_) {
            nlohmann::ordered_json doc = {{"store", db_}, {"schema_version", version}};
            doc["layers"] = nlohmann::ordered_json::array();
            for (const auto &l : layers) {
                nlohmann::ordered_json j = {{"name", l.name}, {"geometry_type", l.geometry_type},
                                    {"count", l.count}};
                j["extent"] = l.extent ? nlohmann::ordered_json{l.extent->min_x, l.extent->min_y,
                                                        l.extent->max_x, l.extent->max_y}
                                       : nlohmann::ordered_json(nullptr);
                doc["layers"].push_back(j);
            }
            ctx.out << doc.dump(2) << "\n";
            return 0;
        }
        ctx.out << "store: " << db_ << " (schema version " << version << ")\n";
        if (version < schema::current_version) {
            // info reads an old store as it is; the other verbs that read refuse it.
            ctx.out << "older than this depomap's schema version " << schema::current_version
                    << ": upgrade it with `depomap upgrade --db " << db_ << "`\n";
        }
        ctx.out << std::left << std::setw(18) << "layer" << std::setw(14) << "geometry"
                << std::right << std::setw(10) << "features" << "  extent (lon/lat)\n";
        for (const auto &l : layers) {
            ctx.out << std::left << std::setw(18) << l.name << std::setw(14) << l.geometry_type
                    << std::right << std::setw(10) << l.count << "  ";
            if (l.extent) {
                std::ostringstream e;
                e << std::fixed << std::setprecision(4) << l.extent->min_x << ", "
                  << l.extent->min_y << " .. " << l.extent->max_x << ", " << l.extent->max_y;
                ctx.out << e.str();
            } else {
                ctx.out << "-";
            }
            ctx.out << "\n";
        }
        return 0;
    }

  private:
    std::string db_;
    bool json_ = false;
};

} // namespace

std::unique_ptr<Command> make_info() { return std::make_unique<InfoCommand>(); }

} // namespace depomap::cli
