// SPDX-License-Identifier: MIT
// What an article names so far, while the extractor reads it (private to
// the library): the entities named in full, in order of first mention, the
// one-word references waiting for one of them, and every mention.
#pragma once

#include "entities/extractor.h"
#include "entities/gazetteer.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

namespace newsdex::detail {

/// One entity found in full, in order of first mention.
struct Named {
    EntityType type = EntityType::kPerson;
    std::string name;
    std::string folded;
    std::string first_term;
    std::string last_term;
    std::int64_t gazetteer = -1;
    std::size_t first_at = 0;  ///< byte offset of the first mention
};

/// A one-word reference ("Kim", "Kishida") to someone the article names in
/// full, before or after it.
struct Pending {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::string term;
};

/// The bookkeeping of one article's extraction: EntityExtractor's scan and
/// the discovery of names the gazetteer lacks add to it, and finish() turns
/// it into the Extraction.
class EntityBook {
  public:
    EntityBook(const Gazetteer& g, const Analyzer& a) : g_(g), a_(a) {}

    /// Counts a mention of an entity named in full (`gazetteer` its index
    /// in the gazetteer, or -1); offsets in the whole text.
    void count(
        EntityType type,
        const std::string& name,
        const std::string& folded,
        std::int64_t gazetteer,
        std::size_t begin,
        std::size_t end
    );

    /// Counts the text from byte `begin` to `end` of `part` (offsets within
    /// the part) as an entity the gazetteer lacks.
    void count_span(EntityType type, const TokenizedText& part, std::size_t begin, std::size_t end);

    /// A gazetteer name found from byte `begin` to `end` of the whole text.
    void found(const Name& name, std::size_t begin, std::size_t end);

    /// A one-word reference, resolved by finish().
    void add_pending(std::size_t begin, std::size_t end, const std::string& term) {
        pending_.push_back({begin, end, term});
    }

    /// A surname the article gave another first name ("William Blair").
    void claim(const std::string& term) { claimed_.insert(term); }

    /// A leader found by "President" or "leader" alone.
    void add_president(std::string name) { presidents_.insert(std::move(name)); }

    /// The mentions so far, in the order found.
    const std::vector<Mention>& mentions() const { return mentions_; }

    /// Resolves the one-word references, demotes the leaders without a
    /// state, and lists the entities and mentions. Call once.
    Extraction finish();

  private:
    void resolve_short_mentions();
    void demote_stateless_leaders();
    bool has_short(std::uint32_t entity, const std::string& term) const;

    const Gazetteer& g_;
    const Analyzer& a_;
    std::vector<Named> named_;
    std::unordered_set<std::string> named_keys_;  // field and folded name of each of named_
    std::vector<Pending> pending_;
    std::unordered_set<std::string> presidents_;  // leaders found by "President" or "leader" alone
    std::unordered_set<std::string> claimed_;     // surnames the article gave another first name
    std::vector<Mention> mentions_;
};

}  // namespace newsdex::detail
