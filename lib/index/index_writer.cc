// SPDX-License-Identifier: MIT
#include "newsdex/index_writer.h"

#include "newsdex/analyzer.h"
#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "catalog/reader.h"
#include "entities/store.h"
#include "index/database.h"
#include "index/document_builder.h"
#include "schema/schema_util.h"

#include <chrono>

namespace newsdex {

struct IndexWriter::Impl {
    std::string path;
    WriterOptions options;
    Analyzer analyzer;
    std::shared_ptr<const detail::Gazetteer> gazetteer;
    std::unique_ptr<detail::EntityExtractor> extractor;
    std::vector<InputProblem> gazetteer_problems;
    std::string analysis;
    Xapian::WritableDatabase db;
    std::size_t pending = 0;
    bool in_transaction = false;

    // The spelling words an indexed article added: its unprefixed word
    // terms (British spellings were indexed as American ones, and their
    // spelling entries are removed by the American form, which is close
    // enough for frequencies).
    static std::vector<std::string> spelling_of(const Xapian::Document& doc) {
        std::vector<std::string> out;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            const std::string term = *t;
            if (!term.empty() && term[0] >= 'A' && term[0] <= 'Z') {
                continue;
            }
            if (detail::spelling_word(term)) {
                out.push_back(term);
            }
        }
        return out;
    }

    void begin() {
        if (!in_transaction) {
            db.begin_transaction(true);
            in_transaction = true;
        }
    }

    void commit() {
        if (in_transaction) {
            in_transaction = false;
            db.commit_transaction();
        }
        pending = 0;
    }

    void rollback() noexcept {
        if (in_transaction) {
            in_transaction = false;
            try {
                db.cancel_transaction();
            } catch (const Xapian::Error&) {
                // The database is left as of the last commit either way.
            }
        }
        pending = 0;
    }

    // Runs a write; on a Xapian failure the open batch is dropped (so the
    // database stays as of the last commit) and the error is translated.
    template <typename Fn>
    auto guarded(Fn&& fn) -> decltype(fn()) {
        try {
            return fn();
        } catch (const Xapian::Error& e) {
            rollback();
            throw detail::translate(e, path);
        }
    }
};

IndexWriter::IndexWriter(const std::string& path, WriterOptions options)
    : impl_(std::make_unique<Impl>()) {
    impl_->path = path;
    impl_->options = std::move(options);
    if (impl_->options.batch_size == 0) {
        impl_->options.batch_size = 1;
    }
    impl_->db = detail::open_writable(path, impl_->analyzer.description());
    // The extra gazetteer files travel with the index, so that searches and
    // later runs resolve the same names.
    auto extra = impl_->guarded([&] { return detail::stored_gazetteers(impl_->db); });
    bool changed = false;
    for (const std::string& file : impl_->options.entity_files) {
        changed = detail::merge_gazetteer_file(extra, file) || changed;
    }
    if (changed) {
        impl_->guarded([&] {
            detail::store_gazetteers(impl_->db, extra);
            impl_->db.commit();
        });
    }
    impl_->gazetteer = detail::Gazetteer::load(impl_->analyzer, extra, &impl_->gazetteer_problems);
    impl_->extractor =
        std::make_unique<detail::EntityExtractor>(*impl_->gazetteer, impl_->analyzer);
    impl_->analysis = impl_->analyzer.description() + ";gazetteer=" + impl_->gazetteer->digest();
}

IndexWriter::~IndexWriter() {
    if (impl_) {
        try {
            impl_->commit();
            impl_->db.close();
        } catch (const Xapian::Error&) {
            // Nothing to report from a destructor: what was not committed is
            // lost, and the database is as of the last commit.
        }
    }
}

IndexWriter::IndexWriter(IndexWriter&&) noexcept = default;
IndexWriter& IndexWriter::operator=(IndexWriter&&) noexcept = default;

