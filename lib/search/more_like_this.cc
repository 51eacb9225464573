// SPDX-License-Identifier: MIT
#include "search/more_like_this.h"

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "schema/encoding.h"

#include <algorithm>
#include <cmath>

namespace newsdex::detail {

Xapian::Query
more_like_this(const Xapian::Database& db, const std::string& id, ParsedQuery& parsed, bool alone) {
    const std::string id_term = make_term(schema::field("id"), id);
    const Xapian::PostingIterator posting = db.postlist_begin(id_term);
    if (posting == db.postlist_end(id_term)) {
        throw Error(
            Errc::kInvalidArgument, "no article with id " + id, "check the id (the `id` of a hit)"
        );
    }
    const Xapian::Document doc = db.get_document(*posting);
    const auto n = static_cast<double>(db.get_doccount());
    std::vector<std::pair<double, std::string>> scored;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
        const std::string term = *t;
        if (!is_text_stem_term(term)) {
            continue;
        }
        // The whole index's frequency (a document's own term list only
        // knows its shard's).
        const double df = db.get_termfreq(term);
        if (df >= 2) {
            scored.emplace_back(static_cast<double>(t.get_wdf()) * std::log((n + 1) / df), term);
        }
    }
    std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
        return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    if (scored.size() > kLikeTerms) {
        scored.resize(kLikeTerms);
    }
    std::vector<Xapian::Query> parts;
    std::string shown;
    const double top = scored.empty() ? 1.0 : std::max(scored.front().first, 1e-9);
    for (const auto& [score, term] : scored) {
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), score / top);
        shown += (shown.empty() ? "" : " ") + std::string(stem_of_term(term));
    }
    const Xapian::Query like(Xapian::Query::OP_OR, parts.begin(), parts.end());
    parsed.explanation.push_back("like " + id + ": the stems " + shown);
    const Xapian::Query base =
        alone ? like : Xapian::Query(Xapian::Query::OP_AND_MAYBE, parsed.query, like);
    return Xapian::Query(Xapian::Query::OP_AND_NOT, base, Xapian::Query(id_term));
}

}  // namespace newsdex::detail
