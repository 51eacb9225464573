// SPDX-License-Identifier: MIT
#include "search/tiers.h"

#include "newsdex/schema.h"

#include "schema/encoding.h"
#include "schema/schema_util.h"
#include "search/hits.h"
#include "search/query_parser.h"

#include <algorithm>
#include <unordered_map>

namespace newsdex::detail {

namespace {

// The articles with at least `k` of the words: an OR of the ANDs of every
// k of them (Xapian has no "k of n" operator; Lucene's
// minimum_should_match is the same set). An article with exactly k words
// matches one of the ANDs, so its weight is the sum of its words' weights.
Xapian::Query at_least(const std::vector<Xapian::Query>& words, std::size_t k) {
    const std::size_t n = words.size();
    if (k >= n) {
        return Xapian::Query(Xapian::Query::OP_AND, words.begin(), words.end());
    }
    std::vector<Xapian::Query> combinations;
    std::vector<bool> chosen(n, false);
    std::fill(chosen.begin(), chosen.begin() + static_cast<std::ptrdiff_t>(k), true);
    do {
        std::vector<Xapian::Query> some;
        for (std::size_t i = 0; i < n; ++i) {
            if (chosen[i]) {
                some.push_back(words[i]);
            }
        }
        combinations.emplace_back(Xapian::Query::OP_AND, some.begin(), some.end());
    } while (std::prev_permutation(chosen.begin(), chosen.end()));
    return Xapian::Query(Xapian::Query::OP_OR, combinations.begin(), combinations.end());
}

// The required parts, filters and exclusions around a choice of words.
Xapian::Query around(const OptionalWords& optional, const Xapian::Query& words) {
    Xapian::Query q = words;
    if (!optional.required.empty()) {
        std::vector<Xapian::Query> all = optional.required;
        all.push_back(words);
        q = Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
    }
    if (!optional.filter.empty()) {
        q = Xapian::Query(Xapian::Query::OP_FILTER, q, optional.filter);
    }
    if (!optional.excluded.empty()) {
        q = Xapian::Query(Xapian::Query::OP_AND_NOT, q, optional.excluded);
    }
    return q;
}

}  // namespace

std::size_t tier_floor(std::size_t n) {
    const std::size_t half = (n + 1) / 2;
    const std::size_t three_fewer = n > 3 ? n - 3 : 0;
    return std::max({std::size_t{2}, half, three_fewer});
}

Xapian::Query tier_query(const OptionalWords& optional, std::size_t k) {
    const std::size_t n = optional.words.size();
    if (k >= n) {
        return around(optional, at_least(optional.words, n));
    }
    return around(
        optional,
        Xapian::Query(
            Xapian::Query::OP_AND_NOT, at_least(optional.words, k), at_least(optional.words, k + 1)
        )
    );
}

Xapian::Query partial_query(const OptionalWords& optional) {
    const std::size_t n = optional.words.size();
    return around(
        optional,
        Xapian::Query(
            Xapian::Query::OP_AND_NOT,
            at_least(optional.words, tier_floor(n)),
            at_least(optional.words, n)
        )
    );
}

namespace {

// The search of one tier: weighed as the exact matches are (QueryParser's
// BM25 parameters), equal scores by id as in the exact search (so that
// pages are stable), folded as it is.
Xapian::Enquire tier_enquire(
    const Xapian::Database& db,
    const Xapian::Query& query,
    const std::optional<Xapian::valueno>& folding
) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(QueryParser::weighting());
    enquire.set_sort_by_relevance_then_value(schema::slot_number(schema::Slot::kId), false);
    if (folding) {
        enquire.set_collapse_key(*folding);
    }
    return enquire;
}

// Folded, Xapian's bounds stay apart even when it saw every match (a group
// may have more copies): few matches are counted, each group once. The
// tier's own search (its weights decide who is in it), up to as many folded
// matches as the exact search checks: fewer than that are all of them. (An
// OR of ANDs has loose bounds, so Xapian's upper bound cannot tell.)
void count_few_stories(
    PartialTier& tier, Xapian::Enquire& enquire, Xapian::doccount check_at_least
) {
    const Xapian::MSet whole = enquire.get_mset(0, check_at_least, check_at_least);
    if (whole.size() < check_at_least) {
        tier.stories = whole.size();
        tier.stories_exact = true;
    }
}

// Xapian's counts before folding are loose for an OR of ANDs: the tier's
// articles are counted as an unfolded search counts them (as far as it
// checks: exact below that, as unfolded).
void count_unfolded(PartialTier& tier, const PartialSearch& search, const Xapian::Query& query) {
    Xapian::Enquire unfolded(search.db);
    unfolded.set_query(query);
    unfolded.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet counted = unfolded.get_mset(0, 0, search.check_at_least);
    tier.exact = counted.get_matches_lower_bound() == counted.get_matches_upper_bound();
    tier.count = tier.exact ? counted.get_matches_lower_bound() : counted.get_matches_estimated();
}

// The size of a tier whose page is `mset`: its articles and, folded, its
// stories.
PartialTier count_tier(
    const PartialSearch& search,
    Xapian::Enquire& enquire,
    const Xapian::Query& query,
    const Xapian::MSet& mset,
    bool folded
) {
    PartialTier tier;
    tier.exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    tier.count = tier.exact ? mset.get_matches_lower_bound() : mset.get_matches_estimated();
    if (!folded) {
        return tier;
    }
    // Those are the folded list's; Xapian counts the articles before folding
    // too (as an unfolded search would, at no more cost).
    tier.stories = tier.count;
    tier.stories_exact = tier.exact;
    tier.exact =
        mset.get_uncollapsed_matches_lower_bound() == mset.get_uncollapsed_matches_upper_bound();
    tier.count = tier.exact ? mset.get_uncollapsed_matches_lower_bound()
                            : mset.get_uncollapsed_matches_estimated();
    if (!tier.stories_exact) {
        count_few_stories(tier, enquire, search.check_at_least);
    }
    if (!tier.exact) {
        count_unfolded(tier, search, query);
    }
    order_estimates(tier.count, tier.exact, tier.stories, tier.stories_exact);
    return tier;
}

// Adds a tier to the page's tiers and totals.
void add_tier(PartialPage& out, const PartialTier& tier, bool folded) {
    out.tiers.push_back(tier);
    out.total += tier.count;
    out.total_exact = out.total_exact && tier.exact;
    out.stories += folded ? tier.stories : tier.count;
    out.stories_exact = out.stories_exact && (folded ? tier.stories_exact : tier.exact);
}

// Adds the hits of a tier's page `mset`, ranked after `rank`.
void add_hits(
    PartialPage& out,
    const PartialSearch& search,
    const Xapian::Query& query,
    const Xapian::MSet& mset,
    const std::optional<Xapian::valueno>& folding,
    std::size_t& rank
) {
    Page page;
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        page.emplace_back(it, it.get_weight());
    }
    const std::vector<Xapian::doccount> duplicates =
        folding ? count_duplicates(search.db, query, page, *folding)
                : std::vector<Xapian::doccount>(page.size(), 0);
    for (std::size_t i = 0; i < page.size(); ++i) {
        out.hits.push_back(search.hits.make(page[i].first, page[i].second, ++rank));
        set_folded(out.hits.back(), search.request, duplicates[i]);
    }
}

