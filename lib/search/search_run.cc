// SPDX-License-Identifier: MIT
// One search, step by step: the query, the ranked search, counting
// (facets, totals, duplicates) as the facet plan says, the hits.
#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "analysis/fold.h"
#include "entities/names.h"
#include "index/document_builder.h"
#include "index/near_duplicates.h"
#include "schema/encoding.h"
#include "schema/schema_util.h"
#include "search/date_order.h"
#include "search/facet_plan.h"
#include "search/histogram.h"
#include "search/hits.h"
#include "search/more_like_this.h"
#include "search/proximity.h"
#include "search/searcher_impl.h"
#include "search/stream.h"
#include "search/tiers.h"
#include "util/escape.h"

#include <algorithm>
#include <cstdio>
#include <future>

namespace newsdex {

namespace {

// The order or number field closest to a mistyped sort (one edit for a
// short word, two for a longer one), or "".
std::string
closest_order(const std::string& typed, const std::vector<detail::DynamicField>& fields) {
    std::vector<std::string> orders{"relevance", "date"};
    for (const detail::DynamicField& f : fields) {
        if (f.is_number()) {
            orders.push_back(f.name);
        }
    }
    std::string closest;
    std::size_t best = typed.size() <= 4 ? 2 : 3;  // as a mistyped field name
    for (const std::string& order : orders) {
        const std::size_t d = detail::edit_distance(typed, order);
        if (d < best) {
            best = d;
            closest = order;
        }
    }
    return closest;
}

// Matches above which exact facets are counted on all shards at once.
constexpr Xapian::doccount kParallelFacets = 20000;

}  // namespace

// One search, step by step: the query, the ranked search, counting
// (facets, totals, duplicates) as the facet plan says, the hits.
class Searcher::Impl::Run {
  public:
    Run(const Impl& impl, detail::OpenedDatabases& opened, const SearchRequest& request)
        : impl_(impl), opened_(opened), db_(opened.db), request_(request), enquire_(opened.db) {}

    SearchResponse go() {
        response_.query = request_.query;
        response_.offset = request_.offset;
        response_.folded = request_.fold_similar;
        parse();
        set_up_enquire();
        plan_ = detail::plan_facets(request_, facet_setting());
        start_facets();
        rank();
        count_apart();
        make_hits();
        if (tiered_) {
            add_partial_tiers();
        }
        finish_facets();
        if (response_.stories) {
            detail::order_estimates(
                response_.total, response_.total_exact, *response_.stories, response_.stories_exact
            );
        }
        return std::move(response_);
    }

    const detail::ParsedQuery& parsed() const { return parsed_; }

  private:
    // The matches facets count: the query's, or its partial matches' too.
    const Xapian::Query& facet_query() const {
        return plan_.over_all ? facet_query_ : parsed_.query;
    }

