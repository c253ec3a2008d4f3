// Coordinate parsing: every form seen in sources must read to the same degrees, every bad value
// must fail with a message that quotes it and says why.
#include "depomap/dms.hpp"
#include "depomap/error.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <string_view>

namespace {

using depomap::ParseError;
using depomap::geo::Axis;
using depomap::geo::Coordinate;
using depomap::geo::parse_coordinate;
using depomap::geo::parse_degrees;

// 71°03′13″ as a number, the value most forms below spell.
constexpr double dms_71_03_13 = 71.0 + 3.0 / 60.0 + 13.0 / 3600.0;
constexpr double tolerance = 1e-12;

// Parses and checks both the degrees and the axis read from the text.
::testing::AssertionResult parses(std::string_view text, Axis expected, double degrees, Axis axis) {
    try {
        const Coordinate c = parse_coordinate(text, expected);
        if (std::fabs(c.degrees - degrees) > tolerance || c.axis != axis) {
            return ::testing::AssertionFailure()
                   << "\"" << text << "\" gave " << c.degrees << " (axis "
                   << static_cast<int>(c.axis) << "), expected " << degrees << " (axis "
                   << static_cast<int>(axis) << ")";
        }
        return ::testing::AssertionSuccess();
    } catch (const ParseError &e) {
        return ::testing::AssertionFailure() << "\"" << text << "\" threw: " << e.what();
    }
}

// Checks that the text is refused with a message that quotes it (as `quoted`, which differs from
// the text only when it holds control characters) and contains `reason`.
::testing::AssertionResult rejects(std::string_view text, Axis expected, std::string_view reason,
                                   std::string_view quoted = {}) {
    if (quoted.empty()) {
        quoted = text;
    }
    try {
        const Coordinate c = parse_coordinate(text, expected);
        return ::testing::AssertionFailure() << "\"" << text << "\" was accepted as " << c.degrees;
    } catch (const ParseError &e) {
        const std::string message = e.what();
        const std::string quote = "invalid coordinate \"" + std::string(quoted) + "\": ";
        if (message.find(quote) == std::string::npos || message.find(reason) == std::string::npos) {
            return ::testing::AssertionFailure()
                   << "message \"" << message << "\" lacks " << quote << " or \"" << reason << "\"";
        }
        return ::testing::AssertionSuccess();
    } catch (const std::exception &e) {
        return ::testing::AssertionFailure()
               << "\"" << text << "\" threw a non-ParseError " << e.what();
    }
}

// ---- forms that must parse -------------------------------------------------------------------

TEST(Dms, RoundValueIsExact) {
    EXPECT_NEAR(parse_degrees("71°03′13″", Axis::unknown), 71.0 + 3.0 / 60 + 13.0 / 3600, 1e-12);
    EXPECT_NEAR(parse_degrees("0°00′01″", Axis::unknown), 1.0 / 3600, 1e-15);
    EXPECT_NEAR(parse_degrees("45°30′", Axis::unknown), 45.5, 1e-12);
}

TEST(Dms, TypographicMarks) {
    EXPECT_TRUE(parses("71°03′13″N", Axis::latitude, dms_71_03_13, Axis::latitude));
}

TEST(Dms, AsciiMarks) {
    EXPECT_TRUE(parses("71°03'13\"N", Axis::latitude, dms_71_03_13, Axis::latitude));
}

TEST(Dms, SpacesOnly) {
    EXPECT_TRUE(parses("71 03 13 N", Axis::latitude, dms_71_03_13, Axis::latitude));
    EXPECT_TRUE(parses("71 03 13", Axis::latitude, dms_71_03_13, Axis::unknown));
}

TEST(Dms, DecimalMinutesWithApostrophe) {
    EXPECT_TRUE(parses("71°03.22'N", Axis::latitude, 71 + 3.22 / 60, Axis::latitude));
}

TEST(Dms, DecimalMinutesWithPrimeAndSpace) {
    EXPECT_TRUE(parses("71°03.22′ N", Axis::latitude, 71 + 3.22 / 60, Axis::latitude));
}

TEST(Dms, LeadingHemisphereAttached) {
    EXPECT_TRUE(parses("N71.0536", Axis::latitude, 71.0536, Axis::latitude));
}

TEST(Dms, LeadingHemisphereSpaced) {
    EXPECT_TRUE(parses("N 71.0536", Axis::latitude, 71.0536, Axis::latitude));
    EXPECT_TRUE(parses("S 71°03′13″", Axis::latitude, -dms_71_03_13, Axis::latitude));
    EXPECT_TRUE(parses("W115.53", Axis::longitude, -115.53, Axis::longitude));
}

TEST(Dms, TrailingHemisphereAttached) {
    EXPECT_TRUE(parses("71.0536N", Axis::latitude, 71.0536, Axis::latitude));
    EXPECT_TRUE(parses("71.0536E", Axis::longitude, 71.0536, Axis::longitude));
}

TEST(Dms, MinusSign) {
    EXPECT_TRUE(parses("-115.53", Axis::longitude, -115.53, Axis::unknown));
    EXPECT_TRUE(parses("- 115.53", Axis::longitude, -115.53, Axis::unknown));
}

TEST(Dms, UnicodeMinusSign) {
    EXPECT_TRUE(parses("\u2212115.53", Axis::longitude, -115.53, Axis::unknown));
}

TEST(Dms, PlusSign) { EXPECT_TRUE(parses("+115.53", Axis::longitude, 115.53, Axis::unknown)); }

TEST(Dms, PlusWithAgreeingHemisphere) {
    EXPECT_TRUE(parses("+71 N", Axis::latitude, 71, Axis::latitude));
}

TEST(Dms, WestNegates) {
    EXPECT_TRUE(parses("115.53 W", Axis::longitude, -115.53, Axis::longitude));
}

TEST(Dms, SouthNegates) {
    EXPECT_TRUE(parses("71°03′13″S", Axis::latitude, -dms_71_03_13, Axis::latitude));
}

TEST(Dms, LetterMarks) {
    EXPECT_TRUE(parses("71d03m13sN", Axis::latitude, dms_71_03_13, Axis::latitude));
    EXPECT_TRUE(parses("71D03M13S", Axis::latitude, dms_71_03_13, Axis::unknown));
    EXPECT_TRUE(parses("71d 03m 13s", Axis::latitude, dms_71_03_13, Axis::unknown));
}

TEST(Dms, LetterSecondsThenSouth) {
    EXPECT_TRUE(parses("71d03m13sS", Axis::latitude, -dms_71_03_13, Axis::latitude));
    // Apart from the number, `s` is the south letter.
    EXPECT_TRUE(parses("71d03m13 s", Axis::latitude, -dms_71_03_13, Axis::latitude));
}

TEST(Dms, AttachedSAfterSymbolMarksIsSouth) {
    // `s` is a seconds mark only in the all-letter style (after an `m`).
    EXPECT_TRUE(parses("71°03′13s", Axis::latitude, -dms_71_03_13, Axis::latitude));
    EXPECT_TRUE(parses("71.5s", Axis::latitude, -71.5, Axis::latitude));
}

TEST(Dms, Colons) {
    EXPECT_TRUE(parses("71:03:13N", Axis::latitude, dms_71_03_13, Axis::latitude));
    EXPECT_TRUE(parses("71 : 03 : 13", Axis::latitude, dms_71_03_13, Axis::unknown));
    EXPECT_TRUE(parses("71:03.5", Axis::latitude, 71 + 3.5 / 60, Axis::unknown));
}

TEST(Dms, DegreesOnlyWithMark) {
    EXPECT_TRUE(parses("71°N", Axis::latitude, 71, Axis::latitude));
    EXPECT_TRUE(parses("71.25°", Axis::latitude, 71.25, Axis::unknown));
}

TEST(Dms, DecimalSecondsWithoutHemisphere) {
    EXPECT_TRUE(
        parses("71° 3' 13.5\"", Axis::latitude, 71 + 3.0 / 60 + 13.5 / 3600, Axis::unknown));
}

TEST(Dms, SignAppliesToWholeValue) {
    EXPECT_TRUE(parses("-71°03′13″", Axis::latitude, -dms_71_03_13, Axis::unknown));
}

TEST(Dms, DegreesAndMinutesEast) {
    EXPECT_TRUE(parses("116°33′E", Axis::longitude, 116 + 33.0 / 60, Axis::longitude));
}

TEST(Dms, UnmarkedPartsFollowMarkedOnes) {
    EXPECT_TRUE(parses("71°03 13", Axis::latitude, dms_71_03_13, Axis::unknown));
    EXPECT_TRUE(parses("71°03′13 N", Axis::latitude, dms_71_03_13, Axis::latitude));
}

TEST(Dms, MinutesMaySkip) {
    EXPECT_TRUE(parses("71°13″", Axis::latitude, 71 + 13.0 / 3600, Axis::unknown));
}

TEST(Dms, DecimalComma) {
    EXPECT_TRUE(parses("71,0536", Axis::latitude, 71.0536, Axis::unknown));
    EXPECT_TRUE(parses("71°03,22′ N", Axis::latitude, 71 + 3.22 / 60, Axis::latitude));
}

TEST(Dms, DegreeSignVariants) {
    for (const char *text : {"71°03′13″", "71º03′13″", "71˚03′13″"}) {
        EXPECT_TRUE(parses(text, Axis::latitude, dms_71_03_13, Axis::unknown));
    }
}

TEST(Dms, PrimeVariants) {
    for (const char *text : {"71°03′13″", "71°03'13″", "71°03’13″", "71°03´13″", "71°03ʹ13″"}) {
        EXPECT_TRUE(parses(text, Axis::latitude, dms_71_03_13, Axis::unknown));
    }
}

TEST(Dms, DoublePrimeVariants) {
    for (const char *text :
         {"71°03′13″", "71°03′13\"", "71°03'13''", "71°03′13”", "71°03′13′′", "71°03′13ʺ"}) {
        EXPECT_TRUE(parses(text, Axis::latitude, dms_71_03_13, Axis::unknown));
    }
}

TEST(Dms, WhitespaceAround) {
    EXPECT_TRUE(parses("  71.0536  ", Axis::latitude, 71.0536, Axis::unknown));
    EXPECT_TRUE(parses("\t71.0536\r\n", Axis::latitude, 71.0536, Axis::unknown));
    EXPECT_TRUE(parses(" 71 ° 03 ′ 13 ″ N ", Axis::latitude, dms_71_03_13, Axis::latitude));
}

TEST(Dms, NoBreakSpaces) {
    EXPECT_TRUE(parses("\u00A071°\u00A003′\u00A013″\u00A0N\u00A0", Axis::latitude, dms_71_03_13,
                       Axis::latitude));
    EXPECT_TRUE(parses("71\u202F03\u202F13", Axis::latitude, dms_71_03_13, Axis::unknown));
    EXPECT_TRUE(parses("\uFEFF71.5", Axis::latitude, 71.5, Axis::unknown));
}

TEST(Dms, LowercaseHemispheres) {
    EXPECT_TRUE(parses("71.5 n", Axis::latitude, 71.5, Axis::latitude));
    EXPECT_TRUE(parses("71.5 s", Axis::latitude, -71.5, Axis::latitude));
    EXPECT_TRUE(parses("115.5 e", Axis::longitude, 115.5, Axis::longitude));
    EXPECT_TRUE(parses("w 115.5", Axis::longitude, -115.5, Axis::longitude));
}

TEST(Dms, CyrillicHemispheres) {
    EXPECT_TRUE(parses("71°03′13″ С", Axis::latitude, dms_71_03_13, Axis::latitude));
    EXPECT_TRUE(parses("71°03′13″ Ю", Axis::latitude, -dms_71_03_13, Axis::latitude));
    EXPECT_TRUE(parses("116°33′ В", Axis::longitude, 116.55, Axis::longitude));
    EXPECT_TRUE(parses("116°33′ З", Axis::longitude, -116.55, Axis::longitude));
    EXPECT_TRUE(parses("с 71.5", Axis::latitude, 71.5, Axis::latitude));
    EXPECT_TRUE(parses("71.5ю", Axis::latitude, -71.5, Axis::latitude));
    EXPECT_TRUE(parses("116.5 в", Axis::longitude, 116.5, Axis::longitude));
    EXPECT_TRUE(parses("116.5 з", Axis::longitude, -116.5, Axis::longitude));
}

TEST(Dms, CyrillicAbbreviations) {
    EXPECT_TRUE(parses("71°03′13″ с.ш.", Axis::latitude, dms_71_03_13, Axis::latitude));
    EXPECT_TRUE(parses("71°03′13″ ю. ш.", Axis::latitude, -dms_71_03_13, Axis::latitude));
    EXPECT_TRUE(parses("116°33′ в.д.", Axis::longitude, 116.55, Axis::longitude));
    EXPECT_TRUE(parses("116°33′ З.Д", Axis::longitude, -116.55, Axis::longitude));
}

TEST(Dms, ExponentInDecimalDegrees) {
    // What Python's repr and some exporters write for values near zero.
    EXPECT_TRUE(parses("1e-05", Axis::longitude, 1e-05, Axis::unknown));
    EXPECT_TRUE(parses("-1.5E+01", Axis::longitude, -15, Axis::unknown));
}

TEST(Dms, RangeLimitsAreInclusive) {
    EXPECT_TRUE(parses("90 N", Axis::latitude, 90, Axis::latitude));
    EXPECT_TRUE(parses("-90", Axis::latitude, -90, Axis::unknown));
    EXPECT_TRUE(parses("180 W", Axis::longitude, -180, Axis::longitude));
    EXPECT_TRUE(parses("180", Axis::unknown, 180, Axis::unknown));
}

TEST(Dms, UnknownExpectedAxisTakesEitherLetter) {
    EXPECT_TRUE(parses("71 N", Axis::unknown, 71, Axis::latitude));
    EXPECT_TRUE(parses("116 E", Axis::unknown, 116, Axis::longitude));
    EXPECT_TRUE(parses("170", Axis::unknown, 170, Axis::unknown));
}

TEST(Dms, NegativeZeroIsZero) {
    const double zero = parse_degrees("S 0", Axis::latitude);
    EXPECT_EQ(zero, 0.0);
    EXPECT_FALSE(std::signbit(zero));
    EXPECT_FALSE(std::signbit(parse_degrees("-0.0", Axis::latitude)));
}

TEST(Dms, ParseDegreesReturnsDegrees) {
    EXPECT_DOUBLE_EQ(parse_degrees("115.53 W", Axis::longitude), -115.53);
}

// ---- values that must be refused -------------------------------------------------------------

TEST(DmsRejects, ExactMessage) {
    try {
        parse_coordinate("71°63′13″N", Axis::latitude);
        FAIL() << "accepted";
    } catch (const ParseError &e) {
        EXPECT_STREQ(e.what(), "invalid coordinate \"71°63′13″N\": minutes must be below 60");
    }
}

TEST(DmsRejects, IsAParseError) {
    EXPECT_THROW(parse_coordinate("abc", Axis::unknown), ParseError);
    EXPECT_THROW(parse_coordinate("abc", Axis::unknown), depomap::Error);
}

TEST(DmsRejects, Empty) {
    EXPECT_TRUE(rejects("", Axis::latitude, "empty"));
    EXPECT_TRUE(rejects("   ", Axis::latitude, "empty"));
    EXPECT_TRUE(rejects("\u00A0", Axis::latitude, "empty"));
}

TEST(DmsRejects, NoNumber) {
    EXPECT_TRUE(rejects("-", Axis::latitude, "no number"));
    EXPECT_TRUE(rejects("N", Axis::latitude, "no number"));
    EXPECT_TRUE(rejects("N -", Axis::latitude, "no number"));
}

TEST(DmsRejects, MinutesNotBelow60) {
    EXPECT_TRUE(rejects("71°60′N", Axis::latitude, "minutes must be below 60"));
    EXPECT_TRUE(rejects("71 75 00", Axis::latitude, "minutes must be below 60"));
}

TEST(DmsRejects, SecondsNotBelow60) {
    EXPECT_TRUE(rejects("71°03′60″N", Axis::latitude, "seconds must be below 60"));
    EXPECT_TRUE(rejects("71:03:60.5", Axis::latitude, "seconds must be below 60"));
}

TEST(DmsRejects, NegativeMinutes) {
    EXPECT_TRUE(rejects("71° -03′ 13″", Axis::latitude, "minutes must not be negative"));
}

TEST(DmsRejects, NegativeSeconds) {
    EXPECT_TRUE(rejects("71°03′-13″", Axis::latitude, "seconds must not be negative"));
}

TEST(DmsRejects, DecimalMinutesFollowedBySeconds) {
    EXPECT_TRUE(rejects("71°03.5'13\"", Axis::latitude, "decimal minutes followed by seconds"));
}

TEST(DmsRejects, DecimalDegreesFollowedByMinutes) {
    EXPECT_TRUE(rejects("71.5°03′", Axis::latitude, "decimal degrees followed by minutes"));
    // Two decimal values in one cell (a lat/lon pair) land here too.
    EXPECT_TRUE(rejects("71.5 115.3", Axis::latitude, "decimal degrees followed by minutes"));
}

TEST(DmsRejects, MinusSignWithHemisphere) {
    EXPECT_TRUE(rejects("-71 S", Axis::latitude, "both a minus sign and a hemisphere letter"));
    EXPECT_TRUE(rejects("-71 N", Axis::latitude, "both a minus sign and a hemisphere letter"));
    EXPECT_TRUE(rejects("W -115", Axis::longitude, "both a minus sign and a hemisphere letter"));
}

TEST(DmsRejects, PlusSignWithSouthOrWest) {
    EXPECT_TRUE(rejects("+71 S", Axis::latitude, "both a plus sign"));
    EXPECT_TRUE(rejects("+115 W", Axis::longitude, "both a plus sign"));
}

TEST(DmsRejects, TwoHemisphereLetters) {
    EXPECT_TRUE(rejects("N71S", Axis::latitude, "two hemisphere letters"));
    EXPECT_TRUE(rejects("71 N S", Axis::latitude, "two hemisphere letters"));
    EXPECT_TRUE(rejects("71 NE", Axis::unknown, "two hemisphere letters"));
    EXPECT_TRUE(rejects("N S 71", Axis::latitude, "two hemisphere letters"));
    EXPECT_TRUE(rejects("С 71 N", Axis::latitude, "two hemisphere letters"));
}

TEST(DmsRejects, LatitudeOutOfRange) {
    EXPECT_TRUE(rejects("91 N", Axis::latitude, "latitude must be between -90 and 90"));
    EXPECT_TRUE(rejects("90°00′00.1″N", Axis::latitude, "latitude must be between -90 and 90"));
    EXPECT_TRUE(rejects("-90.5", Axis::latitude, "latitude must be between -90 and 90"));
    // The letter decides the axis even when the caller does not know it.
    EXPECT_TRUE(rejects("91 S", Axis::unknown, "latitude must be between -90 and 90"));
}

TEST(DmsRejects, LongitudeOutOfRange) {
    EXPECT_TRUE(rejects("180.0001 E", Axis::longitude, "longitude must be between -180 and 180"));
    EXPECT_TRUE(rejects("-181", Axis::longitude, "longitude must be between -180 and 180"));
    EXPECT_TRUE(rejects("180°00′01″W", Axis::longitude, "longitude must be between -180 and 180"));
    EXPECT_TRUE(rejects("181", Axis::unknown, "must be between -180 and 180"));
}

TEST(DmsRejects, NanAndInfinity) {
    for (const char *text : {"nan", "NaN", "NAN", "inf", "-inf", "+Inf", "Infinity", " nan "}) {
        EXPECT_TRUE(rejects(text, Axis::longitude, "NaN and infinity are not coordinates"));
    }
}

TEST(DmsRejects, Garbage) {
    EXPECT_TRUE(rejects("abc", Axis::latitude, "unexpected \"a\""));
    EXPECT_TRUE(rejects("71°°03", Axis::latitude, "unexpected \"°\""));
    EXPECT_TRUE(rejects("--71", Axis::latitude, "unexpected \"-\""));
    EXPECT_TRUE(rejects("71..5", Axis::latitude, "unexpected \".\""));
    EXPECT_TRUE(rejects(".5", Axis::latitude, "unexpected \".\""));
    EXPECT_TRUE(rejects("71°03′′′", Axis::latitude, "unexpected \"′\""));
}

TEST(DmsRejects, TrailingJunk) {
    EXPECT_TRUE(rejects("71.05 foo", Axis::latitude, "unexpected \"f\""));
    EXPECT_TRUE(rejects("71.05N x", Axis::latitude, "unexpected \"x\""));
    EXPECT_TRUE(rejects("71.05;", Axis::latitude, "unexpected \";\""));
    EXPECT_TRUE(rejects("71.05 North", Axis::latitude, "unexpected \"o\""));
    EXPECT_TRUE(rejects("71.05, 115.3", Axis::latitude, "unexpected \",\""));
    EXPECT_TRUE(rejects("71:", Axis::latitude, "the value ends too early"));
}

TEST(DmsRejects, MoreThanThreeParts) {
    EXPECT_TRUE(rejects("71 03 13 14", Axis::latitude, "more than three numeric parts"));
    EXPECT_TRUE(rejects("71:03:13:14", Axis::latitude, "more than three numeric parts"));
    EXPECT_TRUE(rejects("71°13″ 5", Axis::latitude, "a number after the seconds"));
}

TEST(DmsRejects, WrongAxisLetter) {
    EXPECT_TRUE(rejects("71 N", Axis::longitude,
                        "\"N\" is a latitude hemisphere, but a longitude is expected"));
    EXPECT_TRUE(rejects("116°33′E", Axis::latitude,
                        "\"E\" is a longitude hemisphere, but a latitude is expected"));
    EXPECT_TRUE(rejects("71.5 с.ш.", Axis::longitude, "\"с\" is a latitude hemisphere"));
    EXPECT_TRUE(rejects("w 50", Axis::latitude, "\"w\" is a longitude hemisphere"));
}

TEST(DmsRejects, Overflow) {
    EXPECT_TRUE(rejects("1e400", Axis::longitude, "the number is out of range"));
    const std::string huge = "1" + std::string(400, '0');
    EXPECT_TRUE(
        rejects(huge, Axis::longitude, "the number is out of range", huge.substr(0, 120) + "..."));
}

TEST(DmsRejects, ExponentInDms) {
    EXPECT_TRUE(
        rejects("71 3e1", Axis::latitude, "an exponent is allowed only in decimal degrees"));
}

TEST(DmsRejects, InvalidUtf8) {
    // A Latin-1 degree sign: the file's encoding is wrong, which the user must fix upstream.
    EXPECT_TRUE(rejects("71\xB0N", Axis::latitude, "not valid UTF-8", "71\\xB0N"));
    // An overlong encoding of '0' must not pass for a digit.
    EXPECT_TRUE(rejects("71 \xC0\xB0", Axis::latitude, "not valid UTF-8", "71 \\xC0\\xB0"));
}

TEST(DmsRejects, DecimalCommaBesideDecimalPoint) {
    EXPECT_TRUE(rejects("71.5,3", Axis::latitude, "unexpected \",\""));
    EXPECT_TRUE(rejects("71,5°03.5′", Axis::latitude, "decimal comma"));
}

TEST(DmsRejects, ColonsMixedWithOtherSeparators) {
    EXPECT_TRUE(rejects("71:03 13", Axis::latitude, "mixes ':'"));
    EXPECT_TRUE(rejects("71 03:13", Axis::latitude, "mixes ':'"));
    EXPECT_TRUE(rejects("71°:03", Axis::latitude, "mixes ':'"));
    EXPECT_TRUE(rejects("71:03′", Axis::latitude, "mixes ':'"));
}

TEST(DmsRejects, MarksOutOfOrder) {
    EXPECT_TRUE(rejects("03′13″", Axis::latitude, "starts with minutes, not degrees"));
    EXPECT_TRUE(rejects("71°03″13′", Axis::latitude, "minutes after seconds"));
    EXPECT_TRUE(rejects("71°03°", Axis::latitude, "degrees after degrees"));
}

TEST(DmsRejects, ControlCharactersAreEscapedInMessage) {
    EXPECT_TRUE(rejects("71\x01", Axis::latitude, "unexpected", "71\\x01"));
    EXPECT_TRUE(rejects("71\n72", Axis::latitude, "", "71\\n72"));
}

// The plain numbers of projected CSV coordinates, one parser for load and convert.
TEST(PlainNumber, WholeTrimmedFiniteTextOnly) {
    EXPECT_EQ(depomap::geo::parse_number(" 523456.25 "), 523456.25);
    EXPECT_EQ(depomap::geo::parse_number("-1e3"), -1000.0);
    EXPECT_FALSE(depomap::geo::parse_number(""));
    EXPECT_FALSE(depomap::geo::parse_number("12,5"));
    EXPECT_FALSE(depomap::geo::parse_number("12 m"));
    EXPECT_FALSE(depomap::geo::parse_number("inf"));
    EXPECT_FALSE(depomap::geo::parse_number("1e400"));
    EXPECT_FALSE(depomap::geo::parse_number("0x10"));
}

TEST(SwappedHint, ALatitudeThatReadsAsALongitude) {
    const std::string hint = " (longitude and latitude swapped?)";
    EXPECT_EQ(depomap::geo::swapped_hint(67.88, "134.6"), hint);
    EXPECT_EQ(depomap::geo::swapped_hint(67.88, "134°36'E"), "") << "an east mark says it is a longitude, given as such";
    EXPECT_EQ(depomap::geo::swapped_hint(134.6, "200"), "") << "the longitude cannot be a latitude";
    EXPECT_EQ(depomap::geo::swapped_hint(67.88, "x"), "");
}

} // namespace