// The words each hit of the page lacks.
void set_missing(PartialPage& out, const PartialSearch& search) {
    std::vector<std::string> ids;
    for (const Hit& hit : out.hits) {
        ids.push_back(hit.id);
    }
    std::vector<std::vector<std::string>> missing = missing_words(search.db, search.optional, ids);
    for (std::size_t i = 0; i < out.hits.size(); ++i) {
        out.hits[i].missing = std::move(missing[i]);
    }
}

}  // namespace

PartialPage
search_partial(const PartialSearch& search, std::uint64_t exact_listed, std::size_t exact_on_page) {
    PartialPage out;
    const SearchRequest& request = search.request;
    const std::size_t n = search.optional.words.size();
    const std::optional<Xapian::valueno> folding = collapse_slot(request);
    // Matches of the tiers above still to skip, and hits still wanted.
    std::uint64_t skip = request.offset > exact_listed ? request.offset - exact_listed : 0;
    Xapian::doccount wanted =
        request.count_only
            ? 0
            : static_cast<Xapian::doccount>(request.limit - std::min(request.limit, exact_on_page));
    std::size_t rank = request.offset + exact_on_page;
    for (std::size_t k = n - 1; k >= tier_floor(n); --k) {
        const Xapian::Query query = tier_query(search.optional, k);
        Xapian::Enquire enquire = tier_enquire(search.db, query, folding);
        // A tier is checked as far as the exact search is (its count is
        // then exact when it has no more matches than that, and a better
        // estimate otherwise, also below the page), never counted whole:
        // that would cost more than the search (an OR of ANDs over common
        // words).
        const Xapian::MSet mset = enquire.get_mset(
            static_cast<Xapian::doccount>(wanted > 0 ? skip : 0), wanted, search.check_at_least
        );
        PartialTier tier = count_tier(search, enquire, query, mset, folding.has_value());
        tier.matched = k;
        tier.of = n;
        add_tier(out, tier, folding.has_value());
        add_hits(out, search, query, mset, folding, rank);
        // A tier the page did not reach to the end was searched to its end
        // (fewer hits than wanted), so its count is exact. Pages walk the
        // folded list.
        const std::uint64_t listed = folding ? tier.stories : tier.count;
        skip = skip > listed ? skip - listed : 0;
        wanted -= static_cast<Xapian::doccount>(mset.size());
    }
    set_missing(out, search);
    return out;
}

