// SPDX-License-Identifier: MIT
// Words, phrases, wildcards, NEAR and ADJ, and names typed as bare words.
#include "entities/names.h"
#include "schema/encoding.h"
#include "search/query_parts.h"

#include <algorithm>
#include <cmath>

namespace newsdex::detail {

namespace {

// Snippet weight of the other names a typed name was expanded to: below any
// typed word's (see HighlightSpec).
constexpr double kAliasWeight = -0.5;

// At most this many indexed words are read to find the forms of one word
// of a phrase, and at most kMaxForms of them are kept.
constexpr std::size_t kMaxFormScan = 20000;
constexpr std::size_t kMaxForms = 64;

// The indexed forms of a phrase word (under `prefix`): every word of the
// index with its stem (deficit, deficits; trade, traded, trading), so that a
// phrase finds the forms of its words as bare words do. The word itself is
// always one. Stopwords, numbers and CJK characters have no other forms.
std::vector<std::string> forms_of(BuildContext& c, const Token& t, std::string_view prefix) {
    std::vector<std::string> forms{t.term};
    if (!Analyzer::stemmed(t.kind) || c.analyzer.is_stopword(t.term)) {
        return forms;
    }
    const std::string stem = c.analyzer.stem(t.term);
    // Snowball changes at most the stem's last letter of the words it
    // comes from (happy, happi; trade, trading).
    const std::string head =
        make_term(prefix, stem.size() > 3 ? stem.substr(0, stem.size() - 1) : stem);
    std::size_t scanned = 0;
    for (auto it = c.db.allterms_begin(head);
         it != c.db.allterms_end(head) && scanned < kMaxFormScan && forms.size() < kMaxForms;
         ++it, ++scanned) {
        const std::string word = (*it).substr(prefix.size());
        if (word != t.term && c.analyzer.stem(word) == stem) {
            forms.push_back(word);
        }
    }
    std::sort(forms.begin() + 1, forms.end());
    return forms;
}

// One word of a phrase or NEAR: its one form, or any of its forms.
Xapian::Query any_form(const std::vector<Xapian::Query>& forms) {
    return forms.size() == 1 ? forms.front()
                             : Xapian::Query(Xapian::Query::OP_OR, forms.begin(), forms.end());
}

// Tokens from..to as a phrase. With `forms`, each word is any of its
// indexed forms (a quoted phrase); without, exactly as written (the parts of
// one hyphenated word).
Xapian::Query phrase_of(
    BuildContext& c,
    const std::vector<Token>& tokens,
    std::size_t from,
    std::size_t to,
    std::string_view prefix,
    bool forms
) {
    std::vector<Xapian::Query> terms;
    PhraseWords words;
    double weight = 0;
    std::string shown;
    for (std::size_t k = from; k < to; ++k) {
        const auto pos = static_cast<Xapian::termpos>(k - from + 1);
        std::vector<std::string> alternatives =
            forms ? forms_of(c, tokens[k], prefix) : std::vector<std::string>{tokens[k].term};
        std::vector<Xapian::Query> any;
        std::string any_shown;
        for (const std::string& form : alternatives) {
            any.emplace_back(make_term(prefix, form), 1, pos);
            any_shown += (any_shown.empty() ? "" : "|") + std::string(prefix) + form;
        }
        terms.push_back(any_form(any));
        shown += (shown.empty() ? "" : " ") + any_shown;
        weight += c.idf(make_term("", tokens[k].term));
        words.push_back(std::move(alternatives));
    }
    c.explain(
        "phrase -> " + shown + " (in this order, next to each other"
        + (forms ? "; any form of each word but stopwords)" : ")")
    );
    c.out.highlight.phrases.emplace_back(std::move(words), weight);
    return Xapian::Query(
        Xapian::Query::OP_PHRASE,
        terms.begin(),
        terms.end(),
        static_cast<Xapian::termcount>(terms.size())
    );
}

// A single token: its stem (so that visiting finds visit, visits,
// visited); a stopword (kept only when the query has nothing else), a
// number or a CJK character unstemmed.
Built single_token(
    BuildContext& c, const std::string& text, const Token& t, std::string_view prefix
) {
    if (Analyzer::stemmed(t.kind) && !c.analyzer.is_stopword(t.term)) {
        const std::string stem = c.analyzer.stem(t.term);
        const std::string term = stem_term(prefix, stem);
        c.out.highlight.stems.emplace(stem, c.idf(stem_term({}, stem)));
        c.explain(
            "'" + text + "' -> stem '" + stem + "' (term " + term + ", any form of the word)"
        );
        return Built{Xapian::Query(term, 1, 0), true, false, false};
    }
    const std::string term = make_term(prefix, t.term);
    c.out.highlight.terms.emplace(t.term, c.idf(make_term("", t.term)));
    const bool stopword = Analyzer::stemmed(t.kind);
    c.explain(
        "'" + text + "' -> term " + term
        + (stopword ? " (a stopword: dropped unless the query has nothing else)" : "")
    );
    return Built{Xapian::Query(term, 1, 0), true, stopword, false};
}

// The folded terms of each word of a run, as the gazetteer folds names.
std::vector<std::vector<std::string>>
terms_of_words(BuildContext& c, const std::vector<const Node*>& run) {
    std::vector<std::vector<std::string>> terms;
    for (const Node* word : run) {
        c.out.words.push_back({word->offset, word->text});
        terms.push_back(folded_words(c.analyzer.fold(word->text)));
    }
    return terms;
}

// The other names an entity is searched by (search_names(); without
// demonyms when `demonyms` is false), each once, as a query of its terms
// (a phrase when it has several); `shown` lists them for the explanation.
// They are highlighted below the words typed (HighlightSpec's negative
// weights). A name whose terms are `typed` (searched already) is left out.
std::vector<Xapian::Query> alias_queries(
    BuildContext& c,
    std::uint32_t entity,
    bool demonyms,
    const std::vector<std::string>& typed,
    std::string& shown
) {
    std::vector<Xapian::Query> out;
    for (const Name* n : search_names(*c.gazetteer, entity)) {
        if ((!demonyms && n->kind == NameKind::kDemonym) || n->terms == typed) {
            continue;
        }
        std::vector<Xapian::Query> name_terms;
        std::string terms;
        for (std::size_t k = 0; k < n->terms.size(); ++k) {
            name_terms.emplace_back(n->terms[k], 1, static_cast<Xapian::termpos>(k + 1));
            terms += (k == 0 ? "" : " ") + n->terms[k];
        }
        shown += (shown.empty() ? "" : " | ") + terms;
        if (n->terms.size() == 1) {
            out.emplace_back(n->terms.front());
            c.out.highlight.terms.emplace(n->terms.front(), kAliasWeight);
        } else {
            out.emplace_back(
                Xapian::Query::OP_PHRASE,
                name_terms.begin(),
                name_terms.end(),
                static_cast<Xapian::termcount>(name_terms.size())
            );
            PhraseWords words;
            for (const std::string& term : n->terms) {
                words.push_back({term});
            }
            c.out.highlight.phrases.emplace_back(std::move(words), kAliasWeight);
        }
    }
    return out;
}

// Words w..last that name a gazetteer entity: the words as typed, or any
// other name of the entity, as one synonym.
Built name_synonyms(
    BuildContext& c, const std::vector<const Node*>& run, std::size_t w, const TypedName& name
) {
    std::vector<Xapian::Query> parts;
    std::string typed;
    for (std::size_t k = w; k <= name.last; ++k) {
        Built b = build_word(c, run[k]->text, run[k]->offset, "");
        if (!b.empty) {
            parts.push_back(b.query);
        }
        typed += (typed.empty() ? "" : " ") + run[k]->text;
    }
    std::vector<Xapian::Query> synonyms{
        Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end())};
    std::string names;
    for (Xapian::Query& q : alias_queries(c, name.entity, true, {}, names)) {
        synonyms.push_back(std::move(q));
    }
    const Entity& e = c.gazetteer->entities()[name.entity];
    c.explain(
        "'" + typed + "' names " + std::string(field_of(e.type)) + " " + e.name
        + ": also searched as " + names
    );
    return Built{
        Xapian::Query(Xapian::Query::OP_SYNONYM, synonyms.begin(), synonyms.end()),
        true,
        false,
        false};
}

// The entity a quoted phrase names exactly (the whole phrase is one of its
// full or unambiguous names, in any script or spelling), if any.
std::optional<std::uint32_t> quoted_name(BuildContext& c, const std::string& text) {
    if (c.gazetteer == nullptr) {
        return std::nullopt;
    }
    std::vector<std::string> typed;
    std::vector<std::vector<std::string>> words;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t end = std::min(text.find(' ', i), text.size());
        if (end > i) {
            typed.push_back(text.substr(i, end - i));
            words.push_back(folded_words(c.analyzer.fold(typed.back())));
        }
        i = end + 1;
    }
    if (words.empty()) {
        return std::nullopt;
    }
    const std::optional<TypedName> name = name_at(*c.gazetteer, words, typed, 0);
    if (!name || name->last + 1 != words.size()) {
        return std::nullopt;
    }
    return name->entity;
}