    void parse() {
        parsed_ = detail::QueryParser(impl_.analyzer, db_, impl_.gazetteer.get())
                      .with_today(detail::today_of(request_))
                      .parse(request_.query);
        response_.notices = parsed_.notices;
        if (!impl_.settings_warning.empty()) {
            response_.notices.insert(response_.notices.begin(), impl_.settings_warning);
        }
        // An index built before near-identical stories were sketched has
        // no groups: nothing is folded (value statistics: no reading).
        if ((request_.fold_similar || !request_.similar.empty()) && db_.get_doccount() > 0
            && db_.get_value_freq(schema::slot_number(schema::Slot::kNearSketch)) == 0) {
            response_.notices.emplace_back(
                "this index has no groups of near-identical stories (it was built before "
                "newsdex made them), so none are folded; index the articles again into a new "
                "--db to fold them"
            );
        }
        if (!request_.similar.empty()) {
            const Xapian::Query group = detail::similar_to(db_, request_.similar);
            parsed_.query = request_.query.empty()
                                ? group
                                : Xapian::Query(Xapian::Query::OP_FILTER, parsed_.query, group);
            // The partial tiers list the group's articles only, too.
            parsed_.optional.filter =
                parsed_.optional.filter.empty()
                    ? group
                    : Xapian::Query(Xapian::Query::OP_AND, parsed_.optional.filter, group);
        }
        if (!request_.like.empty()) {
            parsed_.query =
                detail::more_like_this(db_, request_.like, parsed_, request_.query.empty());
            parsed_.has_text = true;
        }
        // Partial matches below the exact ones: a ranked list of 3 or more
        // optional bare words (a date order has no place for them).
        tiered_ = !request_.strict && !request_.count_only && request_.like.empty()
                  && request_.sort == SortOrder::kRelevance && parsed_.optional.any()
                  && parsed_.optional.words.size() <= detail::kMaxOptionalWords;
        // Facets over the partial matches too: the exact ones or any tier's.
        over_all_ = tiered_ && request_.facets_over == FacetsOver::kAll;
        if (over_all_) {
            facet_query_ = Xapian::Query(
                Xapian::Query::OP_OR, parsed_.query, detail::partial_query(parsed_.optional)
            );
        }
        if (request_.explain) {
            response_.explanation = parsed_.explanation;
            if (tiered_) {
                response_.explanation.push_back(detail::explain_tiers(parsed_.optional));
            }
            response_.explanation.push_back("Xapian query: " + parsed_.query.get_description());
        }
    }

    void set_up_enquire() {
        enquire_.set_query(parsed_.query);
        enquire_.set_weighting_scheme(detail::QueryParser::weighting());
        // Equal scores are ordered by id, so that pages are stable and one
        // index gives the same order as the same articles in shards.
        enquire_.set_sort_by_relevance_then_value(schema::slot_number(schema::Slot::kId), false);
        if (impl_.match_time_limit_ms > 0) {
            enquire_.set_time_limit(impl_.match_time_limit_ms / 1000.0);
        }
        // Over remote shards a page in date order is made by date_page
        // (xapian-tcpsrv runs no key maker), and collapsing is refused
        // with it: which of two copies with the same timestamp is kept
        // would then follow Xapian's document ids instead of the ids.
        if (by_field()) {
            sort_by_field();
        }
        by_date_page_ = opened_.remote && request_.sort != SortOrder::kRelevance;
        if (by_date_page_ && request_.collapse) {
            throw Error(
                Errc::kInvalidArgument,
                "--collapse with --sort date or -date is not available over remote shards "
                "(xapian-tcpsrv sorts by the date alone, so which of two copies with the same "
                "date is kept could differ from a local search)",
                "sort by relevance, or search the shards' folders"
            );
        }
        if (request_.sort != SortOrder::kRelevance && !by_date_page_ && !by_field()) {
            const bool newest_first = request_.sort == SortOrder::kDateDescending;
            // Undated articles go last either way; ties are broken by id so
            // that paging is stable.
            by_date_.add_value(
                schema::slot_number(schema::Slot::kTimestamp),
                newest_first,
                newest_first ? std::string() : std::string(1, '\xff')
            );
            by_date_.add_value(schema::slot_number(schema::Slot::kId), false);
            enquire_.set_sort_by_key(&by_date_, false);
        }
        if (const auto slot = detail::collapse_slot(request_)) {
            enquire_.set_collapse_key(*slot);
        }
    }

    bool by_field() const {
        return request_.sort == SortOrder::kFieldAscending
               || request_.sort == SortOrder::kFieldDescending;
    }

