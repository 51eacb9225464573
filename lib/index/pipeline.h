// SPDX-License-Identifier: MIT
// The indexing run behind index_inputs() (dispatch -> builders -> collector
// -> one writer per shard), and what IndexWriter shares with it: the
// context documents are built with and an article prepared for its shard.
// Private to the library.
#pragma once

#include "newsdex/analyzer.h"
#include "newsdex/error.h"
#include "newsdex/index_writer.h"

#include "catalog/reader.h"
#include "entities/gazetteer.h"
#include "index/document_builder.h"
#include "index/shards.h"
#include "util/bounded_queue.h"
#include "util/id_set.h"

#include <xapian.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex::detail {

// A failure while writing: what a re-run can do about it. Xapian leaves the
// database as of its last commit, so nothing committed is lost.
Error write_error(const Xapian::Error& e, const std::string& path);

// What every document is built with: shared, read-only, thread-safe.
struct Context {
    Analyzer analyzer;
    std::shared_ptr<const Gazetteer> gazetteer;
    std::unique_ptr<EntityExtractor> extractor;
    std::vector<InputProblem> gazetteer_problems;
    std::string analysis;  // analyzer + gazetteer, part of every content hash

    // Loads the gazetteer the index uses: the built-in one, the files stored
    // in the index, and new files. Every shard then stores the files and the
    // gazetteer compiled (for searches), in one commit when either changed.
    void load(ShardSet& shards, const std::vector<std::string>& entity_files);
};

// An article made ready for its shard.
struct Prepared {
    std::string id_term;
    std::size_t shard = 0;
    bool unchanged = false;
    bool existed = false;
    BuiltDocument built;
    std::vector<std::string> old_spelling;
    std::uint64_t charge = 0;  // input bytes it holds of the run's budget (see Pipeline)
};

// Compares with what the index has (through `reader`, which may be null for
// a new index) and builds the document unless the article is unchanged.
// `origin` is where it comes from, for its content hash (see content_hash).
Prepared prepare(
    const Context& ctx,
    const Xapian::Database* reader,
    const Article& article,
    const ShardSet& shards,
    std::string_view origin = {}
);

// The ids (as Q terms) of every article in a shard.
std::vector<std::string> id_terms(Xapian::Database& db);

namespace indexing {

using Clock = std::chrono::steady_clock;

// One unit of work: an article file, a JSON line, a TREC document, or a
// problem found while walking the inputs (reported in input order).
struct Item {
    enum class Kind : unsigned char { kFile, kJson, kTrec, kProblem };
    Kind kind = Kind::kFile;
    std::size_t seq = 0;
    detail::InputFile file;  // kFile: the article file
    std::string text;        // kJson, kTrec: the article; kProblem: the message
    std::string where;       // for messages and `path`
    std::string origin;      // kJson, kTrec: the file's real path and the line
    std::string default_id;
    std::string note;       // kTrec: a warning found while cutting it out
    std::size_t line = 0;   // kTrec: its first line
    std::size_t input = 0;  // which input file it comes from (counted from 1)
    bool rejected = false;  // kProblem
    bool lost = false;      // kProblem: an input, or the rest of one, was not read
    std::uint64_t bytes = 0;
    std::uint64_t charge = 0;  // its bytes held of the run's budget (see Pipeline::push)
    std::size_t given = 0;     // which PATH it comes from (from 0)
};

struct Result {
    std::size_t seq = 0;
    std::vector<InputProblem> problems;
    std::optional<detail::Prepared> prepared;
    // An unchanged article, kept in case its id came earlier in this run
    // (then it must be written after all: see collect_loop).
    std::optional<Article> article;
    std::string id;
    std::string origin;
    std::string where;
    std::size_t input = 0;
    bool lost = false;  // see Item::lost
    std::uint64_t bytes = 0;
    std::uint64_t charge = 0;          // see Item::charge
    std::size_t given = 0;             // see Item::given
    std::vector<std::string> refused;  // Article::refused_fields
};

struct ArchiveRead;  // a JSON Lines or TREC file being read (pipeline_dispatch.cc)

// The run: dispatch (this thread) -> builders (read, compare, build) ->
// collector (in input order: report, count, route) -> one writer per shard.
// pipeline.cc runs it, pipeline_dispatch.cc reads the inputs into work,
// pipeline_report.cc accounts for them and finishes the index.
class Pipeline {
  public:
    Pipeline(
        const IndexOptions& options,
        const std::vector<std::string>& inputs,
        const IndexCallbacks& callbacks
    );

