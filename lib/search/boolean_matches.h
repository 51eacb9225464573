// SPDX-License-Identifier: MIT
// The matches of a query made of terms and set operators, read straight
// from the posting lists (private to the library).
//
// Counting facets needs every match's document id, not its weight: for a
// query of terms combined by AND, OR, AND_NOT and their kin, leapfrogging
// over the posting lists finds the same documents as Xapian's matcher at a
// fraction of the cost (no weights, no Document per match). Queries with
// anything else (phrases, NEAR, value ranges, wildcards, posting sources)
// are left to Xapian.
#pragma once

#include <xapian.h>

#include <memory>

namespace newsdex::detail {

/// The matches of one query in one database, in increasing document id order.
class BooleanMatches {
  public:
    virtual ~BooleanMatches() = default;
    /// The next match (the first, at the first call); 0 when there are no more.
    virtual Xapian::docid next() = 0;
    /// The first match at or after `did` (never before the current one); 0
    /// when there is none.
    virtual Xapian::docid skip_to(Xapian::docid did) = 0;
};

/// Null when the query holds something other than terms, MatchAll,
/// MatchNothing and AND, OR, SYNONYM, AND_NOT, FILTER, AND_MAYBE (its left
/// side) and SCALE_WEIGHT.
std::unique_ptr<BooleanMatches>
boolean_matches(const Xapian::Database& db, const Xapian::Query& query);

}  // namespace newsdex::detail
