// SPDX-License-Identifier: MIT
// Dates in queries: a year, month or day after year:, month: or date:,
// ranges of them, and the whole years, months and days that cover a range.
#include "search/periods.h"

#include "newsdex/error.h"

#include <gtest/gtest.h>

namespace newsdex::detail {
namespace {

constexpr const schema::Field& kYear = schema::field("year");
constexpr const schema::Field& kMonth = schema::field("month");
constexpr const schema::Field& kDate = schema::field("date");

struct PeriodRow {
    const schema::Field* field;
    const char* value;
    const char* first;  // YYYYMMDD
    const char* last;
    const char* term;
};

// clang-format off
const PeriodRow kPeriods[] = {
    {&kYear, "2019", "20190101", "20191231", "Y2019"},
    {&kMonth, "2019-02", "20190201", "20190228", "M201902"},
    {&kMonth, "2020-02", "20200201", "20200229", "M202002"},  // a leap year
    {&kDate, "2019", "20190101", "20191231", "Y2019"},
    {&kDate, "2019-01", "20190101", "20190131", "M201901"},
    {&kDate, "2019-01-10", "20190110", "20190110", "D20190110"},
    {&kDate, "0987-03-05", "09870305", "09870305", "D09870305"},
};

// clang-format on

TEST(Periods, ReadsYearsMonthsAndDays) {
    for (const PeriodRow& row : kPeriods) {
        SCOPED_TRACE(row.value);
        const Period p = parse_period({row.value, 0}, *row.field, row.value);
        EXPECT_EQ(date_value(p.first), row.first);
        EXPECT_EQ(date_value(p.last), row.last);
        EXPECT_EQ(p.term, row.term);
    }
}

struct BadRow {
    const schema::Field* field;
    const char* value;
    const char* message_part;
};

// clang-format off
const BadRow kBad[] = {
    {&kYear, "20x9", "is not a valid year: a year has four digits"},
    {&kYear, "2019-01", "is not a valid year"},
    {&kYear, "0000", "is not a valid year"},
    {&kMonth, "2019", "is not a valid month"},
    {&kMonth, "2019-13", "names month 13, which does not exist"},
    {&kMonth, "2019-1", "write the month with two digits"},
    {&kDate, "2019-02-30", "does not exist: February 2019 has 28 days"},
    {&kDate, "2019-02-3", "write the day with two digits"},
    {&kDate, "2019-01-01-01", "is not a valid date"},
};

// clang-format on

TEST(Periods, RejectsWhatIsNotAPeriod) {
    for (const BadRow& row : kBad) {
        SCOPED_TRACE(row.value);
        try {
            parse_period({row.value, 0}, *row.field, row.value);
            ADD_FAILURE() << "accepted";
        } catch (const Error& e) {
            EXPECT_EQ(e.code(), Errc::kBadQuery);
            EXPECT_NE(std::string(e.what()).find(row.message_part), std::string::npos) << e.what();
            EXPECT_NE(e.hint().find("write it like"), std::string::npos);
        }
    }
}

TEST(Periods, ReadsRanges) {
    EXPECT_FALSE(parse_range({"", 0}, kYear, "2019"));
    const std::optional<PeriodRange> both = parse_range({"", 0}, kDate, "2018-06..2019");
    ASSERT_TRUE(both);
    EXPECT_EQ(date_value(*both->first), "20180601");
    EXPECT_EQ(date_value(*both->last), "20191231");
    const std::optional<PeriodRange> open = parse_range({"", 0}, kDate, "..2018-12-31");
    ASSERT_TRUE(open);
    EXPECT_FALSE(open->first);
    EXPECT_EQ(date_value(*open->last), "20181231");
}

TEST(Periods, RangeErrorsNameTheirColumn) {
    const auto column_of = [](const std::string& query, const schema::Field& field) {
        const std::string value = query.substr(query.find(':') + 1);
        try {
            parse_range({query, 0}, field, value);
        } catch (const Error& e) {
            return std::make_pair(e.column(), std::string(e.what()));
        }
        return std::make_pair(std::size_t{0}, std::string());
    };
    EXPECT_EQ(column_of("date:..", kDate).first, 1U);
    EXPECT_NE(column_of("date:..", kDate).second.find("needs at least one end"), std::string::npos);
    EXPECT_NE(
        column_of("year:2019..2018", kYear).second.find("starts after it ends"), std::string::npos
    );
    // The end after the dots is pointed at.
    EXPECT_EQ(column_of("year:2018..20x9", kYear).first, 12U);
}

struct CoverRow {
    const char* range;
    const char* terms;
    std::size_t years, months, days;
};

// clang-format off
const CoverRow kCovers[] = {
    {"2018..2019", "Y2018 Y2019", 2, 0, 0},
    {"2018-06-01..2018-12-31", "M201806 M201807 M201808 M201809 M201810 M201811 M201812", 0, 7, 0},
    {"2018-02-27..2018-03-02", "D20180227 D20180228 D20180301 D20180302", 0, 0, 4},
    {"2018-11-30..2019-01", "D20181130 M201812 M201901", 0, 2, 1},
    // Open ends stop at the first or last year of the index.
    {"..2018-12-31", "Y2017 Y2018", 2, 0, 0},
    {"2019-11..", "M201911 M201912 Y2020", 1, 2, 0},
    // Years the index has no article from are left out.
    {"1900..2100", "Y2017 Y2018 Y2019 Y2020", 4, 0, 0},
    {"..1970", "", 0, 0, 0},
};

// clang-format on

TEST(Periods, CoversRangesWithWholeYearsMonthsAndDays) {
    const std::vector<int> years{2017, 2018, 2019, 2020};
    for (const CoverRow& row : kCovers) {
        SCOPED_TRACE(row.range);
        const RangeCover cover = cover_range(*parse_range({"", 0}, kDate, row.range), years);
        std::string terms;
        for (const std::string& t : cover.terms) {
            terms += (terms.empty() ? "" : " ") + t;
        }
        EXPECT_EQ(terms, row.terms);
        EXPECT_EQ(cover.whole_years, row.years);
        EXPECT_EQ(cover.months, row.months);
        EXPECT_EQ(cover.days, row.days);
    }
    // With no years at all, open ends stay open.
    const RangeCover none = cover_range(*parse_range({"", 0}, kDate, "..2019"), {});
    EXPECT_FALSE(none.first);
    EXPECT_TRUE(none.terms.empty());
}

}  // namespace
}  // namespace newsdex::detail
