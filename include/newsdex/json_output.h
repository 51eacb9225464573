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
inline constexpr int kJsonOutputVersion = 1;

/// Renders a response as `newsdex-search --json` prints it: one JSON object,
/// keys in the documented order, pretty-printed with two spaces.
/// @param duplicates include each hit's `duplicates` (with --collapse); each
///        hit's `similar` is there when the response was folded by group
///        (SearchResponse::folded)
NEWSDEX_EXPORT std::string to_json(const SearchResponse& response, bool duplicates = false);

/// Renders one hit as it appears in the `hits` of to_json(), indented as
/// if it stood alone (no trailing newline): a printer that streams hits
/// writes the response's object around them.
/// @param tiered include `match` and `missing` (SearchResponse::tiered)
/// @param similar include `similar` (SearchResponse::folded)
NEWSDEX_EXPORT std::string
to_json(const Hit& hit, bool duplicates = false, bool tiered = false, bool similar = false);

/// Renders articles shown whole as `newsdex-search --show --json` prints
/// them: `{"version": 1, "articles": [...]}` (docs/json-output.md).
NEWSDEX_EXPORT std::string to_json(const std::vector<ShownArticle>& articles);

}  // namespace newsdex
