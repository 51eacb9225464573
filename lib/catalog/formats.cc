// SPDX-License-Identifier: MIT
#include "catalog/formats.h"

#include "newsdex/schema.h"

#include "analysis/layout.h"
#include "util/escape.h"
#include "util/text.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdint>
#include <vector>

namespace newsdex::detail {

namespace {

// A JSON value as a metadata value: strings as they are, whole numbers as
// their digits (Reuters' ids are numbers), anything else named for messages.
FieldValue json_value(const nlohmann::json& v, std::size_t line, bool nested = false) {
    FieldValue out;
    out.line = line;
    if (v.is_null()) {
        out.kind = FieldValue::Kind::kNull;
        out.type = "null";
    } else if (v.is_string()) {
        out.kind = FieldValue::Kind::kText;
        out.text = v.get<std::string>();
    } else if (v.is_number_integer() || v.is_number_unsigned()) {
        out.kind = FieldValue::Kind::kText;
        out.text = v.dump();
        out.type = "a number";
    } else if (v.is_array() && !nested) {
        out.kind = FieldValue::Kind::kList;
        out.type = "an array";
        for (const nlohmann::json& item : v) {
            out.items.push_back(json_value(item, line, true));
        }
    } else {
        out.kind = FieldValue::Kind::kOther;
        if (v.is_boolean()) {
            out.type = "a boolean (" + v.dump() + ")";
        } else if (v.is_number()) {
            out.type = "a number with a fraction (" + v.dump() + ")";
        } else if (v.is_array()) {
            out.type = "an array";
        } else {
            out.type = "an object";
        }
    }
    return out;
}

// The first of `keys` that `obj` has with a value that is not null, else the
// first it has at all (null), else none.
const nlohmann::json* first_of(const nlohmann::json& obj, std::initializer_list<const char*> keys) {
    const nlohmann::json* null = nullptr;
    for (const char* key : keys) {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            continue;
        }
        if (!it->is_null()) {
            return &*it;
        }
        if (null == nullptr) {
            null = &*it;
        }
    }
    return null;
}

// What nlohmann's message says went wrong, without its prefix ("[json.
// exception.parse_error.101] parse error at line 1, column 39: ") and
// without the text it last read (which can be the whole line): the caller
// quotes a bounded excerpt instead.
std::string json_error(const std::string& what) {
    std::string detail = what;
    if (const std::size_t column = detail.find(", column "); column != std::string::npos) {
        if (const std::size_t colon = detail.find(": ", column); colon != std::string::npos) {
            detail = detail.substr(colon + 2);
        }
    }
    if (const std::size_t last = detail.find("; last read: "); last != std::string::npos) {
        detail.resize(last);
    }
    return detail;
}

// At most 40 bytes of `line` before `byte` (nlohmann counts bytes from 1),
// where the JSON breaks, quoted.
std::string json_excerpt(std::string_view line, std::size_t byte) {
    const std::size_t end = std::min(byte, line.size());
    std::size_t begin = end > 40 ? end - 40 : 0;
    while (begin > 0 && begin < end && (static_cast<unsigned char>(line[begin]) & 0xC0U) == 0x80U) {
        ++begin;
    }
    return std::string(begin > 0 ? "'\u2026" : "'") + escape(line.substr(begin, end - begin)) + "'";
}

// Finishes an article read from an archive format: clean text, title, id.
void finish(
    Article& article, ReadResult& result, const std::string& where, const std::string& default_id
) {
    std::vector<std::string> repairs;
    article.body = clean_text(article.body, repairs);
    limit_body(article.body, repairs);
    for (const std::string& r : repairs) {
        result.problems.push_back({where, r, false});
    }
    if (article.id.empty()) {
        article.id = default_id;
    }
    if (article.title.empty()) {
        const Layout body = layout(article.body);
        article.title = std::string(first_sentence(body.text, body.lines));
    }
}

std::string decode_entities(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '&') {
            out.push_back(s[i]);
            continue;
        }
        const std::size_t semi = s.find(';', i);
        if (semi == std::string_view::npos || semi - i > 10) {
            out.push_back('&');
            continue;
        }
        const std::string name(s.substr(i + 1, semi - i - 1));
        std::string replacement;
        if (name == "amp") {
            replacement = "&";
        } else if (name == "lt") {
            replacement = "<";
        } else if (name == "gt") {
            replacement = ">";
        } else if (name == "quot") {
            replacement = "\"";
        } else if (name == "apos") {
            replacement = "'";
        } else if (name.size() > 1 && name[0] == '#') {
            const unsigned long code = name[1] == 'x' || name[1] == 'X'
                                           ? std::strtoul(name.c_str() + 2, nullptr, 16)
                                           : std::strtoul(name.c_str() + 1, nullptr, 10);
            if (code > 0 && code < 0x110000 && !(code >= 0xD800 && code < 0xE000)) {
                // UTF-8 encode.
                if (code < 0x80) {
                    replacement.push_back(static_cast<char>(code));
                } else if (code < 0x800) {
                    replacement.push_back(static_cast<char>(0xC0 | (code >> 6)));
                    replacement.push_back(static_cast<char>(0x80 | (code & 0x3F)));
                } else if (code < 0x10000) {
                    replacement.push_back(static_cast<char>(0xE0 | (code >> 12)));
                    replacement.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
                    replacement.push_back(static_cast<char>(0x80 | (code & 0x3F)));
                } else {
                    replacement.push_back(static_cast<char>(0xF0 | (code >> 18)));
                    replacement.push_back(static_cast<char>(0x80 | ((code >> 12) & 0x3F)));
                    replacement.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
                    replacement.push_back(static_cast<char>(0x80 | (code & 0x3F)));
                }
            }
        }
        if (replacement.empty() && !(name.size() > 1 && name[0] == '#')) {
            out.push_back('&');
            continue;
        }
        out += replacement;
        i = semi;
    }
    return out;
}

