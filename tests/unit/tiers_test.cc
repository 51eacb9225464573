// SPDX-License-Identifier: MIT
// The partial tiers' queries (search/tiers.h): each article of a small
// index in exactly one tier, the one of the number of words it has.
#include "search/tiers.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <bit>
#include <set>
#include <string>
#include <vector>

namespace newsdex::detail {
namespace {

TEST(Tiers, FloorIsHalfAtLeastTwoAndAtMostThreeBelowAll) {
    EXPECT_EQ(tier_floor(3), 2U);
    EXPECT_EQ(tier_floor(4), 2U);
    EXPECT_EQ(tier_floor(5), 3U);
    EXPECT_EQ(tier_floor(6), 3U);
    EXPECT_EQ(tier_floor(7), 4U);
    EXPECT_EQ(tier_floor(8), 5U);
    EXPECT_EQ(tier_floor(12), 9U);
}

class TierQueries : public ::testing::Test {
  protected:
    TierQueries() {
        // Document i + 1 has word w (of a, b, c, d) when bit w of i is set,
        // "f" when i is a multiple of 3, and "x" always.
        for (unsigned i = 0; i < 16; ++i) {
            Xapian::Document doc;
            for (unsigned w = 0; w < 4; ++w) {
                if ((i & (1U << w)) != 0) {
                    doc.add_term(std::string(1, static_cast<char>('a' + w)));
                }
            }
            doc.add_term("x");
            if (i % 3 == 0) {
                doc.add_term("f");
            }
            db_.add_document(doc);
        }
        for (const char* w : {"a", "b", "c", "d"}) {
            optional_.words.emplace_back(w);
            optional_.labels.emplace_back(w);
        }
    }

    // The documents (as their bit patterns) a query matches.
    std::set<unsigned> matches(const Xapian::Query& q) const {
        Xapian::Enquire enquire(db_);
        enquire.set_query(q);
        std::set<unsigned> out;
        const Xapian::MSet mset = enquire.get_mset(0, 100);
        for (Xapian::MSetIterator it = mset.begin(); it != mset.end(); ++it) {
            out.insert(*it - 1);
        }
        return out;
    }

    static std::set<unsigned> with_bits(unsigned k, bool only_f = false) {
        std::set<unsigned> out;
        for (unsigned i = 0; i < 16; ++i) {
            if (static_cast<unsigned>(std::popcount(i)) == k && (!only_f || i % 3 == 0)) {
                out.insert(i);
            }
        }
        return out;
    }

    Xapian::WritableDatabase db_{std::string(), Xapian::DB_BACKEND_INMEMORY};
    OptionalWords optional_;
};

TEST_F(TierQueries, EachTierHoldsTheArticlesWithExactlyThatManyWords) {
    for (unsigned k = 2; k <= 4; ++k) {
        EXPECT_EQ(matches(tier_query(optional_, k)), with_bits(k)) << k << " words";
    }
    std::set<unsigned> partial = with_bits(2);
    const std::set<unsigned> three = with_bits(3);
    partial.insert(three.begin(), three.end());
    EXPECT_EQ(matches(partial_query(optional_)), partial);
}

TEST_F(TierQueries, FiltersAndExclusionsHoldInEveryTier) {
    optional_.filter = Xapian::Query("f");
    for (unsigned k = 2; k <= 4; ++k) {
        EXPECT_EQ(matches(tier_query(optional_, k)), with_bits(k, true)) << k << " words";
    }
    optional_.filter = Xapian::Query();
    optional_.excluded = Xapian::Query("f");
    for (unsigned k = 2; k <= 4; ++k) {
        std::set<unsigned> expected = with_bits(k);
        for (unsigned i : with_bits(k, true)) {
            expected.erase(i);
        }
        EXPECT_EQ(matches(tier_query(optional_, k)), expected) << k << " words";
    }
}

TEST_F(TierQueries, AnArticleScoresTheWeightOfItsOwnWords) {
    // Document 3 has a and b: in the tier of 2 its weight is that of "a AND b".
    Xapian::Enquire tier(db_);
    tier.set_query(tier_query(optional_, 2));
    Xapian::Enquire alone(db_);
    alone.set_query(Xapian::Query(Xapian::Query::OP_AND, Xapian::Query("a"), Xapian::Query("b")));
    double in_tier = -1;
    const Xapian::MSet t = tier.get_mset(0, 100);
    for (Xapian::MSetIterator it = t.begin(); it != t.end(); ++it) {
        if (*it == 4) {
            in_tier = it.get_weight();
        }
    }
    const Xapian::MSet a = alone.get_mset(0, 100);
    double own = -2;
    for (Xapian::MSetIterator it = a.begin(); it != a.end(); ++it) {
        if (*it == 4) {
            own = it.get_weight();
        }
    }
    EXPECT_DOUBLE_EQ(in_tier, own);
}

}  // namespace
}  // namespace newsdex::detail
