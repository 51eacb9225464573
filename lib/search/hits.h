// SPDX-License-Identifier: MIT
// The hits of a search page (private to the library): each match's stored
// data and snippet, and with collapsing the number of its duplicates.
#pragma once

#include "newsdex/analyzer.h"
#include "newsdex/searcher.h"

#include "entities/extractor.h"
#include "search/query_parser.h"

#include <xapian.h>

#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

namespace newsdex::detail {

/// A page of matches with their scores.
using Page = std::vector<std::pair<Xapian::MSetIterator, double>>;

/// Makes the hits of a search's page.
class HitMaker {
  public:
    HitMaker(
        const Analyzer& analyzer,
        const EntityExtractor& extractor,
        const ParsedQuery& parsed,
        const SearchRequest& request
    )
        : analyzer_(analyzer), extractor_(extractor), parsed_(parsed), request_(request) {}

    /// The hit of a match: its document data, and a snippet of its body
    /// when the request asks for one.
    /// @throws Error kIo when the document's data is damaged.
    Hit make(const Xapian::MSetIterator& it, double score, std::size_t rank) const;

  private:
    const Analyzer& analyzer_;
    const EntityExtractor& extractor_;
    const ParsedQuery& parsed_;
    const SearchRequest& request_;
};

/// An article whole (Searcher::show): its stored data, and its body with
/// the matches of `highlight` marked.
/// @throws Error kIo when the document's data is damaged.
ShownArticle show_document(
    const Xapian::Document& doc,
    const Analyzer& analyzer,
    const EntityExtractor& extractor,
    const HighlightSpec& highlight,
    const Markup& markup
);

/// With collapsing, how many other matches have the same body as each hit,
/// from the number of matches by body hash.
std::vector<Xapian::doccount>
duplicates_of(const Page& page, const std::unordered_map<std::string, Xapian::doccount>& bodies);

/// The same, counted over every match of `query` that has the body of a
/// hit, in a search of its own. (Xapian's collapse counts only count the
/// matches its matcher looked at, and over remote shards they leave out the
/// copies that each server collapsed.)
std::vector<Xapian::doccount> count_duplicates(
    const Xapian::Database& db, const Xapian::Query& query, const Page& page, Xapian::valueno slot
);

/// The slot a search folds by: the body hash with SearchRequest::collapse,
/// else the group of near-identical stories with fold_similar; none without.
std::optional<Xapian::valueno> collapse_slot(const SearchRequest& request);

/// Sets the count of a folded hit's others: Hit::duplicates (collapse) or
/// Hit::similar (fold_similar).
void set_folded(Hit& hit, const SearchRequest& request, Xapian::doccount others);

/// A folded search's two counts, the articles and the folded list's
/// entries, kept in order (no more entries than articles) when one of them
/// is an estimate: Xapian estimates them apart, and an estimate that breaks
/// the order gives way to the other figure.
void order_estimates(
    std::uint64_t& articles, bool& articles_exact, std::uint64_t& entries, bool& entries_exact
);

}  // namespace newsdex::detail
