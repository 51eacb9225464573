// SPDX-License-Identifier: MIT
// The snippet maker behind make_snippet() and mark_matches() (private to
// the library): highlighter.cc finds the matches and sentences of each
// paragraph, snippet_window.cc chooses, cuts and renders the passage.
#pragma once

#include "newsdex/analyzer.h"

#include "analysis/layout.h"
#include "snippet/highlighter.h"
#include "snippet/needles.h"

#include <algorithm>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace newsdex::detail::snippeting {

inline constexpr std::string_view kEllipsis = "\xE2\x80\xA6";

// Text scanned for the best passage.
inline constexpr std::size_t kScanBytes = std::size_t{1024} * 1024;

struct Match {
    std::size_t begin = 0;
    std::size_t end = 0;
    int key = 0;
    double weight = 0;
};

struct Window {
    std::vector<Span> pieces;  // each within one paragraph, in order
    double score = -1;
};

inline std::size_t code_points(std::string_view s) {
    return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) {
        return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
    }));
}

inline bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

// Punctuation that a passage cut off before `…` is better without.
inline bool is_trailing_mark(char c) {
    return c == ',' || c == ';' || c == ':' || c == '-' || c == '(';
}

inline std::string_view trimmed(std::string_view s) {
    while (!s.empty() && is_blank(s.front())) {
        s.remove_prefix(1);
    }
    while (!s.empty() && is_blank(s.back())) {
        s.remove_suffix(1);
    }
    return s;
}

// The fewest characters worth adding as the cut start or end of a sentence.
inline constexpr std::size_t kShortestPart = 12;

class Snippeter {
  public:
    Snippeter(
        const Analyzer& analyzer,
        std::string_view body,
        const HighlightSpec& spec,
        const SnippetOptions& options,
        std::string_view title,
        const EntityExtractor* extractor,
        SnippetScan scan
    );

    std::string run();

    // The whole body with every match marked.
    std::string mark_all();

  private:
    // The matches of line `i`, found once.
    const std::vector<Match>& line_matches(std::size_t i) const;

    // The sentences of line `i`, found once.
    const std::vector<Span>& line_sentences(std::size_t i) const;

    // Whether paragraph `i` may be shown: prose in the first pass;
    // boilerplate, asides and a headline that is not the title when the
    // prose has no match. Datelines and sign-offs never are.
    bool allowed(std::size_t i, bool prose) const;

    // The matches in `line`: of query words in its word spans (all of it
    // when unsure), and the entity mentions in it.
    std::vector<Match> matches_in(const Line& line) const;

    // Adds the matches of query words in `span` (a line, or words of one).
    void match_words(Span span, std::vector<Match>& out) const;

    std::vector<Span> sentences_of(const Line& line) const;

    // Cuts `sentence` to about the snippet length around `anchor` (a byte
    // offset), on word boundaries and never inside a match.
    Span cut(Span sentence, std::size_t anchor, const std::vector<Match>& matches) const;

    // The index of the next paragraph that continues the prose after `i`
    // (blank lines in between are fine), or lines_.size().
    std::size_t next_prose_line(std::size_t i, bool prose) const;

    // The index of the paragraph of prose before `i`, or lines_.size().
    std::size_t previous_prose_line(std::size_t i, bool prose) const;

    // Where the longest start of `span` of at most `budget` characters that
    // ends with a whole word (never inside a match) ends; `span.begin` when
    // not even one word fits.
    std::size_t prefix_end(Span span, std::size_t budget, const std::vector<Match>& matches) const;

    // Where the longest end of `span` of at most `budget` characters that
    // starts with a whole word (never inside a match) starts; `span.end`
    // when not even one word fits.
    std::size_t
    suffix_begin(Span span, std::size_t budget, const std::vector<Match>& matches) const;

    double score(const Window& w, const std::vector<Match>& matches) const;

    Window best_window(bool prose);

    // The passage that opens with sentence `s` of paragraph `i` (or, when
    // that sentence alone is longer than the snippet, the part of it around
    // `anchor`) and runs on over the sentences and paragraphs that follow
    // until it has the snippet's length; cut at a word when the next
    // sentence does not fit whole, and begun earlier when the prose ends
    // first.
    Window window_at(std::size_t i, std::size_t s, std::size_t anchor, bool prose) const;

    bool piece_starts_sentence(const Window& w, std::size_t i, std::size_t s) const;

    // Adds to `w` (whose last piece is in paragraph `i`, ending before its
    // sentence `k`) the sentences that follow while they fit in `used`,
    // and the start of the one that does not. Returns true when the prose
    // ended before the snippet was full.
    bool extend(Window& w, std::size_t i, std::size_t k, std::size_t& used, bool prose) const;

    // Puts before `w` (whose first piece opens sentence `k` of paragraph
    // `i`) the sentences before it while they fit, and the end of the one
    // that does not.
    void extend_back(Window& w, std::size_t i, std::size_t k, std::size_t& used, bool prose) const;

    Window lede() const;

    // Appends `text`, a run of white space as one space (a wrapped line's
    // break, the padding of a table), escaped when the markup asks.
    void append_text(std::string& out, std::string_view text) const;

    std::string render(const Window& w);

    Layout layout_;  // the body's first MiB laid out in paragraphs (its lines moved to lines_)
    bool truncated_ = false;  // the body is longer than layout_.text
    const Analyzer& analyzer_;
    std::string_view body_;  // layout_.text
    const HighlightSpec& spec_;
    const SnippetOptions& options_;
    std::string_view title_;
    std::vector<Line> lines_;
    std::vector<bool> is_title_;  // by paragraph: it is the title
    std::vector<Match> entity_matches_;
    std::unordered_map<std::string, std::pair<int, double>> stem_keys_;
    std::unordered_map<std::string, std::pair<int, double>> term_keys_;
    std::vector<std::string> stem_heads_;
    Needles needles_;  // which words of a line can hold a match
    mutable std::vector<std::optional<std::vector<Match>>> matches_;   // by line
    mutable std::vector<std::optional<std::vector<Span>>> sentences_;  // by line
    int phrase_key_base_ = 0;
    int prefix_key_base_ = 0;
    std::size_t text_begin_ = std::string_view::npos;
    std::size_t text_end_ = 0;
};

}  // namespace newsdex::detail::snippeting
