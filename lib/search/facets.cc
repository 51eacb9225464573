// SPDX-License-Identifier: MIT
#include "search/facets.h"

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
    std::unordered_map<std::string, Xapian::doccount> counts;
    for (const auto& [list, count] : lists_) {
        add_list(counts, list, count);
    }
    return make_facet(field_, counts, limit, scale);
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
