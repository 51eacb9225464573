// SPDX-License-Identifier: MIT
// Discovery that does not invent people: wire-style articles written for the
// test (tests/fixtures/entities/wire/: 1987 wire copy in shape, with
// datelines, headlines in capitals, lines wrapped at 65 columns and the
// "Reuter" sign-off) exercise each rule, and no value judged wrong on the
// Reuters-21578 archive (tests/fixtures/entities-judged-reuters.tsv) may
// come back as a person or a leader.
#include "newsdex/analyzer.h"

#include "analysis/layout.h"
#include "entities/extractor.h"
#include "entities/gazetteer.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <cctype>
#include <map>
#include <set>
#include <sstream>

namespace newsdex::test {
namespace {

namespace fs = std::filesystem;

// An article's title and body paragraphs, tokenized as the indexer does
// (a .txt article: title line, blank line, body): the title, then each
// paragraph of the body's layout, its wrapped lines joined. The sign-off
// line is kept, unlike the indexer, so that the extractor's own reading of
// it is tested.
struct Wire {
    std::string text;
    detail::Layout layout;
    std::vector<detail::TokenizedText> parts;
};

Wire read_wire(const fs::path& path, const Analyzer& analyzer) {
    Wire w;
    w.text = read_file(path);
    const std::string_view all(w.text);
    const std::size_t title_end = all.find('\n');
    const std::string_view title = all.substr(0, title_end);
    w.parts.push_back({title, 0, analyzer.tokens(title)});
    const std::size_t body = all.find_first_not_of('\n', title_end);
    w.layout = detail::layout(all.substr(body));
    for (const detail::Line& line : w.layout.lines) {
        if (line.role == detail::LineRole::kBlank || line.role == detail::LineRole::kRepeat) {
            continue;
        }
        const std::string_view text =
            std::string_view(w.layout.text).substr(line.begin, line.end - line.begin);
        w.parts.push_back({text, line.begin, analyzer.tokens(text)});
    }
    return w;
}

std::set<std::string> values(const detail::Extraction& x, const std::string& field) {
    const auto it = x.entities.find(field);
    return it == x.entities.end() ? std::set<std::string>{}
                                  : std::set<std::string>(it->second.begin(), it->second.end());
}

std::string lower(std::string s) {
    for (char& c : s) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return s;
}

std::string upper(std::string s) {
    for (char& c : s) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    }
    return s;
}

// Values judged wrong, in lower case (not folded: folding drops the
// possessive that makes "James Baker's" a wrong value), by the field they
// are wrong in: "person" (neither a person nor a leader) or "leader" (a
// person, but no head of state or government).
std::map<std::string, std::set<std::string>> judged_wrong() {
    std::map<std::string, std::set<std::string>> out;
    std::istringstream in(
        read_file(source_dir() / "tests" / "fixtures" / "entities-judged-reuters.tsv")
    );
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line[0] != '#') {
            const std::string field = line.substr(line.rfind('\t') + 1);
            EXPECT_TRUE(field == "person" || field == "leader") << line;
            out[field].insert(lower(line.substr(0, line.find('\t'))));
        }
    }
    return out;
}

struct Expect {
    const char* article;
    const char* field;
    const char* value;
    bool present;
};

