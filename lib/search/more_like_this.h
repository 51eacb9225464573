// SPDX-License-Identifier: MIT
// "More like this" (private to the library): the query of the words an
// article is most about.
#pragma once

#include "search/query_parser.h"

#include <xapian.h>

#include <string>

namespace newsdex::detail {

/// Words of an article that more_like_this() searches with.
inline constexpr Xapian::termcount kLikeTerms = 25;

/// Articles like the one with `id`: the stems it is most about (by how
/// often it uses them and how rare they are, among the words other articles
/// have too), each weighted by that score; the article itself is left out.
/// Unless `alone`, they only rank what `parsed.query` finds. (Xapian's
/// expand set prefers words only this article has, which find nothing.)
/// Adds a line to `parsed.explanation`.
/// @throws Error kInvalidArgument when no article has the id.
Xapian::Query
more_like_this(const Xapian::Database& db, const std::string& id, ParsedQuery& parsed, bool alone);

}  // namespace newsdex::detail
