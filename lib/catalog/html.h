// SPDX-License-Identifier: MIT
// HTML news pages as articles (private to the library): docs/articles.md,
// "HTML pages", says how each field is read.
#pragma once

#include "catalog/reader.h"

#include <cstdint>
#include <string>
#include <string_view>

namespace newsdex::detail {

/// Makes an article of an HTML page's bytes (gunzipped already): parsed
/// with gumbo (the HTML5 parsing algorithm, tolerant of any markup), in
/// the charset the page declares (converted to UTF-8 with ICU; UTF-8, else
/// windows-1252, when it declares none). Title, date, source and URL come
/// from the page's metadata (Open Graph, JSON-LD, <time>, <title>, <h1>);
/// the body is the text of the article's paragraphs, one paragraph per
/// <p>, heading, list item or cell, separated by blank lines, without
/// navigation, headers, footers, scripts, comments and the like. A page
/// without article text is rejected, with a message saying what to do.
ReadResult
article_from_html(std::string_view bytes, const std::string& where, const std::string& default_id);

/// Gunzips `in` (gzip members one after another) into `out`, keeping at
/// most `max_bytes`; `size` is the whole gunzipped size, measured to the
/// end also past the limit. Returns "" when done, else what is wrong with
/// the data.
std::string
gunzip(std::string_view in, std::string& out, std::size_t max_bytes, std::uint64_t& size);

}  // namespace newsdex::detail
