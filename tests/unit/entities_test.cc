// SPDX-License-Identifier: MIT
// Entities: text -> the leaders, people, countries, places and organisations
// it names (one row per rule of the entity issue).
#include "entities/extractor.h"
#include "entities/gazetteer.h"
#include "resources/resources.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <unicode/uvernum.h>

#include <algorithm>
#include <map>
#include <set>

namespace newsdex::detail {
namespace {

std::string names(const Extraction& x, const std::string& field) {
    const auto it = x.entities.find(field);
    if (it == x.entities.end()) {
        return "";
    }
    std::string out;
    for (const std::string& n : it->second) {
        out += (out.empty() ? "" : "; ") + n;
    }
    return out;
}

struct Row {
    const char* text;
    const char* field;
    const char* expected;
};

// clang-format off
const Row kRows[] = {
    // Titles and demonyms around gazetteer names.
    {"Chinese President Xi Jinping could visit North Korea next month.", "leader", "Xi Jinping"},
    {"Chinese President Xi Jinping could visit North Korea next month.", "person", "Xi Jinping"},
    {"Chinese President Xi Jinping could visit North Korea next month.", "country", "China; North Korea"},
    // Variants of one name are one person.
    {"Kim Jong-un met Kim Jong-Un and Kim Jong Un.", "leader", "Kim Jong-un"},
    {"Kim Jong-eun, as some spell him, arrived.", "leader", "Kim Jong-un"},
    // Four Kims are four people.
    {"Kim Il-sung, Kim Jong-il and Kim Yo-jong.", "leader", "Kim Il-sung; Kim Jong-il"},
    {"Kim Il-sung, Kim Jong-il and Kim Yo-jong.", "person", "Kim Il-sung; Kim Jong-il; Kim Yo-jong"},
    // A short name alone counts only when unambiguous.
    {"Xi said so on Monday.", "leader", "Xi Jinping"},
    {"Kim said so on Monday.", "leader", ""},
    {"The Moon rose over Seoul.", "leader", ""},
    {"The Moon rose over Seoul.", "place", "Seoul"},
    // Acronyms only in capitals, names only capitalised.
    {"Let us talk about china.", "country", ""},
    {"The US and the U.S.A. and the DPRK.", "country", "United States; North Korea"},
    {"UN sanctions and the UN Security Council.", "org", "United Nations; UN Security Council"},
    // Possessives and apostrophes of every kind.
    {"South Korea\xE2\x80\x99s President Moon Jae-in said.", "leader", "Moon Jae-in"},
    {"North Korea`s Kim Jong-Un lands in Beijing.", "place", "Beijing"},
    // Names in other scripts and older romanisations.
    {"\xE4\xB9\xA0\xE8\xBF\x91\xE5\xB9\xB3\xE4\xB8\x8E\xE9\x87\x91\xE6\xAD\xA3\xE6\x81\xA9\xE4\xBC\x9A\xE8\xB0\x88", "leader", "Xi Jinping; Kim Jong-un"},
    {"\xEA\xB9\x80\xEC\xA0\x95\xEC\x9D\x80\xEC\x9D\xB4 \xED\x8F\x89\xEC\x96\x91\xEC\x97\x90\xEC\x84\x9C", "place", "Pyongyang"},
    {"\xEA\xB9\x80\xEC\xA0\x95\xEC\x9D\x80\xEC\x9D\xB4 \xED\x8F\x89\xEC\x96\x91\xEC\x97\x90\xEC\x84\x9C", "leader", "Kim Jong-un"},
    {"Talks in P'y\xC5\x8Fngyang and Pyeongyang.", "place", "Pyongyang"},
    // People the gazetteer lacks, found by their titles.
    {"Vice Foreign Minister Choe Son-hui met lawmaker Park Ji-won.", "person", "Choe Son-hui; Park Ji-won"},
    {"Vice Foreign Minister Choe Son-hui met lawmaker Park Ji-won.", "leader", ""},
    {"Ruritanian Prime Minister Rudolf Rassendyll met Admiral Zed Ix.", "leader", "Rudolf Rassendyll"},
    {"Ruritanian Prime Minister Rudolf Rassendyll met Admiral Zed Ix.", "person", "Rudolf Rassendyll; Zed Ix"},
    // A comma ends a name.
    {"The envoy, Lee Do-hoon, spoke.", "person", ""},
    // Countries and organisations of older news (entities/historical.tsv).
    {"West German Chancellor Helmut Kohl met the USSR's envoy.", "country", "West Germany; Soviet Union"},
    {"Soviet officials and East German and GDR trade.", "country", "Soviet Union; East Germany"},
    {"The Soviet Union, Yugoslavia, Czechoslovakia and Zaire.", "country", "Soviet Union; Yugoslavia; Czechoslovakia; Zaire"},
    {"EEC farm ministers and the European Community met GATT.", "org", "European Community; GATT"},
    {"The EC Commission in Brussels.", "org", "European Community"},
    // Company words make organisations; possessives end names.
    {"General Motors Corp said so.", "org", "General Motors Corp"},
    {"General Motors Corp said so.", "person", ""},
    {"Prime Minister Yasuhiro Nakasone's cabinet met.", "person", "Yasuhiro Nakasone"},
    // No person from a headline in capitals: only the gazetteer's names.
    {"SENATOR BLASTS REAGAN LEADERSHIP", "person", "Ronald Reagan"},
    {"SENATOR BLASTS POEHL LEADERSHIP", "person", ""},
    // Vice is not head of state.
    {"Vice Premier Liu Guozhong will visit.", "person", "Liu Guozhong"},
    {"Vice Premier Liu Guozhong will visit.", "leader", ""},
};

// clang-format on

TEST(Entities, FindsWhatTheTextNames) {
    const Analyzer analyzer;
    const auto gazetteer = Gazetteer::builtin();
    const EntityExtractor extractor(*gazetteer, analyzer);
    for (const Row& row : kRows) {
        EXPECT_EQ(names(extractor.extract(row.text), row.field), row.expected)
            << row.field << " in: " << row.text;
    }
}

TEST(Entities, DiscoversLeadersTheGazetteerLacks) {
    // A gazetteer without Japan's prime ministers: the title and the demonym
    // still make Fumio Kishida a leader and Japan a country.
    const Analyzer analyzer;
    const auto gazetteer =
        Gazetteer::from_texts(analyzer, {{"test.tsv", "country\tJapan\t\t\tJapanese\t\t\n"}});
    const EntityExtractor extractor(*gazetteer, analyzer);
    const Extraction x = extractor.extract(
        "Japanese Prime Minister Fumio Kishida met reporters. Kishida said little."
    );
    EXPECT_EQ(names(x, "leader"), "Fumio Kishida");
    EXPECT_EQ(names(x, "country"), "Japan");
    // Both mentions are found for highlighting, the short one too.
    std::size_t kishida = 0;
    for (const Mention& m : x.mentions) {
        kishida += m.name == "Fumio Kishida" ? 1 : 0;
    }
    EXPECT_EQ(kishida, 2U);
}

TEST(Entities, TitlesAreDataBuiltIntoTheLibrary) {
    const std::string file = test::read_file(test::source_dir() / "entities" / "titles.tsv");
    EXPECT_EQ(embedded_entities_titles(), file);
    std::set<std::string> titles;
    std::size_t leaders = 0;
    for (std::size_t start = 0; start < file.size();) {
        const std::size_t end = file.find('\n', start);
        const std::string line = file.substr(start, end - start);
        start = end == std::string::npos ? file.size() : end + 1;
        if (line.empty() || line.front() == '#') {
            continue;
        }
        // Two columns: the title's folded words, and leader or person.
        const std::size_t tab = line.find('\t');
        ASSERT_NE(tab, std::string::npos) << line;
        const std::string title = line.substr(0, tab);
        const std::string kind = line.substr(tab + 1);
        EXPECT_TRUE(kind == "leader" || kind == "person") << line;
        leaders += kind == "leader" ? 1 : 0;
        EXPECT_EQ(title.find_first_not_of("abcdefghijklmnopqrstuvwxyz "), std::string::npos)
            << line;
        EXPECT_EQ(title.find("  "), std::string::npos) << line;
        EXPECT_TRUE(titles.insert(title).second) << "twice: " << line;
    }
    EXPECT_EQ(titles.size(), 73U);
    EXPECT_EQ(leaders, 12U);
}

TEST(Entities, ShortNamesReferToTheFullNameNamed) {
    const Analyzer analyzer;
    const auto gazetteer = Gazetteer::builtin();
    const EntityExtractor extractor(*gazetteer, analyzer);
    const std::string text = "Kim Jong-un arrived. Later Kim met Moon Jae-in. Moon smiled.";
    const Extraction x = extractor.extract(text);
    std::vector<std::string> spans;
    for (const Mention& m : x.mentions) {
        spans.push_back(text.substr(m.begin, m.end - m.begin) + "=" + m.name);
    }
    EXPECT_EQ(
        spans,
        (std::vector<std::string>{
            "Kim Jong-un=Kim Jong-un",
            "Kim=Kim Jong-un",
            "Moon Jae-in=Moon Jae-in",
            "Moon=Moon Jae-in"})
    );
}

TEST(Entities, UserFilesExtendTheGazetteer) {
    const Analyzer analyzer;
    std::vector<InputProblem> problems;
    const auto gazetteer = Gazetteer::load(
        analyzer,
        {{"mine.tsv", "leader\tXi Jinping\tZhongnanhai Boss\t\t\t\t\nbogus\tNobody\t\t\t\t\t\n"}},
        &problems
    );
    const EntityExtractor extractor(*gazetteer, analyzer);
    EXPECT_EQ(names(extractor.extract("The Zhongnanhai Boss spoke."), "leader"), "Xi Jinping");
    ASSERT_EQ(problems.size(), 1U);
    EXPECT_EQ(problems[0].where, "mine.tsv:2");
}

// The compiled form an index stores reads back as the same gazetteer, and is
// refused (so that the files are analysed again) when anything it depends on
// differs or the bytes are damaged.
TEST(Entities, CompiledGazetteerReadsBackTheSame) {
    const Analyzer analyzer;
    const std::vector<std::pair<std::string, std::string>> extra{
        {"mine.tsv", "leader\tXi Jinping\tZhongnanhai Boss\t\t\t\t\n"}};
    const auto loaded = Gazetteer::load(analyzer, extra, nullptr);
    EXPECT_EQ(Gazetteer::digest_of(extra), loaded->digest());
    EXPECT_NE(Gazetteer::digest_of({}), loaded->digest());
    const std::string bytes = loaded->compiled(analyzer);
    const auto read = Gazetteer::from_compiled(bytes, analyzer, loaded->digest());
    ASSERT_NE(read, nullptr);
    ASSERT_EQ(read->entities().size(), loaded->entities().size());
    for (std::size_t i = 0; i < read->entities().size(); ++i) {
        const Entity& a = read->entities()[i];
        const Entity& b = loaded->entities()[i];
        EXPECT_TRUE(
            a.type == b.type && a.name == b.name && a.folded == b.folded && a.country == b.country
            && a.role == b.role && a.terms == b.terms
        ) << b.name;
    }
    ASSERT_EQ(read->names().size(), loaded->names().size());
    for (std::size_t i = 0; i < read->names().size(); ++i) {
        const Name& a = read->names()[i];
        const Name& b = loaded->names()[i];
        EXPECT_TRUE(
            a.terms == b.terms && a.entity == b.entity && a.kind == b.kind && a.acronym == b.acronym
            && a.capitalised == b.capitalised && a.caps == b.caps && a.glued == b.glued
        ) << loaded->entities()[b.entity].name;
    }
    EXPECT_EQ(read->compiled(analyzer), bytes);
    const std::string text = "North Korean leader Kim Jong-un met the Zhongnanhai Boss in 平壤.";
    const EntityExtractor from_read(*read, analyzer);
    const EntityExtractor from_loaded(*loaded, analyzer);
    EXPECT_EQ(from_read.extract(text).entities, from_loaded.extract(text).entities);
    EXPECT_EQ(names(from_read.extract(text), "leader"), "Kim Jong-un; Xi Jinping");

    EXPECT_EQ(Gazetteer::from_compiled(bytes, analyzer, Gazetteer::digest_of({})), nullptr);
    std::string other_icu = bytes;
    other_icu[other_icu.find("icu=") + 4] ^= 1;
    EXPECT_EQ(Gazetteer::from_compiled(other_icu, analyzer, loaded->digest()), nullptr);
    EXPECT_EQ(
        Gazetteer::from_compiled(bytes.substr(0, bytes.size() - 3), analyzer, loaded->digest()),
        nullptr
    );
    EXPECT_EQ(Gazetteer::from_compiled(bytes + "x", analyzer, loaded->digest()), nullptr);
    EXPECT_EQ(Gazetteer::from_compiled("", analyzer, loaded->digest()), nullptr);
}

// The format-3 form older indexes store (the format of newsdex before the
// image), written from a gazetteer's records the way that newsdex did.
std::string format3(const Gazetteer& g, const Analyzer& analyzer) {
    std::string out = "newsdex-gazetteer 3;icu=" U_ICU_VERSION ";" + analyzer.description() + ";"
                      + g.digest() + "\n";
    const auto u32 = [&](std::uint32_t v) {
        for (int i = 0; i < 4; ++i) {
            out += static_cast<char>((v >> (8 * i)) & 0xffU);
        }
    };
    const auto u8 = [&](unsigned v) {
        out += static_cast<char>(v & 0xffU);
    };
    const auto str = [&](const std::string& s) {
        u32(static_cast<std::uint32_t>(s.size()));
        out += s;
    };
    u32(static_cast<std::uint32_t>(g.entities().size()));
    for (const Entity& e : g.entities()) {
        u8(static_cast<unsigned>(e.type));
        str(e.name);
        str(e.folded);
        str(e.country);
        str(e.role);
        u32(static_cast<std::uint32_t>(e.terms.size()));
        for (const OfficeTerm& t : e.terms) {
            u32(t.start);
            u32(t.end);
        }
    }
    u32(static_cast<std::uint32_t>(g.names().size()));
    for (const Name& n : g.names()) {
        u32(n.entity);
        u8(static_cast<unsigned>(n.kind));
        u8((n.acronym ? 1U : 0U) | (n.capitalised ? 2U : 0U));
        u32(static_cast<std::uint32_t>(n.terms.size()));
        for (std::size_t i = 0; i < n.terms.size(); ++i) {
            str(n.terms[i]);
            u8((n.caps[i] ? 1U : 0U) | (n.glued[i] ? 2U : 0U));
        }
    }
    return out;
}

std::string joined(const std::vector<std::string>& terms) {
    std::string out;
    for (const std::string& t : terms) {
        out += (out.empty() ? "" : " ") + t;
    }
    return out;
}

// An index built by an older newsdex stores format 3: it reads into the
// same gazetteer (same records, same image) without analysing a name.
TEST(Entities, OlderCompiledFormStillReads) {
    const Analyzer analyzer;
    const auto builtin = Gazetteer::builtin();
    const std::string old = format3(*builtin, analyzer);
    const auto read = Gazetteer::from_compiled(old, analyzer, builtin->digest());
    ASSERT_NE(read, nullptr);
    EXPECT_EQ(read->compiled(analyzer), builtin->compiled(analyzer));
    EXPECT_EQ(Gazetteer::from_compiled(old, analyzer, Gazetteer::digest_of({{"x", "y"}})), nullptr);
    EXPECT_EQ(
        Gazetteer::from_compiled(old.substr(0, old.size() - 1), analyzer, builtin->digest()),
        nullptr
    );
}

// Every lookup of the image (binary searches of its sorted tables) gives
// what a scan of the records gives, for every name of the built-in
// gazetteer, and nothing for words that are no name.
TEST(Entities, ImageLookupsAgreeWithTheRecords) {
    const auto g = Gazetteer::builtin();
    const auto names = g->names();
    const auto entities = g->entities();
    std::map<std::string, std::vector<std::uint32_t>> by_first;
    std::map<std::string, std::set<std::uint32_t>> by_folded;
    std::map<std::uint32_t, std::vector<std::uint32_t>> of_entity;
    for (std::uint32_t i = 0; i < names.size(); ++i) {
        by_first[names[i].terms.front()].push_back(i);
        by_folded[joined(names[i].terms)].insert(names[i].entity);
        of_entity[names[i].entity].push_back(i);
    }
    ASSERT_GT(by_first.size(), 1000U);
    for (auto& [term, list] : by_first) {
        std::stable_sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) {
            return names[a].terms.size() > names[b].terms.size();
        });
        const auto found = g->names_starting(term);
        EXPECT_EQ(std::vector<std::uint32_t>(found.begin(), found.end()), list) << term;
    }
    for (const auto& [folded, set] : by_folded) {
        EXPECT_EQ(g->lookup(folded), std::vector<std::uint32_t>(set.begin(), set.end())) << folded;
    }
    for (std::uint32_t e = 0; e < entities.size(); ++e) {
        const auto found = g->names_of(e);
        EXPECT_EQ(std::vector<std::uint32_t>(found.begin(), found.end()), of_entity[e])
            << entities[e].name;
        EXPECT_EQ(g->find(entities[e].type, entities[e].folded), e) << entities[e].name;
    }
    for (const std::string word : {"", "zzzxqv", "quickly", "\xff", "a b c d e f"}) {
        EXPECT_TRUE(g->names_starting(word).empty()) << word;
        EXPECT_TRUE(g->lookup(word).empty()) << word;
    }
    EXPECT_EQ(g->find(EntityType::kCountry, "zzzxqv"), -1);
    EXPECT_TRUE(g->names_of(static_cast<std::uint32_t>(entities.size())).empty());
}

