#pragma once
// Names compared as people write them: «иркутская область», "IRKUTSK OBLAST", "Sakha (Yakutia)".
#include <string>
#include <string_view>

namespace depomap::util {

/// `name` folded for comparison (ICU): compatibility-normalised (NFKC), fully case-folded (so
/// Cyrillic, Greek and the rest fold, not ASCII only), "ё" read as "е", apostrophes and the
/// guillemets, quotes and brackets people put around names dropped, and every run of spaces,
/// hyphens, dashes, commas and dots made one space, with none at either end. Text that is not
/// valid UTF-8 folds to itself, lower-cased in ASCII.
std::string fold_name(std::string_view name);

/// The Damerau-Levenshtein distance between two ASCII words (for "did you mean").
std::size_t edit_distance(std::string_view a, std::string_view b);

} // namespace depomap::util
