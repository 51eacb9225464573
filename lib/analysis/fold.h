// SPDX-License-Identifier: MIT
// Character folding used by the analyzer (private to the library).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newsdex::detail {

/// Folds one word as the analyzer sees it: NFKC, case folding, Latin accents
/// removed, apostrophe-like characters to `'`, possessive `'s` dropped,
/// acronym dots and digit-group commas removed, cut to `max_bytes`.
std::string fold_word(std::string_view word, std::size_t max_bytes);

/// True for a code point that news text uses as an apostrophe (’ ‘ ` ´ ′ ʼ ＇).
bool is_apostrophe(char32_t c) noexcept;

/// True for a code point that joins two parts of one word without a space
/// (hyphens and dashes, slash, dot, colon, apostrophes, `&`, `@`, `_`, `+`).
bool is_joiner(char32_t c) noexcept;

/// Cuts `text` to at most `max_bytes` without splitting a UTF-8 character.
std::string_view utf8_prefix(std::string_view text, std::size_t max_bytes) noexcept;

/// Decodes the code point at `text[i]` and advances `i`; invalid bytes give U+FFFD.
char32_t next_code_point(std::string_view text, std::size_t& i) noexcept;

}  // namespace newsdex::detail
