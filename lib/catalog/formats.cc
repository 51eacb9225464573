// SPDX-License-Identifier: MIT
#include "catalog/formats.h"

#include "analysis/layout.h"

#include <nlohmann/json.hpp>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <system_error>

namespace newsdex::detail {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) {
        return static_cast<char>(std::tolower(c));
    });
    return out;
}

std::string squeeze(std::string_view s) {
    std::string out;
    bool space = false;
    for (const char c : s) {
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = !out.empty();
            continue;
        }
        if (space) {
            out.push_back(' ');
            space = false;
        }
        out.push_back(c);
    }
    return out;
}

// A JSON value as text: strings as they are, numbers as written.
std::optional<std::string> text_of(const nlohmann::json& v) {
    if (v.is_string()) {
        return v.get<std::string>();
    }
    if (v.is_number_integer() || v.is_number_unsigned()) {
        return v.dump();
    }
    return std::nullopt;
}

const nlohmann::json* first_of(const nlohmann::json& obj, std::initializer_list<const char*> keys) {
    for (const char* key : keys) {
        const auto it = obj.find(key);
        if (it != obj.end() && !it->is_null()) {
            return &*it;
        }
    }
    return nullptr;
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
        article.title = std::string(first_sentence(article.body, layout_lines(article.body)));
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

// The contents of every <tag>...</tag> element (any case) in `doc`.
std::vector<std::string_view>
elements(std::string_view doc, const std::string& lower_doc, std::string_view tag) {
    std::vector<std::string_view> out;
    const std::string open = "<" + std::string(tag);
    const std::string close = "</" + std::string(tag) + ">";
    std::size_t at = 0;
    while ((at = lower_doc.find(open, at)) != std::string::npos) {
        const std::size_t after = at + open.size();
        if (after < lower_doc.size() && lower_doc[after] != '>' && lower_doc[after] != ' ') {
            at = after;
            continue;
        }
        const std::size_t start = lower_doc.find('>', after);
        if (start == std::string::npos) {
            break;
        }
        const std::size_t end = lower_doc.find(close, start);
        if (end == std::string::npos) {
            break;
        }
        out.push_back(doc.substr(start + 1, end - start - 1));
        at = end + close.size();
    }
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
                    lower(s.substr(i + 1, std::min<std::size_t>(2, end - i - 1)));
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

}  // namespace

struct LineReader::Gz {
    gzFile file = nullptr;
};

LineReader::LineReader(const std::string& path) {
    if (path == "-") {
        file_ = stdin;
        ok_ = true;
        return;
    }
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) {
        error_ = std::error_code(errno, std::generic_category()).message();
        return;
    }
    close_file_ = true;
    unsigned char magic[2] = {0, 0};
    const std::size_t got = std::fread(magic, 1, 2, file_);
    if (got == 2 && magic[0] == 0x1f && magic[1] == 0x8b) {
        std::fclose(file_);
        file_ = nullptr;
        close_file_ = false;
        gz_ = std::make_unique<Gz>();
        gz_->file = gzopen(path.c_str(), "rb");
        if (gz_->file == nullptr) {
            error_ = "cannot open gzip stream";
            return;
        }
        gzbuffer(gz_->file, 1 << 17);
    } else {
        std::rewind(file_);
    }
    ok_ = true;
}

LineReader::~LineReader() {
    if (gz_ && gz_->file != nullptr) {
        gzclose(gz_->file);
    }
    if (close_file_ && file_ != nullptr) {
        std::fclose(file_);
    }
}

bool LineReader::next(std::string& line) {
    line.clear();
    if (!ok_) {
        return false;
    }
    char buf[65536];
    for (;;) {
        const char* got = nullptr;
        if (gz_) {
            got = gzgets(gz_->file, buf, sizeof buf);
            if (got == nullptr) {
                int code = 0;
                const char* message = gzerror(gz_->file, &code);
                if (code != Z_OK && code != Z_STREAM_END) {
                    error_ = std::string("gzip: ") + message;
                }
                return !line.empty();
            }
            bytes_ = static_cast<std::uint64_t>(gzoffset(gz_->file));
        } else {
            got = std::fgets(buf, sizeof buf, file_);
            if (got == nullptr) {
                if (std::ferror(file_) != 0) {
                    error_ = "read error";
                }
                return !line.empty();
            }
        }
        const std::size_t n = std::strlen(buf);
        if (!gz_) {
            bytes_ += n;
        }
        line.append(buf, n);
        if (!line.empty() && line.back() == '\n') {
            line.pop_back();
            if (!line.empty() && line.back() == '\r') {
                line.pop_back();
            }
            return true;
        }
    }
}

