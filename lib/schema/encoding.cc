// SPDX-License-Identifier: MIT
#include "schema/encoding.h"

#include "analysis/fold.h"

#include <xapian.h>
#include <xxhash.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <system_error>

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

std::string dynamic_prefix(std::string_view name) {
    std::string prefix(schema::kDynamicPrefix);
    prefix += name;
    prefix += schema::kDynamicSeparator;
    return prefix;
}

std::string dynamic_slot_value(std::string_view name, std::string_view value) {
    std::string out(name);
    out += schema::kDynamicSeparator;
    out += value;
    return out;
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

std::string number_text(double value) {
    if (value == 0) {
        return "0";
    }
    if (value == std::trunc(value) && std::fabs(value) < schema::kMaxExactInteger) {
        return std::to_string(static_cast<long long>(value));
    }
    char buf[64];
    const std::to_chars_result r = std::to_chars(buf, buf + sizeof buf, value);
    return std::string(buf, r.ptr);
}

std::optional<double> parse_number(std::string_view text) {
    if (!text.empty() && text[0] == '+') {
        text.remove_prefix(1);
    }
    if (text.empty() || text[0] == '+' || text[0] == ' ') {
        return std::nullopt;
    }
    double value = 0;
    const std::from_chars_result r = std::from_chars(text.data(), text.data() + text.size(), value);
    if (r.ec != std::errc() || r.ptr != text.data() + text.size() || !std::isfinite(value)) {
        return std::nullopt;
    }
    return value == 0 ? 0.0 : value;
}

std::string number_value(double value) {
    return Xapian::sortable_serialise(value);
}

bool is_dynamic_field_name(std::string_view name) {
    if (!schema::is_dynamic_name(name) || name == "day") {
        return false;
    }
    for (const schema::Field& f : schema::kFields) {
        if (f.name == name || f.metadata == name) {
            return false;
        }
    }
    return true;
}

std::vector<DynamicField> parse_dynamic_fields(std::string_view text) {
    std::vector<DynamicField> out;
    while (!text.empty()) {
        const std::size_t nl = text.find('\n');
        const std::string_view line = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);
        const std::size_t tab1 = line.find('\t');
        const std::size_t tab2 = tab1 == std::string_view::npos ? tab1 : line.find('\t', tab1 + 1);
        if (tab2 == std::string_view::npos) {
            continue;
        }
        DynamicField f;
        f.name = std::string(line.substr(0, tab1));
        f.kind = std::string(line.substr(tab1 + 1, tab2 - tab1 - 1));
        std::string_view rest = line.substr(tab2 + 1);
        // A number field's line has its slot after the count.
        const std::size_t tab3 = rest.find('\t');
        const std::string count(rest.substr(0, tab3));
        const std::string slot(tab3 == std::string_view::npos ? "" : rest.substr(tab3 + 1));
        const auto digits = [](const std::string& d, std::size_t most) {
            return !d.empty() && d.find_first_not_of("0123456789") == std::string::npos
                   && d.size() <= most;
        };
        if (!schema::is_dynamic_name(f.name) || !digits(count, 19)) {
            continue;
        }
        if (f.kind == kStringKind && tab3 == std::string_view::npos) {
            f.count = std::stoull(count);
        } else if (f.kind == kNumberKind && digits(slot, 9) && std::stoul(slot) >= schema::kFirstNumberSlot) {
            f.count = std::stoull(count);
            f.slot = static_cast<std::uint32_t>(std::stoul(slot));
        } else {
            continue;
        }
        out.push_back(std::move(f));
    }
    return out;
}

std::string encode_dynamic_fields(std::vector<DynamicField> fields) {
    std::sort(fields.begin(), fields.end(), [](const DynamicField& a, const DynamicField& b) {
        return a.name < b.name;
    });
    std::string out;
    for (const DynamicField& f : fields) {
        out += f.name + "\t" + f.kind + "\t" + std::to_string(f.count);
        if (f.is_number()) {
            out += "\t" + std::to_string(f.slot);
        }
        out += "\n";
    }
    return out;
}

DynamicSchema::DynamicSchema(std::vector<DynamicField> fields) : fields_(std::move(fields)) {
    for (const DynamicField& f : fields_) {
        const std::string& prefix = strings_.emplace_back(dynamic_prefix(f.name));
        const bool number = f.is_number();
        const std::string& summary = strings_.emplace_back(
            number
                ? "a number of the articles' metadata (" + std::to_string(f.count) + " articles): `"
                      + f.name + ":450`, `" + f.name + ":100..500`, `" + f.name + ":>100`"
                : "a field of the articles' metadata (" + f.kind + ", " + std::to_string(f.count)
                      + " articles), exactly as given: `" + f.name + ":VALUE`"
        );
        rows_.push_back(schema::Field{
            f.name,
            prefix,
            schema::kFilter | (number ? schema::kRange : schema::kFacet),
            schema::Combine::kAny,
            number ? schema::Values::kNumber : schema::Values::kExact,
            number ? static_cast<schema::Slot>(f.slot) : schema::Slot::kDynamic,
            f.name,
            1,
            summary,
            schema::Entity{},
        });
    }
}

const schema::Field* DynamicSchema::find(std::string_view name) const {
    for (const schema::Field& row : rows_) {
        if (row.name == name) {
            return &row;
        }
    }
    return nullptr;
}

DynamicKinds::DynamicKinds(std::vector<DynamicField> recorded, std::uint32_t highest_used)
    : highest_slot_(highest_used) {
    for (DynamicField& f : recorded) {
        if (f.is_number()) {
            highest_slot_ = std::max(highest_slot_, f.slot);
        }
        std::string name = f.name;
        fields_.emplace(std::move(name), std::move(f));
    }
}

const DynamicField& DynamicKinds::claim(const std::string& name, std::string_view kind) {
    auto [it, is_new] = fields_.try_emplace(name, DynamicField{name, std::string(kind), 0, 0});
    if (is_new && it->second.is_number()) {
        highest_slot_ = schema::next_number_slot(highest_slot_);
        it->second.slot = highest_slot_;
    }
    return it->second;
}

const DynamicField* DynamicKinds::find(std::string_view name) const {
    const auto it = fields_.find(name);
    return it == fields_.end() ? nullptr : &it->second;
}

void DynamicKinds::add_counts(const std::map<std::string, std::uint64_t>& counts) {
    for (const auto& [name, count] : counts) {
        fields_.try_emplace(name, DynamicField{name, std::string(kStringKind), 0, 0})
            .first->second.count += count;
    }
}

std::vector<DynamicField> DynamicKinds::all() const {
    std::vector<DynamicField> out;
    for (const auto& entry : fields_) {
        out.push_back(entry.second);
    }
    return out;
}

}  // namespace newsdex::detail
