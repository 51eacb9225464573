// SPDX-License-Identifier: MIT
// Text analysis on any bytes: cleaning, layout, headline, tokens, folding,
// entity extraction and a snippet of the text itself.
#include "analysis/layout.h"
#include "common.h"
#include "search/query_parser.h"
#include "snippet/highlighter.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace newsdex;
    auto& w = fuzz::world();
    std::vector<std::string> repairs;
    const std::string text =
        detail::clean_text(std::string_view(reinterpret_cast<const char*>(data), size), repairs);
    const detail::Layout body = detail::layout(text);
    const std::string_view title = detail::first_sentence(body.text, body.lines);
    // A headline: at most 200 bytes of the laid-out text itself, which is
    // the text but for the line breaks inside paragraphs.
    if (!title.empty()
        && (title.size() > 200 || title.data() < body.text.data()
            || title.data() + title.size() > body.text.data() + body.text.size()
            || body.text.size() != text.size())) {
        __builtin_trap();
    }
    for (const detail::Line& line : body.lines) {
        if (line.begin > line.end || line.end > text.size()) {
            __builtin_trap();
        }
    }
    for (const Token& t : w.analyzer.tokens(text)) {
        if (t.term.empty() || t.term.size() > Analyzer::kMaxTermBytes || t.end > text.size()
            || t.begin > t.end) {
            __builtin_trap();
        }
    }
    w.analyzer.tokens(text, CjkMode::kQuery);
    w.analyzer.fold(text);
    w.extractor->extract(text);
    detail::HighlightSpec spec;
    for (const Token& t : w.analyzer.tokens(text.substr(0, 64))) {
        spec.stems.emplace(w.analyzer.stem(t.term), 1.0);
    }
    SnippetOptions options;
    detail::make_snippet(w.analyzer, text, spec, options, title, w.extractor.get());
    return 0;
}
