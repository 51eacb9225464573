// SPDX-License-Identifier: MIT
// Names the gazetteer lacks, found by the way news writes them (private to
// the library): runs of capitalised words with an organisation's or a
// place's head noun, and the names after a title, with the company words
// that make an organisation of them.
#pragma once

#include "entities/entity_book.h"
#include "entities/name_matcher.h"

#include <cstddef>

namespace newsdex::detail {

/// Discovers names at a token of a part and counts them in an EntityBook.
class Discovery {
  public:
    Discovery(const NameMatcher& m, EntityBook& book, const Analyzer& a)
        : m_(m), g_(m.gazetteer()), book_(book), a_(a) {}

    /// Organisations and places the gazetteer lacks, by the words news uses
    /// for them: a run of capitalised words with an organisation's head noun
    /// ("Samsung Electronics", "Bank of Korea", "Korea Institute for National
    /// Unification"), or a place's ("Jilin Province"), or after "the city of"
    /// and before "region". A country or demonym right before an
    /// organisation belongs to its name ("Russian Defense Ministry").
    /// Returns the token after the run, or `i` when there is none.
    std::size_t named_run(const TokenizedText& part, const TokenRefs& tokens, std::size_t i);

    /// A title at tokens[at..at+length): a known name, a new name or a
    /// one-word reference may follow. Returns where to go on.
    std::size_t after_title(
        const TokenizedText& part,
        const TokenRefs& tokens,
        std::size_t at,
        std::size_t length,
        const Title& title
    );

  private:
    // A run of capitalised words from tokens[i], with the connectors "of",
    // "for", "and", "on" and "the" between them, at most kMaxRunTokens long.
    struct CapitalRun {
        std::size_t end = 0;    // one past its last capitalised token
        std::size_t words = 0;  // its words, hyphenated parts not counted
    };

    // A name the gazetteer lacks after a title, from tokens[j]: capitalised
    // words (hyphenated parts may be lower case: Sang-bum), white space
    // between them, at most 6 tokens, ended by a possessive.
    struct TitledName {
        std::size_t end = 0;         // one past its last token
        std::size_t words = 0;       // its words, hyphenated parts not counted
        bool company = false;        // it has a company's or an office's word
        std::size_t possessive = 0;  // bytes of a possessive ending it
    };

    CapitalRun capital_run(const TokenizedText& part, const TokenRefs& tokens, std::size_t i) const;
    static bool org_run(const TokenRefs& tokens, std::size_t i, std::size_t end);
    bool place_run(
        const TokenizedText& part,
        const TokenRefs& tokens,
        std::size_t i,
        std::size_t end,
        std::size_t words
    ) const;
    TitledName titled_name(const TokenizedText& part, const TokenRefs& tokens, std::size_t j) const;
    bool heads_a_state(const TokenizedText& part, const TokenRefs& tokens, std::size_t at) const;

    const NameMatcher& m_;
    const Gazetteer& g_;
    EntityBook& book_;
    const Analyzer& a_;
};

}  // namespace newsdex::detail