// One element of a TREC document: its contents, and where its open tag is
// when it has no close tag.
struct Element {
    std::string_view text;
    std::size_t open_at = 0;
    bool closed = true;
};

// The contents of every <tag>...</tag> element (any case) in `doc`. An
// element without its close tag runs to the next tag when it holds one
// value (`text_tag` false: DOCNO, HEADLINE...), and to the next element of
// its kind or the document's end when it holds text.
std::vector<Element>
elements(std::string_view doc, const std::string& lower_doc, std::string_view tag, bool text_tag) {
    std::vector<Element> out;
    const std::string open = "<" + std::string(tag);
    const std::string close = "</" + std::string(tag) + ">";
    // The next open tag of this kind from `from` (not one that only starts
    // with its name: <DOCNO> is no <DOC>).
    const auto next_open = [&](std::size_t from) {
        std::size_t at = from;
        while ((at = lower_doc.find(open, at)) != std::string::npos) {
            const std::size_t after = at + open.size();
            if (after >= lower_doc.size() || lower_doc[after] == '>' || lower_doc[after] == ' ') {
                return at;
            }
            at = after;
        }
        return std::string::npos;
    };
    std::size_t at = 0;
    while ((at = next_open(at)) != std::string::npos) {
        const std::size_t start = lower_doc.find('>', at + open.size());
        if (start == std::string::npos) {
            break;
        }
        const std::size_t end = lower_doc.find(close, start);
        const std::size_t next = next_open(start);
        if (end != std::string::npos && (next == std::string::npos || end < next)) {
            out.push_back({doc.substr(start + 1, end - start - 1), at, true});
            at = end + close.size();
            continue;
        }
        std::size_t stop = doc.size();
        if (!text_tag) {
            stop = std::min(stop, lower_doc.find('<', start));
        } else {
            stop = std::min({stop, next, lower_doc.find("</doc>", start)});
        }
        out.push_back({doc.substr(start + 1, stop - start - 1), at, false});
        at = stop;
    }
    return out;
}

// The line of `doc` (whose first line is `first_line`) that `offset` is on.
std::size_t line_at(std::string_view doc, std::size_t offset, std::size_t first_line) {
    return first_line
           + static_cast<std::size_t>(
               std::count(doc.begin(), doc.begin() + static_cast<std::ptrdiff_t>(offset), '\n')
           );
}

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(std::toupper(c));
    });
    return out;
}

