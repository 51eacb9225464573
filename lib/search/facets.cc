// SPDX-License-Identifier: MIT
#include "search/facets.h"

#include <algorithm>

namespace newsdex::detail {

FacetSpy::FacetSpy(const schema::Field& field)
    : field_(field), slot_(schema::slot_number(field.slot)) {}

void FacetSpy::operator()(const Xapian::Document& doc, double /*weight*/) {
    const std::string value = doc.get_value(slot_);
    if (value.empty()) {
        return;
    }
    std::string_view rest(value);
    // Values of one document are distinct (the indexer dedupes them), so each
    // counts once per document.
    while (!rest.empty()) {
        const std::size_t nl = rest.find('\n');
        ++counts_[std::string(rest.substr(0, nl))];
        if (nl == std::string_view::npos) {
            break;
        }
        rest.remove_prefix(nl + 1);
    }
}

Xapian::MatchSpy* FacetSpy::clone() const {
    return new FacetSpy(field_);
}

std::string FacetSpy::name() const {
    return "newsdex::FacetSpy";
}

Facet FacetSpy::result(std::size_t limit) const {
    return make_facet(field_, counts_, limit);
}

Facet FacetSpy::make_facet(
    const schema::Field& field,
    const std::unordered_map<std::string, Xapian::doccount>& counts,
    std::size_t limit
) {
    Facet facet;
    facet.name = std::string(field.name);
    facet.distinct = counts.size();
    facet.values.reserve(counts.size());
    for (const auto& [value, count] : counts) {
        facet.values.push_back({value, count});
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
    const schema::Field& field, const Xapian::ValueCountMatchSpy& spy, std::size_t limit
) {
    std::unordered_map<std::string, Xapian::doccount> counts;
    for (auto it = spy.values_begin(); it != spy.values_end(); ++it) {
        const std::string list = *it;
        std::string_view rest(list);
        while (!rest.empty()) {
            const std::size_t nl = rest.find('\n');
            counts[std::string(rest.substr(0, nl))] += it.get_termfreq();
            if (nl == std::string_view::npos) {
                break;
            }
            rest.remove_prefix(nl + 1);
        }
    }
    return FacetSpy::make_facet(field, counts, limit);
}

}  // namespace newsdex::detail
