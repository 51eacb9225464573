// SPDX-License-Identifier: MIT
// "Did you mean" (private to the library): a better spelling of a rare or
// unknown query word, among the words of the index one typo away (and
// Xapian's own suggestion, up to two), the likeliest typo first and the
// more frequent of equally likely ones.
#pragma once

#include "newsdex/analyzer.h"

#include <xapian.h>

#include <optional>
#include <string>
#include <string_view>

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

}  // namespace newsdex::detail
