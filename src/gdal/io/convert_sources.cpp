// depomap convert: finding the sources (files, folders recursed with symlink loops detected, glob
// patterns) and naming the outputs (safe, template-driven).
#include "depomap/convert.hpp"

#include "depomap/error.hpp"
#include "gdal/io/gdal.hpp"
#include "util/text.hpp"

#include <glob.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <set>

namespace depomap::convert_detail {
namespace {

namespace fs = std::filesystem;

/// Extensions a folder's files are taken by (a file named on the command line is always tried).
constexpr std::array source_extensions{".geojson", ".json", ".geojsonl", ".geojsons", ".shp", ".gpkg",
                                       ".kml",     ".kmz",  ".csv",      ".fgb",      ".sqlite", ".gml",
                                       ".gpx",     ".tab",  ".mif"};

bool is_source_name(const fs::path &path) {
    const auto name = path.filename().string();
    for (const auto *ext : source_extensions) {
        if (util::ends_with_icase(name, ext)) return true;
    }
    return false;
}

// depomap's own sidecars, which a folder walk leaves out (named on the command line, they are
// converted like any CSV): `<name>.fieldmap.csv` beside `<name>.shp`, the Shapefile's list of
// long field names, and convert-report.csv, the report of a convert into that folder.
bool own_sidecar(const fs::path &path) {
    constexpr std::string_view suffix = ".fieldmap.csv";
    const auto name = path.filename().string();
    if (name == "convert-report.csv") return true;
    if (name.size() <= suffix.size() || !util::ends_with_icase(name, suffix)) return false;
    const auto stem = path.parent_path() / name.substr(0, name.size() - suffix.size());
    std::error_code ec;
    return fs::exists(stem.string() + ".shp", ec) || fs::exists(stem.string() + ".SHP", ec);
}

using FileId = std::pair<dev_t, ino_t>;

std::optional<FileId> file_id(const fs::path &path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return std::nullopt;
    return FileId{st.st_dev, st.st_ino};
}

struct Walker {
    std::vector<FoundSource> &found;
    std::optional<FileId> exclude;
    std::set<FileId> seen_dirs, seen_files;
    std::vector<std::pair<FileId, fs::path>> stack; ///< folders being walked, outermost first

    void add_file(const fs::path &path, const std::string &dir) {
        if (auto id = file_id(path)) {
            if (!seen_files.insert(*id).second) return; // the same file again
        }
        found.push_back({path, dir, {}, false});
    }

    void walk(const fs::path &folder, const std::string &dir) {
        const auto id = file_id(folder);
        if (!id) {
            found.push_back({folder, dir, "cannot read the folder", true});
            return;
        }
        for (const auto &[ancestor, where] : stack) {
            if (ancestor == *id) {
                found.push_back({folder, dir,
                                 "symbolic link loop: leads back to " + where.string() + " (not followed)",
                                 false});
                return;
            }
        }
        if (exclude && *id == *exclude) return;      // the output folder
        if (!seen_dirs.insert(*id).second) return;   // reached twice through links: once is enough
        std::vector<fs::directory_entry> entries;
        std::error_code ec;
        for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
            entries.push_back(*it);
        }
        if (ec) {
            found.push_back({folder, dir, "cannot read the folder: " + ec.message(), true});
            return;
        }
        std::sort(entries.begin(), entries.end(),
                  [](const auto &a, const auto &b) { return a.path().filename() < b.path().filename(); });
        stack.emplace_back(*id, folder);
        for (const auto &entry : entries) {
            const auto name = entry.path().filename().string();
            if (name.empty() || name[0] == '.') continue; // hidden, and our own staging folders
            std::error_code e;
            const auto status = fs::status(entry.path(), e); // follows links
            if (e || !fs::exists(status)) {
                // Links that lead to each other (a.geojson -> b.geojson -> a.geojson) are a loop,
                // skipped like a folder loop, not a broken link.
                const bool loop = e == std::errc::too_many_symbolic_link_levels;
                if (fs::is_symlink(entry.symlink_status(e)) && is_source_name(entry.path())) {
                    if (loop) {
                        found.push_back({entry.path(), dir, "symbolic link loop (not followed)", false});
                    } else {
                        found.push_back({entry.path(), dir, "broken symbolic link", true});
                    }
                }
                continue;
            }
            if (fs::is_directory(status)) {
                walk(entry.path(), dir.empty() ? name : dir + "/" + name);
            } else if (fs::is_regular_file(status) && is_source_name(entry.path()) &&
                       !own_sidecar(entry.path())) {
                add_file(entry.path(), dir);
            }
        }
        stack.pop_back();
    }

