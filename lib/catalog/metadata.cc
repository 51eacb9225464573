// SPDX-License-Identifier: MIT
// Metadata fields (front matter, catalog rows, JSON objects) and catalogs.
#include "catalog/reader.h"
#include "util/escape.h"
#include "util/text.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace newsdex::detail {

namespace {

std::optional<std::string> scalar(const YAML::Node& node) {
    if (!node || !node.IsScalar()) {
        return std::nullopt;
    }
    std::string value = squeeze(node.Scalar());
    if (value.empty()) {
        return std::nullopt;
    }
    return value;
}

constexpr std::string_view kEntityKeys[] = {"leaders", "people", "countries", "places", "orgs"};

bool is_entity_key(std::string_view key) {
    return std::find(std::begin(kEntityKeys), std::end(kEntityKeys), key) != std::end(kEntityKeys);
}

// What an unusable value of a single-value field leaves the article with.
std::string consequence(std::string_view key, const FieldContext& ctx) {
    if (key == "id") {
        return ctx.id_fallback;
    }
    if (key == "title") {
        return "the title is taken from the text";
    }
    if (key == "date") {
        return "indexed without a date";
    }
    return "ignored";
}

std::string field_name(std::string_view key) {
    return "`" + std::string(key) + "`";
}

// The names of an entity list (a list of strings, or one string).
void read_entities(
    std::string_view key,
    const FieldValue& value,
    Metadata& out,
    std::vector<FieldProblem>& problems
) {
    // A number is no name (a whole number stands for text elsewhere).
    const auto is_name = [](const FieldValue& v) {
        return v.kind == FieldValue::Kind::kText && v.type.empty();
    };
    std::vector<std::string> names;
    if (is_name(value)) {
        // One name where a list is expected is a list of one (documented).
        if (std::string name = squeeze(value.text); !name.empty()) {
            names.push_back(std::move(name));
        }
    } else if (value.kind == FieldValue::Kind::kList) {
        // Each item that is not a name is named (the first three).
        std::string bad;
        std::size_t count = 0;
        std::size_t line = 0;
        for (std::size_t i = 0; i < value.items.size(); ++i) {
            const FieldValue& item = value.items[i];
            if (is_name(item)) {
                if (std::string name = squeeze(item.text); !name.empty()) {
                    names.push_back(std::move(name));
                }
                continue;
            }
            if (item.kind == FieldValue::Kind::kNull) {
                continue;  // nothing, as an empty name
            }
            if (++count <= 3) {
                bad += (count > 1 ? ", item " : "item ") + std::to_string(i + 1) + " (" + item.type
                       + ")";
                line = line == 0 ? item.line : line;
            }
        }
        if (count > 0) {
            if (count > 3) {
                bad += " and " + std::to_string(count - 3) + " more";
            }
            problems.push_back(
                {line != 0 ? line : value.line,
                 field_name(key) + ": " + bad + (count == 1 ? " is not a name" : " are not names")
                     + "; left out"}
            );
        }
    } else if (value.kind != FieldValue::Kind::kNull) {
        problems.push_back(
            {value.line,
             field_name(key) + " must be a list of names, got " + value.type + "; ignored"}
        );
    }
    if (!names.empty()) {
        auto& list = out.entities[std::string(key)];
        list.insert(list.end(), names.begin(), names.end());
    }
}

// A YAML node as a FieldValue. An empty value is on its key's line,
// `key_line` (yaml-cpp marks it where the next token starts).
FieldValue yaml_value(const YAML::Node& node, std::size_t first_line, std::size_t key_line) {
    FieldValue out;
    out.line = key_line;
    if (!node || node.IsNull()) {
        out.kind = FieldValue::Kind::kNull;
        out.type = "empty";
        return out;
    }
    if (const int mark = node.Mark().line; mark >= 0) {
        out.line = static_cast<std::size_t>(mark) + first_line;
    }
    if (node.IsScalar()) {
        out.kind = FieldValue::Kind::kText;
        out.text = node.Scalar();
    } else if (node.IsSequence()) {
        out.kind = FieldValue::Kind::kList;
        out.type = "a list";
        for (const YAML::Node& item : node) {
            out.items.push_back(yaml_value(item, first_line, out.line));
        }
    } else {
        out.kind = FieldValue::Kind::kOther;
        out.type = "a mapping";
    }
    return out;
}

// What a YAML node is, for messages.
std::string yaml_type(const YAML::Node& node) {
    return node.IsScalar() ? std::string("a string") : yaml_value(node, 1, 0).type;
}

}  // namespace

void read_field(
    std::string_view key,
    const FieldValue& value,
    const FieldContext& ctx,
    Metadata& out,
    std::vector<FieldProblem>& problems
) {
    if (is_entity_key(key)) {
        read_entities(key, value, out, problems);
        return;
    }
    static constexpr std::string_view kSingle[] = {"id", "title", "date", "source", "url"};
    if (std::find(std::begin(kSingle), std::end(kSingle), key) == std::end(kSingle)) {
        return;  // other tools' fields are theirs
    }
    if (value.kind == FieldValue::Kind::kNull) {
        // No value is no field, but an article's identity is worth a word.
        if (key == "id") {
            problems.push_back({value.line, "`id` is " + value.type + "; " + ctx.id_fallback});
        }
        return;
    }
    if (value.kind != FieldValue::Kind::kText) {
        problems.push_back(
            {value.line,
             field_name(key) + " must be a string, got " + value.type + "; "
                 + consequence(key, ctx)}
        );
        return;
    }
    const bool keep_spaces = !ctx.squeeze_ids && (key == "id" || key == "url");
    std::string text = squeeze(value.text);
    if (text.empty()) {
        // An empty title, source or url is none; an empty id or date is
        // a value the article loses.
        if (key == "id" || key == "date") {
            problems.push_back({value.line, field_name(key) + " is empty; " + consequence(key, ctx)}
            );
        }
        return;
    }
    if (keep_spaces) {
        text = value.text;
    }
    if (key == "id") {
        out.id = std::move(text);
    } else if (key == "title") {
        out.title = std::move(text);
    } else if (key == "source") {
        out.source = std::move(text);
    } else if (key == "url") {
        out.url = std::move(text);
    } else {
        out.date = Date::parse(text);
        if (!out.date) {
            problems.push_back(
                {value.line,
                 "bad date " + quote(text)
                     + ": write ISO 8601 such as 2019-01-10 or 2019-06-20T19:00+08:00; "
                       "indexed without a date"}
            );
        }
    }
}

