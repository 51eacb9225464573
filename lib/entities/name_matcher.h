// SPDX-License-Identifier: MIT
// Matching the gazetteer's names and the titles at a token of an article
// (private to the library): the spelling, capitals and spacing a name must
// have in the text to be a mention.
#pragma once

#include "entities/extractor.h"
#include "entities/gazetteer.h"
#include "entities/word_classes.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace newsdex::detail {

/// The tokens of a part that the extractor looks at (CJK text by its
/// single characters).
using TokenRefs = std::vector<const Token*>;

/// Read-only matching against a gazetteer; shared by the scan and the
/// discovery of names the gazetteer lacks.
class NameMatcher {
  public:
    NameMatcher(const Gazetteer& g, const Analyzer& a) : g_(g), a_(a) {}

    const Gazetteer& gazetteer() const { return g_; }

    /// The longest gazetteer name at tokens[i], or -1; `length` its tokens.
    std::int64_t match_name(
        const TokenizedText& part, const TokenRefs& tokens, std::size_t i, std::size_t& length
    ) const;

    /// The gazetteer name `index` of `length` tokens at tokens[i] is a
    /// person's one-word name used as another person's surname ("William
    /// Blair and Co" is not Tony Blair).
    bool other_persons_surname(
        const TokenizedText& part,
        const TokenRefs& tokens,
        std::size_t i,
        std::size_t length,
        std::int64_t index
    ) const;

    /// A place, country or organisation starts at tokens[k]: no name runs into it.
    bool
    starts_other_entity(const TokenizedText& part, const TokenRefs& tokens, std::size_t k) const;

    /// A title starts at tokens[k].
    bool starts_title(const TokenizedText& part, const TokenRefs& tokens, std::size_t k) const;

    /// A title at tokens[i], or null; `length` its tokens.
    const Title* match_title(
        const TokenizedText& part, const TokenRefs& tokens, std::size_t i, std::size_t& length
    ) const;

  private:
    const Gazetteer& g_;
    const Analyzer& a_;
};

}  // namespace newsdex::detail
