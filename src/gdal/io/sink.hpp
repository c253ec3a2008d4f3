#pragma once
// What export and convert share when they write through GDAL: the checks before writing and the
// publishing of a staging folder's files (through output::publish, the one publish routine).
#include "output/publish.hpp"


#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

namespace depomap::io {

/// Files a single-layer output may have beside its main file.
inline constexpr std::array<std::string_view, 8> family_sidecars{".shx", ".dbf",          ".prj",  ".cpg",
                                                                 ".qml", ".fieldmap.csv", ".csvt", ".qix"};

/// Writes `text` as the file `path` (replacing it), checked: throws "PATH: writing failed (disk
/// full?)" when a write or the close fails.
void write_text_file(const std::filesystem::path &path, std::string_view text);

/// Throws Error when the file system holding `written` has no space left. GDAL 3.6's GeoJSON
/// writer ignores failed writes, so a disk that fills up while it writes leaves the output
/// cut short without an error; no space left after the close is taken as that. (An output that
/// fills the disk to the last block is refused too: the safe side.)
void check_space_left(const std::filesystem::path &written);

/// Throws "NAME: writing failed: no space left on the disk" when `failure` happened on a full
/// disk (the folder `dir` has no block left, or the driver said so): GDAL's drivers call it
/// "GDAL gave no reason", "seeking to temp feature location" or a missing table.
void rethrow_if_disk_full(const std::filesystem::path &dir, const std::string &name, const std::exception &failure);

/// Checks an output's main file and (single-layer formats) the sidecars of its family against
/// the write rules before anything is written; returns what the main file is.
output::TargetKind check_output(const std::filesystem::path &path, bool multi_layer, const output::Rules &rules,
                                bool stream_ok = false, std::string_view format = {});

/// Moves everything in `staging` into `dest`, main files (ending in `extension`) last. With
/// Rules::overwrite the old family of every main file goes first: a Shapefile's whole family, for
/// another format depomap's own sidecars (a GeoJSON never takes a Shapefile's .dbf with it), so
/// no stale sidecar stays to describe the new output.
void publish_staged(const std::filesystem::path &staging, const std::filesystem::path &dest,
                    std::string_view extension, bool shapefile, const output::Rules &rules);

} // namespace depomap::io
