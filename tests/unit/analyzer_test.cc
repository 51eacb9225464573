// SPDX-License-Identifier: MIT
// The analyzer on the quirks of real news text (the shipped seeds show them
// all): one row per case, text -> the folded terms it must give.
#include "newsdex/analyzer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <string>
#include <vector>

namespace newsdex {
namespace {

std::string terms_of(const Analyzer& a, const std::string& text, CjkMode mode = CjkMode::kIndex) {
    std::string out;
    for (const Token& t : a.tokens(text, mode)) {
        out += (out.empty() ? "" : " ") + t.term;
    }
    return out;
}

struct Row {
    const char* text;
    const char* terms;
};

// clang-format off
const Row kRows[] = {
    // Case folding and plain words.
    {"Chinese President Xi Jinping", "chinese president xi jinping"},
    // Apostrophes: straight, curly (seed 002), backtick (seed 003), acute
    // accent; the possessive 's goes, so "Korea's" is "korea".
    {"North Korea's founding", "north korea founding"},
    {"South Korea\xE2\x80\x99s President", "south korea president"},
    {"North Korea`s Kim Jong-Un", "north korea kim jong un"},
    {"country`s third", "country third"},
    {"Korea\xC2\xB4s", "korea"},
    {"Workers' Party", "workers party"},
    {"he'll don't", "he'll don't"},
    // Name variants meet: hyphen, capital after the hyphen, no hyphen.
    {"Kim Jong-un", "kim jong un"},
    {"Kim Jong-Un", "kim jong un"},
    {"Kim Jong Un", "kim jong un"},
    // Accents (precomposed and decomposed), NFKC, ligatures, sharp s.
    {"Pyongyang P'y\xC5\x8Fngyang", "pyongyang p'yongyang"},
    {"naïve caf\x65\xCC\x81", "naive cafe"},
    {"\xEF\xAC\x81nance", "finance"},
    {"Stra\xC3\x9F" "e", "strasse"},
    {"\xC3\x98resund \xC5\x81\xC3\xB3\x64\xC5\xBA", "oresund lodz"},
    // Fullwidth letters fold to ASCII.
    {"\xEF\xBC\xA8\xEF\xBD\x85\xEF\xBD\x8C\xEF\xBD\x8C\xEF\xBD\x8F", "hello"},
    // Acronyms lose their dots; digit groups their commas.
    {"North Korea-U.S. summit", "north korea us summit"},
    {"the U.N. said", "the un said"},
    {"1,000 troops, 3.5 percent", "1000 troops 3.5 percent"},
    // Dashes, ellipses and quotes separate words.
    {"in 2005\xE2\x80\xA6" "and former", "in 2005 and former"},
    {"ties... many", "ties many"},
    {"Seoul\xE2\x80\x94Tokyo \xE2\x80\x9Csurprise\xE2\x80\x9D", "seoul tokyo surprise"},
    {"70th anniversary", "70th anniversary"},
    // Ids keep their underscore.
    {"000_ffee1812b02ee5cf", "000_ffee1812b02ee5cf"},
    // Cyrillic and Greek are folded for case, not transliterated.
    {"\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD", "\xD0\xBF\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD"},
    // Control characters and odd white space are separators.
    {"Kim\tJong\xC2\xA0un\xE2\x80\x83visits", "kim jong un visits"},
};

// clang-format on

TEST(Analyzer, FoldsAndTokenisesNewsText) {
    const Analyzer analyzer;
    for (const Row& row : kRows) {
        EXPECT_EQ(terms_of(analyzer, row.text), row.terms) << "text: " << row.text;
    }
}

TEST(Analyzer, OffsetsPointAtTheOriginalBytes) {
    const Analyzer analyzer;
    const std::string text = "North Korea\xE2\x80\x99s \xE2\x80\x9CKim\xE2\x80\x9D caf\x65\xCC\x81";
    const std::vector<Token> tokens = analyzer.tokens(text);
    ASSERT_EQ(tokens.size(), 4U);
    EXPECT_EQ(text.substr(tokens[1].begin, tokens[1].end - tokens[1].begin), "Korea\xE2\x80\x99s");
    EXPECT_EQ(text.substr(tokens[2].begin, tokens[2].end - tokens[2].begin), "Kim");
    EXPECT_EQ(text.substr(tokens[3].begin, tokens[3].end - tokens[3].begin), "caf\x65\xCC\x81");
    EXPECT_TRUE(tokens[0].capitalized);
    EXPECT_EQ(tokens[3].position, 3U);
}

TEST(Analyzer, MarksWordsJoinedWithoutSpace) {
    const Analyzer analyzer;
    const std::vector<Token> tokens = analyzer.tokens("Kim Jong-un, U.S.-China");
    ASSERT_EQ(tokens.size(), 5U);
    EXPECT_FALSE(tokens[1].joined);  // "Kim Jong"
    EXPECT_TRUE(tokens[2].joined);   // "Jong-un"
    EXPECT_FALSE(tokens[3].joined);  // ", U.S"
    EXPECT_TRUE(tokens[4].joined);   // "U.S.-China"
}

TEST(Analyzer, CutsCjkIntoUnigramsAndBigrams) {
    const Analyzer analyzer;
    // Index: every character and every neighbouring pair.
    EXPECT_EQ(
        terms_of(analyzer, "\xE4\xB9\xA0\xE8\xBF\x91\xE5\xB9\xB3"),
        "\xE4\xB9\xA0 \xE4\xB9\xA0\xE8\xBF\x91 \xE8\xBF\x91 \xE8\xBF\x91\xE5\xB9\xB3 \xE5\xB9\xB3"
    );
    // Query: the pairs only, so a phrase of them finds the substring.
    EXPECT_EQ(
        terms_of(analyzer, "\xE4\xB9\xA0\xE8\xBF\x91\xE5\xB9\xB3", CjkMode::kQuery),
        "\xE4\xB9\xA0\xE8\xBF\x91 \xE8\xBF\x91\xE5\xB9\xB3"
    );
    // Hangul too, so that particles glued to a name do not hide it.
    EXPECT_EQ(
        terms_of(analyzer, "\xEA\xB9\x80\xEC\xA0\x95\xEC\x9D\x80", CjkMode::kQuery),
        "\xEA\xB9\x80\xEC\xA0\x95 \xEC\xA0\x95\xEC\x9D\x80"
    );
}

TEST(Analyzer, NeverProducesTermsLongerThanTheLimit) {
    const Analyzer analyzer;
    const std::string token(10000, 'a');
    const std::vector<Token> tokens = analyzer.tokens("before " + token + " after");
    ASSERT_EQ(tokens.size(), 3U);
    EXPECT_EQ(tokens[1].term.size(), Analyzer::kMaxTermBytes);
    std::string long_accented;
    for (int i = 0; i < 100; ++i) {
        long_accented += "\xC3\xA9\xE4\xB8\x80";  // é and a Han character
    }
    for (const Token& t : analyzer.tokens(long_accented)) {
        EXPECT_LE(t.term.size(), Analyzer::kMaxTermBytes);
    }
}

TEST(Analyzer, SurvivesInvalidUtf8) {
    const Analyzer analyzer;
    EXPECT_EQ(terms_of(analyzer, "Kim\xFF\xFEJong \xC3 un"), "kim jong un");
}

// Found by fuzz_article: a byte-order mark after a Chinese character folded
// to an empty term, which Xapian refuses.
TEST(Analyzer, InvisibleCharactersInChineseMakeNoEmptyTerms) {
    const Analyzer analyzer;
    for (const char* text :
         {"\xE7\x9A\x84\xEF\xBB\xBF",              // 的 + U+FEFF
          "\xE7\x9A\x84\xE2\x80\x8B\xE4\xB8\xAD",  // 的 + U+200B + 中
          "\xE7\x9A\x84\xCC\x81\xE4\xB8\xAD",      // 的 + U+0301 + 中
          "\xEF\xBB\xBF\xE7\x9A\x84"}) {           // U+FEFF + 的
        for (const Token& t : analyzer.tokens(text)) {
            EXPECT_FALSE(t.term.empty()) << text;
        }
    }
    // A joiner (U+FEFF, U+2060) changes nothing about the n-grams; a
    // zero-width space (U+200B) is a word break, as in Unicode.
    const std::string plain = terms_of(analyzer, "\xE7\x9A\x84\xE4\xB8\xAD");
    EXPECT_EQ(terms_of(analyzer, "\xE7\x9A\x84\xEF\xBB\xBF\xE4\xB8\xAD"), plain);
    EXPECT_EQ(terms_of(analyzer, "\xE7\x9A\x84\xE2\x81\xA0\xE4\xB8\xAD"), plain);
}

TEST(Analyzer, StemsAreSnowballsWhateverTheCacheHolds) {
    // Far more distinct words than the per-thread stem cache has lines, each
    // stemmed twice (the second time from the cache where the word kept its
    // line), long words (past what a line holds) among them: every answer
    // is Snowball's.
    const Analyzer analyzer;
    Xapian::Stem snowball("english");
    const char* const kEndings[] = {"", "s", "ing", "ed", "ation", "ies", "ly", "ness"};
    std::vector<std::string> words;
    for (unsigned i = 0; i < 150000; ++i) {
        std::string word;
        for (unsigned n = i; word.size() < 4 || n != 0; n /= 26) {
            word += static_cast<char>('a' + n % 26);
        }
        if (i % 7 == 0) {
            word += std::string(16 + i % 14, 'r');  // about as long as a line holds, or longer
        }
        words.push_back(word + kEndings[i % 8]);
    }
    for (int round = 0; round < 2; ++round) {
        for (const std::string& word : words) {
            ASSERT_EQ(analyzer.stem(word), snowball(word)) << word << " round " << round;
        }
    }
    // Recently seen words come back from the cache.
    for (std::size_t i = words.size() - 100; i < words.size(); ++i) {
        ASSERT_EQ(analyzer.stem(words[i]), snowball(words[i])) << words[i];
    }
}

TEST(Analyzer, StemsAndStopwords) {
    const Analyzer analyzer;
    EXPECT_EQ(analyzer.stem("visiting"), analyzer.stem("visits"));
    EXPECT_EQ(analyzer.stem("visited"), "visit");
    EXPECT_TRUE(analyzer.is_stopword("the"));
    EXPECT_TRUE(analyzer.is_stopword("with"));
    EXPECT_FALSE(analyzer.is_stopword("us"));  // US = United States
    EXPECT_FALSE(analyzer.is_stopword("kim"));
    EXPECT_EQ(analyzer.fold("Kim Jong-Un"), analyzer.fold("kim jong un"));
    EXPECT_EQ(analyzer.fold("  Arirang   News "), "arirang news");
}

}  // namespace
}  // namespace newsdex
