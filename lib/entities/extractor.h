// SPDX-License-Identifier: MIT
// Finding the entities an article names (private to the library).
#pragma once

#include "newsdex/analyzer.h"

#include "entities/gazetteer.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::detail {

/// The tokens of one stretch of an article (a line, or the title).
struct TokenizedText {
    std::string_view text;      ///< the stretch itself
    std::size_t offset = 0;     ///< where it starts in the whole text (for mention offsets)
    std::vector<Token> tokens;  ///< the analyzer's tokens of `text`
};

/// One place where the article names an entity.
struct Mention {
    std::size_t begin = 0;  ///< byte offsets in the whole text
    std::size_t end = 0;
    EntityType type = EntityType::kPerson;
    std::string name;      ///< canonical
    bool counted = false;  ///< makes the article carry the entity (not just a short reference)
};

/// Where an entity of an article came from (docs/entities.md).
enum class Origin : unsigned char {
    kMetadata,   ///< the article's metadata lists it
    kGazetteer,  ///< its text names an entity of the gazetteer
    kDiscovery,  ///< its text names it the way news writes names the gazetteer lacks
};

/// `metadata`, `gazetteer` or `discovery`.
std::string_view origin_name(Origin origin) noexcept;

/// Parses what origin_name() gives.
bool parse_origin(std::string_view text, Origin& out) noexcept;

/// What an article names: field (`leader`, `person`, ...) -> canonical names
/// in order of first mention, and every mention (for highlighting).
struct Extraction {
    std::map<std::string, std::vector<std::string>, std::less<>> entities;
    /// Where each name of `entities` came from, in the same order.
    std::map<std::string, std::vector<Origin>, std::less<>> origins;
    std::vector<Mention> mentions;
};

/// Finds entities on analysed tokens:
///  * gazetteer names, longest match first; names written in capitals
///    (`US`, `DPRK`) only match capitals, capitalised names only capitalised
///    words (`China`, not `china`);
///  * one-word names (`Kim`, `Moon`) only when capitalised and either marked
///    unambiguous (`Xi`) or when the article names the entity in full;
///  * names the gazetteer lacks, after a title (`Prime Minister Fumio
///    Kishida`, `lawmaker Yoo Sang-bum`): heads of state or government and
///    party leaders become leaders, anyone else a person; a demonym before
///    the title (`Japanese`) is a mention of that country.
/// A leader is also a person.
class EntityExtractor {
  public:
    EntityExtractor(const Gazetteer& gazetteer, const Analyzer& analyzer);

    Extraction extract(const std::vector<TokenizedText>& parts) const;

    /// Convenience: tokenizes `text` line by line first.
    Extraction extract(std::string_view text) const;

    const Gazetteer& gazetteer() const { return gazetteer_; }

    const Analyzer& analyzer() const { return analyzer_; }

  private:
    const Gazetteer& gazetteer_;
    const Analyzer& analyzer_;
};

}  // namespace newsdex::detail
