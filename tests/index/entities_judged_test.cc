// SPDX-License-Identifier: MIT
// Discovery that does not invent people: wire-style articles written for the
// test (tests/fixtures/entities/wire/: 1987 wire copy in shape, with
// datelines, headlines in capitals, lines wrapped at 65 columns and the
// "Reuter" sign-off) exercise each rule, and no value judged wrong on the
// Reuters-21578 archive (tests/fixtures/entities-judged-reuters.tsv) may
// come back as a person or a leader.
#include "newsdex/analyzer.h"

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

// An article's title and body lines, tokenized as the indexer does: the
// title, then each line of the body (a .txt article: title line, blank
// line, body).
struct Wire {
    std::string text;
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
    for (std::size_t start = body; start < all.size();) {
        std::size_t end = all.find('\n', start);
        end = end == std::string_view::npos ? all.size() : end;
        const std::string_view line = all.substr(start, end - start);
        w.parts.push_back({line, start - body, analyzer.tokens(line)});
        start = end + 1;
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
// possessive that makes "James Baker's" a wrong value).
std::set<std::string> judged_wrong() {
    std::set<std::string> out;
    std::istringstream in(
        read_file(source_dir() / "tests" / "fixtures" / "entities-judged-reuters.tsv")
    );
    std::string line;
    while (std::getline(in, line)) {
        if (!line.empty() && line[0] != '#') {
            out.insert(lower(line.substr(0, line.find('\t'))));
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
};

// clang-format on

TEST(EntityJudged, WireTextGivesNoValueJudgedWrong) {
    const Analyzer analyzer;
    const auto gazetteer = detail::Gazetteer::builtin();
    const detail::EntityExtractor extractor(*gazetteer, analyzer);
    const std::set<std::string> wrong = judged_wrong();
    ASSERT_EQ(wrong.size(), 21U);
    const fs::path dir = source_dir() / "tests" / "fixtures" / "entities" / "wire";
    std::map<std::string, detail::Extraction> found;
    for (const auto& entry : fs::directory_iterator(dir)) {
        const Wire w = read_wire(entry.path(), analyzer);
        const detail::Extraction x = extractor.extract(w.parts);
        for (const char* field : {"person", "leader"}) {
            for (const std::string& value : values(x, field)) {
                EXPECT_EQ(wrong.count(lower(value)), 0U)
                    << entry.path().filename() << " " << field << ": " << value;
                // No headline fragment: a person's name is never all capitals.
                EXPECT_NE(value, upper(value))
                    << entry.path().filename() << " " << field << ": " << value;
            }
        }
        found[entry.path().stem().string()] = x;
    }
    ASSERT_EQ(found.size(), 5U);
    for (const Expect& e : kExpected) {
        EXPECT_EQ(values(found[e.article], e.field).count(e.value), e.present ? 1U : 0U)
            << e.article << " " << e.field << ": " << e.value;
    }
}

}  // namespace
}  // namespace newsdex::test
