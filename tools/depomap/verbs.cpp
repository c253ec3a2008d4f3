// The registry as the executable has it: the factories of the verbs that live in the GDAL module
// are left out (null), so that the executable does not link them.
#include "verbs.hpp"

#include "command.hpp"

#include <algorithm>

namespace depomap::cli {
namespace {

#define DEPOMAP_LINKED_never(factory) &make_##factory
#define DEPOMAP_LINKED_for_sources(factory) &make_##factory
#define DEPOMAP_LINKED_always(factory) nullptr
#define DEPOMAP_VERB_ROW(name, factory, gdal, summary) Verb{name, summary, GdalUse::gdal, DEPOMAP_LINKED_##gdal(factory)},
constexpr Verb registry[] = {DEPOMAP_VERBS(DEPOMAP_VERB_ROW)};
#undef DEPOMAP_VERB_ROW
#undef DEPOMAP_LINKED_always
#undef DEPOMAP_LINKED_for_sources
#undef DEPOMAP_LINKED_never

} // namespace

std::span<const Verb> verbs() { return registry; }

const Verb *find_verb(std::string_view name) {
    const auto at = std::ranges::find(registry, name, &Verb::name);
    return at == std::end(registry) ? nullptr : &*at;
}

} // namespace depomap::cli
