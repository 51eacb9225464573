// SPDX-License-Identifier: MIT
// The databases an index is written to (private to the library).
//
// An index is a folder of N shard databases with a Xapian stub file
// (`XAPIANDB`) listing them, which every Xapian program opens as one
// database (see index_folder.h; an index written before stubs were always
// used may be one plain database). Articles go to the shard a stable hash
// of their id picks, so re-indexing finds the same shard; each shard has its
// own writer, so shards are written in parallel.
#pragma once

#include "index/document_builder.h"
#include "index/index_folder.h"
#include "schema/encoding.h"
#include "util/word_counts.h"

#include <xapian.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <string>
#include <unordered_set>
#include <vector>

namespace newsdex::detail {

class ShardSet;

/// One shard: a writable database, used by one thread at a time.
///
/// A shard of a new index is built in parts: once its open database holds
/// `part_size` articles, it is closed and a fresh one takes the new
/// articles (Xapian's writes into a database get slower as its tables
/// grow; fresh ones stay fast). The stub lists every part, so searches see
/// them all; the compaction at the end of the run merges each shard's parts
/// into one database, and a run that was stopped has its parts merged by
/// the next open.
class Shard {
  public:
    Shard(
        ShardSet* set,
        std::size_t index,
        std::string path,
        Xapian::WritableDatabase db,
        std::size_t batch_size,
        std::size_t part_size
    );

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
    void set_spelling_flush(std::size_t words) { spelling_flush_ = words; }

    /// Hands the spelling counts of words another shard keeps (see
    /// ShardSet::spelling_shard) over to that shard, which writes them at
    /// its next commit. Thread-safe against the other shards' writers.
    void hand_over_spelling();

    /// Drops the open batch.
    void rollback() noexcept;

    /// The shard's first database: its metadata, and all of it unless the
    /// shard is built in parts.
    Xapian::WritableDatabase& db() { return db_; }

    /// Every part as one database (with what is not committed yet).
    Xapian::Database reader();

    /// Articles in all parts.
    Xapian::doccount doccount();

    const std::string& path() const { return parts_.front().path; }

    /// Closes every writer (after a commit).
    void close();

  private:
    struct Part {
        std::string path;
        std::vector<std::uint64_t> ids;  // sorted XXH3 of the id terms, once closed
    };

    void begin();
    void start_part();
    // Changes the article in the closed part that has it; false when none does.
    bool change_in_closed_part(
        const std::string& id_term,
        std::uint64_t hash,
        const std::function<void(Xapian::WritableDatabase&)>& change
    );

    ShardSet* set_;
    std::size_t index_;
    Xapian::WritableDatabase db_;    // the first part (its lock is held all along)
    Xapian::WritableDatabase open_;  // the part new articles go to
    std::vector<Part> parts_;
    std::size_t batch_size_;
    std::size_t part_size_;                       // 0: one database
    std::unordered_set<std::uint64_t> open_ids_;  // of the open part, when in parts
    std::unique_ptr<Xapian::Database> reader_;    // every part, once there are several
    std::size_t pending_ = 0;
    bool in_transaction_ = false;
    // Spelling counts gathered since the last write of the spelling data,
    // each word's written once then: far fewer calls into Xapian than one
    // per word per article. Each word's count goes to one shard
    // (ShardSet::spelling_shard): spelling_ holds the words this shard
    // keeps, outgoing_ by shard those others keep, handed over at each
    // write of the spelling data.
    WordCounts spelling_;
    std::vector<WordCounts> outgoing_;
    std::size_t spelling_flush_ = 200000;
    // Counts of words this shard keeps, handed over by the other shards'
    // writers; added to spelling_ at the next write of the spelling data.
    std::mutex inbox_mutex_;
    WordCounts inbox_;

    void count_spelling(const std::string& word, int delta);
    std::size_t spelling_words() const;
    void write_spelling();
};

/// The shards of an index.
class ShardSet {
  public:
    /// Opens the index at `path` under its writer lock (waiting up to
    /// `lock_timeout_seconds` for another writer), after cleaning up what a
    /// stopped writer left. A new index gets `new_shards` shards; when it
    /// has more than one, each is built in parts of `part_size` articles
    /// (0: not in parts). Parts a stopped run left are merged first.
    /// @throws Error kDatabaseLocked, kSchemaMismatch or kIo (a damaged
    ///         stub among them: nothing is changed then).
    ShardSet(
        const std::string& path,
        std::size_t new_shards,
        std::size_t batch_size,
        const std::string& analyzer,
        double lock_timeout_seconds = 0,
        std::size_t part_size = 0
    );