// Text of an element with its inner tags dropped (a <P> starts a line).
std::string inner_text(std::string_view s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '<') {
            const std::size_t end = s.find('>', i);
            if (end != std::string_view::npos && end - i < 64) {
                const std::string tag =
                    lower_ascii(s.substr(i + 1, std::min<std::size_t>(2, end - i - 1)));
                if (tag == "p" || tag == "p " || tag == "/p") {
                    out.push_back('\n');
                }
                i = end;
                continue;
            }
        }
        out.push_back(s[i]);
    }
    return decode_entities(out);
}

// The metadata fields of a JSON article object; what cannot be used is
// told in `problems`.
Metadata json_metadata(
    const nlohmann::json& obj,
    const std::string& where,
    const std::string& default_id,
    std::vector<InputProblem>& problems
) {
    Metadata meta;
    std::vector<FieldProblem> field_problems;
    FieldContext ctx;
    ctx.id_fallback = "indexed with the id " + quote(default_id, kMaxQuotedPath);
    ctx.squeeze_ids = false;
    // Each field by its name and the other name archives give it.
    static constexpr std::array<std::array<const char*, 2>, 10> kFields{{
        {"id", nullptr},
        {"title", "headline"},
        {"source", nullptr},
        {"url", nullptr},
        {"date", "published"},
        {"leaders", nullptr},
        {"people", nullptr},
        {"countries", nullptr},
        {"places", nullptr},
        {"orgs", nullptr},
    }};
    for (const auto& [field, alias] : kFields) {
        const nlohmann::json* v =
            alias != nullptr ? first_of(obj, {field, alias}) : first_of(obj, {field});
        if (v != nullptr) {
            read_field(field, json_value(*v, 0), ctx, meta, field_problems);
        }
    }
    for (FieldProblem& f : field_problems) {
        problems.push_back({where, std::move(f.message), false});
    }
    return meta;
}

// The keys a JSON Lines article is read from (json_metadata, the body).
constexpr std::string_view kReadKeys[] = {
    "id",
    "title",
    "headline",
    "source",
    "url",
    "date",
    "published",
    "leaders",
    "people",
    "countries",
    "places",
    "orgs",
    "body",
    "text",
    "content",
};

// Why a lower-cased key cannot be a dynamic field: it is a built-in
// field's name or metadata key, or a name the reader reads; "" when it can.
std::string collision_of(const std::string& name) {
    if (name == "day") {
        return "the name of the built-in facet day";
    }
    for (const schema::Field& f : schema::kFields) {
        if (f.name == name || f.metadata == name) {
            return "the name of the built-in field " + std::string(f.name);
        }
    }
    if (std::find(std::begin(kReadKeys), std::end(kReadKeys), name) != std::end(kReadKeys)) {
        return "a field newsdex reads (" + name + ")";
    }
    return {};
}

// True for a JSON integer a double keeps exactly (at most 2^53 either way).
bool exact_integer(const nlohmann::json& value) {
    constexpr auto kMax = static_cast<std::uint64_t>(schema::kMaxExactInteger);
    if (value.is_number_unsigned()) {
        return value.get<std::uint64_t>() <= kMax;
    }
    const std::int64_t v = value.get<std::int64_t>();
    return v >= -static_cast<std::int64_t>(kMax) && v <= static_cast<std::int64_t>(kMax);
}

// Why the lower-cased key `name` cannot name a dynamic field; "" when it can.
std::string dynamic_name_problem(const std::string& name) {
    if (const std::string clash = collision_of(name); !clash.empty()) {
        return clash + "; rename it in the input to search it as a field";
    }
    if (!schema::is_dynamic_name(name)) {
        return "not a field name (a letter, then letters, digits or _, at most "
               + std::to_string(schema::kMaxDynamicName)
               + " bytes); rename it in the input to search it as a field";
    }
    return {};
}

// One number under `name`: a number field of the article (a list of
// numbers is refused by read_string_field). Why it is refused; "" when read.
std::string
read_number_field(const std::string& name, const nlohmann::json& value, Article& article) {
    const double number = value.get<double>();
    if (!std::isfinite(number)) {
        return "a number out of range (beyond a double's); give it as a string to search "
               "it exactly";
    }
    if (!value.is_number_float() && !exact_integer(value)) {
        return "an integer too large to keep exactly (beyond 2^53 = 9007199254740992); "
               "give it as a string to search it exactly";
    }
    article.numbers[name] = number == 0 ? 0.0 : number;
    return {};
}

