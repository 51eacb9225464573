// SPDX-License-Identifier: MIT
// The query language: query -> the Xapian query it builds, and bad query ->
// the message and column (Xapian's api_queryparser.cc table style).
#include "search/query_parser.h"

#include "newsdex/analyzer.h"
#include "newsdex/error.h"

#include "entities/gazetteer.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <iostream>

namespace newsdex::detail {
namespace {

class QueryParserTest : public ::testing::Test {
  protected:
    void SetUp() override {
        db_ = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
        Xapian::Document doc;
        for (const char* term :
             {"denuclearisation",
              "denuclearization",
              "kim",
              "XSOURCE:arirang news",
              "XSOURCE:zee news",
              "Y2017",
              "Y2018",
              "Y2019",
              "Y2020"}) {
            doc.add_term(term);
        }
        db_.add_document(doc);
    }

    // The Xapian query, then the top level's proximity bonus (applied by
    // re-ranking) as "+ near/WINDOW(terms)".
    static std::string describe(const ParsedQuery& p) {
        std::string out = p.query.get_description();
        if (!p.proximity.terms.empty()) {
            out += " + near/" + std::to_string(p.proximity.window) + "(";
            for (std::size_t i = 0; i < p.proximity.terms.size(); ++i) {
                out += (i == 0 ? "" : " ") + p.proximity.terms[i];
            }
            out += ")";
        }
        return out;
    }

    std::string parse(const std::string& q) const {
        return describe(QueryParser(analyzer_, db_).parse(q));
    }

