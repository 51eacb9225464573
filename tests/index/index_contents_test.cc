// SPDX-License-Identifier: MIT
// What the indexer writes, per seed article: terms and values that must and
// must not be there (Omega's omindexcheck idea), checked with Xapian itself.
#include "newsdex/analyzer.h"
#include "newsdex/index_writer.h"
#include "newsdex/json_output.h"
#include "newsdex/schema.h"
#include "newsdex/searcher.h"

#include "entities/gazetteer.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <map>

namespace newsdex::test {
namespace {

using schema::Slot;
using schema::slot_number;

struct Expectation {
    const char* id;
    std::vector<std::string> required;
    std::vector<std::string> forbidden;
    std::vector<std::pair<Slot, std::string>> values;
};

// clang-format off
const std::vector<Expectation>& expectations() {
    static const std::vector<Expectation> kRows{
        {"000_ffee1812b02ee5cf",
         {"Q000_ffee1812b02ee5cf", "XSOURCE:arirang news", "Y2018", "M201808", "D20180819",
          "xi", "jinping", "pyongyang", "denuclearization", "Zdenuclear", "2005", "70th",
          "Sxi", "ZSappear", "us"},
         {"Zthe", "2005…and", "u.s", "korea's", "D20180818"},
         {{Slot::kDate, "20180819"}, {Slot::kYear, "2018"}, {Slot::kMonth, "2018-08"},
          {Slot::kSource, "Arirang News"}, {Slot::kId, "000_ffee1812b02ee5cf"}}},
        {"001_485a11186914c96c",
         {"pyeongyang", "kim", "jong", "un", "Zvisit", "Y2019", "M201910"},
         {"jong-un", "kim's", "Y2018"},
         {{Slot::kDate, "20191001"}, {Slot::kSource, "Arirang News"}}},
        {"002_3dc3d58046a9c6ed",
         // Curly apostrophes are folded: China’s -> china, Pyongyang’s -> pyongyang.
         // British spellings are indexed as the American ones.
         {"china", "pyongyang", "denuclearization", "Zdenuclear", "dprk", "favors", "Zfavor",
          "synchronized", "kcna", "XSOURCE:south china morning post", "XLEADER:xi jinping",
          "XPERSON:moon jae in", "XCOUNTRY:north korea", "XORG:korean central news agency"},
         {"china’s", "pyongyang’s", "china's", "denuclearisation", "favours", "synchronised"},
         {{Slot::kDate, "20190110"}, {Slot::kYear, "2019"}}},
        {"003_77f9973bf1b05105",
         // The backtick apostrophe, the breadcrumbs and the credit line.
         {"korea", "country", "Skorea", "Shush", "news", "agency", "inputs", "XSOURCE:zee news", "D20180619"},
         {"korea`s", "s", "country`s"},
         {{Slot::kMonth, "2018-06"}, {Slot::kSource, "Zee News"}}},
        {"004_ee271d618b2a93c0",
         {"liu", "guozhong", "putin", "vladivostok", "Y2023", "XSOURCE:associated press", "yoo", "sang", "bum"},
         {"Y2022"},
         {{Slot::kDate, "20230907"}}},
    };
    return kRows;
}

// clang-format on

class IndexContents : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        IndexOptions options;
        options.db_path = (dir_->path() / "db").string();
        const IndexReport report = index_inputs(options, {(source_dir() / "corpus").string()});
        ASSERT_EQ(report.added, 5U);
        ASSERT_EQ(report.skipped, 0U);
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

    static bool has_term(const Xapian::Document& doc, const std::string& term) {
        Xapian::TermIterator t = doc.termlist_begin();
        t.skip_to(term);
        return t != doc.termlist_end() && *t == term;
    }

    static Xapian::termcount wdf(const Xapian::Document& doc, const std::string& term) {
        Xapian::TermIterator t = doc.termlist_begin();
        t.skip_to(term);
        return t != doc.termlist_end() && *t == term ? t.get_wdf() : 0;
    }

