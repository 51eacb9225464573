// SPDX-License-Identifier: MIT
#include "newsdex/searcher.h"

#include "newsdex/analyzer.h"
#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "analysis/fold.h"
#include "entities/extractor.h"
#include "entities/store.h"
#include "index/database.h"
#include "index/document_builder.h"
#include "schema/schema_util.h"
#include "search/date_order.h"
#include "search/facets.h"
#include "search/proximity.h"
#include "search/query_parser.h"
#include "snippet/highlighter.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <future>
#include <mutex>

namespace newsdex {

namespace {

// Matches counted beyond the page asked for, so that totals up to this size
// are exact (Xapian counts exactly while it checks at least that many).
constexpr Xapian::doccount kCheckAtLeast = 500;

// Matches above which exact facets are counted on all shards at once.
constexpr Xapian::doccount kParallelFacets = 20000;

// Words of an article that --like searches with.
constexpr Xapian::termcount kLikeTerms = 25;

// Shorter words are never corrected: they are names (Xi, Kim, Li, Moon) or
// too short to tell a typo from another word.
constexpr std::size_t kMinSuggestLength = 5;

// How many times a search is retried when the indexer commits under it.
constexpr int kModifiedRetries = 3;

std::vector<const schema::Field*> requested_facets(const std::vector<std::string>& names) {
    std::vector<const schema::Field*> out;
    for (const std::string& name : names) {
        if (name == "all") {
            for (const schema::Field& f : schema::kFields) {
                if (schema::has_use(f, schema::kFacet)
                    && std::find(out.begin(), out.end(), &f) == out.end()) {
                    out.push_back(&f);
                }
            }
            continue;
        }
        const schema::Field* f = schema::find_field(name);
        if (f == nullptr || !schema::has_use(*f, schema::kFacet)) {
            std::string known;
            for (const std::string& n : facet_names()) {
                known += (known.empty() ? "" : ", ") + n;
            }
            throw Error(
                Errc::kInvalidArgument,
                "unknown facet '" + name + "'",
                "facets are: " + known + " (or all)"
            );
        }
        if (std::find(out.begin(), out.end(), f) == out.end()) {
            out.push_back(f);
        }
    }
    return out;
}

Hit make_hit(
    const Xapian::MSetIterator& it,
    double score,
    std::size_t rank,
    const Analyzer& analyzer,
    const detail::EntityExtractor& extractor,
    const detail::ParsedQuery& parsed,
    const SearchRequest& request
) {
    Hit hit;
    hit.rank = rank;
    hit.score = score;
    const Xapian::Document doc = it.get_document();
    const nlohmann::json data = nlohmann::json::parse(doc.get_data(), nullptr, false);
    if (data.is_discarded() || !data.is_object()) {
        throw Error(
            Errc::kIo,
            "document " + std::to_string(*it) + " has damaged data",
            "re-index the database"
        );
    }
    hit.id = data.value("id", "");
    hit.title = data.value("title", "");
    hit.source = data.value("source", "");
    hit.path = data.value("path", "");
    if (const auto date = data.find("date"); date != data.end() && date->is_string()) {
        hit.date = date->get<std::string>().substr(0, 10);
    }
    if (const auto entities = data.find("entities");
        entities != data.end() && entities->is_object()) {
        for (const schema::Field& f : schema::kFields) {
            const auto names = entities->find(std::string(f.name));
            if (names != entities->end() && names->is_array() && !names->empty()) {
                hit.entities.emplace_back(
                    std::string(f.name), names->get<std::vector<std::string>>()
                );
            }
        }
    }
    const std::string body = data.value("body", "");
    if (request.snippet.length > 0) {
        hit.snippet = detail::make_snippet(
            analyzer, body, parsed.highlight, request.snippet, hit.title, &extractor
        );
    }
    return hit;
}

using Page = std::vector<std::pair<Xapian::MSetIterator, double>>;

// With --collapse, how many other matches have the same body as each hit,
// from the number of matches by body hash.
std::vector<Xapian::doccount>
duplicates_of(const Page& page, const std::unordered_map<std::string, Xapian::doccount>& bodies) {
    std::vector<Xapian::doccount> out;
    for (const auto& hit : page) {
        const std::string key = hit.first.get_collapse_key();
        const auto found = key.empty() ? bodies.end() : bodies.find(key);
        out.push_back(found != bodies.end() && found->second > 0 ? found->second - 1 : 0);
    }
    return out;
}

// The same, counted over every match of `query` that has the body of a hit,
// in a search of its own. (Xapian's collapse counts only count the matches
// its matcher looked at, and over remote shards they leave out the copies
// that each server collapsed.)
std::vector<Xapian::doccount>
count_duplicates(const Xapian::Database& db, const Xapian::Query& query, const Page& page) {
    const Xapian::valueno slot = schema::slot_number(schema::Slot::kBodyHash);
    std::vector<Xapian::Query> bodies;
    for (const auto& hit : page) {
        const std::string key = hit.first.get_collapse_key();
        if (!key.empty()) {
            bodies.emplace_back(Xapian::Query::OP_VALUE_RANGE, slot, key, key);
        }
    }
    if (bodies.empty()) {
        return std::vector<Xapian::doccount>(page.size(), 0);
    }
    const detail::ValueCounts counts = detail::count_values(
        db,
        Xapian::Query(
            Xapian::Query::OP_FILTER,
            query,
            Xapian::Query(Xapian::Query::OP_OR, bodies.begin(), bodies.end())
        ),
        {slot},
        db.get_doccount()
    );
    return duplicates_of(page, counts.lists.front());
}

}  // namespace

struct Searcher::Impl {
    std::vector<std::string> paths;
    Analyzer analyzer;
    std::shared_ptr<const detail::Gazetteer> gazetteer;
    std::unique_ptr<detail::EntityExtractor> extractor;
    // Set when the index was built with another analysis than this library's.
    std::string settings_warning;
    detail::OpenOptions open_options;
    std::mutex mutex;
    std::vector<std::unique_ptr<detail::OpenedDatabases>> idle;
    // Facet columns, built once facets are asked for more than once.
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

