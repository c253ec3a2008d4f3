// The GDAL verbs linked in: what the module (gdal_module.cpp) hands the executable (module.cpp),
// and the public cli::run of the tests, the fuzzers and the library's users.
#include "command.hpp"

#include "depomap/cli.hpp"
#include "depomap/error.hpp"
#include "depomap/query.hpp"

#include <gdal.h>

namespace depomap::cli {
namespace {

/// Every verb's factory, those of the verbs that need GDAL included.
Factory linked_factory(std::string_view name) {
#define DEPOMAP_LINKED_FACTORY(verb, factory, gdal, summary)                                                    \
    if (name == verb) return &make_##factory;
    DEPOMAP_VERBS(DEPOMAP_LINKED_FACTORY)
#undef DEPOMAP_LINKED_FACTORY
    return nullptr;
}

std::unique_ptr<Command> make_linked(std::string_view name) {
    // The query verbs read sources and write answers through GDAL here.
    query::use_gdal();
    const Factory make = linked_factory(name);
    if (!make) throw Error("no verb '" + std::string(name) + "'");
    return make();
}

std::string linked_gdal_release() { return GDALVersionInfo("RELEASE_NAME"); }

} // namespace

const GdalVerbs &linked_gdal_verbs() {
    static const GdalVerbs verbs{make_linked, linked_gdal_release, nullptr};
    return verbs;
}

int run(const std::vector<std::string> &args, std::ostream &out, std::ostream &err) {
    return run(args, out, err, linked_gdal_verbs());
}

std::string version_text() { return version_text(linked_gdal_verbs()); }

} // namespace depomap::cli
