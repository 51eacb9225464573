// SPDX-License-Identifier: MIT
/// @file snippet.h
/// How snippets are cut and marked.
#pragma once

#include "newsdex/export.h"

#include <cstddef>
#include <string>

namespace newsdex {

/// The strings put around each highlighted match.
struct NEWSDEX_EXPORT Markup {
    std::string open = "<em>";
    std::string close = "</em>";
    /// Escape `&`, `<` and `>` of the article's text (for HTML output only;
    /// snippets are the article's own text otherwise).
    bool escape_html = false;
};

/// Snippet settings.
struct NEWSDEX_EXPORT SnippetOptions {
    /// Target length in characters; the snippet ends on a word boundary.
    /// 0: no snippets.
    std::size_t length = 240;
    Markup markup;
};

}  // namespace newsdex