void read_metadata(
    const YAML::Node& node,
    std::size_t first_line,
    const FieldContext& ctx,
    Metadata& out,
    std::vector<FieldProblem>& problems
) {
    const std::size_t line = static_cast<std::size_t>(std::max(0, node.Mark().line)) + first_line;
    if (!node.IsMap()) {
        problems.push_back(
            {line,
             "metadata must be a mapping of field: value lines, got " + yaml_type(node)
                 + "; ignored"}
        );
        return;
    }
    for (const auto& item : node) {
        const std::string key = item.first.IsScalar() ? item.first.Scalar() : std::string();
        const int key_mark = item.first.Mark().line;
        const std::size_t key_line =
            key_mark >= 0 ? static_cast<std::size_t>(key_mark) + first_line : line;
        read_field(key, yaml_value(item.second, first_line, key_line), ctx, out, problems);
    }
}

void fill_from(const Metadata& meta, Article& article) {
    if (article.id.empty() && meta.id) {
        article.id = *meta.id;
    }
    if (article.title.empty() && meta.title) {
        article.title = *meta.title;
    }
    if (article.source.empty() && meta.source) {
        article.source = *meta.source;
    }
    if (article.url.empty() && meta.url) {
        article.url = *meta.url;
    }
    if (!article.date && meta.date) {
        article.date = meta.date;
    }
    for (const auto& [key, names] : meta.entities) {
        auto& list = article.entities[key];
        for (const std::string& name : names) {
            if (std::find(list.begin(), list.end(), name) == list.end()) {
                list.push_back(name);
            }
        }
    }
}

std::shared_ptr<const Catalog> parse_catalog(
    std::string_view bytes, const std::string& display, std::vector<InputProblem>& problems
) {
    auto catalog = std::make_shared<Catalog>();
    catalog->path = display;
    YAML::Node root;
    try {
        root = YAML::Load(std::string(bytes));
    } catch (const YAML::Exception& e) {
        problems.push_back(
            {display + ":" + std::to_string(e.mark.line + 1),
             "catalog is not valid YAML (" + escape(e.msg)
                 + "); fix it, its articles are indexed without it",
             false}
        );
        return catalog;
    }
    if (root.IsNull()) {
        return catalog;
    }
    if (!root.IsSequence()) {
        problems.push_back(
            {display,
             "a catalog is a YAML list of entries (- file: NAME ...); its articles are indexed "
             "without it",
             false}
        );
        return catalog;
    }
    for (const auto& entry : root) {
        const std::size_t line = static_cast<std::size_t>(std::max(0, entry.Mark().line)) + 1;
        const std::string where = display + ":" + std::to_string(line);
        const std::optional<std::string> name =
            entry.IsMap() ? scalar(entry["file"]) : std::nullopt;
        if (!name) {
            std::string why = "catalog entry without `file: NAME`; entry ignored";
            if (!entry.IsMap()) {
                why = "a catalog entry is a mapping (file: NAME, then its fields), got "
                      + yaml_type(entry) + "; entry ignored";
            } else if (const YAML::Node file = entry["file"]; file && file.IsScalar()) {
                why = "`file` is empty; entry ignored";
            } else if (file && !file.IsNull()) {
                why = "`file` must be a file name, got " + yaml_type(file) + "; entry ignored";
            }
            problems.push_back({where, why, false});
            continue;
        }
        // A catalog describes the files beside it: a name with a folder in
        // it (../../etc/passwd) is never looked up.
        if (name->find('/') != std::string::npos || *name == "." || *name == "..") {
            problems.push_back(
                {where,
                 "`file` " + quote(*name, kMaxQuotedPath)
                     + " is not a file name in the catalog's folder (a catalog describes the "
                       "files beside it); entry ignored",
                 false}
            );
            continue;
        }
        Metadata meta;
        std::vector<FieldProblem> field_problems;
        FieldContext ctx;
        ctx.id_fallback = "ignored, the article's id comes from its front matter or its path";
        read_metadata(entry, 1, ctx, meta, field_problems);
        for (const FieldProblem& f : field_problems) {
            problems.push_back({display + ":" + std::to_string(f.line), f.message, false});
        }
        if (const auto earlier = catalog->line_of.find(*name); earlier != catalog->line_of.end()) {
            problems.push_back(
                {where,
                 "a second entry for " + quote(*name, kMaxQuotedPath) + " (the first is at line "
                     + std::to_string(earlier->second) + "); this later one is used",
                 false}
            );
        }
        catalog->by_file[*name] = std::move(meta);
        catalog->line_of[*name] = line;
    }
    return catalog;
}

}  // namespace newsdex::detail
