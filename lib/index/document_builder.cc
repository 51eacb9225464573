// SPDX-License-Identifier: MIT
#include "index/document_builder.h"

#include "newsdex/schema.h"

#include "analysis/fold.h"
#include "analysis/layout.h"
#include "catalog/reader.h"
#include "index/near_duplicates.h"
#include "schema/encoding.h"

#include <nlohmann/json.hpp>
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <memory>
#include <unordered_set>

namespace newsdex::detail {

namespace {

constexpr const schema::Field& kTitle = schema::field("title");
constexpr const schema::Field& kId = schema::field("id");
constexpr const schema::Field& kSource = schema::field("source");

std::string hex64(XXH64_hash_t h) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

struct XxhStateFree {
    void operator()(XXH3_state_t* s) const { XXH3_freeState(s); }
};

// What the body's words are summed up in: the exact hash (Slot::kBodyHash)
// and the near-duplicate sketch (Slot::kNearSketch).
struct BodyDigest {
    std::unique_ptr<XXH3_state_t, XxhStateFree> hash{XXH3_createState()};
    SketchBuilder sketch;

    BodyDigest() { XXH3_64bits_reset(hash.get()); }

    void add(const std::string& term) {
        XXH3_64bits_update(hash.get(), term.data(), term.size() + 1);
        sketch.add(term);
    }
};

void add_value(Xapian::Document& doc, schema::Slot slot, const std::string& value) {
    doc.add_value(schema::slot_number(slot), value);
}

// Indexes one stretch of text: unprefixed words with positions (and the
// title's under its own prefix too), stems without positions.
class TextIndexer {
  public:
    TextIndexer(Xapian::Document& doc, const Analyzer& analyzer) : doc_(doc), analyzer_(analyzer) {}

    // Indexes tokens at `base` + their positions; returns the position after
    // the last one.
    Xapian::termpos index(
        const std::vector<Token>& tokens,
        Xapian::termpos base,
        Xapian::termcount wdf,
        std::string_view field_prefix,
        BodyDigest* digest
    ) {
        Xapian::termpos next = base;
        for (const Token& t : tokens) {
            const Xapian::termpos pos = base + t.position;
            next = std::max(next, pos + 1);
            doc_.add_posting(t.term, pos, wdf);
            if (!field_prefix.empty()) {
                doc_.add_posting(make_term(field_prefix, t.term), pos, 1);
            }
            if (Analyzer::stemmed(t.kind) && !analyzer_.is_stopword(t.term)) {
                const std::string stem = analyzer_.stem(t.term);
                doc_.add_term(stem_term({}, stem), wdf);
                if (!field_prefix.empty()) {
                    doc_.add_term(stem_term(field_prefix, stem), 1);
                }
            }
            if (digest != nullptr) {
                digest->add(t.term);
            }
        }
        return next;
    }

    // Indexes tokens without positions: found by word, not by phrase.
    void index_unpositioned(const std::vector<Token>& tokens, BodyDigest* digest) {
        for (const Token& t : tokens) {
            doc_.add_term(t.term, 1);
            if (Analyzer::stemmed(t.kind) && !analyzer_.is_stopword(t.term)) {
                doc_.add_term(stem_term({}, analyzer_.stem(t.term)), 1);
            }
            digest->add(t.term);
        }
    }

