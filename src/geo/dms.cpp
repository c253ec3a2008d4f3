// Hand-written coordinate parser: it runs once per CSV cell on millions of rows, so it walks the
// UTF-8 text once, keeps its state on the stack and allocates only to build an error message.
#include "depomap/dms.hpp"

#include "depomap/error.hpp"
#include "util/text.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>

namespace depomap::geo {
namespace {

// One decoded code point; length 0 means the bytes are not valid UTF-8.
struct CodePoint {
    char32_t value;
    std::size_t length;
};

// Strict decoding (no overlongs, surrogates or values past U+10FFFF), so that no odd byte sequence
// can pass for one of the marks we look for.
CodePoint decode_utf8(std::string_view text, std::size_t pos) {
    const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(text[pos + i]); };
    const auto continuation = [&](std::size_t i) {
        return pos + i < text.size() && (byte(i) & 0xC0U) == 0x80U;
    };
    const unsigned char lead = byte(0);
    if (lead < 0x80U) {
        return {lead, 1};
    }
    if (lead >= 0xC2U && lead <= 0xDFU) {
        if (!continuation(1)) {
            return {0, 0};
        }
        return {static_cast<char32_t>(((lead & 0x1FU) << 6U) | (byte(1) & 0x3FU)), 2};
    }
    if (lead >= 0xE0U && lead <= 0xEFU) {
        if (!continuation(1) || !continuation(2) || (lead == 0xE0U && byte(1) < 0xA0U) ||
            (lead == 0xEDU && byte(1) >= 0xA0U)) {
            return {0, 0};
        }
        return {static_cast<char32_t>(((lead & 0x0FU) << 12U) | ((byte(1) & 0x3FU) << 6U) |
                                      (byte(2) & 0x3FU)),
                3};
    }
    if (lead >= 0xF0U && lead <= 0xF4U) {
        if (!continuation(1) || !continuation(2) || !continuation(3) ||
            (lead == 0xF0U && byte(1) < 0x90U) || (lead == 0xF4U && byte(1) >= 0x90U)) {
            return {0, 0};
        }
        return {static_cast<char32_t>(((lead & 0x07U) << 18U) | ((byte(1) & 0x3FU) << 12U) |
                                      ((byte(2) & 0x3FU) << 6U) | (byte(3) & 0x3FU)),
                4};
    }
    return {0, 0};
}

// What a code point means to the parser.
enum class Glyph {
    end,
    invalid_utf8,
    space,
    digit,
    plus,
    minus,
    colon,
    degree_mark,
    minute_mark,
    second_mark,
    north,
    south,
    east,
    west,
    other,
};

// A hemisphere: its Latin letter or the Cyrillic initial of север, юг, восток, запад, either case.
constexpr std::pair<std::u32string_view, Glyph> hemispheres[] = {
    {U"Nn\u0421\u0441", Glyph::north}, // С с
    {U"Ss\u042E\u044E", Glyph::south}, // Ю ю
    {U"Ee\u0412\u0432", Glyph::east},  // В в
    {U"Ww\u0417\u0437", Glyph::west},  // З з
};

constexpr Glyph classify(char32_t c) {
    if (c >= U'0' && c <= U'9') {
        return Glyph::digit;
    }
    switch (c) {
    case U' ':
    case U'\t':
    case U'\n':
    case U'\v':
    case U'\f':
    case U'\r':
    case U'\u00A0': // no-break space, common in spreadsheet exports
    case U'\u1680':
    case U'\u202F': // narrow no-break space, used before units in French/Russian typography
    case U'\u205F':
    case U'\u3000':
    case U'\uFEFF': // a byte order mark left at the start of a file's first cell
        return Glyph::space;
    case U'+':
        return Glyph::plus;
    case U'-':
    case U'\u2212': // minus sign
        return Glyph::minus;
    case U':':
        return Glyph::colon;
    case U'\u00B0': // degree sign
    case U'\u00BA': // masculine ordinal, what many keyboards and OCR produce for a degree sign
    case U'\u02DA': // ring above
        return Glyph::degree_mark;
    case U'\u2032': // prime
    case U'\'':
    case U'\u2019': // right single quotation mark, from word processors' smart quotes
    case U'\u00B4': // acute accent
    case U'\u02B9': // modifier letter prime
        return Glyph::minute_mark;
    case U'\u2033': // double prime
    case U'"':
    case U'\u201D': // right double quotation mark
    case U'\u02BA': // modifier letter double prime
        return Glyph::second_mark;
    default:
        break;
    }
    if (c >= U'\u2000' && c <= U'\u200A') { // en quad .. hair space
        return Glyph::space;
    }
    for (const auto &[letters, glyph] : hemispheres) {
        if (letters.find(c) != std::u32string_view::npos) return glyph;
    }
    return Glyph::other;
}

// ASCII is nearly all of what the parser sees; a table spares the decode and the switch.
constexpr auto ascii_glyphs = [] {
    std::array<Glyph, 128> table{};
    for (char32_t c = 0; c < table.size(); ++c) {
        table[c] = classify(c);
    }
    return table;
}();

enum class Slot { degrees = 0, minutes = 1, seconds = 2 };

const char *slot_name(Slot slot) {
    switch (slot) {
    case Slot::degrees:
        return "degrees";
    case Slot::minutes:
        return "minutes";
    case Slot::seconds:
        return "seconds";
    }
    return "?";
}

// How a number was marked; `letter` marks (d, m, s) matter because an attached `s` is a seconds
// mark only after a letter `m`.
struct Mark {
    bool present = false;
    Slot slot = Slot::degrees;
    bool letter = false;
};

struct Number {
    double value;
    bool has_fraction;
    bool has_exponent;
};

struct Part {
    double value;
    Slot slot;
    bool has_fraction;
    bool has_exponent;
};

bool is_ascii_digit(char c) { return c >= '0' && c <= '9'; }

char ascii_lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool starts_with_ignoring_case(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) {
        return false;
    }
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (ascii_lower(text[i]) != prefix[i]) {
            return false;
        }
    }
    return true;
}

