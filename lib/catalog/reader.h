// SPDX-License-Identifier: MIT
// Reading article files, front matter and catalogs (private to the library).
#pragma once

#include "newsdex/article.h"
#include "newsdex/error.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace YAML {  // NOLINT(readability-identifier-naming): yaml-cpp's
class Node;
}

namespace newsdex::detail {

/// Metadata from front matter, a catalog row or (later) a JSON object.
struct Metadata {
    std::optional<std::string> id;
    std::optional<std::string> title;
    std::optional<std::string> source;
    std::optional<std::string> url;
    std::optional<Date> date;
    std::map<std::string, std::vector<std::string>, std::less<>> entities;
};

/// A metadata value as YAML or JSON gives it, before its field's type is
/// checked: what JSON Lines, front matter and catalogs share.
struct FieldValue {
    enum class Kind : unsigned char {
        kNull,   ///< null, or a YAML key without a value
        kText,   ///< a string (or a JSON whole number, as its digits)
        kList,   ///< a YAML list or a JSON array
        kOther,  ///< anything else: a mapping, an object, a boolean...
    };
    Kind kind = Kind::kNull;
    std::string text;               ///< kText
    std::vector<FieldValue> items;  ///< kList
    /// What it is, for messages: "a list", "an object"; for kText empty but
    /// for a JSON number ("a number"), which stands for its digits where a
    /// string is expected but is no name in an entity list.
    std::string type;
    std::size_t line = 0;  ///< its line in the file, for messages
};

/// A metadata value that cannot be used: its line in the file, and what is
/// wrong and what was done instead.
struct FieldProblem {
    std::size_t line = 0;
    std::string message;
};

/// How an article's metadata fields are read.
struct FieldContext {
    /// What an unusable `id` leaves the article with, ending a message:
    /// "indexed with the id 'archive:42'".
    std::string id_fallback = "the article keeps its default id";
    /// White space in `id` and `url` is collapsed (front matter and
    /// catalogs; JSON keeps those strings as they are).
    bool squeeze_ids = true;
};

/// Reads one metadata field (`id`, `title`, `date`, `source`, `url`, or an
/// entity list: `leaders`, `people`, `countries`, `places`, `orgs`) into
/// `out`, checking its type (docs/articles.md says what each accepts). A
/// value that cannot be used is left out and described in `problems`;
/// other keys are ignored. Messages quote values escaped (util/escape.h).
void read_field(
    std::string_view key,
    const FieldValue& value,
    const FieldContext& ctx,
    Metadata& out,
    std::vector<FieldProblem>& problems
);

/// Reads the pinned metadata fields of a YAML mapping, as read_field does.
/// `first_line` is the file's line number of the YAML text's first line
/// (for messages).
void read_metadata(
    const YAML::Node& node,
    std::size_t first_line,
    const FieldContext& ctx,
    Metadata& out,
    std::vector<FieldProblem>& problems
);

/// Fills what `article` lacks from `meta` (fields already set win).
void fill_from(const Metadata& meta, Article& article);

/// The metadata of the articles of one folder, read from its `catalog.yaml`.
struct Catalog {
    std::string path;                                         ///< as given, for messages
    std::map<std::string, Metadata, std::less<>> by_file;     ///< file name -> metadata
    std::map<std::string, std::size_t, std::less<>> line_of;  ///< file name -> catalog line
};

/// Reads a catalog. Problems (bad YAML, a row without `file`) are reported;
/// what can be read is kept.
std::shared_ptr<const Catalog> read_catalog(
    const std::filesystem::path& file,
    const std::string& display,
    std::vector<InputProblem>& problems
);

/// Parses a catalog's text, as read_catalog does.
std::shared_ptr<const Catalog> parse_catalog(
    std::string_view bytes, const std::string& display, std::vector<InputProblem>& problems
);

/// How an input file holds its articles.
enum class Format : unsigned char {
    kText,       ///< one article: .txt, .md (YAML front matter optional)
    kJsonLines,  ///< one article per line: .jsonl, .ndjson (gzipped too)
    kTrec,       ///< TREC SGML <DOC>s: .trec, .sgml, .sgm (gzipped too)
    /// .json (gzipped too): JSON Lines, one article object, or an array of
    /// article objects, told apart by the content.
    kJson,
    /// An HTML news page: .html, .htm (gzipped too), read by catalog/html.h.
    kHtml,
};

/// The format of a file by its name, or nullopt when it holds no articles.
std::optional<Format> format_of(std::string_view name);

/// One article file to read.
struct InputFile {
    std::filesystem::path file;              ///< to open
    std::string display;                     ///< as the user gave it, for `path` and messages
    std::string default_id;                  ///< path below the indexed folder, no extension
    std::shared_ptr<const Catalog> catalog;  ///< the catalog of its folder, if any
    std::uint64_t size = 0;
    Format format = Format::kText;
    /// Its real path (symbolic links resolved; "-" for standard input): what
    /// the file is known by, however it was named. Content hashes use it, so
    /// naming a file another way does not re-index it.
    std::string real;
    /// Which of enumerate_inputs()' inputs it was found in (from 0).
    std::size_t given = 0;
};

/// How a file that holds no articles is counted: its extension, lower
/// case, with its dot (".csv"; ".tar.gz"), "without an extension", or
/// "with other names" (an extension of other characters than letters,
/// digits and `._-+`, or longer than 16 bytes: never shown as it is).
std::string file_kind(std::string_view name);

/// The file names a catalog is read from.
bool is_catalog_name(std::string_view name);

/// Walks the inputs (files and folders, recursively, in name order, following
/// symbolic links once and never around a loop). Calls `on_file` for each
/// article file and `on_problem` for inputs that cannot be read (dangling
/// links, special files with an article's name). Catalog rows naming no
/// article beside the catalog are reported as warnings. An input named
/// twice (its real path the same) is read once. "-" is standard input,
/// read as JSON Lines. Problems' `where` is the path as given, not escaped:
/// the library escapes it where problems leave it.
/// `on_input`, when given, is called with each input's place in `inputs`
/// before its files and problems; `on_other` with each file in a folder
/// that holds no articles by its name (not hidden, not a catalog), which
/// is not read.
void enumerate_inputs(
    const std::vector<std::string>& inputs,
    const std::function<void(InputFile)>& on_file,
    const std::function<void(const InputProblem&)>& on_problem,
    const std::function<void(std::size_t)>& on_input = {},
    const std::function<void(const std::string& display, const std::string& name)>& on_other = {}
);

/// Makes raw bytes into clean article text: drops a byte-order mark, turns
/// CRLF and CR into LF, replaces invalid UTF-8 with U+FFFD and control
/// characters (but tab and newline) with spaces. Each repair kind is
/// described once in `repairs`, with the byte offset of its first instance.
std::string clean_text(std::string_view raw, std::vector<std::string>& repairs);

/// The most of one article's text that is read: past it the text is cut,
/// with a warning, so that one runaway file cannot exhaust memory.
inline constexpr std::size_t kMaxArticleBytes = std::size_t{256} * 1024 * 1024;

/// The text of an article that is stored, shown in snippets and indexed
/// with positions (phrases, NEAR); words past it are indexed without
/// positions, so a long article stays findable by every word while memory
/// and snippet time stay bounded.
inline constexpr std::size_t kMaxPositionedBytes = std::size_t{8} * 1024 * 1024;

/// Where the stored, positioned part of `body` ends: kMaxPositionedBytes
/// rounded down to a line end (else a character boundary).
std::size_t positioned_length(std::string_view body) noexcept;

/// Cuts `body` to kMaxArticleBytes (at a line end, else a character
/// boundary) and says in `repairs` what a long article loses.
void limit_body(std::string& body, std::vector<std::string>& repairs);

/// Why a file or folder cannot be read, and what to do about it.
std::string read_problem(const std::error_code& ec);

/// The result of reading one article file.
struct ReadResult {
    std::optional<Article> article;  ///< empty when the file was rejected
    std::vector<InputProblem> problems;
};

/// A size for messages: "512 bytes", "64 KB", "200 MB" (units of 1024).
std::string size_text(std::uint64_t bytes);

/// What a record (`what`: "article", "line", "TREC document") of `size`
/// bytes past the limit of `limit` bytes gets: "line of 200 MB (209715200
/// bytes) is larger than the limit of 32 MB for one article
/// (--max-record-size); skipped". The caller says what happens next.
std::string too_large(std::string_view what, std::uint64_t size, std::size_t limit);

/// Reads one article file: front matter, catalog row, body, id, title. A
/// file larger than `max_bytes` is rejected without being read.
ReadResult read_article_file(const InputFile& input, std::size_t max_bytes = kMaxArticleBytes);

/// Makes an article of a file's bytes, as read_article_file does.
ReadResult parse_article(std::string_view bytes, const InputFile& input);

}  // namespace newsdex::detail
