// SPDX-License-Identifier: MIT
#include "search/query_builder.h"

#include "search/query_parts.h"

#include <algorithm>
#include <cmath>

namespace newsdex::detail {

Xapian::Query match_all() {
    return Xapian::Query(std::string());
}

BuildContext::BuildContext(
    std::string_view query_text, const QueryIndex& index, ParsedQuery& parsed
)
    : query(query_text),
      analyzer(index.analyzer),
      db(index.db),
      gazetteer(index.gazetteer),
      today(index.today),
      out(parsed),
      doc_count_(index.db.get_doccount()) {}

double BuildContext::idf(const std::string& term) const {
    const double tf = db.get_termfreq(term);
    return std::log((static_cast<double>(doc_count_) + 1.0) / (tf + 0.5));
}

namespace {

using schema::Field;

Xapian::Query unweighted(const Xapian::Query& q) {
    return Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, q, 0.0);
}

bool is_bare_word(const Node& n) {
    return n.kind == NodeKind::kWord && !n.negated;
}

// The children of an AND, sorted out.
struct AndParts {
    std::vector<Built> text;
    // For each of `text`: a bare word a partial match may lack (not +word,
    // nor joined by a written AND), and the words as typed.
    std::vector<bool> optional;
    std::vector<std::string> labels;
    std::vector<Xapian::Query> filters;
    std::vector<Xapian::Query> negatives;
    // Filters on one "any" field next to each other (year:2018 year:2023)
    // are ORed; each group keeps the place of its first filter among the
    // filters.
    std::vector<std::pair<const Field*, std::size_t>> groups;
    std::vector<std::vector<Xapian::Query>> grouped;
    std::vector<const Node*> words;  // bare words, for names and proximity

    void add_filter(const Node& child, const Xapian::Query& query) {
        const Field* f = child.kind == NodeKind::kField ? child.field : nullptr;
        if (f == nullptr || f->combine != schema::Combine::kAny || child.explicit_and) {
            filters.push_back(query);
            return;
        }
        auto it =
            std::find_if(groups.begin(), groups.end(), [f](const auto& g) { return g.first == f; });
        if (it == groups.end()) {
            groups.emplace_back(f, filters.size());
            filters.emplace_back();
            grouped.emplace_back();
            it = std::prev(groups.end());
        }
        grouped[static_cast<std::size_t>(it - groups.begin())].push_back(query);
    }

    // The filters, each group ORed in its place.
    std::vector<Xapian::Query> all_filters() const {
        std::vector<Xapian::Query> out = filters;
        for (std::size_t g = 0; g < groups.size(); ++g) {
            out[groups[g].second] =
                Xapian::Query(Xapian::Query::OP_OR, grouped[g].begin(), grouped[g].end());
        }
        return out;
    }

    // The free text: stopwords are dropped outside phrases, unless nothing
    // else is left.
    std::vector<Xapian::Query> kept_text() const {
        std::vector<Xapian::Query> kept;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (kept_at(i)) {
                kept.push_back(text[i].query);
            }
        }
        return kept;
    }

    bool kept_at(std::size_t i) const {
        const bool only_stopwords =
            std::all_of(text.begin(), text.end(), [](const Built& b) { return b.stopword; });
        return !text[i].stopword || only_stopwords;
    }

    // The kept text split into the words a partial match may lack and the
    // parts it must have, with the filters and negatives around them.
    OptionalWords optional_words() const {
        OptionalWords out;
        for (std::size_t i = 0; i < text.size(); ++i) {
            if (!kept_at(i)) {
                continue;
            }
            if (optional[i]) {
                out.words.push_back(text[i].query);
                out.labels.push_back(labels[i]);
            } else {
                out.required.push_back(text[i].query);
            }
        }
        const std::vector<Xapian::Query> all = all_filters();
        if (!all.empty()) {
            out.filter = Xapian::Query(Xapian::Query::OP_AND, all.begin(), all.end());
        }
        if (!negatives.empty()) {
            out.excluded = Xapian::Query(Xapian::Query::OP_OR, negatives.begin(), negatives.end());
        }
        return out;
    }
};

class TreeBuilder {
  public:
    TreeBuilder(BuildContext& context, const Node* root) : c_(context), root_(root) {}

    Built build(const Node& node) {
        switch (node.kind) {
        case NodeKind::kAll:
            return Built{match_all(), false, false, false};
        case NodeKind::kWord:
            return build_bare_words(c_, {&node}).front();
        case NodeKind::kPhrase:
            return build_phrase(c_, node.text, "", node.offset);
        case NodeKind::kWildcard:
            return build_wildcard(c_, node);
        case NodeKind::kField:
            return build_field(c_, node);
        case NodeKind::kNear:
        case NodeKind::kAdj:
            return build_near(c_, node);
        case NodeKind::kOr:
            return any_of(node);
        case NodeKind::kAnd:
            return all_of(node);
        }
        return Built{};
    }

