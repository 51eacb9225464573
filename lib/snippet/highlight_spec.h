// SPDX-License-Identifier: MIT
// What a snippet highlights for a query (private to the library). The query
// parser fills it (search/query_parser.h); the snippet part reads it, and
// needs nothing else of the search part.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace newsdex::detail {

/// The words of a phrase in order, each as the forms it may take.
using PhraseWords = std::vector<std::vector<std::string>>;

/// What a snippet should highlight for a query, each with a weight: the
/// rarity (idf) of a typed word, or a negative weight for the other names a
/// typed name was expanded to, which count less than the words typed.
struct HighlightSpec {
    std::map<std::string, double> stems;                   ///< a word token whose stem is here
    std::map<std::string, double> terms;                   ///< a token whose folded term is here
    std::vector<std::pair<PhraseWords, double>> phrases;   ///< consecutive terms
    std::vector<std::pair<std::string, double>> prefixes;  ///< wildcard prefixes
    /// Entities filtered on: (field, folded canonical name); their mentions
    /// are highlighted whatever name the article uses.
    std::vector<std::pair<std::string, std::string>> entities;

    bool empty() const {
        return stems.empty() && terms.empty() && phrases.empty() && prefixes.empty()
               && entities.empty();
    }
};

}  // namespace newsdex::detail
