// SPDX-License-Identifier: MIT
// The proximity bonus, applied by re-ranking the best matches (private to
// the library).
//
// An article whose query words stand within a few positions of each other
// scores (1 + QueryParser::kProximityWeight) times its score for the query.
// Because the bonus multiplies a score that is never negative, an article
// outside Xapian's best N (by the score without the bonus) can reach at
// most (1 + weight) times the N-th score: once the page's last article,
// re-ranked, scores more than that, no other article can take its place.
// Otherwise four times as many are ranked, until the bound holds or every
// match has been seen. The result is the same as weighing every match,
// at the cost of checking the positions of a few hundred articles instead
// of every candidate's (Xapian's AND_MAYBE with NEAR).
#pragma once

#include "search/query_parser.h"

#include <xapian.h>

#include <string>
#include <vector>

namespace newsdex::detail {

/// Whether one position from each list lies within a window of `window`
/// positions (last - first < window). Each list sorted ascending; false
/// when a list is empty.
bool within_window(
    const std::vector<std::vector<Xapian::termpos>>& positions, Xapian::termcount window
);

/// Whether document `did` has every term of `proximity` within its window.
bool has_terms_near(const Xapian::Database& db, Xapian::docid did, const Proximity& proximity);

/// One of the best matches, with the bonus.
struct RankedMatch {
    Xapian::doccount index = 0;  ///< its place in ProximityRanking::mset
    double score = 0;            ///< its score with the bonus
};

struct ProximityRanking {
    /// The best matches by the score without the bonus, from the first on;
    /// its totals are those of the query.
    Xapian::MSet mset;
    /// The first `end` of them (or all, when fewer) with the bonus, best
    /// first; equal scores by sort key (the article id), then document id.
    std::vector<RankedMatch> ranked;
    /// How many matches were ranked by Xapian in the last round.
    Xapian::doccount window = 0;
};

/// The best `end` matches of `enquire`'s query with the proximity bonus
/// (exactly those that weighing every match would give). `enquire` must
/// sort by relevance (then by a value); match spies attached to it see
/// the first round only (they are cleared after it), whose check_at_least
/// is `check_at_least` or more.
ProximityRanking rank_with_proximity(
    Xapian::Enquire& enquire,
    const Xapian::Database& db,
    const Proximity& proximity,
    double weight,
    Xapian::doccount end,
    Xapian::doccount check_at_least,
    Xapian::doccount first_window = 100
);

}  // namespace newsdex::detail
