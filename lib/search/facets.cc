// SPDX-License-Identifier: MIT
#include "search/facets.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <thread>

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
// split into values once, in result(). (Reading the slot's value stream
// forwards instead of Document::get_value was slower over shards.)
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
// matcher hands over in increasing document id order: each slot's value
// stream only moves forwards (restarted should an id ever come back).
class StreamSpy : public Xapian::MatchSpy {
  public:
    StreamSpy(const Xapian::Database& shard, const std::vector<const schema::Field*>& fields)
        : shard_(shard), lists_(fields.size()) {
        for (const schema::Field* f : fields) {
            const Xapian::valueno slot = schema::slot_number(f->slot);
            streams_.push_back({slot, shard_.valuestream_begin(slot), 0});
        }
    }

    void operator()(const Xapian::Document& doc, double /*weight*/) override {
        ++seen_;
        const Xapian::docid did = doc.get_docid();  // the shard's own id
        for (std::size_t i = 0; i < streams_.size(); ++i) {
            Stream& s = streams_[i];
            if (did < s.last) {
                s.it = shard_.valuestream_begin(s.slot);
            }
            s.last = did;
            if (s.it == end_) {
                continue;
            }
            s.it.skip_to(did);
            if (s.it != end_ && s.it.get_docid() == did) {
                ++lists_[i][*s.it];
            }
        }
    }

    std::string name() const override { return "newsdex::StreamSpy"; }

    Xapian::doccount seen() const { return seen_; }

    std::vector<std::unordered_map<std::string, Xapian::doccount>>& lists() { return lists_; }

  private:
    struct Stream {
        Xapian::valueno slot;
        Xapian::ValueIterator it;
        Xapian::docid last;
    };

    Xapian::Database shard_;
    std::vector<Stream> streams_;
    const Xapian::ValueIterator end_;
    std::vector<std::unordered_map<std::string, Xapian::doccount>> lists_;
    Xapian::doccount seen_ = 0;
};

// One shard's pass: every match, unranked, in document order.
Xapian::doccount count_shard(
    const Xapian::Database& shard,
    const Xapian::Query& query,
    const std::vector<const schema::Field*>& fields,
    std::vector<std::unordered_map<std::string, Xapian::doccount>>& lists
) {
    StreamSpy spy(shard, fields);
    Xapian::Enquire enquire(shard);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    enquire.add_matchspy(&spy);
    enquire.get_mset(0, 0, shard.get_doccount());
    lists = std::move(spy.lists());
    return spy.seen();
}

}  // namespace

Xapian::doccount count_facets_by_shard(
    const std::vector<Xapian::Database>& shards,
    const Xapian::Query& query,
    const std::vector<const schema::Field*>& fields,
    bool parallel,
    std::vector<std::unordered_map<std::string, Xapian::doccount>>& lists
) {
    std::vector<std::vector<std::unordered_map<std::string, Xapian::doccount>>> by_shard(
        shards.size()
    );
    std::vector<Xapian::doccount> seen(shards.size(), 0);
    if (parallel && shards.size() > 1) {
        // Xapian objects are not thread-safe, not even a Query's reference
        // count: each thread gets its own copy of the query, made here.
        const std::string serialised = query.serialise();
        std::vector<Xapian::Query> queries;
        for (std::size_t i = 0; i < shards.size(); ++i) {
            queries.push_back(Xapian::Query::unserialise(serialised));
        }
        std::vector<std::exception_ptr> errors(shards.size());
        std::vector<std::thread> threads;
        for (std::size_t i = 1; i < shards.size(); ++i) {
            threads.emplace_back([&, i] {
                try {
                    seen[i] = count_shard(shards[i], queries[i], fields, by_shard[i]);
                } catch (...) {
                    errors[i] = std::current_exception();
                }
            });
        }
        try {
            seen[0] = count_shard(shards[0], queries[0], fields, by_shard[0]);
        } catch (...) {
            errors[0] = std::current_exception();
        }
        for (std::thread& t : threads) {
            t.join();
        }
        for (const std::exception_ptr& e : errors) {
            if (e) {
                std::rethrow_exception(e);
            }
        }
    } else {
        for (std::size_t i = 0; i < shards.size(); ++i) {
            seen[i] = count_shard(shards[i], query, fields, by_shard[i]);
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
    Facet facet;
    facet.name = std::string(field.name);
    facet.distinct = counts.size();
    facet.values.reserve(counts.size());
    for (const auto& [value, count] : counts) {
        const auto scaled =
            static_cast<std::uint64_t>(std::llround(static_cast<double>(count) * scale));
        facet.values.push_back({value, std::max<std::uint64_t>(scaled, 1)});
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
    return facet;
}

Facet facet_from_value_counts(
    const schema::Field& field,
    const Xapian::ValueCountMatchSpy& spy,
    std::size_t limit,
    double scale
) {
    std::unordered_map<std::string, Xapian::doccount> counts;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        add_list(counts, *it, it.get_termfreq());
    }
    return FacetSpy::make_facet(field, counts, limit, scale);
}

}  // namespace newsdex::detail