ReadResult
article_from_json(std::string_view line, const std::string& where, const std::string& default_id) {
    ReadResult result;
    nlohmann::json obj;
    try {
        obj = nlohmann::json::parse(line);
    } catch (const nlohmann::json::parse_error& e) {
        // "...: syntax error while parsing value - invalid literal; last read: 'x'"
        std::string detail = e.what();
        const std::size_t colon = detail.find("]: ");
        detail = colon == std::string::npos ? detail : detail.substr(colon + 3);
        result.problems.push_back(
            {where,
             "not valid JSON at byte " + std::to_string(e.byte) + " (" + detail
                 + "); line skipped, fix it and index again",
             true}
        );
        return result;
    }
    if (!obj.is_object()) {
        result.problems.push_back(
            {where,
             "a JSON Lines article is a JSON object; line skipped, fix it and index again",
             true}
        );
        return result;
    }
    Article article;
    article.path = where;
    if (const nlohmann::json* v = first_of(obj, {"id"})) {
        article.id = text_of(*v).value_or("");
    }
    if (const nlohmann::json* v = first_of(obj, {"title", "headline"})) {
        article.title = squeeze(text_of(*v).value_or(""));
    }
    if (const nlohmann::json* v = first_of(obj, {"source"})) {
        article.source = squeeze(text_of(*v).value_or(""));
    }
    if (const nlohmann::json* v = first_of(obj, {"url"})) {
        article.url = text_of(*v).value_or("");
    }
    if (const nlohmann::json* v = first_of(obj, {"date", "published"})) {
        const std::string text = text_of(*v).value_or("");
        article.date = Date::parse(text);
        if (!article.date) {
            result.problems.push_back(
                {where,
                 "bad date '" + text
                     + "': write ISO 8601 such as 2019-01-10; indexed without a date",
                 false}
            );
        }
    }
    for (const char* key : {"leaders", "people", "countries", "places", "orgs"}) {
        const auto it = obj.find(key);
        if (it == obj.end()) {
            continue;
        }
        auto& list = article.entities[key];
        if (it->is_array()) {
            for (const nlohmann::json& name : *it) {
                if (name.is_string() && !squeeze(name.get<std::string>()).empty()) {
                    list.push_back(squeeze(name.get<std::string>()));
                }
            }
        } else if (it->is_string() && !squeeze(it->get<std::string>()).empty()) {
            list.push_back(squeeze(it->get<std::string>()));
        }
    }
    const nlohmann::json* body = first_of(obj, {"body", "text", "content"});
    if (body == nullptr || !body->is_string()) {
        result.problems.push_back(
            {where,
             "no `body` (or `text`, `content`) string; line skipped, fix it and index again",
             true}
        );
        return result;
    }
    article.body = body->get<std::string>();
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

ReadResult
article_from_trec(std::string_view doc, const std::string& where, const std::string& default_id) {
    ReadResult result;
    const std::string lower_doc = lower(doc);
    Article article;
    article.path = where;
    const auto first = [&](std::initializer_list<const char*> tags) {
        for (const char* tag : tags) {
            const auto found = elements(doc, lower_doc, tag);
            if (!found.empty()) {
                return squeeze(inner_text(found.front()));
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
                {where, "bad date '" + date + "'; indexed without a date", false}
            );
        }
    }
    for (const char* tag : {"text", "body", "lp"}) {
        for (const std::string_view part : elements(doc, lower_doc, tag)) {
            if (!article.body.empty()) {
                article.body += "\n";
            }
            // TREC text is wrapped at a fixed width: the lines of a paragraph
            // are joined, and paragraphs (blank lines, <P>) kept apart.
            const std::string text = inner_text(part);
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
                    if (!joined.empty() && joined.back() != '\n') {
                        joined.push_back(' ');
                    }
                    joined += line;
                }
                start = eol + 1;
            }
            article.body += joined;
        }
        if (!article.body.empty()) {
            break;
        }
    }
    finish(article, result, where, default_id);
    if (std::all_of(article.body.begin(), article.body.end(), [](char c) {
            return c == ' ' || c == '\n' || c == '\t';
        })) {
        result.problems.push_back({where, "TREC document without <TEXT>; skipped", true});
        return result;
    }
    result.article = std::move(article);
    return result;
}

}  // namespace newsdex::detail
