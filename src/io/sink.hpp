#pragma once
// What export and convert share when they write through GDAL.
#include <filesystem>

namespace depomap::io {

/// Throws Error when the file system holding `written` has no space left. GDAL 3.6's GeoJSON
/// writer ignores failed writes, so a disk that fills up while it writes leaves the output
/// cut short without an error; no space left after the close is taken as that. (An output that
/// fills the disk to the last block is refused too: the safe side.)
void check_space_left(const std::filesystem::path &written);

} // namespace depomap::io
