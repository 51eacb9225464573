// SPDX-License-Identifier: MIT
// Facet planning (private to the library): for one search request, what to
// count (which facet fields; the body hashes of collapsed matches), where
// (on the ranked search, shard by shard, or in a search of their own) and
// how (every match, or a sample). The plan depends on the request and on
// the index alone, never on earlier searches, so the same request always
// gets the same answer.
#pragma once

#include "newsdex/schema.h"
#include "newsdex/searcher.h"

#include "schema/encoding.h"

#include <xapian.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace newsdex::detail {

/// Matches the ranked search checks beyond the page asked for, so that
/// totals up to this size are exact (Xapian counts exactly while it checks
/// at least that many).
inline constexpr Xapian::doccount kCheckAtLeast = 500;

/// Folded, Xapian's counts before folding are bounds, and loose ones for a
/// phrase (the bound of its words' AND): when the bound is at most this,
/// both totals are counted exactly, by reading the folding slot of each
/// match (a few milliseconds).
inline constexpr Xapian::doccount kCountFoldedUpTo = 4000;

/// The facet fields `names` asks for (`all`: every facet field but the
/// date's, `day`, which the histogram shows better), each once.
/// @throws Error kInvalidArgument naming an unknown facet.
/// `dynamic`: the index's dynamic fields, facets too (may be null).
std::vector<const schema::Field*>
requested_facets(const std::vector<std::string>& names, const DynamicSchema* dynamic = nullptr);

/// Where facets are counted.
enum class FacetCounting : unsigned char {
    kNone,     ///< no facets asked for
    kByShard,  ///< exactly, apart from the ranked search, shard by shard (count_facets_by_shard)
    kBySpies,  ///< by match spies on the ranked search (FacetSpy)
    kByValueCounts,  ///< in a search of their own, by Xapian's ValueCountMatchSpy (count_values):
                     ///< over remote shards, and with collapsing
};

/// What the plan depends on besides the request.
struct FacetSetting {
    bool remote = false;        ///< some shard is remote (xapian-tcpsrv)
    bool local_shards = false;  ///< there are local shards to count one by one
    /// True when every shard's facet columns file (the one newsdex-index
    /// writes; not columns a Searcher built in memory) holds the columns of
    /// these fields for the shard's current revision. Asked only when a
    /// sample is requested. None: no file.
    std::function<bool(const std::vector<const schema::Field*>&)> columns_on_file;
    /// The index's dynamic fields (`--facets topics`); may be null.
    const DynamicSchema* dynamic = nullptr;
    /// Facets count the partial matches too (SearchRequest::facets_over on
    /// a search with partial tiers): a query of their own, never the ranked
    /// search's, so never by spies.
    bool over_all = false;
};

/// How one search counts its matches and facets.
struct FacetPlan {
    /// The facets, in the order asked, then the date field when only the
    /// histogram asked for it.
    std::vector<const schema::Field*> fields;
    /// The first `facets` of `fields` are reported as facets.
    std::size_t facets = 0;
    /// With a histogram: the date field's index in `fields` (its counts by
    /// day are the histogram's).
    std::optional<std::size_t> histogram;
    FacetCounting counting = FacetCounting::kNone;
    /// Counted on a sample of about SearchRequest::facet_sample matches and
    /// scaled to the total. A sample is only asked for to save time: with
    /// facet columns on file the facets are counted exactly instead.
    bool sampled = false;
    /// The facets count the exact and the partial matches (a query of their
    /// own: FacetSetting::over_all).
    bool over_all = false;
    /// With collapsing, when the total must be exact: the body hashes of
    /// every match are counted too (each body counts once).
    bool collapsed_total = false;
    /// The ranked search checks every match (its total is then exact), and
    /// so do the partial tiers.
    bool check_all = false;
    /// Otherwise, the matches it checks at least.
    Xapian::doccount check_at_least = 0;
};

/// Plans the counting of `request`.
/// @throws Error kInvalidArgument naming an unknown facet.
FacetPlan plan_facets(const SearchRequest& request, const FacetSetting& setting);

/// The plan as one line, for tests and debugging: `by-shard exact`,
/// `by-spies sample check>=10000`.
std::string describe(const FacetPlan& plan);

}  // namespace newsdex::detail