    SearchResponse run(detail::OpenedDatabases& opened, const SearchRequest& request) const {
        Xapian::Database& db = opened.db;
        SearchResponse response;
        response.query = request.query;
        response.offset = request.offset;

        detail::ParsedQuery parsed =
            detail::QueryParser(analyzer, db, gazetteer.get()).parse(request.query);
        response.notices = parsed.notices;
        if (!settings_warning.empty()) {
            response.notices.insert(response.notices.begin(), settings_warning);
        }
        if (!request.like.empty()) {
            parsed.query = more_like_this(db, request.like, parsed, request.query.empty());
            parsed.has_text = true;
        }
        if (request.explain) {
            response.explanation = parsed.explanation;
            response.explanation.push_back("Xapian query: " + parsed.query.get_description());
        }

        Xapian::Enquire enquire(db);
        enquire.set_query(parsed.query);
        enquire.set_weighting_scheme(Xapian::BM25Weight());
        // Equal scores are ordered by id, so that pages are stable and one
        // index gives the same order as the same articles in shards.
        enquire.set_sort_by_relevance_then_value(schema::slot_number(schema::Slot::kId), false);
        // Over remote shards a page in date order is made by date_page
        // (xapian-tcpsrv runs no key maker), and collapsing is refused
        // with it: which of two copies with the same timestamp is kept
        // would then follow Xapian's document ids instead of the ids.
        const bool by_date_page = opened.remote && request.sort != SortOrder::kRelevance;
        if (by_date_page && request.collapse) {
            throw Error(
                Errc::kInvalidArgument,
                "--collapse with --sort date or -date is not available over remote shards "
                "(xapian-tcpsrv sorts by the date alone, so which of two copies with the same "
                "date is kept could differ from a local search)",
                "sort by relevance, or search the shards' folders"
            );
        }
        Xapian::MultiValueKeyMaker by_date;
        if (request.sort != SortOrder::kRelevance && !by_date_page) {
            const bool newest_first = request.sort == SortOrder::kDateDescending;
            // Undated articles go last either way; ties are broken by id so
            // that paging is stable.
            by_date.add_value(
                schema::slot_number(schema::Slot::kTimestamp),
                newest_first,
                newest_first ? std::string() : std::string(1, '\xff')
            );
            by_date.add_value(schema::slot_number(schema::Slot::kId), false);
            enquire.set_sort_by_key(&by_date, false);
        }

        if (request.collapse) {
            enquire.set_collapse_key(schema::slot_number(schema::Slot::kBodyHash));
        }
        const std::vector<const schema::Field*> facet_fields = requested_facets(request.facets);
        // Our spy splits value lists as it counts; remote shards cannot run
        // it (xapian-tcpsrv only knows Xapian's own), so over them Xapian's
        // ValueCountMatchSpy counts the lists in a search of its own (see
        // count_values), and they are split afterwards.
        std::vector<std::unique_ptr<detail::FacetSpy>> spies;
        const bool by_value_counts = !facet_fields.empty() && (opened.remote || request.collapse);
        const bool sampled = !facet_fields.empty() && request.facet_sample > 0;
        // Exact facets over local shards are counted after the ranked
        // search, shard by shard (see count_facets_by_shard): the ranked
        // search then stops early as it does without facets.
        // A sample is only asked for to save time: with facet columns at
        // hand (the shards' files, or built by an earlier search) exact
        // counts cost less.
        const auto columns_at_hand = [&] {
            for (std::size_t i = 0; i < opened.shards.size(); ++i) {
                for (const schema::Field* f : facet_fields) {
                    if (!facet_columns.get(
                            opened.shards[i],
                            opened.shard_dirs[i],
                            schema::slot_number(f->slot),
                            false
                        )) {
                        return false;
                    }
                }
            }
            return true;
        };
        const bool by_shard = !facet_fields.empty() && !opened.remote && !request.collapse
                              && !opened.shards.empty()
                              && (!sampled || facet_searches.load() >= 1 || columns_at_hand());
        for (const schema::Field* f :
             by_shard || by_value_counts ? std::vector<const schema::Field*>() : facet_fields) {
            spies.push_back(std::make_unique<detail::FacetSpy>(*f));
            enquire.add_matchspy(spies.back().get());
        }

        const Xapian::doccount all = db.get_doccount();
        // Exact facets need every match counted; sampled ones the first
        // facet_sample (Xapian checks at least that many).
        const bool sample = sampled && !by_shard;  // counted by spies, on a sample
        // (Counting facets apart counts the matches too.)
        const bool exact = (request.count_only && !by_shard && !request.collapse)
                           || (!facet_fields.empty() && !sampled && !by_shard && !by_value_counts);
        const Xapian::doccount first =
            request.count_only ? 0 : static_cast<Xapian::doccount>(request.offset);
        const Xapian::doccount wanted =
            request.count_only ? 0 : static_cast<Xapian::doccount>(request.limit);
        const Xapian::doccount check =
            sample ? std::max(first + wanted, static_cast<Xapian::doccount>(request.facet_sample))
                   : first + wanted + kCheckAtLeast;
        // Exact facets are counted on other threads while this one ranks
        // and makes the snippets (on handles of their own), when every
        // shard is a folder of its own.
        // Reading a whole column costs more than reading the values of
        // even a third of the documents for their matches: columns are
        // built from a searcher's second search with facets on.
        const bool build = by_shard && facet_searches.fetch_add(1) >= 1;
        std::future<Counted> counted;
        if (by_shard && open_counting(opened)) {
            counted = std::async(
                std::launch::async,
                [this, &opened, &facet_fields, build, query = parsed.query.serialise()] {
                    Counted c;
                    c.total = detail::count_facets_by_shard(
                        opened.counting,
                        opened.shard_dirs,
                        Xapian::Query::unserialise(query),
                        facet_fields,
                        true,
                        c.lists,
                        &facet_columns,
                        build
                    );
                    return c;
                }
            );
        }
        // The page as (match, score): with a proximity bonus, the best
        // matches re-ranked (see search/proximity.h).
        Xapian::MSet mset;
        Page page;
        if (by_date_page && wanted > 0) {
            const detail::DatePage dated = detail::date_page(
                enquire,
                db,
                parsed.query,
                request.sort == SortOrder::kDateDescending,
                first,
                wanted,
                exact ? all : check
            );
            for (const Xapian::MSetIterator& it : dated.hits) {
                page.emplace_back(it, it.get_weight());
            }
            response.total_exact = dated.lower == dated.upper;
            response.total = response.total_exact ? dated.lower : dated.estimated;
        } else if (!parsed.proximity.terms.empty() && request.sort == SortOrder::kRelevance && wanted > 0) {
            detail::ProximityRanking ranking = detail::rank_with_proximity(
                enquire,
                db,
                parsed.proximity,
                detail::QueryParser::kProximityWeight,
                first + wanted,
                exact ? all : check
            );
            mset = std::move(ranking.mset);
            for (std::size_t i = first; i < ranking.ranked.size(); ++i) {
                page.emplace_back(mset[ranking.ranked[i].index], ranking.ranked[i].score);
            }
        } else {
            if (by_date_page) {
                // Nothing to sort: only the matches are counted.
                enquire.set_sort_by_relevance();
            }
            mset = enquire.get_mset(first, wanted, exact ? all : check);
            for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
                page.emplace_back(it, it.get_weight());
            }
        }
        if (!by_date_page || wanted == 0) {
            response.total = mset.get_matches_estimated();
            response.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
            if (response.total_exact) {
                response.total = mset.get_matches_lower_bound();
            }
        }
        // Facets counted apart from the ranked search (over remote shards,
        // or with collapsing): every match, or a sample of facet_sample
        // matches (of each remote shard). With collapsing, the body hashes
        // of every match too when the total must be exact: each body counts
        // once, as it does in the collapsed results, and Xapian's own
        // collapsed totals are estimates once the page is full.
        const bool collapsed_total =
            request.collapse && (request.count_only || (!facet_fields.empty() && !sampled));
        detail::ValueCounts value_counts;
        std::vector<Xapian::doccount> duplicates(page.size(), 0);
        if (by_value_counts || collapsed_total) {
            std::vector<Xapian::valueno> slots;
            for (const schema::Field* f :
                 by_value_counts ? facet_fields : std::vector<const schema::Field*>()) {
                slots.push_back(schema::slot_number(f->slot));
            }
            if (collapsed_total) {
                slots.push_back(schema::slot_number(schema::Slot::kBodyHash));
            }
            value_counts = detail::count_values(
                db, parsed.query, slots, sampled && !collapsed_total ? request.facet_sample : all
            );
            if (collapsed_total) {
                const auto& bodies = value_counts.lists.back();
                Xapian::doccount with_body = 0;
                for (const auto& body : bodies) {
                    with_body += body.second;
                }
                response.total = bodies.size() + (value_counts.matches - with_body);
                response.total_exact = true;
                duplicates = duplicates_of(page, bodies);
                value_counts.lists.pop_back();
            } else if (!sampled && !request.collapse) {
                response.total = value_counts.matches;
                response.total_exact = value_counts.exact;
            }
        }
        if (request.collapse && !collapsed_total) {
            duplicates = count_duplicates(db, parsed.query, page);
        }
        std::size_t rank = request.offset;
        for (std::size_t i = 0; i < page.size(); ++i) {
            const auto& [it, score] = page[i];
            response.hits.push_back(
                make_hit(it, score, ++rank, analyzer, *extractor, parsed, request)
            );
            if (!parsed.has_text) {
                response.hits.back().score = 0;
            }
            if (request.collapse) {
                response.hits.back().duplicates = duplicates[i];
            }
        }
        // A sample's counts are scaled to the estimated total (unless the
        // sample was every match).
        double scale = 1.0;
        if (sample) {
            facet_searches.fetch_add(1);  // the next one builds facet columns
            const Xapian::doccount seen =
                by_value_counts ? value_counts.seen : spies.front()->seen();
            if (!response.total_exact || response.total > seen) {
                response.facets_exact = false;
                if (seen > 0 && response.total > seen) {
                    scale = static_cast<double>(response.total) / static_cast<double>(seen);
                }
            }
        }
        if (by_shard) {
            std::vector<std::unordered_map<std::string, Xapian::doccount>> lists;
            if (counted.valid()) {
                Counted c = counted.get();
                response.total = c.total;
                lists = std::move(c.lists);
            } else {
                // Two threads pay off once there are many matches to count.
                const bool parallel = mset.get_matches_estimated() > kParallelFacets;
                response.total = detail::count_facets_by_shard(
                    opened.shards,
                    opened.shard_dirs,
                    parsed.query,
                    facet_fields,
                    parallel,
                    lists,
                    &facet_columns,
                    build
                );
            }
            response.total_exact = true;
            for (std::size_t i = 0; i < facet_fields.size(); ++i) {
                response.facets.push_back(
                    detail::facet_from_lists(*facet_fields[i], lists[i], request.facet_limit)
                );
            }
        }
        for (const auto& spy : spies) {
            response.facets.push_back(spy->result(request.facet_limit, scale));
        }
        for (std::size_t i = 0; i < value_counts.lists.size(); ++i) {
            response.facets.push_back(detail::facet_from_lists(
                *facet_fields[i], value_counts.lists[i], request.facet_limit, scale
            ));
        }
        if (request.suggest) {
            suggest(opened, request, parsed, response);
        }
        return response;
    }

