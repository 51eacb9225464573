// SPDX-License-Identifier: MIT
// The parts the query builder makes of a syntax tree's leaves (private to
// the query builder): words, phrases, wildcards, NEAR and ADJ
// (search/query_words.cc), and fields (search/query_fields.cc). Each adds
// what it was read as to the explanation and what to highlight to the
// ParsedQuery it builds.
#pragma once

#include "newsdex/analyzer.h"

#include "entities/gazetteer.h"
#include "search/query_builder.h"
#include "search/query_parser.h"
#include "search/query_syntax.h"

#include <xapian.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::detail {

/// Every document. Not Xapian::Query::MatchAll: that is one object shared
/// by the whole process, and copying it changes its reference count, which
/// is not atomic, so two threads parsing at once would race on it.
Xapian::Query match_all();

/// What one query is built with and into.
class BuildContext {
  public:
    BuildContext(std::string_view query, const QueryIndex& index, ParsedQuery& out);

    /// The rarity of a term in the index (for snippet weights).
    double idf(const std::string& term) const;

    /// Adds a line to the explanation (`--explain`).
    void explain(std::string line) { out.explanation.push_back(std::move(line)); }

    /// Throws the error of the query at byte `offset`.
    [[noreturn]] void
    fail(std::size_t offset, const std::string& message, std::string hint = {}) const {
        fail_at(query, offset, message, std::move(hint));
    }

    std::string_view query;
    const Analyzer& analyzer;
    const Xapian::Database& db;
    const Gazetteer* gazetteer;  ///< may be null
    std::optional<Day> today;    ///< relative dates count from it; none: the clock's
    ParsedQuery& out;

  private:
    Xapian::doccount doc_count_;
};

/// A part of the query, built.
struct Built {
    Xapian::Query query;
    bool text = false;      ///< ranks (free text)
    bool stopword = false;  ///< a lone stopword (dropped when other words exist)
    bool empty = false;     ///< nothing to search for (punctuation only)
    std::size_t words = 1;  ///< bare words of the query it stands for (a name: several)
};

/// A word typed in free text (or after title:, with its `prefix`): one
/// token is searched by its stem, several joined ones (Jong-un) as a phrase.
Built build_word(
    BuildContext& c, const std::string& text, std::size_t offset, std::string_view prefix
);

/// A quoted phrase: its words next to each other in order, each in any of
/// its indexed forms (stopwords as written); one word in quotes: exactly it.
Built build_phrase(
    BuildContext& c, const std::string& text, std::string_view prefix, std::size_t offset
);

/// A trailing wildcard, expanded over the index's words.
Built build_wildcard(BuildContext& c, const Node& node);

/// NEAR and ADJ of single words.
Built build_near(BuildContext& c, const Node& node);

/// A run of bare words, each as build_word makes it, except that a name the
/// gazetteer knows is also searched by all its other names.
std::vector<Built> build_bare_words(BuildContext& c, const std::vector<const Node*>& run);

/// The unstemmed terms of bare words that score more near each other (none
/// when fewer than two), and the window they score more within.
std::vector<std::string>
proximity_terms(const Analyzer& analyzer, const std::vector<const Node*>& words);
Xapian::termcount proximity_window(std::size_t terms);

/// A field: title words, an exact id, names, years, months and dates.
Built build_field(BuildContext& c, const Node& node);

}  // namespace newsdex::detail