    // Sorted by a number field's slot (sortable_serialise values), articles
    // without it last either way, ties by id.
    void sort_by_field() {
        if (opened_.remote) {
            throw Error(
                Errc::kInvalidArgument,
                "sorting by the field " + detail::quote(request_.sort_field)
                    + " is not available over remote shards (xapian-tcpsrv sorts by no key of "
                      "ours)",
                "sort by relevance or date, or search the shards' folders"
            );
        }
        const std::vector<detail::DynamicField> fields =
            detail::parse_dynamic_fields(db_.get_metadata(std::string(schema::kMetaDynamicFields)));
        std::string numbers;
        for (const detail::DynamicField& f : fields) {
            if (f.is_number() && f.name == request_.sort_field) {
                const bool largest_first = request_.sort == SortOrder::kFieldDescending;
                by_date_.add_value(
                    f.slot, largest_first, largest_first ? std::string() : std::string(1, '\xff')
                );
                by_date_.add_value(schema::slot_number(schema::Slot::kId), false);
                enquire_.set_sort_by_key(&by_date_, false);
                return;
            }
            if (f.is_number()) {
                numbers += (numbers.empty() ? "" : ", ") + f.name;
            }
        }
        const std::string closest = closest_order(request_.sort_field, fields);
        const std::string sign =
            request_.sort == SortOrder::kFieldDescending && closest != "relevance" ? "-" : "";
        throw Error(
            Errc::kInvalidArgument,
            detail::quote(request_.sort_field) + " is not a number field of this index"
                + (numbers.empty() ? " (it has none)" : " (its number fields: " + numbers + ")"),
            closest.empty() ? "sort by relevance, date, -date, or a number field; --help-fields "
                              "--db DB lists them"
                            : "did you mean --sort " + sign + closest + "?"
        );
    }

    detail::FacetSetting facet_setting() {
        detail::FacetSetting setting;
        setting.remote = opened_.remote;
        setting.local_shards = !opened_.shards.empty();
        setting.over_all = over_all_;
        if (!request_.facets.empty()) {
            dynamic_ = std::make_unique<detail::DynamicSchema>(detail::parse_dynamic_fields(
                db_.get_metadata(std::string(schema::kMetaDynamicFields))
            ));
            setting.dynamic = dynamic_.get();
        }
        setting.columns_on_file = [this](const std::vector<const schema::Field*>& fields) {
            for (std::size_t i = 0; i < opened_.shards.size(); ++i) {
                for (const schema::Field* f : fields) {
                    if (!impl_.facet_columns.on_file(
                            opened_.shards[i], opened_.shard_dirs[i], schema::slot_number(f->slot)
                        )) {
                        return false;
                    }
                }
            }
            return true;
        };
        return setting;
    }

    // Spies on the ranked search, or exact counts shard by shard on other
    // threads while this one ranks and makes the snippets (on handles of
    // their own), when every shard is a folder of its own.
    void start_facets() {
        if (plan_.counting == detail::FacetCounting::kBySpies) {
            for (const schema::Field* f : plan_.fields) {
                spies_.push_back(std::make_unique<detail::FacetSpy>(*f));
                enquire_.add_matchspy(spies_.back().get());
            }
        }
        if (plan_.counting != detail::FacetCounting::kByShard) {
            return;
        }
        // Reading a whole column costs more than reading the values of
        // even a third of the documents for their matches: columns are
        // built from a searcher's second search with facets on.
        build_ = impl_.facet_searches.fetch_add(1) >= 1;
        if (!open_counting(opened_)) {
            return;
        }
        counted_ = std::async(std::launch::async, [this, query = facet_query().serialise()] {
            Counted c;
            c.total = detail::count_facets_by_shard(
                opened_.counting,
                opened_.shard_dirs,
                Xapian::Query::unserialise(query),
                plan_.fields,
                true,
                c.lists,
                &impl_.facet_columns,
                build_
            );
            return c;
        });
    }

