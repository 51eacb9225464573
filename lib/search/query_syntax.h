// SPDX-License-Identifier: MIT
// The query language's syntax (private to the library): a query string
// into its syntax tree (docs/query-syntax.md), and the errors that name the
// column of a problem. No Xapian here: the query builder
// (search/query_builder.h) makes the tree into a Xapian query.
#pragma once

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "schema/encoding.h"

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::detail {

/// Deepest nesting of parentheses accepted.
inline constexpr std::size_t kMaxQueryDepth = 64;
/// Longest query accepted, in bytes.
inline constexpr std::size_t kMaxQueryBytes = std::size_t{64} * 1024;

/// The error of a query that cannot be read, at byte `offset` of `query`
/// (reported as a 1-based column, in characters).
Error query_error(
    std::string_view query, std::size_t offset, const std::string& message, std::string hint = {}
);

/// Throws query_error().
[[noreturn]] void fail_at(
    std::string_view query, std::size_t offset, const std::string& message, std::string hint = {}
);

enum class NodeKind : unsigned char {
    kAnd,
    kOr,
    kNear,
    kAdj,
    kWord,
    kPhrase,
    kWildcard,
    kField,
    kAll
};

/// A node of the syntax tree.
struct Node {
    NodeKind kind = NodeKind::kWord;
    std::vector<std::unique_ptr<Node>> children;  ///< kAnd, kOr, kNear, kAdj
    std::string text;                             ///< word, phrase, pattern or field value
    const schema::Field* field = nullptr;         ///< kField
    bool quoted = false;                          ///< kField: the value was a quoted phrase
    bool negated = false;                         ///< NOT or - before it
    bool explicit_and = false;                    ///< joined to the previous item by a written AND
    bool required = false;   ///< + before it (never a partial match's missing word)
    unsigned window = 0;     ///< kNear, kAdj: the distance typed
    double boost = 1;        ///< kWord: its weight is multiplied by this (word^2)
    std::size_t offset = 0;  ///< byte offset in the query
};

using NodePtr = std::unique_ptr<Node>;

/// The syntax tree of `query`: checks its length and its UTF-8, then lexes
/// and parses it. An empty query is a kAll node.
/// `dynamic`: the index's dynamic fields, known to the lexer (may be null).
/// @throws Error kBadQuery with the column of the problem.
NodePtr parse_syntax(std::string_view query, const DynamicSchema* dynamic = nullptr);

/// A tree as text, for tests and debugging: `(kim -year:2018)`,
/// `("korea's kim" OR xi)`, `(kim NEAR/3 xi)`, `(a AND b)` for a written AND.
std::string describe(const Node& node);

}  // namespace newsdex::detail
