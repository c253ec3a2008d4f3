#include "command.hpp"
#include "output.hpp"

#include "depomap/error.hpp"
#include "depomap/query.hpp"
#include "depomap/store.hpp"
#include "depomap/table.hpp"

#include <ostream>

namespace depomap::cli {
namespace {

class RegionCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        auto *name =
            app.add_option("--name", name_, "region: English or local name, ISO code or id");
        auto *polygon = app.add_option("--polygon", polygon_, "any polygon file GDAL reads")
                            ->option_text("FILE");
        name->excludes(polygon);
        add_search_layer_option(app, layer_);
        add_answer_format_option(app, format_, AnswerLayers::points);
        output_.add(app);
    }

    int run(Context &ctx) override {
        const auto format = is_layer_format(format_) ? TableFormat{} : parse_table_format(format_);
        if (name_.empty() == polygon_.empty())
            throw UsageError("give --name NAME or --polygon FILE");
        if (is_layer_format(format_)) output_.require_file(format_);
        auto store = Store::open(db_, Store::Access::read_only);
        std::string matched;
        const auto table = name_.empty() ? query::region_by_file(store, layer_, polygon_)
                                         : query::region_by_name(store, layer_, name_, &matched);
        auto inputs = source_inputs({layer_});
        inputs.push_back(polygon_);
        if (is_layer_format(format_)) {
            write_answer_layer(as_points(table), format_, output_, db_, inputs);
        } else {
            Output output(ctx.out, output_, db_, inputs);
            write_table(output.stream(), table, format);
            output.close();
        }
        if (!ctx.quiet) {
            ctx.err << table.rows.size() << " " << layer_ << " in "
                    << (matched.empty() ? polygon_ : matched) << "\n";
        }
        return 0;
    }

  private:
    /// The answer as a layer of points at its lon, lat columns, with the style of the layer
    /// searched (a source's: the deposits').
    query::AnswerLayer as_points(const Table &table) const {
        return output::answer_points(table, "region", query::is_store_layer(layer_) ? layer_ : "deposits");
    }

    std::string db_, name_, polygon_, layer_ = "deposits", format_ = "table";
    OutputOption output_;
};

} // namespace

std::unique_ptr<Command> make_region() { return std::make_unique<RegionCommand>(); }

} // namespace depomap::cli
