// SPDX-License-Identifier: MIT
// The pieces of the timeline and of relative dates: day numbers, days
// counted back from a given today, histogram buckets, the unit `auto`
// picks; and the typo distance spelling suggestions rank by.
#include "newsdex/error.h"

#include "search/histogram.h"
#include "search/periods.h"
#include "search/spelling.h"

#include <gtest/gtest.h>

namespace newsdex::detail {
namespace {

std::string text(const Day& d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", d.year, d.month, d.day);
    return buf;
}

std::string relative(std::string_view value, const Day& today) {
    const std::optional<Day> d = relative_day(value, today);
    return d ? text(*d) : "none";
}

TEST(Timeline, DayNumbersRoundTrip) {
    EXPECT_EQ(day_number(Day{1970, 1, 1}), 0);
    EXPECT_EQ(day_number(Day{1987, 3, 1}), 6268);
    EXPECT_EQ(day_number(Day{1969, 12, 31}), -1);
    for (std::int64_t n = -800000; n < 800000; n += 997) {
        EXPECT_EQ(day_number(day_of_number(n)), n);
    }
}

TEST(Timeline, RelativeDaysCountBackFromToday) {
    const Day today{1987, 3, 31};
    EXPECT_EQ(relative("today", today), "1987-03-31");
    EXPECT_EQ(relative("Yesterday", today), "1987-03-30");
    EXPECT_EQ(relative("yesterday", Day{1987, 1, 1}), "1986-12-31");
    EXPECT_EQ(relative("-7d", today), "1987-03-24");
    EXPECT_EQ(relative("-31d", today), "1987-02-28");
    EXPECT_EQ(relative("-2w", today), "1987-03-17");
    // A month back from the 31st is the last day of the shorter month.
    EXPECT_EQ(relative("-1m", today), "1987-02-28");
    EXPECT_EQ(relative("-3m", today), "1986-12-31");
    EXPECT_EQ(relative("-1y", Day{1988, 2, 29}), "1987-02-28");
    EXPECT_EQ(relative("-0d", today), "1987-03-31");
    for (const char* other : {"-7", "7d", "-d", "-7x", "tomorrow", "-7d5", "1987-03-01"}) {
        EXPECT_EQ(relative(other, today), "none") << other;
    }
}

TEST(Timeline, RelativeDatesInQueriesUseTheGivenToday) {
    const TypedAt at{"date:-1w", 0, Day{2019, 1, 10}};
    const Period p = parse_period(at, schema::field("date"), "-1w");
    EXPECT_EQ(text(p.first), "2019-01-03");
    EXPECT_EQ(p.term, "D20190103");
    const TypedAt range_at{"date:-1w..today", 0, Day{2019, 1, 10}};
    const auto range = parse_range(range_at, schema::field("date"), "-1w..today");
    ASSERT_TRUE(range);
    EXPECT_EQ(text(*range->first), "2019-01-03");
    EXPECT_EQ(text(*range->last), "2019-01-10");
    // Only after date: (year: and month: take their own forms).
    EXPECT_THROW(parse_period(at, schema::field("year"), "today"), Error);
}

TEST(Timeline, AutoUnitFollowsTheSpan) {
    EXPECT_EQ(auto_unit(0, 0), "day");
    EXPECT_EQ(auto_unit(0, 62), "day");
    EXPECT_EQ(auto_unit(0, 63), "week");
    EXPECT_EQ(auto_unit(0, 420), "week");
    EXPECT_EQ(auto_unit(0, 421), "month");
    EXPECT_EQ(auto_unit(0, 3660), "month");
    EXPECT_EQ(auto_unit(0, 3661), "year");
}

TEST(Timeline, BucketsRunFromFirstToLastWithEmptyOnes) {
    const std::unordered_map<std::string, Xapian::doccount> days{
        {"19871231", 2}, {"19880102", 1}, {"19880301", 4}, {"notadate", 9}};
    const Histogram months = make_histogram("month", days, 10);
    EXPECT_EQ(months.unit, "month");
    ASSERT_EQ(months.buckets.size(), 4U);
    EXPECT_EQ(months.buckets[0].start, "1987-12");
    EXPECT_EQ(months.buckets[0].count, 2U);
    EXPECT_EQ(months.buckets[1].start, "1988-01");
    EXPECT_EQ(months.buckets[1].count, 1U);
    EXPECT_EQ(months.buckets[2].start, "1988-02");
    EXPECT_EQ(months.buckets[2].count, 0U);
    EXPECT_EQ(months.buckets[3].count, 4U);
    EXPECT_EQ(months.undated, 3U);
    // Thursday 31 December 1987 and Saturday 2 January 1988 share a week.
    const Histogram weeks = make_histogram("week", days, 7);
    EXPECT_EQ(weeks.buckets.front().start, "1987-12-28");
    EXPECT_EQ(weeks.buckets.front().count, 3U);
    EXPECT_EQ(weeks.buckets.back().start, "1988-02-29");
    EXPECT_EQ(weeks.buckets.size(), 10U);
    const Histogram years = make_histogram("year", days, 7);
    ASSERT_EQ(years.buckets.size(), 2U);
    EXPECT_EQ(years.buckets[1].start, "1988");
    EXPECT_EQ(years.buckets[1].count, 5U);
    EXPECT_EQ(make_histogram("auto", days, 7).unit, "day");  // 61 days
    EXPECT_EQ(make_histogram("auto", {{"19870101", 1}, {"19870601", 1}}, 2).unit, "week");
    EXPECT_TRUE(make_histogram("auto", {}, 0).buckets.empty());
    // Far-apart days by day: too many periods, with what to do.
    EXPECT_THROW(make_histogram("day", {{"00010101", 1}, {"20190101", 1}}, 2), Error);
    EXPECT_THROW(histogram_unit("hour"), Error);
    EXPECT_EQ(histogram_unit("auto"), "auto");
}

TEST(Timeline, TypoDistanceFavoursDoubledLetters) {
    EXPECT_EQ(typo_distance("yeuter", "yeutter"), 0.5);
    EXPECT_EQ(typo_distance("yeuter", "reuter"), 1.5);
    EXPECT_EQ(typo_distance("volker", "volcker"), 1.0);
    EXPECT_EQ(typo_distance("goverment", "government"), 1.0);
    EXPECT_EQ(typo_distance("recieve", "receive"), 1.0);
    EXPECT_EQ(typo_distance("wheat", "wheat"), 0.0);
    EXPECT_EQ(typo_distance("parts", "paris"), 1.0);
    EXPECT_EQ(max_typo_distance("volker", true), 1.0);
    EXPECT_EQ(max_typo_distance("yeuter", false), 1.5);
    EXPECT_EQ(max_typo_distance("goverment", false), 2.0);
}

}  // namespace
}  // namespace newsdex::detail
