// SPDX-License-Identifier: MIT
// The promise of one analysis: every word of every shipped article, typed as
// a query, finds that article, and that article's snippet highlights it.
#include "newsdex/analyzer.h"
#include "newsdex/index_writer.h"
#include "newsdex/searcher.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

namespace newsdex::test {
namespace {

bool is_operator(const std::string& word) {
    return word == "AND" || word == "OR" || word == "NOT" || word == "NEAR" || word == "ADJ";
}

// True when some <em>...</em> span of the snippet holds a token with the
// same term, or the same stem, as `token`.
bool highlights(const Analyzer& analyzer, const std::string& snippet, const Token& token) {
    const std::string stem = analyzer.stem(token.term);
    std::size_t at = 0;
    while ((at = snippet.find("<em>", at)) != std::string::npos) {
        const std::size_t end = snippet.find("</em>", at);
        if (end == std::string::npos) {
            return false;
        }
        for (const Token& t : analyzer.tokens(snippet.substr(at + 4, end - at - 4))) {
            if (t.term == token.term
                || (Analyzer::stemmed(t.kind) && analyzer.stem(t.term) == stem)) {
                return true;
            }
        }
        at = end;
    }
    return false;
}

TEST(Property, EveryWordFindsItsArticleAndIsHighlighted) {
    TempDir dir;
    IndexOptions options;
    options.db_path = (dir.path() / "db").string();
    const std::string corpus = (source_dir() / "corpus").string();
    ASSERT_EQ(index_inputs(options, {corpus}).added, 5U);
    const Searcher searcher({options.db_path});
    const Analyzer analyzer;

    std::size_t checked = 0;
    for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "corpus")) {
        if (entry.path().extension() != ".txt") {
            continue;
        }
        const std::string id = entry.path().stem().string();
        const std::string body = read_file(entry.path());
        std::set<std::string> seen;
        for (const Token& token : analyzer.tokens(body)) {
            if (!seen.insert(token.term).second) {
                continue;
            }
            std::string word = body.substr(token.begin, token.end - token.begin);
            if (is_operator(word)) {
                word = "\"" + word + "\"";
            }
            SearchRequest request;
            request.query = word;
            request.limit = 10;
            const SearchResponse response = searcher.search(request);
            const auto hit =
                std::find_if(response.hits.begin(), response.hits.end(), [&](const Hit& h) {
                    return h.id == id;
                });
            ASSERT_NE(hit, response.hits.end()) << id << ": '" << word << "' does not find it";
            // The snippet never repeats the title (shown above it): a word
            // of the title may be highlighted there alone.
            const std::vector<Token> title = analyzer.tokens(hit->title);
            const bool in_title = std::any_of(title.begin(), title.end(), [&](const Token& t) {
                return t.term == token.term;
            });
            EXPECT_TRUE(in_title || highlights(analyzer, hit->snippet, token))
                << id << ": '" << word << "' is not highlighted in: " << hit->snippet;
            ++checked;
        }
    }
    EXPECT_GT(checked, 1000U);
}

}  // namespace
}  // namespace newsdex::test