std::vector<std::vector<std::string>> missing_words(
    const Xapian::Database& db, const OptionalWords& optional, const std::vector<std::string>& ids
) {
    std::vector<std::vector<std::string>> out(ids.size());
    if (ids.empty()) {
        return out;
    }
    std::vector<Xapian::Query> id_terms;
    std::unordered_map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        id_terms.emplace_back(make_term(schema::field("id"), ids[i]));
        index.emplace(ids[i], i);
    }
    const Xapian::Query these(Xapian::Query::OP_OR, id_terms.begin(), id_terms.end());
    const Xapian::valueno id_slot = schema::slot_number(schema::Slot::kId);
    for (std::size_t w = 0; w < optional.words.size(); ++w) {
        Xapian::Enquire enquire(db);
        enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, optional.words[w], these));
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        const Xapian::MSet mset = enquire.get_mset(0, static_cast<Xapian::doccount>(ids.size()));
        std::vector<bool> has(ids.size(), false);
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
            const auto found = index.find(it.get_document().get_value(id_slot));
            if (found != index.end()) {
                has[found->second] = true;
            }
        }
        for (std::size_t i = 0; i < ids.size(); ++i) {
            if (!has[i]) {
                out[i].push_back(optional.labels[w]);
            }
        }
    }
    return out;
}

std::string explain_tiers(const OptionalWords& optional) {
    const std::size_t n = optional.words.size();
    std::string words;
    for (const std::string& label : optional.labels) {
        words += (words.empty() ? "" : ", ") + label;
    }
    const std::size_t floor = tier_floor(n);
    std::string fewer = std::to_string(n - 1);
    if (floor < n - 1) {
        fewer += " down to " + std::to_string(floor);
    }
    return "partial matches: after the articles with all " + std::to_string(n) + " words (" + words
           + "), those with " + fewer
           + " of them, tier by tier, each a search of its own ranked by BM25 (--strict: "
             "exact matches only)";
}

}  // namespace newsdex::detail
