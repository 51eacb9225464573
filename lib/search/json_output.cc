// SPDX-License-Identifier: MIT
#include "newsdex/json_output.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace newsdex {

namespace {

using NamesByField = std::vector<std::pair<std::string, std::vector<std::string>>>;

// `entity_origins`: facet name -> canonical name -> where it came from;
// absent when the index did not record them.
void add_origins(
    nlohmann::ordered_json& j, const NamesByField& entities, const NamesByField& origins
) {
    if (origins.empty()) {
        return;
    }
    nlohmann::ordered_json out = nlohmann::ordered_json::object();
    for (const auto& [field, names] : entities) {
        // (A structured binding cannot be captured by clang 14's lambdas.)
        const std::string& name_of_field = field;
        const auto of_field = std::find_if(origins.begin(), origins.end(), [&](const auto& o) {
            return o.first == name_of_field;
        });
        if (of_field == origins.end() || of_field->second.size() != names.size()) {
            continue;
        }
        nlohmann::ordered_json by_name = nlohmann::ordered_json::object();
        for (std::size_t i = 0; i < names.size(); ++i) {
            by_name[names[i]] = of_field->second[i];
        }
        out[field] = std::move(by_name);
    }
    j["entity_origins"] = std::move(out);
}

nlohmann::ordered_json hit_object(const Hit& hit, bool duplicates, bool tiered, bool similar) {
    using nlohmann::ordered_json;
    ordered_json h;
    h["rank"] = hit.rank;
    h["id"] = hit.id;
    h["score"] = hit.score;
    h["title"] = hit.title;
    h["date"] = hit.date ? ordered_json(*hit.date) : ordered_json(nullptr);
    h["source"] = hit.source;
    h["path"] = hit.path;
    h["url"] = hit.url;
    h["snippet"] = hit.snippet;
    h["entities"] = ordered_json::object();
    for (const auto& [name, values] : hit.entities) {
        h["entities"][name] = values;
    }
    add_origins(h, hit.entities, hit.entity_origins);
    if (duplicates) {
        h["duplicates"] = hit.duplicates;
    }
    if (similar) {
        h["similar"] = hit.similar;
    }
    // Only where partial matches were looked for (SearchResponse::tiered).
    if (tiered) {
        h["match"] = hit.missing.empty() ? "all" : "partial";
        if (!hit.missing.empty()) {
            h["missing"] = hit.missing;
        }
    }
    return h;
}

}  // namespace

std::string to_json(const Hit& hit, bool duplicates, bool tiered, bool similar) {
    return hit_object(hit, duplicates, tiered, similar)
        .dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string to_json(const SearchResponse& r, bool duplicates) {
    using nlohmann::ordered_json;
    ordered_json doc;
    doc["version"] = kJsonOutputVersion;
    doc["query"] = r.query;
    doc["total"] = r.total;
    doc["total_exact"] = r.total_exact;
    // Only when the hits are folded: the folded list's length, which
    // paging walks (`total` counts every article; docs/json-output.md).
    if (r.stories) {
        doc["stories"] = *r.stories;
        doc["stories_exact"] = r.stories_exact;
    }
    // Only when partial matches were looked for (docs/json-output.md).
    if (r.tiered) {
        doc["partial_total"] = r.partial_total;
        doc["partial_total_exact"] = r.partial_total_exact;
        if (r.stories) {
            doc["partial_stories"] = r.partial_stories;
            doc["partial_stories_exact"] = r.partial_stories_exact;
        }
    }
    doc["offset"] = r.offset;
    doc["hits"] = ordered_json::array();
    for (const Hit& hit : r.hits) {
        doc["hits"].push_back(hit_object(hit, duplicates, r.tiered, r.folded));
    }
    if (!r.facets.empty()) {
        doc["facets"] = ordered_json::object();
        for (const Facet& facet : r.facets) {
            ordered_json values = ordered_json::object();
            for (const FacetValue& v : facet.values) {
                values[v.value] = v.count;
            }
            doc["facets"][facet.name] = std::move(values);
        }
        // Only when asked for (--facet-sample) and estimated: the pinned
        // shape of PRODUCT.md stays as it is otherwise.
        if (!r.facets_exact) {
            doc["facets_exact"] = false;
        }
    }
    if (r.histogram) {
        ordered_json buckets = ordered_json::array();
        for (const HistogramBucket& b : r.histogram->buckets) {
            buckets.push_back({{"start", b.start}, {"count", b.count}});
        }
        doc["histogram"] = {
            {"unit", r.histogram->unit},
            {"buckets", std::move(buckets)},
            {"undated", r.histogram->undated}};
    }
    // What the facets and the histogram counted, when partial matches were
    // looked for (--facets-over).
    if (r.tiered && (!r.facets.empty() || r.histogram)) {
        doc["facets_over"] = r.facets_over_all ? "all" : "exact";
    }
    if (r.suggestion) {
        doc["suggestion"] = *r.suggestion;
    }
    // What a terminal user reads on standard error, for scripts and the
    // page: a field value that matched nothing, a shard left out.
    if (!r.notices.empty()) {
        doc["notices"] = r.notices;
    }
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string to_json(const std::vector<ShownArticle>& articles) {
    using nlohmann::ordered_json;
    ordered_json doc;
    doc["version"] = kJsonOutputVersion;
    doc["articles"] = ordered_json::array();
    for (const ShownArticle& a : articles) {
        ordered_json j;
        j["id"] = a.id;
        j["title"] = a.title;
        j["date"] = a.date ? ordered_json(*a.date) : ordered_json(nullptr);
        j["source"] = a.source;
        j["url"] = a.url;
        j["path"] = a.path;
        j["entities"] = ordered_json::object();
        for (const auto& [name, values] : a.entities) {
            j["entities"][name] = values;
        }
        add_origins(j, a.entities, a.entity_origins);
        j["text"] = a.text;
        doc["articles"].push_back(std::move(j));
    }
    return doc.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace newsdex
