// SPDX-License-Identifier: MIT
// The query builder: a query -> how each part was read (the explanation
// --explain prints), what to highlight, and the proximity bonus.
#include "search/query_builder.h"

#include "newsdex/analyzer.h"

#include "search/query_syntax.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <utility>

namespace newsdex::detail {
namespace {

// The terms of the one document of the index the queries are built against.
const char* const kTerms[] = {
    "denuclearisation",
    "denuclearization",
    "kim",
    "deficit",
    "deficits",
    "deficient",
    "trade",
    "trades",
    "trading",
    "trader",
    "tradition",
    "Strade",
    "Strading",
    "XSOURCE:arirang news",
    "XSOURCE:zee news",
    "XLEADER:xi jinping",
    "Y2018",
    "Y2019",
};

class QueryBuilderTest : public ::testing::Test {
  protected:
    QueryBuilderTest()
        : gazetteer_(Gazetteer::from_texts(
            analyzer_,
            {{"test.tsv",
              "leader\tXi Jinping\t\tXi!\t\tChina\t\n"
              "place\tPyongyang\tPyeongyang\t\t\t\t\n"}}
        )) {
        Xapian::Document doc;
        for (const char* term : kTerms) {
            doc.add_term(term);
        }
        db_.add_document(doc);
    }

    ParsedQuery build(const std::string& q) const {
        return build_query(q, *parse_syntax(q), QueryIndex{analyzer_, db_, gazetteer_.get()});
    }

    std::string explain(const std::string& q) const {
        std::string out;
        for (const std::string& line : build(q).explanation) {
            out += line + "\n";
        }
        return out;
    }