    static TempDir* dir_;
    static Xapian::Database* db_;
};

TempDir* IndexContents::dir_ = nullptr;
Xapian::Database* IndexContents::db_ = nullptr;

TEST_F(IndexContents, RequiredAndForbiddenTermsAndValues) {
    EXPECT_EQ(db_->get_doccount(), 5U);
    for (const Expectation& e : expectations()) {
        const Xapian::Document doc = doc_of(e.id);
        for (const std::string& term : e.required) {
            EXPECT_TRUE(has_term(doc, term)) << e.id << " lacks " << term;
        }
        for (const std::string& term : e.forbidden) {
            EXPECT_FALSE(has_term(doc, term)) << e.id << " has " << term;
        }
        for (const auto& [slot, value] : e.values) {
            EXPECT_EQ(doc.get_value(slot_number(slot)), value)
                << e.id << " slot " << slot_number(slot);
        }
    }
}

TEST_F(IndexContents, RepeatedParagraphCountsOnce) {
    // Seed 004 repeats its first two paragraphs; "guozhong" is in the title
    // (weight 3) and in the first paragraph once more.
    const Xapian::Document doc = doc_of("004_ee271d618b2a93c0");
    EXPECT_EQ(wdf(doc, "guozhong"), 4U);
    EXPECT_EQ(wdf(doc, "Sguozhong"), 1U);
}

TEST_F(IndexContents, StemTermsCountEveryOccurrenceOfTheirWords) {
    // A stem term's wdf is the sum of the wdfs of the words that stem to it
    // (stopwords and numbers have none), in the body and title (`Z`) and in
    // the title alone (`ZS`): the indexer adds each stem once per article.
    const Analyzer analyzer;
    for (const Expectation& e : expectations()) {
        const Xapian::Document doc = doc_of(e.id);
        std::map<std::string, Xapian::termcount> expected;
        std::size_t stems = 0;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            const std::string term = *t;
            const bool title = term.size() > 1 && term[0] == 'S'
                               && std::isupper(static_cast<unsigned char>(term[1])) == 0;
            const std::string word = title ? term.substr(1) : term;
            if (!title && (std::isupper(static_cast<unsigned char>(term[0])) != 0)) {
                stems += term[0] == 'Z' ? 1 : 0;
                continue;
            }
            const bool number = word.find_first_not_of("0123456789.,") == std::string::npos;
            if (number || analyzer.is_stopword(word)) {
                continue;
            }
            expected[(title ? "ZS" : "Z") + analyzer.stem(word)] += t.get_wdf();
        }
        ASSERT_GT(expected.size(), 20U) << e.id;
        EXPECT_EQ(stems, expected.size()) << e.id << ": a stem term no word accounts for";
        for (const auto& [stem, count] : expected) {
            EXPECT_EQ(wdf(doc, stem), count) << e.id << " " << stem;
        }
    }
}

TEST_F(IndexContents, PositionsKeepTitleAndBodyApart) {
    // "media" ends the title and the body's headline line; "while" starts the
    // next line: no phrase may join them across the gap.
    Xapian::Enquire enquire(*db_);
    const std::vector<std::string> phrase{"media", "while"};
    enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, phrase.begin(), phrase.end()));
    EXPECT_EQ(enquire.get_mset(0, 10).size(), 0U);
    const std::vector<std::string> inside{"korea", "kim"};
    enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, inside.begin(), inside.end()));
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    ASSERT_EQ(mset.size(), 1U);
    EXPECT_EQ(
        mset.begin().get_document().get_value(schema::slot_number(Slot::kId)),
        "003_77f9973bf1b05105"
    );
}

TEST_F(IndexContents, DocumentDataIsDocumentedJson) {
    const Xapian::Document doc = doc_of("002_3dc3d58046a9c6ed");
    const nlohmann::json data = nlohmann::json::parse(doc.get_data());
    for (const char* key : {"id", "title", "date", "source", "url", "path", "entities", "body"}) {
        EXPECT_TRUE(data.contains(key)) << key;
    }
    EXPECT_EQ(data["date"], "2019-01-10");
    EXPECT_EQ(data["body"], read_file(source_dir() / "corpus" / "002_3dc3d58046a9c6ed.txt"));
}

