// SPDX-License-Identifier: MIT
// The dates news archives write, parsed with ICU's SimpleDateFormat.
#include "newsdex/article.h"

#include <unicode/gregocal.h>
#include <unicode/smpdtfmt.h>

#include <array>
#include <memory>
#include <mutex>

namespace newsdex {

namespace {

struct Pattern {
    const char* pattern;
    bool has_time;
    bool has_offset;
};

// Tried in order; the first that reads the whole text wins.
constexpr std::array kPatterns{
    Pattern{"EEE, d MMM yyyy HH:mm:ss Z", true, true},
    Pattern{"EEE, d MMM yyyy HH:mm Z", true, true},
    Pattern{"d MMM yyyy HH:mm:ss Z", true, true},
    Pattern{"EEE, d MMM yyyy HH:mm:ss", true, false},
    Pattern{"MMMM d, yyyy", false, false},
    Pattern{"MMMM d yyyy", false, false},
    Pattern{"EEEE, MMMM d, yyyy", false, false},
    Pattern{"d MMMM yyyy", false, false},
    Pattern{"d MMMM, yyyy", false, false},
    Pattern{"dd-MMM-yyyy HH:mm:ss.SS", true, false},
    Pattern{"dd-MMM-yyyy HH:mm:ss", true, false},
    Pattern{"dd-MMM-yyyy", false, false},
    Pattern{"yyyy/MM/dd", false, false},
    Pattern{"yyyy.MM.dd", false, false},
};

bool all_digits(std::string_view s) {
    for (const char c : s) {
        if (c < '0' || c > '9') {
            return false;
        }
    }
    return !s.empty();
}

// TREC collections write 890110 (AP, WSJ) or 19890110.
std::optional<Date> parse_compact(std::string_view s) {
    if (!all_digits(s) || (s.size() != 6 && s.size() != 8)) {
        return std::nullopt;
    }
    Date d;
    const auto num = [&](std::size_t from, std::size_t len) {
        return std::stoi(std::string(s.substr(from, len)));
    };
    if (s.size() == 8) {
        d.year = num(0, 4);
        d.month = num(4, 2);
        d.day = num(6, 2);
    } else {
        const int yy = num(0, 2);
        d.year = yy >= 50 ? 1900 + yy : 2000 + yy;
        d.month = num(2, 2);
        d.day = num(4, 2);
    }
    if (!is_valid_ymd(d.year, d.month, d.day)) {
        return std::nullopt;
    }
    return d;
}

std::string_view trim(std::string_view s) {
    while (!s.empty()
           && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) {
        s.remove_prefix(1);
    }
    while (!s.empty()
           && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) {
        s.remove_suffix(1);
    }
    return s;
}

}  // namespace

std::optional<Date> Date::parse(std::string_view text) {
    text = trim(text);
    if (auto iso = parse_iso(text)) {
        return iso;
    }
    if (auto compact = parse_compact(text)) {
        return compact;
    }
    if (text.empty() || text.size() > 64) {
        return std::nullopt;
    }
    const icu::UnicodeString input = icu::UnicodeString::fromUTF8(
        icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size()))
    );
    for (const Pattern& p : kPatterns) {
        UErrorCode status = U_ZERO_ERROR;
        icu::SimpleDateFormat format(
            icu::UnicodeString(p.pattern, ""), icu::Locale::getUS(), status
        );
        // A calendar in no particular zone: the fields stay as written.
        icu::GregorianCalendar calendar(icu::TimeZone::getGMT()->clone(), status);
        if (U_FAILURE(status)) {
            return std::nullopt;
        }
        format.setLenient(static_cast<UBool>(0));
        calendar.clear();
        icu::ParsePosition position(0);
        format.parse(input, calendar, position);
        if (position.getErrorIndex() >= 0 || position.getIndex() != input.length()) {
            continue;
        }
        Date d;
        d.year = calendar.get(UCAL_YEAR, status);
        d.month = calendar.get(UCAL_MONTH, status) + 1;
        d.day = calendar.get(UCAL_DATE, status);
        if (p.has_time) {
            d.has_time = true;
            d.hour = calendar.get(UCAL_HOUR_OF_DAY, status);
            d.minute = calendar.get(UCAL_MINUTE, status);
            d.second = calendar.get(UCAL_SECOND, status);
        }
        if (p.has_offset) {
            d.has_offset = true;
            d.offset_minutes =
                (calendar.get(UCAL_ZONE_OFFSET, status) + calendar.get(UCAL_DST_OFFSET, status))
                / 60000;
        }
        if (U_FAILURE(status) || !is_valid_ymd(d.year, d.month, d.day)) {
            continue;
        }
        return d;
    }
    return std::nullopt;
}

}  // namespace newsdex