// clang-format off
const Expect kExpected[] = {
    // Company and office words make organisations, with the rank word.
    {"w01", "org", "General Motors Corp", true},
    {"w01", "org", "General Motors Acceptance Corp", true},
    {"w01", "org", "General Electric Co", true},
    {"w01", "org", "General Electric Co Plc", true},
    {"w01", "org", "General Accounting Office", true},
    {"w01", "org", "General Dynamics Corp", true},
    {"w01", "person", "Roger Smith", true},
    // Possessives stripped.
    {"w02", "leader", "Yasuhiro Nakasone", true},
    {"w02", "person", "James Baker", true},
    {"w02", "person", "Paul Volcker", true},
    {"w02", "leader", "José Sarney", true},
    {"w02", "leader", "Ronald Reagan", true},
    // No person from a headline in capitals; people of the body found.
    {"w03", "person", "Robert Byrd", true},
    // A majority leader of a legislature is not a head of government.
    {"w03", "leader", "Robert Byrd", false},
    {"w03", "person", "Lloyd Bentsen", true},
    {"w03", "person", "Marlin Fitzwater", true},
    {"w04", "org", "Anatolian Agency", true},
    {"w04", "person", "Vahit Halefoglu", true},
    {"w04", "org", "World Productions Inc", true},
    {"w04", "org", "President World Productions Inc", false},
    {"w01", "org", "General Instrument Corp", true},
    // "told Reuters" is a mention; a sign-off line is not.
    {"w04", "org", "Reuters", true},
    {"w05", "org", "Reuters", false},
    {"w05", "person", "Richard Lyng", true},
    {"w05", "country", "United States", true},
    // A leader's title after a body, a capitalised word, "former" or
    // "opposition", or after a bracketed acronym, names a person.
    {"w06", "person", "Karl Otto Poehl", true},
    {"w06", "person", "Barber Conable", true},
    {"w06", "person", "Jorio Dauster", true},
    {"w06", "person", "Donald Stacy", true},
    {"w06", "person", "Rilwanu Lukman", true},
    {"w06", "person", "Owen Bieber", true},
    {"w06", "person", "Robert Dole", true},
    {"w06", "person", "Howard Baker", true},
    {"w06", "person", "Frank Gorman", true},
    // Titles, particles and initials.
    {"w06", "person", "Nigel Lawson", true},
    {"w06", "person", "Javier Perez de Cuellar", true},
    {"w06", "person", "Gordon S. Macklin", true},
    {"w06", "person", "Geoffrey Howe", true},
    // A surname another first name or a company took is not Tony Blair's
    // or Howard Dean's.
    {"w06", "person", "Tony Blair", false},
    {"w06", "person", "Howard Dean", false},
    // A leader's title after a country is a leader's.
    {"w06", "leader", "José Sarney", true},
    // New Jersey is a state, not Jersey.
    {"w06", "place", "New Jersey", true},
    {"w06", "country", "Jersey", false},
    {"w06", "country", "Mexico", true},
    // A leader's title in lower case without a country, or after
    // "deposed", names a person.
    {"w06", "person", "Pierre Languetin", true},
    {"w06", "person", "Ferdinand Marcos", true},
    {"w06", "leader", "Ferdinand Marcos", false},
    // A president in an article that names no country is no head of state.
    {"w07", "person", "Samuel Huntington", true},
    {"w07", "leader", "Samuel Huntington", false},
    {"w07", "place", "Boston", true},
    // A stock symbol is not a mention; the Uruguay Round is GATT's.
    {"w06", "country", "British Virgin Islands", false},
    {"w06", "country", "Uruguay", false},
    {"w06", "org", "Uruguay Round", true},
    {"w06", "org", "GATT", true},
};

// clang-format on

TEST(EntityJudged, WireTextGivesNoValueJudgedWrong) {
    const Analyzer analyzer;
    const auto gazetteer = detail::Gazetteer::builtin();
    const detail::EntityExtractor extractor(*gazetteer, analyzer);
    const std::map<std::string, std::set<std::string>> wrong = judged_wrong();
    ASSERT_EQ(wrong.at("person").size(), 28U);
    ASSERT_EQ(wrong.at("leader").size(), 16U);
    const fs::path dir = source_dir() / "tests" / "fixtures" / "entities" / "wire";
    std::map<std::string, detail::Extraction> found;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const Wire w = read_wire(entry.path(), analyzer);
        const detail::Extraction x = extractor.extract(w.parts);
        for (const char* field : {"person", "leader"}) {
            for (const std::string& value : values(x, field)) {
                EXPECT_EQ(wrong.at("person").count(lower(value)), 0U)
                    << entry.path().filename() << " " << field << ": " << value;
                if (std::string_view(field) == "leader") {
                    EXPECT_EQ(wrong.at("leader").count(lower(value)), 0U)
                        << entry.path().filename() << " " << field << ": " << value;
                }
                // No headline fragment: a person's name is never all capitals.
                EXPECT_NE(value, upper(value))
                    << entry.path().filename() << " " << field << ": " << value;
            }
        }
        found[entry.path().stem().string()] = x;
    }
    ASSERT_EQ(found.size(), 7U);
    for (const Expect& e : kExpected) {
        EXPECT_EQ(values(found[e.article], e.field).count(e.value), e.present ? 1U : 0U)
            << e.article << " " << e.field << ": " << e.value;
    }
}

}  // namespace
}  // namespace newsdex::test