    // The page as (match, score): with a proximity bonus, the best matches
    // re-ranked (see search/proximity.h).
    void rank() {
        const Xapian::doccount first =
            request_.count_only ? 0 : static_cast<Xapian::doccount>(request_.offset);
        const Xapian::doccount wanted =
            request_.count_only ? 0 : static_cast<Xapian::doccount>(request_.limit);
        const Xapian::doccount check = plan_.check_all ? db_.get_doccount() : plan_.check_at_least;
        if (by_date_page_ && wanted > 0) {
            const detail::DatePage dated = detail::date_page(
                enquire_,
                db_,
                parsed_.query,
                request_.sort == SortOrder::kDateDescending,
                first,
                wanted,
                check
            );
            for (const Xapian::MSetIterator& it : dated.hits) {
                page_.emplace_back(it, it.get_weight());
            }
            response_.total_exact = dated.lower == dated.upper;
            response_.total = response_.total_exact ? dated.lower : dated.estimated;
        } else if (!parsed_.proximity.terms.empty() && request_.sort == SortOrder::kRelevance && wanted > 0) {
            detail::ProximityRanking ranking = detail::rank_with_proximity(
                enquire_,
                db_,
                parsed_.proximity,
                detail::QueryParser::kProximityWeight,
                first + wanted,
                check
            );
            mset_ = std::move(ranking.mset);
            for (std::size_t i = first; i < ranking.ranked.size(); ++i) {
                page_.emplace_back(mset_[ranking.ranked[i].index], ranking.ranked[i].score);
            }
        } else {
            if (by_date_page_) {
                // Nothing to sort: only the matches are counted.
                enquire_.set_sort_by_relevance();
            }
            mset_ = enquire_.get_mset(first, wanted, check);
            for (Xapian::MSetIterator it = mset_.begin(); it != mset_.end(); ++it) {
                page_.emplace_back(it, it.get_weight());
            }
        }
        if (!by_date_page_ || wanted == 0) {
            response_.total = mset_.get_matches_estimated();
            response_.total_exact =
                mset_.get_matches_lower_bound() == mset_.get_matches_upper_bound();
            if (response_.total_exact) {
                response_.total = mset_.get_matches_lower_bound();
            }
            // Folded, those are the folded list's; Xapian counts the
            // matches before folding too, as it would unfolded (no more
            // work), and `total` counts articles (PRODUCT.md).
            if (detail::collapse_slot(request_)) {
                response_.stories = response_.total;
                response_.stories_exact = response_.total_exact;
                response_.total_exact = mset_.get_uncollapsed_matches_lower_bound()
                                        == mset_.get_uncollapsed_matches_upper_bound();
                response_.total = response_.total_exact
                                      ? mset_.get_uncollapsed_matches_lower_bound()
                                      : mset_.get_uncollapsed_matches_estimated();
            }
        }
    }

    // Facets counted apart from the ranked search (over remote shards, or
    // with collapsing): every match, or a sample of facet_sample matches (of
    // each remote shard). Folded, the folding slot of every match too when
    // the folded list's length (`stories`) must be exact: each body or
    // group counts once, as it does in the folded results, and Xapian's own
    // folded totals are estimates once the page is full.
    void count_apart() {
        duplicates_.assign(page_.size(), 0);
        const std::optional<Xapian::valueno> folding = detail::collapse_slot(request_);
        // Folded by group, Xapian's folded totals are estimates even when it
        // saw every match: with few matches, each group is counted once
        // exactly. So are both counts, folded by body, over remote shards
        // (xapian-tcpsrv's counts before folding are loose).
        if (folding && (request_.fold_similar || !response_.total_exact) && !plan_.collapsed_total
            && mset_.get_uncollapsed_matches_upper_bound() <= detail::kCountFoldedUpTo) {
            plan_.collapsed_total = true;
        }
        const bool by_value_counts = plan_.counting == detail::FacetCounting::kByValueCounts;
        // Facets over the partial matches too count another query than the
        // total: two searches.
        const bool apart = by_value_counts && plan_.collapsed_total && plan_.over_all;
        if (by_value_counts || plan_.collapsed_total) {
            std::vector<Xapian::valueno> slots;
            for (const schema::Field* f :
                 by_value_counts ? plan_.fields : std::vector<const schema::Field*>()) {
                slots.push_back(schema::slot_number(f->slot));
            }
            if (plan_.collapsed_total && !apart) {
                slots.push_back(*folding);
            }
            value_counts_ = detail::count_values(
                db_,
                by_value_counts ? facet_query() : parsed_.query,
                slots,
                plan_.sampled && (!plan_.collapsed_total || apart) ? request_.facet_sample
                                                                   : db_.get_doccount()
            );
            if (plan_.collapsed_total) {
                const detail::ValueCounts own =
                    apart ? detail::count_values(db_, parsed_.query, {*folding}, db_.get_doccount())
                          : detail::ValueCounts{};
                const detail::ValueCounts& counts = apart ? own : value_counts_;
                const auto& bodies = counts.lists.back();
                Xapian::doccount with_body = 0;
                for (const auto& body : bodies) {
                    with_body += body.second;
                }
                response_.stories = bodies.size() + (counts.matches - with_body);
                response_.stories_exact = true;
                duplicates_ = detail::duplicates_of(page_, bodies);
                if (!apart) {
                    value_counts_.lists.pop_back();
                }
                // Every match of the query was counted: its articles.
                response_.total = counts.matches;
                response_.total_exact = counts.exact;
            } else if (!plan_.sampled && !plan_.over_all) {
                // Over the partial matches too, the counts are of both
                // queries: the total stays the ranked search's.
                response_.total = value_counts_.matches;
                response_.total_exact = value_counts_.exact;
            }
        }
        if (folding && !plan_.collapsed_total) {
            duplicates_ = detail::count_duplicates(db_, parsed_.query, page_, *folding);
        }
    }

