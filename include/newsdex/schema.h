// SPDX-License-Identifier: MIT
/// @file schema.h
/// The newsdex database schema: every field, term prefix and value slot, once.
///
/// The query parser, the document builder, `--help-fields`, `docs/schema.md`
/// and the tests all derive from the tables here; nothing else in the project
/// spells a prefix or a slot number. Prefix letters follow Omega's
/// conventions (termprefixes.rst): single capitals only for their documented
/// meaning, everything of our own as `X<NAME>:`.
#pragma once

#include <array>
#include <cstdint>
#include <string_view>

namespace newsdex::schema {

/// Bumped on any change to terms, slots, their encodings or the document data.
/// A database written with another version is refused with a hint to re-index.
inline constexpr int kSchemaVersion = 1;

/// Value slots. Explicit numbers: never renumber, never reuse; gaps are fine.
enum class Slot : std::uint32_t {
    kDate = 0,          ///< local date as "YYYYMMDD" (zero-padded year)
    kYear = 1,          ///< local year as "YYYY"; year facet
    kMonth = 2,         ///< local month as "YYYY-MM"; month facet
    kSource = 3,        ///< source as written (canonical); source facet
    kId = 4,            ///< article id; ties of every sort are broken by it
    kLeaders = 5,       ///< canonical leader names, list-encoded (see docs/schema.md)
    kPeople = 6,        ///< canonical person names, list-encoded
    kCountries = 7,     ///< canonical country names, list-encoded
    kPlaces = 8,        ///< canonical place names, list-encoded
    kOrgs = 9,          ///< canonical organisation names, list-encoded
    kTimestamp = 10,    ///< publication instant, Xapian sortable_serialise(Unix seconds)
    kContentHash = 11,  ///< hash of everything the document was built from (re-index skip)
    kBodyHash = 12,     ///< hash of the normalised body (exact duplicates)
    kNearSketch = 13,   ///< MinHash sketch of the body's shingles and numbers (added in 1)
    kNearGroup = 14,    ///< id of the near-duplicate group's first article (added in 1)
    kDynamic = 15,      ///< every dynamic field's values, `name:value` list-encoded (added in 1)
    kNone = 0xffffffffU,
};

/// What a field is used for (bit set).
enum Use : unsigned {
    kText = 1U << 0,    ///< free text: positional, stemmed terms under the prefix
    kFilter = 1U << 1,  ///< boolean filter: one term per value, no weight
    kRange = 1U << 2,   ///< `A..B` ranges over the value slot
    kFacet = 1U << 3,   ///< counted by `--facets`
};

/// How several filters on the same field combine in one query.
enum class Combine : unsigned char {
    kAny,  ///< ORed: `year:2018 year:2023` is either year
    kAll,  ///< ANDed: `leader:Xi leader:Putin` needs both
};

/// How the values of a field are turned into terms and compared.
enum class Values : unsigned char {
    kWords,   ///< analysed text (title words)
    kExact,   ///< the value exactly as written (article ids)
    kFolded,  ///< case-, accent- and punctuation-folded name (sources, entities)
    kYear,    ///< YYYY
    kMonth,   ///< YYYYMM in terms, YYYY-MM in queries and facets
    kDate,    ///< YYYYMMDD in terms and values, YYYY-MM-DD in queries
    kNumber,  ///< a number: exact terms as its shortest text, sortable_serialise in its slot
};

/// A name field's tie to the gazetteer (docs/entities.md).
struct Entity {
    /// Values are gazetteer entities: a typed name resolves through any
    /// name the entity goes by, articles' text is searched for them, and
    /// their mentions are highlighted. False for names the gazetteer does
    /// not resolve (`source`: only what articles give, matched in the index).
    bool gazetteer = false;
    /// Another entity field that every value of this one also fills
    /// ("person" for leader: a leader is also a person), or "".
    std::string_view also_counts_as;
};

/// One user-visible field.
struct Field {
    std::string_view name;      ///< typed before ':' in queries; JSON and facet key
    std::string_view prefix;    ///< Xapian term prefix
    unsigned uses;              ///< bit set of Use
    Combine combine;            ///< several filters on this field: OR or AND
    Values values;              ///< how values become terms
    Slot slot;                  ///< value slot, or Slot::kNone
    std::string_view metadata;  ///< article metadata key that fills it ("" if derived)
    int since;                  ///< schema version that introduced the row
    std::string_view summary;   ///< one line with an example query
    Entity entity;              ///< name fields: gazetteer entity or not, and what else it fills
};

inline constexpr std::array kFields{
    Field{
        "title",
        "S",
        kText,
        Combine::kAny,
        Values::kWords,
        Slot::kNone,
        "title",
        1,
        "words of the headline: `title:visit`, `title:\"two-day visit\"`",
        Entity{},
    },
    Field{
        "id",
        "Q",
        kFilter,
        Combine::kAny,
        Values::kExact,
        Slot::kId,
        "id",
        1,
        "the article id, exactly: `id:000_ffee1812b02ee5cf`",
        Entity{},
    },
    Field{
        "source",
        "XSOURCE:",
        kFilter | kFacet,
        Combine::kAny,
        Values::kFolded,
        Slot::kSource,
        "source",
        1,
        "the publisher, any case: `source:\"Arirang News\"`",
        Entity{},
    },
    Field{
        "leader",
        "XLEADER:",
        kFilter | kFacet,
        Combine::kAll,
        Values::kFolded,
        Slot::kLeaders,
        "leaders",
        1,
        "a head of state, government or party (also a person): `leader:Xi`",
        Entity{true, "person"},
    },
    Field{
        "person",
        "XPERSON:",
        kFilter | kFacet,
        Combine::kAll,
        Values::kFolded,
        Slot::kPeople,
        "people",
        1,
        "a person named in the article: `person:\"Liu Guozhong\"`",
        Entity{true, ""},
    },
    Field{
        "country",
        "XCOUNTRY:",
        kFilter | kFacet,
        Combine::kAll,
        Values::kFolded,
        Slot::kCountries,
        "countries",
        1,
        "a country named in the article: `country:Russia`",
        Entity{true, ""},
    },
    Field{
        "place",
        "XPLACE:",
        kFilter | kFacet,
        Combine::kAll,
        Values::kFolded,
        Slot::kPlaces,
        "places",
        1,
        "a city or region named in the article: `place:Pyongyang`",
        Entity{true, ""},
    },
    Field{
        "org",
        "XORG:",
        kFilter | kFacet,
        Combine::kAll,
        Values::kFolded,
        Slot::kOrgs,
        "orgs",
        1,
        "an organisation named in the article: `org:KCNA`",
        Entity{true, ""},
    },
    Field{
        "year",
        "Y",
        kFilter | kRange | kFacet,
        Combine::kAny,
        Values::kYear,
        Slot::kYear,
        "",
        1,
        "the local year of publication: `year:2019`, `year:2018..2019`, `year:..2018`",
        Entity{},
    },
    Field{
        "month",
        "M",
        kFilter | kRange | kFacet,
        Combine::kAny,
        Values::kMonth,
        Slot::kMonth,
        "",
        1,
        "the local month: `month:2019-01`, `month:2018-06..2018-08`",
        Entity{},
    },
    Field{
        "date",
        "D",
        kFilter | kRange | kFacet,
        Combine::kAny,
        Values::kDate,
        Slot::kDate,
        "date",
        1,
        "the local date, a period or a range: `date:2019-01-10`, "
        "`date:2018-06-01..2018-06-30`, `date:..2018`, `date:-7d..`",
        Entity{},
    },
};

/// Every value slot with its encoding, for docs/schema.md and other readers.
struct SlotInfo {
    Slot slot;
    std::string_view name;
    std::string_view encoding;
};

inline constexpr std::array kSlots{
    SlotInfo{
        Slot::kDate,
        "date",
        "local date as `YYYYMMDD` (year zero-padded), for other readers "
        "(newsdex searches ranges by the `Y`, `M`, `D` terms)"},
    SlotInfo{Slot::kYear, "year", "local year as `YYYY`; year facet"},
    SlotInfo{Slot::kMonth, "month", "local month as `YYYY-MM`; month facet"},
    SlotInfo{Slot::kSource, "source", "the source as the article gives it; source facet"},
    SlotInfo{Slot::kId, "id", "the article id; breaks ties of every sort"},
    SlotInfo{Slot::kLeaders, "leader", "canonical leader names, one per line (`\\n`)"},
    SlotInfo{Slot::kPeople, "person", "canonical person names, one per line"},
    SlotInfo{Slot::kCountries, "country", "canonical country names, one per line"},
    SlotInfo{Slot::kPlaces, "place", "canonical place names, one per line"},
    SlotInfo{Slot::kOrgs, "org", "canonical organisation names, one per line"},
    SlotInfo{
        Slot::kTimestamp,
        "timestamp",
        "publication instant: Xapian `sortable_serialise` of Unix seconds; date sort"},
    SlotInfo{
        Slot::kContentHash,
        "content_hash",
        "hex XXH3-128 of everything the document was built from; re-index skips it "
        "when unchanged"},
    SlotInfo{
        Slot::kBodyHash, "body_hash", "hex XXH3-64 of the folded body words; exact duplicates"},
    SlotInfo{
        Slot::kNearSketch,
        "near_sketch",
        "MinHash sketch of the body's 4-word shingles (64 little-endian 16-bit minima), then "
        "its count of distinct numbers and their 32 smallest 32-bit hashes; none in an index "
        "built before it (docs/near-duplicates.md)"},
    SlotInfo{
        Slot::kNearGroup,
        "near_group",
        "the id of the first article of its group of near-identical stories, none when "
        "it has no other; the collapse key of searches"},
    SlotInfo{
        Slot::kDynamic,
        "dynamic",
        "the values of the article's dynamic fields (metadata fields the schema does not "
        "know), one `name:value` per line, sorted; their facets (added in 1)"},
};

/// The prefix of stemmed terms (Omega's `Z`), before the field's own prefix:
/// `Zvisit` is a stem of free text, `ZSvisit` one of a title word.
inline constexpr std::string_view kStemPrefix = "Z";

/// Prefixes that carry no user field but are reserved in the database.
struct ReservedPrefix {
    std::string_view prefix;
    std::string_view meaning;
};

/// Dynamic fields: a metadata field the schema does not know (JSON Lines'
/// `topics`), holding a string or a list of strings, is a boolean filter
/// under its own lower-cased name. Its terms are this prefix, the name, the
/// separator and the value exactly as given: `XFtopics:crude`. Names are
/// [a-z0-9_], 1 to kMaxDynamicName bytes, and start with a letter, so the
/// separator ends the name; a term longer than Xapian's limit ends in a hash
/// of the value (docs/schema.md). No built-in prefix starts with `XF`.
inline constexpr std::string_view kDynamicPrefix = "XF";
inline constexpr char kDynamicSeparator = ':';
inline constexpr std::size_t kMaxDynamicName = 32;

/// Number fields: a dynamic field whose first value the index saw was a
/// JSON number (`"words": 450`). Besides its exact term (`XFwords:450`, the
/// number's shortest text), each has a value slot of its own holding
/// Xapian::sortable_serialise of the number, for ranges (`words:100..500`).
/// The first number field an index records gets kFirstNumberSlot, each
/// later one the slot after the highest recorded (next_number_slot); the
/// slot is recorded with the field (kMetaDynamicFields) and never changes.
/// Every built-in slot is below it (checked in schema.cc).
inline constexpr std::uint32_t kFirstNumberSlot = 16;

/// The largest integer magnitude a number field keeps exactly (2^53, a
/// double's): a JSON integer beyond it is refused, not rounded.
inline constexpr double kMaxExactInteger = 9007199254740992.0;

/// The slot of a new number field, given the highest slot recorded for the
/// index's number fields (0 when it has none).
constexpr std::uint32_t next_number_slot(std::uint32_t highest) {
    return highest < kFirstNumberSlot ? kFirstNumberSlot : highest + 1;
}

inline constexpr std::array kReservedPrefixes{
    ReservedPrefix{"", "free text of title and body: unstemmed, folded words with positions"},
    ReservedPrefix{
        kStemPrefix,
        "stemmed forms (English Snowball) of free-text words, no positions; "
        "stemmed title words appear as `ZS...`"},
    ReservedPrefix{
        kDynamicPrefix,
        "dynamic fields: `XF` + name + `:` + value as given, e.g. `XFtopics:crude` (added in 1)"},
};

/// Keys of Xapian user metadata written by newsdex.
inline constexpr std::string_view kMetaSchemaVersion = "newsdex.schema_version";
inline constexpr std::string_view kMetaSchema = "newsdex.schema";
inline constexpr std::string_view kMetaAnalyzer = "newsdex.analyzer";
/// Extra gazetteer files the index was built with (newsdex-index --entities),
/// as a JSON array of {"name", "text"}; searches resolve names with them too.
inline constexpr std::string_view kMetaGazetteer = "newsdex.gazetteer";
/// The whole gazetteer (built-in and extra files) already analysed, so that a
/// search need not analyse every name again; ignored (and the files analysed)
/// when it was written by another analysis, ICU or gazetteer.
inline constexpr std::string_view kMetaGazetteerCompiled = "newsdex.gazetteer_compiled";
/// The dynamic fields the index has seen, one `name<TAB>kind<TAB>count` line
/// each, sorted by name: kind `string`, count the articles indexed with the
/// field (every run adds its own; an article indexed again counts again).
/// A number field's line is `name<TAB>number<TAB>count<TAB>slot` (its value
/// slot: kFirstNumberSlot); readers that know only `string` skip it.
inline constexpr std::string_view kMetaDynamicFields = "newsdex.dynamic_fields";

/// The file in each shard's database folder that holds its facet columns:
/// every document's value list of each facet slot, by document id, so that
/// counting facets reads an array instead of the value streams. Written at
/// the end of each newsdex-index run, for the shard's revision then; used
/// only while the shard is at that revision (docs/scaling.md).
inline constexpr std::string_view kFacetColumnsFile = "newsdex-facets";

/// The file in each shard's database folder that holds the gazetteer the
/// index was built with, analysed, in a form a search reads in place
/// (mapped, with no parsing: docs/entities.md). Written when newsdex-index
/// or a library writer opens the index; used only while its header names
/// the gazetteer's digest, this analysis and ICU's version. It can be
/// deleted at any time (searches then read the metadata's copy).
inline constexpr std::string_view kGazetteerFile = "newsdex-gazetteer";

/// The files of an index folder besides its shard folders (docs/schema.md).
/// The Xapian stub file that names the shard databases, one `glass NAME`
/// line each; any Xapian program opens the folder as one database.
inline constexpr std::string_view kStubFile = "XAPIANDB";
/// The lock file: one writer at a time (an exclusive lock on its byte 0,
/// held from before any clean-up until the writer is done), and readers
/// opening the shards (shared locks on byte 1) against a writer retiring
/// shard folders (an exclusive lock on byte 1, for the renames).
inline constexpr std::string_view kLockFile = "newsdex.lock";
/// The writer's journal: the shard folders it is making or retiring, written
/// before it makes or retires them. A folder the journal names and the stub
/// does not is a stopped writer's leftover; clean-up removes nothing else.
inline constexpr std::string_view kJournalFile = "newsdex.journal";

/// Finds a field by its user-visible name.
/// @returns a pointer into kFields, or nullptr.
constexpr const Field* find_field(std::string_view name) {
    for (const Field& field : kFields) {
        if (field.name == name) {
            return &field;
        }
    }
    return nullptr;
}

/// The schema row for `name`, resolved at compile time; an unknown name does not compile.
consteval const Field& field(std::string_view name) {
    const Field* found = find_field(name);
    return found != nullptr ? *found : throw "unknown schema field";
}

/// The value slot number of a slot enumerator.
constexpr std::uint32_t slot_number(Slot slot) {
    return static_cast<std::uint32_t>(slot);
}

/// True when every value of `from` is also a value of `to`: the same field,
/// or the field `from` also counts as (a leader is also a person).
constexpr bool counts_as(const Field& from, const Field& to) {
    return from.name == to.name
           || (!from.entity.also_counts_as.empty() && from.entity.also_counts_as == to.name);
}

/// True for a valid dynamic field name: [a-z0-9_], a letter first, at most
/// kMaxDynamicName bytes.
constexpr bool is_dynamic_name(std::string_view name) {
    if (name.empty() || name.size() > kMaxDynamicName || name[0] < 'a' || name[0] > 'z') {
        return false;
    }
    for (const char c : name) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
            return false;
        }
    }
    return true;
}

/// True when `uses` has the bit `use`.
constexpr bool has_use(const Field& f, Use use) {
    return (f.uses & use) != 0U;
}

}  // namespace newsdex::schema
