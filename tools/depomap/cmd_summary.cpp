// depomap summary: counts, sums and shares of a layer per group (query::summary), as a table,
// CSV, JSON or a GeoPackage attribute table.
#include "command.hpp"
#include "output.hpp"

#include "depomap/query.hpp"
#include "depomap/store.hpp"
#include "depomap/table.hpp"

#include "output/answer_layer.hpp"

#include <optional>
#include <string>

namespace depomap::cli {
namespace {

class SummaryCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        app.add_option("--by", by_, "the column to group by (e.g. country_iso3, status)")->required();
        add_search_layer_option(app, layer_);
        add_store_where_option(app, where_);
        add_answer_format_option(app, format_, AnswerLayers::attribute_table);
        output_.add(app);
    }

    int run(Context &ctx) override {
        const auto format = format_ == "gpkg" ? TableFormat{} : parse_table_format(format_);
        if (format_ == "gpkg") output_.require_file(format_);
        auto store = Store::open(db_, Store::Access::read_only);
        std::optional<std::string> where;
        if (!where_.empty()) where = where_;
        const auto table = query::summary(store, layer_, by_, where);
        const auto inputs = source_inputs({layer_});
        if (format_ == "gpkg") {
            write_answer_layer(output::answer_table(table, "summary", ""), format_, output_, db_, inputs);
            return 0;
        }
        Output output(ctx.out, output_, db_, inputs);
        write_table(output.stream(), table, format);
        output.close();
        return 0;
    }

  private:
    std::string db_, by_, layer_ = "deposits", where_, format_ = "table";
    OutputOption output_;
};

} // namespace

std::unique_ptr<Command> make_summary() { return std::make_unique<SummaryCommand>(); }

} // namespace depomap::cli