TEST_F(IndexContents, MetadataRecordsTheSchema) {
    EXPECT_EQ(db_->get_metadata("newsdex.schema_version"), std::to_string(schema::kSchemaVersion));
    const nlohmann::json table = nlohmann::json::parse(db_->get_metadata("newsdex.schema"));
    EXPECT_EQ(table["fields"].size(), schema::kFields.size());
    EXPECT_NE(db_->get_metadata("newsdex.analyzer").find("stemmer=english"), std::string::npos);
}

// A search reads the gazetteer the index stores instead of analysing every
// name again: it is there, and it is the built-in one.
TEST_F(IndexContents, MetadataHoldsTheCompiledGazetteer) {
    const Analyzer analyzer;
    const auto stored = detail::Gazetteer::from_compiled(
        db_->get_metadata("newsdex.gazetteer_compiled"), analyzer, detail::Gazetteer::digest_of({})
    );
    ASSERT_NE(stored, nullptr);
    EXPECT_EQ(stored->entities().size(), detail::Gazetteer::builtin()->entities().size());
    EXPECT_EQ(stored->names().size(), detail::Gazetteer::builtin()->names().size());
}

// Each shard folder holds the same image as the metadata, for a search to
// map; a search of an index without it (built by an older newsdex, or the
// file deleted) reads the metadata's copy and answers the same.
TEST_F(IndexContents, ShardFoldersHoldTheGazetteerImage) {
    const std::filesystem::path db = dir_->path() / "db";
    const std::string stored = db_->get_metadata("newsdex.gazetteer_compiled");
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::recursive_directory_iterator(db)) {
        if (entry.path().filename() == schema::kGazetteerFile) {
            files.push_back(entry.path());
            std::ifstream in(entry.path(), std::ios::binary);
            const std::string bytes(
                (std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>()
            );
            EXPECT_EQ(bytes, stored) << entry.path();
        }
    }
    ASSERT_FALSE(files.empty());

    const std::filesystem::path old = dir_->path() / "old";
    std::filesystem::copy(db, old, std::filesystem::copy_options::recursive);
    for (const auto& entry : std::filesystem::recursive_directory_iterator(old)) {
        if (entry.path().filename() == schema::kGazetteerFile) {
            std::filesystem::remove(entry.path());
        }
    }
    SearchRequest request;
    request.facets = {"leader", "country", "person"};
    for (const std::string query : {"Kim Jong-un", "leader:Moon", "country:China summit"}) {
        request.query = query;
        EXPECT_EQ(
            to_json(Searcher({old.string()}).search(request)),
            to_json(Searcher({db.string()}).search(request))
        ) << query;
    }
}

// Wire copy as agencies send it (tests/fixtures/wire: a .txt with its
// headline, Markdown, JSON Lines and TREC): lines wrapped at a fixed width,
// paragraphs opened by an indented line or a blank one, a dateline and a
// sign-off. A line break inside a paragraph is a space.
class WireContents : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        IndexOptions options;
        options.db_path = (dir_->path() / "db").string();
        const IndexReport report =
            index_inputs(options, {(source_dir() / "tests" / "fixtures" / "wire").string()});
        ASSERT_EQ(report.added, 5U);
        db_ = new Xapian::Database(options.db_path);
    }

    static void TearDownTestSuite() {
        delete db_;
        delete dir_;
    }

    // The titles of the articles that match `query`, sorted.
    static std::vector<std::string> titles(const Xapian::Query& query) {
        Xapian::Enquire enquire(*db_);
        enquire.set_query(query);
        std::vector<std::string> out;
        for (const Xapian::Document& doc : documents(enquire.get_mset(0, 10))) {
            out.push_back(nlohmann::json::parse(doc.get_data())["title"].get<std::string>());
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    static std::vector<Xapian::Document> documents(const Xapian::MSet& mset) {
        std::vector<Xapian::Document> out;
        for (auto it = mset.begin(); it != mset.end(); ++it) {
            out.push_back(it.get_document());
        }
        return out;
    }

    static std::vector<std::string> phrase(std::initializer_list<const char*> words) {
        return titles(Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end()));
    }

    static TempDir* dir_;
    static Xapian::Database* db_;
};

