// SPDX-License-Identifier: MIT
// Timelines (private to the library): the matches' days, counted from the
// date slot like a facet, put into days, weeks, months or years with the
// empty periods in between (SearchRequest::histogram).
#pragma once

#include "newsdex/searcher.h"

#include <xapian.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>

namespace newsdex::detail {

/// The unit asked for, checked: "" (no histogram), `day`, `week`,
/// `month`, `year` or `auto`.
/// @throws Error kInvalidArgument for anything else.
std::string_view histogram_unit(std::string_view asked);

/// The unit `auto` picks for matches from day `first` to day `last` (days
/// since 1970): days up to two months, weeks up to a year and a bit,
/// months up to ten years, years beyond.
std::string_view auto_unit(std::int64_t first, std::int64_t last);

/// The histogram of matches counted by day: `days` maps date slot values
/// (`YYYYMMDD`) to matches; `total` is every match, dated or not.
Histogram make_histogram(
    std::string_view unit,
    const std::unordered_map<std::string, Xapian::doccount>& days,
    std::uint64_t total
);

/// A date slot value (`19870226`) as a date (`1987-02-26`).
std::string date_of_value(std::string_view value);

}  // namespace newsdex::detail
