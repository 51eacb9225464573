// SPDX-License-Identifier: MIT
// The query language's lexer (private to the library): a query string as
// words, phrases, fields and operators, each with its byte offset.
#pragma once

#include "newsdex/schema.h"

#include "schema/encoding.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::detail {

enum class Lex : unsigned char {
    kWord,
    kPhrase,
    kWildcard,
    kStar,
    kField,
    kLParen,
    kRParen,
    kAnd,
    kOr,
    kNot,
    kNear,
    kAdj,
    kPlus,
    kMinus,
    kEnd,
};

/// One lexeme of a query.
struct Lexeme {
    Lex type = Lex::kEnd;
    std::string text;                      ///< word, phrase or field value
    std::size_t offset = 0;                ///< byte offset in the query
    const schema::Field* field = nullptr;  ///< for kField
    bool quoted = false;                   ///< kField: the value was a quoted phrase
    unsigned window = 0;                   ///< kNear / kAdj; kPhrase: n of "a b"~n, else 0
    double boost = 1;                      ///< kWord: N of word^N (its weight times N)
};

/// The lexemes of `query`, the last one kEnd. Quotes, spaces and
/// parentheses may be typed in their wide and curly forms too.
/// @throws Error kBadQuery with the column of the problem (an unbalanced
///         quote, `+` or `-` without a word, a bad NEAR distance, a field
///         without a value, an unknown field: the closest names, of
///         `dynamic` too).
/// @param dynamic the index's dynamic fields (`topics:crude`); may be null.
std::vector<Lexeme> lex_query(std::string_view query, const DynamicSchema* dynamic = nullptr);

/// The first example query of a field's summary (the text between
/// backticks), for hints.
std::string example_of(const schema::Field& field);

}  // namespace newsdex::detail
