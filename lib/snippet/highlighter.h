// SPDX-License-Identifier: MIT
// Snippets: the best passage of an article's own text, matches marked
// (private to the library).
#pragma once

#include "newsdex/analyzer.h"
#include "newsdex/snippet.h"

#include "entities/extractor.h"
#include "snippet/highlight_spec.h"

#include <string>
#include <string_view>

namespace newsdex::detail {

/// How much of an article a snippet tokenises.
enum class SnippetScan {
    kSkipLinesWithoutNeedles,  ///< lines that cannot hold a match are skipped unread
    kEveryLine,                ///< every line (what the skipping must equal; tests)
};

/// Makes the snippet of `body` for a query.
///
/// The passage with the best matches (distinct query words weighted by
/// rarity, then their number) is chosen among whole sentences of the
/// article's prose; breadcrumbs, credits and mid-body headlines are used only
/// when nothing else matches, and a repeated paragraph never. Matched words
/// are wrapped in the markup (a phrase as one span); the text is cut on word
/// boundaries and `…` marks what is left out. With nothing to highlight the
/// snippet is the lede. Mentions of the entities in `spec.entities` are
/// found with `extractor` and highlighted too. A passage that only repeats `title` (shown above
/// the snippet) ranks below one that adds to it.
std::string make_snippet(
    const Analyzer& analyzer,
    std::string_view body,
    const HighlightSpec& spec,
    const SnippetOptions& options,
    std::string_view title = {},
    const EntityExtractor* extractor = nullptr,
    SnippetScan scan = SnippetScan::kSkipLinesWithoutNeedles
);

/// The whole of `body`, every match of `spec` wrapped in the markup (in the
/// first MiB of a longer body), as make_snippet() marks them.
std::string mark_matches(
    const Analyzer& analyzer,
    std::string_view body,
    const HighlightSpec& spec,
    const Markup& markup,
    const EntityExtractor* extractor = nullptr
);

}  // namespace newsdex::detail
