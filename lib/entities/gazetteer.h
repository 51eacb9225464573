// SPDX-License-Identifier: MIT
// The gazetteer: known entities and every name they go by (private to the
// library). Names are matched on analysed tokens, so "Kim Jong-Un",
// "Kim Jong Un" and "kim jong-un" are one name.
#pragma once

#include "newsdex/analyzer.h"
#include "newsdex/article.h"

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
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
///
/// Whatever it is loaded from, a gazetteer is one flat image (the format is
/// in docs/entities.md): records, sorted lookup tables and a string pool,
/// read in place. An index stores the image beside its shard
/// (schema::kGazetteerFile), so that a search maps it and looks names up
/// without parsing it or building a map: opening one costs the same
/// whatever the gazetteer's size. Entities and names are made into the
/// objects below only when first asked for, one by one.
class Gazetteer {
  public:
    /// The records of a gazetteer by index (entities() or names()), each
    /// made on first use and kept while the gazetteer lives.
    template <class T>
    class Records {
      public:
        class iterator {  // NOLINT(readability-identifier-naming): as the standard library
          public:
            using value_type = T;
            using difference_type = std::ptrdiff_t;
            using reference = const T&;
            using pointer = const T*;
            using iterator_category = std::forward_iterator_tag;

            iterator() = default;

            iterator(const Records* r, std::size_t i) : r_(r), i_(i) {}

            const T& operator*() const { return (*r_)[i_]; }

            const T* operator->() const { return &(*r_)[i_]; }

            iterator& operator++() {
                ++i_;
                return *this;
            }

            iterator operator++(int) {
                iterator old = *this;
                ++i_;
                return old;
            }

            friend bool operator==(const iterator& a, const iterator& b) { return a.i_ == b.i_; }

          private:
            const Records* r_ = nullptr;
            std::size_t i_ = 0;
        };

        Records(const Gazetteer& g, std::size_t size) : g_(&g), size_(size) {}

        std::size_t size() const { return size_; }

        bool empty() const { return size_ == 0; }

        const T& operator[](std::size_t i) const { return g_->record(i, static_cast<T*>(nullptr)); }

        iterator begin() const { return {this, 0}; }

        iterator end() const { return {this, size_}; }

      private:
        const Gazetteer* g_;
        std::size_t size_;
    };

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

    Gazetteer(const Gazetteer&) = delete;
    Gazetteer& operator=(const Gazetteer&) = delete;
    Gazetteer(Gazetteer&&) = delete;
    Gazetteer& operator=(Gazetteer&&) = delete;
    ~Gazetteer();

    Records<Entity> entities() const { return {*this, entity_count_}; }

    Records<Name> names() const { return {*this, name_count_}; }

    /// Names whose first term is `term`, longest first (empty when none).
    std::span<const std::uint32_t> names_starting(std::string_view term) const;

    /// Entities one of whose names (of any kind) is exactly the folded `name`.
    std::vector<std::uint32_t> lookup(std::string_view folded) const;

    /// Every name of an entity (indexes into names()).
    std::span<const std::uint32_t> names_of(std::uint32_t entity) const;

    /// The entity with this canonical folded name and type, or -1.
    std::int64_t find(EntityType type, std::string_view folded) const;

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

    /// The gazetteer's image (see the class comment), its header naming
    /// what it depends on: ICU's version, `analyzer.description()` and
    /// digest(). An index stores it in its metadata and beside its shards.
    std::string compiled(const Analyzer& analyzer) const;

    /// Reads what compiled() wrote (or the format-3 form older indexes
    /// store, analysed no more but read into an image).
    /// @returns nullptr when `bytes` were written for another digest, another
    ///          analysis or another ICU, or are damaged: the caller loads.
    static std::shared_ptr<const Gazetteer>
    from_compiled(std::string_view bytes, const Analyzer& analyzer, const std::string& digest);

