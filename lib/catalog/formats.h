// SPDX-License-Identifier: MIT
// JSON Lines and TREC SGML articles, plain or gzipped (private to the library).
#pragma once

#include "catalog/reader.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::detail {

/// Reads a file line by line, gunzipping it when it is gzip (by its magic
/// bytes, whatever its name), or standard input for "-". Memory stays
/// bounded whatever the file holds: a line longer than `max_line` bytes is
/// not kept (only its first bytes are, see too_long()) but read through to
/// its end and measured, and a run of empty lines comes back as one.
class LineReader {
  public:
    explicit LineReader(const std::string& path, std::size_t max_line = kMaxArticleBytes);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;
    LineReader(LineReader&&) = delete;
    LineReader& operator=(LineReader&&) = delete;

    /// False when the file could not be opened (see error()).
    bool ok() const { return ok_; }

    const std::string& error() const { return error_; }

    /// True when error() cut the file short: the line it met is dropped
    /// (only complete lines are returned) and the rest is lost. False for a
    /// gzip check that fails at the end, after every line was read.
    bool data_lost() const { return data_lost_; }

    /// The next line without its end; false at the end of the file or on a
    /// read error (then error() says what). Empty lines that follow an empty
    /// line are passed over (line_number() still counts them).
    bool next(std::string& line);

    /// The line number (from 1) of the line next() returned last.
    std::size_t line_number() const { return number_; }

    /// True when the line next() returned last was longer than `max_line`:
    /// `line` then holds only its first kKeptOfLongLine bytes.
    bool too_long() const { return too_long_; }

    /// The whole length of the line next() returned last, in bytes (without
    /// its end), also when it was too long to keep.
    std::uint64_t line_size() const { return size_; }

    /// Compressed bytes read so far (for progress).
    std::uint64_t bytes() const { return bytes_; }

    /// What is kept of a line that is too long: enough to see its tags.
    static constexpr std::size_t kKeptOfLongLine = std::size_t{64} * 1024;

  private:
    struct Gz;
    // Makes [begin_, end_) the next bytes of the file; false at its end or
    // on an error (error_ set).
    bool refill();

    std::unique_ptr<Gz> gz_;
    std::FILE* file_ = nullptr;
    bool close_file_ = false;
    bool ok_ = false;
    bool data_lost_ = false;
    bool at_end_ = false;
    std::string error_;
    std::uint64_t bytes_ = 0;
    std::size_t max_line_ = 0;
    std::vector<char> buffer_;  // plain files: what fread gave
    const char* begin_ = nullptr;
    const char* end_ = nullptr;
    std::size_t number_ = 0;       // of the line returned last
    std::size_t next_number_ = 1;  // of the line returned next
    bool too_long_ = false;
    std::uint64_t size_ = 0;
};

/// The field names JSON Lines articles may use for each metadata field.
/// `body` also reads `text` and `content`, `title` `headline`, `date`
/// `published`.
ReadResult
article_from_json(std::string_view line, const std::string& where, const std::string& default_id);

/// One TREC SGML document (`<DOC>...</DOC>`): DOCNO, HEADLINE (or HEAD,
/// TITLE, HL), DATE, SOURCE, and the TEXT (or BODY, LP) with its inner tags
/// dropped and entities decoded. An element without its close tag is read
/// up to the next tag (a DOCNO, a HEADLINE...) or to the end of the
/// document (a TEXT), with a warning naming its line (`first_line` is the
/// document's first line in the file; 0 leaves lines out).
ReadResult article_from_trec(
    std::string_view doc,
    const std::string& where,
    const std::string& default_id,
    std::size_t first_line = 0
);

}  // namespace newsdex::detail
