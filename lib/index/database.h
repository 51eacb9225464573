// SPDX-License-Identifier: MIT
// Opening databases, checking their schema, and mapping Xapian's errors
// (private to the library).
#pragma once

#include "newsdex/error.h"

#include <xapian.h>

#include <string>
#include <vector>

namespace newsdex::detail {

/// Opens (creating if needed) a database for writing and records the schema
/// version, schema table and analysis in its metadata on creation.
/// @throws Error kDatabaseLocked, kSchemaMismatch or kIo.
Xapian::WritableDatabase open_writable(const std::string& path, const std::string& analysis);

/// Opens one or more databases as one for searching.
/// @throws Error kDatabaseNotFound, kSchemaMismatch or kIo.
Xapian::Database open_readable(const std::vector<std::string>& paths);

/// Refuses a database written with another schema version.
/// @throws Error kSchemaMismatch naming `path`, with a hint to re-index.
void check_schema(const Xapian::Database& db, const std::string& path);

/// A newsdex::Error for a Xapian exception, with `context` (a path or a query).
Error translate(const Xapian::Error& e, const std::string& context);

}  // namespace newsdex::detail
