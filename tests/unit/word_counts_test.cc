// SPDX-License-Identifier: MIT
// The flat word-count table against std::map on random counts, through
// growth, words that came back to zero, and clearing.
#include "util/word_counts.h"

#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>

namespace newsdex::detail {
namespace {

std::map<std::string, int> contents(const WordCounts& counts) {
    std::map<std::string, int> out;
    counts.for_each([&out](const std::string& word, int count) {
        EXPECT_TRUE(out.emplace(word, count).second) << word << " listed twice";
    });
    return out;
}

TEST(WordCounts, CountsWhatAMapCounts) {
    std::mt19937 random(7);
    WordCounts counts;
    std::map<std::string, int> oracle;
    for (int round = 0; round < 3; ++round) {
        // Zipf-like words: a few frequent, many rare; long ones too.
        for (int i = 0; i < 60000; ++i) {
            const unsigned n = random() % (1U << (random() % 17));
            std::string word = "w" + std::to_string(n);
            if (n % 5 == 0) {
                word += std::string(20, 'x');
            }
            const int delta = random() % 4 == 0 ? -1 : 1;
            counts.add(word, delta);
            oracle[word] += delta;
        }
        ASSERT_EQ(counts.size(), oracle.size());
        EXPECT_EQ(contents(counts), oracle);
        for (const auto& [word, count] : oracle) {
            ASSERT_EQ(counts.count(word), count) << word;
        }
        EXPECT_EQ(counts.count("never counted"), 0);
        if (round == 1) {
            counts.clear();
            oracle.clear();
            EXPECT_TRUE(counts.empty());
            EXPECT_EQ(counts.count("w1"), 0);
        }
    }
}

TEST(WordCounts, EmptyWordAndNegativeCounts) {
    WordCounts counts;
    EXPECT_EQ(counts.count(""), 0);
    counts.add("", 2);
    counts.add("gone", 1);
    counts.add("gone", -1);
    counts.add("removed", -3);
    EXPECT_EQ(counts.count(""), 2);
    EXPECT_EQ(counts.count("gone"), 0);
    EXPECT_EQ(counts.count("removed"), -3);
    EXPECT_EQ(counts.size(), 3U);  // a word back at zero is still listed
    WordCounts other;
    other.add("removed", 5);
    counts.add_to(other);
    EXPECT_EQ(other.count("removed"), 2);
    EXPECT_EQ(other.count(""), 2);
    EXPECT_EQ(other.size(), 3U);
}

}  // namespace
}  // namespace newsdex::detail
