// SPDX-License-Identifier: MIT
// Which stretches of a line can hold a query word, found without
// tokenising it (private to the snippet maker).
#pragma once

#include "newsdex/analyzer.h"

#include "snippet/highlight_spec.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::detail {

/// A stretch of an article body: byte offsets.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// Word-breaking and folding every line with ICU is most of a snippet's
/// cost, and most lines of a hit hold no query word. A line of ASCII text
/// can only hold a match if its letters and digits, lower-cased and run
/// together, contain the beginning of a query key: folding an ASCII word
/// only lower-cases it and drops punctuation (apostrophes, acronym dots,
/// digit-group commas) and possessive endings; a stem (English Snowball)
/// begins with all but its last letter of the word it came from (but for
/// three exceptions); and a British spelling is respelled to an American
/// one with another beginning only from the spelling list (whose British
/// words are needles too). Those beginnings are the needles.
class Needles {
  public:
    /// The needles of the keys of `spec`; with `skip` false (or when some
    /// key has none: a one-letter stem, a key of punctuation only) every
    /// line is scanned whole.
    Needles(const Analyzer& analyzer, const HighlightSpec& spec, bool skip);

    /// Where in `line` (a stretch of `body`) the query words can be:
    /// nowhere, all of it, or the words (between spaces) where a needle is.
    std::vector<Span> word_spans(std::string_view body, Span line) const;

  private:
    bool make(const Analyzer& analyzer, const HighlightSpec& spec);

    std::vector<std::string> needles_;
    bool filter_ = false;
    bool phrases_ = false;  ///< a phrase needs its words' positions in the whole line
    mutable std::string key_;
    mutable std::vector<std::size_t> key_at_;
};

}  // namespace newsdex::detail
