// SPDX-License-Identifier: MIT
#include "newsdex/article.h"

#include <cstdio>

namespace newsdex {

namespace {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil), exact for years long before 1970.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2 ? 1 : 0;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

class Cursor {
  public:
    explicit Cursor(std::string_view text) : text_(text) {}

    bool digits(std::size_t count, int& out) {
        if (pos_ + count > text_.size()) {
            return false;
        }
        int value = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const char ch = text_[pos_ + i];
            if (ch < '0' || ch > '9') {
                return false;
            }
            value = value * 10 + (ch - '0');
        }
        pos_ += count;
        out = value;
        return true;
    }

    bool accept(char ch) {
        if (pos_ < text_.size() && text_[pos_] == ch) {
            ++pos_;
            return true;
        }
        return false;
    }

    char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }

    bool done() const { return pos_ == text_.size(); }

    void skip_fraction() {
        if (accept('.') || accept(',')) {
            while (peek() >= '0' && peek() <= '9') {
                ++pos_;
            }
        }
    }

  private:
    std::string_view text_;
    std::size_t pos_ = 0;
};

bool parse_time_and_offset(Cursor& in, Date& date) {
    if (!in.digits(2, date.hour) || !in.accept(':') || !in.digits(2, date.minute)) {
        return false;
    }
    if (in.accept(':')) {
        if (!in.digits(2, date.second)) {
            return false;
        }
        in.skip_fraction();
    }
    if (date.hour > 24 || date.minute > 59 || date.second > 60
        || (date.hour == 24 && (date.minute != 0 || date.second != 0))) {
        return false;
    }
    date.has_time = true;
    if (in.accept('Z') || in.accept('z')) {
        date.has_offset = true;
        return true;
    }
    const char sign = in.peek();
    if (sign != '+' && sign != '-') {
        return true;
    }
    in.accept(sign);
    int hours = 0;
    int minutes = 0;
    if (!in.digits(2, hours)) {
        return false;
    }
    // Minutes after a colon ("+05:30") or straight after the hours ("+0530").
    const bool colon = in.accept(':');
    if ((colon || !in.done()) && !in.digits(2, minutes)) {
        return false;
    }
    if (hours > 18 || minutes > 59) {
        return false;
    }
    date.has_offset = true;
    date.offset_minutes = (sign == '-' ? -1 : 1) * (hours * 60 + minutes);
    return true;
}

}  // namespace

int days_in_month(int year, int month) noexcept {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12) {
        return 0;
    }
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

bool is_valid_ymd(int year, int month, int day) noexcept {
    return year >= 1 && year <= 9999 && day >= 1 && day <= days_in_month(year, month);
}

std::optional<Date> Date::parse_iso(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
        text.remove_prefix(1);
    }
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
        text.remove_suffix(1);
    }
    Cursor in(text);
    Date date;
    if (!in.digits(4, date.year) || !in.accept('-') || !in.digits(2, date.month) || !in.accept('-')
        || !in.digits(2, date.day)) {
        return std::nullopt;
    }
    if (!is_valid_ymd(date.year, date.month, date.day)) {
        return std::nullopt;
    }
    if (in.accept('T') || in.accept('t') || in.accept(' ')) {
        if (!parse_time_and_offset(in, date)) {
            return std::nullopt;
        }
    }
    if (!in.done()) {
        return std::nullopt;
    }
    return date;
}

std::string Date::ymd() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

std::int64_t Date::unix_seconds() const {
    const std::int64_t days =
        days_from_civil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    std::int64_t seconds =
        days * 86400 + std::int64_t{hour} * 3600 + std::int64_t{minute} * 60 + second;
    if (has_offset) {
        seconds -= static_cast<std::int64_t>(offset_minutes) * 60;
    }
    return seconds;
}

std::string Date::iso() const {
    std::string out = ymd();
    if (!has_time) {
        return out;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d", hour, minute, second);
    out += buf;
    if (has_offset) {
        if (offset_minutes == 0) {
            out += 'Z';
        } else {
            const int magnitude = offset_minutes < 0 ? -offset_minutes : offset_minutes;
            std::snprintf(
                buf,
                sizeof buf,
                "%c%02d:%02d",
                offset_minutes < 0 ? '-' : '+',
                magnitude / 60,
                magnitude % 60
            );
            out += buf;
        }
    }
    return out;
}

}  // namespace newsdex