// A string or a list of strings under `name`: a string field of the article
// (each distinct value once). Why it is refused; "" when read.
std::string
read_string_field(const std::string& name, const nlohmann::json& value, Article& article) {
    std::vector<std::string> values;
    bool other = false;
    bool numbers = false;
    const auto take = [&](const nlohmann::json& v) {
        numbers = numbers || v.is_number();
        if (!v.is_string()) {
            other = other || !v.is_null();
            return;
        }
        std::string text = squeeze(v.get_ref<const std::string&>());
        if (!text.empty() && std::find(values.begin(), values.end(), text) == values.end()) {
            values.push_back(std::move(text));
        }
    };
    if (value.is_array()) {
        for (const nlohmann::json& element : value) {
            take(element);
        }
    } else {
        take(value);
    }
    if (numbers) {
        return "a list holding numbers (a number field holds one number per article); give "
               "one number, or a list of strings";
    }
    if (other) {
        return "a value that is not a string, a number or a list of strings (objects and "
               "booleans are not indexed as fields)";
    }
    if (!values.empty()) {
        auto& list = article.fields[name];
        for (std::string& v : values) {
            if (std::find(list.begin(), list.end(), v) == list.end()) {
                list.push_back(std::move(v));
            }
        }
    }
    return {};
}

// Records that the article's field `key` (as typed) is not indexed, and why.
void refuse_field(Article& article, const std::string& key, const std::string& why) {
    article.refused_fields.push_back(key + "\t" + why);
}

// The metadata fields of a JSON Lines article that the schema does not
// know: a string or a list of strings, or one number, under a valid name is
// a dynamic field of the article; anything else is refused, and the run
// counts it.
void read_dynamic_fields(const nlohmann::json& obj, Article& article) {
    for (const auto& item : obj.items()) {
        const std::string& key = item.key();
        const nlohmann::json& value = item.value();
        if (value.is_null()
            || std::find(std::begin(kReadKeys), std::end(kReadKeys), key) != std::end(kReadKeys)) {
            continue;
        }
        const std::string name = lower_ascii(key);
        std::string why = dynamic_name_problem(name);
        if (why.empty()) {
            why = value.is_number() ? read_number_field(name, value, article)
                                    : read_string_field(name, value, article);
        }
        if (!why.empty()) {
            refuse_field(article, key, why);
        }
    }
}

// TREC text is wrapped at a fixed width: the lines of a paragraph are
// joined, and paragraphs (blank lines, <P>, a first line indented further
// than the others: docs/articles.md) kept apart.
std::string join_wrapped(const std::string& text) {
    std::size_t margin = std::string::npos;
    for (std::size_t at = 0; at < text.size();) {
        std::size_t eol = text.find('\n', at);
        eol = eol == std::string::npos ? text.size() : eol;
        const std::size_t ink = text.find_first_not_of(" \t\r", at);
        if (ink != std::string::npos && ink < eol) {
            margin = std::min(margin, ink - at);
        }
        at = eol + 1;
    }
    std::string joined;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t eol = text.find('\n', start);
        if (eol == std::string::npos) {
            eol = text.size();
        }
        const std::string line = squeeze(std::string_view(text).substr(start, eol - start));
        if (line.empty()) {
            if (!joined.empty() && joined.back() != '\n') {
                joined.push_back('\n');
            }
        } else {
            const std::size_t indent = text.find_first_not_of(" \t", start) - start;
            if (!joined.empty() && joined.back() != '\n') {
                joined.push_back(indent > margin ? '\n' : ' ');
            }
            joined += line;
        }
        start = eol + 1;
    }
    return joined;
}

}  // namespace

