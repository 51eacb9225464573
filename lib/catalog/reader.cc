// SPDX-License-Identifier: MIT
#include "catalog/reader.h"

#include "analysis/fold.h"
#include "analysis/layout.h"
#include "util/escape.h"
#include "util/text.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <system_error>

namespace newsdex::detail {

namespace fs = std::filesystem;

namespace {

std::string lower_ascii(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

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

}  // namespace

std::string read_problem(const std::error_code& ec) {
    const std::string why = ec.message();
    if (ec == std::errc::no_such_file_or_directory) {
        // It was there when the inputs were listed (a symbolic link to
        // nothing is told apart before).
        return "it vanished while the run was reading it (deleted or renamed meanwhile); "
               "nothing read from it";
    }
    if (ec == std::errc::too_many_symbolic_link_levels) {
        return why + " (a loop of symbolic links); fix or remove it";
    }
    if (ec == std::errc::permission_denied || ec == std::errc::operation_not_permitted) {
        return why + "; check its permissions";
    }
    return why + "; check the file";
}

namespace {

// Reads at most `max_bytes` + 1 bytes of a file (enough to tell that it is
// longer); on failure, `error` says why and what to do.
bool read_file_bytes(
    const fs::path& path, std::string& out, std::string& error, std::size_t max_bytes
) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = read_problem(std::error_code(errno, std::generic_category()));
        return false;
    }
    out.clear();
    char buffer[1 << 16];
    while (out.size() <= max_bytes && in.read(buffer, sizeof buffer).gcount() > 0) {
        out.append(buffer, static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) {
        error = "read error; check the file and the disk";
        return false;
    }
    if (out.size() > max_bytes + 1) {
        out.resize(max_bytes + 1);
    }
    return true;
}

// Finds the end of YAML front matter that opens with "---\n"; returns the
// offset of the body, with `yaml` set to the text between the fences.
std::optional<std::size_t> front_matter(std::string_view text, std::string_view& yaml) {
    if (text.substr(0, 4) != "---\n") {
        return std::nullopt;
    }
    std::size_t pos = 4;
    while (pos <= text.size()) {
        std::size_t eol = text.find('\n', pos);
        const std::string_view line =
            text.substr(pos, eol == std::string_view::npos ? text.npos : eol - pos);
        if (line == "---" || line == "...") {
            yaml = text.substr(4, pos - 4);
            return eol == std::string_view::npos ? text.size() : eol + 1;
        }
        if (eol == std::string_view::npos) {
            break;
        }
        pos = eol + 1;
    }
    return std::nullopt;
}

// Whether text begins with a line like "key: value" (unclosed front matter
// rather than a Markdown rule).
bool looks_like_metadata(std::string_view text) {
    const std::string_view line = text.substr(0, text.find('\n'));
    const std::size_t colon = line.find(':');
    return colon != std::string_view::npos && colon > 0
           && std::all_of(
               line.begin(),
               line.begin() + static_cast<std::ptrdiff_t>(colon),
               [](char c) {
                   return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-';
               }
           );
}

// The id of an article without one: its path below the indexed folder,
// without the extension.
std::string id_from_relative(fs::path rel) {
    if (rel.extension() == ".gz") {
        rel.replace_extension();
    }
    rel.replace_extension();
    return rel.generic_string();
}

std::string join_display(const std::string& base, const fs::path& rel) {
    if (base.empty() || base == ".") {
        return rel.generic_string();
    }
    if (base.back() == '/') {
        return base + rel.generic_string();
    }
    return base + "/" + rel.generic_string();
}

}  // namespace

bool is_catalog_name(std::string_view name) {
    return name == "catalog.yaml" || name == "catalog.yml";
}

std::optional<Format> format_of(std::string_view name) {
    std::string lower = lower_ascii(name);
    if (ends_with(lower, ".txt") || ends_with(lower, ".md")) {
        return Format::kText;
    }
    if (ends_with(lower, ".gz")) {
        lower.resize(lower.size() - 3);
    }
    if (ends_with(lower, ".jsonl") || ends_with(lower, ".ndjson")) {
        return Format::kJsonLines;
    }
    if (ends_with(lower, ".trec") || ends_with(lower, ".sgml") || ends_with(lower, ".sgm")) {
        return Format::kTrec;
    }
    return std::nullopt;
}

namespace {

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

std::shared_ptr<const Catalog> read_catalog(
    const fs::path& file, const std::string& display, std::vector<InputProblem>& problems
) {
    auto catalog = std::make_shared<Catalog>();
    catalog->path = display;
    std::string bytes;
    std::string error;
    if (!read_file_bytes(file, bytes, error, kMaxArticleBytes)) {
        problems.push_back(
            {display,
             "cannot read catalog: " + error + "; its articles are indexed without it",
             false}
        );
        return catalog;
    }
    return parse_catalog(bytes, display, problems);
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

std::string clean_text(std::string_view raw, std::vector<std::string>& repairs) {
    std::string out;
    out.reserve(raw.size());
    std::size_t i = 0;
    if (raw.substr(0, 3) == "\xEF\xBB\xBF") {
        i = 3;
    }
    bool noted_utf8 = false;
    bool noted_control = false;
    while (i < raw.size()) {
        const auto byte = static_cast<unsigned char>(raw[i]);
        if (byte < 0x80) {
            if (byte == '\r') {
                out.push_back('\n');
                i += (i + 1 < raw.size() && raw[i + 1] == '\n') ? 2 : 1;
                continue;
            }
            if ((byte < 0x20 && byte != '\n' && byte != '\t') || byte == 0x7F) {
                if (!noted_control) {
                    repairs.push_back(
                        "control characters replaced by spaces (first at byte " + std::to_string(i)
                        + ")"
                    );
                    noted_control = true;
                }
                out.push_back(' ');
            } else {
                out.push_back(static_cast<char>(byte));
            }
            ++i;
            continue;
        }
        const std::size_t start = i;
        const char32_t c = next_code_point(raw, i);
        const bool invalid = c == U'\uFFFD' && raw.substr(start, 3) != "\xEF\xBF\xBD";
        if (invalid) {
            if (!noted_utf8) {
                repairs.push_back(
                    "invalid UTF-8 replaced by U+FFFD (first at byte " + std::to_string(start)
                    + "); save the file as UTF-8 to keep those characters"
                );
                noted_utf8 = true;
            }
            out += "\xEF\xBF\xBD";
            continue;
        }
        if (c >= 0x80 && c < 0xA0) {  // C1 controls
            out.push_back(' ');
            continue;
        }
        out.append(raw.substr(start, i - start));
    }
    return out;
}

namespace {

// `limit` rounded down to the end of a line (unless that loses more than
// half), else to a character boundary.
std::size_t cut_point(std::string_view body, std::size_t limit) noexcept {
    if (body.size() <= limit) {
        return body.size();
    }
    const std::size_t newline = body.rfind('\n', limit);
    if (newline != std::string_view::npos && newline >= limit / 2) {
        return newline;
    }
    return utf8_prefix(body, limit).size();
}

std::string megabytes(std::size_t bytes) {
    return std::to_string((bytes + 512 * 1024) / (1024 * 1024)) + " MB";
}

}  // namespace

std::size_t positioned_length(std::string_view body) noexcept {
    return cut_point(body, kMaxPositionedBytes);
}

void limit_body(std::string& body, std::vector<std::string>& repairs) {
    if (body.size() <= kMaxPositionedBytes) {
        return;
    }
    const std::size_t total = body.size();
    std::string note = "article of " + std::string(total > kMaxArticleBytes ? "more than " : "")
                       + megabytes(std::min(total, kMaxArticleBytes)) + ": ";
    if (total > kMaxArticleBytes) {
        body.resize(cut_point(body, kMaxArticleBytes));
        note += "only its first " + megabytes(kMaxArticleBytes) + " are indexed, and ";
    }
    note += "words past the first " + megabytes(kMaxPositionedBytes)
            + " are found by word but not by phrase or NEAR, and are not stored or shown in "
              "snippets; split it if all of it should be";
    repairs.push_back(std::move(note));
}

ReadResult read_article_file(const InputFile& input) {
    ReadResult result;
    auto reject = [&](const std::string& message) {
        result.problems.push_back({input.display, message, true});
        return result;
    };
    std::string bytes;
    std::string error;
    if (!read_file_bytes(input.file, bytes, error, kMaxArticleBytes)) {
        return reject("cannot read: " + error);
    }
    return parse_article(bytes, input);
}

ReadResult parse_article(std::string_view bytes, const InputFile& input) {
    ReadResult result;
    auto reject = [&](const std::string& message) {
        result.problems.push_back({input.display, message, true});
        return result;
    };
    if (const std::size_t nul = bytes.find('\0'); nul != std::string::npos) {
        return reject(
            "binary file (NUL byte at byte " + std::to_string(nul)
            + "); only UTF-8 text is indexed: convert it to text or leave it out"
        );
    }
    std::vector<std::string> repairs;
    std::string text = clean_text(bytes, repairs);
    for (const std::string& repair : repairs) {
        result.problems.push_back({input.display, repair, false});
    }

    Article article;
    article.path = input.display;
    Metadata from_front_matter;
    std::string_view yaml;
    std::size_t body_start = 0;
    std::optional<std::size_t> end = front_matter(text, yaml);
    if (!end && text.substr(0, 4) == "---\n" && looks_like_metadata(text.substr(4))) {
        // No closing fence: the metadata is taken to end at the first blank
        // line, and the rest is the body.
        const std::size_t blank = text.find("\n\n", 4);
        yaml = std::string_view(text).substr(4, blank == std::string::npos ? 0 : blank + 1 - 4);
        end = blank == std::string::npos ? 0 : blank + 2;
        result.problems.push_back(
            {input.display + ":1",
             "front matter opened by --- has no closing --- line; read up to the first blank "
             "line, add the closing line",
             false}
        );
    }
    // The catalog beside the file is curated for the whole folder: its
    // values win over the front matter's, which fills what it lacks.
    const Metadata* from_catalog = nullptr;
    if (input.catalog) {
        const auto it = input.catalog->by_file.find(input.file.filename().string());
        if (it != input.catalog->by_file.end()) {
            from_catalog = &it->second;
        }
    }
    if (end) {
        body_start = *end;
        try {
            const YAML::Node node = YAML::Load(std::string(yaml));
            if (!node.IsNull()) {
                FieldContext ctx;
                ctx.id_fallback = from_catalog != nullptr && from_catalog->id
                                      ? "ignored, the catalog's id is used"
                                      : "the article's id is "
                                            + quote(input.default_id, kMaxQuotedPath)
                                            + " (its path)";
                std::vector<FieldProblem> field_problems;
                read_metadata(node, 2, ctx, from_front_matter, field_problems);
                for (const FieldProblem& f : field_problems) {
                    result.problems.push_back(
                        {input.display + ":" + std::to_string(f.line),
                         "front matter: " + f.message,
                         false}
                    );
                }
            }
        } catch (const YAML::Exception& e) {
            result.problems.push_back(
                {input.display + ":" + std::to_string(e.mark.line + 2),
                 "front matter is not valid YAML (" + escape(e.msg)
                     + "); indexed without it, fix the YAML between the --- lines",
                 false}
            );
        }
    }
    if (from_catalog != nullptr) {
        fill_from(*from_catalog, article);
    }
    fill_from(from_front_matter, article);
    article.body = text.substr(body_start);
    std::vector<std::string> limits;
    limit_body(article.body, limits);
    for (const std::string& l : limits) {
        result.problems.push_back({input.display, l, false});
    }
    const bool blank = std::all_of(article.body.begin(), article.body.end(), [](char c) {
        return c == ' ' || c == '\n' || c == '\t';
    });
    if (blank) {
        if (bytes.empty()) {
            return reject("empty file (0 bytes); nothing to index");
        }
        if (body_start > 0) {
            return reject("no text after the front matter; nothing to index");
        }
        return reject(
            "no text, only white space (" + std::to_string(bytes.size())
            + " bytes); nothing to index"
        );
    }
    if (article.id.empty()) {
        article.id = input.default_id;
    }
    if (article.title.empty()) {
        const Layout body = layout(article.body);
        article.title = std::string(first_sentence(body.text, body.lines));
    }
    result.article = std::move(article);
    return result;
}

namespace {

std::string kind_of(fs::file_type type) {
    switch (type) {
    case fs::file_type::fifo:
        return "a FIFO";
    case fs::file_type::socket:
        return "a socket";
    case fs::file_type::character:
        return "a character device";
    case fs::file_type::block:
        return "a block device";
    default:
        return "of an unknown kind";
    }
}

// Why `path`, whose status could not be read, is not read: a symbolic link
// to nothing or in a loop, a file that vanished, or what the system says.
std::string unreadable(const fs::path& path, const std::error_code& ec) {
    std::error_code link_ec;
    if (ec == std::errc::no_such_file_or_directory
        && fs::is_symlink(fs::symlink_status(path, link_ec))) {
        const fs::path target = fs::read_symlink(path, link_ec);
        return "a symbolic link to nothing (" + quote(target.string(), kMaxQuotedPath)
               + " does not exist); fix or remove it";
    }
    return read_problem(ec);
}

// Why a file with an article's name that is not a regular file is skipped.
std::string not_regular(const fs::path& path, const fs::file_status& status) {
    std::error_code ec;
    if (fs::is_symlink(fs::symlink_status(path, ec))) {
        return "not a regular file (a symbolic link to " + kind_of(status.type()) + ", "
               + quote(fs::read_symlink(path, ec).string(), kMaxQuotedPath) + "); not read";
    }
    return "not a regular file (" + kind_of(status.type()) + "); not read";
}

// The real path of a file or folder (symbolic links resolved): what an
// input is known by, however it was named.
std::string real_path(const fs::path& path) {
    std::error_code ec;
    fs::path real = fs::canonical(path, ec);
    if (ec) {
        real = fs::absolute(path, ec).lexically_normal();
    }
    return real.string();
}

}  // namespace

void enumerate_inputs(
    const std::vector<std::string>& inputs,
    const std::function<void(InputFile)>& on_file,
    const std::function<void(const InputProblem&)>& on_problem
) {
    // Inputs by their real path: a file or folder named twice (by a
    // relative and an absolute path, say) is read once.
    std::map<std::string, std::string> given;
    std::map<std::string, std::shared_ptr<const Catalog>> catalogs;
    for (const std::string& input : inputs) {
        std::error_code ec;
        if (input == "-") {
            on_file(InputFile{fs::path("-"), "-", "stdin", nullptr, 0, Format::kJsonLines, "-"});
            continue;
        }
        const fs::path path(input);
        const fs::file_status status = fs::status(path, ec);
        if (ec || !fs::exists(status)) {
            std::error_code link_ec;
            if (fs::is_symlink(fs::symlink_status(path, link_ec))) {
                on_problem({input, "cannot read: " + unreadable(path, ec), true});
            } else {
                on_problem({input, "no such file or folder; check the path", true});
            }
            continue;
        }
        const std::string real = real_path(path);
        if (const auto [it, fresh] = given.emplace(real, input); !fresh) {
            on_problem(
                {input,
                 std::string(fs::is_directory(status) ? "the same folder" : "the same file")
                     + " as " + quote(it->second, kMaxQuotedPath) + ", given before; read once",
                 false}
            );
            continue;
        }
        if (fs::is_regular_file(status)) {
            const std::string name = path.filename().string();
            const std::optional<Format> format = format_of(name);
            if (!format) {
                on_problem(
                    {input,
                     "unsupported file type; newsdex reads .txt and .md articles, JSON Lines "
                     "(.jsonl, .ndjson) and TREC (.trec, .sgml), plain or .gz",
                     true}
                );
                continue;
            }
            std::shared_ptr<const Catalog> catalog;
            std::vector<InputProblem> problems;
            for (const char* catalog_name : {"catalog.yaml", "catalog.yml"}) {
                const fs::path beside = path.parent_path().empty()
                                            ? fs::path(catalog_name)
                                            : path.parent_path() / catalog_name;
                if (fs::is_regular_file(beside, ec)) {
                    // Read (and its problems told) once for all the files of
                    // its folder given one by one.
                    auto& read = catalogs[beside.generic_string()];
                    if (!read) {
                        read = read_catalog(beside, beside.generic_string(), problems);
                    }
                    catalog = read;
                    break;
                }
            }
            for (const InputProblem& p : problems) {
                on_problem(p);
            }
            on_file(InputFile{
                path,
                input,
                id_from_relative(path.filename()),
                catalog,
                fs::file_size(path, ec),
                *format,
                real});
            continue;
        }
        if (!fs::is_directory(status)) {
            on_problem(
                {input,
                 "not a regular file or folder (" + kind_of(status.type()) + "); not read",
                 true}
            );
            continue;
        }

        // Depth-first walk in name order. A folder reached again through a
        // symbolic link (same device and inode) is a loop and is skipped.
        std::set<std::string> visited;
        std::function<void(const fs::path&, const fs::path&)> walk = [&](const fs::path& dir,
                                                                         const fs::path& rel) {
            std::error_code walk_ec;
            const fs::path canonical = fs::canonical(dir, walk_ec);
            if (walk_ec) {
                on_problem(
                    {join_display(input, rel), "cannot open folder: " + walk_ec.message(), true}
                );
                return;
            }
            if (!visited.insert(canonical.string()).second) {
                on_problem(
                    {join_display(input, rel),
                     "symbolic link loop; folder already indexed, skipped",
                     false}
                );
                return;
            }
            std::vector<fs::directory_entry> entries;
            for (fs::directory_iterator it(dir, walk_ec), end; !walk_ec && it != end;
                 it.increment(walk_ec)) {
                entries.push_back(*it);
            }
            if (walk_ec) {
                on_problem(
                    {join_display(input, rel), "cannot read folder: " + read_problem(walk_ec), true}
                );
                return;
            }
            std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
                return a.path().filename() < b.path().filename();
            });
            std::shared_ptr<const Catalog> catalog;
            std::vector<InputProblem> problems;
            for (const auto& entry : entries) {
                const std::string name = entry.path().filename().string();
                if (is_catalog_name(name) && entry.is_regular_file(walk_ec)) {
                    catalog = read_catalog(entry.path(), join_display(input, rel / name), problems);
                    break;
                }
            }
            if (catalog) {
                // Each entry must name an article beside the catalog.
                for (const auto& [file, meta] : catalog->by_file) {
                    const fs::file_status st = fs::status(dir / file, walk_ec);
                    std::string why;
                    if (!fs::exists(st)) {
                        why = "no file " + quote(file, kMaxQuotedPath)
                              + " beside the catalog; entry ignored";
                    } else if (file.front() == '.') {
                        why = quote(file, kMaxQuotedPath)
                              + " is a hidden file, which is not indexed; entry ignored";
                    } else if (!fs::is_regular_file(st) || format_of(file) != Format::kText) {
                        why = quote(file, kMaxQuotedPath)
                              + " is not a .txt or .md article (a catalog gives metadata to those "
                                "only); entry ignored";
                    }
                    if (!why.empty()) {
                        problems.push_back(
                            {catalog->path + ":" + std::to_string(catalog->line_of.at(file)),
                             why,
                             false}
                        );
                    }
                }
            }
            for (const InputProblem& p : problems) {
                on_problem(p);
            }
            for (const auto& entry : entries) {
                const std::string name = entry.path().filename().string();
                if (!name.empty() && name.front() == '.') {
                    continue;  // hidden files and folders are not articles
                }
                std::error_code entry_ec;
                const fs::file_status st = entry.status(entry_ec);
                const std::optional<Format> format = format_of(name);
                if (entry_ec) {
                    on_problem(
                        {join_display(input, rel / name),
                         "cannot read: " + unreadable(entry.path(), entry_ec),
                         true}
                    );
                } else if (fs::is_directory(st)) {
                    walk(entry.path(), rel / name);
                } else if (!format) {
                    continue;  // not an article's name: another tool's file
                } else if (fs::is_regular_file(st)) {
                    on_file(InputFile{
                        entry.path(),
                        join_display(input, rel / name),
                        id_from_relative(rel / name),
                        catalog,
                        entry.file_size(entry_ec),
                        *format,
                        entry.is_symlink(entry_ec) ? real_path(entry.path())
                                                   : (canonical / name).string()});
                } else {
                    on_problem(
                        {join_display(input, rel / name), not_regular(entry.path(), st), true}
                    );
                }
            }
        };
        walk(path, fs::path());
    }
}

}  // namespace newsdex::detail
