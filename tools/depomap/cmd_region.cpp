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
    std::string_view name() const override { return region_verb.name; }
    std::string_view summary() const override { return region_verb.summary; }

    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        auto *name =
            app.add_option("--name", name_, "region: English or local name, ISO code or id");
        auto *polygon = app.add_option("--polygon", polygon_, "any polygon file GDAL reads")
                            ->option_text("FILE");
        name->excludes(polygon);
        app.add_option("--layer", layer_, "layer to search")->capture_default_str();
        app.add_option("-f,--format", format_, "table, csv or json")->capture_default_str();
        output_.add(app);
    }

    int run(Context &ctx) override {
        const auto format = parse_table_format(format_);
        if (name_.empty() == polygon_.empty())
            throw UsageError("give --name NAME or --polygon FILE");
        auto store = Store::open(db_, Store::Access::read_only);
        std::string matched;
        const auto table = name_.empty() ? query::region_by_file(store, layer_, polygon_)
                                         : query::region_by_name(store, layer_, name_, &matched);
        Output output(ctx.out, output_, db_, {polygon_});
        write_table(output.stream(), table, format);
        output.close();
        if (!ctx.quiet) {
            ctx.err << table.rows.size() << " " << layer_ << " in "
                    << (matched.empty() ? polygon_ : matched) << "\n";
        }
        return 0;
    }

  private:
    std::string db_, name_, polygon_, layer_ = "deposits", format_ = "table";
    OutputOption output_;
};

} // namespace

std::unique_ptr<Command> make_region() { return std::make_unique<RegionCommand>(); }

} // namespace depomap::cli
