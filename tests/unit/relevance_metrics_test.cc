// SPDX-License-Identifier: MIT
// The measures of the relevance bench (bench/relevance/metrics.h) on small
// rankings worked out by hand.
#include "relevance/metrics.h"

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

namespace newsdex::bench {
namespace {

// Three relevant articles (a, b, c); the ranking finds a first and b third.
const Grades kBinary{{"a", 1}, {"b", 1}, {"c", 1}, {"n", 0}};
const std::vector<std::string> kRanked{"a", "x", "b", "n"};

TEST(RelevanceMetrics, PrecisionCountsMissingPlacesAsNotRelevant) {
    EXPECT_DOUBLE_EQ(precision_at(kRanked, kBinary, 10), 0.2);
    EXPECT_DOUBLE_EQ(precision_at(kRanked, kBinary, 1), 1.0);
    EXPECT_DOUBLE_EQ(precision_at(kRanked, kBinary, 2), 0.5);
    EXPECT_DOUBLE_EQ(precision_at({}, kBinary, 10), 0.0);
}

TEST(RelevanceMetrics, NdcgAgainstTheIdealOrderOfTheJudgements) {
    // DCG = 1/log2(2) + 1/log2(4) = 1.5; the ideal puts the three relevant
    // articles first: 1 + 1/log2(3) + 1/log2(4).
    const double idcg = 1 + 1 / std::log2(3.0) + 0.5;
    EXPECT_DOUBLE_EQ(ndcg_at(kRanked, kBinary, 10), 1.5 / idcg);
    EXPECT_NEAR(ndcg_at(kRanked, kBinary, 10), 0.70392, 1e-5);
    // At 1 the ranking is ideal.
    EXPECT_DOUBLE_EQ(ndcg_at(kRanked, kBinary, 1), 1.0);
    EXPECT_DOUBLE_EQ(ndcg_at({"a", "b", "c"}, kBinary, 10), 1.0);
    EXPECT_DOUBLE_EQ(ndcg_at({"x", "y"}, kBinary, 10), 0.0);
}

TEST(RelevanceMetrics, GradedNdcgGainsTwoToTheGradeMinusOne) {
    // The worst order of grades 3, 2, 1: gains 1, 3, 7 against 7, 3, 1.
    const Grades graded{{"a", 3}, {"b", 2}, {"c", 1}};
    const double dcg = 1 + 3 / std::log2(3.0) + 7 / 2.0;
    const double idcg = 7 + 3 / std::log2(3.0) + 1 / 2.0;
    EXPECT_DOUBLE_EQ(ndcg_at({"c", "b", "a"}, graded, 10), dcg / idcg);
    EXPECT_NEAR(ndcg_at({"c", "b", "a"}, graded, 10), 0.68061, 1e-5);
}

TEST(RelevanceMetrics, AveragePrecisionDividesByEveryRelevantArticle) {
    // Precision 1/1 at a and 2/3 at b; c is never found but counts.
    EXPECT_DOUBLE_EQ(average_precision_at(kRanked, kBinary, 100), (1.0 + 2.0 / 3.0) / 3.0);
    // Cut at 2: only a is within.
    EXPECT_DOUBLE_EQ(average_precision_at(kRanked, kBinary, 2), 1.0 / 3.0);
    EXPECT_DOUBLE_EQ(average_precision_at({"a", "b", "c"}, kBinary, 100), 1.0);
    EXPECT_DOUBLE_EQ(average_precision_at({"x", "a"}, kBinary, 1), 0.0);
}

TEST(RelevanceMetrics, RecallWithinTheCut) {
    EXPECT_DOUBLE_EQ(recall_at(kRanked, kBinary, 100), 2.0 / 3.0);
    EXPECT_DOUBLE_EQ(recall_at(kRanked, kBinary, 1), 1.0 / 3.0);
}

TEST(RelevanceMetrics, NothingRelevantScoresZeroEverywhere) {
    const Grades none{{"n", 0}};
    const Measures m = measure(kRanked, none);
    EXPECT_EQ(m.p10, 0.0);
    EXPECT_EQ(m.ndcg10, 0.0);
    EXPECT_EQ(m.map100, 0.0);
    EXPECT_EQ(m.recall100, 0.0);
}

TEST(RelevanceMetrics, MeanOfQueries) {
    const Measures m = mean({measure(kRanked, kBinary), measure({"a", "b", "c"}, kBinary)});
    EXPECT_DOUBLE_EQ(m.p10, (0.2 + 0.3) / 2);
    EXPECT_DOUBLE_EQ(m.map100, ((1.0 + 2.0 / 3.0) / 3.0 + 1.0) / 2);
    EXPECT_DOUBLE_EQ(m.recall100, (2.0 / 3.0 + 1.0) / 2);
    EXPECT_EQ(mean({}).ndcg10, 0.0);
}

}  // namespace
}  // namespace newsdex::bench
