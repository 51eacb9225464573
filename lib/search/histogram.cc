// SPDX-License-Identifier: MIT
#include "search/histogram.h"

#include "newsdex/error.h"

#include "search/periods.h"
#include "util/escape.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>

namespace newsdex::detail {

namespace {

// The most periods a histogram has: beyond, a coarser unit says more.
constexpr std::int64_t kMaxBuckets = 100000;

enum class Unit : unsigned char { kDay, kWeek, kMonth, kYear };

Unit unit_of(std::string_view unit) {
    return unit == "day"     ? Unit::kDay
           : unit == "week"  ? Unit::kWeek
           : unit == "month" ? Unit::kMonth
                             : Unit::kYear;
}

std::int64_t floor_mod(std::int64_t a, std::int64_t b) {
    const std::int64_t m = a % b;
    return m < 0 ? m + b : m;
}

// The period of a day, as a number that counts periods (days and weeks
// as their first day's number).
std::int64_t period_of(Unit unit, std::int64_t day) {
    switch (unit) {
    case Unit::kDay:
        return day;
    case Unit::kWeek:
        // 1970-01-01 was a Thursday: Monday is 3 days before it.
        return day - floor_mod(day + 3, 7);
    case Unit::kMonth: {
        const Day d = day_of_number(day);
        return std::int64_t{d.year} * 12 + (d.month - 1);
    }
    case Unit::kYear:
        return day_of_number(day).year;
    }
    return day;
}

std::int64_t next_period(Unit unit, std::int64_t period) {
    return period + (unit == Unit::kWeek ? 7 : 1);
}

std::string day_text(const Day& d) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::string period_text(Unit unit, std::int64_t period) {
    char buf[32];
    switch (unit) {
    case Unit::kDay:
    case Unit::kWeek:
        return day_text(day_of_number(period));
    case Unit::kMonth:
        std::snprintf(
            buf,
            sizeof buf,
            "%04d-%02d",
            static_cast<int>((period - floor_mod(period, 12)) / 12),
            static_cast<int>(floor_mod(period, 12) + 1)
        );
        return buf;
    case Unit::kYear:
        std::snprintf(buf, sizeof buf, "%04d", static_cast<int>(period));
        return buf;
    }
    return {};
}

// A date slot value as a day number; nothing for one that is not a date.
std::optional<std::int64_t> day_of_value(std::string_view value) {
    if (value.size() < 8
        || !std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return std::nullopt;
    }
    const std::string v(value);
    const int year = std::stoi(v.substr(0, v.size() - 4));
    const int month = std::stoi(v.substr(v.size() - 4, 2));
    const int day = std::stoi(v.substr(v.size() - 2));
    if (month < 1 || month > 12 || day < 1 || day > 31) {
        return std::nullopt;
    }
    return day_number(Day{year, month, day});
}

}  // namespace

std::string_view histogram_unit(std::string_view asked) {
    for (const std::string_view unit : {"", "day", "week", "month", "year", "auto"}) {
        if (asked == unit) {
            return unit;
        }
    }
    throw Error(
        Errc::kInvalidArgument,
        "unknown histogram unit " + quote(asked),
        "use day, week, month, year or auto"
    );
}

std::string_view auto_unit(std::int64_t first, std::int64_t last) {
    const std::int64_t span = last - first;
    return span <= 62                     ? "day"
           : span <= std::int64_t{7} * 60 ? "week"
           : span <= 3660                 ? "month"
                                          : "year";
}

std::string date_of_value(std::string_view value) {
    const auto day = day_of_value(value);
    return day ? day_text(day_of_number(*day)) : std::string(value);
}

Histogram make_histogram(
    std::string_view unit,
    const std::unordered_map<std::string, Xapian::doccount>& days,
    std::uint64_t total
) {
    std::map<std::int64_t, std::uint64_t> by_day;
    std::uint64_t dated = 0;
    for (const auto& [value, count] : days) {
        if (const auto day = day_of_value(value)) {
            by_day[*day] += count;
            dated += count;
        }
    }
    Histogram out;
    out.undated = total > dated ? total - dated : 0;
    if (by_day.empty()) {
        out.unit = unit == "auto" ? "day" : std::string(unit);
        return out;
    }
    const std::int64_t first_day = by_day.begin()->first;
    const std::int64_t last_day = by_day.rbegin()->first;
    out.unit = unit == "auto" ? std::string(auto_unit(first_day, last_day)) : std::string(unit);
    const Unit u = unit_of(out.unit);
    const std::int64_t first = period_of(u, first_day);
    const std::int64_t last = period_of(u, last_day);
    const std::int64_t buckets = (last - first) / (u == Unit::kWeek ? 7 : 1) + 1;
    if (buckets > kMaxBuckets) {
        throw Error(
            Errc::kInvalidArgument,
            "a histogram by " + out.unit + " from " + day_text(day_of_number(first_day)) + " to "
                + day_text(day_of_number(last_day)) + " would have " + std::to_string(buckets)
                + " periods",
            "use a longer unit (--histogram year or auto), or narrow the dates with date:A..B"
        );
    }
    out.buckets.reserve(static_cast<std::size_t>(buckets));
    auto it = by_day.begin();
    for (std::int64_t p = first; p <= last; p = next_period(u, p)) {
        HistogramBucket bucket{period_text(u, p), 0};
        for (; it != by_day.end() && period_of(u, it->first) == p; ++it) {
            bucket.count += it->second;
        }
        out.buckets.push_back(std::move(bucket));
    }
    return out;
}

}  // namespace newsdex::detail
