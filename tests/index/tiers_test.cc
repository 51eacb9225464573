// SPDX-License-Identifier: MIT
// Exact matches first, near matches after: the tiers of a search over an
// index whose articles have known subsets of the query's words.
#include "newsdex/index_writer.h"
#include "newsdex/searcher.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <map>
#include <set>
#include <string>
#include <vector>

namespace newsdex {
namespace {

using test::TempDir;

// Each article's words, chosen so that every tier has members: two with
// all three words, six with two of them, two with one, and one with none.
const std::map<std::string, std::string> kArticles{
    {"all1", "Grain harvest exports rose. The grain harvest was large and exports grew."},
    {"all2", "Exports of the grain harvest."},
    {"gh1", "The grain harvest was late this year in the north."},
    {"gh2", "A record grain harvest, farmers said on Monday."},
    {"gh3", "Grain farmers hope for a better harvest."},
    {"ge1", "Grain exports fell sharply in March."},
    {"ge2", "Exports of grain to the Soviet Union."},
    {"he1", "Harvest season brings higher exports of fruit."},
    {"g1", "Grain prices were steady."},
    {"h1", "The harvest festival opened on Sunday."},
    {"x1", "Oil prices rose in London trading."},
};

class TiersTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        IndexWriter writer((dir_->path() / "db").string());
        for (const auto& [id, body] : kArticles) {
            Article a;
            a.id = id;
            a.title = id;
            a.body = body;
            Date date;
            date.year = 1987;
            date.month = id[0] == 'g' ? 4 : 3;
            date.day = 2;
            a.date = date;
            writer.add(a);
        }
        writer.commit();
    }

    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }

    static SearchResponse search(
        const std::string& query,
        std::size_t offset = 0,
        std::size_t limit = 20,
        bool strict = false
    ) {
        const Searcher searcher({(dir_->path() / "db").string()});
        SearchRequest request;
        request.query = query;
        request.offset = offset;
        request.limit = limit;
        request.strict = strict;
        request.suggest = false;
        return searcher.search(request);
    }

    static std::vector<std::string> ids(const SearchResponse& r) {
        std::vector<std::string> out;
        for (const Hit& h : r.hits) {
            out.push_back(h.id);
        }
        return out;
    }

    static TempDir* dir_;
};

TempDir* TiersTest::dir_ = nullptr;

TEST_F(TiersTest, ExactMatchesComeFirstThenThoseMissingOneWord) {
    const SearchResponse r = search("grain harvest exports");
    EXPECT_TRUE(r.tiered);
    EXPECT_EQ(r.total, 2U);
    EXPECT_EQ(r.partial_total, 6U);
    ASSERT_EQ(r.partial_tiers.size(), 1U);
    EXPECT_EQ(r.partial_tiers[0].matched, 2U);
    EXPECT_EQ(r.partial_tiers[0].of, 3U);
    EXPECT_EQ(r.partial_tiers[0].count, 6U);
    ASSERT_EQ(r.hits.size(), 8U);
    const std::set<std::string> exact{r.hits[0].id, r.hits[1].id};
    EXPECT_EQ(exact, (std::set<std::string>{"all1", "all2"}));
    const std::map<std::string, std::string> lacks{
        {"gh1", "exports"},
        {"gh2", "exports"},
        {"gh3", "exports"},
        {"ge1", "harvest"},
        {"ge2", "harvest"},
        {"he1", "grain"}};
    for (std::size_t i = 0; i < r.hits.size(); ++i) {
        const Hit& h = r.hits[i];
        EXPECT_EQ(h.rank, i + 1);
        if (i < 2) {
            EXPECT_TRUE(h.missing.empty()) << h.id;
            continue;
        }
        ASSERT_EQ(lacks.count(h.id), 1U) << h.id;
        EXPECT_EQ(h.missing, std::vector<std::string>{lacks.at(h.id)}) << h.id;
        EXPECT_GT(h.score, 0) << h.id;
    }
}