    void make_hits() {
        const detail::HitMaker hits(impl_.analyzer, *impl_.extractor, parsed_, request_);
        std::size_t rank = request_.offset;
        for (std::size_t i = 0; i < page_.size(); ++i) {
            const auto& [it, score] = page_[i];
            response_.hits.push_back(hits.make(it, score, ++rank));
            if (!parsed_.has_text) {
                response_.hits.back().score = 0;
            }
            detail::set_folded(response_.hits.back(), request_, duplicates_[i]);
        }
    }

    // The partial tiers: searched after the exact matches, each on its own
    // (search/tiers.h).
    void add_partial_tiers() {
        const detail::HitMaker hits(impl_.analyzer, *impl_.extractor, parsed_, request_);
        const Xapian::doccount check = plan_.check_all ? db_.get_doccount() : plan_.check_at_least;
        // Pages walk the folded list: the exact matches' length in it.
        detail::PartialPage partial = detail::search_partial(
            {db_, parsed_.optional, hits, request_, check},
            response_.stories.value_or(response_.total),
            page_.size()
        );
        response_.tiered = true;
        response_.partial_total = partial.total;
        response_.partial_total_exact = partial.total_exact;
        if (response_.stories) {
            response_.partial_stories = partial.stories;
            response_.partial_stories_exact = partial.stories_exact;
        }
        response_.partial_tiers = std::move(partial.tiers);
        for (Hit& hit : partial.hits) {
            response_.hits.push_back(std::move(hit));
        }
    }

    // A sample's counts are scaled to the estimated total (unless the
    // sample was every match).
    double sample_scale() {
        if (!plan_.sampled) {
            return 1.0;
        }
        impl_.facet_searches.fetch_add(1);  // a search with facets: later ones build columns
        const Xapian::doccount seen = plan_.counting == detail::FacetCounting::kByValueCounts
                                          ? value_counts_.seen
                                          : spies_.front()->seen();
        // Over the partial matches too, the sample is of both.
        const std::uint64_t total =
            response_.total + (plan_.over_all ? response_.partial_total : 0);
        const bool exact =
            response_.total_exact && (!plan_.over_all || response_.partial_total_exact);
        if (exact && total <= seen) {
            return 1.0;
        }
        response_.facets_exact = false;
        return seen > 0 && total > seen ? static_cast<double>(total) / static_cast<double>(seen)
                                        : 1.0;
    }