// The input as it can be shown on one line of a message: control characters and bytes that are
// not UTF-8 escaped, very long values cut.
std::string quote_for_message(std::string_view text) {
    constexpr std::size_t max_bytes = 120;
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() < max_bytes ? text.size() + 8 : max_bytes + 16);
    std::size_t pos = 0;
    while (pos < text.size()) {
        if (out.size() >= max_bytes) {
            out += "...";
            break;
        }
        const CodePoint cp = decode_utf8(text, pos);
        if (cp.length == 0 || cp.value < 0x20 || cp.value == 0x7F) {
            const auto byte = static_cast<unsigned char>(text[pos]);
            if (byte == '\t') {
                out += "\\t";
            } else if (byte == '\n') {
                out += "\\n";
            } else if (byte == '\r') {
                out += "\\r";
            } else {
                out += "\\x";
                out += hex[byte >> 4U];
                out += hex[byte & 0x0FU];
            }
            ++pos;
            continue;
        }
        out.append(text.substr(pos, cp.length));
        pos += cp.length;
    }
    return out;
}

class Parser {
  public:
    Parser(std::string_view text, Axis expected) : text_(text), expected_(expected) {}

    Coordinate parse();

  private:
    struct Peeked {
        Glyph glyph;
        char32_t value;
        std::size_t length;
    };

    Peeked peek() const {
        if (pos_ >= text_.size()) {
            return {Glyph::end, 0, 0};
        }
        if (const auto byte = static_cast<unsigned char>(text_[pos_]); byte < 0x80U) {
            return {ascii_glyphs[byte], byte, 1};
        }
        const CodePoint cp = decode_utf8(text_, pos_);
        if (cp.length == 0) {
            return {Glyph::invalid_utf8, 0, 1};
        }
        return {classify(cp.value), cp.value, cp.length};
    }

    void skip_spaces() {
        for (Peeked p = peek(); p.glyph == Glyph::space; p = peek()) {
            pos_ += p.length;
        }
    }

