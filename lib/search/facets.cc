// SPDX-License-Identifier: MIT
#include "search/facets.h"

#include "schema/encoding.h"
#include "search/boolean_matches.h"
#include "search/histogram.h"
#include "util/at_once.h"

#include <algorithm>
#include <cmath>

namespace newsdex::detail {

FacetSpy::FacetSpy(const schema::Field& field)
    : field_(field), slot_(schema::slot_number(field.slot)) {}

namespace {

// Adds `count` to each value of a newline-separated list. Values of one
// document are distinct (the indexer dedupes them), so the sums are exact.
void add_list(
    std::unordered_map<std::string, Xapian::doccount>& counts,
    std::string_view list,
    Xapian::doccount count
) {
    while (!list.empty()) {
        const std::size_t nl = list.find('\n');
        counts[std::string(list.substr(0, nl))] += count;
        if (nl == std::string_view::npos) {
            break;
        }
        list.remove_prefix(nl + 1);
    }
}

}  // namespace

// Called for every match, so it does the least it can: it counts each whole
// list once (a few distinct lists cover most documents), and the lists are
// split into values once, in result(). (It serves samples and collapsed
// searches, which the ranked search counts; exact facets over local shards
// are counted shard by shard, from value streams: count_facets_by_shard.)
void FacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
    ++seen_;
    std::string value = doc.get_value(slot_);
    if (value.empty()) {
        return;
    }
    if (const auto it = lists_.find(value); it != lists_.end()) {
        ++it->second;
    } else {
        lists_.emplace(std::move(value), 1);
    }
}

Xapian::MatchSpy* FacetSpy::clone() const {
    return new FacetSpy(field_);
}

std::string FacetSpy::name() const {
    return "newsdex::FacetSpy";
}

Facet FacetSpy::result(std::size_t limit, double scale) const {
    return facet_from_lists(field_, lists_, limit, scale);
}

Facet facet_from_lists(
    const schema::Field& field,
    const std::unordered_map<std::string, Xapian::doccount>& lists,
    std::size_t limit,
    double scale
) {
    std::unordered_map<std::string, Xapian::doccount> counts;
    for (const auto& [list, count] : lists) {
        add_list(counts, list, count);
    }
    return FacetSpy::make_facet(field, counts, limit, scale);
}

namespace {

// Counts the value lists of some slots over one shard's matches, which the
// matcher hands over in increasing document id order: from a facet column
// when there is one, else from the slot's value stream, which only moves
// forwards (restarted should an id ever come back).
class ShardSpy : public Xapian::MatchSpy {
  public:
    ShardSpy(
        const Xapian::Database& shard,
        const std::string& dir,
        const std::vector<const schema::Field*>& fields,
        FacetColumns* columns,
        bool build
    )
        : shard_(shard), dir_(dir), fields_(fields), columns_(columns), build_(build) {}

    // Columns are looked for at the first match: a search that matches
    // nothing reads none.
    void prepare() {
        for (const schema::Field* f : fields_) {
            Slot s;
            s.slot = schema::slot_number(f->slot);
            if (columns_ != nullptr) {
                s.column = columns_->get(shard_, dir_, s.slot, build_);
            }
            if (s.column) {
                s.counts.assign(std::size_t{s.column->lists()} + 1, 0);
            } else {
                s.it = shard_.valuestream_begin(s.slot);
            }
            slots_.push_back(std::move(s));
        }
    }

    void operator()(const Xapian::Document& doc, double /*weight*/) override {
        count(doc.get_docid());  // the shard's own id
    }

    // Counts one match; ids come in increasing order.
    void count(Xapian::docid did) {
        if (seen_++ == 0) {
            prepare();
        }
        for (Slot& s : slots_) {
            if (s.column) {
                ++s.counts[s.column->list_of(did)];
                continue;
            }
            if (did < s.last) {
                s.it = shard_.valuestream_begin(s.slot);
            }
            s.last = did;
            if (s.it == end_) {
                continue;
            }
            s.it.skip_to(did);
            if (s.it != end_ && s.it.get_docid() == did) {
                ++s.lists[*s.it];
            }
        }
    }

    std::string name() const override { return "newsdex::ShardSpy"; }

    Xapian::doccount seen() const { return seen_; }

    // The counts by value list, one map per field.
    std::vector<std::unordered_map<std::string, Xapian::doccount>> lists() {
        std::vector<std::unordered_map<std::string, Xapian::doccount>> out;
        if (slots_.empty()) {
            out.resize(fields_.size());
        }
        for (Slot& s : slots_) {
            if (s.column) {
                auto& lists = out.emplace_back();
                for (std::uint32_t i = 1; i < s.counts.size(); ++i) {
                    if (s.counts[i] != 0) {
                        lists.emplace(s.column->list(i), s.counts[i]);
                    }
                }
            } else {
                out.push_back(std::move(s.lists));
            }
        }
        return out;
    }

  private:
    struct Slot {
        Xapian::valueno slot = 0;
        std::shared_ptr<const FacetColumn> column;
        std::vector<Xapian::doccount> counts;  // by 1 + list index (column)
        Xapian::ValueIterator it;              // (no column)
        Xapian::docid last = 0;
        std::unordered_map<std::string, Xapian::doccount> lists;
    };

