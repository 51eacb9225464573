// SPDX-License-Identifier: MIT
// The query language's syntax alone, without Xapian: query -> syntax tree
// (as describe() prints it), and bad query -> message and column.
#include "search/query_syntax.h"

#include "newsdex/error.h"

#include "search/query_lexer.h"

#include <gtest/gtest.h>

#include <tuple>
#include <utility>

namespace newsdex::detail {
namespace {

// clang-format off
const std::pair<const char*, const char*> kTrees[] = {
    // Bare words are an AND of words; a written AND is marked.
    {"kim beijing visit", "(kim beijing visit)"},
    {"kim AND xi", "(kim AND xi)"},
    {"kim && xi", "(kim AND xi)"},
    {"kim", "kim"},
    // OR binds looser than AND; parentheses group.
    {"a b OR c", "((a b) OR c)"},
    {"a OR b OR c", "(a OR b OR c)"},
    {"(a OR b) c", "((a OR b) c)"},
    {"((((kim))))", "kim"},
    // NOT and - negate; + is dropped; - inside a word is part of it.
    {"kim NOT xi", "(kim -xi)"},
    {"kim -year:2018", "(kim -year:2018)"},
    {"NOT NOT kim", "kim"},
    {"+kim xi", "(kim xi)"},
    {"Jong-un", "Jong-un"},
    // Phrases, straight or curly; wildcards; everything.
    {"\"Korea's Kim\"", "\"Korea's Kim\""},
    {"\xE2\x80\x9Cthe summit\xE2\x80\x9D", "\"the summit\""},
    {"denuclear*", "denuclear*"},
    {"*", "*"},
    {"", "*"},
    // Fields: the name in any case, the value as typed or quoted.
    {"Source:ZEE", "source:ZEE"},
    {"source:\"Arirang News\"", "source:\"Arirang News\""},
    {"year:2018..2019", "year:2018..2019"},
    // Colons that are not fields are words: times, scores, URLs, a word
    // that ends in one.
    {"10:30", "10:30"},
    {"2:1", "2:1"},
    {"http://example.com", "http://example.com"},
    {"note:", "note:"},
    // Lucene's ranges are A..B.
    {"date:[2018-06-01 TO 2018-12-31] kim", "(date:2018-06-01..2018-12-31 kim)"},
    {"year:[* TO 2019]", "year:..2019"},
    {"year:>=2019", "year:2019.."},
    // A phrase with ~n is its words NEAR/n.
    {"\"kim visit\"~3", "(kim NEAR/3 visit)"},
    {"\"kim\"~3", "kim"},
    // NEAR and ADJ chain plain words; the widest distance holds.
    {"kim NEAR xi", "(kim NEAR/10 xi)"},
    {"kim NEAR/3 xi NEAR moon", "(kim NEAR/10 xi NEAR/10 moon)"},
    {"a NEAR/2 b NEAR/5 c", "(a NEAR/5 b NEAR/5 c)"},
    // NEARby is a word.
    {"NEARby", "NEARby"},
    // Full-width parentheses and spaces.
    {"\xEF\xBC\x88kim\xE3\x80\x80xi\xEF\xBC\x89", "(kim xi)"},
};

// clang-format on

TEST(QuerySyntax, ParsesIntoTrees) {
    for (const auto& [query, tree] : kTrees) {
        EXPECT_EQ(describe(*parse_syntax(query)), tree) << "query: " << query;
    }
}

// Query, column, part of the message.
// clang-format off
const std::tuple<const char*, std::size_t, const char*> kBad[] = {
    // Quotes and parentheses.
    {"kim \"summit", 5, "unbalanced quote"},
    // Unknown fields, other engines' habits.
    {"kim contry:Japan", 5, "unknown field \"contry\""},
    {"foo:bar", 1, "unknown field \"foo\""},
    {"yaer:\"2019\"", 1, "unknown field \"yaer\""},
    {"\"kim visit\"~x", 12, "~ after a phrase needs a number"},
    {"kim volker~", 11, "fuzzy matching"},
    {"*oil", 1, "wildcard at the start"},
    {"opec^0", 5, "not a number above 0"},
    {"opec^500", 5, "at most 100"},
    {"year:2019^2", 10, "a boost applies to a word"},
    {"denucl*^2", 8, "a boost applies to a word"},
    {"date:{2018 TO 2019}", 6, "leave out their ends"},
    {"date:>x", 7, "needs a year, month or day after >"},
    {"date:[2018 TO", 6, "is not closed"},
    {"\xE9\x87\x91\xE6\xAD\xA3 \"open", 4, "unbalanced quote"},  // columns count characters
    {"kim)", 4, "unbalanced ')'"},
    {"(kim OR xi", 1, "unbalanced '('"},
    {"()", 1, "empty parentheses"},
    // Operators with nothing on one side.
    {"AND kim", 1, "AND needs a term before it"},
    {"kim AND", 5, "AND needs a term after it"},
    {"OR kim", 1, "OR needs a term before it"},
    {"kim OR", 5, "OR needs a term after it"},
    {"NOT", 1, "NOT needs a term after it"},
    {"kim - xi", 5, "'-' needs a word right after it"},
    {"kim +", 5, "'+' needs a word right after it"},
    // Fields.
    {"year:", 1, "year: needs a value"},
    {"source:(a b)", 8, "source:(...) is not supported"},
    // NEAR and ADJ.
    {"NEAR kim", 1, "NEAR needs a word before it"},
    {"kim NEAR \"a b\"", 5, "NEAR joins plain words"},
    {"\"a b\" NEAR kim", 7, "NEAR joins plain words"},
    {"kim NEAR xi ADJ moon", 13, "ADJ joins plain words"},
    {"kim NEAR/x xi", 5, "needs a number of words"},
    {"kim NEAR/0 xi", 5, "at least 1 word"},
    // Bytes that are not UTF-8.
    {"kim \xFF\xFE xi", 5, "not valid UTF-8"},
};

// clang-format on

// "COLUMN: MESSAGE; HINT" of the error a query gets.
std::string error_of(const std::string& query) {
    try {
        parse_syntax(query);
    } catch (const Error& e) {
        if (e.code() != Errc::kBadQuery) {
            return std::string("not a bad query: ") + e.what();
        }
        return std::to_string(e.column()) + ": " + e.what() + "; " + e.hint();
    }
    return "accepted";
}

TEST(QuerySyntax, RejectsBadQueriesWithAColumn) {
    for (const auto& [query, column, part] : kBad) {
        const std::string error = error_of(query);
        EXPECT_EQ(error.substr(0, error.find(':')), std::to_string(column)) << error;
        EXPECT_NE(error.find(part), std::string::npos) << error;
        // A hint, unless the message says it all (an empty query, a NEAR
        // distance).
        EXPECT_TRUE(
            error.back() != ' ' || error.find("empty") != std::string::npos
            || error.find("NEAR") != std::string::npos
        ) << error;
    }
}

TEST(QuerySyntax, BoundsLengthAndDepth) {
    EXPECT_THROW(parse_syntax(std::string(kMaxQueryBytes + 1, 'a')), Error);
    EXPECT_NO_THROW(parse_syntax(std::string(kMaxQueryBytes, 'a')));
    const std::string deep =
        std::string(kMaxQueryDepth + 1, '(') + "kim" + std::string(kMaxQueryDepth + 1, ')');
    try {
        parse_syntax(deep);
        ADD_FAILURE() << "deep nesting accepted";
    } catch (const Error& e) {
        EXPECT_EQ(e.column(), kMaxQueryDepth + 1);
    }
    const std::string ok =
        std::string(kMaxQueryDepth, '(') + "kim" + std::string(kMaxQueryDepth, ')');
    EXPECT_EQ(describe(*parse_syntax(ok)), "kim");
}

TEST(QuerySyntax, LexesOffsetsAndFields) {
    const std::vector<Lexeme> lexemes = lex_query("kim year:\"2019\" NEAR/3");
    ASSERT_EQ(lexemes.size(), 4U);
    EXPECT_EQ(lexemes[0].type, Lex::kWord);
    EXPECT_EQ(lexemes[1].type, Lex::kField);
    EXPECT_EQ(lexemes[1].offset, 4U);
    EXPECT_EQ(lexemes[1].field, schema::find_field("year"));
    EXPECT_TRUE(lexemes[1].quoted);
    EXPECT_EQ(lexemes[1].text, "2019");
    EXPECT_EQ(lexemes[2].type, Lex::kNear);
    EXPECT_EQ(lexemes[2].window, 3U);
    EXPECT_EQ(lexemes[3].type, Lex::kEnd);
    EXPECT_EQ(example_of(*schema::find_field("leader")), "leader:Xi");
}

}  // namespace
}  // namespace newsdex::detail

