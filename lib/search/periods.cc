// SPDX-License-Identifier: MIT
#include "search/periods.h"

#include "newsdex/article.h"

#include "search/query_syntax.h"

#include <algorithm>

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
    const BadPeriod bad(at, field, value, granularity);
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
        const TypedAt to_at{at.query, at.offset + dots + 2 + field.name.size() + 1};
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
