// SPDX-License-Identifier: MIT
// The query language -> Xapian::Query (private to the library).
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

#include <xapian.h>

#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsdex::detail {

/// What a snippet should highlight for a query, each with a weight (idf).
struct HighlightSpec {
    std::map<std::string, double> stems;  ///< a word token whose stem is here
    std::map<std::string, double> terms;  ///< a token whose folded term is here
    std::vector<std::pair<std::vector<std::string>, double>> phrases;  ///< consecutive terms
    std::vector<std::pair<std::string, double>> prefixes;              ///< wildcard prefixes
    /// Entities filtered on: (field, folded canonical name); their mentions
    /// are highlighted whatever name the article uses.
    std::vector<std::pair<std::string, std::string>> entities;

    bool empty() const {
        return stems.empty() && terms.empty() && phrases.empty() && prefixes.empty()
               && entities.empty();
    }
};

/// A parsed query.
struct ParsedQuery {
    Xapian::Query query;
    bool has_text = false;  ///< free text that ranks (not only filters)
    HighlightSpec highlight;
    std::vector<std::string> notices;
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

    /// @throws Error kBadQuery with the column of the problem.
    ParsedQuery parse(std::string_view query) const;

    /// Deepest nesting of parentheses accepted.
    static constexpr std::size_t kMaxDepth = 64;
    /// Most words one trailing wildcard may stand for.
    static constexpr Xapian::termcount kMaxWildcardExpansion = 1000;
    /// Longest query accepted, in bytes.
    static constexpr std::size_t kMaxQueryBytes = 64 * 1024;

  private:
    const Analyzer& analyzer_;
    const Xapian::Database& db_;
    const Gazetteer* gazetteer_;
};

}  // namespace newsdex::detail
