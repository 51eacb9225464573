// SPDX-License-Identifier: MIT
#include "index/document_builder.h"

#include "newsdex/schema.h"

#include "analysis/fold.h"
#include "analysis/layout.h"
#include "catalog/reader.h"
#include "schema/schema_util.h"

#include <nlohmann/json.hpp>
#include <xxhash.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <unordered_set>

namespace newsdex::detail {

namespace {

constexpr const schema::Field& kTitle = schema::field("title");
constexpr const schema::Field& kId = schema::field("id");
constexpr const schema::Field& kSource = schema::field("source");
constexpr const schema::Field& kYear = schema::field("year");
constexpr const schema::Field& kMonth = schema::field("month");
constexpr const schema::Field& kDate = schema::field("date");

std::string hex64(XXH64_hash_t h) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
    return buf;
}

struct XxhStateFree {
    void operator()(XXH3_state_t* s) const { XXH3_freeState(s); }
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
        XXH3_state_t* body_hash
    ) {
        Xapian::termpos next = base;
        std::string stem_prefix = "Z";
        stem_prefix += field_prefix;
        for (const Token& t : tokens) {
            const Xapian::termpos pos = base + t.position;
            next = std::max(next, pos + 1);
            doc_.add_posting(t.term, pos, wdf);
            if (!field_prefix.empty()) {
                doc_.add_posting(make_term(field_prefix, t.term), pos, 1);
            }
            if (Analyzer::stemmed(t.kind) && !analyzer_.is_stopword(t.term)) {
                const std::string stem = analyzer_.stem(t.term);
                doc_.add_term(make_term("Z", stem), wdf);
                if (!field_prefix.empty()) {
                    doc_.add_term(make_term(stem_prefix, stem), 1);
                }
            }
            if (body_hash != nullptr) {
                XXH3_64bits_update(body_hash, t.term.data(), t.term.size() + 1);
            }
        }
        return next;
    }

    // Indexes tokens without positions: found by word, not by phrase.
    void index_unpositioned(const std::vector<Token>& tokens, XXH3_state_t* body_hash) {
        for (const Token& t : tokens) {
            doc_.add_term(t.term, 1);
            if (Analyzer::stemmed(t.kind) && !analyzer_.is_stopword(t.term)) {
                doc_.add_term(make_term("Z", analyzer_.stem(t.term)), 1);
            }
            XXH3_64bits_update(body_hash, t.term.data(), t.term.size() + 1);
        }
    }

  private:
    Xapian::Document& doc_;
    const Analyzer& analyzer_;
};

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
    std::string all;
    all.reserve(article.body.size() + 512);
    for (const std::string_view part :
         {std::string_view(analysis),
          std::string_view(article.id),
          std::string_view(article.title),
          std::string_view(article.source),
          std::string_view(article.url),
          where,
          std::string_view(article.body)}) {
        all += part;
        all.push_back('\x1f');
    }
    all += article.date ? article.date->iso() : std::string();
    for (const auto& [key, names] : article.entities) {
        all.push_back('\x1e');
        all += key;
        for (const std::string& name : names) {
            all.push_back('\x1f');
            all += name;
        }
    }
    const XXH128_hash_t h = XXH3_128bits(all.data(), all.size());
    return hex64(h.high64) + hex64(h.low64);
}

EntityMap metadata_entities(const Article& article) {
    EntityMap out;
    for (const schema::Field& field : schema::kFields) {
        if (field.metadata.empty() || field.values != schema::Values::kFolded
            || field.name == "source") {
            continue;
        }
        const auto it = article.entities.find(field.metadata);
        if (it == article.entities.end()) {
            continue;
        }
        auto& names = out[std::string(field.name)];
        for (const std::string& name : it->second) {
            if (!name.empty() && std::find(names.begin(), names.end(), name) == names.end()) {
                names.push_back(name);
            }
        }
    }
    // A leader is also a person.
    if (const auto leaders = out.find("leader"); leaders != out.end()) {
        auto& people = out["person"];
        for (const std::string& name : out["leader"]) {
            if (std::find(people.begin(), people.end(), name) == people.end()) {
                people.push_back(name);
            }
        }
    }
    for (auto it = out.begin(); it != out.end();) {
        it = it->second.empty() ? out.erase(it) : std::next(it);
    }
    return out;
}

