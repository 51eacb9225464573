// SPDX-License-Identifier: MIT
/// @file article.h
/// An article as the library indexes it, its publication date, and a
/// problem with an input it was read from.
#pragma once

#include "newsdex/export.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

/// A publication date as the article gives it: a local calendar date, and
/// optionally a time of day and the UTC offset it was published with.
/// The day, month and year the article is filed under are always those of
/// its own local date, whatever the offset.
struct NEWSDEX_EXPORT Date {
    int year = 0;   ///< 1..9999
    int month = 0;  ///< 1..12
    int day = 0;    ///< 1..31
    bool has_time = false;
    int hour = 0;
    int minute = 0;
    int second = 0;
    bool has_offset = false;
    int offset_minutes = 0;  ///< east of UTC; meaningful when has_offset

    /// Parses ISO 8601: `2019-01-10`, `2019-06-20T19:00+08:00`,
    /// `2019-06-20 19:00:05Z`, `2019-06-20T19:00:05.123-0500`.
    /// @returns the date, or std::nullopt when `text` is not such a date or
    ///          names a day that does not exist (2019-02-30).
    static std::optional<Date> parse_iso(std::string_view text);

    /// Parses the dates news archives use: ISO 8601 (as parse_iso), RFC 2822
    /// (`Thu, 10 Jan 2019 08:00:00 +0000`), `January 10, 2019`,
    /// `Jan 10, 2019`, `10 January 2019`, `10 Jan 2019`,
    /// `26-FEB-1987 15:01:01.79` and TREC's `890110` / `19890110`. The local
    /// date and time are kept as written, with the offset when one is given.
    /// @returns std::nullopt when nothing matches or the day does not exist.
    static std::optional<Date> parse(std::string_view text);

    /// `YYYY-MM-DD`, the local date.
    std::string ymd() const;

    /// Seconds since 1970-01-01T00:00Z of the publication instant (negative
    /// before 1970). Without a time it is the start of the local day; without
    /// an offset the local time is taken as UTC.
    std::int64_t unix_seconds() const;

    /// ISO 8601 as precise as the article gave it.
    std::string iso() const;

    friend bool operator==(const Date&, const Date&) = default;
};

/// True for a real calendar day (leap years included).
NEWSDEX_EXPORT bool is_valid_ymd(int year, int month, int day) noexcept;

/// Days in a month of a year (leap years included); 0 for a bad month.
NEWSDEX_EXPORT int days_in_month(int year, int month) noexcept;

/// One article: its metadata and its text.
struct NEWSDEX_EXPORT Article {
    std::string id;      ///< unique id; replaces any earlier article with the same id
    std::string title;   ///< headline; derived from the body when empty
    std::string source;  ///< publisher, e.g. "Arirang News"
    std::string url;
    std::string path;  ///< where it came from, as the indexer was given it
    std::string body;  ///< plain text, UTF-8
    std::optional<Date> date;
    /// Entity lists given with the article, by metadata key (`leaders`,
    /// `people`, `countries`, `places`, `orgs`); indexed as given, in
    /// addition to what the text yields.
    std::map<std::string, std::vector<std::string>, std::less<>> entities;
    /// Dynamic fields: metadata fields the schema does not know, by their
    /// lower-cased name (`topics`), with their string values as given;
    /// indexed as exact-match filters and facets (docs/schema.md).
    std::map<std::string, std::vector<std::string>, std::less<>> fields;
    /// Dynamic fields holding one number (`"words": 450`), by lower-cased
    /// name: a number field of the index, searched by value and by range
    /// (docs/schema.md), unless the index knows the name as a string field.
    std::map<std::string, double, std::less<>> numbers;
    /// Metadata fields that were neither read nor indexed as dynamic
    /// fields, each as `name` then a tab and why (`Year\tthe name of the
    /// built-in field year`); counted in the run's summary, not per article.
    std::vector<std::string> refused_fields;
};

/// A problem with one input: where, what, and whether the input was lost.
///
/// Both strings are one line of printable text: what they quote of the input
/// (file names, values, excerpts) is escaped, C style: `\\`, `\n`, `\t`,
/// `\r`, `\xNN` for other control characters and bytes that are not UTF-8,
/// `\uNNNN` for C1 controls, line separators and bidirectional controls.
/// Quoted values are cut to a bounded length.
struct NEWSDEX_EXPORT InputProblem {
    std::string where;      ///< `path` or `path:line`, the path as given (escaped)
    std::string message;    ///< what is wrong and what to do about it
    bool rejected = false;  ///< true: the input was not indexed; false: a warning
};

}  // namespace newsdex