TEST_F(TiersTest, NoPageStillCountsThePartialTier) {
    const SearchResponse r = search("grain harvest exports", 0, 0);
    EXPECT_TRUE(r.hits.empty());
    EXPECT_EQ(r.total, 2U);
    EXPECT_TRUE(r.partial_total_exact);
    EXPECT_EQ(r.partial_total, 6U);
}

TEST_F(TiersTest, PagesJoinAcrossTheTierBoundary) {
    const std::vector<std::string> whole = ids(search("grain harvest exports"));
    for (std::size_t limit = 1; limit <= 4; ++limit) {
        std::vector<std::string> joined;
        for (std::size_t offset = 0; offset < whole.size() + 2; offset += limit) {
            const SearchResponse page = search("grain harvest exports", offset, limit);
            EXPECT_EQ(page.total, 2U);
            // Exact even when the page ends above the partial tier: a tier
            // is checked as far as the exact search is.
            EXPECT_TRUE(page.partial_total_exact);
            EXPECT_EQ(page.partial_total, 6U);
            for (std::size_t i = 0; i < page.hits.size(); ++i) {
                EXPECT_EQ(page.hits[i].rank, offset + i + 1);
            }
            const std::vector<std::string> these = ids(page);
            joined.insert(joined.end(), these.begin(), these.end());
        }
        EXPECT_EQ(joined, whole) << "limit " << limit;
    }
}

TEST_F(TiersTest, StrictAndPlusAndWrittenAndKeepEveryWord) {
    EXPECT_EQ(ids(search("grain harvest exports", 0, 20, true)).size(), 2U);
    EXPECT_FALSE(search("grain harvest exports", 0, 20, true).tiered);
    // One word required leaves two optional: too few for a partial tier.
    EXPECT_EQ(search("+grain harvest exports").hits.size(), 2U);
    EXPECT_EQ(search("grain AND harvest exports").hits.size(), 2U);
    EXPECT_EQ(search("grain harvest").hits.size(), 5U);
}

TEST_F(TiersTest, FiltersAndExclusionsRestrictEveryTier) {
    // Only the articles dated in April (ids starting with g) are left.
    const SearchResponse april = search("grain harvest exports month:1987-04");
    EXPECT_EQ(april.total, 0U);
    EXPECT_EQ(april.partial_total, 5U);
    for (const Hit& h : april.hits) {
        EXPECT_EQ(h.id[0], 'g') << h.id;
    }
    const SearchResponse no_fruit = search("grain harvest exports -fruit");
    EXPECT_EQ(no_fruit.partial_total, 5U);
    for (const Hit& h : no_fruit.hits) {
        EXPECT_NE(h.id, "he1");
    }
}

TEST_F(TiersTest, AllButOneThenFewerDownToTheFloor) {
    // Four words: tiers of 3 and of 2 (half of them), strictly in order.
    const SearchResponse r = search("grain harvest exports year");
    EXPECT_EQ(r.total, 0U);
    ASSERT_EQ(r.partial_tiers.size(), 2U);
    EXPECT_EQ(r.partial_tiers[0].matched, 3U);
    EXPECT_EQ(r.partial_tiers[0].count, 3U);
    EXPECT_EQ(r.partial_tiers[1].matched, 2U);
    EXPECT_EQ(r.partial_tiers[1].count, 5U);
    EXPECT_EQ(r.partial_total, 8U);
    ASSERT_EQ(r.hits.size(), 8U);
    const std::set<std::string> three{r.hits[0].id, r.hits[1].id, r.hits[2].id};
    EXPECT_EQ(three, (std::set<std::string>{"all1", "all2", "gh1"}));
    for (std::size_t i = 0; i < r.hits.size(); ++i) {
        const std::vector<std::string>& missing = r.hits[i].missing;
        ASSERT_EQ(missing.size(), i < 3 ? 1U : 2U) << r.hits[i].id;
        // In the order the words were typed; only gh1 has "year".
        EXPECT_EQ(missing.back() == "year", r.hits[i].id != "gh1") << r.hits[i].id;
    }
}

