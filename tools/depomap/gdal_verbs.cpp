// The GDAL verbs linked in: cli::run for the tests, the fuzzers and the library's users, and what
// the module (gdal_module.cpp) hands the executable (run_module.cpp).
#include "command.hpp"

#include "depomap/cli.hpp"
#include "depomap/query.hpp"

#include <gdal.h>

namespace depomap::cli {
namespace {

std::vector<std::unique_ptr<Command>> linked_commands() {
    // The query verbs below read sources and write answers through GDAL here.
    query::use_gdal();
    std::vector<std::unique_ptr<Command>> commands;
    commands.push_back(make_init());
    commands.push_back(make_load());
    commands.push_back(make_region());
    commands.push_back(make_convert());
    commands.push_back(make_export());
    commands.push_back(make_qgis_project());
    commands.push_back(make_render());
    commands.push_back(make_nearest());
    commands.push_back(make_within());
    commands.push_back(make_summary());
    commands.push_back(make_sql());
    return commands;
}

std::string linked_gdal_release() { return GDALVersionInfo("RELEASE_NAME"); }

} // namespace

const GdalVerbs &linked_gdal_verbs() {
    static const GdalVerbs verbs{linked_commands, linked_gdal_release, nullptr};
    return verbs;
}

int run(const std::vector<std::string> &args, std::ostream &out, std::ostream &err) {
    return run(args, out, err, linked_gdal_verbs());
}

std::string version_text() { return version_text(linked_gdal_verbs()); }

} // namespace depomap::cli
