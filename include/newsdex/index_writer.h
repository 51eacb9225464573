// SPDX-License-Identifier: MIT
/// @file index_writer.h
/// Writing a newsdex database: articles in, Xapian documents out.
#pragma once

#include "newsdex/article.h"  // Article, and InputProblem for the callbacks
#include "newsdex/export.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace newsdex {

/// What adding one article did to the database.
enum class AddOutcome : unsigned char {
    kAdded,      ///< the id was new
    kUpdated,    ///< an article with this id was replaced by a changed one
    kUnchanged,  ///< the same article (same content hash) was already there
};

/// Settings of an IndexWriter.
struct NEWSDEX_EXPORT WriterOptions {
    /// Articles per committed batch of each shard: a crash loses at most
    /// this many per shard.
    std::size_t batch_size = 1000;
    /// Shards of a new index (an existing one keeps its own): a folder of
    /// shard databases and a Xapian stub file (`XAPIANDB`) that opens them
    /// as one. 0 with index_inputs(): one per job.
    std::size_t shards = 0;
    /// How long to wait for another writer to let go of the index, in
    /// seconds; 0 fails at once.
    double lock_timeout_seconds = 0;
    /// A new index with several shards is built in parts of this many
    /// articles per shard, merged by the compaction at the end (0: each
    /// shard is written as one database all along). Xapian writes into
    /// fresh, small databases faster than into large ones.
    std::size_t part_size = 50000;
    /// Distinct words whose spelling frequencies a shard gathers in memory
    /// before it writes them (each word's count then costs one write a
    /// flush, not one an article): memory against work.
    std::size_t spelling_flush = 200000;
    /// Extra gazetteer files (TSV, the columns of entities/corpus.tsv) beside
    /// the built-in one. They are stored in the index: later runs and
    /// searches use them too; a file given again by the same name replaces
    /// the stored one.
    std::vector<std::string> entity_files;
};

/// Writes articles into a database, creating it if needed.
///
/// Articles are written in batches, each one a Xapian transaction: a batch
/// is either wholly in the database or not at all, so a crash or an error
/// loses at most the open batch and the database always stays openable.
/// Adding an article whose id is already there replaces it (upsert), and
/// adding the very same article again changes nothing.
///
/// Thread safety: one IndexWriter is used by one thread at a time. Only one
/// writer (in any process, this one included) can have an index open: it
/// holds the index's lock (docs/schema.md) from construction to destruction.
class NEWSDEX_EXPORT IndexWriter {
  public:
    /// Opens or creates the database at `path`.
    /// @throws Error kDatabaseLocked when another writer has it open,
    ///         kSchemaMismatch when it was written with another schema,
    ///         kIo when it cannot be created or opened.
    explicit IndexWriter(const std::string& path, WriterOptions options = {});

    /// Commits the open batch and closes the database.
    ~IndexWriter();

    IndexWriter(IndexWriter&&) noexcept;
    IndexWriter& operator=(IndexWriter&&) noexcept;
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    /// Adds or replaces one article (its id must not be empty); commits
    /// when the batch is full.
    /// @throws Error kInvalidArgument for an article without id,
    ///         kIo when the database cannot be written (the open batch is lost).
    AddOutcome add(const Article& article);

    /// Removes the article with this id, if there is one.
    /// @returns true when an article was removed.
    bool remove(const std::string& id);

    /// Commits the open batch.
    void commit();

    /// Drops the open batch: nothing added since the last commit is kept.
    void rollback();

    /// Number of articles in the database, including the open batch.
    std::uint64_t article_count() const;

    /// Number of shard databases the index is written to.
    std::size_t shard_count() const;

    /// Ids of every article in the database (for pruning).
    std::vector<std::string> ids() const;

    /// Lines of the gazetteer files that could not be read (warnings).
    const std::vector<InputProblem>& gazetteer_problems() const;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

/// Progress of an indexing run, for a progress bar.
struct NEWSDEX_EXPORT IndexProgress {
    std::uint64_t articles = 0;     ///< articles read so far
    std::uint64_t bytes = 0;        ///< input bytes read so far
    std::uint64_t total_bytes = 0;  ///< size of all inputs, 0 when unknown (stdin)
    double seconds = 0;
};

/// Options of index_inputs().
struct NEWSDEX_EXPORT IndexOptions {
    std::string db_path;
    WriterOptions writer;
    /// Worker threads for reading and analysing; 0 picks the number of cores.
    unsigned jobs = 0;
    /// Remove the articles of the index that the inputs no longer have
    /// (not done when some input could not be read at all).
    bool prune = false;
    /// Compact the index at the end (Xapian's compaction: smaller, faster to
    /// search); with writer.shards == 1, a sharded index is merged into one
    /// database. A new index is always compacted.
    bool compact = false;
    /// The inputs were chosen for the user, not named by them (the shipped
    /// corpus when newsdex-index gets no PATH): they are indexed only into a
    /// new index or one that holds none but their articles. Otherwise the
    /// run throws Error kInvalidArgument and changes nothing.
    bool implicit_inputs = false;
    /// The largest article that is read, in bytes: a `.txt` or `.md` file, a
    /// JSON Lines line or a TREC document (gunzipped) past it is skipped
    /// with a message naming its file, line and size, and the rest of the
    /// file is indexed. Reading never holds more than this of one article,
    /// and at most this many bytes of articles are analysed or waiting to be
    /// written at once (one article at a time when they are larger than
    /// half of it), so that the indexer's memory stays bounded whatever the
    /// input (docs/reliability.md gives the figures). At most
    /// kMaxRecordBytesLimit.
    std::size_t max_record_bytes = kDefaultMaxRecordBytes;

