// `--map DST=SRC` (parse_field_mapping in src/gdal/load/load.cpp): any text either splits into two
// non-empty, trimmed names that read back the same, or fails with a one-line UsageError.
#include "depomap/error.hpp"
#include "depomap/load.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

[[noreturn]] void broken(const char *what, const std::string &detail) {
    std::fprintf(stderr, "map_fuzz: %s: %s\n", what, detail.c_str());
    std::abort();
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

bool trimmed(const std::string &name) {
    return !name.empty() && !is_space(name.front()) && !is_space(name.back());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string text(reinterpret_cast<const char *>(data), size);
    try {
        const auto [dst, src] = depomap::parse_field_mapping(text);
        if (!trimmed(dst) || !trimmed(src))
            broken("a name is empty or untrimmed", "'" + dst + "' = '" + src + "'");
        if (dst.find('=') != std::string::npos)
            broken("DST holds '='", dst);
        if (depomap::parse_field_mapping(dst + "=" + src) != std::pair(dst, src))
            broken("DST=SRC does not read back", text);
    } catch (const depomap::UsageError &e) {
        const std::string message = e.what();
        if (message.empty() || message.find('\n') != std::string::npos)
            broken("message is not one line", message);
    }
    return 0;
}
