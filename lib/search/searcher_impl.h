// SPDX-License-Identifier: MIT
// The searcher's state (private to the library): the analysis, the
// gazetteer, the idle database handles a search leases, the facet columns;
// and one search, step by step (search/search_run.cc).
#pragma once

#include "newsdex/analyzer.h"
#include "newsdex/searcher.h"

#include "entities/extractor.h"
#include "entities/store.h"
#include "index/database.h"
#include "search/facets.h"
#include "search/query_parser.h"
#include "search/spelling.h"

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace newsdex {

struct Searcher::Impl {
    std::vector<std::string> paths;
    Analyzer analyzer;
    std::shared_ptr<const detail::Gazetteer> gazetteer;
    std::unique_ptr<detail::EntityExtractor> extractor;
    // Set when the index was built with another analysis than this library's.
    std::string settings_warning;
    detail::OpenOptions open_options;
    unsigned match_time_limit_ms = 0;
    std::mutex mutex;
    std::vector<std::unique_ptr<detail::OpenedDatabases>> idle;
    // Facet columns: the shards' files, and columns built once facets are
    // asked for more than once (to count faster; the answers are the same).
    mutable detail::FacetColumns facet_columns;
    mutable std::atomic<unsigned> facet_searches{0};

    // A database handle for one search: Xapian handles are not shared
    // between threads, so each concurrent search gets its own.
    class Lease {
      public:
        explicit Lease(Impl& impl) : impl_(impl) {
            {
                const std::lock_guard<std::mutex> lock(impl_.mutex);
                if (!impl_.idle.empty()) {
                    db_ = std::move(impl_.idle.back());
                    impl_.idle.pop_back();
                }
            }
            // Every search sees the last commit: the handles move to the
            // newest revision, or open afresh when the shards moved.
            if (db_ && db_->layout != detail::layout_stamp(impl_.paths)) {
                db_.reset();
            }
            if (db_) {
                try {
                    db_->db.reopen();
                    for (Xapian::Database& shard : db_->counting) {
                        shard.reopen();
                    }
                } catch (const Xapian::Error&) {
                    db_.reset();
                }
            }
            if (!db_) {
                db_ = std::make_unique<detail::OpenedDatabases>(
                    detail::open_readable(impl_.paths, impl_.open_options)
                );
            }
        }

        ~Lease() {
            const std::lock_guard<std::mutex> lock(impl_.mutex);
            impl_.idle.push_back(std::move(db_));
        }

        Lease(const Lease&) = delete;
        Lease& operator=(const Lease&) = delete;
        Lease(Lease&&) = delete;
        Lease& operator=(Lease&&) = delete;

        Xapian::Database& db() { return db_->db; }

        detail::OpenedDatabases& opened() { return *db_; }

        // Opens the databases again (after a remote shard failed).
        void reopen_all() {
            db_ = std::make_unique<detail::OpenedDatabases>(
                detail::open_readable(impl_.paths, impl_.open_options)
            );
        }

      private:
        Impl& impl_;
        std::unique_ptr<detail::OpenedDatabases> db_;
    };

    // Facet counts made on other threads.
    struct Counted {
        Xapian::doccount total = 0;
        std::vector<std::unordered_map<std::string, Xapian::doccount>> lists;
    };

    // Opens `opened.counting` if need be; false when a shard is not a
    // folder of its own (or no longer opens).
    static bool open_counting(detail::OpenedDatabases& opened) {
        if (!opened.counting.empty()) {
            return true;
        }
        if (opened.shard_dirs.size() != opened.shards.size()
            || std::any_of(opened.shard_dirs.begin(), opened.shard_dirs.end(), [](const auto& d) {
                   return d.empty();
               })) {
            return false;
        }
        try {
            std::vector<Xapian::Database> counting;
            for (const std::string& dir : opened.shard_dirs) {
                counting.emplace_back(dir);
            }
            opened.counting = std::move(counting);
            return true;
        } catch (const Xapian::Error&) {
            return false;
        }
    }

    class Run;

    SearchResponse run(detail::OpenedDatabases& opened, const SearchRequest& request) const;

    // "Did you mean": a bare word the index lacks, or has in so few
    // articles that a spelling one typo away has detail::kSuggestRatio times as
    // many, is replaced by that spelling (search/spelling.h). The
    // suggestion is offered when the query found nothing and it finds
    // something, or when it finds detail::kSuggestRatio times as many articles.
    // Names the gazetteer knows are never corrected, nor are short words
    // (Xi, Kim, Li, Moon) or words that are not plain letters.
    void suggest(
        detail::OpenedDatabases& opened,
        const SearchRequest& request,
        const detail::ParsedQuery& parsed,
        SearchResponse& response
    ) const {
        const std::optional<std::string> suggested = detail::respelled_query(
            {opened.db, opened.remote, analyzer, *gazetteer}, request.query, parsed, response
        );
        if (!suggested) {
            return;
        }
        SearchRequest count = request;
        count.query = *suggested;
        count.count_only = true;
        count.suggest = false;
        count.explain = false;
        count.facets.clear();
        count.histogram.clear();
        const std::uint64_t found = run(opened, count).total;
        if (found > 0 && (response.total == 0 || found >= detail::kSuggestRatio * response.total)) {
            response.suggestion = *suggested;
            response.suggestion_total = found;
        }
    }
};

}  // namespace newsdex
