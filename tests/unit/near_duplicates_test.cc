// SPDX-License-Identifier: MIT
// Sketches of bodies and the groups of near-identical stories made from
// them (lib/index/near_duplicates.h); the grouping of real Reuters copies is
// judged in tests/index/near_duplicates_judged_test.cc.
#include "index/near_duplicates.h"

#include "newsdex/analyzer.h"

#include <gtest/gtest.h>

#include <limits>

namespace newsdex::detail {
namespace {

// A wire story of 1987 in its words (the Bahia cocoa review, Reuters-21578).
constexpr std::string_view kStory =
    "Showers continued throughout the week in the Bahia cocoa zone, alleviating the drought "
    "since early January and improving prospects for the coming temporao, although normal "
    "humidity levels have not been restored, Comissaria Smith said in its weekly review. "
    "The dry period means the temporao will be late this year. Arrivals for the week ended "
    "February 22 were 155,221 bags of 60 kilos making a cumulative total for the season of "
    "5.93 mln against 5.81 at the same stage last year. Again it seems that cocoa delivered "
    "earlier on consignment was included in the arrivals figures. Comissaria Smith said "
    "there is still some doubt as to how much old crop cocoa is still available as "
    "harvesting has practically come to an end.";

std::string sketch_of(std::string_view text, std::string_view title = {}) {
    const Analyzer analyzer;
    SketchBuilder sketch;
    for (const Token& t : analyzer.tokens(title)) {
        sketch.add_title(t.term);
    }
    for (const Token& t : analyzer.tokens(text)) {
        sketch.add(t.term);
    }
    return sketch.finish();
}

TEST(NearDuplicates, TheSameWordsGiveTheSameSketch) {
    const std::string a = sketch_of(kStory);
    // The words' 64 values, the count of its 5 numbers and their hashes.
    EXPECT_EQ(a.size(), 2 * (kSketchHashes + 1) + 4 * 5);
    EXPECT_EQ(a, sketch_of(std::string(kStory)));
    EXPECT_EQ(sketch_matches(a, a), kSketchHashes);
    // Case and punctuation are folded away before the words are read.
    EXPECT_EQ(sketch_matches(a, sketch_of("SHOWERS " + std::string(kStory.substr(8)))), 64U);
}

TEST(NearDuplicates, ACorrectedSentenceKeepsTheStoryAndAnotherStoryDoesNot) {
    const std::string a = sketch_of(kStory);
    std::string corrected(kStory);
    corrected.replace(corrected.find("155,221"), 7, "151,221");
    EXPECT_GE(sketch_matches(a, sketch_of(corrected)), kSameStoryMatches);
    const std::string longer = std::string(kStory) + " Bean shippers were reluctant to offer.";
    EXPECT_GE(sketch_matches(a, sketch_of(longer)), kSameStoryMatches);
    const std::string other = sketch_of(
        "The Bank of England said it forecast a shortage of around 800 mln stg in the money "
        "market today. Among the main factors affecting liquidity, bills for repurchase by "
        "the market will drain some 664 mln stg."
    );
    EXPECT_LT(sketch_matches(a, other), 8U);
}

// Two dividend notices of Reuters-21578 (articles 405 and 407): the same
// sentence for two companies, whose names are all that differ. Read with
// their headlines they fall apart; the body alone would group them.
TEST(NearDuplicates, AShortBodyIsReadWithItsHeadline) {
    const std::string_view porex =
        "Porex Technologies Corp said its board declared an initial annual dividend of 10 cts "
        "per share, its first payout, payable March 26 to holders of record March 12. Reuter";
    const std::string_view medco =
        "Medco Containment Services Inc said its board declared an initial annual dividend of "
        "10 cts per share, its first payout, payable March 19 to holders of record March 12. "
        "Reuter";
    EXPECT_LT(
        sketch_matches(
            sketch_of(porex, "POREX TECHNOLOGIES <PORX> SETS INITIAL DIVIDEND"),
            sketch_of(medco, "MEDCO CONTAINMENT <MCCS> SETS INITIAL PAYOUT")
        ),
        kSameStoryMatches
    );
    EXPECT_GE(sketch_matches(sketch_of(porex), sketch_of(medco)), kSameStoryMatches);
    // The same notice under the same headline, in other case: the same sketch.
    EXPECT_EQ(
        sketch_matches(
            sketch_of(porex, "POREX TECHNOLOGIES <PORX> SETS INITIAL DIVIDEND"),
            sketch_of(porex, "Porex Technologies <PORX> sets initial dividend")
        ),
        kSketchHashes
    );
    // A long body is read without its headline: a new headline changes nothing.
    EXPECT_EQ(sketch_of(kStory, "BAHIA COCOA REVIEW"), sketch_of(kStory, "COCOA RAINS"));
}

// A recurring report in one template (Reuters-21578: the Fed's customer
// repurchases, day after day) reads alike; its figures tell the days apart.
TEST(NearDuplicates, ATemplateWithOtherFiguresIsAnotherStory) {
    const std::string_view monday =
        "The Federal Reserve entered the U.S. Government securities market to arrange 1.5 "
        "billion dlrs of customer repurchase agreements, a Fed spokesman said. Dealers said "
        "Federal funds were trading at 6-1/8 pct when the Fed began its temporary and "
        "indirect supply of reserves to the banking system. Reuter";
    const std::string_view tuesday =
        "The Federal Reserve entered the U.S. Government securities market to arrange 2.5 "
        "billion dlrs of customer repurchase agreements, a Fed spokesman said. Dealers said "
        "Federal funds were trading at 6-3/16 pct when the Fed began its temporary and "
        "indirect supply of reserves to the banking system. Reuter";
    const std::string a = sketch_of(monday, "FED ADDS RESERVES VIA CUSTOMER REPURCHASES");
    const std::string b = sketch_of(tuesday, "FED ADDS RESERVES VIA CUSTOMER REPURCHASES");
    EXPECT_GE(sketch_matches(a, b), kSameStoryMatches);  // the words alone would group them
    EXPECT_LT(number_containment(a, b), kSameNumbers);
    EXPECT_FALSE(same_story(a, b));
    // The same report re-sent is the same story, figures and all.
    EXPECT_TRUE(same_story(a, sketch_of(monday, "FED ADDS RESERVES VIA REPURCHASES")));
    // A body without numbers cannot disagree on them; a shorter take's
    // figures all in the longer story are the same figures.
    const std::string words = sketch_of(kStory.substr(0, kStory.find("Arrivals")));
    EXPECT_EQ(number_containment(words, a), 1.0);
    const std::string cut = sketch_of(kStory.substr(0, kStory.find("Again")));
    EXPECT_EQ(number_containment(cut, sketch_of(kStory)), 1.0);
    EXPECT_EQ(number_containment(sketch_of(kStory), cut), 1.0);
    EXPECT_EQ(number_containment(a, "not a sketch"), 0.0);
}

TEST(NearDuplicates, CopiesDaysApartAreNotGrouped) {
    const std::vector<SketchedArticle> articles{
        {"monday", "1", sketch_of(kStory), 0.0},
        {"next-week", "2", sketch_of(kStory), kSameStorySeconds + 3600.0},
        {"undated", "3", sketch_of(kStory), std::numeric_limits<double>::quiet_NaN()},
    };
    const std::vector<std::string> groups = group_sketches(articles);
    EXPECT_EQ(groups[0], "monday");
    EXPECT_EQ(groups[1], "");
    EXPECT_EQ(groups[2], "monday");  // undated: time cannot tell
}

TEST(NearDuplicates, ABodyWithoutWordsHasNoSketchAndAShortOneHasOne) {
    EXPECT_EQ(sketch_of(""), "");
    EXPECT_EQ(sketch_of("..."), "");
    const std::string two = sketch_of("Qtr loss");
    EXPECT_EQ(two.size(), 2 * (kSketchHashes + 1));
    EXPECT_EQ(sketch_matches(two, sketch_of("qtr loss")), kSketchHashes);
    EXPECT_LT(sketch_matches(two, sketch_of("qtr profit")), 8U);
    EXPECT_EQ(sketch_matches(two, "not a sketch"), 0U);
}

TEST(NearDuplicates, ArticlesJoinTheOldestGroupTheyResembleAndAloneTheyHaveNone) {
    std::string corrected(kStory);
    corrected.replace(corrected.find("February 22"), 11, "February 21");
    const std::vector<SketchedArticle> articles{
        {"late", "3", sketch_of(corrected), 3 * 3600.0},
        {"first", "1", sketch_of(kStory), 3600.0},
        {"alone", "2", sketch_of("Shr 10 cts vs 12 cts Net 1.2 mln vs 1.5 mln"), 7200.0},
        {"empty", "0", "", 0.0},
        {"same-time", "1", sketch_of(kStory), 3600.0},
    };
    const std::vector<std::string> groups = group_sketches(articles);
    ASSERT_EQ(groups.size(), articles.size());
    EXPECT_EQ(groups[0], "first");
    EXPECT_EQ(groups[1], "first");
    EXPECT_EQ(groups[2], "");
    EXPECT_EQ(groups[3], "");
    EXPECT_EQ(groups[4], "first");  // equal times: the smaller id leads
}

}  // namespace
}  // namespace newsdex::detail
