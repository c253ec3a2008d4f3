#pragma once
// A fresh scratch folder for the running test: <build>/tests/tmp/<Suite>.<Test>, emptied first.
#include "test_config.hpp"

#include <gtest/gtest.h>

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

} // namespace depomap::test
