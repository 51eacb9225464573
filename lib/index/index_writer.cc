// SPDX-License-Identifier: MIT
#include "newsdex/index_writer.h"

#include "newsdex/analyzer.h"
#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "catalog/formats.h"
#include "catalog/reader.h"
#include "entities/store.h"
#include "index/database.h"
#include "index/document_builder.h"
#include "index/facet_columns.h"
#include "index/shards.h"
#include "schema/schema_util.h"
#include "util/at_once.h"
#include "util/bounded_queue.h"
#include "util/escape.h"
#include "util/id_set.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <set>
#include <thread>
#include <unordered_set>
#include <utility>

namespace newsdex {

namespace detail {

namespace {

// A failure while writing: what a re-run can do about it. Xapian leaves the
// database as of its last commit, so nothing committed is lost.
Error write_error(const Xapian::Error& e, const std::string& path) {
    Error error = detail::translate(e, path);
    if (error.code() != Errc::kIo || !error.hint().empty()) {
        return error;
    }
    return Error(
        Errc::kIo,
        "cannot write the index " + std::string(error.what()),
        "every batch committed before is kept and the index opens; fix the cause (free disk "
        "space, say) and run the same command again to index the rest"
    );
}

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
    void load(ShardSet& shards, const std::vector<std::string>& entity_files) {
        GazetteerFiles extra = stored_gazetteers(shards.shard(0).db());
        bool changed = false;
        for (const std::string& file : entity_files) {
            changed = merge_gazetteer_file(extra, file) || changed;
        }
        gazetteer = Gazetteer::load(analyzer, extra, &gazetteer_problems);
        const std::string compiled = gazetteer->compiled(analyzer);
        for (std::size_t i = 0; i < shards.size(); ++i) {
            Xapian::WritableDatabase& db = shards.shard(i).db();
            if (changed) {
                store_gazetteers(db, extra);
            }
            if (store_compiled_gazetteer(db, compiled) || changed) {
                db.commit();
            }
        }
        extractor = std::make_unique<EntityExtractor>(*gazetteer, analyzer);
        analysis = analyzer.description() + ";gazetteer=" + gazetteer->digest();
    }
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
) {
    if (article.id.empty()) {
        throw Error(
            Errc::kInvalidArgument,
            "article without id"
                + (article.path.empty() ? std::string() : " (" + article.path + ")"),
            "give it an `id`"
        );
    }
    Prepared p;
    p.id_term = make_term(schema::field("id"), article.id);
    p.shard = shards.shard_of(article.id);
    const std::string hash = content_hash(article, ctx.analysis, origin);
    if (reader != nullptr) {
        const Xapian::PostingIterator found = reader->postlist_begin(p.id_term);
        if (found != reader->postlist_end(p.id_term)) {
            const Xapian::Document existing = reader->get_document(*found);
            if (existing.get_value(schema::slot_number(schema::Slot::kContentHash)) == hash) {
                p.unchanged = true;
                return p;
            }
            p.existed = true;
            p.old_spelling = spelling_of(existing);
        }
    }
    p.built = build_document(article, ctx.analyzer, ctx.extractor.get(), hash);
    return p;
}

// The ids (as Q terms) of every article in a shard.
std::vector<std::string> id_terms(Xapian::Database& db) {
    std::vector<std::string> out;
    const std::string prefix(schema::field("id").prefix);
    for (auto it = db.allterms_begin(prefix); it != db.allterms_end(prefix); ++it) {
        out.push_back(*it);
    }
    return out;
}

}  // namespace

}  // namespace detail

struct IndexWriter::Impl {
    std::string path;
    WriterOptions options;
    detail::Context ctx;
    std::unique_ptr<detail::ShardSet> shards;
    std::vector<InputProblem> gazetteer_problems;  // ctx's, escaped (see InputProblem)

    // Runs a write; on a Xapian failure the open batches are dropped (the
    // index stays as of the last commit) and the error is translated.
    template <typename Fn>
    auto guarded(Fn&& fn) -> decltype(fn()) {
        try {
            return fn();
        } catch (const Xapian::Error& e) {
            shards->rollback();
            throw detail::write_error(e, path);
        }
    }
};

IndexWriter::IndexWriter(const std::string& path, WriterOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->options = std::move(options);
    impl_->shards = std::make_unique<detail::ShardSet>(
        path,
        std::max<std::size_t>(1, impl_->options.shards),
        impl_->options.batch_size,
        impl_->ctx.analyzer.description(),
        impl_->options.lock_timeout_seconds,
        impl_->options.part_size
    );
    impl_->shards->set_spelling_flush(impl_->options.spelling_flush);
    impl_->guarded([&] { impl_->ctx.load(*impl_->shards, impl_->options.entity_files); });
    for (InputProblem p : impl_->ctx.gazetteer_problems) {
        p.where = detail::escape(p.where);
        p.message = detail::escape_controls(p.message);
        impl_->gazetteer_problems.push_back(std::move(p));
    }
}

