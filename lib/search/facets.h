// SPDX-License-Identifier: MIT
// Exact facet counts over all matches (private to the library).
#pragma once

#include "newsdex/schema.h"
#include "newsdex/searcher.h"

#include "index/facet_columns.h"

#include <xapian.h>

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace newsdex::detail {

/// Counts the values of one facet field over the documents the ranked search
/// sees (all its matches, or a sample), each value once per document however
/// often it is mentioned. Reads the field's value slot; a multi-valued slot
/// holds one value per line.
class FacetSpy : public Xapian::MatchSpy {
  public:
    explicit FacetSpy(const schema::Field& field);

    void operator()(const Xapian::Document& doc, double weight) override;
    Xapian::MatchSpy* clone() const override;
    std::string name() const override;

    /// The counts, by count and then by value, at most `limit` of them,
    /// each multiplied by `scale` (rounded; at least 1).
    Facet result(std::size_t limit, double scale = 1.0) const;

    /// The counts by whole value list.
    const std::unordered_map<std::string, Xapian::doccount>& lists() const { return lists_; }

    /// How many documents it has seen.
    Xapian::doccount seen() const { return seen_; }

    /// Sorts counts into a Facet (by count, then value; at most `limit`).
    static Facet make_facet(
        const schema::Field& field,
        const std::unordered_map<std::string, Xapian::doccount>& counts,
        std::size_t limit,
        double scale = 1.0
    );

  private:
    const schema::Field& field_;
    Xapian::valueno slot_;
    std::unordered_map<std::string, Xapian::doccount> lists_;  ///< whole value lists
    Xapian::doccount seen_ = 0;
};

/// Exact facet counts over every match of `query`, shard by shard: each
/// shard's matches are enumerated in document order without ranking
/// (BoolWeight), and each match's value lists are read from the facet
/// columns in `columns` (the shard's file in `dirs`, else built when
/// `build_columns`), or else from the shard's value streams moving
/// forwards with the matches (Document::get_value looks up and copies a
/// whole value chunk for every call). Shards are counted at once with
/// `parallel`. Returns the number of matches.
Xapian::doccount count_facets_by_shard(
    const std::vector<Xapian::Database>& shards,
    const std::vector<std::string>& dirs,
    const Xapian::Query& query,
    const std::vector<const schema::Field*>& fields,
    bool parallel,
    std::vector<std::unordered_map<std::string, Xapian::doccount>>& lists,
    FacetColumns* columns = nullptr,
    bool build_columns = false
);

/// A Facet of counted value lists (each list split into its values).
Facet facet_from_lists(
    const schema::Field& field,
    const std::unordered_map<std::string, Xapian::doccount>& lists,
    std::size_t limit,
    double scale = 1.0
);

/// Counts of the values in some slots over the matches of a query.
struct ValueCounts {
    /// For each slot, the number of matches by value (by whole value
    /// list, for a multi-valued slot).
    std::vector<std::unordered_map<std::string, Xapian::doccount>> lists;
    Xapian::doccount seen = 0;     ///< matches the counts were made over
    Xapian::doccount matches = 0;  ///< all matches (exact when `exact`)
    bool exact = false;            ///< `seen` was every match
};

/// Counts `slots` over the matches of `query` with Xapian's own
/// ValueCountMatchSpy, in an unranked search of its own that checks at
/// least `check_at_least` matches (every match when that is the number of
/// documents). Remote shards can count this way: xapian-tcpsrv runs the
/// spies on its shard and sends their counts back, which are added up.
/// (Spies added to the ranked search would not do over remote shards:
/// when a search sorts by anything but relevance alone, Xapian 1.4's
/// matcher also hands the spies, on the client, those matches of remote
/// shards that rank below the page, which their servers counted already.)
ValueCounts count_values(
    const Xapian::Database& db,
    const Xapian::Query& query,
    const std::vector<Xapian::valueno>& slots,
    Xapian::doccount check_at_least
);

}  // namespace newsdex::detail
