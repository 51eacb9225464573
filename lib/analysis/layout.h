// SPDX-License-Identifier: MIT
// The lines of an article body and the part each plays (private to the library).
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace newsdex::detail {

/// What a line of an article body is.
enum class LineRole : unsigned char {
    kText,         ///< the article's own prose
    kBlank,        ///< nothing but white space
    kBoilerplate,  ///< breadcrumbs and credits (`- News>`, `With agency inputs`)
    kAside,        ///< a headline in the middle of the body ("read more" links)
    kRepeat,       ///< a paragraph the article already had word for word
};

struct Line {
    std::size_t begin = 0;  ///< byte offset of the line in the body
    std::size_t end = 0;    ///< byte offset of its end (before the newline)
    LineRole role = LineRole::kText;
};

/// Splits `body` into lines (LF, CRLF or CR) and gives each its role.
/// Boilerplate and asides are indexed but kept out of titles and snippets;
/// repeats are neither indexed nor shown.
std::vector<Line> layout_lines(std::string_view body);

/// The first sentence of the first text line (ICU sentence breaks): the title
/// of an article that has none, cut at a word boundary to at most 200 bytes.
/// Empty when the body has no text line.
std::string_view first_sentence(std::string_view body, const std::vector<Line>& lines);

}  // namespace newsdex::detail
