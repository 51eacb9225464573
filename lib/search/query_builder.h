// SPDX-License-Identifier: MIT
// The query builder (private to the library): a syntax tree into the
// Xapian query it stands for, with the explanation of how each part was
// read (`--explain`), what to highlight and the proximity bonus. Prefixes,
// value slots and how filters combine all come from the schema table.
#pragma once

#include "newsdex/analyzer.h"

#include "entities/gazetteer.h"
#include "schema/encoding.h"
#include "search/query_parser.h"
#include "search/query_syntax.h"

#include <xapian.h>

#include <optional>
#include <string_view>

namespace newsdex::detail {

/// What queries are built against.
struct QueryIndex {
    const Analyzer& analyzer;
    /// Wildcard expansion, term statistics, resolving names, the years a
    /// date range covers.
    const Xapian::Database& db;
    const Gazetteer* gazetteer = nullptr;  ///< resolves names; may be null
    /// The day relative dates count from (`date:today`); none: the clock's.
    std::optional<Day> today = std::nullopt;
};

/// Builds the query of the syntax tree `root` of `query`.
/// @throws Error kBadQuery with the column of the problem (an empty phrase,
///         a wildcard that matches too much, a date that does not exist, a
///         query with no words to search for...).
ParsedQuery build_query(std::string_view query, const Node& root, const QueryIndex& index);

}  // namespace newsdex::detail
