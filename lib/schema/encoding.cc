// SPDX-License-Identifier: MIT
#include "schema/encoding.h"

#include "analysis/fold.h"

#include <xapian.h>
#include <xxhash.h>

#include <cstdio>

namespace newsdex::detail {

namespace {

// The digits of a year (`YYYY`) and a month (`YYYYMM`), zero-padded, as
// terms and slots hold them.
std::string year_digits(int year) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d", year);
    return buf;
}

std::string month_digits(int year, int month) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d", year, month);
    return buf;
}

// The month as its slot (and the month facet) shows it: `YYYY-MM`.
std::string month_value(int year, int month) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d", year, month);
    return buf;
}

// The fields of an article's date.
constexpr const schema::Field& kYear = schema::field("year");
constexpr const schema::Field& kMonth = schema::field("month");
constexpr const schema::Field& kDate = schema::field("date");

}  // namespace

std::string make_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    if (prefix.size() + value.size() <= kMaxXapianTerm) {
        term += value;
        return term;
    }
    char tag[20];
    std::snprintf(
        tag,
        sizeof tag,
        "#%016llx",
        static_cast<unsigned long long>(XXH3_64bits(value.data(), value.size()))
    );
    term += utf8_prefix(value, kMaxXapianTerm - prefix.size() - 17);
    term += tag;
    return term;
}

std::string stem_term(std::string_view field_prefix, std::string_view stem) {
    std::string prefix(schema::kStemPrefix);
    prefix += field_prefix;
    return make_term(prefix, stem);
}

bool is_text_stem_term(std::string_view term) noexcept {
    const std::size_t n = schema::kStemPrefix.size();
    return term.size() > n && term.substr(0, n) == schema::kStemPrefix && term[n] >= 'a'
           && term[n] <= 'z';
}

std::string_view stem_of_term(std::string_view term) noexcept {
    return term.substr(std::min(term.size(), schema::kStemPrefix.size()));
}

std::string encode_list(const std::vector<std::string>& values) {
    std::string out;
    for (const std::string& v : values) {
        if (!out.empty()) {
            out.push_back('\n');
        }
        out += v;
    }
    return out;
}

std::vector<std::string> decode_list(std::string_view encoded) {
    std::vector<std::string> out;
    while (!encoded.empty()) {
        const std::size_t nl = encoded.find('\n');
        out.emplace_back(encoded.substr(0, nl));
        if (nl == std::string_view::npos) {
            break;
        }
        encoded.remove_prefix(nl + 1);
    }
    return out;
}

std::string date_value(const Day& day) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", day.year, day.month, day.day);
    return buf;
}

std::string year_term(int year) {
    return make_term(kYear, year_digits(year));
}

std::string month_term(int year, int month) {
    return make_term(kMonth, month_digits(year, month));
}

std::string day_term(const Day& day) {
    return make_term(kDate, date_value(day));
}

std::optional<int> year_of_term(std::string_view term) {
    if (term.size() != kYear.prefix.size() + 4
        || term.substr(0, kYear.prefix.size()) != kYear.prefix) {
        return std::nullopt;
    }
    int year = 0;
    for (const char c : term.substr(kYear.prefix.size())) {
        if (c < '0' || c > '9') {
            return std::nullopt;
        }
        year = year * 10 + (c - '0');
    }
    return year;
}

Encoded encode_names(
    const schema::Field& field, const std::vector<std::string>& names, const Analyzer& analyzer
) {
    Encoded out;
    for (const std::string& name : names) {
        out.terms.push_back(make_term(field, analyzer.fold(name)));
    }
    out.values.emplace_back(field.slot, encode_list(names));
    return out;
}

Encoded encode_date(const Date& date) {
    const Day day{date.year, date.month, date.day};
    Encoded out;
    out.terms = {year_term(date.year), month_term(date.year, date.month), day_term(day)};
    out.values = {
        {kYear.slot, year_digits(date.year)},
        {kMonth.slot, month_value(date.year, date.month)},
        {kDate.slot, date_value(day)},
        {schema::Slot::kTimestamp,
         Xapian::sortable_serialise(static_cast<double>(date.unix_seconds()))},
    };
    return out;
}

}  // namespace newsdex::detail
