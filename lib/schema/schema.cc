// SPDX-License-Identifier: MIT
#include "schema/schema_util.h"

#include <nlohmann/json.hpp>

#include <sstream>

namespace newsdex::schema {

namespace {

constexpr bool starts_with(std::string_view s, std::string_view prefix) {
    return s.substr(0, prefix.size()) == prefix;
}

// The table's rules, checked when the library is compiled (mu's approach);
// tests/unit/schema_test.cc repeats them with readable messages.
constexpr bool names_and_prefixes_unique() {
    for (std::size_t i = 0; i < kFields.size(); ++i) {
        for (std::size_t j = i + 1; j < kFields.size(); ++j) {
            if (kFields[i].name == kFields[j].name || kFields[i].prefix == kFields[j].prefix) {
                return false;
            }
        }
    }
    return true;
}

// No prefix may start another unless it ends in ':' (a value starting with a
// capital must never run into a longer prefix), and no field may take the
// reserved stemming prefix Z.
constexpr bool prefixes_unambiguous() {
    for (const Field& a : kFields) {
        if (starts_with(a.prefix, kStemPrefix)) {
            return false;
        }
        for (const Field& b : kFields) {
            if (&a != &b && !a.prefix.empty() && starts_with(b.prefix, a.prefix)
                && a.prefix.back() != ':') {
                return false;
            }
        }
    }
    return true;
}

constexpr bool slots_unique() {
    for (std::size_t i = 0; i < kFields.size(); ++i) {
        for (std::size_t j = i + 1; j < kFields.size(); ++j) {
            if (kFields[i].slot != Slot::kNone && kFields[i].slot == kFields[j].slot) {
                return false;
            }
        }
    }
    return true;
}

constexpr bool rows_consistent() {
    for (const Field& f : kFields) {
        if (f.combine == Combine::kAll && !has_use(f, kFilter)) {
            return false;
        }
        if (f.prefix.empty() && f.uses != kRange) {
            return false;
        }
        if ((has_use(f, kRange) || has_use(f, kFacet)) && f.slot == Slot::kNone) {
            return false;
        }
        if (f.since < 1 || f.since > kSchemaVersion || f.summary.empty()) {
            return false;
        }
    }
    return true;
}

constexpr bool slots_documented() {
    for (std::size_t i = 0; i < kSlots.size(); ++i) {
        for (std::size_t j = i + 1; j < kSlots.size(); ++j) {
            if (kSlots[i].slot == kSlots[j].slot) {
                return false;
            }
        }
    }
    for (const Field& f : kFields) {
        bool found = f.slot == Slot::kNone;
        for (const SlotInfo& s : kSlots) {
            found = found || s.slot == f.slot;
        }
        if (!found) {
            return false;
        }
    }
    return true;
}

// Entity fields hold folded names, and a field one counts as is an entity
// field too (a leader is also a person), never itself.
constexpr bool entities_consistent() {
    for (const Field& f : kFields) {
        if (f.entity.gazetteer && (f.values != Values::kFolded || !has_use(f, kFilter))) {
            return false;
        }
        if (f.entity.also_counts_as.empty()) {
            continue;
        }
        const Field* also = find_field(f.entity.also_counts_as);
        if (!f.entity.gazetteer || also == nullptr || !also->entity.gazetteer
            || also->name == f.name) {
            return false;
        }
    }
    return true;
}

// Dynamic fields' terms (XF + name + ':') never run into a field's, nor a
// field's into theirs, nor into stems.
constexpr bool dynamic_prefix_free() {
    if (starts_with(kDynamicPrefix, kStemPrefix)) {
        return false;
    }
    for (const Field& f : kFields) {
        if (starts_with(f.prefix, kDynamicPrefix)
            || (!f.prefix.empty() && starts_with(kDynamicPrefix, f.prefix) && f.prefix.back() != ':'
            )
            || f.slot == Slot::kDynamic) {
            return false;
        }
    }
    return true;
}

// Number fields' slots (kFirstNumberSlot on) are above every built-in slot.
constexpr bool number_slots_free() {
    for (const SlotInfo& s : kSlots) {
        if (slot_number(s.slot) >= kFirstNumberSlot) {
            return false;
        }
    }
    for (const Field& f : kFields) {
        if (f.values == Values::kNumber
            || (f.slot != Slot::kNone && slot_number(f.slot) >= kFirstNumberSlot)) {
            return false;
        }
    }
    return next_number_slot(0) == kFirstNumberSlot
           && next_number_slot(kFirstNumberSlot) == kFirstNumberSlot + 1;
}

static_assert(number_slots_free(), "schema: a built-in slot is among the number fields' slots");
static_assert(slots_documented(), "schema: every slot is listed once in kSlots");
static_assert(dynamic_prefix_free(), "schema: no field's prefix or slot is the dynamic fields'");
static_assert(names_and_prefixes_unique(), "schema: field names and prefixes must be unique");
static_assert(prefixes_unambiguous(), "schema: a prefix that starts another must end in ':'");
static_assert(slots_unique(), "schema: two fields share a value slot");
static_assert(rows_consistent(), "schema: a row's uses, slot and combine disagree");
static_assert(entities_consistent(), "schema: an entity row's values or also_counts_as is wrong");

std::string uses_text(const Field& f) {
    std::string out;
    const auto add = [&out](const char* word) {
        if (!out.empty()) {
            out += ", ";
        }
        out += word;
    };
    if (has_use(f, kText)) {
        add("text");
    }
    if (has_use(f, kFilter)) {
        add("filter");
    }
    if (has_use(f, kRange)) {
        add("range");
    }
    if (has_use(f, kFacet)) {
        add("facet");
    }
    return out;
}

const char* values_text(Values v) {
    switch (v) {
    case Values::kWords:
        return "analysed words, with positions; stems as Z+prefix";
    case Values::kExact:
        return "exact value";
    case Values::kFolded:
        return "folded name (lower case, no accents, words joined by one space)";
    case Values::kYear:
        return "YYYY";
    case Values::kMonth:
        return "YYYYMM";
    case Values::kDate:
        return "YYYYMMDD";
    case Values::kNumber:
        return "the number's shortest text";
    }
    return "";
}

}  // namespace

}  // namespace newsdex::schema