    Xapian::Database shard_;
    std::string dir_;
    std::vector<const schema::Field*> fields_;
    FacetColumns* columns_;
    bool build_;
    std::vector<Slot> slots_;
    const Xapian::ValueIterator end_;
    Xapian::doccount seen_ = 0;
};

// One shard's pass: every match, unranked, in document order.
Xapian::doccount count_shard(
    const Xapian::Database& shard,
    const std::string& dir,
    const Xapian::Query& query,
    const std::vector<const schema::Field*>& fields,
    FacetColumns* columns,
    bool build,
    std::vector<std::unordered_map<std::string, Xapian::doccount>>& lists
) {
    ShardSpy spy(shard, dir, fields, columns, build);
    // A query of terms and set operators: its matches straight from the
    // posting lists (no weights, no Document per match).
    if (const auto matches = boolean_matches(shard, query)) {
        for (Xapian::docid did = matches->next(); did != 0; did = matches->next()) {
            spy.count(did);
        }
        lists = spy.lists();
        return spy.seen();
    }
    Xapian::Enquire enquire(shard);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, shard.get_doccount());
    lists = spy.lists();
    return spy.seen();
}

}  // namespace

Xapian::doccount count_facets_by_shard(
    const std::vector<Xapian::Database>& shards,
    const std::vector<std::string>& dirs,
    const Xapian::Query& query,
    const std::vector<const schema::Field*>& fields,
    bool parallel,
    std::vector<std::unordered_map<std::string, Xapian::doccount>>& lists,
    FacetColumns* columns,
    bool build_columns
) {
    std::vector<std::vector<std::unordered_map<std::string, Xapian::doccount>>> by_shard(
        shards.size()
    );
    std::vector<Xapian::doccount> seen(shards.size(), 0);
    const std::string none;
    const auto dir_of = [&](std::size_t i) -> const std::string& {
        return i < dirs.size() ? dirs[i] : none;
    };
    if (parallel && shards.size() > 1) {
        // Xapian objects are not thread-safe, not even a Query's reference
        // count: each thread gets its own copy of the query, made here.
        const std::string serialised = query.serialise();
        std::vector<Xapian::Query> queries;
        for (std::size_t i = 0; i < shards.size(); ++i) {
            queries.push_back(Xapian::Query::unserialise(serialised));
        }
        for_each_at_once(shards.size(), [&](std::size_t i) {
            seen[i] = count_shard(
                shards[i], dir_of(i), queries[i], fields, columns, build_columns, by_shard[i]
            );
        });
    } else {
        for (std::size_t i = 0; i < shards.size(); ++i) {
            seen[i] = count_shard(
                shards[i], dir_of(i), query, fields, columns, build_columns, by_shard[i]
            );
        }
    }
    lists.assign(fields.size(), {});
    Xapian::doccount total = 0;
    for (std::size_t s = 0; s < shards.size(); ++s) {
        total += seen[s];
        for (std::size_t f = 0; f < by_shard[s].size(); ++f) {
            for (auto& [list, count] : by_shard[s][f]) {
                lists[f][list] += count;
            }
        }
    }
    return total;
}

Facet FacetSpy::make_facet(
    const schema::Field& field,
    const std::unordered_map<std::string, Xapian::doccount>& counts,
    std::size_t limit,
    double scale
) {
    // A dynamic field's values share one slot, as `name:value`: its own,
    // without the name.
    if (is_dynamic(field)) {
        const std::string name = std::string(field.name) + schema::kDynamicSeparator;
        std::unordered_map<std::string, Xapian::doccount> own;
        for (const auto& [value, count] : counts) {
            if (value.size() > name.size() && value.compare(0, name.size(), name) == 0) {
                own[value.substr(name.size())] += count;
            }
        }
        Facet facet = make_facet(schema::field("id"), own, limit, scale);
        facet.name = std::string(field.name);
        return facet;
    }
    // The date field's facet is `day`, its values dates (`1987-02-26`).
    const bool days = field.values == schema::Values::kDate;
    Facet facet;
    facet.name = days ? "day" : std::string(field.name);
    facet.distinct = counts.size();
    facet.values.reserve(counts.size());
    for (const auto& [value, count] : counts) {
        const auto scaled =
            static_cast<std::uint64_t>(std::llround(static_cast<double>(count) * scale));
        facet.values.push_back(
            {days ? date_of_value(value) : value, std::max<std::uint64_t>(scaled, 1)}
        );
    }
    std::sort(
        facet.values.begin(),
        facet.values.end(),
        [](const FacetValue& a, const FacetValue& b) {
            return a.count != b.count ? a.count > b.count : a.value < b.value;
        }
    );
    if (facet.values.size() > limit) {
        facet.values.resize(limit);
    }
    // Years, months and days: the most frequent, in date order (a timeline).
    if (field.values == schema::Values::kYear || field.values == schema::Values::kMonth
        || field.values == schema::Values::kDate) {
        std::sort(
            facet.values.begin(),
            facet.values.end(),
            [](const FacetValue& a, const FacetValue& b) { return a.value < b.value; }
        );
    }
    return facet;
}

ValueCounts count_values(
    const Xapian::Database& db,
    const Xapian::Query& query,
    const std::vector<Xapian::valueno>& slots,
    Xapian::doccount check_at_least
) {
    std::vector<std::unique_ptr<Xapian::ValueCountMatchSpy>> spies;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    for (const Xapian::valueno slot : slots) {
        spies.push_back(std::make_unique<Xapian::ValueCountMatchSpy>(slot));
        enquire.add_matchspy(spies.back().get());
    }
    // No page: the matches are only counted (by each server, for remote
    // shards, which send no matches back).
    const Xapian::MSet mset = enquire.get_mset(0, 0, check_at_least);
    ValueCounts out;
    out.exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    out.matches = out.exact ? mset.get_matches_lower_bound() : mset.get_matches_estimated();
    out.seen = spies.empty() ? out.matches : spies.front()->get_total();
    for (const auto& spy : spies) {
        auto& lists = out.lists.emplace_back();
        for (auto it = spy->values_begin(); it != spy->values_end(); ++it) {
            lists.emplace(*it, it.get_termfreq());
        }
    }
    return out;
}

}  // namespace newsdex::detail
