// SPDX-License-Identifier: MIT
// Text helpers shared by the readers and the entity extractor.
#include "util/text.h"

#include <gtest/gtest.h>

#include <utility>

namespace newsdex::detail {
namespace {

// clang-format off
const std::pair<const char*, const char*> kSqueezed[] = {
    {"Arirang News", "Arirang News"},
    {"  Arirang \t News  ", "Arirang News"},
    // Line ends of every kind are spaces.
    {"Kim\nJong-un", "Kim Jong-un"},
    {"Kim\r\nJong-un\r", "Kim Jong-un"},
    {"\r\n\t ", ""},
    {"", ""},
    // Other characters, and spaces of other scripts, are kept.
    {"Xi\xC2\xA0Jinping", "Xi\xC2\xA0Jinping"},
};

// clang-format on

TEST(Text, SqueezesWhiteSpace) {
    for (const auto& [text, expected] : kSqueezed) {
        EXPECT_EQ(squeeze(text), expected) << text;
    }
}

}  // namespace
}  // namespace newsdex::detail
