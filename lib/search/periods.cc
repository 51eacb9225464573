// SPDX-License-Identifier: MIT
#include "search/periods.h"

#include "newsdex/article.h"

#include "search/query_syntax.h"

#include <algorithm>
#include <ctime>

namespace newsdex::detail {

const char* month_name(int m) {
    static constexpr const char* kNames[] = {
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December"};
    return kNames[m - 1];
}

// H. Hinnant's days_from_civil and civil_from_days.
std::int64_t day_number(const Day& day) {
    const std::int64_t y = day.year - (day.month <= 2 ? 1 : 0);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t m = day.month;
    const std::int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day.day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

Day day_of_number(std::int64_t n) {
    n += 719468;
    const std::int64_t era = (n >= 0 ? n : n - 146096) / 146097;
    const std::int64_t doe = n - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const std::int64_t d = doy - (153 * mp + 2) / 5 + 1;
    const std::int64_t m = mp < 10 ? mp + 3 : mp - 9;
    const std::int64_t y = yoe + era * 400 + (m <= 2 ? 1 : 0);
    return Day{static_cast<int>(y), static_cast<int>(m), static_cast<int>(d)};
}

Day local_today() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return Day{local.tm_year + 1900, local.tm_mon + 1, local.tm_mday};
}

std::optional<Day> relative_day(std::string_view value, const Day& today) {
    std::string lower;
    for (const char ch : value) {
        lower += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    }
    if (lower == "today") {
        return today;
    }
    if (lower == "yesterday") {
        return day_of_number(day_number(today) - 1);
    }
    if (lower.size() < 3 || lower.size() > 7 || lower[0] != '-'
        || lower.find_first_not_of("0123456789", 1) != lower.size() - 1) {
        return std::nullopt;
    }
    const int n = std::stoi(lower.substr(1, lower.size() - 2));
    switch (lower.back()) {
    case 'd':
        return day_of_number(day_number(today) - n);
    case 'w':
        return day_of_number(day_number(today) - std::int64_t{7} * n);
    case 'm':
    case 'y': {
        const int months = lower.back() == 'm' ? n : 12 * n;
        const int month_number = today.year * 12 + (today.month - 1) - months;
        const int year = month_number / 12;
        const int month = month_number % 12 + 1;
        if (year < 1) {
            return std::nullopt;
        }
        return Day{year, month, std::min(today.day, days_in_month(year, month))};
    }
    default:
        return std::nullopt;
    }
}

namespace {

bool all_digits(std::string_view s) {
    return !s.empty()
           && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// How precise a field's values are: 1 = years only, 2 = year-month, 3 = any
// of year, year-month and date.
int granularity_of(const schema::Field& field) {
    return field.values == schema::Values::kYear    ? 1
           : field.values == schema::Values::kMonth ? 2
                                                    : 3;
}

std::vector<std::string_view> split_dashes(std::string_view v) {
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= v.size(); ++i) {
        if (i == v.size() || v[i] == '-') {
            parts.push_back(v.substr(start, i - start));
            start = i + 1;
        }
    }
    return parts;
}

// The error of a value that is not a period of the field.
class BadPeriod {
  public:
    BadPeriod(
        const TypedAt& at, const schema::Field& field, std::string_view value, int granularity
    )
        : at_(at), field_(field), value_(value), granularity_(granularity) {}

    [[noreturn]] void operator()(const std::string& what) const {
        const std::string example = granularity_ == 1   ? "year:2019"
                                    : granularity_ == 2 ? "month:2019-01"
                                                        : "date:2019-01-10";
        fail_at(
            at_.query,
            at_.offset,
            std::string(field_.name) + ":" + std::string(value_) + " " + what,
            "write it like " + example
        );
    }

    [[noreturn]] void not_a_period() const {
        (*this
        )(std::string("is not a valid ")
          + (granularity_ == 1   ? "year"
             : granularity_ == 2 ? "month"
                                 : "date"));
    }

  private:
    const TypedAt& at_;
    const schema::Field& field_;
    std::string_view value_;
    int granularity_;
};

// A two-digit month or day.
int two_digits(std::string_view part, const BadPeriod& bad, const char* what) {
    if (part.size() != 2 || !all_digits(part)) {
        bad(std::string("is not a valid ") + what + ": write the " + what + " with two digits");
    }
    return std::stoi(std::string(part));
}

}  // namespace

Period parse_period(const TypedAt& at, const schema::Field& field, std::string_view value) {
    const int granularity = granularity_of(field);
    if (granularity == 3) {
        if (const auto day = relative_day(value, at.today ? *at.today : local_today())) {
            return Period{*day, *day, day_term(*day)};
        }
    }
    const BadPeriod bad(at, field, value, granularity);
    if (granularity == 3 && !value.empty()
        && (value[0] == '-' || !all_digits(value.substr(0, 1)))) {
        bad("is not a date: relative dates are today, yesterday or -Nd, -Nw, -Nm, -Ny (days, "
            "weeks, months, years ago)");
    }
    const std::vector<std::string_view> parts = split_dashes(value);
    const auto count = static_cast<int>(parts.size());
    if ((granularity == 1 && count != 1) || (granularity == 2 && count != 2) || count > 3) {
        bad.not_a_period();
    }
    if (parts[0].size() != 4 || !all_digits(parts[0])) {
        bad("is not a valid year: a year has four digits");
    }
    const int year = std::stoi(std::string(parts[0]));
    if (year < 1) {
        bad("is not a valid year");
    }
    if (count == 1) {
        return Period{{year, 1, 1}, {year, 12, 31}, year_term(year)};
    }
    const int month = two_digits(parts[1], bad, "month");
    if (month < 1 || month > 12) {
        bad("names month " + std::to_string(month) + ", which does not exist");
    }
    if (count == 2) {
        return Period{
            {year, month, 1}, {year, month, days_in_month(year, month)}, month_term(year, month)};
    }
    const int day = two_digits(parts[2], bad, "day");
    if (!is_valid_ymd(year, month, day)) {
        bad(std::string("does not exist: ") + month_name(month) + " " + std::to_string(year)
            + " has " + std::to_string(days_in_month(year, month)) + " days");
    }
    const Day d{year, month, day};
    return Period{d, d, day_term(d)};
}

std::optional<PeriodRange>
parse_range(const TypedAt& at, const schema::Field& field, std::string_view value) {
    const std::size_t dots = value.find("..");
    if (dots == std::string_view::npos) {
        return std::nullopt;
    }
    const std::string_view from = value.substr(0, dots);
    const std::string_view to = value.substr(dots + 2);
    const std::string name(field.name);
    if (from.empty() && to.empty()) {
        fail_at(
            at.query,
            at.offset,
            name + ":.. needs at least one end",
            "e.g. " + name + ":2018..2019 or " + name + ":..2019"
        );
    }
    PeriodRange range;
    if (!from.empty()) {
        range.first = parse_period(at, field, from).first;
    }
    if (!to.empty()) {
        // The column of the end typed after the dots.
        const TypedAt to_at{at.query, at.offset + dots + 2 + field.name.size() + 1, at.today};
        range.last = parse_period(to_at, field, to).last;
    }
    if (range.first && range.last && *range.first > *range.last) {
        fail_at(
            at.query,
            at.offset,
            name + ":" + std::string(value) + " starts after it ends",
            "swap the two ends"
        );
    }
    return range;
}

RangeCover cover_range(const PeriodRange& range, const std::vector<int>& years) {
    RangeCover out;
    out.first = range.first;
    out.last = range.last;
    if (years.empty()) {
        return out;
    }
    const Day lo = range.first.value_or(Day{years.front(), 1, 1});
    const Day hi = range.last.value_or(Day{years.back(), 12, 31});
    out.first = lo;
    out.last = hi;
    for (const int y : years) {
        if (Day{y, 12, 31} < lo || Day{y, 1, 1} > hi) {
            continue;
        }
        const Day from = std::max(lo, Day{y, 1, 1});
        const Day to = std::min(hi, Day{y, 12, 31});
        if (from == Day{y, 1, 1} && to == Day{y, 12, 31}) {
            out.terms.push_back(year_term(y));
            ++out.whole_years;
            continue;
        }
        for (int m = from.month; m <= to.month; ++m) {
            const int end = days_in_month(y, m);
            const int d0 = Day{y, m, 1} < from ? from.day : 1;
            const int d1 = Day{y, m, end} > to ? to.day : end;
            if (d0 == 1 && d1 == end) {
                out.terms.push_back(month_term(y, m));
                ++out.months;
                continue;
            }
            for (int d = d0; d <= d1; ++d) {
                out.terms.push_back(day_term(Day{y, m, d}));
                ++out.days;
            }
        }
    }
    return out;
}

}  // namespace newsdex::detail
