#pragma once
// Checks that a library message is in the library's words: it names an option by its field or a
// value by its subject (depomap::option_ref, depomap::BadValue), never by a CLI flag.
#include "depomap/error.hpp"

#include <gtest/gtest.h>

#include <exception>
#include <string>

namespace depomap::test {

/// `message` says `words` and no flag.
inline void expect_library_words(const std::string &message, const std::string &words) {
    EXPECT_NE(message.find(words), std::string::npos) << message;
    EXPECT_EQ(message.find("--"), std::string::npos) << message;
}

/// The subject of the BadValue `fn` throws, its message checked for flags ("NO BadValue" and
/// what was thrown instead, when it throws none).
template <typename Fn> std::string subject_of(Fn &&fn) {
    try {
        fn();
    } catch (const BadValue &e) {
        EXPECT_EQ(std::string(e.what()).find("--"), std::string::npos) << e.what();
        return e.subject();
    } catch (const std::exception &e) {
        return std::string("NO BadValue: ") + e.what();
    }
    return "NO BadValue";
}

} // namespace depomap::test