// A quoted phrase that is exactly a name of `entity`: the phrase itself,
// or any other name of the entity (Kim Jong-eun, 金正恩, 김정은 for "Kim
// Jong Un"), as one synonym; or an article filed under the entity (its
// metadata lists it, or its text names it in a way no phrase finds: the
// term of the field every value of its type fills, weightless).
Built quoted_entity(
    BuildContext& c,
    const std::string& text,
    const std::vector<Token>& tokens,
    Xapian::Query phrase,
    std::uint32_t entity
) {
    const Entity& e = c.gazetteer->entities()[entity];
    std::vector<std::string> typed;
    typed.reserve(tokens.size());
    for (const Token& t : tokens) {
        typed.push_back(t.term);
    }
    std::string names;
    std::vector<Xapian::Query> synonyms{std::move(phrase)};
    for (Xapian::Query& q : alias_queries(c, entity, false, typed, names)) {
        synonyms.push_back(std::move(q));
    }
    const std::string_view also = also_fills(e.type);
    const schema::Field& field = *schema::find_field(also.empty() ? field_of(e.type) : also);
    const std::string term = make_term(field, e.folded);
    c.out.highlight.entities.emplace_back(std::string(field.name), e.folded);
    c.explain(
        "\"" + text + "\" names " + std::string(field_of(e.type)) + " " + e.name
        + ": the phrase, or " + (names.empty() ? "" : "also searched as " + names + ", or ")
        + "an article filed under " + term + " (its metadata or its text names " + e.name
        + "; adds no weight)"
    );
    const Xapian::Query alternatives[] = {
        Xapian::Query(Xapian::Query::OP_SYNONYM, synonyms.begin(), synonyms.end()),
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), 0.0)};
    return Built{
        Xapian::Query(Xapian::Query::OP_OR, std::begin(alternatives), std::end(alternatives)),
        true,
        false,
        false};
}

}  // namespace

