// SPDX-License-Identifier: MIT
// A field's values as terms and slot values, and back (private to the
// library): the one place that spells the encodings docs/schema.md
// describes. The document builder writes with it and the query builder
// searches with it, so the two cannot disagree.
#pragma once

#include "newsdex/analyzer.h"
#include "newsdex/article.h"
#include "newsdex/schema.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsdex::detail {

/// Xapian's longest term for the glass backend, in bytes.
inline constexpr std::size_t kMaxXapianTerm = 245;

/// `prefix + value`, kept under Xapian's term length limit: a value too long
/// is cut at a character boundary and tagged with a hash of the whole, so two
/// long values stay distinct and the same value always gives the same term.
std::string make_term(std::string_view prefix, std::string_view value);

/// The term of a field's value (the value already folded or encoded).
inline std::string make_term(const schema::Field& field, std::string_view value) {
    return make_term(field.prefix, value);
}

/// The term prefix of a dynamic field: `XFtopics:` (schema::kDynamicPrefix).
std::string dynamic_prefix(std::string_view name);

/// A dynamic field's value as its slot lists it: `topics:crude`.
std::string dynamic_slot_value(std::string_view name, std::string_view value);

/// The term of a stem of a word of the field with prefix `field_prefix`
/// ("" for free text): `Zvisit`, `ZSvisit` (schema::kStemPrefix).
std::string stem_term(std::string_view field_prefix, std::string_view stem);

/// True for the stem term of a free-text word that starts with a letter
/// a-z (`Zvisit`; not a title's `ZSvisit`).
bool is_text_stem_term(std::string_view term) noexcept;

/// The stem a stem term of free text holds (`visit` for `Zvisit`).
std::string_view stem_of_term(std::string_view term) noexcept;

/// Multi-valued slot contents: the values joined by newlines (names never
/// hold one). Documented in docs/schema.md for other readers.
std::string encode_list(const std::vector<std::string>& values);
std::vector<std::string> decode_list(std::string_view encoded);

/// A calendar day, ordered by date.
struct Day {
    int year = 0;
    int month = 0;
    int day = 0;

    friend bool operator==(const Day&, const Day&) = default;

    friend bool operator<(const Day& a, const Day& b) {
        return a.year != b.year     ? a.year < b.year
               : a.month != b.month ? a.month < b.month
                                    : a.day < b.day;
    }

    friend bool operator>(const Day& a, const Day& b) { return b < a; }
};

/// A day as the date slot and the date terms hold it: `YYYYMMDD`.
std::string date_value(const Day& day);

/// The term of a whole year (`Y2019`), a month (`M201901`) or a day
/// (`D20190110`): the `year`, `month` and `date` fields.
std::string year_term(int year);
std::string month_term(int year, int month);
std::string day_term(const Day& day);

/// The year a year term names (`Y2019` -> 2019), or nothing for another term.
std::optional<int> year_of_term(std::string_view term);

/// What a field's values put in a document.
struct Encoded {
    std::vector<std::string> terms;                            ///< boolean terms
    std::vector<std::pair<schema::Slot, std::string>> values;  ///< slot values
};

/// A name field's names (`source`: one; an entity field: a list): the term
/// of each name as `analyzer` folds it, and the names as written in the
/// field's slot (one per line).
Encoded encode_names(
    const schema::Field& field, const std::vector<std::string>& names, const Analyzer& analyzer
);

/// An article's local date: the terms of its year, month and day, and the
/// year, month, date and timestamp slots.
Encoded encode_date(const Date& date);

/// True for a name a dynamic field may have: schema::is_dynamic_name, and
/// not a built-in field's name or metadata key (nor `day`).
bool is_dynamic_field_name(std::string_view name);

/// The kinds of dynamic field (schema::kMetaDynamicFields).
inline constexpr std::string_view kStringKind = "string";
inline constexpr std::string_view kNumberKind = "number";

