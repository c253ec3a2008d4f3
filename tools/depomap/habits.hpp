#pragma once
// What users bring to the command line from elsewhere: GDAL's option spellings, `help VERB`,
// mistyped options. Each is turned into depomap's form or into a message that says what to type.
#include <CLI/CLI.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace depomap::cli {

/// `args` with GDAL's spellings of options depomap has (-t_srs, -s_srs, -where, -overwrite
/// for the whole output) replaced by depomap's, and `help [VERB]` made `[VERB] --help`. A GDAL
/// option depomap has no counterpart for (-nln, -lco, -dsco, -sql, -nlt, -append...) throws
/// UsageError naming the depomap way to do it. Words after "--" are left alone.
std::vector<std::string> adopt_gdal_habits(std::vector<std::string> args);

/// Throws UsageError for the first word of `args` (the verb's words, after it) that looks like an
/// option and is not one of `verb`'s or depomap's own (-q, --debug, --help), naming the closest
/// option when one is near ("did you mean --km?"). CLI11 would first complain about a required
/// option the typo was meant to be, or list the word without the verb.
void check_options_known(const CLI::App &verb, const CLI::App &depomap, const std::vector<std::string> &args);

/// The two examples `VERB --help` ends with, runnable on the shipped atlas (tests/cli/help_examples.sh
/// runs them all); empty for a verb that has none.
std::string_view examples(std::string_view verb);

} // namespace depomap::cli