// The image file beside a shard: mapped, it is the same gazetteer; a file
// for another gazetteer, a damaged or cut one, or none is refused (the
// search then reads the metadata's copy).
TEST(Entities, ImageFileMapsTheSameGazetteer) {
    const Analyzer analyzer;
    const test::TempDir dir;
    const auto g = Gazetteer::builtin();
    const std::string image = g->compiled(analyzer);
    const std::string path = gazetteer_file_path(dir.path().string());
    EXPECT_EQ(Gazetteer::from_file(path, analyzer, g->digest()), nullptr);
    ASSERT_EQ(write_gazetteer_file(dir.path().string(), image), "");
    const auto mapped = Gazetteer::from_file(path, analyzer, g->digest());
    ASSERT_NE(mapped, nullptr);
    EXPECT_EQ(mapped->compiled(analyzer), image);
    const EntityExtractor from_mapped(*mapped, analyzer);
    const EntityExtractor from_builtin(*g, analyzer);
    const std::string text = "South Korean President Moon Jae-in met Kim Jong-un in Pyongyang.";
    EXPECT_EQ(from_mapped.extract(text).entities, from_builtin.extract(text).entities);
    EXPECT_EQ(names(from_mapped.extract(text), "leader"), "Moon Jae-in; Kim Jong-un");
    EXPECT_EQ(Gazetteer::from_file(path, analyzer, Gazetteer::digest_of({{"x", "y"}})), nullptr);

    std::string damaged = image;
    damaged[damaged.size() / 2] ^= 0x20;
    ASSERT_EQ(write_gazetteer_file(dir.path().string(), damaged), "");
    EXPECT_EQ(Gazetteer::from_file(path, analyzer, g->digest()), nullptr);
    ASSERT_EQ(write_gazetteer_file(dir.path().string(), image.substr(0, image.size() - 4)), "");
    EXPECT_EQ(Gazetteer::from_file(path, analyzer, g->digest()), nullptr);
}

