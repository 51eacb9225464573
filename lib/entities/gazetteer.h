// SPDX-License-Identifier: MIT
// The gazetteer: known entities and every name they go by (private to the
// library). Names are matched on analysed tokens, so "Kim Jong-Un",
// "Kim Jong Un" and "kim jong-un" are one name.
#pragma once

#include "newsdex/analyzer.h"
#include "newsdex/article.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace newsdex::detail {

enum class EntityType : unsigned char { kLeader, kPerson, kCountry, kPlace, kOrg };

/// The schema field an entity type fills (`leader`, `person`, ...).
std::string_view field_of(EntityType type) noexcept;

/// The other schema field every entity of `type` also fills (`person` for a
/// leader: the schema's `also_counts_as`), or "".
std::string_view also_fills(EntityType type) noexcept;

/// True when an entity of `type` is a value of the schema field `field`:
/// the field of its type, or the one it also fills (a leader is a person).
bool fills(EntityType type, std::string_view field) noexcept;

/// Parses `leader`, `person`, `country`, `place`, `org`.
bool parse_entity_type(std::string_view text, EntityType& out) noexcept;

/// One term in an office of entities/offices.tsv, days as YYYYMMDD numbers.
struct OfficeTerm {
    std::uint32_t start = 0;
    std::uint32_t end = 0;  ///< 0: still in office

    friend bool operator==(const OfficeTerm&, const OfficeTerm&) = default;
};

/// One line of entities/offices.tsv.
struct OfficeRow {
    std::string office;   ///< `President of the United States`
    std::string country;  ///< canonical country (or `European Union`)
    std::string holder;   ///< canonical name of a leader of the gazetteer
    OfficeTerm term;
    std::string source;  ///< where the dates come from
    std::size_t line = 0;
};

/// The key of an entity of this type and folded name in Gazetteer's index of
/// entities (field, unit separator, name).
std::string entity_key(EntityType type, const std::string& folded);

/// The built-in offices file (entities/offices.tsv), for tests.
std::string_view builtin_offices_text() noexcept;

/// Reads an offices file: six tab-separated columns (office, country,
/// holder, start, end, source), dates `YYYY-MM-DD`, an empty end for a
/// holder still in office. A line that cannot be read is reported (named
/// `source`:line) and skipped.
std::vector<OfficeRow>
parse_offices(std::string_view source, std::string_view text, std::vector<InputProblem>* problems);

/// A date as a YYYYMMDD number (19870304).
constexpr std::uint32_t day_number(int year, int month, int day) noexcept {
    return static_cast<std::uint32_t>(year * 10000 + month * 100 + day);
}

struct Entity {
    EntityType type = EntityType::kPerson;
    std::string name;     ///< canonical
    std::string folded;   ///< the analyzer's fold of the name (term value)
    std::string country;  ///< canonical country of a person, place or org
    std::string role;
    /// A leader's terms of office (offices.tsv), in order: a leader with
    /// terms is a leader only on their days (see leader_on()).
    std::vector<OfficeTerm> terms;
};

/// How a name stands for its entity.
enum class NameKind : unsigned char {
    kFull,         ///< the name or an alias: always a mention
    kShort,        ///< a one-word name: only when the article names the entity in full
    kUnambiguous,  ///< a one-word name that is a mention on its own ("Xi", "Putin")
    kDemonym,      ///< an adjective of a country ("Chinese")
};

struct Name {
    std::vector<std::string> terms;  ///< analysed terms
    std::uint32_t entity = 0;
    NameKind kind = NameKind::kFull;
    bool acronym = false;      ///< written in capitals ("US", "DPRK"): must be in capitals in text
    bool capitalised = false;  ///< starts with a capital: must start with one in text
    std::vector<bool> caps;    ///< which terms must be capitalised in text ("The Guardian")
    /// Which terms follow the one before with nothing between them in every
    /// spelling of the name (the characters of 김정은, 平壤): in CJK text they
    /// must follow each other so too, so that 고양 is not found in "열고 양국".
    std::vector<bool> glued;
};