    void argument(const fs::path &path) {
        std::error_code ec;
        if (fs::is_directory(path, ec)) {
            walk(path, "");
        } else if (fs::exists(path, ec)) {
            add_file(path, "");
        } else {
            found.push_back({path, "", fs::is_symlink(fs::symlink_status(path, ec)) ? "broken symbolic link"
                                                                                     : io::source_refusal(path.string()),
                             true});
        }
    }
};

bool has_glob(const std::string &text) { return text.find_first_of("*?[") != std::string::npos; }

} // namespace

std::vector<FoundSource> find_sources(const std::vector<std::string> &arguments, const fs::path &exclude) {
    std::vector<FoundSource> found;
    Walker walker{found, file_id(exclude), {}, {}, {}};
    for (const auto &argument : arguments) {
        std::error_code ec;
        if (has_glob(argument) && !fs::exists(argument, ec)) {
            glob_t matches{};
            const int rc = ::glob(argument.c_str(), GLOB_NOSORT, nullptr, &matches);
            std::vector<std::string> paths;
            if (rc == 0) {
                for (std::size_t i = 0; i < matches.gl_pathc; ++i) paths.emplace_back(matches.gl_pathv[i]);
            }
            ::globfree(&matches);
            if (paths.empty()) {
                found.push_back({argument, "", "no file matches the pattern", true});
                continue;
            }
            std::sort(paths.begin(), paths.end());
            for (const auto &p : paths) walker.argument(p);
        } else {
            walker.argument(argument);
        }
    }
    return found;
}

std::string safe_name(std::string_view name) {
    std::string out;
    const std::string_view forbidden = "/\\:*?\"<>|";
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        const bool dots = c == '.' && i + 1 < name.size() && name[i + 1] == '.'; // "..", never kept
        if (dots) {
            while (i + 1 < name.size() && name[i + 1] == '.') ++i;
        }
        if (dots || c < 0x20 || c == 0x7f || forbidden.find(static_cast<char>(c)) != std::string_view::npos ||
            c == ' ') {
            if (out.empty() || out.back() != '_') out += '_';
        } else {
            out += static_cast<char>(c);
        }
    }
    if (!util::is_valid_utf8(out)) {
        // Bytes that are not UTF-8 (a DBF in a legacy code page): replace them.
        std::string ascii;
        for (char c : out) ascii += static_cast<unsigned char>(c) < 0x80 ? c : '_';
        out = ascii;
    }
    // No hidden names, no "." or "..": leading dots and trailing dots/underscores go.
    const auto first = out.find_first_not_of("._");
    out = first == std::string::npos ? std::string() : out.substr(first);
    while (!out.empty() && (out.back() == '.' || out.back() == '_')) out.pop_back();
    if (out.size() > 100) {
        std::size_t cut = 100;
        while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
        out.resize(cut);
    }
    return out.empty() ? "layer" : out;
}

std::string apply_template(std::string_view pattern, std::string_view source, std::string_view layer,
                           std::string_view dir, int index) {
    std::string out;
    for (std::size_t i = 0; i < pattern.size(); ++i) {
        if (pattern[i] != '{') {
            out += pattern[i];
            continue;
        }
        const auto close = pattern.find('}', i);
        if (close == std::string_view::npos) {
            throw BadValue("layer name template", std::string(pattern), "unclosed '{'");
        }
        const auto key = pattern.substr(i + 1, close - i - 1);
        if (key == "source") out += source;
        else if (key == "layer") out += layer;
        else if (key == "dir") {
            std::string d(dir);
            std::replace(d.begin(), d.end(), '/', '_');
            out += d;
        } else if (key == "index") out += std::to_string(index);
        else {
            throw UsageError(option_ref("layer_name_template") + ": unknown placeholder {" + std::string(key) +
                             "} (known: {source}, {layer}, {dir}, {index})");
        }
        i = close;
    }
    return out;
}

} // namespace depomap::convert_detail