    IndexReport run();

  private:
    // pipeline.cc: the threads and what they share.
    double elapsed() const;

    // Runs `fn`; the first failure anywhere stops every stage.
    template <typename Fn>
    void guard(Fn&& fn) {
        try {
            fn();
        } catch (const Xapian::Error& e) {
            fail(std::make_exception_ptr(write_error(e, options_.db_path)));
        } catch (...) {
            fail(std::current_exception());
        }
    }

    void fail(std::exception_ptr e);
    bool stopped();
    void report(InputProblem p);
    std::size_t record_limit() const;
    void push(Item item);
    void release(std::uint64_t charge);
    void build_loop();
    Result build(Item& item, Xapian::Database* reader);
    void collect_loop();
    bool next_result(std::size_t& next, Result& r);
    bool tell_problems(const Result& r);
    bool count_article(Result& r, bool warned, std::size_t& repeats_told);
    bool repeated_id(Result& r, std::size_t& repeats_told);
    void write_loop(std::size_t shard);

    // pipeline_dispatch.cc: the inputs read in order into work.
    void dispatch(const std::vector<std::string>& inputs);
    void dispatch_json(const InputFile& file, std::size_t input);
    bool json_holds_lines(const InputFile& file, std::size_t limit);
    std::optional<std::string> json_document(const InputFile& file, std::size_t limit);
    void dispatch_archive(const InputFile& file, std::size_t input);
    void json_line(ArchiveRead& a, std::string& line);
    void trec_line(ArchiveRead& a, const std::string& line);
    void push_doc(ArchiveRead& a, std::string note);
    void archive_end(ArchiveRead& a);
    void
    problem_item(const std::string& where, const std::string& message, bool rejected, bool lost);

    // pipeline_report.cc: the inputs accounted for, the index finished.
    void account_for_inputs();
    static std::string kinds_text(const std::map<std::string, std::uint64_t>& kinds);
    void refuse_other_articles();
    void finishing_step(
        const std::function<void()>& step,
        const std::string& not_done,
        const std::string& meanwhile,
        const std::string& state = "the index is complete"
    );
    void compact_new_index();
    void write_facet_columns();
    void write_dynamic_fields();
    void group_near_duplicates();
    void prune();

    const IndexOptions& options_;
    const std::vector<std::string>& inputs_;
    const IndexCallbacks& callbacks_;
    Clock::time_point started_;
    unsigned jobs_ = 1;
    Context ctx_;
    std::unique_ptr<ShardSet> shards_;
    std::unique_ptr<BoundedQueue<Item>> items_;
    std::vector<std::unique_ptr<BoundedQueue<Prepared>>> writes_;
    std::atomic<std::size_t> next_seq_{0};

    // Results wait at most this many places ahead of the one collected next.
    static constexpr std::size_t kWindow = 1024;
    // An unchanged article is kept in its result (in case its id came
    // earlier in the run) up to this length: the window then holds at most
    // 1024 of them, where unchanged results held nothing before.
    static constexpr std::size_t kKeptBytes = std::size_t{1024} * 1024;

    std::mutex budget_mutex_;
    std::condition_variable budget_freed_;
    std::uint64_t in_flight_ = 0;  // input bytes of the articles in flight (see push)
    bool budget_stopped_ = false;

    std::mutex results_mutex_;
    std::condition_variable results_ready_;
    std::condition_variable room_;
    std::size_t collected_ = 0;
    std::map<std::size_t, Result> results_;
    bool dispatched_ = false;
    bool stopped_ = false;
    std::exception_ptr failure_;

    // Touched by the collector thread only (and by run() after it is joined).
    IndexReport report_;
    IndexProgress progress_;
    IdSet seen_;                                        // the ids of this run (8-byte hashes)
    std::map<std::string, std::string> refused_where_;  // refused field -> its first place
    std::map<std::string, std::string> mixed_where_;    // field of another kind -> first place
    std::set<std::size_t> fruitful_;                    // PATHs (by place) that gave an article
    std::set<std::size_t> told_;                        // PATHs with a rejection said

    // Touched by the dispatching thread only (and by run() after it).
    std::size_t given_now_ = 0;
    std::map<std::string, std::uint64_t> unsupported_;
    std::map<std::size_t, std::map<std::string, std::uint64_t>> unsupported_by_input_;
    bool unreadable_inputs_ = false;
};

}  // namespace indexing

}  // namespace newsdex::detail