    /// The default of max_record_bytes: 32 MiB.
    static constexpr std::size_t kDefaultMaxRecordBytes = std::size_t{32} << 20;
    /// The most that max_record_bytes may be: 256 MiB.
    static constexpr std::size_t kMaxRecordBytesLimit = std::size_t{256} << 20;
};

/// Receives problems and progress while index_inputs() runs, from one
/// thread at a time (not necessarily the caller's), in input order.
struct NEWSDEX_EXPORT IndexCallbacks {
    std::function<void(const InputProblem&)> on_problem;
    std::function<void(const IndexProgress&)> on_progress;
};

/// What an indexing run did.
struct NEWSDEX_EXPORT IndexReport {
    std::uint64_t added = 0;
    std::uint64_t updated = 0;
    std::uint64_t unchanged = 0;
    std::uint64_t removed = 0;
    std::uint64_t skipped = 0;   ///< inputs rejected (each reported as a problem)
    std::uint64_t warnings = 0;  ///< inputs indexed with a warning
    std::uint64_t bytes = 0;
    double seconds = 0;
    /// Articles whose id came earlier in the same run: each replaced the
    /// earlier one (the last article of an id is kept). Not counted in
    /// added, updated or unchanged, which count distinct ids.
    std::uint64_t repeated = 0;
    /// Files in the folders indexed that hold no articles by their name
    /// (`.csv`, `.pdf`, `.html`...), not read: how many of each kind, by
    /// extension (lower case, with its dot; "without an extension").
    std::map<std::string, std::uint64_t> unsupported;
    /// Groups of near-identical articles in the whole index after the run
    /// (two or more articles each), and the articles in them.
    std::uint64_t similar_groups = 0;
    std::uint64_t similar_articles = 0;
    /// Of `seconds`, the time making those groups (docs/near-duplicates.md).
    double similar_seconds = 0;
    /// Dynamic fields (metadata fields the schema does not know, indexed
    /// under their own name: docs/schema.md) of the articles this run
    /// wrote: name -> articles.
    std::map<std::string, std::uint64_t> dynamic_fields;
    /// Of those, the names the index had not seen before this run.
    std::vector<std::string> new_dynamic_fields;
    /// Metadata fields neither read nor indexed, as `name`, a tab and why
    /// -> articles that had them.
    std::map<std::string, std::uint64_t> refused_fields;
    /// Dynamic fields given another kind than the index has them as (the
    /// kind a field was first given wins), as `name`, a tab and what was
    /// done (numbers indexed as their text, strings not indexed) ->
    /// articles.
    std::map<std::string, std::uint64_t> mixed_fields;
    /// The number fields among `dynamic_fields` (ranges: `words:100..500`).
    std::vector<std::string> number_fields;
};

/// Indexes files and folders of articles into `options.db_path`: `.txt`,
/// `.md` (optional YAML front matter, a `catalog.yaml` beside them), JSON
/// Lines (`.jsonl`, `.ndjson`) and TREC SGML (`.trec`, `.sgml`, `.sgm`), the
/// last two plain or gzipped; "-" reads JSON Lines from standard input.
/// Folders are walked recursively in name order. Articles are read and
/// analysed by `options.jobs` threads and written by one thread per shard.
/// Unchanged articles (same content hash) are skipped. A bad input is
/// reported through `callbacks.on_problem` and skipped; the rest is indexed.
/// @throws Error when the run cannot go on (database locked, disk full): the
///         open batch is dropped, earlier batches stay committed.
NEWSDEX_EXPORT IndexReport index_inputs(
    const IndexOptions& options,
    const std::vector<std::string>& inputs,
    const IndexCallbacks& callbacks = {}
);

/// One thing check_index() found.
struct NEWSDEX_EXPORT CheckFinding {
    enum class Level : unsigned char {
        kInfo,     ///< a fact: a shard's article count
        kWarning,  ///< harmless but worth knowing (leftovers, outdated facet columns)
        kDamage,   ///< the index is not sound: searches may fail or be wrong
    };
    Level level = Level::kInfo;
    std::string where;    ///< the index folder, its stub, a shard folder or a file in it (escaped)
    std::string message;  ///< what was found, and what to do about it
};

/// What check_index() found.
struct NEWSDEX_EXPORT CheckReport {
    std::vector<CheckFinding> findings;
    std::uint64_t articles = 0;  ///< articles in the shards that could be read
    std::size_t shards = 0;      ///< shard databases found
    /// True when nothing is damaged (warnings may remain).
    bool sound() const;
    /// True when nothing is damaged and there is nothing to warn of.
    bool clean() const;
};

/// Checks the index at `path` without changing anything: its stub (every
/// line parses, every shard it names is there, once), every shard with
/// Xapian's own checker (as xapian-check does: every table's structure,
/// and the tables against each other), the settings stored in each shard
/// (schema version, analysis), the facet columns files, ids in more than one
/// shard, and leftovers of a stopped writer. Holds the index's lock shared
/// meanwhile, so no writer changes it (waiting up to `lock_timeout_seconds`
/// for one that is at work). A damaged stub does not stop the check: the
/// shard folders present are checked, so that the stub can be restored.
/// @throws Error kDatabaseNotFound when there is no index at `path`,
///         kDatabaseLocked when a writer keeps it busy.
NEWSDEX_EXPORT CheckReport check_index(const std::string& path, double lock_timeout_seconds = 0);

}  // namespace newsdex
