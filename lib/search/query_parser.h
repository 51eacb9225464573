// SPDX-License-Identifier: MIT
// The query language -> Xapian::Query (private to the library).
//
// The parser works in steps, each a unit of its own: the syntax
// (search/query_lexer.h, search/query_syntax.h: the syntax tree, errors
// with columns), names (entities/names.h: resolution against the
// gazetteer and the index), dates (search/periods.h) and the builder of the
// Xapian query and its explanation (search/query_builder.h).
//
// newsdex parses queries itself rather than with Xapian::QueryParser so that
// query words go through the very same Analyzer as article words (NFKC, case,
// accent and apostrophe folding, CJK n-grams), and so that every syntax
// error can name its column. Xapian still does the matching: the parser
// builds Xapian::Query trees (OP_PHRASE, OP_NEAR, OP_WILDCARD, value ranges,
// OP_FILTER) from the schema table.
#pragma once

#include "newsdex/analyzer.h"

#include "entities/gazetteer.h"
#include "schema/encoding.h"
#include "search/query_syntax.h"
#include "search/tiers.h"
#include "snippet/highlight_spec.h"

#include <xapian.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsdex::detail {

/// A bare word of the query, as typed (for spelling suggestions).
struct QueryWord {
    std::size_t offset = 0;  ///< byte offset in the query
    std::string text;
};

/// Bare words at the query's top level that score more near each other:
/// an article with every term within `window` positions (any order) scores
/// (1 + QueryParser::kProximityWeight) times its score for `query`. The
/// searcher re-ranks the best matches (see rank_with_proximity).
struct Proximity {
    std::vector<std::string> terms;  ///< unstemmed terms (they carry positions); none or 2+
    Xapian::termcount window = 0;
};

/// A parsed query.
struct ParsedQuery {
    Xapian::Query query;
    Proximity proximity;
    bool has_text = false;  ///< free text that ranks (not only filters)
    HighlightSpec highlight;
    std::vector<std::string> notices;
    std::vector<QueryWord> words;          ///< bare free-text words
    std::vector<std::string> explanation;  ///< how each part was understood
    /// The top level's bare words that a partial match may lack, and the
    /// rest of the query around them (search/tiers.h).
    OptionalWords optional;
};

/// Parses the query language (docs/query-syntax.md). Prefixes, value slots
/// and how filters combine all come from the schema table.
class QueryParser {
  public:
    /// @param db used for wildcard expansion limits, term statistics and
    ///           resolving names; must outlive the parser.
    /// @param gazetteer resolves entity names (leader:Xi); may be null.
    QueryParser(
        const Analyzer& analyzer, const Xapian::Database& db, const Gazetteer* gazetteer = nullptr
    );

    /// Relative dates (`date:today`, `date:-7d..`) count from `today`
    /// instead of the clock's local date.
    QueryParser& with_today(std::optional<Day> today) {
        today_ = today;
        return *this;
    }

    /// @throws Error kBadQuery with the column of the problem.
    ParsedQuery parse(std::string_view query) const;

    /// Deepest nesting of parentheses accepted.
    static constexpr std::size_t kMaxDepth = kMaxQueryDepth;
    /// Most words one trailing wildcard may stand for.
    static constexpr Xapian::termcount kMaxWildcardExpansion = 1000;
    /// Proximity bonus: bare words within this many extra positions of each
    /// other score more, by this fraction of their weight (tuned on the
    /// judged queries of bench/relevance/).
    static constexpr Xapian::termcount kProximitySlack = 4;
    static constexpr double kProximityWeight = 0.5;
    /// BM25's b, the weight of an article's length: 0.3 instead of Xapian's
    /// 0.5, so that a long story about a subject is not ranked below a short
    /// one that names it in passing (tuned on the tuning half of the
    /// Reuters-21578 queries of bench/relevance.sh: nDCG@10 0.636 at 0.5,
    /// 0.669 at 0.3; k1 from 0.6 to 2 changed nothing there, so it stays
    /// Xapian's 1; bench/RESULTS.md).
    static constexpr double kBm25B = 0.3;

    /// The weighting the searcher ranks with: BM25, Xapian's parameters but
    /// for b.
    static Xapian::BM25Weight weighting() { return Xapian::BM25Weight(1, 0, 1, kBm25B, 0.5); }

  private:
    const Analyzer& analyzer_;
    const Xapian::Database& db_;
    const Gazetteer* gazetteer_;
    std::optional<Day> today_;
};

}  // namespace newsdex::detail
