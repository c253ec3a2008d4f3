#pragma once
// A fresh scratch folder for the running test: <build>/tests/tmp/<Suite>.<Test>, emptied first.
#include "depomap/error.hpp"
#include "test_config.hpp"

#include <gtest/gtest.h>

#include <exception>
#include <filesystem>
#include <string>

namespace depomap::test {

inline std::filesystem::path test_dir() {
    const auto *info = ::testing::UnitTest::GetInstance()->current_test_info();
    const std::filesystem::path dir = std::filesystem::path(DEPOMAP_TEST_BINARY_DIR) / "tmp" /
                                      (std::string(info->test_suite_name()) + "." + info->name());
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

/// Runs `fn`, which must throw depomap::Error, and returns the message ("NO EXCEPTION" when
/// nothing was thrown, "WRONG EXCEPTION TYPE: ..." for another exception).
template <typename Fn> std::string error_of(Fn &&fn) {
    try {
        fn();
    } catch (const depomap::Error &e) {
        return e.what();
    } catch (const std::exception &e) {
        return std::string("WRONG EXCEPTION TYPE: ") + e.what();
    }
    return "NO EXCEPTION";
}

} // namespace depomap::test
