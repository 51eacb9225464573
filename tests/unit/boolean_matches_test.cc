// SPDX-License-Identifier: MIT
// Matches read straight from the posting lists are the query's set algebra
// over the posting lists, for random queries of terms and set operators.
// (Not compared with Xapian's matcher here: for some of these nested shapes,
// MatchAll inside a FILTER inside AND_NOT, Xapian 1.4.22 answered
// differently in the GCC and the clang ASan builds of this test; the
// reliability suite compares with Xapian on the queries the parser makes.)
#include "search/boolean_matches.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <random>
#include <set>
#include <string>
#include <vector>

namespace newsdex::detail {
namespace {

class BooleanMatchesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::mt19937 rng(3);
        for (int d = 0; d < 600; ++d) {
            Xapian::Document doc;
            for (std::size_t t = 0; t < kTerms.size(); ++t) {
                // Terms from common to rare; some documents have none.
                if (rng() % (t + 2) == 0) {
                    doc.add_term(kTerms[t]);
                }
            }
            db_.add_document(doc);
        }
        // Gaps in the ids, as deletions leave them.
        for (Xapian::docid did = 5; did <= 600; did += 37) {
            db_.delete_document(did);
        }
    }

    // What the query means: its operators as set operations on the
    // documents of its terms.
    std::set<Xapian::docid> by_sets(const Xapian::Query& q) const {
        const auto postings = [&](const std::string& term) {
            return std::set<Xapian::docid>(db_.postlist_begin(term), db_.postlist_end(term));
        };
        std::vector<std::set<Xapian::docid>> parts;
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) {
            parts.push_back(by_sets(q.get_subquery(i)));
        }
        std::set<Xapian::docid> out;
        switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM:
            return postings(*q.get_terms_begin());
        case Xapian::Query::LEAF_MATCH_ALL:
            return postings(std::string());
        case Xapian::Query::OP_SCALE_WEIGHT:
        case Xapian::Query::OP_AND_MAYBE:
            return parts.front();
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_FILTER:
            out = parts.front();
            for (const auto& p : parts) {
                std::erase_if(out, [&](Xapian::docid d) { return p.count(d) == 0; });
            }
            return out;
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_SYNONYM:
            for (const auto& p : parts) {
                out.insert(p.begin(), p.end());
            }
            return out;
        case Xapian::Query::OP_AND_NOT:
            out = parts.front();
            for (std::size_t i = 1; i < parts.size(); ++i) {
                for (const Xapian::docid d : parts[i]) {
                    out.erase(d);
                }
            }
            return out;
        default:
            return out;
        }
    }

    std::vector<Xapian::docid> by_xapian(const Xapian::Query& q) const {
        Xapian::Enquire enquire(db_);
        enquire.set_query(q);
        enquire.set_weighting_scheme(Xapian::BoolWeight());
        enquire.set_docid_order(Xapian::Enquire::ASCENDING);
        const Xapian::MSet all = enquire.get_mset(0, db_.get_doccount());
        return {all.begin(), all.end()};
    }

    static std::vector<Xapian::docid> read(BooleanMatches& m) {
        std::vector<Xapian::docid> out;
        for (Xapian::docid did = m.next(); did != 0; did = m.next()) {
            out.push_back(did);
        }
        return out;
    }

    Xapian::Query random_query(std::mt19937& rng, int depth) const {
        const unsigned pick = rng() % (depth >= 3 ? 3 : 10);
        if (pick == 0) {
            return Xapian::Query(kTerms[rng() % kTerms.size()]);
        }
        if (pick == 1) {
            return Xapian::Query(kTerms[rng() % kTerms.size()]);
        }
        if (pick == 2) {
            return rng() % 4 == 0 ? Xapian::Query::MatchAll : Xapian::Query("absent");
        }
        static const Xapian::Query::op kOps[] = {
            Xapian::Query::OP_AND,
            Xapian::Query::OP_OR,
            Xapian::Query::OP_AND_NOT,
            Xapian::Query::OP_FILTER,
            Xapian::Query::OP_SYNONYM,
            Xapian::Query::OP_AND_MAYBE,
        };
        const Xapian::Query::op op = kOps[rng() % std::size(kOps)];
        if (pick == 3) {
            return Xapian::Query(2.5, random_query(rng, depth + 1));  // OP_SCALE_WEIGHT
        }
        std::vector<Xapian::Query> parts;
        const unsigned n = 2 + rng() % 3;
        for (unsigned i = 0; i < n; ++i) {
            parts.push_back(random_query(rng, depth + 1));
        }
        return Xapian::Query(op, parts.begin(), parts.end());
    }

    const std::vector<std::string> kTerms{"a", "b", "c", "d", "e", "f", "g", "h"};
    Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
};

TEST_F(BooleanMatchesTest, AreTheSetsTheQueryMeansForRandomQueries) {
    std::mt19937 rng(17);
    std::size_t nonempty = 0;
    for (int i = 0; i < 3000; ++i) {
        const Xapian::Query q = random_query(rng, 0);
        const auto matches = boolean_matches(db_, q);
        ASSERT_TRUE(matches) << q.get_description();
        const std::set<Xapian::docid> set = by_sets(q);
        const std::vector<Xapian::docid> expected(set.begin(), set.end());
        EXPECT_EQ(read(*matches), expected) << q.get_description();
        nonempty += expected.empty() ? 0 : 1;
    }
    EXPECT_GT(nonempty, 1000U);
}

TEST_F(BooleanMatchesTest, SkipToFindsTheFirstMatchFromThere) {
    const Xapian::Query q(
        Xapian::Query::OP_AND_NOT,
        Xapian::Query(Xapian::Query::OP_OR, Xapian::Query("a"), Xapian::Query("c")),
        Xapian::Query("b")
    );
    const std::vector<Xapian::docid> all = by_xapian(q);
    ASSERT_GT(all.size(), 20U);
    const auto matches = boolean_matches(db_, q);
    EXPECT_EQ(matches->skip_to(all[10]), all[10]);
    EXPECT_EQ(matches->skip_to(all[10] + 1), all[11]);
    EXPECT_EQ(matches->next(), all[12]);
    EXPECT_EQ(matches->skip_to(all.back() + 1), 0U);
}

TEST_F(BooleanMatchesTest, LeavesEverythingElseToXapian) {
    EXPECT_FALSE(boolean_matches(
        db_, Xapian::Query(Xapian::Query::OP_PHRASE, Xapian::Query("a"), Xapian::Query("b"))
    ));
    EXPECT_FALSE(boolean_matches(db_, Xapian::Query(Xapian::Query::OP_VALUE_RANGE, 0, "a", "b")));
    EXPECT_FALSE(boolean_matches(
        db_,
        Xapian::Query(
            Xapian::Query::OP_AND,
            Xapian::Query("a"),
            Xapian::Query(Xapian::Query::OP_WILDCARD, "b")
        )
    ));
}

}  // namespace
}  // namespace newsdex::detail
