// SPDX-License-Identifier: MIT
// Names in every script and quoted form, and where each entity came from
// (issue 20): the real newsdex-index and newsdex-search on short articles
// written for the test in Chinese (simplified and traditional), Japanese,
// Korean and English (tests/fixtures/scripts/). CJK text has no spaces
// between words; the gazetteer's names are matched on its characters.
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <set>

namespace newsdex::test {
namespace {

using nlohmann::json;

const std::string kIndex = NEWSDEX_INDEX_BIN;
const std::string kSearch = NEWSDEX_SEARCH_BIN;

class Scripts : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        const RunResult r =
            run({kIndex, "--db", db(), "--progress", "never", "tests/fixtures/scripts"},
                source_dir());
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }

    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }

    static std::string db() { return (dir_->path() / "scripts.db").string(); }

    static RunResult search(std::vector<std::string> args) {
        std::vector<std::string> argv{kSearch, "--db", db()};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv, source_dir(), {{"NO_COLOR", ""}});
    }

    static json search_json(const std::string& query) {
        const RunResult r = search({"--json", "--limit", "100", "--", query});
        EXPECT_LE(r.exit_code, 1) << r.err;
        return json::parse(r.out);
    }

    // The ids of the hits of `query`.
    static std::set<std::string> ids(const std::string& query) {
        std::set<std::string> out;
        const json result = search_json(query);
        for (const json& hit : result["hits"]) {
            out.insert(hit["id"].get<std::string>());
        }
        return out;
    }

    // The hit of article `id` (found by its id).
    static json hit(const std::string& id) {
        const json r = search_json("id:" + id);
        EXPECT_EQ(r["hits"].size(), 1U) << id;
        return r["hits"].empty() ? json::object() : r["hits"][0];
    }

    // The values of `field` in a hit's entities.
    static std::set<std::string> values(const json& h, const std::string& field) {
        std::set<std::string> out;
        if (h.contains("entities") && h["entities"].contains(field)) {
            for (const json& v : h["entities"][field]) {
                out.insert(v.get<std::string>());
            }
        }
        return out;
    }

    static TempDir* dir_;
};

TempDir* Scripts::dir_ = nullptr;

using Names = std::set<std::string>;

TEST_F(Scripts, ChineseJapaneseAndKoreanTextsGetTheGazetteersEntities) {
    const json zh = hit("scripts-zh-2019");
    EXPECT_EQ(values(zh, "leader"), (Names{"Xi Jinping", "Kim Jong-un"}));
    EXPECT_EQ(values(zh, "country"), (Names{"China", "North Korea"}));
    EXPECT_EQ(values(zh, "place"), (Names{"Pyongyang", "Korean Peninsula"}));
    EXPECT_EQ(values(zh, "org"), (Names{"Xinhua"}));

    const json tw = hit("scripts-zh-tw-2020");
    EXPECT_EQ(values(tw, "leader"), (Names{"Tsai Ing-wen"}));
    EXPECT_EQ(values(tw, "country"), (Names{"Taiwan"}));
    EXPECT_EQ(values(tw, "place"), (Names{"Taipei", "Beijing"}));

    const json abe = hit("scripts-ja-2016");
    EXPECT_EQ(values(abe, "leader"), (Names{"Shinzo Abe"}));
    EXPECT_EQ(values(abe, "country"), (Names{"North Korea", "South Korea", "United States"}));
    EXPECT_EQ(values(abe, "place"), (Names{"Tokyo"}));

    const json kishida = hit("scripts-ja-2023");
    EXPECT_EQ(values(kishida, "leader"), (Names{"Fumio Kishida", "Yoon Suk Yeol"}));
    EXPECT_EQ(values(kishida, "place"), (Names{"Seoul"}));

    // Korean glues particles to names (평양에서, 서울로, 김정은 국무위원장의).
    const json moon = hit("scripts-ko-2018");
    EXPECT_EQ(values(moon, "leader"), (Names{"Moon Jae-in", "Kim Jong-un"}));
    EXPECT_EQ(values(moon, "place"), (Names{"Pyongyang", "Korean Peninsula", "Seoul"}));

    const json yoon = hit("scripts-ko-2023");
    EXPECT_EQ(values(yoon, "leader"), (Names{"Yoon Suk Yeol", "Fumio Kishida"}));
    EXPECT_EQ(values(yoon, "place"), (Names{"Tokyo"}));
}