IndexWriter::~IndexWriter() {
    if (impl_ && impl_->shards) {
        try {
            impl_->shards->commit();
        } catch (const Xapian::Error&) {
            // Nothing to report from a destructor: what was not committed is
            // lost, and the index is as of the last commit.
        }
    }
}

IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;

AddOutcome IndexWriter::add(const Article& article) {
    Impl& impl = *impl_;
    return impl.guarded([&] {
        const std::size_t shard = impl.shards->shard_of(article.id);
        const Xapian::Database db = impl.shards->shard(shard).reader();
        const detail::Prepared p = detail::prepare(impl.ctx, &db, article, *impl.shards);
        if (p.unchanged) {
            return AddOutcome::kUnchanged;
        }
        impl.shards->shard(p.shard).write(p.built, p.old_spelling);
        return p.existed ? AddOutcome::kUpdated : AddOutcome::kAdded;
    });
}

bool IndexWriter::remove(const std::string& id) {
    Impl& impl = *impl_;
    return impl.guarded([&] {
        return impl.shards->shard(impl.shards->shard_of(id))
            .remove(detail::make_term(schema::field("id"), id));
    });
}

void IndexWriter::commit() {
    impl_->guarded([&] { impl_->shards->commit(); });
}

void IndexWriter::rollback() {
    impl_->shards->rollback();
}

std::uint64_t IndexWriter::article_count() const {
    return impl_->guarded([&] {
        std::uint64_t n = 0;
        for (std::size_t i = 0; i < impl_->shards->size(); ++i) {
            n += impl_->shards->shard(i).doccount();
        }
        return n;
    });
}

std::size_t IndexWriter::shard_count() const {
    return impl_->shards->size();
}

const std::vector<InputProblem>& IndexWriter::gazetteer_problems() const {
    return impl_->gazetteer_problems;
}

std::vector<std::string> IndexWriter::ids() const {
    return impl_->guarded([&] {
        std::vector<std::string> out;
        for (std::size_t i = 0; i < impl_->shards->size(); ++i) {
            Xapian::Database db = impl_->shards->shard(i).reader();
            for (const std::string& term : detail::id_terms(db)) {
                out.push_back(db.get_document(*db.postlist_begin(term))
                                  .get_value(schema::slot_number(schema::Slot::kId)));
            }
        }
        return out;
    });
}

namespace {

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
    std::uint64_t charge = 0;  // see Item::charge
    std::size_t given = 0;     // see Item::given
};

// The run: dispatch (this thread) -> builders (read, compare, build) ->
// collector (in input order: report, count, route) -> one writer per shard.
class Pipeline {
  public:
    Pipeline(
        const IndexOptions& options,
        const std::vector<std::string>& inputs,
        const IndexCallbacks& callbacks
    )
        : options_(options), inputs_(inputs), callbacks_(callbacks), started_(Clock::now()) {
        jobs_ =
            options.jobs != 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
        const std::size_t new_shards = options.writer.shards != 0 ? options.writer.shards : jobs_;
        try {
            shards_ = std::make_unique<detail::ShardSet>(
                options.db_path,
                new_shards,
                options.writer.batch_size,
                ctx_.analyzer.description(),
                options.writer.lock_timeout_seconds,
                options.writer.part_size
            );
            shards_->set_spelling_flush(options.writer.spelling_flush);
            ctx_.load(*shards_, options.writer.entity_files);
        } catch (const Xapian::Error& e) {
            throw detail::translate(e, options.db_path);
        }
        if (options.implicit_inputs && !shards_->created()) {
            refuse_other_articles();
        }
        for (const InputProblem& p : ctx_.gazetteer_problems) {
            report(p);
        }
    }

