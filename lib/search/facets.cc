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
    Facet facet;
    facet.name = std::string(field_.name);
    facet.distinct = counts_.size();
    facet.values.reserve(counts_.size());
    for (const auto& [value, count] : counts_) {
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

}  // namespace newsdex::detail