    /// The numeric parts of a value: degrees, then minutes and seconds where given.
    struct Parts {
        Part part[3];
        int count = 0;
    };

    Number read_number();
    Mark read_mark(bool after_letter_minutes);
    Glyph read_hemisphere();
    void read_optional_hemisphere(Glyph &hemisphere, std::size_t &hemisphere_pos);
    Parts read_parts();
    Slot slot_of(const Parts &parts, const Number &number, const Mark &mark, bool negative_part) const;
    void check_signs(Glyph sign, Glyph hemisphere, std::size_t hemisphere_pos) const;
    double magnitude(const Parts &parts, Axis axis) const;
    void reject_non_finite() const;

    [[noreturn]] void fail(std::string_view reason) const;
    [[noreturn]] void fail_unexpected() const;

    std::string_view text_;
    Axis expected_;
    std::size_t pos_ = 0;
};

void Parser::fail(std::string_view reason) const {
    std::string message = "invalid coordinate \"";
    message += quote_for_message(text_);
    message += "\": ";
    message += reason;
    throw ParseError(message);
}

// Names the character where parsing stopped, which is what a user needs to fix the cell.
void Parser::fail_unexpected() const {
    const Peeked p = peek();
    if (p.glyph == Glyph::end) {
        fail("the value ends too early");
    }
    if (p.glyph == Glyph::invalid_utf8) {
        fail("the text is not valid UTF-8");
    }
    std::string reason = "unexpected \"";
    reason += quote_for_message(text_.substr(pos_, p.length));
    reason += '"';
    fail(reason);
}

// from_chars would happily read "nan" and "inf"; we never pass it letters, but say clearly why
// such a value is refused instead of pointing at its first letter.
void Parser::reject_non_finite() const {
    const std::string_view rest = text_.substr(pos_);
    if (starts_with_ignoring_case(rest, "nan") || starts_with_ignoring_case(rest, "inf")) {
        fail("NaN and infinity are not coordinates");
    }
}

// Reads digits with an optional fraction and exponent; the caller has seen a digit at pos_.
Number Parser::read_number() {
    const std::size_t start = pos_;
    const std::size_t size = text_.size();
    while (pos_ < size && is_ascii_digit(text_[pos_])) {
        ++pos_;
    }
    bool has_fraction = false;
    bool decimal_comma = false;
    if (pos_ + 1 < size && (text_[pos_] == '.' || text_[pos_] == ',') &&
        is_ascii_digit(text_[pos_ + 1])) {
        // A comma is a decimal separator only where it cannot be anything else: with a '.' in the
        // text it is a list or thousands separator, and guessing would move points silently.
        if (text_[pos_] == ',') {
            if (text_.find('.') != std::string_view::npos) {
                fail("a decimal comma in a value that also has a decimal point");
            }
            decimal_comma = true;
        }
        has_fraction = true;
        ++pos_;
        while (pos_ < size && is_ascii_digit(text_[pos_])) {
            ++pos_;
        }
    }
    // An `e` is an exponent only when digits follow; otherwise it is the east letter (71.5E).
    bool has_exponent = false;
    if (pos_ + 1 < size && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
        std::size_t digits = pos_ + 1;
        if (text_[digits] == '+' || text_[digits] == '-') {
            ++digits;
        }
        if (digits < size && is_ascii_digit(text_[digits])) {
            has_exponent = true;
            pos_ = digits;
            while (pos_ < size && is_ascii_digit(text_[pos_])) {
                ++pos_;
            }
        }
    }

    const char *first = text_.data() + start;
    const char *last = text_.data() + pos_;
    // Whole numbers (most DMS parts) are exact in a double up to 15 digits: skip from_chars,
    // which costs several times more.
    constexpr std::ptrdiff_t max_exact_digits = 15;
    if (!has_fraction && !has_exponent && last - first <= max_exact_digits) {
        std::uint64_t whole = 0;
        for (const char *c = first; c != last; ++c) {
            whole = whole * 10 + static_cast<std::uint64_t>(*c - '0');
        }
        return {static_cast<double>(whole), false, false};
    }
    // from_chars knows only '.', so a decimal comma is swapped on a stack copy.
    constexpr std::size_t max_comma_number = 64;
    char buffer[max_comma_number];
    if (decimal_comma) {
        const auto length = static_cast<std::size_t>(last - first);
        if (length > max_comma_number) {
            fail("the number is too long");
        }
        for (std::size_t i = 0; i < length; ++i) {
            buffer[i] = first[i] == ',' ? '.' : first[i];
        }
        first = buffer;
        last = buffer + length;
    }
    double value = 0;
    const auto [end, error] = std::from_chars(first, last, value, std::chars_format::general);
    if (error == std::errc::result_out_of_range) {
        fail("the number is out of range");
    }
    if (error != std::errc() || end != last || !std::isfinite(value)) {
        fail("the number cannot be read");
    }
    return {value, has_fraction, has_exponent};
}

