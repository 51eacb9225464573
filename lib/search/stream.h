// SPDX-License-Identifier: MIT
// Every match of a request, in date order, a batch at a time
// (Searcher::each_hit, `newsdex-search --limit all`; private to the library).
#pragma once

#include "newsdex/analyzer.h"
#include "newsdex/searcher.h"

#include "entities/extractor.h"
#include "entities/gazetteer.h"
#include "schema/encoding.h"

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <optional>

namespace newsdex::detail {

/// The day SearchRequest::today names, if any.
/// @throws Error kInvalidArgument when it is not a date `YYYY-MM-DD`
std::optional<Day> today_of(const SearchRequest& request);

/// What stream_hits() reads from.
struct StreamInput {
    const Xapian::Database& db;
    bool remote = false;  ///< some shard is a remote one (its matches are ordered here)
    const Analyzer& analyzer;
    const EntityExtractor& extractor;
    const Gazetteer* gazetteer = nullptr;
    const SearchRequest& request;
};

/// Calls `each` with every match of `in.request`, oldest first (newest
/// first with SortOrder::kDateDescending), the undated last, one day of the
/// index at a time, so that memory does not grow with the matches.
/// @returns the number of matches
std::uint64_t stream_hits(const StreamInput& in, const std::function<void(const Hit&)>& each);

}  // namespace newsdex::detail
