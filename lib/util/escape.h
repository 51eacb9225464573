// SPDX-License-Identifier: MIT
// Input quoted in messages, made safe to print on one line (private to the
// library). Every message that quotes a file name, a field value, an id or
// an excerpt of an input goes through here, so that one problem is always
// one line, however the input is made.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace newsdex::detail {

/// `text` written so that it prints on one line and reads back unambiguously:
/// a backslash becomes `\\`; tab, newline and carriage return `\t`, `\n`,
/// `\r`; the other control characters (U+0000 to U+001F, U+007F) and every
/// byte that is not part of valid UTF-8 `\xNN`; the C1 controls (U+0080 to
/// U+009F), the line and paragraph separators (U+2028, U+2029) and the
/// bidirectional controls (U+061C, U+200E, U+200F, U+202A to U+202E, U+2066
/// to U+2069) `\uNNNN`. Any other UTF-8 text is kept as it is.
std::string escape(std::string_view text);

/// As escape(), but a backslash is kept as it is: for text that may already
/// hold escapes (a whole message), to make sure it is one line.
std::string escape_controls(std::string_view text);

/// `text` escaped and between single quotes, for a message. Past
/// `max_bytes` of input it is cut (at a character) and ends with `…`,
/// followed by the input's whole length: `'aaaa…' (209715200 bytes)`.
std::string quote(std::string_view text, std::size_t max_bytes = 80);

/// The `max_bytes` for quoting file names, paths and ids made of them:
/// these are quoted whole (the system's own limit on a path).
inline constexpr std::size_t kMaxQuotedPath = 4096;

}  // namespace newsdex::detail