// Reads the mark after a number, if any. Letter marks must touch the number (71d03m13s) so that a
// free-standing `s` stays the south letter; symbol marks may follow after spaces.
Mark Parser::read_mark(bool after_letter_minutes) {
    if (pos_ < text_.size()) {
        const char c = text_[pos_];
        if (c == 'd' || c == 'D') {
            ++pos_;
            return {true, Slot::degrees, true};
        }
        if (c == 'm' || c == 'M') {
            ++pos_;
            return {true, Slot::minutes, true};
        }
        if ((c == 's' || c == 'S') && after_letter_minutes) {
            ++pos_;
            return {true, Slot::seconds, true};
        }
    }
    skip_spaces();
    const Peeked p = peek();
    switch (p.glyph) {
    case Glyph::degree_mark:
        pos_ += p.length;
        return {true, Slot::degrees, false};
    case Glyph::minute_mark: {
        pos_ += p.length;
        // Two primes or apostrophes stand for a double prime where the keyboard has none.
        const Peeked second = peek();
        if (second.glyph == Glyph::minute_mark) {
            pos_ += second.length;
            return {true, Slot::seconds, false};
        }
        return {true, Slot::minutes, false};
    }
    case Glyph::second_mark:
        pos_ += p.length;
        return {true, Slot::seconds, false};
    default:
        return {};
    }
}

// Reads a hemisphere letter at pos_, with the Russian abbreviations "с.ш.", "в. д." etc.
Glyph Parser::read_hemisphere() {
    const Peeked letter = peek();
    pos_ += letter.length;
    if (letter.value >= 0x400) { // Cyrillic: try the широты/долготы abbreviation
        const std::size_t after_letter = pos_;
        if (pos_ < text_.size() && text_[pos_] == '.') {
            ++pos_;
        }
        skip_spaces();
        const Peeked word = peek();
        const bool latitude = letter.glyph == Glyph::north || letter.glyph == Glyph::south;
        const bool matches = latitude ? (word.value == U'ш' || word.value == U'Ш')
                                      : (word.value == U'д' || word.value == U'Д');
        if (word.glyph == Glyph::other && matches) {
            pos_ += word.length;
            if (pos_ < text_.size() && text_[pos_] == '.') {
                ++pos_;
            }
        } else {
            pos_ = after_letter;
        }
    }
    return letter.glyph;
}

bool is_hemisphere(Glyph glyph) {
    return glyph == Glyph::north || glyph == Glyph::south || glyph == Glyph::east ||
           glyph == Glyph::west;
}

Axis axis_of(Glyph hemisphere) {
    return (hemisphere == Glyph::north || hemisphere == Glyph::south) ? Axis::latitude
                                                                      : Axis::longitude;
}

// A hemisphere letter here, if there is one (at most one per value).
void Parser::read_optional_hemisphere(Glyph &hemisphere, std::size_t &hemisphere_pos) {
    if (!is_hemisphere(peek().glyph)) {
        return;
    }
    if (hemisphere != Glyph::end) {
        fail("two hemisphere letters");
    }
    hemisphere_pos = pos_;
    hemisphere = read_hemisphere();
    skip_spaces();
    if (is_hemisphere(peek().glyph)) {
        fail("two hemisphere letters");
    }
}

