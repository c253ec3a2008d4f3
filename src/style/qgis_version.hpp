#pragma once
// The QGIS release a project says it was written for: the installed one, read from the file name
// of its core library (libqgis_core.so.3.22.16 on Debian: the SONAME carries the full release),
// found without running QGIS. Where none is installed, the release whose project format depomap
// writes (docs/DESIGN.md, "QGIS projects").
#include <filesystem>
#include <string>
#include <vector>

namespace depomap::style {

/// The project format depomap writes is QGIS 3.22's (Debian 12's QGIS): written when no QGIS is found.
inline constexpr const char *qgis_fallback_version = "3.22.0";

/// The highest "MAJOR.MINOR.PATCH" among the libqgis_core.so.MAJOR.MINOR.PATCH files in `dirs`,
/// or "" when there is none.
std::string qgis_version_in(const std::vector<std::filesystem::path> &dirs);

/// The library folders QGIS is installed in: $QGIS_PREFIX_PATH/lib and lib64 (QGIS's own
/// variable for a QGIS outside the system), /usr/local/lib, the multiarch folders
/// /usr/lib/<triplet>, /usr/lib64 and /usr/lib.
std::vector<std::filesystem::path> qgis_library_dirs();

/// qgis_version_in(qgis_library_dirs()), else qgis_fallback_version.
std::string installed_qgis_version();

} // namespace depomap::style
