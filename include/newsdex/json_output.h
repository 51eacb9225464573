// SPDX-License-Identifier: MIT
/// @file json_output.h
/// The JSON form of search results (docs/json-output.md, version 1).
#pragma once

#include "newsdex/export.h"
#include "newsdex/searcher.h"

#include <string>
#include <vector>

namespace newsdex {

/// The version of the JSON output format (`"version"` in the output).
inline constexpr int kJsonOutputVersion = 2;

/// Renders a response as `newsdex-search --json` prints it: one JSON object,
/// keys in the documented order, pretty-printed with two spaces.
/// @param similar include each hit's `similar` (folding near-identical stories)
NEWSDEX_EXPORT std::string to_json(const SearchResponse& response, bool similar = false);

/// Renders articles shown whole as `newsdex-search --show --json` prints
/// them: `{"version": 1, "articles": [...]}` (docs/json-output.md).
NEWSDEX_EXPORT std::string to_json(const std::vector<ShownArticle>& articles);

}  // namespace newsdex