Built build_word(
    BuildContext& c, const std::string& text, std::size_t offset, std::string_view prefix
) {
    const std::vector<Token> tokens = c.analyzer.tokens(text, CjkMode::kQuery);
    if (tokens.empty()) {
        return Built{Xapian::Query(), false, false, true};
    }
    if (tokens.size() == 1) {
        return single_token(c, text, tokens[0], prefix);
    }
    // Split into runs of joined tokens: each run is a phrase.
    std::vector<Xapian::Query> parts;
    std::size_t i = 0;
    while (i < tokens.size()) {
        std::size_t j = i + 1;
        while (j < tokens.size() && tokens[j].joined) {
            ++j;
        }
        if (j - i == 1) {
            Built single = build_word(c, tokens[i].term, offset, prefix);
            if (!single.empty) {
                parts.push_back(single.query);
            }
        } else {
            parts.push_back(phrase_of(c, tokens, i, j, prefix, false));
        }
        i = j;
    }
    return Built{
        Xapian::Query(Xapian::Query::OP_AND, parts.begin(), parts.end()), true, false, false};
}

Built build_phrase(
    BuildContext& c, const std::string& text, std::string_view prefix, std::size_t offset
) {
    const std::vector<Token> tokens = c.analyzer.tokens(text, CjkMode::kQuery);
    if (tokens.empty()) {
        c.fail(offset, "empty phrase", "put words between the quotes or remove them");
    }
    Xapian::Query phrase;
    if (tokens.size() == 1) {
        c.out.highlight.terms.emplace(tokens[0].term, c.idf(tokens[0].term));
        phrase = Xapian::Query(make_term(prefix, tokens[0].term), 1, 0);
    } else {
        phrase = phrase_of(c, tokens, 0, tokens.size(), prefix, true);
    }
    // A name in quotes finds every name of its entity, as bare words do
    // (not after title:, which asks for the headline's own words).
    if (prefix.empty()) {
        if (const std::optional<std::uint32_t> entity = quoted_name(c, text)) {
            return quoted_entity(c, text, tokens, std::move(phrase), *entity);
        }
    }
    return Built{std::move(phrase), true, false, false};
}