TempDir* WireContents::dir_ = nullptr;
Xapian::Database* WireContents::db_ = nullptr;

using Titles = std::vector<std::string>;

TEST_F(WireContents, PhrasesRunAcrossWrappedLines) {
    const std::string deficit = "AMERICAN TRADE DEFICIT SEEN NARROWING";
    // .txt: "The American trade\ndeficit is likely"; "bring the\nshortfall".
    EXPECT_EQ(phrase({"trade", "deficit", "is", "likely"}), Titles{deficit});
    EXPECT_EQ(phrase({"bring", "the", "shortfall"}), Titles{deficit});
    // JSON Lines: "expected to\nreach", "visible trade\ndeficit".
    EXPECT_EQ(phrase({"expected", "to", "reach"}), Titles{"GHANA COCOA CROP FORECAST RAISED"});
    EXPECT_EQ(phrase({"visible", "trade", "deficit"}), Titles{"U.K. deficit widens"});
    // TREC: "broke\ndown", and "Coffee\nOrganization" in an indented paragraph.
    EXPECT_EQ(phrase({"broke", "down"}), Titles{"Coffee Talks Break Down in London"});
    EXPECT_EQ(phrase({"coffee", "organization"}), Titles{"Coffee Talks Break Down in London"});
    // Markdown: "on Monday\nafter the storm".
    EXPECT_EQ(
        phrase({"monday", "after", "the", "storm"}), Titles{"Ferry service resumes after storm"}
    );
    // NEAR across the line break too.
    const std::vector<std::string> near{"trade", "deficit"};
    EXPECT_EQ(
        titles(Xapian::Query(Xapian::Query::OP_NEAR, near.begin(), near.end(), 2)),
        (Titles{deficit, "U.K. deficit widens"})
    );
}

TEST_F(WireContents, ParagraphsStayApart) {
    // "... economists said.\n    The department said"; "... delegates
    // said.\n   The International Coffee"; a list item and the line before it.
    EXPECT_EQ(phrase({"said", "the", "department"}), Titles{});
    EXPECT_EQ(phrase({"said", "the", "international"}), Titles{});
    EXPECT_EQ(phrase({"overnight", "sailings"}), Titles{});
    EXPECT_EQ(phrase({"notice", "freight"}), Titles{});
}

TEST_F(WireContents, SignOffsAreNotIndexedAndDatelinesAre) {
    // `Reuter`, `REUTER` at the end of a table-like last line, and a credit
    // in brackets are not words of the story.
    for (const char* term : {"reuter", "halloran", "quaile", "Zquail"}) {
        EXPECT_EQ(db_->get_termfreq(term), 0U) << term;
    }
    EXPECT_EQ(titles(Xapian::Query("washington")), Titles{"AMERICAN TRADE DEFICIT SEEN NARROWING"});
    EXPECT_EQ(
        titles(Xapian::Query("london")),
        (Titles{"Coffee Talks Break Down in London", "U.K. deficit widens"})
    );
    // The sign-off stays in the stored text.
    Xapian::Enquire enquire(*db_);
    enquire.set_query(Xapian::Query("takoradi"));
    const std::vector<Xapian::Document> docs = documents(enquire.get_mset(0, 10));
    ASSERT_EQ(docs.size(), 1U);
    const auto body = nlohmann::json::parse(docs[0].get_data())["body"].get<std::string>();
    EXPECT_EQ(body.substr(body.size() - 6), "REUTER");
}

