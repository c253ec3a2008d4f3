#include "command.hpp"

#include "depomap/atlas.hpp"
#include "depomap/qgis_project.hpp"
#include "depomap/store.hpp"

#include <ostream>

namespace depomap::cli {
namespace {

class QgisProjectCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        app.add_option("-o,--output", output_, "the project file")->required()->option_text("FILE.qgs");
        add_labels_option(app, labels_);
        add_overwrite_option(app, overwrite_);
    }

    int run(Context &ctx) override {
        auto store = Store::open(db_, Store::Access::read_only);
        QgisProjectOptions options{output_, styles_dir(), overwrite_, labels_};
        const int layers = write_qgis_project(store, options);
        if (!ctx.quiet)
            ctx.err << "wrote " << output_ << " and " << qgis_project_layers_path(output_).string() << " (" << layers
                    << " layers over " << db_ << ")\n";
        return 0;
    }

  private:
    std::string db_, output_, labels_ = "en";
    bool overwrite_ = false;
};

} // namespace

std::unique_ptr<Command> make_qgis_project() { return std::make_unique<QgisProjectCommand>(); }

} // namespace depomap::cli