    // Articles like the one with `id`: the words it is most about (stems,
    // by how often it uses them and how rare they are, among the words other
    // articles have too), each weighted by that score; the article itself is
    // left out. With a query, they only rank what the query finds. (Xapian's
    // expand set prefers words only this article has, which find nothing.)
    Xapian::Query more_like_this(
        Xapian::Database& db, const std::string& id, detail::ParsedQuery& parsed, bool alone
    ) const {
        const std::string id_term = detail::make_term(schema::field("id"), id);
        const Xapian::PostingIterator posting = db.postlist_begin(id_term);
        if (posting == db.postlist_end(id_term)) {
            throw Error(
                Errc::kInvalidArgument,
                "no article with id " + id,
                "check the id (the `id` of a hit)"
            );
        }
        const Xapian::Document doc = db.get_document(*posting);
        const double n = static_cast<double>(db.get_doccount());
        std::vector<std::pair<double, std::string>> scored;
        for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
            const std::string term = *t;
            const bool stem = term.size() > 1 && term[0] == 'Z' && term[1] >= 'a' && term[1] <= 'z';
            // The whole index's frequency (a document's own term list only
            // knows its shard's).
            const double df = db.get_termfreq(term);
            if (df < 2) {
                continue;
            }
            if (stem) {
                scored.emplace_back(
                    static_cast<double>(t.get_wdf()) * std::log((n + 1) / df), term
                );
            }
        }
        std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
            return a.first != b.first ? a.first > b.first : a.second < b.second;
        });
        if (scored.size() > kLikeTerms) {
            scored.resize(kLikeTerms);
        }
        std::vector<Xapian::Query> parts;
        std::string shown;
        const double top = scored.empty() ? 1.0 : std::max(scored.front().first, 1e-9);
        for (const auto& [score, term] : scored) {
            parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), score / top);
            shown += (shown.empty() ? "" : " ") + term.substr(1);
        }
        const Xapian::Query like(Xapian::Query::OP_OR, parts.begin(), parts.end());
        parsed.explanation.push_back("like " + id + ": the stems " + shown);
        const Xapian::Query base =
            alone ? like : Xapian::Query(Xapian::Query::OP_AND_MAYBE, parsed.query, like);
        return Xapian::Query(Xapian::Query::OP_AND_NOT, base, Xapian::Query(id_term));
    }

    // "Did you mean": a bare word that is not in the index (in any form)
    // is replaced by Xapian's spelling suggestion. Words the index has are
    // never corrected, nor are names the gazetteer knows, short words (Xi,
    // Kim, Li, Moon) or words that are not plain letters.
    void suggest(
        detail::OpenedDatabases& opened,
        const SearchRequest& request,
        const detail::ParsedQuery& parsed,
        SearchResponse& response
    ) const {
        Xapian::Database& db = opened.db;
        std::string suggested = request.query;
        bool changed = false;
        for (auto w = parsed.words.rbegin(); w != parsed.words.rend(); ++w) {
            const std::vector<Token> tokens = analyzer.tokens(w->text);
            if (tokens.size() != 1 || tokens[0].kind != TokenKind::kWord) {
                continue;
            }
            const std::string& term = tokens[0].term;
            const std::string written =
                tokens[0].respelled ? detail::fold_word(w->text, Analyzer::kMaxTermBytes) : term;
            if (written.size() < kMinSuggestLength || !detail::spelling_word(written)
                || db.term_exists(term)
                || db.term_exists(detail::make_term("Z", analyzer.stem(term)))
                || !gazetteer->lookup(term).empty()) {
                continue;
            }
            if (opened.remote) {
                // The spelling data of remote shards cannot be read (and a
                // shard only has its share of it).
                response.notices.push_back(
                    "'" + w->text
                    + "' is not in the index, and spelling suggestions are not available over "
                      "remote shards (xapian-tcpsrv does not serve spelling data)"
                );
                return;
            }
            const std::string better = db.get_spelling_suggestion(written, 2);
            if (better.empty() || better == written) {
                continue;
            }
            suggested.replace(w->offset, w->text.size(), better);
            changed = true;
        }
        if (!changed) {
            return;
        }
        SearchRequest count = request;
        count.query = suggested;
        count.count_only = true;
        count.suggest = false;
        count.explain = false;
        count.facets.clear();
        response.suggestion = suggested;
        response.suggestion_total = run(opened, count).total;
    }
};

Searcher::Searcher(std::vector<std::string> db_paths, SearcherOptions options)
    : impl_(std::make_unique<Impl>()) {
    if (db_paths.empty()) {
        throw Error(Errc::kInvalidArgument, "no database given", "pass --db DIR");
    }
    impl_->paths = std::move(db_paths);
    impl_->open_options.timeout_ms = options.timeout_ms;
    impl_->open_options.allow_partial = options.allow_partial;
    impl_->idle.push_back(std::make_unique<detail::OpenedDatabases>(
        detail::open_readable(impl_->paths, impl_->open_options)
    ));
    try {
        impl_->gazetteer = detail::gazetteer_for(impl_->analyzer, impl_->idle.back()->db);
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

std::uint64_t Searcher::article_count() const {
    Impl::Lease lease(*impl_);
    return lease.db().get_doccount();
}

std::vector<std::string> facet_names() {
    std::vector<std::string> out;
    for (const schema::Field& f : schema::kFields) {
        if (schema::has_use(f, schema::kFacet)) {
            out.emplace_back(f.name);
        }
    }
    return out;
}

std::string schema_markdown() {
    return detail::render_schema_markdown();
}

}  // namespace newsdex
