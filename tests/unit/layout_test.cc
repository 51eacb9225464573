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
    EXPECT_EQ(lines[2].second, LineRole::kHeadline);     // the headline
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

// Wire copy: lines wrapped at 65 columns, paragraphs opened by an indented
// line, a dateline and a sign-off (tests/fixtures/wire).
TEST(Layout, JoinsTheLinesOfAWrappedParagraph) {
    const std::string body =
        test::read_file(test::source_dir() / "tests" / "fixtures" / "wire" / "deficit.txt");
    const Layout laid = layout(body);
    ASSERT_EQ(laid.text.size(), body.size());
    std::vector<std::pair<std::string, LineRole>> lines;
    for (const Line& l : laid.lines) {
        lines.emplace_back(laid.text.substr(l.begin, l.end - l.begin), l.role);
    }
    ASSERT_EQ(lines.size(), 8U);  // the last is the empty line after the final newline
    EXPECT_EQ(
        lines[0],
        std::make_pair(std::string("AMERICAN TRADE DEFICIT SEEN NARROWING"), LineRole::kHeadline)
    );
    EXPECT_EQ(lines[1].second, LineRole::kBlank);
    EXPECT_EQ(lines[2], std::make_pair(std::string("WASHINGTON, March 3 -"), LineRole::kDateline));
    EXPECT_EQ(lines[3].second, LineRole::kText);
    EXPECT_EQ(lines[3].first.substr(0, 40), "The American trade deficit is likely to ");
    EXPECT_EQ(lines[3].first.find('\n'), std::string::npos);
    EXPECT_EQ(lines[4].first.substr(0, 19), "    The department ");
    EXPECT_EQ(lines[4].second, LineRole::kText);
    EXPECT_EQ(lines[5].second, LineRole::kText);
    EXPECT_EQ(lines[6], std::make_pair(std::string(" Reuter"), LineRole::kSignOff));
    EXPECT_EQ(lines[7].second, LineRole::kBlank);
    EXPECT_EQ(first_sentence(laid.text, laid.lines), "AMERICAN TRADE DEFICIT SEEN NARROWING");
}

TEST(Layout, FindsSignOffsDatelinesAndKeepsUnwrappedLinesApart) {
    // A sign-off at the end of the last line, after a run of spaces.
    const std::string table =
        "Wheat shipments were put at 1.2 mln tonnes for the week and\n"
        "maize at 0.4 mln, the board said in its weekly report today.\n"
        "    Soybean oil prev 3.7, Feb 21.1, Mar nil, total 55.8.        REUTER";
    const auto lines = roles(table);
    ASSERT_EQ(lines.size(), 3U);
    EXPECT_EQ(lines[1].first, "    Soybean oil prev 3.7, Feb 21.1, Mar nil, total 55.8.");
    EXPECT_EQ(lines[2].first, "        REUTER");
    EXPECT_EQ(lines[2].second, LineRole::kSignOff);
    // A credit in brackets, and an agency dateline.
    const auto credit = roles("LONDON, April 10 (Reuters) - Britain's trade deficit widened.\n\n"
                              "(Reporting by Jane Halloran; Editing by Peter Quaile)");
    ASSERT_EQ(credit.size(), 4U);
    EXPECT_EQ(
        credit[0], std::make_pair(std::string("LONDON, April 10 (Reuters) -"), LineRole::kDateline)
    );
    EXPECT_EQ(credit[1].first, "Britain's trade deficit widened.");
    EXPECT_EQ(credit[3].second, LineRole::kSignOff);
    // A headline is a title whole, whatever full stops it has.
    const std::string us =
        "U.S. TRADE DEFICIT WIDENS\n\nThe deficit widened in March, officials said.";
    const Layout laid = layout(us);
    EXPECT_EQ(first_sentence(laid.text, laid.lines), "U.S. TRADE DEFICIT WIDENS");
    // Short lines that are not wrapped prose stay lines of their own, and a
    // sentence that mentions Reuters is no sign-off.
    const auto list =
        roles("Kim lands in Beijing\nWhile the trip is secret, sources talk.\nMore\nsaid Reuters");
    ASSERT_EQ(list.size(), 4U);
    EXPECT_EQ(list[3].second, LineRole::kText);
    // Lines longer than a wrapping width are paragraphs, whatever they end with.
    const std::string line(120, 'x');
    EXPECT_EQ(roles(line + " and\n" + line + " so").size(), 2U);
}

}  // namespace
}  // namespace newsdex::detail
