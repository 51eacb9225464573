// SPDX-License-Identifier: MIT
#include "newsdex/article.h"

#include <gtest/gtest.h>

namespace newsdex {
namespace {

TEST(Date, ParsesIso8601) {
    const auto d = Date::parse_iso("2019-06-20T19:00+08:00");
    ASSERT_TRUE(d);
    EXPECT_EQ(d->ymd(), "2019-06-20");
    EXPECT_TRUE(d->has_time);
    EXPECT_EQ(d->offset_minutes, 480);
    EXPECT_EQ(d->iso(), "2019-06-20T19:00:00+08:00");
    EXPECT_EQ(Date::parse_iso("2019-01-10")->iso(), "2019-01-10");
    EXPECT_EQ(Date::parse_iso("2019-06-20 19:00:05.123Z")->iso(), "2019-06-20T19:00:05Z");
    EXPECT_EQ(Date::parse_iso("2019-06-20T19:00:05-0530")->offset_minutes, -330);
}

TEST(Date, RejectsWhatIsNotADate) {
    for (const char* bad :
         {"",
          "2019",
          "2019-1-10",
          "2019-02-30",
          "2019-13-01",
          "2019-06-20T25:00",
          "2019-06-20T19:00+8",
          "January 10, 2019",
          "2019-06-20x"}) {
        EXPECT_FALSE(Date::parse_iso(bad)) << bad;
    }
    EXPECT_TRUE(Date::parse_iso("2020-02-29"));
    EXPECT_FALSE(Date::parse_iso("2019-02-29"));
    EXPECT_FALSE(Date::parse_iso("1900-02-29"));
    EXPECT_TRUE(Date::parse_iso("2000-02-29"));
}

TEST(Date, KeepsTheLocalDayAndComputesTheInstant) {
    // 00:30 on 1 January 2020 in Seoul is still 2019 in UTC, but the article
    // is filed under its own local date.
    const auto seoul = Date::parse_iso("2020-01-01T00:30+09:00");
    ASSERT_TRUE(seoul);
    EXPECT_EQ(seoul->year, 2020);
    EXPECT_EQ(seoul->unix_seconds(), 1577806200);  // 2019-12-31T15:30Z
    EXPECT_EQ(Date::parse_iso("1970-01-01")->unix_seconds(), 0);
    // Long before 1970.
    EXPECT_EQ(Date::parse_iso("1961-08-13")->unix_seconds(), -264643200);
    EXPECT_EQ(Date::parse_iso("0001-01-01")->unix_seconds(), -62135596800);
}

}  // namespace
}  // namespace newsdex
