// SPDX-License-Identifier: MIT
// Pages in date order with Xapian's value sort (private to the library).
//
// A local search sorts by date with a MultiValueKeyMaker (the timestamp,
// then the article id), which the remote backend cannot run: xapian-tcpsrv
// only sorts by one value slot, and orders equal values by document id,
// which is not the same across differently sharded indexes. So over
// remote shards the matches are sorted by the timestamp slot alone, and
// the order among equal timestamps is made here: the matches are fetched
// past the page until the timestamp changes, so that every article sharing
// a timestamp with one on the page is at hand, and those are ordered by
// id. Articles without a date come last either way, by id: they are
// searched apart (a search that sorts by the id slot), after the dated
// ones. The result is the same page as the local search's, for any offset.
#pragma once

#include <xapian.h>

#include <vector>

namespace newsdex::detail {

/// A page of matches in date order.
struct DatePage {
    /// The page's matches, in order (each from the MSet it was found in).
    std::vector<Xapian::MSetIterator> hits;
    /// The number of matches: bounds and estimate, as an MSet gives them.
    Xapian::doccount lower = 0;
    Xapian::doccount estimated = 0;
    Xapian::doccount upper = 0;
};

/// The matches `first` to `first + wanted` of `query` ordered by date
/// (oldest first, or newest first with `newest_first`), equal dates by
/// article id, undated articles last by id: the order of a local search's
/// key maker, made with Xapian's value sort only (so remote shards can run
/// it). `enquire` is set up (weighting) but for its query and sort, which
/// this sets; `check_at_least` is as for Enquire::get_mset.
DatePage date_page(
    Xapian::Enquire& enquire,
    const Xapian::Database& db,
    const Xapian::Query& query,
    bool newest_first,
    Xapian::doccount first,
    Xapian::doccount wanted,
    Xapian::doccount check_at_least
);

}  // namespace newsdex::detail
