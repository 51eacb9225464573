// SPDX-License-Identifier: MIT
#include "search/stream.h"

#include "newsdex/error.h"
#include "newsdex/schema.h"

#include "index/database.h"
#include "index/near_duplicates.h"
#include "search/hits.h"
#include "search/more_like_this.h"
#include "search/query_parser.h"
#include "util/escape.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace newsdex::detail {

namespace {

// Matches read at once.
constexpr Xapian::doccount kStreamBatch = 1000;

// The matches of `enquire`'s query in the order of `by_date`: over remote
// shards (xapian-tcpsrv runs no key maker) they are read whole and put in
// order here.
std::vector<Xapian::MSetIterator> in_date_order(
    Xapian::Enquire& enquire, const Xapian::Database& db, const Xapian::KeyMaker& by_date
) {
    const Xapian::MSet mset = enquire.get_mset(0, db.get_doccount());
    mset.fetch();
    std::vector<std::pair<std::string, Xapian::MSetIterator>> ordered;
    for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
        ordered.emplace_back(by_date(it.get_document()), it);
    }
    std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
        return a.first < b.first;
    });
    std::vector<Xapian::MSetIterator> out;
    out.reserve(ordered.size());
    for (auto& entry : ordered) {
        out.push_back(entry.second);
    }
    return out;
}

}  // namespace

// The day SearchRequest::today names, if any.
std::optional<Day> today_of(const SearchRequest& request) {
    if (request.today.empty()) {
        return std::nullopt;
    }
    int y = 0;
    int m = 0;
    int d = 0;
    char end = 0;
    if (request.today.size() != 10
        || std::sscanf(request.today.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &end) != 3
        || !is_valid_ymd(y, m, d)) {
        throw Error(
            Errc::kInvalidArgument,
            "today " + quote(request.today) + " is not a date",
            "write it as YYYY-MM-DD, e.g. 1987-10-20"
        );
    }
    return Day{y, m, d};
}

namespace {

// Every hit at once comes in date order only.
void refuse_field_order(const SearchRequest& request) {
    if (request.sort == SortOrder::kFieldAscending || request.sort == SortOrder::kFieldDescending) {
        throw Error(
            Errc::kInvalidArgument,
            "every hit at once is listed in date order only, not by the field "
                + quote(request.sort_field),
            "use --sort date or -date with --limit all, or --limit N with --sort "
                + request.sort_field
        );
    }
}

}  // namespace

std::uint64_t stream_hits(const StreamInput& in, const std::function<void(const Hit&)>& each) {
    try {
        const SearchRequest& request = in.request;
        const Xapian::Database& db = in.db;
        ParsedQuery parsed = QueryParser(in.analyzer, db, in.gazetteer)
                                 .with_today(today_of(request))
                                 .parse(request.query);
        if (!request.similar.empty()) {
            const Xapian::Query group = similar_to(db, request.similar);
            parsed.query = request.query.empty()
                               ? group
                               : Xapian::Query(Xapian::Query::OP_FILTER, parsed.query, group);
        }
        if (!request.like.empty()) {
            parsed.query = more_like_this(db, request.like, parsed, request.query.empty());
            parsed.has_text = true;
        }
        refuse_field_order(request);
        const bool newest_first = request.sort == SortOrder::kDateDescending;
        Xapian::Enquire enquire(db);
        enquire.set_weighting_scheme(QueryParser::weighting());
        Xapian::MultiValueKeyMaker by_date;
        by_date.add_value(schema::slot_number(schema::Slot::kTimestamp), newest_first);
        by_date.add_value(schema::slot_number(schema::Slot::kId), false);
        // xapian-tcpsrv runs no key maker: over remote shards each part's
        // matches are read whole and put in order here.
        const bool remote = in.remote;
        if (!remote) {
            enquire.set_sort_by_key(&by_date, false);
        }
        const HitMaker hits(in.analyzer, in.extractor, parsed, request);
        std::uint64_t rank = 0;
        // The matches of one part of the index (a day, the undated), a
        // batch of documents at a time.
        const auto emit = [&](const Xapian::Query& part) {
            enquire.set_query(part);
            if (remote) {
                for (const Xapian::MSetIterator& it : in_date_order(enquire, db, by_date)) {
                    each(hits.make(it, parsed.has_text ? it.get_weight() : 0.0, ++rank));
                }
                return;
            }
            for (Xapian::doccount first = 0;; first += kStreamBatch) {
                const Xapian::MSet mset = enquire.get_mset(first, kStreamBatch);
                mset.fetch();
                for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
                    each(hits.make(it, parsed.has_text ? it.get_weight() : 0.0, ++rank));
                }
                if (mset.size() < kStreamBatch) {
                    break;
                }
            }
        };
        // Day terms sort as their days do (YYYYMMDD); only their list is
        // held, never the matches'.
        const std::string day_prefix(schema::field("date").prefix);
        std::vector<std::string> days;
        for (auto t = db.allterms_begin(day_prefix); t != db.allterms_end(day_prefix); ++t) {
            days.push_back(*t);
        }
        if (newest_first) {
            std::reverse(days.begin(), days.end());
        }
        for (const std::string& day : days) {
            emit(Xapian::Query(Xapian::Query::OP_FILTER, parsed.query, Xapian::Query(day)));
        }
        // Undated articles have no year term.
        const std::string year_prefix(schema::field("year").prefix);
        emit(Xapian::Query(
            Xapian::Query::OP_AND_NOT,
            parsed.query,
            Xapian::Query(
                Xapian::Query::OP_OR, db.allterms_begin(year_prefix), db.allterms_end(year_prefix)
            )
        ));
        return rank;
    } catch (const Xapian::Error& e) {
        throw translate(e, "query '" + in.request.query + "'");
    }
}

}  // namespace newsdex::detail
