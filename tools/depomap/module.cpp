// The GDAL verbs for the executable: from depomap-gdal.so, loaded when one of them runs (verbs.hpp
// says why). The module is found beside the executable (the build tree), else where it is
// installed relative to it.
#include "command.hpp"

#include "depomap/error.hpp"
#include "depomap_config.hpp"

#include <dlfcn.h>

#include <filesystem>
#include <string>
#include <string_view>

namespace depomap::cli {
namespace {

namespace fs = std::filesystem;

constexpr const char *module_name = "depomap-gdal.so";

fs::path module_path() {
    std::error_code ec;
    const fs::path bin = fs::read_symlink("/proc/self/exe", ec).parent_path();
    const fs::path beside = bin / module_name;
    const fs::path installed = bin / DEPOMAP_MODULE_FROM_BINDIR / module_name;
    if (!fs::exists(beside, ec) && fs::exists(installed, ec))
        return installed.lexically_normal();
    return beside;
}

const GdalVerbs &module_verbs() {
    // Loaded once and never unloaded: the commands it makes live in it. A failed load throws,
    // and the next call tries again.
    static const GdalVerbs *const verbs = [] {
        const fs::path path = module_path();
        void *handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
        if (!handle)
            throw Error(std::string("cannot load the verbs that need GDAL: ") + dlerror());
        const auto version =
            reinterpret_cast<const char *(*)()>(dlsym(handle, "depomap_gdal_module_version"));
        const auto get =
            reinterpret_cast<const GdalVerbs *(*)()>(dlsym(handle, "depomap_gdal_verbs"));
        if (!version || !get)
            throw Error(path.string() + ": not a depomap module");
        if (std::string_view(version()) != DEPOMAP_VERSION) {
            throw Error(path.string() + ": from depomap " + version() + ", not " + DEPOMAP_VERSION);
        }
        return get();
    }();
    return *verbs;
}

/// This executable by its path, for convert's worker processes (valgrind, which runs the children
/// of what it checks, refuses the name /proc/self/exe).
const std::string self_path = [] {
    std::error_code ec;
    const fs::path path = fs::read_symlink("/proc/self/exe", ec);
    return ec ? std::string("/proc/self/exe") : path.string();
}();

} // namespace

const GdalVerbs &module_gdal_verbs() {
    static const GdalVerbs loaded{[](std::string_view name) { return module_verbs().make(name); },
                                  [] { return module_verbs().gdal_release(); }, self_path.c_str()};
    return loaded;
}

} // namespace depomap::cli
