// SPDX-License-Identifier: MIT
// The paragraphs of an article body and the part each plays (private to the
// library).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::detail {

/// What a paragraph (or a line that stands alone) of an article body is.
enum class LineRole : unsigned char {
    kText,         ///< the article's own prose
    kBlank,        ///< nothing but white space
    kBoilerplate,  ///< breadcrumbs and credits (`- News>`, `With agency inputs`)
    kAside,        ///< a headline in the middle of the body ("read more" links)
    kRepeat,       ///< a paragraph the article already had word for word
    kHeadline,     ///< the headline the body opens with (`BAHIA COCOA REVIEW`)
    kDateline,     ///< where and when, before the first paragraph (`NEW YORK, March 3 -`)
    kSignOff,      ///< the agency's sign-off (`Reuter`, `(Reporting by ...)`)
};

/// A paragraph: one line, or the lines of hard-wrapped text that a single
/// line break joins (in `Layout::text` those breaks are spaces).
struct Line {
    std::size_t begin = 0;  ///< byte offset of the paragraph in the body
    std::size_t end = 0;    ///< byte offset of its end (before the line break)
    LineRole role = LineRole::kText;
};

/// An article body cut into paragraphs.
struct Layout {
    /// The body with the line breaks inside a paragraph made spaces: the
    /// same bytes at the same offsets otherwise, so that a phrase, a
    /// sentence or a name runs on across a wrapped line.
    std::string text;
    std::vector<Line> lines;  ///< the paragraphs and blank lines of `text`, in order
};

/// Cuts `body` into paragraphs and gives each its role.
///
/// Text wrapped at a fixed width (wire copy, e-mail: no line longer than
/// 100 characters, and lines that break off inside sentences) has
/// paragraphs separated by a blank line or by an indented first line; a
/// single line break inside one is a space. In other text every line (LF,
/// CRLF or CR) is a paragraph. Boilerplate, asides, headlines and datelines
/// are indexed but kept out of titles (but for the headline) and snippets;
/// repeats and sign-offs are neither indexed nor shown.
Layout layout(std::string_view body);

/// The paragraphs of `body` (`layout(body).lines`).
std::vector<Line> layout_lines(std::string_view body);

/// The first sentence of the headline or else of the first text paragraph
/// of `text` (`Layout::text`; ICU sentence breaks): the title of an article
/// that has none, cut at a word boundary to at most 200 bytes. Empty when
/// the body has no text.
std::string_view first_sentence(std::string_view text, const std::vector<Line>& lines);

}  // namespace newsdex::detail