std::string
document_data(const Article& article, const EntityMap& entities, std::string_view stored_body) {
    nlohmann::json data;
    data["id"] = article.id;
    data["title"] = article.title;
    data["date"] = article.date ? nlohmann::json(article.date->iso()) : nlohmann::json(nullptr);
    data["source"] = article.source;
    data["url"] = article.url;
    data["path"] = article.path;
    data["entities"] = nlohmann::json::object();
    for (const auto& [field, names] : entities) {
        data["entities"][field] = names;
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
    TextIndexer text(doc, analyzer);

    built.id_term = make_term(kId, article.id);
    built.content_hash = hash;
    doc.add_boolean_term(built.id_term);
    add_value(doc, kId.slot, article.id);
    add_value(doc, schema::Slot::kContentHash, hash);

    // Title first, then a gap, then the body's lines with a gap between
    // lines. Boilerplate and asides are indexed (they are words of the
    // article); a repeated paragraph is indexed once. Each stretch is
    // tokenized once, for the terms and for the entities.
    std::vector<TokenizedText> parts;
    parts.push_back(TokenizedText{article.title, 0, analyzer.tokens(article.title)});
    Xapian::termpos pos =
        text.index(parts.back().tokens, 1, kTitleWdf, kTitle.prefix, nullptr) + kTitleGap;
    std::unordered_set<std::string> spelling;
    const auto collect_spelling = [&spelling](const TokenizedText& part) {
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
    };
    collect_spelling(parts.back());
    std::unique_ptr<XXH3_state_t, XxhStateFree> body_hash(XXH3_createState());
    XXH3_64bits_reset(body_hash.get());
    // The first kMaxPositionedBytes are stored and indexed with positions;
    // the rest of a very long article is indexed by word only.
    const std::size_t positioned = positioned_length(article.body);
    for (const Line& line : layout_lines(article.body)) {
        if (line.role == LineRole::kBlank || line.role == LineRole::kRepeat) {
            continue;
        }
        const std::string_view content =
            std::string_view(article.body).substr(line.begin, line.end - line.begin);
        if (line.begin >= positioned) {
            text.index_unpositioned(analyzer.tokens(content), body_hash.get());
            continue;
        }
        parts.push_back(TokenizedText{content, line.begin, analyzer.tokens(content)});
        pos = text.index(parts.back().tokens, pos, 1, {}, body_hash.get()) + 1;
        collect_spelling(parts.back());
    }
    add_value(doc, schema::Slot::kBodyHash, hex64(XXH3_64bits_digest(body_hash.get())));

    if (!article.source.empty()) {
        doc.add_boolean_term(make_term(kSource, analyzer.fold(article.source)));
        add_value(doc, kSource.slot, article.source);
    }
    if (article.date) {
        const Date& d = *article.date;
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d", d.year);
        doc.add_boolean_term(make_term(kYear, buf));
        add_value(doc, kYear.slot, buf);
        std::snprintf(buf, sizeof buf, "%04d%02d", d.year, d.month);
        doc.add_boolean_term(make_term(kMonth, buf));
        std::snprintf(buf, sizeof buf, "%04d-%02d", d.year, d.month);
        add_value(doc, kMonth.slot, buf);
        std::snprintf(buf, sizeof buf, "%04d%02d%02d", d.year, d.month, d.day);
        doc.add_boolean_term(make_term(kDate, buf));
        add_value(doc, kDate.slot, buf);
        add_value(
            doc,
            schema::Slot::kTimestamp,
            Xapian::sortable_serialise(static_cast<double>(d.unix_seconds()))
        );
    }

    EntityMap entities = metadata_entities(article);
    if (extractor != nullptr) {
        for (const auto& [field, names] : extractor->extract(parts).entities) {
            auto& list = entities[field];
            for (const std::string& name : names) {
                if (std::find(list.begin(), list.end(), name) == list.end()) {
                    list.push_back(name);
                }
            }
        }
    }
    for (const auto& [name, values] : entities) {
        const schema::Field* field = schema::find_field(name);
        if (field == nullptr) {
            continue;
        }
        for (const std::string& value : values) {
            doc.add_boolean_term(make_term(*field, analyzer.fold(value)));
        }
        add_value(doc, field->slot, encode_list(values));
    }
    doc.set_data(
        document_data(article, entities, std::string_view(article.body).substr(0, positioned))
    );
    built.spelling.assign(spelling.begin(), spelling.end());
    std::sort(built.spelling.begin(), built.spelling.end());
    return built;
}

}  // namespace newsdex::detail
