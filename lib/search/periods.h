// SPDX-License-Identifier: MIT
// Dates in queries (private to the library): a year, month or day typed
// after `year:`, `month:` or `date:`, ranges of them, and the terms that
// cover a range (docs/query-syntax.md, "Dates").
#pragma once

#include "newsdex/schema.h"

#include "schema/encoding.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::detail {

/// A year, month or day typed in a query: its first and last day, and the
/// term of the whole period (`Y2019`, `M201901`, `D20190110`).
struct Period {
    Day first;
    Day last;
    std::string term;
};

/// Where a value was typed, for errors with a column.
struct TypedAt {
    std::string_view query;  ///< the whole query
    std::size_t offset = 0;  ///< byte offset of the `field:value` in it
    /// The day relative dates (`date:today`, `date:-7d`) count from; none:
    /// today's in the local time zone, by the clock.
    std::optional<Day> today = std::nullopt;
};

/// Today's date in the local time zone.
Day local_today();

/// A relative date typed after `date:` as the day it names, counted from
/// `today`: `today`, `yesterday`, or N days, weeks, months or years before
/// it (`-7d`, `-2w`, `-3m`, `-1y`; a month or year back from the 31st or
/// from 29 February is the last day of the shorter month). Nothing for a
/// value of another form.
std::optional<Day> relative_day(std::string_view value, const Day& today);

/// Reads one value of a date field: `YYYY` after `year:`, `YYYY-MM` after
/// `month:`, any of `YYYY`, `YYYY-MM` and `YYYY-MM-DD` after `date:`, and
/// there also a relative date (relative_day()).
/// @throws Error kBadQuery at `at` when it is not one, or names a month or
///         day that does not exist.
Period parse_period(const TypedAt& at, const schema::Field& field, std::string_view value);

/// Days since 1970-01-01 of a day (proleptic Gregorian), and back.
std::int64_t day_number(const Day& day);
Day day_of_number(std::int64_t n);

/// The English name of month `m` (1 to 12): "January" ... "December".
const char* month_name(int m);

/// A range `A..B` of a date field: from the first day of A to the last of
/// B; an end left out is open.
struct PeriodRange {
    std::optional<Day> first;
    std::optional<Day> last;
};

/// Reads `value` as a range when it holds `..`.
/// @returns nothing when it is a single value.
/// @throws Error kBadQuery when both ends are left out, an end is not a
///         period of the field, or the range ends before it starts.
std::optional<PeriodRange>
parse_range(const TypedAt& at, const schema::Field& field, std::string_view value);

/// The terms of the whole years, whole months and single days that cover a
/// range, the way Omega filters dates: Xapian then reads a few posting
/// lists instead of every candidate's date value.
struct RangeCover {
    std::optional<Day> first;  ///< the range's first day, an open end made the first year's
    std::optional<Day> last;   ///< the range's last day, likewise
    std::vector<std::string> terms;
    std::size_t whole_years = 0;
    std::size_t months = 0;
    std::size_t days = 0;
};

/// Covers `range` within `years` (the years the index has articles from,
/// ascending): other years are left out, and an open end stops at the first
/// or the last of them.
RangeCover cover_range(const PeriodRange& range, const std::vector<int>& years);

}  // namespace newsdex::detail
