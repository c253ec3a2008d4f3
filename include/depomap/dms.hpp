#pragma once
// Coordinate values as sources write them: decimal degrees, or degrees/minutes/seconds with any of
// the marks, separators and hemisphere letters met in real CSVs (Russian sources among them).
//
// Accepted, with any whitespace (including no-break spaces) around the parts:
//   [hemisphere] [sign] D [mark] [M [mark] [S [mark]]] [hemisphere]
// - numbers: digits with an optional fraction; a decimal comma is taken only when the text has no
//   '.'; an exponent (1e-05) only in a single decimal-degrees number; only the last part may have
//   a fraction.
// - marks: degrees ° º ˚ or a `d` attached to the number; minutes ′ ' ’ ´ ʹ or an attached `m`;
//   seconds ″ " ” ʺ, two minute marks ('' or ′′), or an attached `s` when minutes were given as
//   `m` (71d03m13s); elsewhere `s`/`S` is the south letter. Unmarked parts follow on from the one
//   before; parts may be separated by ':' instead (71:03:13), but then by ':' only.
// - hemisphere: N S E W in either case, or Russian С Ю В З (also as с.ш., ю.ш., в.д., з.д.),
//   before or after the value, at most one. S and W negate the value.
// - sign: + - or − (U+2212) before the first number, applying to the whole value. A minus together
//   with a hemisphere letter is ambiguous and rejected, as is a plus with S or W.
#include <optional>
#include <string>
#include <string_view>

namespace depomap::geo {

/// Which axis a coordinate belongs to.
enum class Axis { latitude, longitude, unknown };

/// A parsed coordinate: signed degrees (south and west negative) and the axis named by a hemisphere
/// letter in the text, or `unknown` when the text had none.
struct Coordinate {
    double degrees;
    Axis axis;
};

/// Parses one coordinate value: decimal degrees or any DMS form (see above). `expected` is the
/// axis the caller expects (an x field: longitude, a y field: latitude); a hemisphere letter
/// of the other axis is an error. Checks |latitude| <= 90 and |longitude| <= 180 (for `unknown`
/// axis and no letter, <= 180). Throws depomap::ParseError whose message quotes the input, e.g.
///   invalid coordinate "71°63′13″N": minutes must be below 60
/// Allocates nothing unless it throws.
Coordinate parse_coordinate(std::string_view text, Axis expected);

/// Like parse_coordinate, returning only the degrees.
double parse_degrees(std::string_view text, Axis expected);

/// A plain decimal number (an easting, a northing in a projected CSV): the whole text once
/// trimmed, finite; nothing otherwise. Load and convert read projected coordinates with it.
std::optional<double> parse_number(std::string_view text);

/// For a latitude that did not parse: " (longitude and latitude swapped?)" when the longitude `x`
/// could be a latitude and `latitude_text` reads as a longitude beyond ±90 degrees; else "".
std::string swapped_hint(double x, std::string_view latitude_text);

} // namespace depomap::geo
