// SPDX-License-Identifier: MIT
// Opening databases, checking their schema, and mapping Xapian's errors
// (private to the library).
#pragma once

#include "newsdex/error.h"

#include <xapian.h>

#include <string>
#include <vector>

namespace newsdex::detail {

/// Opens a database for writing (creating it when `create`) and records the
/// schema version, schema table and analysis in its metadata on creation.
/// When another process has Xapian's lock on it, waits up to
/// `lock_timeout_seconds` for it.
/// @throws Error kDatabaseLocked, kSchemaMismatch or kIo.
Xapian::WritableDatabase open_writable(
    const std::string& path,
    const std::string& analysis,
    double lock_timeout_seconds = 0,
    bool create = true
);

/// How to open databases for searching.
struct OpenOptions {
    /// Remote shards: how long to wait for a connection or an answer.
    unsigned timeout_ms = 5000;
    /// Search the shards that answer when some do not (with a warning),
    /// rather than failing.
    bool allow_partial = false;
};

/// Databases opened as one for searching.
struct OpenedDatabases {
    Xapian::Database db;
    std::vector<std::string> warnings;  ///< shards left out (allow_partial)
    bool remote = false;                ///< some shard is remote
    /// Each shard on its own (the same handles `db` combines), for work done
    /// shard by shard; empty when a shard is remote.
    std::vector<Xapian::Database> shards;
    /// The folder of each of `shards` (for its facet columns file), "" when
    /// it is not a folder.
    std::vector<std::string> shard_dirs;
    /// The same shards opened once more from `shard_dirs`, to count facets
    /// on other threads while `db` ranks (Xapian handles are not
    /// thread-safe, and `db` shares those of `shards`). Opened on first use.
    std::vector<Xapian::Database> counting;
    std::string layout;  ///< layout_stamp() when opened
};

/// What names the shards of `paths` (the text of their stub files): it
/// changes when a compaction moves shards to new folders, which reopening
/// the open handles would not see.
std::string layout_stamp(const std::vector<std::string>& paths);

/// Opens one or more databases as one for searching. Each path is a local
/// database, a folder or file with a Xapian stub listing shards (local
/// `glass PATH` / `auto PATH` lines and `remote HOST:PORT` lines), or
/// `tcp://HOST:PORT` for a database served by xapian-tcpsrv.
/// @throws Error kDatabaseNotFound, kSchemaMismatch or kIo (naming the shard
///         that did not answer, unless options.allow_partial).
OpenedDatabases
open_readable(const std::vector<std::string>& paths, const OpenOptions& options = {});

/// Refuses a database written with another schema version.
/// @throws Error kSchemaMismatch naming `path`, with a hint to re-index.
void check_schema(const Xapian::Database& db, const std::string& path);

/// A newsdex::Error for a Xapian exception, with `context` (a path or a query).
Error translate(const Xapian::Error& e, const std::string& context);

}  // namespace newsdex::detail