AddOutcome IndexWriter::add(const Article& article) {
    if (article.id.empty()) {
        throw Error(
            Errc::kInvalidArgument,
            "article without id"
                + (article.path.empty() ? std::string() : " (" + article.path + ")"),
            "give it an `id`"
        );
    }
    Impl& impl = *impl_;
    const std::string hash = detail::content_hash(article, impl.analysis);
    return impl.guarded([&] {
        const std::string id_term = detail::make_term(schema::field("id"), article.id);
        AddOutcome outcome = AddOutcome::kAdded;
        const Xapian::PostingIterator found = impl.db.postlist_begin(id_term);
        std::vector<std::string> old_spelling;
        if (found != impl.db.postlist_end(id_term)) {
            const Xapian::Document existing = impl.db.get_document(*found);
            if (existing.get_value(schema::slot_number(schema::Slot::kContentHash)) == hash) {
                return AddOutcome::kUnchanged;
            }
            outcome = AddOutcome::kUpdated;
            old_spelling = impl.spelling_of(existing);
        }
        detail::BuiltDocument built =
            detail::build_document(article, impl.analyzer, impl.extractor.get(), hash);
        impl.begin();
        // Spelling data counts documents: a replaced article takes its words
        // with it.
        for (const std::string& word : old_spelling) {
            impl.db.remove_spelling(word);
        }
        for (const std::string& word : built.spelling) {
            impl.db.add_spelling(word);
        }
        impl.db.replace_document(built.id_term, built.document);
        if (++impl.pending >= impl.options.batch_size) {
            impl.commit();
        }
        return outcome;
    });
}

bool IndexWriter::remove(const std::string& id) {
    Impl& impl = *impl_;
    return impl.guarded([&] {
        const std::string id_term = detail::make_term(schema::field("id"), id);
        if (impl.db.postlist_begin(id_term) == impl.db.postlist_end(id_term)) {
            return false;
        }
        impl.begin();
        for (const std::string& word :
             impl.spelling_of(impl.db.get_document(*impl.db.postlist_begin(id_term)))) {
            impl.db.remove_spelling(word);
        }
        impl.db.delete_document(id_term);
        ++impl.pending;
        return true;
    });
}

void IndexWriter::commit() {
    impl_->guarded([&] { impl_->commit(); });
}

void IndexWriter::rollback() {
    impl_->rollback();
}

std::uint64_t IndexWriter::article_count() const {
    return impl_->guarded([&] { return static_cast<std::uint64_t>(impl_->db.get_doccount()); });
}

const std::vector<InputProblem>& IndexWriter::gazetteer_problems() const {
    return impl_->gazetteer_problems;
}

std::vector<std::string> IndexWriter::ids() const {
    return impl_->guarded([&] {
        std::vector<std::string> out;
        const std::string prefix(schema::field("id").prefix);
        for (auto it = impl_->db.allterms_begin(prefix); it != impl_->db.allterms_end(prefix);
             ++it) {
            const Xapian::PostingIterator doc = impl_->db.postlist_begin(*it);
            out.push_back(
                impl_->db.get_document(*doc).get_value(schema::slot_number(schema::Slot::kId))
            );
        }
        return out;
    });
}

IndexReport index_inputs(
    const IndexOptions& options,
    const std::vector<std::string>& inputs,
    const IndexCallbacks& callbacks
) {
    const auto started = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    IndexReport report;
    auto problem = [&](const InputProblem& p) {
        if (p.rejected) {
            ++report.skipped;
        }
        if (callbacks.on_problem) {
            callbacks.on_problem(p);
        }
    };

    IndexWriter writer(options.db_path, options.writer);
    for (const InputProblem& p : writer.gazetteer_problems()) {
        problem(p);
    }

    std::vector<detail::InputFile> files;
    detail::enumerate_inputs(
        inputs, [&](detail::InputFile f) { files.push_back(std::move(f)); }, problem
    );
    IndexProgress progress;
    for (const auto& f : files) {
        progress.total_bytes += f.size;
    }

    auto last_report = std::chrono::steady_clock::now();
    for (const detail::InputFile& file : files) {
        detail::ReadResult read = detail::read_article_file(file);
        bool warned = false;
        for (const InputProblem& p : read.problems) {
            warned = warned || !p.rejected;
            problem(p);
        }
        progress.bytes += file.size;
        report.bytes += file.size;
        ++progress.articles;
        if (!read.article) {
            continue;
        }
        report.warnings += warned ? 1 : 0;
        switch (writer.add(*read.article)) {
        case AddOutcome::kAdded:
            ++report.added;
            break;
        case AddOutcome::kUpdated:
            ++report.updated;
            break;
        case AddOutcome::kUnchanged:
            ++report.unchanged;
            break;
        }
        const auto now = std::chrono::steady_clock::now();
        if (callbacks.on_progress && now - last_report > std::chrono::milliseconds(200)) {
            last_report = now;
            progress.seconds = elapsed();
            callbacks.on_progress(progress);
        }
    }
    writer.commit();
    report.seconds = elapsed();
    if (callbacks.on_progress) {
        progress.seconds = report.seconds;
        callbacks.on_progress(progress);
    }
    return report;
}

}  // namespace newsdex