// Which part a number just read is: its mark's, else the one after its predecessor.
Slot Parser::slot_of(const Parts &parts, const Number &number, const Mark &mark, bool negative_part) const {
    const int count = parts.count;
    const Slot previous = count > 0 ? parts.part[count - 1].slot : Slot::degrees;
    Slot slot = Slot::degrees;
    if (mark.present) {
        slot = mark.slot;
    } else if (count > 0) {
        // An unmarked part is the one after its predecessor: 71 03 13, 71°03 13.
        if (previous == Slot::seconds) {
            fail("a number after the seconds");
        }
        slot = static_cast<Slot>(static_cast<int>(previous) + 1);
    }
    if (count == 0 && slot != Slot::degrees) {
        fail(std::string("the value starts with ") + slot_name(slot) + ", not degrees");
    }
    if (count > 0) {
        if (slot <= previous) {
            fail(std::string(slot_name(slot)) + " after " + slot_name(previous));
        }
        const Part &before = parts.part[count - 1];
        if (before.has_exponent || number.has_exponent) {
            fail("an exponent is allowed only in decimal degrees");
        }
        if (before.has_fraction) {
            fail(std::string("decimal ") + slot_name(before.slot) + " followed by " + slot_name(slot));
        }
    }
    if (negative_part) {
        fail(std::string(slot_name(slot)) + " must not be negative");
    }
    if (slot != Slot::degrees && number.value >= 60) {
        fail(std::string(slot_name(slot)) + " must be below 60");
    }
    return slot;
}

// Up to three parts: degrees, minutes, seconds, separated all by ':' or all otherwise.
Parser::Parts Parser::read_parts() {
    Parts parts;
    bool colon_separated = false; // some boundary between parts is a ':'
    bool space_separated = false; // some boundary is whitespace or a mark
    bool marked = false;
    bool letter_minutes = false;
    for (;;) {
        // A sign can only lead the whole value; on a later part it makes that part negative.
        bool negative_part = false;
        if (parts.count > 0) {
            if (const Peeked p = peek(); p.glyph == Glyph::plus || p.glyph == Glyph::minus) {
                negative_part = p.glyph == Glyph::minus;
                pos_ += p.length;
                skip_spaces();
            }
        }
        if (peek().glyph != Glyph::digit) {
            if (parts.count == 0 && peek().glyph == Glyph::end) {
                fail("no number");
            }
            if (parts.count == 0) {
                reject_non_finite();
            }
            fail_unexpected();
        }
        if (parts.count == 3) {
            fail("more than three numeric parts");
        }
        const Number number = read_number();
        const Mark mark = read_mark(letter_minutes);
        const Slot slot = slot_of(parts, number, mark, negative_part);
        marked = marked || mark.present;
        letter_minutes = mark.present && mark.letter && slot == Slot::minutes;
        parts.part[parts.count++] = {number.value, slot, number.has_fraction, number.has_exponent};

        // What separates this part from the next one, if another follows.
        skip_spaces();
        const Glyph next = peek().glyph;
        if (next == Glyph::colon) {
            if (marked) {
                fail("mixes ':' with degree, minute or second marks");
            }
            colon_separated = true;
            ++pos_;
            skip_spaces();
        } else if (next == Glyph::digit || next == Glyph::plus || next == Glyph::minus) {
            space_separated = true;
        } else {
            break;
        }
        if (colon_separated && space_separated) {
            fail("mixes ':' with other separators");
        }
    }
    if (colon_separated && marked) {
        fail("mixes ':' with degree, minute or second marks");
    }
    return parts;
}