TEST_F(Scripts, LeadersInCjkTextFollowTheirDatesOfOffice) {
    // The design's own example, on an article written only in Chinese.
    EXPECT_EQ(ids("leader:Xi year:2019"), (Names{"scripts-zh-2019"}));
    // In 2010 Xi Jinping was vice-president: a person, not a leader; Hu
    // Jintao held the offices.
    const json vice = hit("scripts-zh-2010");
    EXPECT_EQ(values(vice, "leader"), (Names{"Hu Jintao"}));
    EXPECT_EQ(values(vice, "person"), (Names{"Xi Jinping", "Hu Jintao"}));
    EXPECT_EQ(ids("leader:Xi"), (Names{"scripts-zh-2019"}));
    EXPECT_EQ(ids("person:Xi"), (Names{"scripts-zh-2019", "scripts-zh-2010"}));
    // Taiwan's presidents, by any of their names.
    EXPECT_EQ(ids("leader:\"Tsai Ing-wen\""), (Names{"scripts-zh-tw-2020"}));
    EXPECT_EQ(ids("leader:蔡英文"), (Names{"scripts-zh-tw-2020"}));
    // ソウル (Japanese), 서울로 (Korean, with a particle), Seoul.
    EXPECT_EQ(ids("place:Seoul"), (Names{"scripts-ja-2023", "scripts-ko-2018", "scripts-en-2019"}));
}

TEST_F(Scripts, AQuotedNameFindsEveryAliasOfItsEntity) {
    // 金正恩 (Chinese), 김정은 (Korean) and Kim Jong-eun (English) are Kim Jong-un.
    const Names kim{"scripts-zh-2019", "scripts-ko-2018", "scripts-en-2019"};
    EXPECT_EQ(ids("\"Kim Jong Un\""), kim);
    EXPECT_EQ(ids("Kim Jong Un"), kim);
    EXPECT_EQ(ids("\"金正恩\""), kim);
    EXPECT_EQ(ids("person:\"Kim Jong Un\""), kim);
    EXPECT_EQ(ids("leader:\"Kim Jong Un\""), kim);
    EXPECT_EQ(ids("\"Fumio Kishida\""), (Names{"scripts-ja-2023", "scripts-ko-2023"}));
    // A phrase that is not exactly a name is searched as written (Kim
    // Jong-eun holds "Kim Jong"; 金正恩 and 김정은 do not), and so is a
    // phrase after title:.
    EXPECT_EQ(ids("\"Kim Jong\""), (Names{"scripts-en-2019"}));
    EXPECT_EQ(ids("\"Kim Jong-eun meets\""), (Names{"scripts-en-2019"}));
    EXPECT_EQ(ids("title:\"Kim Jong-eun\""), (Names{"scripts-en-2019"}));
    EXPECT_TRUE(ids("title:\"Kim Jong Un\"").empty());

    const RunResult r = search({"--explain", "\"Kim Jong Un\""});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(
        r.out.find("\"Kim Jong Un\" names leader Kim Jong-un: the phrase, or also searched as "),
        std::string::npos
    ) << r.out;
    EXPECT_NE(r.out.find("or an article filed under XPERSON:kim jong un"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("3 matches"), std::string::npos) << r.out;
}

TEST_F(Scripts, EachEntitySaysWhereItCameFrom) {
    // Moon Jae-in is in the article's metadata only; the text names Kim
    // Jong-eun (a name of the gazetteer), Panmunjom and a lawmaker the
    // gazetteer lacks.
    const json en = hit("scripts-en-2019");
    ASSERT_TRUE(en.contains("entity_origins")) << en.dump();
    const json& origins = en["entity_origins"];
    EXPECT_EQ(origins["leader"]["Moon Jae-in"], "metadata");
    EXPECT_EQ(origins["leader"]["Kim Jong-un"], "gazetteer");
    EXPECT_EQ(origins["person"]["Moon Jae-in"], "metadata");
    EXPECT_EQ(origins["place"]["Panmunjom"], "gazetteer");
    // Every entity has an origin, and only those.
    for (const auto& [field, names] : en["entities"].items()) {
        ASSERT_TRUE(origins.contains(field)) << field;
        EXPECT_EQ(origins[field].size(), names.size()) << field;
        for (const json& name : names) {
            EXPECT_TRUE(origins[field].contains(name.get<std::string>())) << name;
        }
    }
    // A name the gazetteer lacks, found after a title: discovery.
    EXPECT_EQ(origins["person"]["Baek Seung-ah"], "discovery");

    const RunResult r = search({"--explain", "id:scripts-en-2019"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(
        r.out.find("1. scripts-en-2019: leader Moon Jae-in (metadata), Kim Jong-un (gazetteer)"),
        std::string::npos
    ) << r.out;
}

}  // namespace
}  // namespace newsdex::test
