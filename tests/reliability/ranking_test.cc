// SPDX-License-Identifier: MIT
// Queries on the generated corpus (3,000 articles over decades, two
// shards): date ranges find exactly what the articles' date values say, and
// the proximity bonus, applied by re-ranking the best matches, ranks as
// weighing every match with it would.
#include "newsdex/analyzer.h"
#include "newsdex/schema.h"
#include "newsdex/searcher.h"

#include "entities/store.h"
#include "reliability.h"
#include "search/boolean_matches.h"
#include "search/proximity.h"
#include "search/query_parser.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace newsdex::test {
namespace {

std::set<Xapian::docid> matches(const Xapian::Database& db, const Xapian::Query& query) {
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());
    return {all.begin(), all.end()};
}

std::string day(int y, int m, int d) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", y, m, d);
    return buf;
}

TEST(Ranking, DateRangesFindWhatTheDateValuesSay) {
    const Reference& ref = reference();
    const Xapian::Database db(ref.db.string());
    const Analyzer analyzer;
    const unsigned slot = schema::slot_number(schema::Slot::kDate);
    std::mt19937 rng(5);
    const auto random_day = [&](int from_year, int to_year) {
        const int y =
            from_year + static_cast<int>(rng() % static_cast<unsigned>(to_year - from_year + 1));
        const int m = 1 + static_cast<int>(rng() % 12);
        return std::array<int, 3>{
            y, m, 1 + static_cast<int>(rng() % static_cast<unsigned>(days_in_month(y, m)))};
    };
    std::size_t nonempty = 0;
    for (int i = 0; i < 120; ++i) {
        auto a = random_day(1975, 2030);
        auto b = random_day(1975, 2030);
        if (a > b) {
            std::swap(a, b);
        }
        std::string lo = day(a[0], a[1], a[2]);
        std::string hi = day(b[0], b[1], b[2]);
        // Whole months and years, and open ends, as people type them.
        switch (i % 6) {
        case 1:
            lo = lo.substr(0, 7);
            hi = hi.substr(0, 7);
            break;
        case 2:
            lo = lo.substr(0, 4);
            hi = hi.substr(0, 4);
            break;
        case 3:
            lo.clear();
            break;
        case 4:
            hi.clear();
            break;
        case 5:
            hi = lo;  // one day
            break;
        default:
            break;
        }
        const auto ymd = [](const std::string& d, bool end) {
            std::string out = d.substr(0, 4);
            out += d.size() >= 7 ? d.substr(5, 2) : (end ? "12" : "01");
            if (d.size() >= 10) {
                out += d.substr(8, 2);
            } else if (!end) {
                out += "01";
            } else {
                out += std::to_string(
                    days_in_month(std::stoi(out.substr(0, 4)), std::stoi(out.substr(4, 2)))
                );
            }
            return out;
        };
        const std::string query = "date:" + lo + ".." + hi;
        const Xapian::Query by_value =
            lo.empty() ? Xapian::Query(Xapian::Query::OP_VALUE_LE, slot, ymd(hi, true))
            : hi.empty()
                ? Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, ymd(lo, false))
                : Xapian::Query(Xapian::Query::OP_VALUE_RANGE, slot, ymd(lo, false), ymd(hi, true));
        const std::set<Xapian::docid> expected = matches(db, by_value);
        const detail::ParsedQuery parsed = detail::QueryParser(analyzer, db).parse(query);
        EXPECT_EQ(matches(db, parsed.query), expected) << query;
        nonempty += expected.empty() ? 0 : 1;
    }
    EXPECT_GT(nonempty, 60U);  // the ranges fall on the corpus's dates
}

