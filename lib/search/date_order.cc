// SPDX-License-Identifier: MIT
#include "search/date_order.h"

#include "newsdex/schema.h"

#include <algorithm>
#include <string>
#include <tuple>

namespace newsdex::detail {

namespace {

// Matches fetched beyond the page at first, to see whether the last
// timestamp of the page goes on (doubled while it does).
constexpr Xapian::doccount kTieMargin = 16;

// The first `end` matches of `enquire` in its sort order and, after them,
// every match whose sort key equals the last one's (or every match, when
// there are no more).
Xapian::MSet through_ties(Xapian::Enquire& enquire, Xapian::doccount end, Xapian::doccount check) {
    Xapian::doccount margin = kTieMargin;
    for (;;) {
        const Xapian::doccount fetch = end + margin;
        Xapian::MSet mset = enquire.get_mset(0, fetch, std::max(fetch, check));
        if (mset.size() < fetch || end == 0
            || mset[end - 1].get_sort_key() != mset[fetch - 1].get_sort_key()) {
            return mset;
        }
        margin *= 2;
    }
}

// Appends the matches `first` to `end` of `mset` (sorted by a key alone,
// every match sharing a key with one of them included) to `out`, equal
// keys ordered by article id.
void page_by_id(
    const Xapian::MSet& mset,
    Xapian::doccount first,
    Xapian::doccount end,
    std::vector<Xapian::MSetIterator>& out
) {
    const Xapian::doccount size = mset.size();
    end = std::min(end, size);
    if (first >= end) {
        return;
    }
    // The runs of equal keys that the page touches.
    Xapian::doccount from = first;
    const std::string first_key = mset[first].get_sort_key();
    while (from > 0 && mset[from - 1].get_sort_key() == first_key) {
        --from;
    }
    Xapian::doccount to = end;
    const std::string last_key = mset[end - 1].get_sort_key();
    while (to < size && mset[to].get_sort_key() == last_key) {
        ++to;
    }
    const Xapian::valueno id_slot = schema::slot_number(schema::Slot::kId);
    // (run of equal keys, id, place in the MSet)
    std::vector<std::tuple<Xapian::doccount, std::string, Xapian::doccount>> order;
    Xapian::doccount run = 0;
    std::string key;
    for (Xapian::doccount i = from; i < to; ++i) {
        const Xapian::MSetIterator it = mset[i];
        std::string this_key = it.get_sort_key();
        if (i != from && this_key != key) {
            ++run;
        }
        key = std::move(this_key);
        order.emplace_back(run, it.get_document().get_value(id_slot), i);
    }
    std::sort(order.begin(), order.end());
    for (Xapian::doccount i = first - from; i < end - from; ++i) {
        out.push_back(mset[std::get<2>(order[i])]);
    }
}

}  // namespace

DatePage date_page(
    Xapian::Enquire& enquire,
    const Xapian::Database& db,
    const Xapian::Query& query,
    bool newest_first,
    Xapian::doccount first,
    Xapian::doccount wanted,
    Xapian::doccount check_at_least
) {
    const Xapian::valueno timestamp = schema::slot_number(schema::Slot::kTimestamp);
    const Xapian::doccount end = first + wanted;
    DatePage page;
    // Xapian's value sort puts an empty value first in ascending order: the
    // undated articles (if the index has any) are searched apart.
    const bool undated = db.get_value_freq(timestamp) < db.get_doccount();
    // Every timestamp is one byte or more (sortable_serialise), so at
    // least "\0".
    const Xapian::Query has_date(Xapian::Query::OP_VALUE_GE, timestamp, std::string(1, '\0'));
    enquire.set_query(undated ? Xapian::Query(Xapian::Query::OP_FILTER, query, has_date) : query);
    enquire.set_sort_by_value(timestamp, newest_first);
    const Xapian::MSet dated = through_ties(enquire, end, check_at_least);
    page_by_id(dated, first, end, page.hits);
    page.lower = dated.get_matches_lower_bound();
    page.estimated = dated.get_matches_estimated();
    page.upper = dated.get_matches_upper_bound();
    if (!undated) {
        return page;
    }
    // Fewer dated matches than the page's end: `dated` holds them all, and
    // the undated ones follow, by id (which is unique: Xapian's order is
    // the whole order).
    const Xapian::doccount d = dated.size();
    const Xapian::doccount from = d < end ? std::max(first, d) - d : 0;
    const Xapian::doccount count = d < end ? end - std::max(first, d) : 0;
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, query, has_date));
    enquire.set_sort_by_value(schema::slot_number(schema::Slot::kId), false);
    const Xapian::MSet rest = enquire.get_mset(from, count, check_at_least);
    for (Xapian::MSetIterator it = rest.begin(); it != rest.end(); ++it) {
        page.hits.push_back(it);
    }
    page.lower += rest.get_matches_lower_bound();
    page.estimated += rest.get_matches_estimated();
    page.upper += rest.get_matches_upper_bound();
    return page;
}

}  // namespace newsdex::detail
