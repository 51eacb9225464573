// SPDX-License-Identifier: MIT
// The indexing run: its threads, the work's budget, building and collecting.
#include "index/pipeline.h"

#include "newsdex/schema.h"

#include "catalog/formats.h"
#include "index/database.h"
#include "util/escape.h"

#include <algorithm>
#include <mutex>
#include <shared_mutex>
#include <thread>
#include <utility>

namespace newsdex::detail::indexing {

Pipeline::Pipeline(
    const IndexOptions& options,
    const std::vector<std::string>& inputs,
    const IndexCallbacks& callbacks
)
    : options_(options), inputs_(inputs), callbacks_(callbacks), started_(Clock::now()) {
    jobs_ = options.jobs != 0 ? options.jobs : std::max(1U, std::thread::hardware_concurrency());
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

IndexReport Pipeline::run() {
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
    const std::size_t capacity = std::size_t{256} * jobs_;
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
        write_dynamic_fields();
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
    group_near_duplicates();
    write_facet_columns();
    report_.seconds = elapsed();
    if (callbacks_.on_progress) {
        progress_.seconds = report_.seconds;
        callbacks_.on_progress(progress_);
    }
    return report_;
}

double Pipeline::elapsed() const {
    return std::chrono::duration<double>(Clock::now() - started_).count();
}

void Pipeline::fail(std::exception_ptr e) {
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

bool Pipeline::stopped() {
    const std::lock_guard<std::mutex> lock(results_mutex_);
    return stopped_;
}

// Problems leave the library here: `where` (a path as given) escaped,
// and the message made sure to be one line (the values it quotes are
// escaped already, see util/escape.h).
void Pipeline::report(InputProblem p) {
    p.where = detail::escape(p.where);
    p.message = detail::escape_controls(p.message);
    if (p.rejected) {
        ++report_.skipped;
    }
    if (callbacks_.on_problem) {
        callbacks_.on_problem(p);
    }
}

std::size_t Pipeline::record_limit() const {
    const std::size_t limit = options_.max_record_bytes != 0 ? options_.max_record_bytes
                                                             : IndexOptions::kDefaultMaxRecordBytes;
    return std::min(limit, IndexOptions::kMaxRecordBytesLimit);
}

// Articles in flight (read, not yet analysed, or analysed and not yet
// written) hold at most record_limit() bytes of input between them, or
// one article alone, so that memory stays bounded however large the
// articles are. Small articles never wait for this.
void Pipeline::push(Item item) {
    item.given = given_now_;
    item.charge = item.kind == Item::Kind::kFile ? item.bytes : item.text.size();
    {
        std::unique_lock<std::mutex> lock(budget_mutex_);
        budget_freed_.wait(lock, [&] {
            return budget_stopped_ || in_flight_ == 0 || in_flight_ + item.charge <= record_limit();
        });
        in_flight_ += item.charge;
    }
    item.seq = next_seq_++;
    if (!items_->push(std::move(item))) {
        throw std::runtime_error("stopped");
    }
}

void Pipeline::release(std::uint64_t charge) {
    if (charge == 0) {
        return;
    }
    const std::lock_guard<std::mutex> lock(budget_mutex_);
    in_flight_ -= std::min(in_flight_, charge);
    budget_freed_.notify_all();
}

void Pipeline::build_loop() {
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

Result Pipeline::build(Item& item, Xapian::Database* reader) {
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
    r.refused = std::move(read.article->refused_fields);
    for (int attempt = 0;; ++attempt) {
        try {
            // After two discarded revisions, no commit may come while this
            // article is compared (on a loaded machine a builder can be
            // overtaken by commits again and again).
            std::shared_lock<std::shared_mutex> gate(shards_->commit_gate(), std::defer_lock);
            if (attempt >= 2 && reader != nullptr) {
                gate.lock();
                reader->reopen();
            }
            r.prepared = detail::prepare(ctx_, reader, *read.article, *shards_, r.origin);
            r.prepared->charge = r.charge;
            if (r.prepared->unchanged && read.article->body.size() <= kKeptBytes) {
                r.article = std::move(read.article);
            }
            return r;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt >= 2) {
                throw;  // not with the gate held: a newsdex bug
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
void Pipeline::collect_loop() {
    std::size_t next = 0;
    auto last_progress = Clock::now();
    std::size_t repeats_told = 0;  // the input whose first repeated id was told
    for (;;) {
        Result r;
        if (!next_result(next, r)) {
            break;
        }
        const bool warned = tell_problems(r);
        for (const std::string& refused : r.refused) {
            if (++report_.refused_fields[refused] == 1) {
                refused_where_.emplace(refused, r.where);
            }
        }
        progress_.bytes += r.bytes;
        report_.bytes += r.bytes;
        if (r.prepared) {
            if (!count_article(r, warned, repeats_told)) {
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

// Waits for the result `next` and takes it into `r`; false when the run
// stopped or every result was collected.
bool Pipeline::next_result(std::size_t& next, Result& r) {
    std::unique_lock<std::mutex> lock(results_mutex_);
    results_ready_.wait(lock, [&] {
        return stopped_ || results_.count(next) != 0 || (dispatched_ && next >= next_seq_.load());
    });
    if (stopped_ || results_.count(next) == 0) {
        return false;
    }
    r = std::move(results_[next]);
    results_.erase(next);
    collected_ = ++next;
    room_.notify_all();
    return true;
}

// Reports a result's problems and notes what they say of its PATH; true
// when one of them is a warning.
bool Pipeline::tell_problems(const Result& r) {
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
    return warned;
}

// Counts an article (added, updated, unchanged or repeated) and routes its
// document to its shard's writer; false when the writer stopped.
bool Pipeline::count_article(Result& r, bool warned, std::size_t& repeats_told) {
    ++progress_.articles;
    detail::Prepared& p = *r.prepared;
    // An id that came earlier in this run: this article replaces that one
    // (the last of an id wins), and is counted apart, so that added +
    // updated + unchanged counts distinct articles. Ids are remembered as
    // 8-byte hashes (see detail::IdSet).
    const bool repeated = !seen_.insert(detail::id_hash(p.id_term));
    if (repeated) {
        warned = repeated_id(r, repeats_told) || warned;
    } else if (p.unchanged) {
        ++report_.unchanged;
    } else {
        ++(p.existed ? report_.updated : report_.added);
    }
    if (p.unchanged) {
        report_.warnings += warned ? 1 : 0;
        release(r.charge);
        return true;
    }
    // The kinds of its dynamic fields, settled in input order: the first
    // article to give a field decides whether it is a number field.
    const detail::SettledFields settled =
        detail::settle_dynamic_fields(p.built, shards_->dynamic_kinds());
    for (const std::string& name : settled.indexed) {
        ++report_.dynamic_fields[name];
    }
    for (const auto& [name, clash] : settled.clashes) {
        const std::string key = name + "\t"
                                + (clash == detail::KindClash::kStringDropped
                                       ? "strings not indexed: the index has it as a number field"
                                       : "numbers indexed as their text: the index has it as a "
                                         "string field");
        if (++report_.mixed_fields[key] == 1) {
            mixed_where_.emplace(key, r.where);
        }
    }
    report_.warnings += warned ? 1 : 0;
    const std::size_t shard = p.shard;
    return writes_[shard]->push(std::move(p));
}

// An article whose id came earlier in this run: counted, told (once an
// input), and written even when unchanged; true when a warning was told.
bool Pipeline::repeated_id(Result& r, std::size_t& repeats_told) {
    detail::Prepared& p = *r.prepared;
    bool warned = false;
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
        // Compared with a reader that may not have seen the earlier one: it
        // must be written all the same.
        p = detail::prepare(ctx_, nullptr, *r.article, *shards_, r.origin);
        p.charge = r.charge;
    } else if (p.unchanged) {
        report(
            {r.where,
             "id " + detail::quote(r.id)
                 + " came earlier in this run, and this article, unchanged since the index last "
                   "had it, is too long to be kept for writing again: the index may keep the "
                   "earlier article of this id; index this input alone to settle it",
             false}
        );
        warned = true;
    }
    return warned;
}

void Pipeline::write_loop(std::size_t shard) {
    detail::Shard& s = shards_->shard(shard);
    while (std::optional<detail::Prepared> p = writes_[shard]->pop()) {
        s.write(p->built, p->old_spelling);
        const std::uint64_t charge = p->charge;
        p.reset();
        release(charge);
    }
}

}  // namespace newsdex::detail::indexing