  private:
    Xapian::Document& doc_;
    const Analyzer& analyzer_;
};

void add_encoded(Xapian::Document& doc, const Encoded& encoded) {
    for (const std::string& term : encoded.terms) {
        doc.add_boolean_term(term);
    }
    for (const auto& [slot, value] : encoded.values) {
        add_value(doc, slot, value);
    }
}

void add_unique(std::vector<std::string>& list, const std::string& name) {
    if (std::find(list.begin(), list.end(), name) == list.end()) {
        list.push_back(name);
    }
}

// The words of an article for Xapian's spelling data, as it spells them.
void collect_spelling(const TokenizedText& part, std::unordered_set<std::string>& spelling) {
    for (const Token& t : part.tokens) {
        if (t.kind != TokenKind::kWord) {
            continue;
        }
        std::string word =
            t.respelled
                ? fold_word(part.text.substr(t.begin, t.end - t.begin), Analyzer::kMaxTermBytes)
                : t.term;
        if (spelling_word(word)) {
            spelling.insert(std::move(word));
        }
    }
}

// What indexing an article's text gave besides the document's terms.
struct IndexedText {
    std::vector<TokenizedText> parts;  // the title and the positioned paragraphs, tokenized
    std::unordered_set<std::string> spelling;
};

// Indexes text without positions a stretch at a time (cut at white space),
// so that the tokens held at once stay few however long a line is.
void index_unpositioned(
    TextIndexer& indexer, const Analyzer& analyzer, std::string_view text, BodyDigest* digest
) {
    constexpr std::size_t kStretch = std::size_t{1} << 20;
    while (!text.empty()) {
        std::size_t cut = text.size();
        if (cut > kStretch) {
            cut = text.find_last_of(" \t\n", kStretch);
            if (cut == std::string_view::npos || cut == 0) {
                cut = utf8_prefix(text, kStretch).size();
            }
            if (cut == 0) {
                cut = text.size();
            }
        }
        indexer.index_unpositioned(analyzer.tokens(text.substr(0, cut)), digest);
        text.remove_prefix(cut);
    }
}

// Whether the words of a paragraph count towards an article's score. A
// dateline (`NEW YORK, March 3 -`) and boilerplate (breadcrumbs, credits)
// are indexed with no within-document frequency: they are found (a phrase,
// a place; the dateline's place is an entity of the article) but weigh
// nothing, nor do they lengthen the article.
bool carries_weight(LineRole role) {
    return role != LineRole::kDateline && role != LineRole::kBoilerplate;
}

// Title first, then a gap, then the body's paragraphs (`body`, laid out:
// a line break inside a paragraph is a space) with a gap between them.
// Headlines, datelines, boilerplate and asides are indexed (they are words
// of the article; datelines and boilerplate without weight); a repeated
// paragraph is indexed once, a sign-off not at all. Each stretch is tokenized once, for the terms
// and for the entities. `body` lays out the part of the article's text indexed with positions; the
// text after it is indexed without, a stretch at a time.
IndexedText index_text(
    const Article& article, const Layout& body, const Analyzer& analyzer, Xapian::Document& doc
) {
    TextIndexer text(doc, analyzer);
    IndexedText out;
    out.parts.push_back(TokenizedText{article.title, 0, analyzer.tokens(article.title)});
    Xapian::termpos pos =
        text.index(out.parts.back().tokens, 1, kTitleWdf, kTitle.prefix, nullptr) + kTitleGap;
    collect_spelling(out.parts.back(), out.spelling);
    BodyDigest digest;
    for (const Token& t : out.parts.front().tokens) {
        digest.sketch.add_title(t.term);
    }
    for (const Line& line : body.lines) {
        if (line.role == LineRole::kBlank || line.role == LineRole::kRepeat
            || line.role == LineRole::kSignOff) {
            continue;
        }
        const std::string_view content =
            std::string_view(body.text).substr(line.begin, line.end - line.begin);
        out.parts.push_back(TokenizedText{content, line.begin, analyzer.tokens(content)});
        const Xapian::termcount wdf = carries_weight(line.role) ? 1 : 0;
        pos = text.index(out.parts.back().tokens, pos, wdf, {}, &digest) + 1;
        collect_spelling(out.parts.back(), out.spelling);
    }
    index_unpositioned(
        text, analyzer, std::string_view(article.body).substr(body.text.size()), &digest
    );
    add_value(doc, schema::Slot::kBodyHash, hex64(XXH3_64bits_digest(digest.hash.get())));
    if (std::string sketch = digest.sketch.finish(); !sketch.empty()) {
        add_value(doc, schema::Slot::kNearSketch, sketch);
    }
    return out;
}

// A leader the gazetteer knows the offices of is a leader only when the
// article's date falls within one of their terms; on other days they are a
// person (which every leader also is). An undated article keeps them all.
void keep_leaders_in_office(
    EntityMap& entities, const Article& article, const EntityExtractor& extractor
) {
    const auto leaders = entities.find(field_of(EntityType::kLeader));
    if (leaders == entities.end()) {
        return;
    }
    const std::uint32_t day =
        article.date ? day_number(article.date->year, article.date->month, article.date->day) : 0;
    const Gazetteer& gazetteer = extractor.gazetteer();
    std::vector<std::string>& names = leaders->second;
    names.erase(
        std::remove_if(
            names.begin(),
            names.end(),
            [&](const std::string& name) {
                const std::int64_t e =
                    gazetteer.find(EntityType::kLeader, extractor.analyzer().fold(name));
                return e >= 0 && !gazetteer.leader_on(static_cast<std::uint32_t>(e), day);
            }
        ),
        names.end()
    );
    if (names.empty()) {
        entities.erase(leaders);
    }
}

// The article's entities: those of its metadata, then those its text
// names; `origins` says where each came from.
EntityMap article_entities(
    const Article& article,
    const EntityExtractor* extractor,
    const std::vector<TokenizedText>& parts,
    EntityOrigins& origins
) {
    EntityMap entities = metadata_entities(article);
    const auto from_metadata = [&origins](const EntityMap& map) {
        for (const auto& [field, names] : map) {
            for (const std::string& name : names) {
                origins[field].emplace(name, Origin::kMetadata);
            }
        }
    };
    if (extractor == nullptr) {
        from_metadata(entities);
    } else {
        // Names given in metadata are resolved through the gazetteer like
        // names in the text, and filed under their entity's field
        // (`west-germany` among an archive's places is the country West
        // Germany); a name it does not know is kept as given.
        EntityMap resolved;
        for (const auto& [field, names] : entities) {
            for (const std::string& name : names) {
                const std::int64_t e =
                    extractor->gazetteer().resolve_given(field, name, extractor->analyzer());
                if (e < 0) {
                    add_unique(resolved[field], name);
                    continue;
                }
                const Entity& entity =
                    extractor->gazetteer().entities()[static_cast<std::size_t>(e)];
                add_unique(resolved[std::string(field_of(entity.type))], entity.name);
                if (const std::string_view also = also_fills(entity.type); !also.empty()) {
                    add_unique(resolved[std::string(also)], entity.name);
                }
            }
        }
        entities = std::move(resolved);
        from_metadata(entities);
        const Extraction found = extractor->extract(parts);
        for (const auto& [field, names] : found.entities) {
            auto& list = entities[field];
            const auto of_field = found.origins.find(field);
            for (std::size_t i = 0; i < names.size(); ++i) {
                add_unique(list, names[i]);
                const bool known = of_field != found.origins.end() && i < of_field->second.size();
                origins[field].emplace(names[i], known ? of_field->second[i] : Origin::kDiscovery);
            }
        }
        keep_leaders_in_office(entities, article, *extractor);
    }
    return entities;
}

}  // namespace

bool spelling_word(std::string_view term) noexcept {
    return term.size() >= 3 && term.size() <= 30
           && std::all_of(term.begin(), term.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string
content_hash(const Article& article, const std::string& analysis, std::string_view origin) {
    // Fields are separated by a byte that clean text never holds, so that
    // moving text between fields changes the hash.
    const std::string_view where = origin.empty() ? std::string_view(article.path) : origin;
    // Streamed (the same digest as hashing the joined bytes at once), so
    // that a long body is not copied.
    std::unique_ptr<XXH3_state_t, XxhStateFree> state(XXH3_createState());
    XXH3_128bits_reset(state.get());
    const auto add = [&](std::string_view bytes) {
        XXH3_128bits_update(state.get(), bytes.data(), bytes.size());
    };
    for (const std::string_view part :
         {std::string_view(analysis),
          std::string_view(article.id),
          std::string_view(article.title),
          std::string_view(article.source),
          std::string_view(article.url),
          where,
          std::string_view(article.body)}) {
        add(part);
        add("\x1f");
    }
    add(article.date ? article.date->iso() : std::string());
    for (const auto& [key, names] : article.entities) {
        add("\x1e");
        add(key);
        for (const std::string& name : names) {
            add("\x1f");
            add(name);
        }
    }
    for (const auto& [key, values] : article.fields) {
        add("\x1d");
        add(key);
        for (const std::string& value : values) {
            add("\x1f");
            add(value);
        }
    }
    for (const auto& [key, number] : article.numbers) {
        add("\x1c");
        add(key);
        add("\x1f");
        add(number_text(number));
    }
    const XXH128_hash_t h = XXH3_128bits_digest(state.get());
    return hex64(h.high64) + hex64(h.low64);
}

EntityMap metadata_entities(const Article& article) {
    EntityMap out;
    for (const schema::Field& field : schema::kFields) {
        if (field.metadata.empty() || !field.entity.gazetteer) {
            continue;
        }
        const auto it = article.entities.find(field.metadata);
        if (it == article.entities.end()) {
            continue;
        }
        auto& names = out[std::string(field.name)];
        for (const std::string& name : it->second) {
            if (!name.empty()) {
                add_unique(names, name);
            }
        }
    }
    // The fields an entity field also fills (a leader is also a person).
    for (const schema::Field& field : schema::kFields) {
        const auto names = out.find(field.name);
        if (field.entity.also_counts_as.empty() || names == out.end()) {
            continue;
        }
        const std::vector<std::string> copy = names->second;
        auto& also = out[std::string(field.entity.also_counts_as)];
        for (const std::string& name : copy) {
            add_unique(also, name);
        }
    }
    for (auto it = out.begin(); it != out.end();) {
        it = it->second.empty() ? out.erase(it) : std::next(it);
    }
    return out;
}

std::string document_data(
    const Article& article,
    const EntityMap& entities,
    const EntityOrigins& origins,
    std::string_view stored_body
) {
    nlohmann::json data;
    data["id"] = article.id;
    data["title"] = article.title;
    data["date"] = article.date ? nlohmann::json(article.date->iso()) : nlohmann::json(nullptr);
    data["source"] = article.source;
    data["url"] = article.url;
    data["path"] = article.path;
    data["entities"] = nlohmann::json::object();
    data["entity_origins"] = nlohmann::json::object();
    for (const auto& [field, names] : entities) {
        data["entities"][field] = names;
        const auto of_field = origins.find(field);
        nlohmann::json list = nlohmann::json::array();
        for (const std::string& name : names) {
            Origin origin = Origin::kMetadata;
            if (of_field != origins.end()) {
                if (const auto it = of_field->second.find(name); it != of_field->second.end()) {
                    origin = it->second;
                }
            }
            list.push_back(origin_name(origin));
        }
        data["entity_origins"][field] = std::move(list);
    }
    data["body"] = stored_body;
    return data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

BuiltDocument build_document(
    const Article& article,
    const Analyzer& analyzer,
    const EntityExtractor* extractor,
    const std::string& hash
) {
    BuiltDocument built;
    Xapian::Document& doc = built.document;
    built.id_term = make_term(kId, article.id);
    built.content_hash = hash;
    doc.add_boolean_term(built.id_term);
    add_value(doc, kId.slot, article.id);
    add_value(doc, schema::Slot::kContentHash, hash);

    // The first kMaxPositionedBytes are stored and indexed with positions;
    // the rest of a very long article is indexed by word only.
    const std::size_t positioned = positioned_length(article.body);
    // Only that part is laid out in paragraphs (a copy of the text).
    const Layout body = layout(std::string_view(article.body).substr(0, positioned));
    IndexedText text = index_text(article, body, analyzer, doc);
    if (!article.source.empty()) {
        add_encoded(doc, encode_names(kSource, {article.source}, analyzer));
    }
    if (article.date) {
        add_encoded(doc, encode_date(*article.date));
    }
    EntityOrigins origins;
    const EntityMap entities = article_entities(article, extractor, text.parts, origins);
    for (const auto& [name, values] : entities) {
        if (const schema::Field* field = schema::find_field(name)) {
            add_encoded(doc, encode_names(*field, values, analyzer));
        }
    }
    // Dynamic fields: their terms and values wait for settle_dynamic_fields,
    // which knows the kind the index gives each name.
    for (const auto& [name, values] : article.fields) {
        if (is_dynamic_field_name(name)) {  // the readers refuse others; a program may not
            built.fields.emplace_back(name, values);
        }
    }
    for (const auto& [name, number] : article.numbers) {
        if (is_dynamic_field_name(name) && std::isfinite(number)) {
            built.numbers.emplace_back(name, number);
        }
    }
    doc.set_data(document_data(
        article, entities, origins, std::string_view(article.body).substr(0, positioned)
    ));
    built.spelling.assign(text.spelling.begin(), text.spelling.end());
    std::sort(built.spelling.begin(), built.spelling.end());
    return built;
}

SettledFields settle_dynamic_fields(BuiltDocument& built, DynamicKinds& kinds) {
    SettledFields out;
    Xapian::Document& doc = built.document;
    // A boolean term per value, and every string value in one slot for
    // their facets; a number field's number in its own slot too.
    std::vector<std::string> listed;
    for (const auto& [name, values] : built.fields) {
        const DynamicField& field = kinds.claim(name, kStringKind);
        if (field.is_number()) {
            out.clashes.emplace_back(name, KindClash::kStringDropped);
            continue;
        }
        const std::string prefix = dynamic_prefix(name);
        for (const std::string& value : values) {
            doc.add_boolean_term(make_term(prefix, value));
            listed.push_back(dynamic_slot_value(name, value));
        }
        out.indexed.push_back(name);
    }
    for (const auto& [name, number] : built.numbers) {
        const DynamicField& field = kinds.claim(name, kNumberKind);
        const std::string text = number_text(number);
        doc.add_boolean_term(make_term(dynamic_prefix(name), text));
        if (field.is_number()) {
            doc.add_value(field.slot, number_value(number));
        } else {
            listed.push_back(dynamic_slot_value(name, text));
            out.clashes.emplace_back(name, KindClash::kNumberAsString);
        }
        out.indexed.push_back(name);
    }
    if (!listed.empty()) {
        std::sort(listed.begin(), listed.end());
        listed.erase(std::unique(listed.begin(), listed.end()), listed.end());
        add_value(doc, schema::Slot::kDynamic, encode_list(listed));
    }
    std::sort(out.indexed.begin(), out.indexed.end());
    out.indexed.erase(std::unique(out.indexed.begin(), out.indexed.end()), out.indexed.end());
    built.fields.clear();
    built.numbers.clear();
    return out;
}

}  // namespace newsdex::detail