    /// Releases the index's lock.
    ~ShardSet();
    ShardSet(const ShardSet&) = delete;
    ShardSet& operator=(const ShardSet&) = delete;
    ShardSet(ShardSet&&) = delete;
    ShardSet& operator=(ShardSet&&) = delete;

    std::size_t size() const { return shards_.size(); }

    Shard& shard(std::size_t i) { return *shards_[i]; }

    /// Adds `counts` (dynamic field name -> articles written with it) to the
    /// dynamic fields every shard's metadata records
    /// (schema::kMetaDynamicFields), committed with the shards' next commit.
    /// @returns the names the index had not recorded before.
    std::vector<std::string>
    record_dynamic_fields(const std::map<std::string, std::uint64_t>& counts);

    /// The dynamic fields the index records, and those this writer has
    /// settled since (read from the first shard's metadata when first
    /// asked); record_dynamic_fields writes them. Not thread-safe.
    DynamicKinds& dynamic_kinds();

    /// Held exclusively by every commit during a run (Shard::commit), and
    /// shared by a builder that compares with the index when its reader's
    /// revision was discarded twice in a row (a commit came while it read):
    /// then no commit can discard it again, and the builder finishes.
    std::shared_mutex& commit_gate() { return commit_gate_; }

    /// The shard of an article id: XXH3-64 of the id modulo the shard count.
    std::size_t shard_of(const std::string& id) const;

    /// The shard whose spelling data keeps a word, by the word's
    /// WordCounts::hash() (XXH3-64) modulo the shard count. Each word's
    /// frequency is written to one shard only (Xapian adds up the shards'
    /// spelling data when it suggests), so the spelling data is built and
    /// stored once, not once per shard.
    std::size_t spelling_shard(std::uint64_t word_hash) const {
        return static_cast<std::size_t>(word_hash % shards_.size());
    }

    /// Commits every shard, with all the spelling counts gathered (each in
    /// the shard that keeps its word); records the analyzer in their
    /// metadata. Not while the shards' writers are at work.
    void commit();

    /// Distinct words whose spelling counts each shard gathers before
    /// writing them.
    void set_spelling_flush(std::size_t words) {
        for (auto& shard : shards_) {
            shard->set_spelling_flush(words);
        }
    }

    /// Drops every shard's open batch.
    void rollback() noexcept;

    /// Commits, closes the writers and rewrites every shard with Xapian's
    /// compaction (full blocks, no free space, read-optimised, its parts
    /// merged) into a new folder, then switches the stub to the new folders.
    /// The set is closed afterwards (the lock is still held). A stop at any
    /// moment leaves a stub naming whole shards. With `merge`, the shards
    /// become one.
    void compact(bool merge = false);

    /// True when the index was created by this open (nothing to compare with).
    bool created() const { return created_; }

    /// True when the index is new, or was created by a run that stopped
    /// before compacting it: compact it at the end, as that run would have.
    bool unfinished() const { return created_ || folder_.unfinished(); }

    const std::string& path() const { return path_; }

  private:
    /// The highest number slot holding values, `highest` (the highest
    /// recorded) or above.
    std::uint32_t highest_number_slot(std::uint32_t highest);

    friend class Shard;

    /// A new part for shard `index` (its metadata copied from `first`),
    /// listed in the stub before it is returned.
    Xapian::WritableDatabase
    add_part(std::size_t index, Xapian::WritableDatabase& first, std::string& path);

    void merge_parts();

    std::string path_;
    std::string analyzer_;
    IndexFolder folder_;  // first: the lock is taken before anything else
    std::vector<std::unique_ptr<Shard>> shards_;
    bool created_ = false;
    std::mutex stub_mutex_;                        // guards names_, the stub and the journal
    std::vector<std::vector<std::string>> names_;  // stub entries, by shard
    std::shared_mutex commit_gate_;                // see commit_gate()
    std::unique_ptr<DynamicKinds> kinds_;          // see dynamic_kinds()
    std::set<std::string> recorded_;               // dynamic fields in the metadata
};

/// The 64-bit hash (XXH3) of an id term: what a closed part and a prune
/// remember of each article.
std::uint64_t id_hash(const std::string& id_term);

/// The spelling words an indexed article added (its unprefixed word terms).
std::vector<std::string> spelling_of(const Xapian::Document& doc);

}  // namespace newsdex::detail
