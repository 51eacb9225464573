// SPDX-License-Identifier: MIT
// Data files built into the library (generated from stopwords/ and entities/).
#pragma once

#include <string_view>

namespace newsdex::detail {

/// stopwords/english.txt, as it was at build time.
std::string_view embedded_stopwords_english() noexcept;

/// spelling/en-gb-us.tsv.
std::string_view embedded_spelling_variants() noexcept;

/// The gazetteer: entities/*.tsv.
std::string_view embedded_entities_countries() noexcept;
std::string_view embedded_entities_historical() noexcept;
std::string_view embedded_entities_leaders() noexcept;
std::string_view embedded_entities_corpus() noexcept;
std::string_view embedded_entities_places() noexcept;
std::string_view embedded_entities_orgs() noexcept;
/// Offices with dates: entities/offices.tsv.
std::string_view embedded_entities_offices() noexcept;

/// The titles news writing puts before a name: entities/titles.tsv.
std::string_view embedded_entities_titles() noexcept;

}  // namespace newsdex::detail
