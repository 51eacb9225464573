// SPDX-License-Identifier: MIT
#include "catalog/reader.h"

#include "analysis/fold.h"
#include "analysis/layout.h"
#include "catalog/html.h"
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

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
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
    if (ends_with(lower, ".json")) {
        return Format::kJson;
    }
    if (ends_with(lower, ".html") || ends_with(lower, ".htm")) {
        return Format::kHtml;
    }
    return std::nullopt;
}

std::string file_kind(std::string_view name) {
    const std::string lower = lower_ascii(name);
    std::size_t dot = lower.rfind('.');
    if (dot == std::string::npos || dot == 0) {
        return "without an extension";
    }
    if (lower.substr(dot) == ".gz") {
        const std::size_t inner = lower.rfind('.', dot - 1);
        if (inner != std::string::npos && inner > 0 && dot - inner <= 8) {
            dot = inner;
        }
    }
    const std::string kind = lower.substr(dot);
    // Shown unescaped in the summary: only plain extensions are named.
    const bool plain = kind.size() <= 16 && std::all_of(kind.begin() + 1, kind.end(), [](char c) {
                           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.'
                                  || c == '_' || c == '-' || c == '+';
                       });
    return plain && kind.size() > 1 ? kind : std::string("with other names");
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
    constexpr std::size_t kMegabyte = std::size_t{1024} * 1024;
    return std::to_string((bytes + kMegabyte / 2) / kMegabyte) + " MB";
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

std::string size_text(std::uint64_t bytes) {
    constexpr std::uint64_t kKiB = 1024;
    constexpr std::uint64_t kMiB = kKiB * 1024;
    constexpr std::uint64_t kGiB = kMiB * 1024;
    const auto rounded = [](std::uint64_t n, std::uint64_t unit) {
        return std::to_string((n + unit / 2) / unit);
    };
    if (bytes < kKiB) {
        return std::to_string(bytes) + (bytes == 1 ? " byte" : " bytes");
    }
    if (bytes < kMiB) {
        return rounded(bytes, kKiB) + " KB";
    }
    if (bytes < 10 * kGiB) {
        return rounded(bytes, kMiB) + " MB";
    }
    return rounded(bytes, kGiB) + " GB";
}

std::string too_large(std::string_view what, std::uint64_t size, std::size_t limit) {
    return std::string(what) + " of " + size_text(size) + " (" + std::to_string(size)
           + " bytes) is larger than the limit of " + size_text(limit)
           + " for one article (--max-record-size); skipped";
}

namespace {
ReadResult read_html(std::string bytes, const InputFile& input, std::size_t max_bytes);
}  // namespace

ReadResult read_article_file(const InputFile& input, std::size_t max_bytes) {
    ReadResult result;
    auto reject = [&](const std::string& message) {
        result.problems.push_back({input.display, message, true});
        return result;
    };
    max_bytes = std::min(max_bytes, kMaxArticleBytes);
    if (input.size > max_bytes) {
        return reject(too_large("article", input.size, max_bytes) + ", not read");
    }
    std::string bytes;
    std::string error;
    if (!read_file_bytes(input.file, bytes, error, max_bytes)) {
        return reject("cannot read: " + error);
    }
    if (bytes.size() > max_bytes) {
        // It grew since it was listed: what was read is measure enough.
        return reject(
            "article grew past the limit of " + size_text(max_bytes)
            + " for one article (--max-record-size) while the run read it; skipped"
        );
    }
    if (input.format == Format::kHtml) {
        return read_html(std::move(bytes), input, max_bytes);
    }
    return parse_article(bytes, input);
}

namespace {

// The row of `input`'s file in the catalog of its folder, if any.
const Metadata* catalog_row(const InputFile& input) {
    if (input.catalog) {
        const auto it = input.catalog->by_file.find(input.file.filename().string());
        if (it != input.catalog->by_file.end()) {
            return &it->second;
        }
    }
    return nullptr;
}

// Reads the front matter that opens `text` into `out` and returns where the
// body starts (0 without front matter). `from_catalog`, the file's catalog
// row (or null), decides what an unusable `id` leaves the article with.
std::size_t read_front_matter(
    std::string_view text,
    const InputFile& input,
    const Metadata* from_catalog,
    Metadata& out,
    std::vector<InputProblem>& problems
) {
    std::string_view yaml;
    std::optional<std::size_t> end = front_matter(text, yaml);
    if (!end && text.substr(0, 4) == "---\n" && looks_like_metadata(text.substr(4))) {
        // No closing fence: the metadata is taken to end at the first blank
        // line, and the rest is the body.
        const std::size_t blank = text.find("\n\n", 4);
        yaml = text.substr(4, blank == std::string_view::npos ? 0 : blank + 1 - 4);
        end = blank == std::string_view::npos ? 0 : blank + 2;
        problems.push_back(
            {input.display + ":1",
             "front matter opened by --- has no closing --- line; read up to the first blank "
             "line, add the closing line",
             false}
        );
    }
    if (!end) {
        return 0;
    }
    try {
        const YAML::Node node = YAML::Load(std::string(yaml));
        if (!node.IsNull()) {
            FieldContext ctx;
            ctx.id_fallback = from_catalog != nullptr && from_catalog->id
                                  ? "ignored, the catalog's id is used"
                                  : "the article's id is " + quote(input.default_id, kMaxQuotedPath)
                                        + " (its path)";
            std::vector<FieldProblem> field_problems;
            read_metadata(node, 2, ctx, out, field_problems);
            for (const FieldProblem& f : field_problems) {
                problems.push_back(
                    {input.display + ":" + std::to_string(f.line),
                     "front matter: " + f.message,
                     false}
                );
            }
        }
    } catch (const YAML::Exception& e) {
        problems.push_back(
            {input.display + ":" + std::to_string(e.mark.line + 2),
             "front matter is not valid YAML (" + escape(e.msg)
                 + "); indexed without it, fix the YAML between the --- lines",
             false}
        );
    }
    return *end;
}

// Why a file whose body is only white space is rejected.
std::string blank_reason(std::string_view bytes, std::size_t body_start) {
    if (bytes.empty()) {
        return "empty file (0 bytes); nothing to index";
    }
    if (body_start > 0) {
        return "no text after the front matter; nothing to index";
    }
    return "no text, only white space (" + std::to_string(bytes.size())
           + " bytes); nothing to index";
}

// An HTML page's bytes (gunzipped when gzip, whatever its name) made an
// article: catalog/html.h.
ReadResult read_html(std::string bytes, const InputFile& input, std::size_t max_bytes) {
    ReadResult result;
    auto reject = [&](const std::string& message) {
        result.problems.push_back({input.display, message, true});
        return result;
    };
    if (bytes.size() >= 2 && bytes[0] == '\x1f' && bytes[1] == '\x8b') {
        std::string page;
        std::uint64_t size = 0;
        const std::string error = gunzip(bytes, page, max_bytes, size);
        if (size > max_bytes) {
            return reject(too_large("page", size, max_bytes) + " (its size gunzipped)");
        }
        if (!error.empty()) {
            return reject(error + "; the page is not indexed, test it with gzip -t");
        }
        bytes = std::move(page);
    }
    if (bytes.find_first_not_of(" \t\r\n") == std::string::npos) {
        return reject(blank_reason(bytes, 0));
    }
    return article_from_html(bytes, input.display, input.default_id);
}

}  // namespace

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
    // The catalog beside the file is curated for the whole folder: its
    // values win over the front matter's, which fills what it lacks.
    const Metadata* from_catalog = catalog_row(input);
    Metadata from_front_matter;
    const std::size_t body_start =
        read_front_matter(text, input, from_catalog, from_front_matter, result.problems);
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
        return reject(blank_reason(bytes, body_start));
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

}  // namespace newsdex::detail
