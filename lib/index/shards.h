// SPDX-License-Identifier: MIT
// The databases an index is written to (private to the library).
//
// An index is one Xapian database, or N shard databases in one folder with
// a Xapian stub file (`XAPIANDB`) listing them, which every Xapian program
// opens as one database. Articles go to the shard a stable hash of their id
// picks, so re-indexing finds the same shard; each shard has its own writer,
// so shards are written in parallel.
#pragma once

#include "index/document_builder.h"

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace newsdex::detail {

/// One writable database, used by one thread at a time.
class Shard {
  public:
    Shard(std::string path, Xapian::WritableDatabase db, std::size_t batch_size);

    /// Writes a built document in place of any with the same id, and
    /// counts its spelling words (less those of the article it replaces).
    /// Commits when the batch is full.
    void write(const BuiltDocument& built, const std::vector<std::string>& old_spelling);

    /// Removes the article with this id term, if any; true when it was there.
    bool remove(const std::string& id_term);

    /// Commits the open batch; `final` also writes all gathered spelling
    /// counts (otherwise they are written once there are many).
    void commit();
    void commit(bool final);

    /// Distinct words whose spelling counts are gathered before writing.
    static constexpr std::size_t kSpellingFlush = 200000;

    /// Drops the open batch.
    void rollback() noexcept;

    Xapian::WritableDatabase& db() { return db_; }

    const std::string& path() const { return path_; }

  private:
    void begin();

    std::string path_;
    Xapian::WritableDatabase db_;
    std::size_t batch_size_;
    std::size_t pending_ = 0;
    bool in_transaction_ = false;
    // Spelling counts of the open batch, written once per word at commit:
    // far fewer calls into Xapian than one per word per article.
    std::unordered_map<std::string, int> spelling_;
};

/// The shards of an index.
class ShardSet {
  public:
    /// Opens the index at `path`: a stub folder of shards, or one database.
    /// A new index gets `new_shards` shards (1: a plain database).
    /// @throws Error kDatabaseLocked, kSchemaMismatch or kIo.
    ShardSet(
        const std::string& path,
        std::size_t new_shards,
        std::size_t batch_size,
        const std::string& analyzer,
        double lock_timeout_seconds = 0
    );

    std::size_t size() const { return shards_.size(); }

    Shard& shard(std::size_t i) { return *shards_[i]; }

    /// The shard of an article id: XXH3-64 of the id modulo the shard count.
    std::size_t shard_of(const std::string& id) const;

    /// Commits every shard; records the analyzer in their metadata.
    void commit();

    /// Drops every shard's open batch.
    void rollback() noexcept;

    /// Commits, closes the writers and rewrites every shard with Xapian's
    /// compaction: full blocks, no free space, read-optimised. The set is
    /// closed afterwards. A crash midway leaves each shard old or new (the
    /// old one is moved aside first and moved back by the next open).
    /// With `merge`, the shards become one database (at the index's path).
    void compact(bool merge = false);

    /// True when the index was created by this open (nothing to compare with).
    bool created() const { return created_; }

    const std::string& path() const { return path_; }

  private:
    void compact_in_stub();
    static void remove_orphans(const std::filesystem::path& root);

    std::string path_;
    std::string analyzer_;
    bool stub_ = false;
    std::vector<std::unique_ptr<Shard>> shards_;
    bool created_ = false;
};

/// The spelling words an indexed article added (its unprefixed word terms).
std::vector<std::string> spelling_of(const Xapian::Document& doc);

}  // namespace newsdex::detail
