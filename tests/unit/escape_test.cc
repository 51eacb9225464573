// SPDX-License-Identifier: MIT
// Input quoted in messages: one line, whatever the input holds.
#include "util/escape.h"

#include <gtest/gtest.h>

#include <string>

namespace newsdex::detail {
namespace {

struct Row {
    std::string input;
    std::string escaped;
};

// clang-format off
const Row kRows[] = {
    {"plain.txt", "plain.txt"},
    {"", ""},
    {"a\nb", "a\\nb"},
    {"tab\there", "tab\\there"},
    {"cr\r", "cr\\r"},
    {"back\\slash", "back\\\\slash"},                       // reads back unambiguously
    {"\x1b[31mred", "\\x1b[31mred"},                         // terminal escapes
    {std::string("nul\0byte", 8), "nul\\x00byte"},
    {"del\x7f", "del\\x7f"},
    {"caf\xC3\xA9 \xE4\xB9\xA0\xE8\xBF\x91\xE5\xB9\xB3 \xF0\x9F\x98\x80", "caf\xC3\xA9 \xE4\xB9\xA0\xE8\xBF\x91\xE5\xB9\xB3 \xF0\x9F\x98\x80"},
    {"bad \xFF\xFE end", "bad \\xff\\xfe end"},             // not UTF-8
    {"lone \xC3", "lone \\xc3"},                             // a sequence cut short
    {"\xC0\xAF", "\\xc0\\xaf"},                              // overlong '/'
    {"\xED\xA0\x80", "\\xed\\xa0\\x80"},                     // a surrogate
    {"\xF4\x90\x80\x80", "\\xf4\\x90\\x80\\x80"},            // past U+10FFFF
    {"nel\xC2\x85", "nel\\u0085"},                           // C1 control NEL, a line break to some
    {"ls\xE2\x80\xA8ps\xE2\x80\xA9", "ls\\u2028ps\\u2029"},  // line and paragraph separators
    {"rlo\xE2\x80\xAEgnp.txt", "rlo\\u202egnp.txt"},         // a bidi override
    {"x\nnewsdex-index: skipped FAKE: forged", "x\\nnewsdex-index: skipped FAKE: forged"},
};

// clang-format on

TEST(Escape, EachRow) {
    for (const Row& row : kRows) {
        SCOPED_TRACE(row.escaped);
        EXPECT_EQ(escape(row.input), row.escaped);
        EXPECT_EQ(escape(row.input).find('\n'), std::string::npos);
    }
}

TEST(Escape, EveryByteGivesOneLineOfPrintableText) {
    for (int b = 0; b < 256; ++b) {
        const std::string out = escape(std::string(1, static_cast<char>(b)));
        for (const char c : out) {
            const auto u = static_cast<unsigned char>(c);
            EXPECT_TRUE(u >= 0x20 && u < 0x7F) << b;
        }
    }
}

TEST(Escape, ControlsOnlyKeepsBackslashes) {
    EXPECT_EQ(escape_controls("a\\nb\nc"), "a\\nb\\nc");
    EXPECT_EQ(escape_controls("\xFF"), "\\xff");
}

TEST(Escape, QuoteIsBounded) {
    EXPECT_EQ(quote("2019-13-45"), "'2019-13-45'");
    EXPECT_EQ(quote("a\nb"), "'a\\nb'");
    EXPECT_EQ(quote(std::string(100, 'a'), 10), "'aaaaaaaaaa\u2026' (100 bytes)");
    // Cut at a character, not inside one: "é" is two bytes.
    EXPECT_EQ(quote("aaaaaaaaa\xC3\xA9zzzz", 10), "'aaaaaaaaa\u2026' (15 bytes)");
    const std::string big(20 * 1024 * 1024, 'a');
    EXPECT_LT(quote(big).size(), 120U);
}

}  // namespace
}  // namespace newsdex::detail
