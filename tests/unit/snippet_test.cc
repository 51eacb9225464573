// SPDX-License-Identifier: MIT
// Snippets: text and query -> the highlighted passage (Xapian's
// api_snippets.cc table style).
#include "newsdex/analyzer.h"

#include "search/query_parser.h"
#include "snippet/highlighter.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <filesystem>

namespace newsdex::detail {
namespace {

struct Row {
    const char* text;
    const char* query;
    std::size_t length;
    const char* expected;
};

// clang-format off
const Row kRows[] = {
    // Stemmed forms are highlighted.
    {"Kim visited Beijing. He visits often.", "visiting", 240,
     "Kim [visited] Beijing. He [visits] often."},
    // A phrase is one span, whatever apostrophe the text used.
    {"Hush-hush meet: North Korea`s Kim Jong-Un lands in Beijing", "\"Korea's Kim\"", 240,
     "Hush-hush meet: North [Korea`s Kim] Jong-Un lands in Beijing"},
    // The article's own text: no HTML escaping.
    {"Mr Kim & Mr Xi met behind a <b> tag.", "xi", 240, "Mr Kim & Mr [Xi] met behind a <b> tag."},
    // Accents and case folded when matching, kept when showing.
    {"They flew to P'yŏngyang on Monday.", "PYONGYANG p'yongyang", 240,
     "They flew to [P'yŏngyang] on Monday."},
    // The best passage wins, with ellipses where text is left out.
    {"Nothing here at all. Still nothing to see. The summit in Singapore was historic. More text follows.",
     "summit singapore", 40,
     "\xE2\x80\xA6 The [summit] in [Singapore] was historic. \xE2\x80\xA6"},
    // A long sentence is cut on word boundaries around the match.
    {"This is a very long sentence that goes on and on about many things before it finally mentions the "
     "denuclearisation talks and then continues for a long while with many more words after that point.",
     "denuclearisation", 60,
     "\xE2\x80\xA6 mentions the [denuclearisation] talks and then continues for a \xE2\x80\xA6"},
    // Breadcrumbs, credits and the headline (shown as the title) stay out;
    // the lede is shown without free text.
    {"- News>\n- World\nKim lands in Beijing\nWhile the trip is secret, sources talk.\nWith agency inputs",
     "year:2018", 240, "While the trip is secret, sources talk."},
    // ... unless only they match.
    {"- News>\nKim lands in Beijing.\nWith agency inputs", "inputs", 240,
     "\xE2\x80\xA6 With agency [inputs]"},
    // A repeated paragraph is shown once.
    {"Kim met Putin in Vladivostok.\nKim met Putin in Vladivostok.\nThe summit ended.", "putin summit", 240,
     "Kim met [Putin] in Vladivostok. The [summit] ended."},
    // Wildcards highlight every word they stand for.
    {"Denuclearisation or denuclearization?", "denuclear*", 240,
     "[Denuclearisation] or [denuclearization]?"},
    // CJK phrases highlight the characters.
    {"\xE9\x87\x91\xE6\xAD\xA3\xE6\x81\xA9\xE8\xAE\xBF\xE5\x8D\x8E", "\xE9\x87\x91\xE6\xAD\xA3\xE6\x81\xA9", 240,
     "[\xE9\x87\x91\xE6\xAD\xA3\xE6\x81\xA9]\xE8\xAE\xBF\xE5\x8D\x8E"},
};

// clang-format on

TEST(Snippet, HighlightsTheBestPassage) {
    const Analyzer analyzer;
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::Document doc;
    doc.add_term("denuclearisation");
    doc.add_term("denuclearization");
    db.add_document(doc);
    for (const Row& row : kRows) {
        const ParsedQuery parsed = QueryParser(analyzer, db).parse(row.query);
        SnippetOptions options;
        options.length = row.length;
        options.markup.open = "[";
        options.markup.close = "]";
        EXPECT_EQ(make_snippet(analyzer, row.text, parsed.highlight, options), row.expected)
            << "query: " << row.query;
    }
}

TEST(Snippet, EscapesOnlyWhenAskedForHtml) {
    const Analyzer analyzer;
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const ParsedQuery parsed = QueryParser(analyzer, db).parse("xi");
    SnippetOptions options;
    options.markup.escape_html = true;
    EXPECT_EQ(
        make_snippet(analyzer, "Kim & Xi <b>", parsed.highlight, options),
        "Kim &amp; <em>Xi</em> &lt;b&gt;"
    );
}

TEST(Snippet, NeverCutsInsideACharacterOrAWord) {
    const Analyzer analyzer;
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::string text;
    for (int i = 0; i < 200; ++i) {
        text += "Pyŏngyang Sŏul ";
    }
    text += "summit";
    for (int i = 0; i < 200; ++i) {
        text += " Sŏul Pyŏngyang";
    }
    const ParsedQuery parsed = QueryParser(analyzer, db).parse("summit");
    for (std::size_t length = 20; length < 90; length += 7) {
        SnippetOptions options;
        options.length = length;
        options.markup.open = "";
        options.markup.close = "";
        std::string snippet = make_snippet(analyzer, text, parsed.highlight, options);
        const std::string ellipsis = "\xE2\x80\xA6 ";
        ASSERT_EQ(snippet.substr(0, ellipsis.size()), ellipsis) << snippet;
        snippet.erase(0, ellipsis.size());
        ASSERT_EQ(snippet.substr(snippet.size() - 4), " \xE2\x80\xA6") << snippet;
        snippet.erase(snippet.size() - 4);
        const std::size_t at = text.find(snippet);
        ASSERT_NE(at, std::string::npos) << snippet;
        EXPECT_EQ(text[at - 1], ' ') << snippet;
        EXPECT_EQ(text[at + snippet.size()], ' ') << snippet;
        EXPECT_NE(snippet.find("summit"), std::string::npos) << snippet;
    }
}

// A snippet skips the lines that cannot hold a query word unread (see
// SnippetScan); it must be the snippet of reading every line, for words
// that fold, stem or respell into something else than they look like.
TEST(Snippet, SkippingLinesThatCannotMatchChangesNoSnippet) {
    const Analyzer analyzer;
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    std::vector<std::string> texts{
        "Nothing to see in this first line at all.\n"
        "The haematologist's report on U.S. aid: 2,000 tonnes.\n"
        "Dying leaders, lying officials and tying knots.\n"
        "Colour TV and the organisation's programme in the theatre centre.\n"
        "O'Neill met al-Assad in Damascus; skies over Seoul were grey.\n"
        "Oesophagi and caesium, an aetiology, re-elected, e-mail.\n"
        "Pyŏngyang and Zürich are not ASCII, nor is 金正恩.\n"
        "The end of the story comes last, with nothing in it."};
    for (const auto& entry : std::filesystem::directory_iterator(test::source_dir() / "corpus")) {
        if (entry.path().extension() == ".txt") {
            texts.push_back(test::read_file(entry.path()));
        }
    }
    const std::vector<std::string> queries{
        "hematology",
        "hematologist",
        "\"U.S. aid\"",
        "us",
        "2000 tonnes",
        "2,000",
        "die",
        "lie tie",
        "color",
        "colour",
        "organization",
        "program",
        "\"organisation's programme\"",
        "theater center",
        "oneill",
        "O'Neill",
        "assad",
        "sky",
        "gray",
        "esophagus",
        "cesium",
        "etiology",
        "elected",
        "email",
        "hem*",
        "col*",
        "pyongyang",
        "zurich",
        "金正恩",
        "nothing",
        "the",
        "kim jong un",
        "summit",
        "\"north korea\"",
        "visit*",
        "denuclearization",
        "korea's",
        "beijing trip",
        "leaders",
        "officials",
        "a"};
    std::size_t highlighted = 0;
    for (const std::string& query : queries) {
        const ParsedQuery parsed = QueryParser(analyzer, db).parse(query);
        SnippetOptions options;
        options.markup.open = "[";
        options.markup.close = "]";
        for (const std::string& text : texts) {
            const std::string skipping = make_snippet(
                analyzer,
                text,
                parsed.highlight,
                options,
                {},
                nullptr,
                SnippetScan::kSkipLinesWithoutNeedles
            );
            EXPECT_EQ(
                skipping,
                make_snippet(
                    analyzer, text, parsed.highlight, options, {}, nullptr, SnippetScan::kEveryLine
                )
            ) << query
              << "\n"
              << text.substr(0, 80);
            highlighted += skipping.find('[') != std::string::npos ? 1 : 0;
        }
    }
    EXPECT_GT(highlighted, queries.size());  // most queries find something
}

std::size_t characters(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

std::string wire_article() {
    return test::read_file(test::source_dir() / "tests" / "fixtures" / "wire" / "deficit.txt");
}

// Wire copy wrapped at 65 columns: the snippet runs on across the wrapped
// lines and the sentences and paragraphs after its match until it has the
// length asked for (within 15 %), cut at a word with `…`.
TEST(Snippet, UsesTheLengthItIsGivenAcrossWrappedLines) {
    const Analyzer analyzer;
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const std::string body = wire_article();
    for (const char* query : {"dollar", "japan", "economists", "\"farm goods\"", "said"}) {
        const ParsedQuery parsed = QueryParser(analyzer, db).parse(query);
        for (const std::size_t length : {60U, 100U, 150U, 240U, 300U}) {
            SnippetOptions options;
            options.length = length;
            options.markup.open = "";
            options.markup.close = "";
            const std::string snippet = make_snippet(analyzer, body, parsed.highlight, options);
            EXPECT_GE(characters(snippet), length * 85 / 100)
                << query << " " << length << ": " << snippet;
            EXPECT_LE(characters(snippet), length * 115 / 100)
                << query << " " << length << ": " << snippet;
            EXPECT_EQ(snippet.find('\n'), std::string::npos) << snippet;
            EXPECT_EQ(snippet.find("  "), std::string::npos) << snippet;
            EXPECT_EQ(snippet.find("Reuter"), std::string::npos) << snippet;
            EXPECT_EQ(snippet.find("WASHINGTON"), std::string::npos) << snippet;
        }
    }
}

TEST(Snippet, HighlightsAPhraseAcrossALineBreakAndNeverRepeatsTheTitle) {
    const Analyzer analyzer;
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    const std::string body = wire_article();
    const std::string title = "AMERICAN TRADE DEFICIT SEEN NARROWING";
    SnippetOptions options;
    options.markup.open = "[";
    options.markup.close = "]";
    const ParsedQuery phrase = QueryParser(analyzer, db).parse("\"american trade deficit\"");
    const std::string snippet = make_snippet(analyzer, body, phrase.highlight, options, title);
    EXPECT_EQ(snippet.substr(0, 41), "The [American trade deficit] is likely to") << snippet;
    for (const char* query :
         {"american trade deficit", "seen", "narrowing", "trade", "reuter", "washington"}) {
        const ParsedQuery parsed = QueryParser(analyzer, db).parse(query);
        const std::string s = make_snippet(analyzer, body, parsed.highlight, options, title);
        EXPECT_EQ(s.find("SEEN"), std::string::npos) << query << ": " << s;
        EXPECT_EQ(s.find("Reuter"), std::string::npos) << query << ": " << s;
        EXPECT_FALSE(s.empty()) << query;
    }
}

}  // namespace
}  // namespace newsdex::detail
