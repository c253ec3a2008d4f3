#include "output/field_names.hpp"

#include "util/text.hpp"

#include <unordered_set>

namespace depomap::output {

std::vector<std::string> unique_field_names(const std::vector<std::string> &names,
                                            const std::vector<std::string> &reserved) {
    std::unordered_set<std::string> taken; // lower case: every name given, and every one made
    for (const auto &name : reserved) taken.insert(util::to_lower(name));
    for (const auto &name : names) taken.insert(util::to_lower(name));
    std::unordered_set<std::string> kept; // lower case: the names given out so far
    for (const auto &name : reserved) kept.insert(util::to_lower(name));
    std::vector<std::string> out;
    out.reserve(names.size());
    for (const auto &name : names) {
        if (kept.insert(util::to_lower(name)).second) {
            out.push_back(name);
            continue;
        }
        std::string renamed;
        for (int n = 2; renamed.empty() || taken.contains(util::to_lower(renamed)); ++n) {
            renamed = name + "_" + std::to_string(n);
        }
        taken.insert(util::to_lower(renamed));
        kept.insert(util::to_lower(renamed));
        out.push_back(std::move(renamed));
    }
    return out;
}

} // namespace depomap::output
