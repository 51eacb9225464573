// SPDX-License-Identifier: MIT
// Helpers derived from the schema table (private to the library).
#pragma once

#include "newsdex/schema.h"

#include <string>
#include <string_view>
#include <vector>

namespace newsdex::detail {

/// Xapian's longest term for the glass backend, in bytes.
inline constexpr std::size_t kMaxXapianTerm = 245;

/// `prefix + value`, kept under Xapian's term length limit: a value too long
/// is cut at a character boundary and tagged with a hash of the whole, so two
/// long values stay distinct and the same value always gives the same term.
std::string make_term(std::string_view prefix, std::string_view value);

/// The term of a field's value (the value already folded or encoded).
inline std::string make_term(const schema::Field& field, std::string_view value) {
    return make_term(field.prefix, value);
}

/// Multi-valued slot contents: the values joined by newlines (names never
/// hold one). Documented in docs/schema.md for other readers.
std::string encode_list(const std::vector<std::string>& values);
std::vector<std::string> decode_list(std::string_view encoded);

/// The schema table as Markdown, for docs/schema.md and --help-fields.
std::string render_schema_markdown();

/// The schema table as JSON, stored in the database's metadata.
std::string schema_json();

}  // namespace newsdex::detail
