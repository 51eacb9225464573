// SPDX-License-Identifier: MIT
// Offices with dates: a person the gazetteer knows is a leader of an article
// only when the article's date falls within one of their terms of office
// (entities/offices.tsv), and a person at other dates. Articles written for
// the test, indexed as newsdex-index indexes them.
#include "newsdex/index_writer.h"
#include "newsdex/schema.h"

#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <set>
#include <string_view>

namespace newsdex::test {
namespace {

class Offices : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        const auto article = [](const char* id, const char* date, const char* body) {
            nlohmann::json a;
            a["id"] = id;
            a["title"] = std::string("Article ") + id;
            if (date != nullptr) {
                a["date"] = date;
            }
            a["body"] = body;
            return a.dump() + "\n";
        };
        write_file(
            dir_->path() / "in" / "articles.jsonl",
            article(
                "thatcher-1987",
                "1987-03-04",
                "LONDON, March 4 - Prime Minister Margaret Thatcher said the budget would "
                "cut taxes. Thatcher told parliament so."
            )
                + article(
                    "thatcher-2019",
                    "2019-04-08",
                    "LONDON - A statue of Margaret Thatcher was unveiled in Grantham, where "
                    "Thatcher was born."
                )
                + article(
                    "trump-1987",
                    "1987-03-04",
                    "NEW YORK, March 4 - Donald Trump said he would buy more shares of the "
                    "casino company."
                )
                + article(
                    "trump-2018",
                    "2018-06-12",
                    "SINGAPORE - President Donald Trump met North Korean leader Kim Jong-un."
                )
                + article(
                    "trump-undated",
                    nullptr,
                    "Donald Trump spoke about trade with Margaret Thatcher in mind."
                )
        );
        IndexOptions options;
        options.db_path = (dir_->path() / "db").string();
        const IndexReport report = index_inputs(options, {(dir_->path() / "in").string()});
        ASSERT_EQ(report.added, 5U);
        db_ = new Xapian::Database(options.db_path);
    }

    static void TearDownTestSuite() {
        delete db_;
        delete dir_;
    }

    static Xapian::Document doc_of(const std::string& id) {
        const std::string term = "Q" + id;
        const Xapian::PostingIterator it = db_->postlist_begin(term);
        EXPECT_NE(it, db_->postlist_end(term)) << id;
        return db_->get_document(*it);
    }

    // The values of an entity field as the index holds them: the prefixed
    // terms, and the stored entities of the document data (what JSON shows).
    static std::set<std::string> terms(const std::string& id, std::string_view prefix) {
        const Xapian::Document doc = doc_of(id);
        std::set<std::string> out;
        for (Xapian::TermIterator t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            if ((*t).starts_with(prefix)) {
                out.insert((*t).substr(prefix.size()));
            }
        }
        return out;
    }

    static std::set<std::string> stored(const std::string& id, const std::string& field) {
        const nlohmann::json data = nlohmann::json::parse(doc_of(id).get_data());
        std::set<std::string> out;
        if (data["entities"].contains(field)) {
            for (const auto& v : data["entities"][field]) {
                out.insert(v.get<std::string>());
            }
        }
        return out;
    }

    static TempDir* dir_;
    static Xapian::Database* db_;
};

TempDir* Offices::dir_ = nullptr;
Xapian::Database* Offices::db_ = nullptr;

using Set = std::set<std::string>;

constexpr const schema::Field& kLeaderField = schema::field("leader");
constexpr const schema::Field& kPersonField = schema::field("person");
const std::string_view kLeader = kLeaderField.prefix;
const std::string_view kPerson = kPersonField.prefix;

TEST_F(Offices, ALeaderInOfficeOnTheArticlesDate) {
    EXPECT_EQ(terms("thatcher-1987", kLeader), Set{"margaret thatcher"});
    EXPECT_EQ(terms("thatcher-1987", kPerson), Set{"margaret thatcher"});
    EXPECT_EQ(stored("thatcher-1987", "leader"), Set{"Margaret Thatcher"});
    EXPECT_EQ(terms("trump-2018", kLeader), (Set{"donald trump", "kim jong un"}));
    EXPECT_EQ(stored("trump-2018", "leader"), (Set{"Donald Trump", "Kim Jong-un"}));
}

TEST_F(Offices, APersonOutOfOffice) {
    EXPECT_EQ(terms("thatcher-2019", kLeader), Set{});
    EXPECT_EQ(terms("thatcher-2019", kPerson), Set{"margaret thatcher"});
    EXPECT_EQ(stored("thatcher-2019", "leader"), Set{});
    EXPECT_EQ(stored("thatcher-2019", "person"), Set{"Margaret Thatcher"});
    EXPECT_EQ(terms("trump-1987", kLeader), Set{});
    EXPECT_EQ(terms("trump-1987", kPerson), Set{"donald trump"});
    EXPECT_EQ(stored("trump-1987", "person"), Set{"Donald Trump"});
}

TEST_F(Offices, AnUndatedArticleKeepsEveryHolderAsALeader) {
    EXPECT_EQ(terms("trump-undated", kLeader), (Set{"donald trump", "margaret thatcher"}));
    EXPECT_EQ(terms("trump-undated", kPerson), (Set{"donald trump", "margaret thatcher"}));
}

}  // namespace
}  // namespace newsdex::test
