// SPDX-License-Identifier: MIT
// Needles: which words of a line can hold a query word, found without
// tokenising the line (the snippet maker reads only those).
#include "snippet/needles.h"

#include "newsdex/analyzer.h"

#include <gtest/gtest.h>

namespace newsdex::detail {
namespace {

// The words of `line` the needles of `spec` keep, separated by "|".
std::string kept(const HighlightSpec& spec, std::string_view line, bool skip = true) {
    const Analyzer analyzer;
    std::string out;
    for (const Span& s : Needles(analyzer, spec, skip).word_spans(line, Span{0, line.size()})) {
        out += (out.empty() ? "" : "|") + std::string(line.substr(s.begin, s.end - s.begin));
    }
    return out;
}

TEST(Needles, KeepOnlyTheWordsThatCanMatch) {
    HighlightSpec visit;
    visit.stems.emplace("visit", 1.0);
    EXPECT_EQ(kept(visit, "Kim's visiting day: a VISIT, then lunch"), "visiting|VISIT,");
    EXPECT_EQ(kept(visit, "Nothing to see here"), "");
    // Not asked to skip: the whole line.
    EXPECT_EQ(kept(visit, "Nothing to see here", false), "Nothing to see here");
    // Text that is not ASCII is always read whole.
    EXPECT_EQ(kept(visit, "Pyŏngyang today"), "Pyŏngyang today");
}

TEST(Needles, ReadPhrasesAndBritishSpellingsWhole) {
    HighlightSpec phrase;
    phrase.phrases.push_back({{{"two"}, {"leaders", "leader"}}, 1.0});
    EXPECT_EQ(kept(phrase, "the two leaders met"), "the two leaders met");
    HighlightSpec favor;
    favor.terms.emplace("favor", 1.0);
    // favour is respelled to favor by the analyzer: its beginning is a needle too.
    EXPECT_EQ(kept(favor, "in favour of it"), "favour");
    // A key with no letters or digits: every line is read whole.
    HighlightSpec dash;
    dash.terms.emplace("-", 1.0);
    EXPECT_EQ(kept(dash, "a - b"), "a - b");
}

}  // namespace
}  // namespace newsdex::detail
