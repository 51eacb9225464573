// SPDX-License-Identifier: MIT
// Exact matches first, near matches after (private to the library). The
// bare words of a query's top level are what an article may lack: below the
// articles with every word come those with all but one, then fewer, down to
// tier_floor() words. Each tier is a search of its own, run only when the
// page reaches it, so tiers are strict (no partial match ranks above an
// exact one) and paging is exact across their boundaries. See
// docs/query-syntax.md ("Partial matches") for the rules and the measurements
// behind this design.
#pragma once

#include "newsdex/searcher.h"

#include <xapian.h>

#include <cstddef>
#include <string>
#include <vector>

namespace newsdex::detail {

class HitMaker;

/// The parts of a top-level AND whose bare words may be missing. Partial
/// tiers need 3 or more of them: one word of two is too little.
struct OptionalWords {
    std::vector<std::string> labels;      ///< each word as typed (a name: its words)
    std::vector<Xapian::Query> words;     ///< each word's query
    std::vector<Xapian::Query> required;  ///< free text that stays required (+word, phrases...)
    Xapian::Query filter;                 ///< filters (empty: none)
    Xapian::Query excluded;               ///< NOT parts (empty: none)

    /// Whether the query has partial tiers.
    bool any() const { return words.size() >= 3; }
};

/// Most optional words a query may have: longer queries stay strict (their
/// tier queries would grow with the number of word combinations).
inline constexpr std::size_t kMaxOptionalWords = 12;

/// The fewest of `n` optional words a partial match has: at least half of
/// them, at least 2, and at most 3 fewer than all.
std::size_t tier_floor(std::size_t n);

/// The articles with exactly `k` of the optional words (and every required
/// part and filter); k == words.size() gives the exact matches.
Xapian::Query tier_query(const OptionalWords& optional, std::size_t k);

/// Every partial match: at least tier_floor() of the words, not all.
Xapian::Query partial_query(const OptionalWords& optional);

/// What a partial search needs.
struct PartialSearch {
    const Xapian::Database& db;
    const OptionalWords& optional;
    const HitMaker& hits;
    const SearchRequest& request;
    Xapian::doccount check_at_least;  ///< as the exact search
};

/// The partial tiers of a search: the partial hits of the page (after the
/// `exact_on_page` exact ones; `exact_listed` exact matches in the list
/// pages walk (the folded list when folded), exactly when the page goes
/// past them) and the size of each tier.
struct PartialPage {
    std::vector<Hit> hits;
    std::vector<PartialTier> tiers;
    std::uint64_t total = 0;  ///< articles
    bool total_exact = true;
    std::uint64_t stories = 0;  ///< the length in the folded list (total when not folded)
    bool stories_exact = true;
};

PartialPage
search_partial(const PartialSearch& search, std::uint64_t exact_listed, std::size_t exact_on_page);

/// How the tiers are formed, for --explain.
std::string explain_tiers(const OptionalWords& optional);

/// The words of `optional` that each article lacks, by id.
std::vector<std::vector<std::string>> missing_words(
    const Xapian::Database& db, const OptionalWords& optional, const std::vector<std::string>& ids
);

}  // namespace newsdex::detail