TEST_F(WireContents, DatelinesAreFoundButWeighNothing) {
    // "WASHINGTON, March 3 -" opens the deficit story; its words are found
    // (with their positions) but have no within-document frequency, so they
    // add nothing to a score.
    Xapian::Enquire enquire(*db_);
    enquire.set_query(Xapian::Query("washington"));
    const Xapian::MSet mset = enquire.get_mset(0, 10);
    ASSERT_EQ(mset.size(), 1U);
    EXPECT_EQ(mset.begin().get_weight(), 0.0);
    const Xapian::Document doc = mset.begin().get_document();
    for (const char* term : {"washington", "march"}) {
        Xapian::TermIterator t = doc.termlist_begin();
        t.skip_to(term);
        ASSERT_TRUE(t != doc.termlist_end() && *t == term) << term;
        EXPECT_EQ(t.get_wdf(), 0U) << term;
        EXPECT_EQ(t.positionlist_count(), 1U) << term;
    }
    // The words after it weigh as any.
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to("likely");
    ASSERT_TRUE(t != doc.termlist_end() && *t == "likely");
    EXPECT_GT(t.get_wdf(), 0U);
}

// News pages (tests/fixtures/html): what the indexer writes of them. The
// words of their menus, banners, comments and footers are nowhere in the
// index; their metadata is, and phrases run across inline tags.
TEST(HtmlContents, PagesGiveTheirTextAndMetadataOnly) {
    TempDir dir;
    IndexOptions options;
    options.db_path = (dir.path() / "db").string();
    const IndexReport report =
        index_inputs(options, {(source_dir() / "tests" / "fixtures" / "html").string()});
    EXPECT_EQ(report.added, 19U);
    EXPECT_EQ(report.skipped, 1U);  // empty-shell.html: no text
    const Xapian::Database db(options.db_path);
    std::vector<std::string> chrome = html_chrome_words();
    ASSERT_FALSE(chrome.empty());
    // And the words of scripts, JSON-LD and styles.
    chrome.insert(
        chrome.end(),
        {"quickfeed", "javascript", "newsmediaorganization", "breadcrumblist", "visibility"}
    );
    for (const std::string& word : chrome) {
        EXPECT_EQ(db.get_termfreq(word), 0U) << word;
    }
    for (const char* term :
         {"Qharbour-ferry",
          "XSOURCE:coastline news",
          "D20230314",
          "Qgzipped-market",
          "XSOURCE:kestrel valley courier",
          "D20221105",
          "Qlatin1-vineyard",
          "muller",
          "chateau",
          "D20190821",
          "D20150523"}) {
        EXPECT_EQ(db.get_termfreq(term), 1U) << term;
    }
    const auto phrase = [&](std::initializer_list<const char*> words) {
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_PHRASE, words.begin(), words.end()));
        return enquire.get_mset(0, 10).size();
    };
    EXPECT_EQ(phrase({"the", "tidal", "barrier", "closed"}), 1U);  // <b>, <a>, <em>
    EXPECT_EQ(phrase({"new", "night", "shift", "rotas"}), 1U);     // misnested tags
    EXPECT_EQ(phrase({"village", "hall", "anyone"}), 0U);          // <br><br>: paragraphs apart
}