// Lucene's boosts and strict date bounds, in newsdex's terms.
TEST(QueryLexer, ABoostIsTheWordsWeightFactor) {
    const std::vector<newsdex::detail::Lexeme> lex =
        newsdex::detail::lex_query("opec^2 oil^0.5 a^b");
    ASSERT_EQ(lex.size(), 4U);
    EXPECT_EQ(lex[0].text, "opec");
    EXPECT_DOUBLE_EQ(lex[0].boost, 2.0);
    EXPECT_EQ(lex[1].text, "oil");
    EXPECT_DOUBLE_EQ(lex[1].boost, 0.5);
    EXPECT_EQ(lex[2].text, "a^b");  // not a number: a word as typed
    EXPECT_DOUBLE_EQ(lex[2].boost, 1.0);
}

TEST(QueryLexer, StrictDateBoundsStartAfterOrEndBeforeThePeriod) {
    const auto value = [](const char* query) {
        return newsdex::detail::lex_query(query).at(0).text;
    };
    EXPECT_EQ(value("date:>2018-06-01"), "2018-06-02..");
    EXPECT_EQ(value("date:>2018-06-30"), "2018-07-01..");
    EXPECT_EQ(value("date:>2018-12-31"), "2019-01-01..");
    EXPECT_EQ(value("date:<2018-03-01"), "..2018-02-28");
    EXPECT_EQ(value("date:<2020-03-01"), "..2020-02-29");
    EXPECT_EQ(value("date:<2019-01-01"), "..2018-12-31");
    EXPECT_EQ(value("date:>2018-12"), "2019-01..");
    EXPECT_EQ(value("date:<2018-01"), "..2017-12");
    EXPECT_EQ(value("year:>2018"), "2019..");
    EXPECT_EQ(value("year:<2018"), "..2017");
}