    Analyzer analyzer_;
    Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
    std::shared_ptr<const Gazetteer> gazetteer_;
};

// clang-format off
const std::pair<const char*, const char*> kExplained[] = {
    {"visiting", "'visiting' -> stem 'visit' (term Zvisit, any form of the word)\n"},
    {"the", "'the' -> term the (a stopword: dropped unless the query has nothing else)\n"},
    {"\"two leaders\"", "phrase -> two leaders (in this order, next to each other; any form of each word but stopwords)\n"},
    {"title:\"two-day visit\"", "phrase -> Stwo Sday Svisit (in this order, next to each other; any form of each word but stopwords)\n"},
    {"denuclear*", "'denuclear*' -> the 2 indexed words starting with 'denuclear'\n"},
    {"kim NEAR/3 xi", "NEAR -> within 3 words of each other; any form of each word\n"},
    {"kim ADJ xi", "ADJ -> within 10 words of each other, in this order; any form of each word\n"},
    {"id:a1", "id:a1 -> filter Qa1 (prefix Q)\n"},
    {"year:2019", "year:2019 -> filter Y2019 (the article's local date)\n"},
    {"date:2018-12..2019", "date:2018-12..2019 -> dates 20181201 to 20191231: 1 whole year, 1 month and 0 days with articles in the index\n"},
    {"date:..2018-01-02", "date:..2018-01-02 -> dates 20180101 to 20180102: 0 whole years, 0 months and 2 days with articles in the index\n"},
    {"source:arirang", "source:arirang -> filter XSOURCE:arirang news (arirang news); prefix XSOURCE:, several values are alternatives\n"},
    {"leader:xi", "leader:xi -> filter XLEADER:xi jinping (Xi Jinping); prefix XLEADER:, several values must all hold\n"},
    {"kim -year:2018", "'kim' -> stem 'kim' (term Zkim, any form of the word)\n"
                       "year:2018 -> filter Y2018 (the article's local date)\n"
                       "  (the part above is excluded: NOT / -)\n"},
    {"Pyongyang", "'Pyongyang' -> stem 'pyongyang' (term Zpyongyang, any form of the word)\n"
                  "'Pyongyang' names place Pyongyang: also searched as pyongyang | pyeongyang\n"},
    {"kim visit", "'kim' -> stem 'kim' (term Zkim, any form of the word)\n"
                  "'visit' -> stem 'visit' (term Zvisit, any form of the word)\n"
                  "proximity: articles with kim, visit within 6 words of each other score 1.5 times more (the best matches re-ranked, exactly)\n"},
};

// clang-format on

TEST_F(QueryBuilderTest, ExplainsEachPart) {
    for (const auto& [query, explanation] : kExplained) {
        EXPECT_EQ(explain(query), explanation) << "query: " << query;
    }
}

TEST_F(QueryBuilderTest, NoticesNamesThatMatchNothingOrSeveralValues) {
    const ParsedQuery none = build("source:arirnag");
    ASSERT_EQ(none.notices.size(), 1U);
    EXPECT_EQ(
        none.notices[0], "source:arirnag matches no source in the index; closest: arirang news"
    );
    EXPECT_EQ(none.query.get_description(), "Query(XSOURCE:arirnag)");
    const ParsedQuery two = build("source:news");
    ASSERT_EQ(two.notices.size(), 1U);
    EXPECT_EQ(
        two.notices[0],
        "source:news matches 2 values, searching for any of them: arirang news, zee news"
    );
}

// A quoted phrase finds any indexed form of each of its words (the words of
// the index with the same stem), in order; stopwords and the parts of one
// hyphenated word stay as written.
TEST_F(QueryBuilderTest, PhraseWordsTakeTheirIndexedForms) {
    const ParsedQuery p = build("\"trade deficit\"");
    EXPECT_EQ(
        p.query.get_description(),
        "Query(((trade@1 OR trades@1 OR trading@1) PHRASE 2 (deficit@2 OR deficits@2)))"
    );
    ASSERT_EQ(p.highlight.phrases.size(), 1U);
    EXPECT_EQ(
        p.highlight.phrases[0].first,
        (PhraseWords{{"trade", "trades", "trading"}, {"deficit", "deficits"}})
    );
    EXPECT_NE(
        explain("\"trade deficit\"").find("phrase -> trade|trades|trading deficit|deficits"),
        std::string::npos
    );
    const std::pair<const char*, const char*> rows[] = {
        // The form typed comes first, then the index's others.
        {"\"trades deficits\"",
         "Query(((trades@1 OR trade@1 OR trading@1) PHRASE 2 (deficits@2 OR deficit@2)))"},
        // Under title:, the title's own forms.
        {"title:\"trade of\"", "Query(((Strade@1 OR Strading@1) PHRASE 2 Sof@2))"},
        {"title:\"trades deficit\"",
         "Query(((Strades@1 OR Strade@1 OR Strading@1) PHRASE 2 Sdeficit@2))"},
        // A stopword is as written; so are the parts of a hyphenated word.
        {"\"the trade\"", "Query((the@1 PHRASE 2 (trade@2 OR trades@2 OR trading@2)))"},
        {"trade-deficit", "Query((trade@1 PHRASE 2 deficit@2))"},
    };
    for (const auto& [query, expected] : rows) {
        EXPECT_EQ(build(query).query.get_description(), expected) << query;
    }
    // NEAR and ADJ take the forms too.
    EXPECT_EQ(
        build("deficits NEAR/2 trade").query.get_description(),
        "Query(((deficits OR deficit) NEAR 3 (trade OR trades OR trading)))"
    );
}

TEST_F(QueryBuilderTest, CollectsWhatToHighlight) {
    const ParsedQuery p = build("visiting \"Korea's Kim\" denuclear* leader:Xi source:zee");
    EXPECT_TRUE(p.has_text);
    EXPECT_EQ(p.highlight.stems.count("visit"), 1U);
    ASSERT_EQ(p.highlight.phrases.size(), 1U);
    EXPECT_EQ(p.highlight.phrases[0].first, (PhraseWords{{"korea"}, {"kim"}}));
    ASSERT_EQ(p.highlight.prefixes.size(), 1U);
    // Entities filtered on are highlighted; sources are not entities.
    ASSERT_EQ(p.highlight.entities.size(), 1U);
    EXPECT_EQ(
        p.highlight.entities[0], std::make_pair(std::string("leader"), std::string("xi jinping"))
    );
    EXPECT_EQ(p.words.size(), 1U);
    EXPECT_FALSE(build("year:2019").has_text);
    EXPECT_FALSE(build("-kim").has_text);
}

TEST_F(QueryBuilderTest, RejectsWhatTheSyntaxCannotTell) {
    const auto message = [&](const std::string& q) -> std::string {
        try {
            build(q);
        } catch (const Error& e) {
            return std::to_string(e.column()) + " " + e.what();
        }
        return "accepted";
    };
    EXPECT_EQ(message("\"\""), "1 empty phrase");
    EXPECT_EQ(message("leader:-"), "1 leader:- names nothing");
    EXPECT_EQ(
        message("kim NEAR Jong-un"), "10 NEAR and ADJ join single words; 'Jong-un' is not one"
    );
    EXPECT_EQ(message("\xE2\x80\x94"), "1 the query has no words to search for");
    EXPECT_EQ(message("title:\xE2\x80\x94"), "1 title:\xE2\x80\x94 has no words to search for");
}

// Which bare words a partial match may lack (search/tiers.h), as typed.
TEST_F(QueryBuilderTest, SortsOutTheWordsAPartialMatchMayLack) {
    const auto labels = [this](const std::string& q) {
        return build(q).optional.labels;
    };
    using Words = std::vector<std::string>;
    EXPECT_EQ(labels("grain harvest exports"), (Words{"grain", "harvest", "exports"}));
    // Stopwords are dropped; a known name is one word.
    EXPECT_EQ(labels("the grain of Xi Jinping"), (Words{"grain", "Xi Jinping"}));
    // +word, a written AND (both sides), phrases and groups are required.
    EXPECT_EQ(labels("+grain harvest exports wheat"), (Words{"harvest", "exports", "wheat"}));
    EXPECT_EQ(labels("grain AND harvest exports wheat"), (Words{"exports", "wheat"}));
    EXPECT_EQ(labels("grain harvest AND exports wheat"), (Words{"grain", "wheat"}));
    EXPECT_EQ(labels("\"grain harvest\" exports wheat"), (Words{"exports", "wheat"}));
    EXPECT_EQ(labels("(grain OR corn) harvest exports"), (Words{"harvest", "exports"}));
    EXPECT_TRUE(labels("grain OR harvest OR exports").empty());
    EXPECT_TRUE(labels("grain").empty());

    const ParsedQuery p = build("grain harvest exports \"two leaders\" year:2019 -kim");
    EXPECT_EQ(p.optional.words.size(), 3U);
    EXPECT_EQ(p.optional.required.size(), 1U);
    EXPECT_FALSE(p.optional.filter.empty());
    EXPECT_FALSE(p.optional.excluded.empty());
    EXPECT_TRUE(p.optional.any());
    EXPECT_FALSE(build("grain harvest").optional.any());
}

}  // namespace
}  // namespace newsdex::detail
