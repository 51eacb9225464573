// SPDX-License-Identifier: MIT
// Names typed in queries, resolved against the gazetteer and the index
// (private to the library): the value of a name field (`leader:xi`,
// `country:DPRK`, `source:arirang`), and names typed as bare words
// (`Kim Jong Un`), which are searched by every name their entity goes by.
#pragma once

#include "newsdex/schema.h"

#include "entities/gazetteer.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::detail {

/// The values one name field holds in the index (folded, without prefix).
class IndexedNames {
  public:
    virtual ~IndexedNames() = default;

    /// True when some article has this value.
    virtual bool contains(const std::string& folded) const = 0;

    /// Calls `visit` with each value in order, until it returns false.
    virtual void each(const std::function<bool(const std::string&)>& visit) const = 0;
};

/// A value of a name field that a typed name stands for.
struct NameValue {
    std::string folded;  ///< the value (the term after the field's prefix)
    std::string shown;   ///< for explanations: the entity's name, or the value
};

/// Resolves the names typed after one name field (source, the entity
/// fields) to the values it holds.
class NameResolver {
  public:
    /// @param gazetteer may be null
    /// @param indexed the values of `field` in the index; must outlive this
    NameResolver(
        const schema::Field& field, const Gazetteer* gazetteer, const IndexedNames& indexed
    )
        : field_(field), gazetteer_(gazetteer), indexed_(indexed) {}

    /// The values a name stands for (`folded` as the analyzer folds it,
    /// `typed` as written), each once: the gazetteer's entities of which it
    /// is any name, in any case, that fill the field (for the fields the
    /// gazetteer resolves: schema::Entity); else the value itself, when the
    /// index has it; else the indexed values it is a whole-word part of
    /// (`source:arirang`, `leader:kishida`). Empty when nothing matches.
    std::vector<NameValue> resolve(const std::string& folded, const std::string& typed) const;

    /// Up to three indexed values nearest to `folded` by edit distance (a
    /// partial name is compared with each word too: putn ~ vladimir putin),
    /// joined by ", "; empty when none is near. Looks at the first 20,000.
    std::string closest(const std::string& folded) const;

  private:
    const schema::Field& field_;
    const Gazetteer* gazetteer_;
    const IndexedNames& indexed_;
};

/// Levenshtein distance, in bytes. cli/strict_options.h has a copy for the
/// programs' option hints (cli/ uses no part of the library: see there);
/// change both together.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The words of a folded text (separated by single spaces).
std::vector<std::string> folded_words(const std::string& folded);

/// A gazetteer name typed as bare words.
struct TypedName {
    std::uint32_t entity = 0;
    std::size_t last = 0;  ///< the index of its last word
};

/// The entity whose longest full or unambiguous name starts at word `w` and
/// ends at the end of a word. `words` holds the folded terms of each typed
/// word, `typed` the words as typed: two-letter acronyms (US, UN, EU) only
/// count when typed in capitals, since "us" and "un" are words.
std::optional<TypedName> name_at(
    const Gazetteer& gazetteer,
    const std::vector<std::vector<std::string>>& words,
    const std::vector<std::string>& typed,
    std::size_t w
);

/// The names an entity is also searched by when its name is typed: its full
/// and unambiguous names and, for a country, its demonyms (Mongolia finds
/// "the Mongolian president"); each distinct list of terms once.
std::vector<const Name*> search_names(const Gazetteer& gazetteer, std::uint32_t entity);

}  // namespace newsdex::detail
