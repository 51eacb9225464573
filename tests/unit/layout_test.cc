// SPDX-License-Identifier: MIT
// Lines of an article and their roles, on the seeds' own quirks.
#include "analysis/layout.h"

#include "test_support.h"

#include <gtest/gtest.h>

namespace newsdex::detail {
namespace {

std::vector<std::pair<std::string, LineRole>> roles(const std::string& body) {
    std::vector<std::pair<std::string, LineRole>> out;
    for (const Line& l : layout_lines(body)) {
        out.emplace_back(body.substr(l.begin, l.end - l.begin), l.role);
    }
    return out;
}

TEST(Layout, FindsBreadcrumbsCreditsAndTheHeadline) {
    const std::string body =
        test::read_file(test::source_dir() / "corpus" / "003_77f9973bf1b05105.txt");
    const auto lines = roles(body);
    ASSERT_GT(lines.size(), 5U);
    EXPECT_EQ(lines[0].second, LineRole::kBoilerplate);  // "- News>"
    EXPECT_EQ(lines[1].second, LineRole::kBoilerplate);  // "- World"
    EXPECT_EQ(lines[2].second, LineRole::kText);         // the headline
    EXPECT_EQ(lines.back().first, "With agency inputs");
    EXPECT_EQ(lines.back().second, LineRole::kBoilerplate);
    EXPECT_EQ(
        first_sentence(body, layout_lines(body)),
        "Hush-hush meet: North Korea`s Kim Jong-Un lands in Beijing for two-day visit, reports "
        "Chinese media"
    );
}

TEST(Layout, FindsTheReadMoreHeadlineAndRepeats) {
    const std::string b002 =
        test::read_file(test::source_dir() / "corpus" / "002_3dc3d58046a9c6ed.txt");
    bool aside = false;
    for (const auto& [text, role] : roles(b002)) {
        if (text
            == "Kim Jong-un leaves Beijing after visit to traditional Chinese medicine factory") {
            aside = role == LineRole::kAside;
        }
    }
    EXPECT_TRUE(aside);
    const std::string b004 =
        test::read_file(test::source_dir() / "corpus" / "004_ee271d618b2a93c0.txt");
    const auto lines = roles(b004);
    EXPECT_EQ(lines[0].second, LineRole::kText);
    EXPECT_EQ(lines[2].first, lines[0].first);
    EXPECT_EQ(lines[2].second, LineRole::kRepeat);
    EXPECT_EQ(lines[3].second, LineRole::kRepeat);
}

TEST(Layout, HandlesAllLineEndsAndTheFirstSentence) {
    const auto lines = roles("One.\r\nTwo.\rThree.\n\nFour.");
    ASSERT_EQ(lines.size(), 5U);
    EXPECT_EQ(lines[1].first, "Two.");
    EXPECT_EQ(lines[2].first, "Three.");
    EXPECT_EQ(lines[3].second, LineRole::kBlank);
    const std::string body =
        "With North Korea and China set to mark ties... many observers agree. Second one.";
    EXPECT_EQ(
        first_sentence(body, layout_lines(body)),
        "With North Korea and China set to mark ties... many observers agree."
    );
}

TEST(Layout, CutsAHeadlineFromARunawaySentenceAtAWord) {
    std::string body;
    while (body.size() < 100000) {
        body += "sanctions talks résumé ";
    }
    const std::string_view title = first_sentence(body, layout_lines(body));
    EXPECT_LE(title.size(), 200U);
    EXPECT_GE(title.size(), 150U);
    EXPECT_EQ(title.substr(0, 16), "sanctions talks ");
    EXPECT_NE(title.back(), ' ');
    // Ends with a whole word.
    EXPECT_TRUE(body.compare(title.size(), 1, " ") == 0);
}

}  // namespace
}  // namespace newsdex::detail