  private:
    Built any_of(const Node& node) {
        std::vector<Xapian::Query> parts;
        bool text = false;
        for (const NodePtr& child : node.children) {
            Built b = negated(*child);
            if (b.empty) {
                continue;
            }
            text = text || b.text;
            parts.push_back(b.text ? b.query : unweighted(b.query));
        }
        if (parts.empty()) {
            return Built{Xapian::Query(), false, false, true};
        }
        return Built{
            Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()), text, false, false};
    }

    // A child that may carry a negation of its own (inside OR: `a OR -b`).
    Built negated(const Node& node) {
        Built b = build(node);
        if (node.negated && !b.empty) {
            b.query = Xapian::Query(Xapian::Query::OP_AND_NOT, match_all(), b.query);
            b.text = false;
        }
        return b;
    }

    // Sorts the children of an AND into text, filters and negatives; a run
    // of bare words goes as one, so that names in it (Kim Jong Un) get
    // their aliases.
    AndParts sort_children(const Node& node) {
        AndParts parts;
        for (std::size_t c = 0; c < node.children.size(); ++c) {
            const Node& child = *node.children[c];
            if (is_bare_word(child)) {
                std::vector<const Node*> run;
                for (; c < node.children.size() && is_bare_word(*node.children[c]); ++c) {
                    run.push_back(node.children[c].get());
                }
                // A written AND binds the words on both sides of it.
                const bool and_after = c < node.children.size() && node.children[c]->explicit_and;
                --c;
                std::size_t first = 0;
                for (Built& b : build_bare_words(c_, run)) {
                    const std::size_t end = first + b.words;
                    if (!b.empty) {
                        bool required = end == run.size() && and_after;
                        std::string label;
                        for (std::size_t w = first; w < end; ++w) {
                            required = required || run[w]->required || run[w]->explicit_and
                                       || (w + 1 < run.size() && run[w + 1]->explicit_and);
                            label += (label.empty() ? "" : " ") + run[w]->text;
                        }
                        parts.text.push_back(std::move(b));
                        parts.optional.push_back(!required);
                        parts.labels.push_back(std::move(label));
                    }
                    first = end;
                }
                parts.words.insert(parts.words.end(), run.begin(), run.end());
                continue;
            }
            Built b = build(child);
            if (b.empty) {
                continue;
            }
            if (child.negated) {
                c_.explain("  (the part above is excluded: NOT / -)");
                parts.negatives.push_back(b.query);
            } else if (b.text) {
                parts.text.push_back(b);
                parts.optional.push_back(false);
                parts.labels.push_back({});
            } else {
                parts.add_filter(child, b.query);
            }
        }
        return parts;
    }

    // Bare words near each other score more. In a group inside the query
    // (parentheses, OR): AND_MAYBE with NEAR of their unstemmed forms. At
    // the top level the searcher re-ranks instead (ParsedQuery::proximity).
    Xapian::Query
    with_proximity(const Node& node, const Xapian::Query& query, const AndParts& parts) {
        const std::vector<std::string> terms = proximity_terms(c_.analyzer, parts.words);
        if (&node == root_) {
            Proximity& proximity = c_.out.proximity;
            proximity.terms = terms;
            if (!terms.empty()) {
                proximity.window = proximity_window(terms.size());
                std::string shown;
                for (const std::string& t : terms) {
                    shown += (shown.empty() ? "" : ", ") + t;
                }
                c_.explain(
                    "proximity: articles with " + shown + " within "
                    + std::to_string(proximity.window) + " words of each other score "
                    + std::to_string(1.0 + QueryParser::kProximityWeight).substr(0, 3)
                    + " times more (the best matches re-ranked, exactly)"
                );
            }
            return query;
        }
        if (terms.empty()) {
            return query;
        }
        const Xapian::Query near(
            Xapian::Query::OP_NEAR, terms.begin(), terms.end(), proximity_window(terms.size())
        );
        return Xapian::Query(
            Xapian::Query::OP_AND_MAYBE,
            query,
            Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, near, QueryParser::kProximityWeight)
        );
    }

    Built all_of(const Node& node) {
        const AndParts parts = sort_children(node);
        const std::vector<Xapian::Query> filters = parts.all_filters();
        const std::vector<Xapian::Query> kept = parts.kept_text();
        if (&node == root_) {
            c_.out.optional = parts.optional_words();
        }
        Built result;
        result.text = !kept.empty();
        if (!kept.empty()) {
            result.query = with_proximity(
                node, Xapian::Query(Xapian::Query::OP_AND, kept.begin(), kept.end()), parts
            );
            if (!filters.empty()) {
                result.query = Xapian::Query(
                    Xapian::Query::OP_FILTER,
                    result.query,
                    Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end())
                );
            }
        } else if (!filters.empty()) {
            result.query = Xapian::Query(Xapian::Query::OP_AND, filters.begin(), filters.end());
        } else if (!parts.negatives.empty()) {
            result.query = match_all();
        } else {
            result.empty = true;
            return result;
        }
        if (!parts.negatives.empty()) {
            result.query = Xapian::Query(
                Xapian::Query::OP_AND_NOT,
                result.query,
                Xapian::Query(Xapian::Query::OP_OR, parts.negatives.begin(), parts.negatives.end())
            );
        }
        return result;
    }

    BuildContext& c_;
    const Node* root_;  // the query's top level (proximity is re-ranked there)
};

}  // namespace

ParsedQuery build_query(std::string_view query, const Node& root, const QueryIndex& index) {
    ParsedQuery out;
    BuildContext context(query, index, out);
    TreeBuilder builder(context, root.negated ? nullptr : &root);
    Built built = builder.build(root);
    if (root.negated) {
        built.query = Xapian::Query(Xapian::Query::OP_AND_NOT, match_all(), built.query);
    } else if (built.empty) {
        fail_at(
            query,
            0,
            "the query has no words to search for",
            "type words, a \"phrase\" or a field such as year:2019"
        );
    }
    out.query = built.query;
    out.has_text = built.text && !root.negated;
    return out;
}

}  // namespace newsdex::detail