TEST(Ranking, ProximityReRankingIsWhatWeighingEveryMatchGives) {
    const Reference& ref = reference();
    const Xapian::Database db(ref.db.string());
    const Analyzer analyzer;
    const Searcher searcher({ref.db.string()});
    // The names the index was built with, as the searcher reads them.
    const auto gazetteer = detail::gazetteer_for(analyzer, db, "");
    const std::vector<std::string> queries{
        "summit visit",
        "talks leader",
        "president minister",
        "north korea",
        "officials said",
        "military talks summit",
        "trade war"};
    std::size_t compared = 0;
    for (const std::string& query : queries) {
        const detail::ParsedQuery parsed =
            detail::QueryParser(analyzer, db, gazetteer.get()).parse(query);
        ASSERT_FALSE(parsed.proximity.terms.empty()) << query;
        // Every match, weighed, with the bonus: best first, ties by id.
        Xapian::Enquire enquire(db);
        enquire.set_query(parsed.query);
        enquire.set_weighting_scheme(detail::QueryParser::weighting());
        const Xapian::MSet all = enquire.get_mset(0, db.get_doccount());

        struct Row {
            double score;
            std::string id;
        };

        std::vector<Row> rows;
        for (auto it = all.begin(); it != all.end(); ++it) {
            const double bonus = detail::has_terms_near(db, *it, parsed.proximity)
                                     ? 1.0 + detail::QueryParser::kProximityWeight
                                     : 1.0;
            rows.push_back(
                {it.get_weight() * bonus,
                 it.get_document().get_value(schema::slot_number(schema::Slot::kId))}
            );
        }
        std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
            return a.score != b.score ? a.score > b.score : a.id < b.id;
        });
        for (const std::size_t offset : {0U, 7U, 40U}) {
            SearchRequest request;
            request.query = query;
            request.offset = offset;
            request.limit = 10;
            request.snippet.length = 0;
            request.suggest = false;
            request.strict = true;  // the matches of parsed.query only, no partial tiers
            const SearchResponse r = searcher.search(request);
            EXPECT_EQ(r.total, rows.size()) << query;
            std::vector<std::string> got;
            for (const Hit& h : r.hits) {
                got.push_back(h.id);
            }
            std::vector<std::string> expected;
            for (std::size_t i = offset; i < rows.size() && i < offset + 10; ++i) {
                expected.push_back(rows[i].id);
            }
            EXPECT_EQ(got, expected) << query << " offset " << offset;
            compared += expected.size();
        }
    }
    EXPECT_GT(compared, 150U);  // the queries match enough articles to page through
}

TEST(Ranking, MatchesReadForFacetsAreXapiansForParsedQueries) {
    const Reference& ref = reference();
    const Analyzer analyzer;
    const Xapian::Database whole(ref.db.string());
    const auto gazetteer = detail::gazetteer_for(analyzer, whole, "");
    const std::vector<std::string> queries{
        "summit",
        "summit visit",
        "summit OR visit",
        "summit -visit",
        "-summit",
        "*",
        "date:1995..2005 summit",
        "date:2001-03-07..2011-11 talks",
        "year:2001 year:2003 talks",
        "leader:Xi",
        "North Korea sanctions",
        "summit NOT (talks OR visit)",
        "(summit visit) OR trade",
        "talks -year:2005"};
    std::size_t read_directly = 0;
    for (const std::filesystem::path& dir : shard_dirs(ref.db)) {
        const Xapian::Database shard(dir.string());
        for (const std::string& query : queries) {
            // Parsed against the whole index, as the searcher does.
            const detail::ParsedQuery parsed =
                detail::QueryParser(analyzer, whole, gazetteer.get()).parse(query);
            const auto direct = detail::boolean_matches(shard, parsed.query);
            if (!direct) {
                continue;  // left to Xapian's matcher
            }
            ++read_directly;
            std::vector<Xapian::docid> got;
            for (Xapian::docid did = direct->next(); did != 0; did = direct->next()) {
                got.push_back(did);
            }
            const std::set<Xapian::docid> expected = matches(shard, parsed.query);
            EXPECT_EQ(got, std::vector<Xapian::docid>(expected.begin(), expected.end()))
                << query << " in " << dir;
        }
    }
    // Names with aliases hold phrases (Xapian's); the rest are read directly.
    EXPECT_GE(read_directly, 2 * (queries.size() - 2));
}

}  // namespace
}  // namespace newsdex::test