    Analyzer analyzer_;
    Xapian::WritableDatabase db_;
};

struct Row {
    const char* query;
    const char* expected;
};

// clang-format off
const Row kQueries[] = {
    // Bare words are ANDed and stemmed.
    // ... and score more when near each other.
    {"kim beijing visit", "Query((Zkim AND Zbeij AND Zvisit)) + near/7(kim beijing visit)"},
    // (Inside a group, by Xapian's AND_MAYBE; a word typed twice counts once.)
    {"(kim beijing visit) OR xi", "Query((((Zkim AND Zbeij AND Zvisit) AND_MAYBE 0.5 * (kim NEAR 7 beijing NEAR 7 visit)) OR Zxi))"},
    {"kim Kim", "Query((Zkim AND Zkim))"},
    {"visiting", "Query(Zvisit)"},
    // Case, accents and apostrophes are folded as in articles.
    {"P'YŎNGYANG", "Query(Zp'yongyang)"},
    {"Korea`s", "Query(Zkorea)"},
    // Hyphenated words are phrases of their parts; capitals do not matter.
    {"Kim Jong-Un", "Query((Zkim AND (jong@1 PHRASE 2 un@2)))"},
    // Quoted phrases: exact words, stopwords kept; curly quotes too.
    {"\"Korea's Kim\"", "Query((korea@1 PHRASE 2 kim@2))"},
    {"\xE2\x80\x9Cthe summit\xE2\x80\x9D", "Query((the@1 PHRASE 2 summit@2))"},
    // Stopwords are dropped outside phrases, unless nothing else is left.
    {"the summit", "Query(Zsummit)"},
    {"the", "Query(the)"},
    // Boolean operators, +, -, parentheses.
    {"kim OR xi", "Query((Zkim OR Zxi))"},
    {"kim NOT xi", "Query((Zkim AND_NOT Zxi))"},
    {"kim -xi", "Query((Zkim AND_NOT Zxi))"},
    {"+kim xi", "Query((Zkim AND Zxi)) + near/6(kim xi)"},
    {"(kim OR xi) summit", "Query(((Zkim OR Zxi) AND Zsummit))"},
    // Filters do not weigh; filters of one "any" field are ORed.
    {"year:2019", "Query(Y2019)"},
    {"year:2018 year:2023 kim", "Query((Zkim FILTER (Y2018 OR Y2023)))"},
    {"year:2018 AND year:2023", "Query((Y2018 AND Y2023))"},
    {"-year:2018 kim", "Query((Zkim AND_NOT Y2018))"},
    {"-year:2018", "Query((<alldocuments> AND_NOT Y2018))"},
    // Ranges: the terms of the whole years, months and days they cover
    // (of the years the index has articles from).
    {"year:2018..2019", "Query((Y2018 OR Y2019))"},
    {"date:2018-06-01..2018-12-31", "Query((M201806 OR M201807 OR M201808 OR M201809 OR M201810 OR M201811 OR M201812))"},
    {"date:2018-02-27..2018-03-02", "Query((D20180227 OR D20180228 OR D20180301 OR D20180302))"},
    {"date:2018-11-30..2019-01", "Query((D20181130 OR M201812 OR M201901))"},
    {"date:..2018-12-31", "Query((Y2017 OR Y2018))"},
    {"date:2019-06..", "Query((M201906 OR M201907 OR M201908 OR M201909 OR M201910 OR M201911 OR M201912 OR Y2020))"},
    {"date:2019", "Query(Y2019)"},
    {"date:2019-01", "Query(M201901)"},
    {"date:2019-01-10", "Query(D20190110)"},
    {"month:2019-01..2019-02", "Query((M201901 OR M201902))"},
    {"year:1900..2100", "Query((Y2017 OR Y2018 OR Y2019 OR Y2020))"},
    {"date:..1970", "Query()"},
    // Title words and phrases; ids exactly; sources by name or by word.
    {"title:summit", "Query(ZSsummit)"},
    {"title:\"two-day visit\"", "Query((Stwo@1 PHRASE 3 Sday@2 PHRASE 3 Svisit@3))"},
    {"id:000_ffee1812b02ee5cf", "Query(Q000_ffee1812b02ee5cf)"},
    {"source:\"Arirang News\"", "Query(XSOURCE:arirang news)"},
    {"source:arirang", "Query(XSOURCE:arirang news)"},
    {"Source:ZEE", "Query(XSOURCE:zee news)"},
    // Entity fields: one value each, ANDed.
    {"leader:Xi leader:Putin", "Query((XLEADER:xi AND XLEADER:putin))"},
    // Wildcards expand over the words in the index.
    {"denuclear*", "Query((denuclearisation SYNONYM denuclearization))"},
    // NEAR and ADJ.
    {"kim NEAR xi", "Query((kim NEAR 11 xi))"},
    {"kim NEAR/3 xi", "Query((kim NEAR 4 xi))"},
    {"kim ADJ/2 xi", "Query((kim PHRASE 3 xi))"},
    // Everything, for browsing with facets.
    {"", "Query(<alldocuments>)"},
    {"*", "Query(<alldocuments>)"},
    // CJK: a phrase of character pairs.
    {"\xE9\x87\x91\xE6\xAD\xA3\xE6\x81\xA9", "Query((\xE9\x87\x91\xE6\xAD\xA3@1 PHRASE 2 \xE6\xAD\xA3\xE6\x81\xA9@2))"},
};

// clang-format on

TEST_F(QueryParserTest, BuildsXapianQueries) {
    for (const Row& row : kQueries) {
        EXPECT_EQ(parse(row.query), row.expected) << "query: " << row.query;
    }
}

struct BadRow {
    const char* query;
    std::size_t column;
    const char* message_part;
};

// clang-format off
const BadRow kBad[] = {
    // One row per part of the parser, end to end; each part's own test
    // (query_syntax_test.cc, periods_test.cc, query_builder_test.cc) has
    // the rest.
    {"kim \"summit", 5, "unbalanced quote"},
    {"(kim OR xi", 1, "unbalanced '('"},
    {"kim \xFF\xFE xi", 5, "not valid UTF-8"},
    {"kim year:20x9", 5, "not a valid year"},
    {"date:2019-02-30", 1, "February 2019 has 28 days"},
    {"month:2019-13", 1, "month 13"},
    {"year:2019..2018", 1, "starts after it ends"},
    {"date:..", 1, "needs at least one end"},
    {"d*", 1, "matches more than"},
    {"\"\"", 1, "empty phrase"},
    {"\xE2\x80\x94 \xE2\x80\x93", 1, "no words to search for"},
};

// clang-format on

TEST_F(QueryParserTest, RejectsBadQueriesWithAColumn) {
    // A wildcard that matches too much: make "d" match over the limit.
    Xapian::Document doc;
    for (Xapian::termcount i = 0; i <= QueryParser::kMaxWildcardExpansion; ++i) {
        doc.add_term("d" + std::to_string(i));
    }
    db_.add_document(doc);
    for (const BadRow& row : kBad) {
        try {
            parse(row.query);
            ADD_FAILURE() << "accepted: " << row.query;
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::kBadQuery) << row.query;
            EXPECT_EQ(e.column(), row.column) << row.query << ": " << e.what();
            EXPECT_NE(std::string(e.what()).find(row.message_part), std::string::npos)
                << row.query << ": " << e.what();
            EXPECT_FALSE(
                e.hint().empty() && std::string(e.what()).find("no words") == std::string::npos
            ) << row.query
              << " has no hint";
        }
    }
}

TEST_F(QueryParserTest, BoundsHugeAndDeepQueries) {
    const std::string huge(100 * 1024, 'a');
    EXPECT_THROW(parse(huge), Error);
    std::string deep(10000, '(');
    deep += "kim";
    deep += std::string(10000, ')');
    try {
        parse(deep);
        ADD_FAILURE() << "deep nesting accepted";
    } catch (const Error& e) {
        EXPECT_NE(std::string(e.what()).find("nested deeper"), std::string::npos);
        EXPECT_EQ(e.column(), QueryParser::kMaxDepth + 1);
    }
    // Nesting within the limit works.
    EXPECT_EQ(parse("((((kim))))"), "Query(Zkim)");
}

TEST_F(QueryParserTest, NamesAreSearchedByAllTheirAliases) {
    const auto gazetteer = Gazetteer::from_texts(
        analyzer_,
        {{"test.tsv",
          "place\tPyongyang\tPyeongyang | \xE5\xB9\xB3\xE5\xA3\xA4\t\t\t\t\n"
          "country\tUnited States\tUS | America\t\tAmerican\t\t\n"
          "leader\tKim Jong-un\tKim Jong Un\tKim\t\t\t\n"}}
    );
    const auto parse_with = [&](const std::string& q) {
        return describe(QueryParser(analyzer_, db_, gazetteer.get()).parse(q));
    };
    EXPECT_EQ(
        parse_with("Pyongyang"),
        "Query((Zpyongyang SYNONYM pyongyang SYNONYM pyeongyang SYNONYM (\xE5\xB9\xB3@1 PHRASE 2 "
        "\xE5\xA3\xA4@2)))"
    );
    // Several words that make one name; the rest stays as it was.
    EXPECT_EQ(
        parse_with("Kim Jong Un summit"),
        "Query((((Zkim AND Zjong AND Zun) SYNONYM (kim@1 PHRASE 3 jong@2 PHRASE 3 un@3)) AND "
        "Zsummit)) + near/8(kim jong un summit)"
    );
    // A short name that stands for several people, a demonym and a
    // lower-case two-letter acronym are not expanded.
    EXPECT_EQ(parse_with("Kim"), "Query(Zkim)");
    EXPECT_EQ(parse_with("American"), "Query(Zamerican)");
    EXPECT_EQ(parse_with("us"), "Query(Zus)");
    EXPECT_EQ(
        parse_with("US"),
        "Query((Zus SYNONYM (united@1 PHRASE 2 states@2) SYNONYM us SYNONYM america SYNONYM "
        "american))"
    );
}

TEST_F(QueryParserTest, AQuotedNameIsAlsoSearchedByItsOtherNames) {
    const auto gazetteer = Gazetteer::from_texts(
        analyzer_,
        {{"test.tsv",
          "leader\tKim Jong-un\tKim Jong Un | Kim Jong-eun | \xE9\x87\x91\xE6\xAD\xA3\xE6\x81\xA9"
          "\tKim\t\t\t\n"}}
    );
    const auto parse_with = [&](const std::string& q) {
        return describe(QueryParser(analyzer_, db_, gazetteer.get()).parse(q));
    };
    // The phrase, its other names (the same terms once), or the articles
    // filed under the person, weightless.
    EXPECT_EQ(
        parse_with("\"Kim Jong Un\""),
        "Query((((kim@1 PHRASE 3 jong@2 PHRASE 3 un@3) SYNONYM (kim@1 PHRASE 3 jong@2 PHRASE 3 "
        "eun@3) SYNONYM (\xE9\x87\x91@1 PHRASE 3 \xE6\xAD\xA3@2 PHRASE 3 \xE6\x81\xA9@3)) OR 0 * "
        "XPERSON:kim jong un))"
    );
    // Not a whole name, a short name, or after title:: as written.
    EXPECT_EQ(parse_with("\"Kim Jong\""), "Query((kim@1 PHRASE 2 jong@2))");
    EXPECT_EQ(parse_with("\"Kim\""), "Query(kim)");
    EXPECT_EQ(
        parse_with("title:\"Kim Jong Un\""), "Query((Skim@1 PHRASE 3 Sjong@2 PHRASE 3 Sun@3))"
    );
}

TEST_F(QueryParserTest, CollectsWhatToHighlight) {
    const ParsedQuery p =
        QueryParser(analyzer_, db_).parse("visiting \"Korea's Kim\" denuclear* year:2019");
    EXPECT_TRUE(p.has_text);
    EXPECT_EQ(p.highlight.stems.count("visit"), 1U);
    ASSERT_EQ(p.highlight.phrases.size(), 1U);
    EXPECT_EQ(p.highlight.phrases[0].first, (PhraseWords{{"korea"}, {"kim"}}));
    ASSERT_EQ(p.highlight.prefixes.size(), 1U);
    EXPECT_EQ(p.highlight.prefixes[0].first, "denuclear");
    EXPECT_FALSE(QueryParser(analyzer_, db_).parse("year:2019").has_text);
}

}  // namespace
}  // namespace newsdex::detail