    void finish_facets() {
        const double scale = sample_scale();
        // The counts by value list of each field of the plan.
        std::vector<std::unordered_map<std::string, Xapian::doccount>> lists;
        // The matches they were counted over (with collapsing, duplicates too).
        std::uint64_t counted = 0;
        if (plan_.counting == detail::FacetCounting::kByShard) {
            Xapian::doccount matches = 0;
            if (counted_.valid()) {
                Counted c = counted_.get();
                matches = c.total;
                lists = std::move(c.lists);
            } else {
                // Two threads pay off once there are many matches to count.
                matches = detail::count_facets_by_shard(
                    opened_.shards,
                    opened_.shard_dirs,
                    facet_query(),
                    plan_.fields,
                    mset_.get_matches_estimated() > kParallelFacets,
                    lists,
                    &impl_.facet_columns,
                    build_
                );
            }
            // Every match, folded or not: the facets' articles. Over the
            // partial matches too, they are of both queries, and the total
            // stays the ranked search's (which then checked every match).
            if (!plan_.over_all) {
                response_.total = matches;
                response_.total_exact = true;
            }
            counted = matches;
        }
        for (const auto& spy : spies_) {
            lists.push_back(spy->lists());
            counted = spy->seen();
        }
        if (plan_.counting == detail::FacetCounting::kByValueCounts) {
            lists = std::move(value_counts_.lists);
            counted = value_counts_.seen;
        }
        lists.resize(plan_.fields.size());
        response_.facets_over_all = plan_.over_all;
        for (std::size_t i = 0; i < plan_.facets; ++i) {
            response_.facets.push_back(
                detail::facet_from_lists(*plan_.fields[i], lists[i], request_.facet_limit, scale)
            );
        }
        if (plan_.histogram) {
            response_.histogram =
                detail::make_histogram(request_.histogram, lists[*plan_.histogram], counted);
        }
    }

    const Impl& impl_;
    detail::OpenedDatabases& opened_;
    Xapian::Database& db_;
    const SearchRequest& request_;
    SearchResponse response_;
    detail::ParsedQuery parsed_;
    // The index's dynamic fields, read when facets are asked for (the
    // plan's fields point into them).
    std::unique_ptr<detail::DynamicSchema> dynamic_;
    Xapian::Enquire enquire_;
    Xapian::MultiValueKeyMaker by_date_;
    bool by_date_page_ = false;
    bool tiered_ = false;  // partial matches follow the exact ones
    // Facets over the exact and the partial matches (facets_over all, tiered).
    bool over_all_ = false;
    Xapian::Query facet_query_;  // with over_all_: the exact or partial matches
    detail::FacetPlan plan_;
    std::vector<std::unique_ptr<detail::FacetSpy>> spies_;
    bool build_ = false;  // count_facets_by_shard builds facet columns
    Xapian::MSet mset_;
    detail::Page page_;
    detail::ValueCounts value_counts_;
    std::vector<Xapian::doccount> duplicates_;
    // Last: destroyed first, it waits for the counting that reads the above.
    std::future<Counted> counted_;
};

SearchResponse
Searcher::Impl::run(detail::OpenedDatabases& opened, const SearchRequest& request) const {
    // Folding by group gives way to collapsing exact copies (one collapse
    // key) and to listing a group (whole). Over remote shards in date order
    // nothing is folded: xapian-tcpsrv sorts by the date alone, so which
    // copy is kept would follow Xapian's document ids instead of the ids.
    const bool remote_by_date = opened.remote && request.sort != SortOrder::kRelevance;
    if (request.fold_similar && (request.collapse || !request.similar.empty() || remote_by_date)) {
        SearchRequest unfolded = request;
        unfolded.fold_similar = false;
        SearchResponse response = run(opened, unfolded);
        if (!request.collapse && request.similar.empty()) {
            response.notices.emplace_back(
                "similar articles are not folded in date order over remote shards (which copy "
                "is kept could differ from a local search); sort by relevance, or search the "
                "shards' folders, to fold them"
            );
        }
        return response;
    }
    Run search(*this, opened, request);
    SearchResponse response = search.go();
    if (request.suggest) {
        suggest(opened, request, search.parsed(), response);
    }
    return response;
}

}  // namespace newsdex
