// SPDX-License-Identifier: MIT
#include "search/hits.h"

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "search/facets.h"
#include "snippet/highlighter.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace newsdex::detail {

namespace {

using NamesByField = std::vector<std::pair<std::string, std::vector<std::string>>>;

// The entities of a document's data, in schema order, and where each came
// from (none for a document indexed before origins were recorded, or whose
// origins do not match its entities).
void read_entities(const nlohmann::json& data, NamesByField& entities, NamesByField& origins) {
    const auto all = data.find("entities");
    if (all == data.end() || !all->is_object()) {
        return;
    }
    const auto from = data.find("entity_origins");
    const bool has_origins = from != data.end() && from->is_object();
    bool origins_whole = has_origins;
    for (const schema::Field& f : schema::kFields) {
        const auto names = all->find(std::string(f.name));
        if (names == all->end() || !names->is_array() || names->empty()) {
            continue;
        }
        entities.emplace_back(std::string(f.name), names->get<std::vector<std::string>>());
        if (!has_origins) {
            continue;
        }
        const auto of_field = from->find(std::string(f.name));
        if (of_field == from->end() || !of_field->is_array() || of_field->size() != names->size()
            || !std::all_of(of_field->begin(), of_field->end(), [](const nlohmann::json& o) {
                   Origin origin = Origin::kMetadata;
                   return o.is_string() && parse_origin(o.get<std::string>(), origin);
               })) {
            origins_whole = false;
            continue;
        }
        origins.emplace_back(std::string(f.name), of_field->get<std::vector<std::string>>());
    }
    if (!origins_whole) {
        origins.clear();
    }
}

}  // namespace

Hit HitMaker::make(const Xapian::MSetIterator& it, double score, std::size_t rank) const {
    Hit hit;
    hit.rank = rank;
    hit.score = score;
    const Xapian::Document doc = it.get_document();
    const nlohmann::json data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (data.is_discarded() || !data.is_object()) {
        throw Error(
            Errc::kIo,
            "document " + std::to_string(*it) + " has damaged data",
            "re-index the database"
        );
    }
    hit.id = data.value("id", "");
    hit.title = data.value("title", "");
    hit.source = data.value("source", "");
    hit.path = data.value("path", "");
    hit.url = data.value("url", "");
    if (const auto date = data.find("date"); date != data.end() && date->is_string()) {
        hit.date = date->get<std::string>().substr(0, 10);
    }
    read_entities(data, hit.entities, hit.entity_origins);
    const std::string body = data.value("body", "");
    if (request_.snippet.length > 0) {
        hit.snippet = make_snippet(
            analyzer_, body, parsed_.highlight, request_.snippet, hit.title, &extractor_
        );
    }
    return hit;
}

ShownArticle show_document(
    const Xapian::Document& doc,
    const Analyzer& analyzer,
    const EntityExtractor& extractor,
    const HighlightSpec& highlight,
    const Markup& markup
) {
    const nlohmann::json data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (data.is_discarded() || !data.is_object()) {
        throw Error(
            Errc::kIo,
            "document " + std::to_string(doc.get_docid()) + " has damaged data",
            "re-index the database"
        );
    }
    ShownArticle a;
    a.id = data.value("id", "");
    a.title = data.value("title", "");
    a.source = data.value("source", "");
    a.url = data.value("url", "");
    a.path = data.value("path", "");
    if (const auto date = data.find("date"); date != data.end() && date->is_string()) {
        a.date = date->get<std::string>().substr(0, 10);
    }
    read_entities(data, a.entities, a.entity_origins);
    a.text = mark_matches(analyzer, data.value("body", ""), highlight, markup, &extractor);
    return a;
}

std::vector<Xapian::doccount>
duplicates_of(const Page& page, const std::unordered_map<std::string, Xapian::doccount>& bodies) {
    std::vector<Xapian::doccount> out;
    for (const auto& hit : page) {
        const std::string key = hit.first.get_collapse_key();
        const auto found = key.empty() ? bodies.end() : bodies.find(key);
        out.push_back(found != bodies.end() && found->second > 0 ? found->second - 1 : 0);
    }
    return out;
}

std::optional<Xapian::valueno> collapse_slot(const SearchRequest& request) {
    if (request.collapse) {
        return schema::slot_number(schema::Slot::kBodyHash);
    }
    if (request.fold_similar) {
        return schema::slot_number(schema::Slot::kNearGroup);
    }
    return std::nullopt;
}

void order_estimates(
    std::uint64_t& articles, bool& articles_exact, std::uint64_t& entries, bool& entries_exact
) {
    if (entries <= articles) {
        return;
    }
    if (!articles_exact) {
        articles = entries;  // at least that many (still an estimate)
    } else if (!entries_exact) {
        entries = articles;
    }
}

void set_folded(Hit& hit, const SearchRequest& request, Xapian::doccount others) {
    if (request.collapse) {
        hit.duplicates = others;
    } else if (request.fold_similar) {
        hit.similar = others;
    }
}

std::vector<Xapian::doccount> count_duplicates(
    const Xapian::Database& db, const Xapian::Query& query, const Page& page, Xapian::valueno slot
) {
    // A value range of each hit's key: a body hash, or a group's id (a
    // value only grouped articles have).
    std::vector<Xapian::Query> bodies;
    for (const auto& hit : page) {
        const std::string key = hit.first.get_collapse_key();
        if (!key.empty()) {
            bodies.emplace_back(Xapian::Query::OP_VALUE_RANGE, slot, key, key);
        }
    }
    if (bodies.empty()) {
        return std::vector<Xapian::doccount>(page.size(), 0);
    }
    const ValueCounts counts = count_values(
        db,
        Xapian::Query(
            Xapian::Query::OP_FILTER,
            query,
            Xapian::Query(Xapian::Query::OP_OR, bodies.begin(), bodies.end())
        ),
        {slot},
        db.get_doccount()
    );
    return duplicates_of(page, counts.lists.front());
}

}  // namespace newsdex::detail