namespace newsdex::detail {

std::string render_schema_markdown() {
    using namespace schema;
    std::ostringstream out;
    out << "| field | prefix | uses | several values | term value | slot | metadata | since | "
           "summary |\n";
    out << "|---|---|---|---|---|---|---|---|---|\n";
    for (const Field& f : kFields) {
        out << "| `" << f.name << "` | `" << f.prefix << "` | " << uses_text(f) << " | "
            << (f.combine == Combine::kAll ? "all must hold" : "any may hold") << " | "
            << values_text(f.values) << " | ";
        if (f.slot == Slot::kNone) {
            out << "–";
        } else {
            out << slot_number(f.slot);
        }
        out << " | "
            << (f.metadata.empty() ? "–" : std::string("`") + std::string(f.metadata) + "`")
            << " | " << f.since << " | " << f.summary << " |\n";
    }
    out << "\n| slot | name | holds |\n|---|---|---|\n";
    for (const SlotInfo& s : kSlots) {
        out << "| " << slot_number(s.slot) << " | `" << s.name << "` | " << s.encoding << " |\n";
    }
    out << "\n| reserved prefix | meaning |\n|---|---|\n";
    for (const ReservedPrefix& r : kReservedPrefixes) {
        out << "| "
            << (r.prefix.empty() ? std::string("(none)") : "`" + std::string(r.prefix) + "`")
            << " | " << r.meaning << " |\n";
    }
    return out.str();
}

std::string schema_json() {
    using namespace schema;
    nlohmann::json fields = nlohmann::json::array();
    for (const Field& f : kFields) {
        nlohmann::json row;
        row["name"] = f.name;
        row["prefix"] = f.prefix;
        row["uses"] = uses_text(f);
        row["combine"] = f.combine == Combine::kAll ? "all" : "any";
        row["values"] = values_text(f.values);
        if (f.slot != Slot::kNone) {
            row["slot"] = slot_number(f.slot);
        }
        row["since"] = f.since;
        fields.push_back(row);
    }
    nlohmann::json doc;
    doc["version"] = kSchemaVersion;
    doc["fields"] = fields;
    return doc.dump();
}

}  // namespace newsdex::detail