// Number fields (docs/schema.md): the exact term of each number, its own
// value slot (sortable_serialise), the record with the slot, and the
// run's report of values of another kind.
TEST(NumberContents, TermsSlotsAndRecord) {
    TempDir dir;
    IndexOptions options;
    options.db_path = (dir.path() / "db").string();
    const IndexReport report = index_inputs(
        options, {(source_dir() / "tests" / "fixtures" / "dynamic" / "numbers.jsonl").string()}
    );
    ASSERT_EQ(report.added, 10U);
    EXPECT_EQ(report.number_fields, (std::vector<std::string>{"score", "words"}));
    EXPECT_EQ(report.dynamic_fields.at("words"), 5U);
    EXPECT_EQ(
        report.mixed_fields.at("words\tstrings not indexed: the index has it as a number field"), 2U
    );
    EXPECT_EQ(
        report.mixed_fields.at(
            "desk\tnumbers indexed as their text: the index has it as a string field"
        ),
        1U
    );
    const Xapian::Database db(options.db_path);
    EXPECT_EQ(
        db.get_metadata(std::string(schema::kMetaDynamicFields)),
        "desk\tstring\t2\nscore\tnumber\t4\t16\nwords\tnumber\t5\t17\n"
    );
    // Each article's slot holds its number; the terms are the shortest text.
    const std::map<std::string, std::pair<std::string, double>> words{
        {"n1", {"XFwords:450", 450}},
        {"n2", {"XFwords:120", 120}},
        {"n3", {"XFwords:80", 80}},
        {"n4", {"XFwords:1000", 1000}},
        {"n5", {"XFwords:450", 450}},
    };
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        const std::string id = doc.get_value(slot_number(Slot::kId));
        const std::string value = doc.get_value(schema::kFirstNumberSlot + 1);
        const auto expected = words.find(id);
        if (expected == words.end()) {
            EXPECT_EQ(value, "") << id;  // no number, a string, a list, too large
            continue;
        }
        EXPECT_EQ(Xapian::sortable_unserialise(value), expected->second.second) << id;
        bool has_term = false;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            has_term = has_term || *t == expected->second.first;
            EXPECT_NE(*t, "XFwords:450.0") << id;
        }
        EXPECT_TRUE(has_term) << id;
    }
    EXPECT_EQ(db.get_termfreq("XFscore:2.5"), 1U);
    EXPECT_EQ(db.get_termfreq("XFscore:-1"), 1U);
    EXPECT_EQ(db.get_termfreq("XFwords:9007199254740993"), 0U);
    EXPECT_EQ(db.get_termfreq("XFdesk:7"), 1U);
    // A value range over the slot, with Xapian alone: 100 to 500.
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(
        Xapian::Query::OP_VALUE_RANGE,
        schema::kFirstNumberSlot + 1,
        Xapian::sortable_serialise(100),
        Xapian::sortable_serialise(500)
    ));
    EXPECT_EQ(enquire.get_mset(0, 20).size(), 3U);
}

// A run that failed after some commits leaves values of number fields it
// never recorded: a later run's new number field takes none of their slots.
TEST(NumberContents, SlotsWithValuesAreNeverGivenAgain) {
    TempDir dir;
    IndexOptions options;
    options.db_path = (dir.path() / "db").string();
    ASSERT_EQ(
        index_inputs(
            options, {(source_dir() / "tests" / "fixtures" / "dynamic" / "numbers.jsonl").string()}
        )
            .added,
        10U
    );
    {
        // As if the run had failed before recording words (slot 17).
        Xapian::WritableDatabase db(options.db_path);
        db.set_metadata(
            std::string(schema::kMetaDynamicFields), "desk\tstring\t2\nscore\tnumber\t4\t16\n"
        );
        db.commit();
    }
    write_file(
        dir.path() / "more.jsonl",
        R"({"id": "m1", "title": "Tin talks", "date": "1987-03-09", "body": "Tin producers met.", "pages": 3})"
        "\n"
    );
    ASSERT_EQ(index_inputs(options, {(dir.path() / "more.jsonl").string()}).added, 1U);
    const Xapian::Database db(options.db_path);
    EXPECT_EQ(
        db.get_metadata(std::string(schema::kMetaDynamicFields)),
        "desk\tstring\t2\npages\tnumber\t1\t18\nscore\tnumber\t4\t16\n"
    );
    EXPECT_EQ(db.get_value_freq(schema::kFirstNumberSlot + 1), 5U);  // words, untouched
    EXPECT_EQ(db.get_value_freq(schema::kFirstNumberSlot + 2), 1U);
}

}  // namespace
}  // namespace newsdex::test