    IndexReport run() {
        // Sizes first, for the progress line's ETA (problems come on the real walk).
        detail::enumerate_inputs(
            inputs_,
            [&](const detail::InputFile& f) { progress_.total_bytes += f.size; },
            [](const InputProblem&) {}
        );

        // Deep enough that the builders keep going while a shard's writer
        // commits (Xapian's flush and fsync take a few hundred
        // milliseconds, a few hundred articles' analysis): with 32 a job,
        // the collector stopped at the committing shard's full queue and
        // the cores idled (177 % CPU against 188 % on two cores, 30,000
        // articles; about 10 MB more memory).
        const std::size_t capacity = 256 * jobs_;
        items_ = std::make_unique<detail::BoundedQueue<Item>>(capacity);
        for (std::size_t i = 0; i < shards_->size(); ++i) {
            writes_.push_back(std::make_unique<detail::BoundedQueue<detail::Prepared>>(capacity));
        }
        std::vector<std::thread> threads;
        for (unsigned i = 0; i < jobs_; ++i) {
            threads.emplace_back([this] { guard([this] { build_loop(); }); });
        }
        std::thread collector([this] { guard([this] { collect_loop(); }); });
        std::vector<std::thread> writers;
        for (std::size_t i = 0; i < shards_->size(); ++i) {
            writers.emplace_back([this, i] { guard([this, i] { write_loop(i); }); });
        }

        guard([&] { dispatch(inputs_); });
        {
            const std::lock_guard<std::mutex> lock(results_mutex_);
            dispatched_ = true;
            results_ready_.notify_all();
        }
        items_->close();
        for (std::thread& t : threads) {
            t.join();
        }
        {
            // Builders are done: wake the collector if it waits for nothing.
            const std::lock_guard<std::mutex> lock(results_mutex_);
            results_ready_.notify_all();
        }
        collector.join();
        for (std::thread& t : writers) {
            t.join();
        }
        if (failure_) {
            shards_->rollback();
            std::rethrow_exception(failure_);
        }
        account_for_inputs();
        try {
            if (options_.prune) {
                prune();
            }
            // A new index built in one run is compacted: it halves its size
            // and speeds up searches, for a few percent of the run's time.
            if (options_.compact) {
                shards_->compact(options_.writer.shards == 1);
            } else if (shards_->unfinished()) {
                compact_new_index();
            } else {
                shards_->commit();
            }
        } catch (const Xapian::Error& e) {
            shards_->rollback();
            throw detail::write_error(e, options_.db_path);
        }
        write_facet_columns();
        report_.seconds = elapsed();
        if (callbacks_.on_progress) {
            progress_.seconds = report_.seconds;
            callbacks_.on_progress(progress_);
        }
        return report_;
    }

  private:
    // Every PATH accounted for: one from which nothing was indexed, and
    // nothing said why, is named, with the kinds of files it holds.
    void account_for_inputs() {
        report_.unsupported = unsupported_;
        for (std::size_t given = 0; given < inputs_.size(); ++given) {
            if (fruitful_.count(given) != 0 || told_.count(given) != 0) {
                continue;
            }
            const std::string& path = inputs_[given];
            std::string why;
            if (path == "-") {
                why = "no JSON Lines article on standard input; nothing indexed";
            } else {
                const auto kinds = unsupported_by_input_.find(given);
                if (kinds == unsupported_by_input_.end()) {
                    why = "no article files in this folder (newsdex reads .txt and .md articles, "
                          "JSON Lines (.jsonl, .ndjson, .json) and TREC (.trec, .sgml), plain or "
                          ".gz); nothing indexed";
                } else {
                    why = "no article files in this folder, only " + kinds_text(kinds->second)
                          + " (unsupported types; newsdex reads .txt and .md articles, JSON "
                            "Lines (.jsonl, .ndjson, .json) and TREC (.trec, .sgml), plain or "
                            ".gz); nothing indexed";
                }
            }
            // Its articles, if it had any, are not pruned.
            unreadable_inputs_ = true;
            report({path, why, true});
        }
    }