ReadResult
article_from_json(std::string_view line, const std::string& where, const std::string& default_id) {
    ReadResult result;
    nlohmann::json obj;
    try {
        obj = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
        result.problems.push_back(
            {where,
             "not valid JSON at byte " + std::to_string(e.byte) + " ("
                 + escape(json_error(e.what())) + ", after " + json_excerpt(line, e.byte)
                 + "); line skipped, fix it and index again",
             true}
        );
        return result;
    }
    if (!obj.is_object()) {
        result.problems.push_back(
            {where,
             "a JSON Lines article is a JSON object, this line is "
                 + (obj.is_array()    ? std::string("an array")
                    : obj.is_string() ? std::string("a string")
                                      : json_value(obj, 0).type)
                 + "; line skipped, fix it and index again",
             true}
        );
        return result;
    }
    const Metadata meta = json_metadata(obj, where, default_id, result.problems);
    Article article;
    article.path = where;
    fill_from(meta, article);
    read_dynamic_fields(obj, article);
    const nlohmann::json* body = first_of(obj, {"body", "text", "content"});
    if (body == nullptr || body->is_null()) {
        result.problems.push_back(
            {where, "no `body` (or `text`, `content`); line skipped, fix it and index again", true}
        );
        return result;
    }
    if (!body->is_string()) {
        result.problems.push_back(
            {where,
             "`body` must be a string, got " + json_value(*body, 0).type
                 + "; line skipped, fix it and index again",
             true}
        );
        return result;
    }
    // Moved out of the parsed line rather than copied (a long article).
    for (const char* key : {"body", "text", "content"}) {
        if (const auto it = obj.find(key); it != obj.end() && &*it == body) {
            article.body = std::move(it->get_ref<std::string&>());
            break;
        }
    }
    finish(article, result, where, default_id);
    if (std::all_of(article.body.begin(), article.body.end(), [](char c) {
            return c == ' ' || c == '\n' || c == '\t';
        })) {
        result.problems.push_back(
            {where, "empty article (no text in `body`); line skipped, fix it and index again", true}
        );
        return result;
    }
    result.article = std::move(article);
    return result;
}

ReadResult article_from_trec(
    std::string_view doc,
    const std::string& where,
    const std::string& default_id,
    std::size_t first_line
) {
    ReadResult result;
    const std::string lower_doc = lower_ascii(doc);
    Article article;
    article.path = where;
    // An element without its close tag is read as elements() says, and named.
    const auto unclosed = [&](const Element& e, std::string_view tag, const char* read_to) {
        if (e.closed) {
            return;
        }
        std::string at;
        if (first_line != 0) {
            at = " (line " + std::to_string(line_at(doc, e.open_at, first_line)) + ")";
        }
        const std::string name = upper(tag);
        result.problems.push_back(
            {where, "<" + name + ">" + at + " has no </" + name + ">; read up to " + read_to, false}
        );
    };
    const auto first = [&](std::initializer_list<const char*> tags) {
        for (const char* tag : tags) {
            const auto found = elements(doc, lower_doc, tag, false);
            if (!found.empty()) {
                unclosed(found.front(), tag, "the next tag");
                return squeeze(inner_text(found.front().text));
            }
        }
        return std::string();
    };
    article.id = first({"docno"});
    article.title = first({"headline", "head", "title", "hl"});
    article.source = first({"source", "publication", "so"});
    const std::string date = first({"date"});
    if (!date.empty()) {
        article.date = Date::parse(date);
        if (!article.date) {
            result.problems.push_back(
                {where, "bad date " + quote(date) + "; indexed without a date", false}
            );
        }
    }
    const char* text_tag = nullptr;
    for (const char* tag : {"text", "body", "lp"}) {
        const std::vector<Element> parts = elements(doc, lower_doc, tag, true);
        if (!parts.empty() && text_tag == nullptr) {
            text_tag = tag;
        }
        for (const Element& part : parts) {
            unclosed(part, tag, "the end of the document");
            if (!article.body.empty()) {
                article.body += "\n";
            }
            article.body += join_wrapped(inner_text(part.text));
        }
        if (!article.body.empty()) {
            break;
        }
    }
    finish(article, result, where, default_id);
    if (std::all_of(article.body.begin(), article.body.end(), [](char c) {
            return c == ' ' || c == '\n' || c == '\t';
        })) {
        result.problems.push_back(
            {where,
             text_tag == nullptr
                 ? "TREC document without text (no <TEXT>, <BODY> or <LP>); skipped"
                 : "TREC document whose <" + upper(text_tag) + "> is empty; skipped",
             true}
        );
        return result;
    }
    result.article = std::move(article);
    return result;
}

}  // namespace newsdex::detail