Built build_wildcard(BuildContext& c, const Node& node) {
    const std::vector<Token> tokens = c.analyzer.tokens(node.text, CjkMode::kQuery);
    if (tokens.size() != 1 || tokens[0].kind == TokenKind::kCjk) {
        c.fail(
            node.offset,
            "a wildcard ends a single word, e.g. denuclear*",
            "remove the '*' or shorten the pattern to one word"
        );
    }
    const std::string& prefix = tokens[0].term;
    // Expanded here rather than by OP_WILDCARD: a remote shard would expand
    // it over its own words only, and the synonym's statistics would differ
    // from one database's.
    std::vector<Xapian::Query> words;
    for (auto it = c.db.allterms_begin(prefix); it != c.db.allterms_end(prefix); ++it) {
        if (words.size() >= QueryParser::kMaxWildcardExpansion) {
            c.fail(
                node.offset,
                "'" + node.text + "*' matches more than "
                    + std::to_string(QueryParser::kMaxWildcardExpansion) + " words",
                "make the pattern longer"
            );
        }
        words.emplace_back(*it);
    }
    c.out.highlight.prefixes.emplace_back(prefix, c.idf(prefix));
    c.explain(
        "'" + node.text + "*' -> the " + std::to_string(words.size())
        + " indexed words starting with '" + prefix + "'"
    );
    if (words.empty()) {
        return Built{Xapian::Query(prefix), true, false, false};  // matches nothing
    }
    return Built{
        Xapian::Query(Xapian::Query::OP_SYNONYM, words.begin(), words.end()), true, false, false};
}

Built build_near(BuildContext& c, const Node& node) {
    std::vector<Xapian::Query> terms;
    for (const NodePtr& child : node.children) {
        const std::vector<Token> tokens = c.analyzer.tokens(child->text, CjkMode::kQuery);
        if (tokens.size() != 1) {
            c.fail(
                child->offset,
                "NEAR and ADJ join single words; '" + child->text + "' is not one",
                "use a phrase in quotes instead"
            );
        }
        // Any form of each word, as in a phrase.
        std::vector<Xapian::Query> any;
        for (const std::string& form : forms_of(c, tokens[0], "")) {
            any.emplace_back(form);
            c.out.highlight.terms.emplace(form, c.idf(tokens[0].term));
        }
        terms.push_back(any_form(any));
    }
    const auto window = static_cast<Xapian::termcount>(node.window + terms.size() - 1);
    c.explain(
        std::string(node.kind == NodeKind::kNear ? "NEAR" : "ADJ") + " -> within "
        + std::to_string(node.window) + " words of each other"
        + (node.kind == NodeKind::kAdj ? ", in this order" : "") + "; any form of each word"
    );
    const auto op =
        node.kind == NodeKind::kNear ? Xapian::Query::OP_NEAR : Xapian::Query::OP_PHRASE;
    return Built{Xapian::Query(op, terms.begin(), terms.end(), window), true, false, false};
}

// Bare words, in order: a name the gazetteer knows (one word or several:
// Pyongyang, DPRK, Kim Jong Un, 金正恩) is also searched by all its other
// names, as one synonym. Short names that stand for several people (Kim)
// and demonyms are not names here.
std::vector<Built> build_bare_words(BuildContext& c, const std::vector<const Node*>& run) {
    const std::vector<std::vector<std::string>> terms = terms_of_words(c, run);
    std::vector<std::string> typed;
    typed.reserve(run.size());
    for (const Node* word : run) {
        typed.push_back(word->text);
    }
    std::vector<Built> out;
    std::size_t w = 0;
    while (w < run.size()) {
        const std::optional<TypedName> name =
            c.gazetteer == nullptr ? std::nullopt : name_at(*c.gazetteer, terms, typed, w);
        // word^N: its weight times N (a name: the largest boost of its words).
        double boost = run[w]->boost;
        if (!name) {
            out.push_back(build_word(c, run[w]->text, run[w]->offset, ""));
            ++w;
        } else {
            out.push_back(name_synonyms(c, run, w, *name));
            out.back().words = name->last - w + 1;
            for (std::size_t i = w; i <= name->last; ++i) {
                boost = std::max(boost, run[i]->boost);
            }
            w = name->last + 1;
        }
        if (boost != 1 && !out.back().empty) {
            out.back().query =
                Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, out.back().query, boost);
        }
    }
    return out;
}

std::vector<std::string>
proximity_terms(const Analyzer& analyzer, const std::vector<const Node*>& words) {
    std::vector<std::string> terms;
    for (const Node* w : words) {
        const std::vector<Token> tokens = analyzer.tokens(w->text, CjkMode::kQuery);
        if (tokens.size() == 1 && tokens[0].kind == TokenKind::kWord
            && !analyzer.is_stopword(tokens[0].term)
            && std::find(terms.begin(), terms.end(), tokens[0].term) == terms.end()) {
            terms.push_back(tokens[0].term);
        }
    }
    if (terms.size() < 2) {
        terms.clear();
    }
    return terms;
}

Xapian::termcount proximity_window(std::size_t terms) {
    return static_cast<Xapian::termcount>(terms) + QueryParser::kProximitySlack;
}

}  // namespace newsdex::detail