// A sign and a hemisphere letter that contradict each other, or an axis not the one expected.
void Parser::check_signs(Glyph sign, Glyph hemisphere, std::size_t hemisphere_pos) const {
    const bool has_hemisphere = hemisphere != Glyph::end;
    const bool negative_hemisphere = hemisphere == Glyph::south || hemisphere == Glyph::west;
    // "-71 S" may mean south or a doubly negated north; refuse to guess. "+71 N" is only redundant.
    if (sign == Glyph::minus && has_hemisphere) {
        fail("both a minus sign and a hemisphere letter");
    }
    if (sign == Glyph::plus && negative_hemisphere) {
        fail("both a plus sign and a south or west hemisphere letter");
    }
    if (has_hemisphere && expected_ != Axis::unknown && axis_of(hemisphere) != expected_) {
        const CodePoint letter = decode_utf8(text_, hemisphere_pos);
        std::string reason = "\"";
        reason += text_.substr(hemisphere_pos, letter.length);
        reason += axis_of(hemisphere) == Axis::latitude
                      ? "\" is a latitude hemisphere, but a longitude is expected"
                      : "\" is a longitude hemisphere, but a latitude is expected";
        fail(reason);
    }
}

// The value in degrees, checked against the range of `axis` (or of either axis when unknown).
double Parser::magnitude(const Parts &parts, Axis axis) const {
    double magnitude = 0;
    for (int i = 0; i < parts.count; ++i) {
        switch (parts.part[i].slot) {
        case Slot::degrees:
            magnitude += parts.part[i].value;
            break;
        case Slot::minutes:
            magnitude += parts.part[i].value / 60.0;
            break;
        case Slot::seconds:
            magnitude += parts.part[i].value / 3600.0;
            break;
        }
    }
    if (axis == Axis::latitude && magnitude > 90.0) {
        fail("latitude must be between -90 and 90");
    }
    if (axis == Axis::longitude && magnitude > 180.0) {
        fail("longitude must be between -180 and 180");
    }
    if (axis == Axis::unknown && magnitude > 180.0) {
        fail("a coordinate must be between -180 and 180");
    }
    return magnitude;
}

Coordinate Parser::parse() {
    skip_spaces();
    if (peek().glyph == Glyph::end) {
        fail("the value is empty");
    }
    reject_non_finite();

    Glyph hemisphere = Glyph::end;
    std::size_t hemisphere_pos = 0;
    read_optional_hemisphere(hemisphere, hemisphere_pos);

    Glyph sign = Glyph::end;
    if (const Peeked p = peek(); p.glyph == Glyph::plus || p.glyph == Glyph::minus) {
        sign = p.glyph;
        pos_ += p.length;
        skip_spaces();
        reject_non_finite();
    }

    const Parts parts = read_parts();
    read_optional_hemisphere(hemisphere, hemisphere_pos);
    if (peek().glyph != Glyph::end) {
        fail_unexpected();
    }
    check_signs(sign, hemisphere, hemisphere_pos);

    const bool has_hemisphere = hemisphere != Glyph::end;
    const Axis axis = has_hemisphere ? axis_of(hemisphere) : Axis::unknown;
    const double value = magnitude(parts, has_hemisphere ? axis : expected_);
    const bool negative = sign == Glyph::minus || hemisphere == Glyph::south || hemisphere == Glyph::west;
    // Adding 0.0 turns -0 into 0, so "S 0" does not print as "-0".
    return {(negative ? -value : value) + 0.0, axis};
}

} // namespace

Coordinate parse_coordinate(std::string_view text, Axis expected) {
    return Parser(text, expected).parse();
}

double parse_degrees(std::string_view text, Axis expected) {
    return parse_coordinate(text, expected).degrees;
}

std::optional<double> parse_number(std::string_view text) {
    text = util::trim(text);
    double value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || !std::isfinite(value))
        return std::nullopt;
    return value;
}

std::string swapped_hint(double x, std::string_view latitude_text) {
    if (std::abs(x) > 90) return "";
    try {
        const auto as_x = parse_coordinate(latitude_text, Axis::unknown);
        if (as_x.axis == Axis::unknown && std::abs(as_x.degrees) > 90) return " (longitude and latitude swapped?)";
    } catch (const ParseError &) {
    }
    return "";
}

} // namespace depomap::geo
