// SPDX-License-Identifier: MIT
#include "newsdex/searcher.h"

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "analysis/fold.h"
#include "entities/extractor.h"
#include "entities/store.h"
#include "index/database.h"
#include "index/document_builder.h"
#include "index/near_duplicates.h"
#include "schema/encoding.h"
#include "schema/schema_util.h"
#include "search/date_order.h"
#include "search/facet_plan.h"
#include "search/facets.h"
#include "search/histogram.h"
#include "search/hits.h"
#include "search/more_like_this.h"
#include "search/proximity.h"
#include "search/query_parser.h"
#include "search/searcher_impl.h"
#include "search/spelling.h"
#include "search/stream.h"
#include "search/tiers.h"
#include "util/escape.h"

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <future>
#include <mutex>

namespace newsdex {

namespace {

// How many times a search is retried when the indexer commits under it.
constexpr int kModifiedRetries = 3;

}  // namespace

Searcher::Searcher(std::vector<std::string> db_paths, SearcherOptions options)
    : impl_(std::make_unique<Impl>()) {
    if (db_paths.empty()) {
        throw Error(Errc::kInvalidArgument, "no database given", "pass --db DIR");
    }
    impl_->paths = std::move(db_paths);
    impl_->open_options.timeout_ms = options.timeout_ms;
    impl_->open_options.allow_partial = options.allow_partial;
    impl_->match_time_limit_ms = options.match_time_limit_ms;
    impl_->idle.push_back(std::make_unique<detail::OpenedDatabases>(
        detail::open_readable(impl_->paths, impl_->open_options)
    ));
    try {
        const detail::OpenedDatabases& opened = *impl_->idle.back();
        impl_->gazetteer = detail::gazetteer_for(
            impl_->analyzer, opened.db, opened.shard_dirs.empty() ? "" : opened.shard_dirs.front()
        );
    } catch (const Xapian::Error& e) {
        throw detail::translate(e, impl_->paths.front());
    }
    impl_->extractor =
        std::make_unique<detail::EntityExtractor>(*impl_->gazetteer, impl_->analyzer);
    const std::string built_with =
        impl_->idle.back()->db.get_metadata(std::string(schema::kMetaAnalyzer));
    if (!built_with.empty() && built_with != impl_->analyzer.description()) {
        impl_->settings_warning = "the index was built with another analysis (" + built_with
                                  + ") than this newsdex's (" + impl_->analyzer.description()
                                  + "): some words may not match; re-index with newsdex-index";
    }
}

Searcher::~Searcher() = default;
Searcher::Searcher(Searcher&&) noexcept = default;
Searcher& Searcher::operator=(Searcher&&) noexcept = default;

SearchResponse Searcher::search(const SearchRequest& request) const {
    Impl::Lease lease(*impl_);
    std::string context = "query '" + request.query + "'";
    for (int attempt = 0;; ++attempt) {
        try {
            SearchResponse response = impl_->run(lease.opened(), request);
            const auto& warnings = lease.opened().warnings;
            response.notices.insert(response.notices.begin(), warnings.begin(), warnings.end());
            return response;
        } catch (const Xapian::DatabaseModifiedError&) {
            // The indexer committed while we read: see the new revision.
            if (attempt >= kModifiedRetries) {
                throw Error(Errc::kIo, "the database kept changing while searching", "try again");
            }
            // Open it afresh: a compaction may have moved shards to new
            // folders that the stub now names.
            lease.reopen_all();
        } catch (const Xapian::Error& e) {
            const std::string type = e.get_type();
            const bool network = type.rfind("Network", 0) == 0;
            if (network && lease.opened().remote) {
                // A remote shard stopped answering mid-search: with
                // allow_partial, search again without it.
                if (impl_->open_options.allow_partial && attempt == 0) {
                    lease.reopen_all();
                    continue;
                }
                throw Error(
                    Errc::kIo,
                    "a remote shard stopped answering during the search (" + e.get_msg() + ")",
                    "check its xapian-tcpsrv, raise --timeout, or pass --allow-partial"
                );
            }
            throw detail::translate(e, context);
        }
    }
}

void set_sort(SearchRequest& request, std::string_view sort) {
    request.sort_field.clear();
    if (sort == "relevance") {
        request.sort = SortOrder::kRelevance;
    } else if (sort == "date") {
        request.sort = SortOrder::kDateAscending;
    } else if (sort == "-date") {
        request.sort = SortOrder::kDateDescending;
    } else {
        const bool largest_first = !sort.empty() && sort.front() == '-';
        request.sort_field = std::string(sort.substr(largest_first ? 1 : 0));
        if (request.sort_field.empty()) {
            throw Error(
                Errc::kInvalidArgument,
                "the sort " + detail::quote(std::string(sort)) + " names no field",
                "sort by relevance, date, -date, or a number field (words, -words)"
            );
        }
        request.sort = largest_first ? SortOrder::kFieldDescending : SortOrder::kFieldAscending;
    }
}

std::uint64_t Searcher::each_hit(
    const SearchRequest& request, const std::function<void(const Hit&)>& each
) const {
    Impl::Lease lease(*impl_);
    return detail::stream_hits(
        {lease.db(),
         lease.opened().remote,
         impl_->analyzer,
         *impl_->extractor,
         impl_->gazetteer.get(),
         request},
        each
    );
}

std::vector<ShownArticle> Searcher::show(const ShowRequest& request) const {
    Impl::Lease lease(*impl_);
    try {
        const Xapian::Database& db = lease.db();
        detail::ParsedQuery parsed;
        if (request.query.find_first_not_of(" \t\n") != std::string::npos) {
            parsed = detail::QueryParser(impl_->analyzer, db, impl_->gazetteer.get())
                         .parse(request.query);
        }
        std::vector<ShownArticle> out;
        for (const std::string& id : request.ids) {
            const std::string id_term = detail::make_term(schema::field("id"), id);
            const Xapian::PostingIterator posting = db.postlist_begin(id_term);
            if (posting == db.postlist_end(id_term)) {
                throw Error(
                    Errc::kInvalidArgument,
                    "no article with id " + id,
                    "check the id (the `id` of a hit; newsdex-search --format ids QUERY lists them)"
                );
            }
            out.push_back(detail::show_document(
                db.get_document(*posting),
                impl_->analyzer,
                *impl_->extractor,
                parsed.highlight,
                request.markup
            ));
        }
        return out;
    } catch (const Xapian::Error& e) {
        throw detail::translate(e, "showing " + std::to_string(request.ids.size()) + " articles");
    }
}

std::uint64_t Searcher::article_count() const {
    Impl::Lease lease(*impl_);
    return lease.db().get_doccount();
}

}  // namespace newsdex
