// SPDX-License-Identifier: MIT
#include "newsdex/index_writer.h"

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "entities/store.h"
#include "index/database.h"
#include "index/pipeline.h"
#include "schema/schema_util.h"
#include "util/escape.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <utility>

namespace newsdex {

namespace detail {

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

void Context::load(ShardSet& shards, const std::vector<std::string>& entity_files) {
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
        // The image a search maps (failing to write it only slows searches
        // down: they read the metadata's copy).
        if (std::filesystem::is_directory(shards.shard(i).path())) {
            (void)write_gazetteer_file(shards.shard(i).path(), compiled);
        }
    }
    extractor = std::make_unique<EntityExtractor>(*gazetteer, analyzer);
    analysis = analyzer.description() + ";gazetteer=" + gazetteer->digest();
}

Prepared prepare(
    const Context& ctx,
    const Xapian::Database* reader,
    const Article& article,
    const ShardSet& shards,
    std::string_view origin
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

}  // namespace detail

struct IndexWriter::Impl {
    std::string path;
    WriterOptions options;
    detail::Context ctx;
    std::unique_ptr<detail::ShardSet> shards;
    std::vector<InputProblem> gazetteer_problems;  // ctx's, escaped (see InputProblem)
    // Dynamic fields of the articles written since the last commit.
    std::map<std::string, std::uint64_t> dynamic_fields;

    // Commits the shards, with the dynamic fields written recorded.
    void commit() {
        shards->record_dynamic_fields(dynamic_fields);
        dynamic_fields.clear();
        shards->commit();
    }

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
            impl_->commit();
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
        detail::Prepared p = detail::prepare(impl.ctx, &db, article, *impl.shards);
        if (p.unchanged) {
            return AddOutcome::kUnchanged;
        }
        // The kind of each dynamic field, as the index has it (the first
        // given wins; docs/schema.md).
        const detail::SettledFields settled =
            detail::settle_dynamic_fields(p.built, impl.shards->dynamic_kinds());
        impl.shards->shard(p.shard).write(p.built, p.old_spelling);
        for (const std::string& name : settled.indexed) {
            ++impl.dynamic_fields[name];
        }
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
    impl_->guarded([&] { impl_->commit(); });
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

IndexReport index_inputs(
    const IndexOptions& options,
    const std::vector<std::string>& inputs,
    const IndexCallbacks& callbacks
) {
    detail::indexing::Pipeline pipeline(options, inputs, callbacks);
    return pipeline.run();
}

}  // namespace newsdex
