#include "command.hpp"

#include "depomap/schema.hpp"
#include "depomap/store.hpp"

#include <ostream>

namespace depomap::cli {
namespace {

/// The one verb whose purpose is to migrate: read-only verbs refuse an older store and name
/// this one (a writing verb, `load`, migrates on its way too).
class UpgradeCommand final : public Command {
  public:
    void setup(CLI::App &app) override {
        add_db_option(app, db_);
        wait_.add_option(app);
    }

    int run(Context &ctx) override {
        const auto waiting = wait_.apply(ctx);
        const int from = Store::upgrade(db_);
        if (!ctx.quiet) {
            if (from == schema::current_version) {
                ctx.err << db_ << ": schema version " << from << " is current: nothing to do\n";
            } else {
                ctx.err << "upgraded " << db_ << " from schema version " << from << " to "
                        << schema::current_version << "\n";
            }
        }
        return 0;
    }

  private:
    std::string db_;
    StoreWait wait_;
};

} // namespace

std::unique_ptr<Command> make_upgrade() { return std::make_unique<UpgradeCommand>(); }

} // namespace depomap::cli
