// SPDX-License-Identifier: MIT
// The proximity bonus by re-ranking: the window test, and the ranking it
// gives against weighing every match.
#include "search/proximity.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace newsdex::detail {
namespace {

using Positions = std::vector<std::vector<Xapian::termpos>>;

TEST(Proximity, WithinWindowNeedsOnePositionOfEachListInTheSpan) {
    EXPECT_TRUE(within_window(Positions{{1}, {2}}, 2));
    EXPECT_FALSE(within_window(Positions{{1}, {3}}, 2));  // 3 - 1 = 2, not below 2
    EXPECT_TRUE(within_window(Positions{{3}, {1}}, 3));   // any order
    EXPECT_TRUE(within_window(Positions{{1, 50}, {10, 47}, {30, 52}}, 6));
    EXPECT_FALSE(within_window(Positions{{1, 50}, {10, 47}, {30, 60}}, 6));
    EXPECT_FALSE(within_window(Positions{{1, 2}, {}}, 100));  // a word missing
    EXPECT_FALSE(within_window(Positions{}, 5));
    EXPECT_FALSE(within_window(Positions{{4}, {4}}, 0));
}

// Articles of random words from a small vocabulary, so that scores tie
// often and the words are near each other in some articles only.
class ProximityRanking : public ::testing::Test {
  protected:
    void SetUp() override {
        const std::vector<std::string> words{"kim", "visit", "summit", "talk", "war", "rain"};
        std::mt19937 rng(11);
        for (int d = 0; d < 400; ++d) {
            Xapian::Document doc;
            const int length = 5 + static_cast<int>(rng() % 40);
            for (int p = 1; p <= length; ++p) {
                const std::string& w = words[rng() % words.size()];
                doc.add_posting(w, static_cast<Xapian::termpos>(p));
                doc.add_term("Z" + w);
            }
            char id[16];
            // Ids in another order than document ids: ties are broken by id.
            std::snprintf(id, sizeof id, "%05d", (d * 7919) % 400);
            doc.add_value(0, id);
            db_.add_document(doc);
        }
    }

    Xapian::Enquire enquire(const Xapian::Query& query) const {
        Xapian::Enquire e(db_);
        e.set_query(query);
        e.set_weighting_scheme(Xapian::BM25Weight());
        e.set_sort_by_relevance_then_value(0, false);
        return e;
    }

    // Every match weighed, the bonus applied, sorted: the first `end` ids.
    std::vector<std::string>
    every_match(const Xapian::Query& query, const Proximity& p, Xapian::doccount end) const {
        const Xapian::MSet all = enquire(query).get_mset(0, db_.get_doccount());

        struct Row {
            double score;
            std::string id;
        };

        std::vector<Row> rows;
        for (auto it = all.begin(); it != all.end(); ++it) {
            const bool near = has_terms_near(db_, *it, p);
            rows.push_back({it.get_weight() * (near ? 1.5 : 1.0), it.get_document().get_value(0)});
        }
        std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
            return a.score != b.score ? a.score > b.score : a.id < b.id;
        });
        std::vector<std::string> out;
        for (std::size_t i = 0; i < rows.size() && i < end; ++i) {
            out.push_back(rows[i].id);
        }
        return out;
    }

    Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
};

TEST_F(ProximityRanking, IsTheSameAsWeighingEveryMatch) {
    const std::vector<std::pair<Xapian::Query, Proximity>> queries{
        {Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("Zkim"), Xapian::Query("Zvisit")),
         {{"kim", "visit"}, 2}},
        {Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("Zkim"), Xapian::Query("Zvisit")),
         {{"kim", "visit"}, 6}},
        {Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("Zwar"), Xapian::Query("Zrain")),
         {{"war", "rain"}, 3}},
        {Xapian::Query(
             Xapian::Query::OP_AND,
             Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("Zsummit"), Xapian::Query("Ztalk")),
             Xapian::Query("Zkim")
         ),
         {{"summit", "talk", "kim"}, 7}},
    };
    std::size_t rounds_beyond_first = 0;
    for (const auto& [query, proximity] : queries) {
        for (const Xapian::doccount end : {1U, 5U, 10U, 37U, 1000U}) {
            const std::vector<std::string> expected = every_match(query, proximity, end);
            for (const Xapian::doccount first_window : {1U, 3U, 20U, 100U}) {
                Xapian::Enquire e = enquire(query);
                const newsdex::detail::ProximityRanking r = rank_with_proximity(
                    e, db_, proximity, 0.5, end, db_.get_doccount(), first_window
                );
                std::vector<std::string> got;
                for (const RankedMatch& m : r.ranked) {
                    got.push_back(r.mset[m.index].get_document().get_value(0));
                }
                EXPECT_EQ(got, expected) << query.get_description() << " end " << end
                                         << " first window " << first_window;
                if (r.window > std::max(first_window, end)) {
                    ++rounds_beyond_first;
                }
                // The totals are those of the query (exact: every match checked).
                EXPECT_EQ(r.mset.get_matches_lower_bound(), r.mset.get_matches_upper_bound());
            }
        }
    }
    // Small first windows needed more rounds (the bound did not hold at once).
    EXPECT_GT(rounds_beyond_first, 0U);
}

}  // namespace
}  // namespace newsdex::detail
