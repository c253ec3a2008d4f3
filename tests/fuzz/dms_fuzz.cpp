// DMS and decimal coordinates (src/geo/dms.cpp): any bytes either parse to a finite value in the
// range of the expected axis, or fail with ParseError's one-line message quoting the input.
#include "depomap/dms.hpp"
#include "depomap/error.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

using depomap::geo::Axis;

[[noreturn]] void broken(const char *what, const std::string &detail) {
    std::fprintf(stderr, "dms_fuzz: %s: %s\n", what, detail.c_str());
    std::abort();
}

void check(std::string_view text, Axis expected) {
    double degrees = 0;
    bool parsed = false;
    try {
        const auto c = depomap::geo::parse_coordinate(text, expected);
        degrees = c.degrees;
        parsed = true;
        const double limit = expected == Axis::latitude || c.axis == Axis::latitude ? 90 : 180;
        if (!std::isfinite(c.degrees) || std::fabs(c.degrees) > limit)
            broken("accepted out of range", std::to_string(c.degrees));
        // A hemisphere letter of the other axis is an error, never a silent swap.
        if (expected != Axis::unknown && c.axis != Axis::unknown && c.axis != expected)
            broken("accepted the other axis", std::string(text));
    } catch (const depomap::ParseError &e) {
        const std::string_view message = e.what();
        if (!message.starts_with("invalid coordinate \""))
            broken("message does not quote the input", e.what());
        if (message.find('\n') != std::string_view::npos)
            broken("message is not one line", e.what());
    }
    // parse_degrees is the same parse, keeping only the value.
    try {
        const double again = depomap::geo::parse_degrees(text, expected);
        if (!parsed || again != degrees)
            broken("parse_degrees disagrees with parse_coordinate", std::string(text));
    } catch (const depomap::ParseError &) {
        if (parsed)
            broken("parse_degrees refuses what parse_coordinate accepts", std::string(text));
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char *>(data), size);
    check(text, Axis::latitude);
    check(text, Axis::longitude);
    check(text, Axis::unknown);
    return 0;
}