    /// "3 .csv, 1 .pdf": the most common kind first.
    static std::string kinds_text(const std::map<std::string, std::uint64_t>& kinds) {
        std::vector<std::pair<std::string, std::uint64_t>> sorted(kinds.begin(), kinds.end());
        std::stable_sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) {
            return a.second > b.second;
        });
        std::string out;
        for (const auto& [kind, count] : sorted) {
            out += (out.empty() ? "" : ", ") + std::to_string(count) + " " + kind;
        }
        return out;
    }

    // Implicit inputs go only into an index that holds nothing else: the
    // shipped corpus is never mixed into a user's archive.
    void refuse_other_articles() {
        std::unordered_set<std::string> ids;
        bool readable = true;
        detail::enumerate_inputs(
            inputs_,
            [&](const detail::InputFile& file) {
                const detail::ReadResult read = file.format == detail::Format::kText
                                                    ? detail::read_article_file(file)
                                                    : detail::ReadResult{};
                if (read.article) {
                    ids.insert(detail::make_term(schema::field("id"), read.article->id));
                } else {
                    readable = false;
                }
            },
            [&](const InputProblem&) { readable = false; }
        );
        std::uint64_t others = 0;
        for (std::size_t i = 0; i < shards_->size(); ++i) {
            Xapian::Database db = shards_->shard(i).reader();
            for (const std::string& term : detail::id_terms(db)) {
                others += (!readable || ids.count(term) == 0) ? 1 : 0;
            }
        }
        if (others > 0) {
            throw Error(
                Errc::kInvalidArgument,
                "no PATH given, and the index " + options_.db_path + " holds "
                    + std::to_string(others)
                    + " articles that are not the shipped corpus's: the shipped corpus goes only "
                      "into a "
                      "new index or the demo index",
                "name the files or folders to index (newsdex-index --db " + options_.db_path
                    + " PATH...); to compact, pass --compact alone"
            );
        }
    }

    // A new index is compacted as a bonus: when that fails (a full disk,
    // say), the index is still complete, and a warning says so.
    void compact_new_index() {
        shards_->commit();  // a failure here is a failed write, not a warning
        std::string why;
        try {
            shards_->compact(false);
            return;
        } catch (const Xapian::Error& e) {
            why = e.get_description();
        } catch (const Error& e) {
            why = e.what();
        }
        report(
            {options_.db_path,
             "the new index is complete and searchable but was not compacted (" + why
                 + "); run newsdex-index --compact --db " + options_.db_path
                 + " when the disk has space",
             false}
        );
    }

    // Each shard's facet columns, for the revision the run leaves (see
    // schema::kFacetColumnsFile), so that searches count facets from them.
    // Without them searches read the value streams: a failure is a warning.
    void write_facet_columns() {
        std::string why;
        try {
            const detail::OpenedDatabases opened = detail::open_readable({options_.db_path});
            detail::for_each_at_once(opened.shard_dirs.size(), [&](std::size_t i) {
                if (!opened.shard_dirs[i].empty()) {
                    detail::write_facet_file(opened.shard_dirs[i]);
                }
            });
            return;
        } catch (const Xapian::Error& e) {
            why = e.get_description();
        } catch (const std::exception& e) {
            why = e.what();
        }
        report(
            {options_.db_path,
             "the index is complete, but its facet columns were not written (" + why
                 + "); searches count facets more slowly until the next run writes them",
             false}
        );
    }

    double elapsed() const {
        return std::chrono::duration<double>(Clock::now() - started_).count();
    }

    // Runs `fn`; the first failure anywhere stops every stage.
    template <typename Fn>
    void guard(Fn&& fn) {
        try {
            fn();
        } catch (const Xapian::Error& e) {
            fail(std::make_exception_ptr(detail::write_error(e, options_.db_path)));
        } catch (...) {
            fail(std::current_exception());
        }
    }

    void fail(std::exception_ptr e) {
        {
            const std::lock_guard<std::mutex> lock(results_mutex_);
            if (!failure_) {
                failure_ = std::move(e);
            }
            stopped_ = true;
            results_ready_.notify_all();
            room_.notify_all();
        }
        {
            const std::lock_guard<std::mutex> lock(budget_mutex_);
            budget_stopped_ = true;
            budget_freed_.notify_all();
        }
        items_->cancel();
        for (auto& q : writes_) {
            q->cancel();
        }
    }

    bool stopped() {
        const std::lock_guard<std::mutex> lock(results_mutex_);
        return stopped_;
    }

    // Problems leave the library here: `where` (a path as given) escaped,
    // and the message made sure to be one line (the values it quotes are
    // escaped already, see util/escape.h).
    void report(InputProblem p) {
        p.where = detail::escape(p.where);
        p.message = detail::escape_controls(p.message);
        if (p.rejected) {
            ++report_.skipped;
        }
        if (callbacks_.on_problem) {
            callbacks_.on_problem(p);
        }
    }

    std::size_t record_limit() const {
        const std::size_t limit = options_.max_record_bytes != 0
                                      ? options_.max_record_bytes
                                      : IndexOptions::kDefaultMaxRecordBytes;
        return std::min(limit, IndexOptions::kMaxRecordBytesLimit);
    }

    // Articles in flight (read, not yet analysed, or analysed and not yet
    // written) hold at most record_limit() bytes of input between them, or
    // one article alone, so that memory stays bounded however large the
    // articles are. Small articles never wait for this.
    void push(Item item) {
        item.given = given_now_;
        item.charge = item.kind == Item::Kind::kFile ? item.bytes : item.text.size();
        {
            std::unique_lock<std::mutex> lock(budget_mutex_);
            budget_freed_.wait(lock, [&] {
                return budget_stopped_ || in_flight_ == 0
                       || in_flight_ + item.charge <= record_limit();
            });
            in_flight_ += item.charge;
        }
        item.seq = next_seq_++;
        if (!items_->push(std::move(item))) {
            throw std::runtime_error("stopped");
        }
    }

    void release(std::uint64_t charge) {
        if (charge == 0) {
            return;
        }
        const std::lock_guard<std::mutex> lock(budget_mutex_);
        in_flight_ -= std::min(in_flight_, charge);
        budget_freed_.notify_all();
    }

    // Reads the inputs in order and hands out work: an article file whole, a
    // JSON Lines or TREC file line by line (their articles are cut here, so
    // memory does not grow with the file).
    void dispatch(const std::vector<std::string>& inputs) {
        std::size_t input = 0;
        detail::enumerate_inputs(
            inputs,
            [&](detail::InputFile file) {
                if (stopped()) {
                    return;
                }
                ++input;
                if (file.format == detail::Format::kText) {
                    Item item;
                    item.kind = Item::Kind::kFile;
                    item.bytes = file.size;
                    item.where = file.display;
                    item.input = input;
                    item.file = std::move(file);
                    push(std::move(item));
                    return;
                }
                if (file.format == detail::Format::kJson) {
                    dispatch_json(file, input);
                    return;
                }
                dispatch_archive(file, input);
            },
            [&](const InputProblem& p) {
                // A rejected input was not read at all.
                problem_item(p.where, p.message, p.rejected, p.rejected);
            },
            [&](std::size_t given) { given_now_ = given; },
            [&](const std::string&, const std::string& name) {
                const std::string kind = detail::file_kind(name);
                ++unsupported_[kind];
                ++unsupported_by_input_[given_now_][kind];
            }
        );
    }

    // A .json file: JSON Lines when its first line that is not blank is a
    // JSON object by itself; else one JSON document (read whole, up to the
    // record limit): an article object, or an array of them.
    void dispatch_json(const detail::InputFile& file, std::size_t input) {
        const std::size_t limit = record_limit();
        bool lines = true;
        {
            detail::LineReader reader(file.file.string(), limit);
            std::string line;
            while (reader.ok() && reader.next(line)) {
                const std::size_t start = line.find_first_not_of(" \t\r");
                if (start == std::string::npos && !reader.too_long()) {
                    continue;
                }
                lines = reader.too_long() || (line[start] == '{' && nlohmann::json::accept(line));
                break;
            }
        }
        if (lines) {
            dispatch_archive(file, input);
            return;
        }
        std::string text;
        std::uint64_t size = 0;
        {
            detail::LineReader reader(file.file.string(), limit);
            std::string line;
            while (reader.next(line)) {
                size += reader.line_size() + 1;
                if (size > limit || reader.too_long()) {
                    std::string().swap(text);
                    continue;  // measured to its end
                }
                text += line;
                text += '\n';
            }
            if (!reader.error().empty() && reader.data_lost()) {
                problem_item(
                    file.display, "cannot read: " + reader.error() + "; nothing indexed", true, true
                );
                return;
            }
        }
        if (size > limit) {
            problem_item(file.display, detail::too_large("JSON document", size, limit), true, true);
            return;
        }
        nlohmann::json doc;
        try {
            doc = nlohmann::json::parse(text);
        } catch (const nlohmann::json::parse_error& e) {
            problem_item(
                file.display,
                "not JSON Lines, nor one JSON document: not valid JSON at byte "
                    + std::to_string(e.byte)
                    + "; a .json file holds JSON Lines (one article object a line), one article "
                      "object or an array of them",
                true,
                true
            );
            return;
        }
        std::string().swap(text);
        std::uint64_t bytes_left = file.size;
        const auto push_article = [&](std::string json, const std::string& suffix) {
            Item item;
            item.kind = Item::Kind::kJson;
            item.text = std::move(json);
            item.where = file.display + suffix;
            item.origin = file.real + suffix;
            item.default_id = file.default_id + suffix;
            item.input = input;
            item.bytes = std::exchange(bytes_left, 0);
            push(std::move(item));
        };
        if (doc.is_object()) {
            push_article(doc.dump(), {});
            return;
        }
        if (!doc.is_array()) {
            problem_item(
                file.display,
                "a .json file holds JSON Lines (one article object a line), one article object "
                "or an array of them; this one is "
                    + std::string(doc.is_string() ? "a string" : "a single value"),
                true,
                true
            );
            return;
        }
        // Each element is an article, named by its place: `file.json[3]`.
        std::size_t n = 0;
        for (nlohmann::json& element : doc) {
            ++n;
            push_article(element.dump(), "[" + std::to_string(n) + "]");
            element = nullptr;
        }
        if (n == 0) {
            problem_item(file.display, "an empty JSON array; nothing to index", true, true);
        }
    }

    void dispatch_archive(const detail::InputFile& file, std::size_t input) {
        const std::size_t limit = record_limit();
        detail::LineReader reader(file.display == "-" ? "-" : file.file.string(), limit);
        if (!reader.ok()) {
            problem_item(file.display, "cannot read: " + reader.error(), true, true);
            return;
        }
        const bool trec = file.format == detail::Format::kTrec;
        std::string line;
        std::uint64_t bytes = 0;
        // TREC: the document open (from <DOC> to </DOC>), its first line, and
        // its size when it grew past the limit (then it is no longer kept).
        std::string doc;
        bool open = false;
        std::size_t doc_line = 0;
        std::uint64_t doc_size = 0;
        bool doc_too_large = false;
        std::size_t docs = 0;
        bool text = false;  // TREC: anything but white space seen
        const auto taken = [&] {
            const std::uint64_t now = reader.bytes();
            const std::uint64_t delta = now - bytes;
            bytes = now;
            return delta;
        };
        // A TREC document, cut out: `note` says what was missing.
        const auto push_doc = [&](std::string note) {
            open = false;
            ++docs;
            if (doc_too_large) {
                // Its id is unknown: an earlier version of it is not pruned.
                problem_item(
                    file.display + ":" + std::to_string(doc_line),
                    detail::too_large("TREC document", doc_size, limit)
                        + ", the rest of the file is indexed",
                    true,
                    true
                );
                doc_too_large = false;
                return;
            }
            Item item;
            item.kind = Item::Kind::kTrec;
            item.text = std::move(doc);
            item.where = file.display + ":" + std::to_string(doc_line);
            item.origin = file.real + ":" + std::to_string(doc_line);
            item.default_id = file.default_id + ":" + std::to_string(doc_line);
            item.note = std::move(note);
            item.line = doc_line;
            item.input = input;
            item.bytes = taken();
            push(std::move(item));
            doc.clear();
        };
        while (!stopped() && reader.next(line)) {
            const std::size_t line_no = reader.line_number();
            if (!trec) {
                if (reader.too_long()) {
                    problem_item(
                        file.display + ":" + std::to_string(line_no),
                        detail::too_large("line", reader.line_size(), limit)
                            + ", the rest of the file is indexed",
                        true,
                        true
                    );
                    continue;
                }
                if (line.find_first_not_of(" \t\r") == std::string::npos) {
                    continue;
                }
                Item item;
                item.kind = Item::Kind::kJson;
                item.text = std::move(line);
                item.where = file.display + ":" + std::to_string(line_no);
                item.origin = file.real + ":" + std::to_string(line_no);
                item.default_id = file.default_id + ":" + std::to_string(line_no);
                item.input = input;
                item.bytes = taken();
                push(std::move(item));
                line.clear();
                continue;
            }
            // TREC: collect <DOC> ... </DOC>. A <DOC> while one is open ends
            // that one: its </DOC> is missing, and it must not swallow the
            // next document.
            const bool opens =
                line.find("<DOC>") != std::string::npos || line.find("<doc>") != std::string::npos;
            text = text || line.find_first_not_of(" \t\r") != std::string::npos;
            if (open && opens) {
                push_doc(
                    "<DOC> has no </DOC>; read up to the next <DOC> (line "
                    + std::to_string(line_no) + ")"
                );
            }
            if (!open && !opens) {
                continue;
            }
            if (!open) {
                open = true;
                doc_line = line_no;
                doc_size = 0;
            }
            doc_size += reader.line_size() + 1;
            if (!doc_too_large && (reader.too_long() || doc_size > limit)) {
                // Kept no longer: read through to its end and measured.
                doc_too_large = true;
                std::string().swap(doc);
            }
            if (!doc_too_large) {
                doc += line;
                doc += '\n';
            }
            if (line.find("</DOC>") != std::string::npos
                || line.find("</doc>") != std::string::npos) {
                push_doc({});
            }
        }
        if (!reader.error().empty() && reader.data_lost()) {
            // Every complete line before the damage is indexed; the line it
            // is in, and the TREC document open there, are not.
            const std::string& error = reader.error();
            std::string what = error + " in this line";
            if (error == "gzip: unexpected end of file") {
                what = "the gzip data ends in this line, cut short (is the file complete?)";
            } else if (error.rfind("gzip: ", 0) == 0) {
                what = "the gzip data is damaged in this line (" + error.substr(6) + ")";
            }
            problem_item(
                file.display + ":" + std::to_string(reader.line_number()),
                what + "; what comes before it is indexed, the rest of the file is lost",
                true,
                true
            );
            return;
        }
        if (open) {
            push_doc("<DOC> has no </DOC>; read up to the end of the file");
        }
        if (!reader.error().empty()) {
            problem_item(
                file.display + ":" + std::to_string(reader.line_number()),
                "the gzip check at the end of the file fails (" + reader.error().substr(6)
                    + "): every line was read and indexed, but the file is damaged, so some of "
                      "that text may be wrong; test it with gzip -t",
                false,
                false
            );
        } else if (trec && docs == 0 && text) {
            problem_item(file.display, "no TREC <DOC> in this file; nothing to index", true, true);
        }
    }

    // A problem found while walking or reading, reported in input order.
    void
    problem_item(const std::string& where, const std::string& message, bool rejected, bool lost) {
        Item item;
        item.kind = Item::Kind::kProblem;
        item.where = where;
        item.text = message;
        item.rejected = rejected;
        item.lost = lost;
        push(std::move(item));
    }

    void build_loop() {
        // Each builder compares with the index through a reader of its own
        // (reopened when a commit moves the index on).
        std::unique_ptr<Xapian::Database> reader;
        if (!shards_->created()) {
            reader = std::make_unique<Xapian::Database>(options_.db_path);
        }
        while (std::optional<Item> item = items_->pop()) {
            Result r = build(*item, reader.get());
            std::unique_lock<std::mutex> lock(results_mutex_);
            // Memory stays bounded: no builder runs more than a window ahead
            // of the collector (the one building the next result never waits).
            room_.wait(lock, [&] { return stopped_ || r.seq < collected_ + kWindow; });
            results_.emplace(r.seq, std::move(r));
            results_ready_.notify_all();
        }
    }

    Result build(Item& item, Xapian::Database* reader) {
        Result r;
        r.seq = item.seq;
        r.bytes = item.bytes;
        r.input = item.input;
        r.charge = item.charge;
        r.given = item.given;
        r.where = item.kind == Item::Kind::kFile ? item.file.display : item.where;
        r.origin = item.kind == Item::Kind::kFile ? item.file.real : item.origin;
        detail::ReadResult read;
        switch (item.kind) {
        case Item::Kind::kProblem:
            r.problems.push_back({item.where, item.text, item.rejected});
            r.lost = item.lost;
            return r;
        case Item::Kind::kFile:
            read = detail::read_article_file(item.file, record_limit());
            // A rejected article file was not read (pruning must keep its
            // article): as before, when problems were told apart by their
            // place (a file's without a line).
            r.lost = !read.article;
            break;
        case Item::Kind::kJson:
            read = detail::article_from_json(item.text, item.where, item.default_id);
            std::string().swap(item.text);  // the article holds its text now
            break;
        case Item::Kind::kTrec:
            read = detail::article_from_trec(item.text, item.where, item.default_id, item.line);
            std::string().swap(item.text);
            if (!item.note.empty()) {
                read.problems.insert(read.problems.begin(), {item.where, item.note, false});
            }
            break;
        }
        r.problems = std::move(read.problems);
        if (!read.article) {
            return r;
        }
        r.id = read.article->id;
        for (int attempt = 0;; ++attempt) {
            try {
                r.prepared = detail::prepare(ctx_, reader, *read.article, *shards_, r.origin);
                r.prepared->charge = r.charge;
                if (r.prepared->unchanged && read.article->body.size() <= kKeptBytes) {
                    r.article = std::move(read.article);
                }
                return r;
            } catch (const Xapian::DatabaseModifiedError&) {
                if (attempt > 3) {
                    throw;
                }
                reader->reopen();
            } catch (const Xapian::InvalidArgumentError& e) {
                // Xapian refused the document built of it (a term or value it
                // cannot hold): that article is skipped, the run goes on.
                r.problems.push_back(
                    {r.where,
                     "cannot be indexed (" + detail::escape(e.get_description())
                         + "); a newsdex bug: please report it with this article",
                     true}
                );
                return r;
            }
        }
    }

    // In input order: report problems, count outcomes, route documents.
    void collect_loop() {
        std::size_t next = 0;
        auto last_progress = Clock::now();
        std::size_t repeats_told = 0;  // the input whose first repeated id was told
        for (;;) {
            Result r;
            {
                std::unique_lock<std::mutex> lock(results_mutex_);
                results_ready_.wait(lock, [&] {
                    return stopped_ || results_.count(next) != 0
                           || (dispatched_ && next >= next_seq_.load());
                });
                if (stopped_ || results_.count(next) == 0) {
                    break;
                }
                r = std::move(results_[next]);
                results_.erase(next);
                collected_ = ++next;
                room_.notify_all();
            }
            bool warned = false;
            for (const InputProblem& p : r.problems) {
                warned = warned || !p.rejected;
                report(p);
            }
            unreadable_inputs_ = unreadable_inputs_ || r.lost;
            for (const InputProblem& p : r.problems) {
                // A rejection, or a word about the PATH itself (named twice).
                if (p.rejected || (r.given < inputs_.size() && p.where == inputs_[r.given])) {
                    told_.insert(r.given);
                }
            }
            if (r.prepared) {
                fruitful_.insert(r.given);
            }
            progress_.bytes += r.bytes;
            report_.bytes += r.bytes;
            if (r.prepared) {
                ++progress_.articles;
                detail::Prepared& p = *r.prepared;
                // An id that came earlier in this run: this article replaces
                // that one (the last of an id wins), and is counted apart, so
                // that added + updated + unchanged counts distinct articles.
                // Ids are remembered as 8-byte hashes (see detail::IdSet).
                const bool repeated = !seen_.insert(detail::id_hash(p.id_term));
                if (repeated) {
                    ++report_.repeated;
                    if (repeats_told != r.input) {
                        repeats_told = r.input;
                        report(
                            {r.where,
                             "id " + detail::quote(r.id)
                                 + " came earlier in this run; this article replaces that one "
                                   "(further repeated ids of this input are only counted)",
                             false}
                        );
                        warned = true;
                    }
                    if (p.unchanged && r.article) {
                        // Compared with a reader that may not have seen the
                        // earlier one: it must be written all the same.
                        p = detail::prepare(ctx_, nullptr, *r.article, *shards_, r.origin);
                        p.charge = r.charge;
                    } else if (p.unchanged) {
                        report(
                            {r.where,
                             "id " + detail::quote(r.id)
                                 + " came earlier in this run, and this article, unchanged since "
                                   "the index last had it, is too long to be kept for writing "
                                   "again: the index may keep the earlier article of this id; "
                                   "index this input alone to settle it",
                             false}
                        );
                        warned = true;
                    }
                } else if (p.unchanged) {
                    ++report_.unchanged;
                } else {
                    ++(p.existed ? report_.updated : report_.added);
                }
                report_.warnings += warned ? 1 : 0;
                if (p.unchanged) {
                    release(r.charge);
                } else if (!writes_[p.shard]->push(std::move(p))) {
                    break;
                }
            } else {
                release(r.charge);
            }
            const auto now = Clock::now();
            if (callbacks_.on_progress && now - last_progress > std::chrono::milliseconds(200)) {
                last_progress = now;
                progress_.seconds = elapsed();
                callbacks_.on_progress(progress_);
            }
        }
        for (auto& q : writes_) {
            q->close();
        }
    }

    void write_loop(std::size_t shard) {
        detail::Shard& s = shards_->shard(shard);
        while (std::optional<detail::Prepared> p = writes_[shard]->pop()) {
            s.write(p->built, p->old_spelling);
            const std::uint64_t charge = p->charge;
            p.reset();
            release(charge);
        }
    }

    // Removes the articles of the index that this run's inputs no longer have.
    void prune() {
        if (unreadable_inputs_) {
            report(
                {options_.db_path,
                 "not pruning: some inputs could not be read, and their articles would be lost",
                 false}
            );
            return;
        }
        for (std::size_t i = 0; i < shards_->size(); ++i) {
            detail::Shard& shard = shards_->shard(i);
            shard.commit();
            Xapian::Database all = shard.reader();
            for (const std::string& term : detail::id_terms(all)) {
                if (!seen_.contains(detail::id_hash(term)) && shard.remove(term)) {
                    ++report_.removed;
                }
            }
        }
    }

    const IndexOptions& options_;
    const std::vector<std::string>& inputs_;
    const IndexCallbacks& callbacks_;
    Clock::time_point started_;
    unsigned jobs_ = 1;
    detail::Context ctx_;
    std::unique_ptr<detail::ShardSet> shards_;
    std::unique_ptr<detail::BoundedQueue<Item>> items_;
    std::vector<std::unique_ptr<detail::BoundedQueue<detail::Prepared>>> writes_;
    std::atomic<std::size_t> next_seq_{0};

    // Results wait at most this many places ahead of the one collected next.
    static constexpr std::size_t kWindow = 1024;
    // An unchanged article is kept in its result (in case its id came
    // earlier in the run) up to this length: the window then holds at most
    // 1024 of them, where unchanged results held nothing before.
    static constexpr std::size_t kKeptBytes = 1024 * 1024;

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
    detail::IdSet seen_;              // the ids of this run (8-byte hashes)
    std::set<std::size_t> fruitful_;  // PATHs (by place) that gave an article
    std::set<std::size_t> told_;      // PATHs with a rejection said

    // Touched by the dispatching thread only (and by run() after it).
    std::size_t given_now_ = 0;
    std::map<std::string, std::uint64_t> unsupported_;
    std::map<std::size_t, std::map<std::string, std::uint64_t>> unsupported_by_input_;
    bool unreadable_inputs_ = false;
};

}  // namespace

IndexReport index_inputs(
    const IndexOptions& options,
    const std::vector<std::string>& inputs,
    const IndexCallbacks& callbacks
) {
    Pipeline pipeline(options, inputs, callbacks);
    return pipeline.run();
}

}  // namespace newsdex