/// Known entities, loaded from TSV files (see entities/corpus.tsv for the
/// columns). Immutable once loaded; safe to share between threads.
class Gazetteer {
  public:
    /// The built-in gazetteer (entities/*.tsv, built into the library) plus
    /// extra TSV texts (as given to newsdex-index --entities).
    /// @param extra pairs of (file name for messages, file text)
    /// @param problems receives lines that could not be read
    static std::shared_ptr<const Gazetteer> load(
        const Analyzer& analyzer,
        const std::vector<std::pair<std::string, std::string>>& extra,
        std::vector<InputProblem>* problems
    );

    /// A gazetteer of the given TSV texts only, without the built-in files.
    static std::shared_ptr<const Gazetteer> from_texts(
        const Analyzer& analyzer, const std::vector<std::pair<std::string, std::string>>& files
    );

    /// The built-in gazetteer alone, loaded once per process.
    static std::shared_ptr<const Gazetteer> builtin();

    const std::vector<Entity>& entities() const { return entities_; }

    const std::vector<Name>& names() const { return names_; }

    /// Names whose first term is `term`, longest first.
    const std::vector<std::uint32_t>* names_starting(const std::string& term) const;

    /// Entities one of whose names (of any kind) is exactly the folded `name`.
    std::vector<std::uint32_t> lookup(const std::string& folded) const;

    /// Every name of an entity (indexes into names()).
    const std::vector<std::uint32_t>& names_of(std::uint32_t entity) const;

    /// The entity with this canonical folded name and type, or -1.
    std::int64_t find(EntityType type, const std::string& folded) const;

    /// The one entity that a name given in an article's metadata for the
    /// schema field `field` stands for: any of its names, in any case,
    /// hyphens and underscores read as spaces (the codes and spellings of
    /// older archives: `usa`, `west-germany`, `USSR`). An entity that fills
    /// the field, else, for `place` and `country`, a country or place (an
    /// archive's "places" that are countries). -1 when no entity or several
    /// do (the caller keeps the name as given).
    std::int64_t
    resolve_given(std::string_view field, std::string_view given, const Analyzer& analyzer) const;

    /// Whether the entity is a leader on the day `day` (YYYYMMDD; 0 for an
    /// undated article): a leader without terms of office always is (a
    /// user's file may name one), one with terms on a day one of them
    /// covers, both ends included, and on any day when the article is
    /// undated; any other entity never is.
    bool leader_on(std::uint32_t entity, std::uint32_t day) const;

    /// A digest of everything loaded: an index records it, and re-indexing
    /// with another gazetteer rebuilds the articles.
    const std::string& digest() const { return digest_; }

    /// The digest load() with these extra files gives, without loading them.
    static std::string digest_of(const std::vector<std::pair<std::string, std::string>>& extra);

    /// The loaded gazetteer in a compact binary form that compiled() reads
    /// back without analysing a name again (an index stores it, so that a
    /// search starts in a millisecond instead of tokenising every name).
    /// It starts with a header line naming what it depends on: the format,
    /// ICU's version, `analyzer.description()` and digest().
    std::string compiled(const Analyzer& analyzer) const;

    /// Reads what compiled() wrote.
    /// @returns nullptr when `bytes` were written for another digest, another
    ///          analysis or another ICU, or are damaged: the caller loads.
    static std::shared_ptr<const Gazetteer>
    from_compiled(std::string_view bytes, const Analyzer& analyzer, const std::string& digest);

  private:
    void add_tsv(
        const Analyzer& analyzer,
        std::string_view source,
        std::string_view text,
        std::vector<InputProblem>* problems
    );
    void add_offices(
        const Analyzer& analyzer,
        std::string_view source,
        std::string_view text,
        std::vector<InputProblem>* problems
    );
    void add_name(
        const Analyzer& analyzer, std::uint32_t entity, std::string_view written, NameKind kind
    );
    void finish();
    void index_names() const;
    static std::string compiled_header(const Analyzer& analyzer, const std::string& digest);

    std::vector<Entity> entities_;
    std::vector<Name> names_;
    std::unordered_map<std::string, std::vector<std::uint32_t>> by_first_;
    // Built on first use (most searches never need them), once, thread-safely.
    mutable std::once_flag names_indexed_;
    mutable std::unordered_map<std::string, std::vector<std::uint32_t>> by_folded_;
    mutable std::vector<std::vector<std::uint32_t>> names_of_;
    std::unordered_map<std::string, std::uint32_t> by_key_;
    std::unordered_map<std::string, std::uint32_t> seen_names_;
    std::string digest_;
};

}  // namespace newsdex::detail
