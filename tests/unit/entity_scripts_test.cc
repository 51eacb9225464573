// SPDX-License-Identifier: MIT
// Entities in Chinese, Japanese and Korean text, and where each entity an
// extraction finds came from (docs/entities.md).
#include "newsdex/analyzer.h"

#include "entities/extractor.h"
#include "entities/gazetteer.h"

#include <gtest/gtest.h>

#include <set>

namespace newsdex::detail {
namespace {

std::set<std::string> values(const Extraction& x, const std::string& field) {
    const auto it = x.entities.find(field);
    return it == x.entities.end() ? std::set<std::string>{}
                                  : std::set<std::string>(it->second.begin(), it->second.end());
}

// The origin of `name` among the values of `field`.
std::string origin_of(const Extraction& x, const std::string& field, const std::string& name) {
    const auto names = x.entities.find(field);
    const auto origins = x.origins.find(field);
    if (names == x.entities.end() || origins == x.origins.end()) {
        return "(none)";
    }
    for (std::size_t i = 0; i < names->second.size() && i < origins->second.size(); ++i) {
        if (names->second[i] == name) {
            return std::string(origin_name(origins->second[i]));
        }
    }
    return "(none)";
}

using Names = std::set<std::string>;

TEST(EntityScripts, CjkTextWithoutSpacesNamesTheGazetteersEntities) {
    const Analyzer analyzer;
    const auto gazetteer = Gazetteer::builtin();
    const EntityExtractor extractor(*gazetteer, analyzer);
    // Chinese: no spaces; the names run into the words around them.
    const Extraction zh = extractor.extract("习近平主席在北京会见了金正恩委员长。");
    EXPECT_EQ(values(zh, "leader"), (Names{"Xi Jinping", "Kim Jong-un"}));
    EXPECT_EQ(values(zh, "place"), (Names{"Beijing"}));
    // Traditional characters, and Taiwan's president.
    const Extraction tw = extractor.extract("蔡英文總統在臺北接見訪問團。");
    EXPECT_EQ(values(tw, "leader"), (Names{"Tsai Ing-wen"}));
    EXPECT_EQ(values(tw, "place"), (Names{"Taipei"}));
    // Japanese: Kanji names between Kana; Katakana place names.
    const Extraction ja = extractor.extract("岸田文雄首相はソウルで尹錫悦大統領と会談した。");
    EXPECT_EQ(values(ja, "leader"), (Names{"Fumio Kishida", "Yoon Suk Yeol"}));
    EXPECT_EQ(values(ja, "place"), (Names{"Seoul"}));
    // Korean: particles glued to the names.
    const Extraction ko = extractor.extract("윤석열 대통령은 평양에서 김정은을 만나지 않았다.");
    EXPECT_EQ(values(ko, "leader"), (Names{"Yoon Suk Yeol", "Kim Jong-un"}));
    EXPECT_EQ(values(ko, "place"), (Names{"Pyongyang"}));
    // A name's characters written together must be together in the text:
    // "열고 양국" (held ... the two countries) does not name Goyang (고양),
    // while a name written with a space may have one (기시다 후미오).
    const Extraction apart = extractor.extract("정상회담을 열고 양국 관계를 논의했다.");
    EXPECT_TRUE(values(apart, "place").empty());
    const Extraction spaced = extractor.extract("기시다 후미오 총리와 회담했다.");
    EXPECT_EQ(values(spaced, "leader"), (Names{"Fumio Kishida"}));
    // The longest name wins: the Korean Peninsula, not North Korea.
    const Extraction peninsula = extractor.extract("朝鲜半岛局势");
    EXPECT_EQ(values(peninsula, "place"), (Names{"Korean Peninsula"}));
    EXPECT_TRUE(values(peninsula, "country").empty());
}

TEST(EntityScripts, NoCjkNameIsASingleCharacter) {
    // A name of one character would be found inside any word holding it.
    const auto gazetteer = Gazetteer::builtin();
    const Analyzer analyzer;
    for (const Name& name : gazetteer->names()) {
        if (name.terms.size() != 1) {
            continue;
        }
        const std::vector<Token> tokens = analyzer.tokens(name.terms.front());
        const bool cjk = tokens.size() == 1 && tokens.front().kind == TokenKind::kCjk;
        EXPECT_FALSE(cjk) << gazetteer->entities()[name.entity].name << ": " << name.terms.front();
    }
}

TEST(EntityScripts, EachEntitySaysWhereItCameFrom) {
    const Analyzer analyzer;
    const auto gazetteer = Gazetteer::builtin();
    const EntityExtractor extractor(*gazetteer, analyzer);
    const Extraction x = extractor.extract(
        "Prime Minister Fumio Kishida met lawmaker Baek Seung-ah and officials of the Korea "
        "Institute for Maritime Strategy in Seoul."
    );
    EXPECT_EQ(origin_of(x, "leader", "Fumio Kishida"), "gazetteer");
    EXPECT_EQ(origin_of(x, "person", "Fumio Kishida"), "gazetteer");
    EXPECT_EQ(origin_of(x, "person", "Baek Seung-ah"), "discovery");
    EXPECT_EQ(origin_of(x, "org", "Korea Institute for Maritime Strategy"), "discovery");
    EXPECT_EQ(origin_of(x, "place", "Seoul"), "gazetteer");
    // One origin for each name, in the same order.
    for (const auto& [field, names] : x.entities) {
        ASSERT_EQ(x.origins.count(field), 1U) << field;
        EXPECT_EQ(x.origins.at(field).size(), names.size()) << field;
    }
    for (const Origin o : {Origin::kMetadata, Origin::kGazetteer, Origin::kDiscovery}) {
        Origin back = Origin::kMetadata;
        ASSERT_TRUE(parse_origin(origin_name(o), back));
        EXPECT_EQ(back, o);
    }
    Origin unused = Origin::kMetadata;
    EXPECT_FALSE(parse_origin("text", unused));
}

}  // namespace
}  // namespace newsdex::detail