/// A dynamic field as the index records it (schema::kMetaDynamicFields).
struct DynamicField {
    std::string name;
    std::string kind;  ///< kStringKind or kNumberKind
    std::uint64_t count = 0;
    std::uint32_t slot = 0;  ///< a number field's value slot (schema::kFirstNumberSlot on)

    bool is_number() const { return kind == kNumberKind; }
};

/// A number as a number field's term holds it, and as queries and messages
/// show it: an integral value below schema::kMaxExactInteger as an integer
/// (`450`, also for 450.0; -0 is 0), any other the shortest text that reads
/// back as the same double (`2.5`, `1e+20`). `value` must be finite.
std::string number_text(double value);

/// A number as typed in a query (`450`, `-2.5`, `1e3`, `+7`), or nothing
/// when `text` is not wholly one finite number (`nan`, `inf`, `1e400`,
/// `0x10`, `12abc` are not).
std::optional<double> parse_number(std::string_view text);

/// The value slot contents of a number: Xapian::sortable_serialise.
std::string number_value(double value);

/// The dynamic fields of the metadata value; lines that are not a valid
/// record (a `string` line of three columns, a `number` line of four with a
/// slot from schema::kFirstNumberSlot on) are left out.
std::vector<DynamicField> parse_dynamic_fields(std::string_view text);

/// The metadata value of `fields`, sorted by name.
std::string encode_dynamic_fields(std::vector<DynamicField> fields);

/// The dynamic fields of an index as schema rows, which the query lexer,
/// the query builder and the facets use like the built-in ones: a string
/// field is an exact filter, ORed, counted from Slot::kDynamic; a number
/// field (Values::kNumber) an exact filter and a range over its own slot,
/// not a facet. Rows point into the table: it is neither copied nor moved.
class DynamicSchema {
  public:
    explicit DynamicSchema(std::vector<DynamicField> fields);
    DynamicSchema(const DynamicSchema&) = delete;
    DynamicSchema& operator=(const DynamicSchema&) = delete;
    DynamicSchema(DynamicSchema&&) = delete;
    DynamicSchema& operator=(DynamicSchema&&) = delete;
    ~DynamicSchema() = default;

    /// The row of a dynamic field, or nullptr.
    const schema::Field* find(std::string_view name) const;

    const std::vector<DynamicField>& fields() const { return fields_; }

    const std::deque<schema::Field>& rows() const { return rows_; }

  private:
    std::vector<DynamicField> fields_;
    std::deque<std::string> strings_;
    std::deque<schema::Field> rows_;
};

/// True for a string row of a DynamicSchema (its slot is Slot::kDynamic).
inline bool is_dynamic(const schema::Field& field) {
    return field.slot == schema::Slot::kDynamic;
}

/// True for a number row of a DynamicSchema.
inline bool is_number(const schema::Field& field) {
    return field.values == schema::Values::kNumber;
}

/// The dynamic fields an index records, as a writer settles them: the kind
/// a field was first given wins, and a new number field takes the next
/// slot (schema::next_number_slot). Not thread-safe: one writer's
/// collecting thread uses it.
class DynamicKinds {
  public:
    DynamicKinds() = default;
    /// `highest_used`: the highest number slot that holds values in the
    /// index, recorded or not (a run that failed after some commits leaves
    /// values of fields it never recorded): no new field takes a slot up to it.
    explicit DynamicKinds(std::vector<DynamicField> recorded, std::uint32_t highest_used = 0);

    /// The field `name`, recorded with `kind` when the index has not seen
    /// it (a number field with its new slot).
    const DynamicField& claim(const std::string& name, std::string_view kind);

    /// The field `name`, or nullptr when the index has not seen it.
    const DynamicField* find(std::string_view name) const;

    /// Adds `counts` (name -> articles) to the fields' counts; a name not
    /// claimed yet is claimed as a string field.
    void add_counts(const std::map<std::string, std::uint64_t>& counts);

    /// Every field, sorted by name.
    std::vector<DynamicField> all() const;

  private:
    std::map<std::string, DynamicField, std::less<>> fields_;
    std::uint32_t highest_slot_ = 0;
};

}  // namespace newsdex::detail