    /// Maps the image file at `path` (written by write_gazetteer_file) and
    /// reads it in place.
    /// @returns nullptr when there is no such file, or it is not an image
    ///          for this digest, analysis and ICU, or it is damaged.
    static std::shared_ptr<const Gazetteer>
    from_file(const std::string& path, const Analyzer& analyzer, const std::string& digest);

  private:
    struct Builder;

    struct Private {};

  public:
    // For std::make_shared only: see open().
    Gazetteer(Private, std::shared_ptr<const void> keep, std::string_view image);

  private:
    /// The gazetteer over `image` (owned by `keep`) when it is an image for
    /// this header and digest, whole; else null.
    static std::shared_ptr<const Gazetteer> open(
        std::shared_ptr<const void> keep,
        std::string_view image,
        const Analyzer& analyzer,
        const std::string& digest
    );
    static std::shared_ptr<const Gazetteer> from_builder(Builder& b, const Analyzer& analyzer);
    static std::string compiled_header(const Analyzer& analyzer, const std::string& digest);

    const Entity& record(std::size_t i, Entity*) const;
    const Name& record(std::size_t i, Name*) const;
    void make_caches() const;

    std::uint32_t u32(std::size_t offset) const noexcept;
    std::string_view str(std::size_t offset) const noexcept;  ///< a (u32 offset, u32 length) pair
    std::span<const std::uint32_t> ids(std::size_t offset) const noexcept;  ///< (begin, count)
    /// The entry of the sorted table at `table` (`count` entries of
    /// `stride` u32, the key string first) whose key is `key`, or npos.
    std::size_t
    search(std::size_t table, std::size_t count, std::size_t stride, std::string_view key) const;

    std::shared_ptr<const void> keep_;  ///< owns image_
    std::string_view image_;
    std::size_t body_ = 0;  ///< where the directory starts: offsets are from there
    std::size_t entity_count_ = 0;
    std::size_t name_count_ = 0;
    std::size_t first_count_ = 0;
    std::size_t folded_count_ = 0;
    std::size_t key_count_ = 0;
    std::size_t entities_at_ = 0;
    std::size_t names_at_ = 0;
    std::size_t name_terms_at_ = 0;
    std::size_t office_terms_at_ = 0;
    std::size_t first_at_ = 0;
    std::size_t folded_at_ = 0;
    std::size_t keys_at_ = 0;
    std::size_t ids_at_ = 0;
    std::size_t ids_count_ = 0;
    std::size_t strings_at_ = 0;
    std::size_t strings_size_ = 0;
    std::size_t first_slots_ = 0;
    std::size_t first_hash_at_ = 0;
    std::string digest_;
    // The records made so far, by index (made on first use, thread-safely).
    mutable std::once_flag caches_made_;
    mutable std::unique_ptr<std::atomic<const Entity*>[]> entity_cache_;
    mutable std::unique_ptr<std::atomic<const Name*>[]> name_cache_;
};

/// What a gazetteer is loaded into before it is written as an image.
struct Gazetteer::Builder {
    std::vector<Entity> entities;
    std::vector<Name> names;
    std::unordered_map<std::string, std::uint32_t> by_key;      ///< entity_key() -> entity
    std::unordered_map<std::string, std::uint32_t> seen_names;  ///< entity, kind, name -> name
    std::string digest;

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
    /// The image (see Gazetteer), its header `header`.
    std::string image(std::string_view header) const;
};

/// Writes the gazetteer image `compiled` (Gazetteer::compiled) as the file
/// schema::kGazetteerFile of the database folder `dir`, unless the file
/// there holds it already; written whole or not at all (write_whole_file).
/// @returns "" when written or already there, else why not.
std::string write_gazetteer_file(const std::string& dir, std::string_view compiled);

/// The path of the gazetteer image file of the database folder `dir`.
std::string gazetteer_file_path(const std::string& dir);

}  // namespace newsdex::detail
