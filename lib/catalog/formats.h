// SPDX-License-Identifier: MIT
// JSON Lines and TREC SGML articles, plain or gzipped (private to the library).
#pragma once

#include "catalog/reader.h"

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

namespace newsdex::detail {

/// Reads a file line by line, gunzipping it when it is gzip (by its magic
/// bytes, whatever its name), or standard input for "-".
class LineReader {
  public:
    explicit LineReader(const std::string& path);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    /// False when the file could not be opened (see error()).
    bool ok() const { return ok_; }

    const std::string& error() const { return error_; }

    /// True when error() cut the file short: the line it met is dropped
    /// (only complete lines are returned) and the rest is lost. False for a
    /// gzip check that fails at the end, after every line was read.
    bool data_lost() const { return data_lost_; }

    /// The next line without its end; false at the end of the file or on a
    /// read error (then error() says what).
    bool next(std::string& line);

    /// Compressed bytes read so far (for progress).
    std::uint64_t bytes() const { return bytes_; }

  private:
    struct Gz;
    std::unique_ptr<Gz> gz_;
    std::FILE* file_ = nullptr;
    bool close_file_ = false;
    bool ok_ = false;
    bool data_lost_ = false;
    std::string error_;
    std::uint64_t bytes_ = 0;
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