// The months of the matches: the articles whose ids start with g are
// dated in April, the others in March.
std::map<std::string, std::uint64_t> months(const SearchResponse& r) {
    std::map<std::string, std::uint64_t> out;
    for (const Facet& f : r.facets) {
        if (f.name == "month") {
            for (const FacetValue& v : f.values) {
                out[v.value] = v.count;
            }
        }
    }
    return out;
}

TEST_F(TiersTest, FacetsCountTheExactMatchesUnlessAskedForAll) {
    const Searcher searcher({(dir_->path() / "db").string()});
    // Exact: all1 and all2 (March). All: those and the six with two words,
    // gh1, gh2, gh3, ge1, ge2 (April) and he1 (March).
    const std::map<std::string, std::uint64_t> exact{{"1987-03", 2}};
    const std::map<std::string, std::uint64_t> all{{"1987-03", 3}, {"1987-04", 5}};
    // Every way facets are counted: apart shard by shard (the default), in
    // a search of their own (a sample; collapsing), folded, and a page
    // past the exact matches or of none.
    for (const std::string way : {"", "sample", "collapse", "fold", "offset", "none"}) {
        SCOPED_TRACE(way);
        for (const FacetsOver over : {FacetsOver::kExact, FacetsOver::kAll}) {
            SearchRequest request;
            request.query = "grain harvest exports";
            request.suggest = false;
            request.facets = {"month"};
            request.histogram = way == "sample" ? "" : "month";
            request.facet_sample = way == "sample" ? 3 : 0;
            request.collapse = way == "collapse";
            request.fold_similar = way == "fold";
            request.offset = way == "offset" ? 3 : 0;
            request.limit = way == "none" ? 0 : 10;
            request.facets_over = over;
            const SearchResponse r = searcher.search(request);
            const bool over_all = over == FacetsOver::kAll;
            EXPECT_TRUE(r.tiered);
            EXPECT_EQ(r.facets_over_all, over_all);
            // The totals are the same either way, and exact.
            EXPECT_EQ(r.total, 2U);
            EXPECT_TRUE(r.total_exact);
            EXPECT_EQ(r.partial_total, 6U);
            EXPECT_TRUE(r.partial_total_exact);
            // A sample of 3 is every one of the 2 exact matches; of the 8
            // over all, it is scaled to them (unless columns on file let
            // them be counted exactly).
            if (way == "sample" && !r.facets_exact) {
                EXPECT_TRUE(over_all);
                std::uint64_t sum = 0;
                for (const auto& [month, n] : months(r)) {
                    sum += n;
                }
                EXPECT_NEAR(static_cast<double>(sum), over_all ? 8.0 : 2.0, 1.0);
                continue;
            }
            EXPECT_TRUE(r.facets_exact);
            EXPECT_EQ(months(r), over_all ? all : exact);
            if (way == "sample") {
                continue;
            }
            ASSERT_TRUE(r.histogram.has_value());
            std::map<std::string, std::uint64_t> buckets;
            for (const HistogramBucket& b : r.histogram->buckets) {
                if (b.count > 0) {
                    buckets[b.start] = b.count;
                }
            }
            EXPECT_EQ(buckets, over_all ? all : exact);
        }
    }
    // Without partial tiers both count the same articles.
    SearchRequest strict;
    strict.query = "grain harvest exports";
    strict.strict = true;
    strict.facets = {"month"};
    strict.facets_over = FacetsOver::kAll;
    const SearchResponse r = searcher.search(strict);
    EXPECT_FALSE(r.tiered);
    EXPECT_FALSE(r.facets_over_all);
    EXPECT_EQ(months(r), exact);
}

TEST_F(TiersTest, CountAndDateOrderStayExact) {
    const Searcher searcher({(dir_->path() / "db").string()});
    SearchRequest count;
    count.query = "grain harvest exports";
    count.count_only = true;
    EXPECT_EQ(searcher.search(count).total, 2U);
    EXPECT_FALSE(searcher.search(count).tiered);
    SearchRequest dated;
    dated.query = "grain harvest exports";
    dated.sort = SortOrder::kDateAscending;
    EXPECT_EQ(searcher.search(dated).hits.size(), 2U);
}

}  // namespace
}  // namespace newsdex