std::string repeated(std::string_view piece, std::size_t times) {
    std::string out;
    out.reserve(piece.size() * times);
    for (std::size_t i = 0; i < times; ++i) {
        out += piece;
    }
    return out;
}

// Input that once stalled the indexer (issue 17): runs of capitalised words
// without punctuation. Extraction is linear with a bound on work per
// article, so each of these takes a fraction of a second (ctest's timeout
// is the guard) and finds what the text names, and nothing it does not.
TEST(Entities, LongRunsOfCapitalisedWordsAreLinear) {
    const Analyzer analyzer;
    const auto gazetteer = Gazetteer::builtin();
    const EntityExtractor extractor(*gazetteer, analyzer);
    const auto tokenized = [&](const std::string& text, std::size_t offset) {
        return TokenizedText{text, offset, analyzer.tokens(text)};
    };
    for (const std::string& body :
         {repeated("WORD ", 20'000), repeated("Word ", 20'000), repeated("A B ", 20'000)}) {
        const Extraction x = extractor.extract({tokenized(body, 0)});
        EXPECT_TRUE(x.entities.empty()) << body.substr(0, 12);
        EXPECT_TRUE(x.mentions.empty()) << body.substr(0, 12);
    }
    // A 1 MB title, then a body that names a leader and a country.
    const std::string title = repeated("T ", 500'000);
    const std::string body = repeated("Word ", 20'000)
                             + "\nPrime Minister Rudolf Rassendyll of Ruritania met Kim "
                               "Jong-un in Pyongyang.";
    const std::vector<TokenizedText> parts{tokenized(title, 0), tokenized(body, 0)};
    const Extraction x = extractor.extract(parts);
    EXPECT_EQ(names(x, "leader"), "Rudolf Rassendyll; Kim Jong-un");
    EXPECT_EQ(names(x, "place"), "Pyongyang");
    // A run longer than any name, then an organisation: the organisation is
    // the capitalised words before its head noun, at most a name's length.
    const Extraction org =
        extractor.extract(repeated("Alpha ", 5'000) + "Beta Gamma Holdings Bank said so.");
    EXPECT_EQ(names(org, "person"), "");
    ASSERT_EQ(org.entities.count("org"), 1U);
    EXPECT_EQ(org.entities.at("org").size(), 1U);
    // Thousands of distinct names: at most a bounded number per article.
    std::string many;
    for (int i = 0; i < 5'000; ++i) {
        std::string surname = "Zyx";
        for (int n = i; n > 0; n /= 26) {
            surname += static_cast<char>('a' + n % 26);
        }
        many += "Minister Rudolf " + surname + " said. ";
    }
    const Extraction people = extractor.extract(many);
    ASSERT_EQ(people.entities.count("person"), 1U);
    EXPECT_EQ(people.entities.at("person").size(), 1'000U);
}

// Historical countries and organisations resolve by every name, to
// themselves only (country:USSR is the Soviet Union, never Russia), and
// each line of their file gives its dates and source.
TEST(Entities, HistoricalCountriesAndOrganisations) {
    const Analyzer analyzer;
    const auto gazetteer = Gazetteer::builtin();
    const auto one = [&](const std::string& typed) {
        std::string out;
        for (const std::uint32_t e : gazetteer->lookup(analyzer.fold(typed))) {
            const Entity& entity = gazetteer->entities()[e];
            out +=
                (out.empty() ? "" : "; ") + std::string(field_of(entity.type)) + " " + entity.name;
        }
        return out;
    };
    EXPECT_EQ(one("USSR"), "country Soviet Union");
    EXPECT_EQ(one("Soviet Union"), "country Soviet Union");
    EXPECT_EQ(one("West Germany"), "country West Germany");
    EXPECT_EQ(one("GDR"), "country East Germany");
    EXPECT_EQ(one("Germany"), "country Germany");
    EXPECT_EQ(one("Russia"), "country Russia");
    EXPECT_EQ(one("Zaire"), "country Zaire");
    EXPECT_EQ(one("Burma"), "country Myanmar");
    EXPECT_EQ(one("EEC"), "org European Community");
    EXPECT_EQ(one("Common Market"), "org European Community");
    EXPECT_EQ(one("EU"), "org European Union");
    EXPECT_EQ(one("GATT"), "org GATT");
    EXPECT_EQ(one("WTO"), "org World Trade Organization");

    const std::string file = test::read_file(test::source_dir() / "entities" / "historical.tsv");
    EXPECT_EQ(embedded_entities_historical(), file);
    std::size_t rows = 0;
    for (std::size_t start = 0; start < file.size();) {
        const std::size_t end = file.find('\n', start);
        const std::string line = file.substr(start, end - start);
        start = end == std::string::npos ? file.size() : end + 1;
        if (line.empty() || line.front() == '#') {
            continue;
        }
        ++rows;
        std::vector<std::string> cells;
        for (std::size_t from = 0;;) {
            const std::size_t tab = line.find('\t', from);
            cells.push_back(line.substr(from, tab - from));
            if (tab == std::string::npos) {
                break;
            }
            from = tab + 1;
        }
        ASSERT_EQ(cells.size(), 8U) << line;
        EXPECT_TRUE(cells[0] == "country" || cells[0] == "org") << line;
        // The years the name was in use, and a source.
        EXPECT_NE(cells[6].find_first_of("0123456789"), std::string::npos) << line;
        EXPECT_FALSE(cells[7].empty()) << line;
    }
    EXPECT_GE(rows, 15U);
}

// Names given in metadata, as older archives give them (Reuters-21578's
// places and orgs), resolve through the gazetteer; a country among an
// archive's places is a country; what names nothing known, or several
// entities, is left to the caller to keep as given.
TEST(Entities, MetadataCodesResolveThroughTheGazetteer) {
    const Analyzer analyzer;
    const auto gazetteer = Gazetteer::builtin();
    const auto resolved = [&](const char* field, const char* given) {
        const std::int64_t e = gazetteer->resolve_given(field, given, analyzer);
        if (e < 0) {
            return std::string("-");
        }
        const Entity& entity = gazetteer->entities()[static_cast<std::size_t>(e)];
        return std::string(field_of(entity.type)) + " " + entity.name;
    };
    EXPECT_EQ(resolved("place", "usa"), "country United States");
    EXPECT_EQ(resolved("place", "west-germany"), "country West Germany");
    EXPECT_EQ(resolved("place", "ussr"), "country Soviet Union");
    EXPECT_EQ(resolved("country", "UK"), "country United Kingdom");
    EXPECT_EQ(resolved("place", "new_york"), "place New York");
    EXPECT_EQ(resolved("org", "ec"), "org European Community");
    EXPECT_EQ(resolved("org", "gatt"), "org GATT");
    EXPECT_EQ(resolved("person", "Xi Jinping"), "leader Xi Jinping");
    EXPECT_EQ(resolved("leader", "kim jong un"), "leader Kim Jong-un");
    // A surname the gazetteer marks as a mention on its own resolves.
    EXPECT_EQ(resolved("person", "reagan"), "leader Ronald Reagan");
    // Unknown, or a person only by a surname: kept as given.
    EXPECT_EQ(resolved("person", "poehl"), "-");
    EXPECT_EQ(resolved("person", "kohl"), "leader Helmut Kohl");
    EXPECT_EQ(resolved("org", "worldbankx"), "-");
    // A country is not an organisation, nor a person.
    EXPECT_EQ(resolved("org", "usa"), "-");
    EXPECT_EQ(resolved("person", "japan"), "-");
}

// entities/offices.tsv: who held which office when. Every line reads, names
// its source and a holder the gazetteer knows as a leader, and no two
// holders of one office overlap (a handover may share its day).
TEST(Offices, TheBuiltInFileIsConsistent) {
    std::vector<InputProblem> problems;
    const std::vector<OfficeRow> rows =
        parse_offices("entities/offices.tsv", builtin_offices_text(), &problems);
    for (const InputProblem& p : problems) {
        ADD_FAILURE() << p.where << ": " << p.message;
    }
    EXPECT_GE(rows.size(), 500U);
    std::map<std::string, std::vector<const OfficeRow*>> by_office;
    for (const OfficeRow& row : rows) {
        EXPECT_FALSE(row.source.empty()) << "line " << row.line;
        EXPECT_FALSE(row.country.empty()) << "line " << row.line;
        EXPECT_GE(row.term.start, day_number(1900, 1, 1)) << "line " << row.line;
        EXPECT_TRUE(row.term.end == 0 || row.term.start <= row.term.end) << "line " << row.line;
        by_office[row.office].push_back(&row);
    }
    EXPECT_GE(by_office.size(), 40U);
    for (auto& [office, terms] : by_office) {
        std::stable_sort(terms.begin(), terms.end(), [](const OfficeRow* a, const OfficeRow* b) {
            return a->term.start < b->term.start;
        });
        for (std::size_t i = 1; i < terms.size(); ++i) {
            const OfficeRow& before = *terms[i - 1];
            const OfficeRow& after = *terms[i];
            EXPECT_TRUE(before.term.end != 0 && before.term.end <= after.term.start)
                << office << ": " << before.holder << " (line " << before.line << ") overlaps "
                << after.holder << " (line " << after.line << ")";
        }
    }
    // Every holder is a leader of the gazetteer, and every built-in leader
    // holds an office: no leader of the built-in data is one at every date.
    const Analyzer analyzer;
    const auto gazetteer = Gazetteer::builtin();
    for (const OfficeRow& row : rows) {
        EXPECT_GE(gazetteer->find(EntityType::kLeader, analyzer.fold(row.holder)), 0) << row.holder;
    }
    for (const Entity& e : gazetteer->entities()) {
        if (e.type == EntityType::kLeader) {
            EXPECT_FALSE(e.terms.empty()) << e.name << " is a leader without an office";
        }
    }
}

TEST(Offices, ALeaderIsOneOnTheDaysOfTheirTerms) {
    const Analyzer analyzer;
    const auto gazetteer = Gazetteer::builtin();
    const auto on = [&](const char* name, std::uint32_t day) {
        const std::int64_t e = gazetteer->find(EntityType::kLeader, analyzer.fold(name));
        EXPECT_GE(e, 0) << name;
        return e >= 0 && gazetteer->leader_on(static_cast<std::uint32_t>(e), day);
    };
    EXPECT_TRUE(on("Margaret Thatcher", day_number(1987, 3, 4)));
    EXPECT_TRUE(on("Margaret Thatcher", day_number(1979, 5, 4)));
    EXPECT_TRUE(on("Margaret Thatcher", day_number(1990, 11, 28)));
    EXPECT_FALSE(on("Margaret Thatcher", day_number(1990, 11, 29)));
    EXPECT_FALSE(on("Margaret Thatcher", day_number(2019, 6, 1)));
    EXPECT_FALSE(on("Donald Trump", day_number(1987, 3, 4)));
    EXPECT_TRUE(on("Donald Trump", day_number(2018, 6, 12)));
    EXPECT_FALSE(on("Donald Trump", day_number(2022, 6, 1)));
    EXPECT_TRUE(on("Donald Trump", day_number(2025, 6, 1)));
    EXPECT_FALSE(on("Mario Monti", day_number(1987, 3, 4)));
    EXPECT_TRUE(on("Mario Monti", day_number(2012, 3, 4)));
    EXPECT_TRUE(on("Xi Jinping", day_number(2019, 1, 10)));
    EXPECT_FALSE(on("Xi Jinping", day_number(2009, 1, 10)));
    // Two offices: Gorbachev led the party from 1985, the state from 1988.
    EXPECT_TRUE(on("Mikhail Gorbachev", day_number(1987, 3, 4)));
    EXPECT_FALSE(on("Mikhail Gorbachev", day_number(1984, 3, 4)));
    // An undated article: a holder of an office is a leader, as before.
    EXPECT_TRUE(on("Donald Trump", 0));
    // A user's leader without offices is one at every date; a person never.
    const auto mine = Gazetteer::load(
        analyzer,
        {{"mine.tsv", "leader\tZorro Vega\t\t\t\t\t\nperson\tAnn Bee\t\t\t\t\t\n"}},
        nullptr
    );
    const std::int64_t zorro = mine->find(EntityType::kLeader, analyzer.fold("Zorro Vega"));
    ASSERT_GE(zorro, 0);
    EXPECT_TRUE(mine->leader_on(static_cast<std::uint32_t>(zorro), day_number(1987, 3, 4)));
    const std::int64_t ann = mine->find(EntityType::kPerson, analyzer.fold("Ann Bee"));
    ASSERT_GE(ann, 0);
    EXPECT_FALSE(mine->leader_on(static_cast<std::uint32_t>(ann), day_number(1987, 3, 4)));
}

TEST(Offices, BadLinesAreReportedWithTheirPlace) {
    std::vector<InputProblem> problems;
    const std::vector<OfficeRow> rows = parse_offices(
        "my-offices.tsv",
        "# comment\n"
        "Mayor\tNowhere\tAnn Bee\t2001-01-01\t2004-12-31\tcity records\n"
        "Mayor\tNowhere\tBob Cee\t2005-01-01\t\tcity records\n"
        "Mayor\tNowhere\tCy Dee\t2005-02-30\t\tcity records\n"
        "Mayor\tNowhere\tDi Eff\t2006-01-01\t2005-01-01\tcity records\n"
        "Mayor\tNowhere\tEd Gee\t2006-01-01\n",
        &problems
    );
    ASSERT_EQ(rows.size(), 2U);
    EXPECT_EQ(rows[0].holder, "Ann Bee");
    EXPECT_EQ(rows[0].term, (OfficeTerm{day_number(2001, 1, 1), day_number(2004, 12, 31)}));
    EXPECT_EQ(rows[1].term, (OfficeTerm{day_number(2005, 1, 1), 0}));
    EXPECT_EQ(rows[1].line, 3U);
    ASSERT_EQ(problems.size(), 3U);
    EXPECT_EQ(problems[0].where, "my-offices.tsv:4");
    EXPECT_NE(problems[0].message.find("'2005-02-30'"), std::string::npos) << problems[0].message;
    EXPECT_EQ(problems[1].where, "my-offices.tsv:5");
    EXPECT_NE(problems[1].message.find("before it starts"), std::string::npos);
    EXPECT_EQ(problems[2].where, "my-offices.tsv:6");
    EXPECT_NE(problems[2].message.find("6 tab-separated columns"), std::string::npos);
}

}  // namespace
}  // namespace newsdex::detail
