// SPDX-License-Identifier: MIT
#include "search/hits.h"

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "search/facets.h"
#include "snippet/highlighter.h"

#include <nlohmann/json.hpp>

namespace newsdex::detail {

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
    if (const auto entities = data.find("entities");
        entities != data.end() && entities->is_object()) {
        for (const schema::Field& f : schema::kFields) {
            const auto names = entities->find(std::string(f.name));
            if (names != entities->end() && names->is_array() && !names->empty()) {
                hit.entities.emplace_back(
                    std::string(f.name), names->get<std::vector<std::string>>()
                );
            }
        }
    }
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
    if (const auto entities = data.find("entities");
        entities != data.end() && entities->is_object()) {
        for (const schema::Field& f : schema::kFields) {
            const auto names = entities->find(std::string(f.name));
            if (names != entities->end() && names->is_array() && !names->empty()) {
                a.entities.emplace_back(
                    std::string(f.name), names->get<std::vector<std::string>>()
                );
            }
        }
    }
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
