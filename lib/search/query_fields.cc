// SPDX-License-Identifier: MIT
// Fields: title words, exact ids, names (source and the entity fields),
// and years, months and dates with their ranges.
#include "entities/names.h"
#include "schema/encoding.h"
#include "search/periods.h"
#include "search/query_lexer.h"
#include "search/query_parts.h"
#include "util/escape.h"

#include <cmath>
#include <limits>
#include <optional>

namespace newsdex::detail {

namespace {

using schema::Field;

// The values of a name field in the index: its terms, without the prefix.
class IndexedTerms : public IndexedNames {
  public:
    IndexedTerms(const Xapian::Database& db, const Field& field) : db_(db), field_(field) {}

    bool contains(const std::string& folded) const override {
        return db_.term_exists(make_term(field_, folded));
    }

    void each(const std::function<bool(const std::string&)>& visit) const override {
        const std::string prefix(field_.prefix);
        for (auto it = db_.allterms_begin(prefix); it != db_.allterms_end(prefix); ++it) {
            if (!visit((*it).substr(prefix.size()))) {
                return;
            }
        }
    }

  private:
    const Xapian::Database& db_;
    const Field& field_;
};

// The notices of a name that matches several values, or none.
void notice_values(
    BuildContext& c,
    const Field& f,
    const std::string& v,
    const std::vector<NameValue>& found,
    const std::string& closest
) {
    const std::string typed = std::string(f.name) + ":" + v;
    if (found.empty()) {
        c.out.notices.push_back(
            typed + " matches no " + std::string(f.name) + " in the index"
            + (closest.empty() ? std::string() : "; closest: " + closest)
        );
        return;
    }
    if (found.size() > 1) {
        std::string list;
        for (std::size_t i = 0; i < found.size() && i < 8; ++i) {
            list += (list.empty() ? "" : ", ") + found[i].shown;
        }
        if (found.size() > 8) {
            list += " and " + std::to_string(found.size() - 8) + " more";
        }
        c.out.notices.push_back(
            typed + " matches " + std::to_string(found.size())
            + " values, searching for any of them: " + list
        );
    }
}

// The values of a name field that a typed name stands for (names.h): the
// gazetteer's entities it names (any alias, any case: leader:xi,
// country:DPRK), else the indexed values it is or is a part of
// (source:arirang, leader:kishida).
Xapian::Query names(BuildContext& c, const Field& f, const std::string& v, std::size_t offset) {
    const std::string name = c.analyzer.fold(v);
    if (name.empty()) {
        c.fail(
            offset,
            std::string(f.name) + ":" + v + " names nothing",
            "give a name, e.g. " + example_of(f)
        );
    }
    const IndexedTerms indexed(c.db, f);
    const NameResolver resolver(f, c.gazetteer, indexed);
    const std::vector<NameValue> found = resolver.resolve(name, v);
    notice_values(c, f, v, found, found.empty() ? resolver.closest(name) : std::string());
    if (found.empty()) {
        return Xapian::Query(make_term(f, name));
    }
    std::vector<Xapian::Query> terms;
    std::string shown;
    for (const NameValue& value : found) {
        shown +=
            (shown.empty() ? "" : " OR ") + make_term(f, value.folded) + " (" + value.shown + ")";
    }
    c.explain(
        std::string(f.name) + ":" + v + " -> filter " + shown + "; prefix " + std::string(f.prefix)
        + (f.combine == schema::Combine::kAll ? ", several values must all hold"
                                              : ", several values are alternatives")
    );
    for (const NameValue& value : found) {
        terms.emplace_back(make_term(f, value.folded));
        if (f.entity.gazetteer) {
            c.out.highlight.entities.emplace_back(std::string(f.name), value.folded);
        }
    }
    return terms.size() == 1 ? terms.front()
                             : Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// The years the index has articles from, ascending.
std::vector<int> indexed_years(const Xapian::Database& db) {
    const std::string prefix(schema::field("year").prefix);
    std::vector<int> years;
    for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) {
        if (const std::optional<int> year = year_of_term(*t)) {
            years.push_back(*year);
        }
    }
    return years;
}

std::string count_of(std::size_t n, const std::string& what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

// The month of `month:april`, `month:Apr` or `month:4` (1 to 12), or 0
// when `v` is not one of those.
int month_of_year(const std::string& v) {
    std::string lower;
    for (const char ch : v) {
        lower += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    }
    if (!lower.empty() && lower.size() <= 2
        && lower.find_first_not_of("0123456789") == std::string::npos) {
        const int m = std::stoi(lower);
        return m >= 1 && m <= 12 ? m : 0;
    }
    for (int m = 1; m <= 12; ++m) {
        std::string name = month_name(m);
        name[0] = static_cast<char>(name[0] - 'A' + 'a');
        if (lower.size() >= 3 && name.compare(0, lower.size(), lower) == 0) {
            return m;
        }
    }
    return 0;
}

// A year, month or date, or a range of them, as the terms of the whole
// years, whole months and single days it covers (of the years the index
// has articles from; periods.h).
Xapian::Query period(BuildContext& c, const Field& f, const std::string& v, std::size_t offset) {
    const TypedAt at{c.query, offset, c.today};
    if (f.values == schema::Values::kMonth) {
        // A month of every year: month:april, month:4 (with year:1987, of that year).
        if (const int m = month_of_year(v); m > 0) {
            std::vector<Xapian::Query> terms;
            for (const int year : indexed_years(c.db)) {
                terms.emplace_back(month_term(year, m));
            }
            c.explain(
                std::string(f.name) + ":" + v + " -> month " + std::to_string(m) + " of "
                + count_of(terms.size(), "year") + " with articles in the index"
            );
            return terms.empty() ? Xapian::Query::MatchNothing
                                 : Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
        }
    }
    const std::optional<PeriodRange> range = parse_range(at, f, v);
    if (!range) {
        if (v.size() > 1 && v[0] == '-') {
            c.fail(
                offset,
                std::string(f.name) + ":" + v + " is a single day",
                "for the days since, write " + std::string(f.name) + ":" + v + ".."
            );
        }
        const std::string term = parse_period(at, f, v).term;
        c.explain(
            std::string(f.name) + ":" + v + " -> filter " + term + " (the article's local date)"
        );
        return Xapian::Query(term);
    }
    const RangeCover cover = cover_range(*range, indexed_years(c.db));
    c.explain(
        std::string(f.name) + ":" + v + " -> dates "
        + (cover.first ? date_value(*cover.first) : "...") + " to "
        + (cover.last ? date_value(*cover.last) : "...") + ": "
        + count_of(cover.whole_years, "whole year") + ", " + count_of(cover.months, "month")
        + " and " + count_of(cover.days, "day") + " with articles in the index"
    );
    if (cover.terms.empty()) {
        return Xapian::Query::MatchNothing;
    }
    return Xapian::Query(Xapian::Query::OP_OR, cover.terms.begin(), cover.terms.end());
}

// One end of a number range (or the number of an exact match), from
// `text` at byte `at` of the query.
double number_at(BuildContext& c, const Field& f, const std::string& text, std::size_t at) {
    if (const std::optional<double> n = parse_number(text)) {
        return *n;
    }
    const std::string name(f.name);
    c.fail(
        at,
        "the value " + detail::quote(text) + " of the number field " + name
            + " is not a number (a finite decimal number such as 450, -2.5 or 1e6)",
        "write " + name + ":450, " + name + ":100..500, " + name + ":..500, " + name + ":>100 or "
            + name + ":<=5"
    );
}

// A number field (a dynamic field whose values are numbers): one number
// by its exact term, a range over its value slot: A..B, A.., ..B (ends
// included), >A and <B (ends left out).
Xapian::Query number(BuildContext& c, const Field& f, const std::string& v, std::size_t offset) {
    const std::string name(f.name);
    const std::size_t at = offset + name.size() + 1;  // the value's first byte
    const Xapian::valueno slot = schema::slot_number(f.slot);
    std::optional<double> low;
    std::optional<double> high;
    std::string shown;
    if (!v.empty() && (v[0] == '>' || v[0] == '<')) {
        const double n = number_at(c, f, v.substr(1), at + 1);
        const double inf = std::numeric_limits<double>::infinity();
        (v[0] == '>' ? low : high) = std::nextafter(n, v[0] == '>' ? inf : -inf);
        shown = (v[0] == '>' ? "above " : "below ") + number_text(n) + " (the end left out)";
    } else if (const std::size_t dots = v.find(".."); dots != std::string::npos) {
        if (dots > 0) {
            low = number_at(c, f, v.substr(0, dots), at);
        }
        if (dots + 2 < v.size()) {
            high = number_at(c, f, v.substr(dots + 2), at + dots + 2);
        }
        if (!low && !high) {
            c.fail(at, name + ":.. needs a start, an end or both", "write " + name + ":100..500");
        }
        if (low && high && *low > *high) {
            c.fail(
                at,
                name + ":" + v + " is empty: its start is above its end",
                "write " + name + ":" + number_text(*high) + ".." + number_text(*low)
            );
        }
        shown = (low && high ? "from " + number_text(*low) + " to " + number_text(*high)
                 : low       ? "from " + number_text(*low) + " up"
                             : "up to " + number_text(*high))
                + " (ends included)";
    } else {
        const std::string term = make_term(f, number_text(number_at(c, f, v, at)));
        c.explain(
            name + ":" + v + " -> filter " + term + " (a number field; prefix "
            + std::string(f.prefix) + ")"
        );
        return Xapian::Query(term);
    }
    c.explain(
        name + ":" + v + " -> numbers " + shown + " in value slot " + std::to_string(slot)
        + " (a number field)"
    );
    if (low && high) {
        return Xapian::Query(
            Xapian::Query::OP_VALUE_RANGE, slot, number_value(*low), number_value(*high)
        );
    }
    return low ? Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, number_value(*low))
               : Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, number_value(*high));
}

}  // namespace

Built build_field(BuildContext& c, const Node& node) {
    const Field& f = *node.field;
    const std::string& v = node.text;
    using schema::Values;
    switch (f.values) {
    case Values::kWords: {
        Built b = node.quoted ? build_phrase(c, v, f.prefix, node.offset)
                              : build_word(c, v, node.offset, f.prefix);
        if (b.empty) {
            c.fail(node.offset, std::string(f.name) + ":" + v + " has no words to search for");
        }
        b.stopword = false;
        return b;
    }
    case Values::kExact:
        c.explain(
            std::string(f.name) + ":" + v + " -> filter " + make_term(f, v) + " (prefix "
            + std::string(f.prefix) + ")"
        );
        return Built{Xapian::Query(make_term(f, v)), false, false, false};
    case Values::kFolded:
        return Built{names(c, f, v, node.offset), false, false, false};
    case Values::kYear:
    case Values::kMonth:
    case Values::kDate:
        return Built{period(c, f, v, node.offset), false, false, false};
    case Values::kNumber:
        return Built{number(c, f, v, node.offset), false, false, false};
    }
    return Built{};
}

}  // namespace newsdex::detail
