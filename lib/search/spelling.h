// SPDX-License-Identifier: MIT
// "Did you mean" (private to the library): a better spelling of a rare or
// unknown query word, among the words of the index one typo away (and
// Xapian's own suggestion, up to two), the likeliest typo first and the
// more frequent of equally likely ones.
#pragma once

#include "newsdex/analyzer.h"
#include "newsdex/searcher.h"

#include "entities/gazetteer.h"
#include "search/query_parser.h"

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::detail {

/// How far apart two words are as typos go: Damerau-Levenshtein with a
/// doubled or undoubled letter costing 0.5 (`yeuter` / `yeutter`), a wrong
/// first letter 1.5 (people rarely mistype it: `yeuter` / `reuter`) and
/// any other insertion, deletion, substitution or swap of neighbours 1.
double typo_distance(std::string_view typed, std::string_view word);

/// The most typos a correction may cost: 1.5 for a word the index lacks
/// (2 when it is 8 letters or longer), 1 for a rare word it has.
double max_typo_distance(std::string_view typed, bool in_index);

/// Articles with any form of `word` (its stem's posting list).
Xapian::doccount
articles_with(const Xapian::Database& db, const Analyzer& analyzer, const std::string& word);

/// A better spelling of `word` (lower-case ASCII letters, as typed): a
/// word of the index within max_typo_distance() of it, of another stem,
/// found in more articles than `word`; the closest, then the most
/// frequent. Nothing when there is none.
std::optional<std::string>
better_spelling(const Xapian::Database& db, const Analyzer& analyzer, const std::string& word);

/// A spelling is suggested for a query that found something when it finds
/// this many times as many articles.
inline constexpr std::uint64_t kSuggestRatio = 20;

/// What respelled_query() reads.
struct SpellingInput {
    const Xapian::Database& db;
    bool remote = false;  ///< some shard is remote (its spelling data cannot be read)
    const Analyzer& analyzer;
    const Gazetteer& gazetteer;
};

/// The query with each bare word the index lacks, or has in so few
/// articles that a spelling one typo away has kSuggestRatio times as many,
/// replaced by that spelling; nothing when no word is. Names the gazetteer
/// knows are never corrected, nor are short words (Xi, Kim, Li, Moon) or
/// words that are not plain letters. Over remote shards, a word the index
/// lacks adds a notice instead.
std::optional<std::string> respelled_query(
    const SpellingInput& in,
    std::string_view query,
    const ParsedQuery& parsed,
    SearchResponse& response
);

}  // namespace newsdex::detail
