// SPDX-License-Identifier: MIT
// `total` counts articles, folded or not (PRODUCT.md: `total` is the
// matches, `--count` the exact number of matching articles, histogram
// buckets add up to `total`, facets count articles). On real Reuters-21578
// wire copy with near-identical stories (tests/fixtures/near-duplicates/
// reuters.jsonl: copies re-sent with a corrected paragraph or another
// headline), folded by default: the folded list's length is `stories`,
// smaller, and paging walks it (docs/json-output.md).
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace newsdex::test {
namespace {

const std::string kIndex = NEWSDEX_INDEX_BIN;
const std::string kSearch = NEWSDEX_SEARCH_BIN;

using nlohmann::json;

class Totals : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        const std::string fixture =
            (source_dir() / "tests" / "fixtures" / "near-duplicates" / "reuters.jsonl").string();
        const RunResult r =
            run({kIndex, "--db", db(), "--progress", "never", fixture}, dir_->path());
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }

    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }

    static std::string db() { return (dir_->path() / "db").string(); }

    static RunResult search(const std::vector<std::string>& args) {
        std::vector<std::string> argv{kSearch, "--db", db(), "--no-suggest"};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv, dir_->path(), {{"NO_COLOR", ""}});
    }

    static json search_json(std::vector<std::string> args) {
        args.insert(args.begin(), "--json");
        const RunResult r = search(args);
        EXPECT_LE(r.exit_code, 1) << r.err;
        return json::parse(r.out);
    }

    static std::uint64_t count(const std::string& query) {
        const RunResult r = search({"--count", "--", query});
        EXPECT_LE(r.exit_code, 1) << query << ": " << r.err;
        return std::stoull(r.out);
    }

    static TempDir* dir_;
};

TempDir* Totals::dir_ = nullptr;

// Every article once, folded or not: `total`, the histogram, `--count`, the
// facets and the unfolded list agree; the folded list is shorter.
TEST_F(Totals, TotalCountsArticlesWhenCopiesAreFolded) {
    // Every article, and words the fixture's groups of copies share.
    for (const std::string query : {"*", "oil", "wheat", "dollar", "bank"}) {
        SCOPED_TRACE(query);
        const json j = search_json(
            {"--histogram", "day", "--facets", "year,place", "--limit", "1000", "--", query}
        );
        const std::uint64_t total = j["total"].get<std::uint64_t>();
        ASSERT_GT(total, 0U);
        EXPECT_TRUE(j["total_exact"].get<bool>());
        std::uint64_t in_buckets = j["histogram"]["undated"].get<std::uint64_t>();
        for (const json& b : j["histogram"]["buckets"]) {
            in_buckets += b["count"].get<std::uint64_t>();
        }
        EXPECT_EQ(in_buckets, total);
        EXPECT_EQ(count(query), total);
        // Each article has one year (the fixture's are all dated).
        std::uint64_t in_years = 0;
        for (const auto& [year, n] : j["facets"]["year"].items()) {
            in_years += n.get<std::uint64_t>();
        }
        EXPECT_EQ(in_years, total);
        // A facet value's count is the articles the search narrowed to it finds.
        for (const auto& [place, n] : j["facets"]["place"].items()) {
            const std::string narrowed =
                (query == "*" ? "" : query + " ") + "place:\"" + place + "\"";
            EXPECT_EQ(count(narrowed), n.get<std::uint64_t>()) << narrowed;
            break;  // the most frequent place: one search more is enough
        }
        // Unfolded: the same total, one hit per article, no `stories`.
        const json all = search_json({"--no-collapse", "--limit", "1000", "--", query});
        EXPECT_EQ(all["total"], total);
        EXPECT_EQ(all["hits"].size(), total);
        EXPECT_FALSE(all.contains("stories"));
        // Folded: `stories` hits, each standing for itself and its `similar`.
        ASSERT_TRUE(j.contains("stories"));
        EXPECT_TRUE(j["stories_exact"].get<bool>());
        const std::uint64_t stories = j["stories"].get<std::uint64_t>();
        EXPECT_LE(stories, total);
        EXPECT_EQ(j["hits"].size(), stories);
        std::uint64_t articles = 0;
        for (const json& hit : j["hits"]) {
            articles += 1 + hit["similar"].get<std::uint64_t>();
        }
        EXPECT_EQ(articles, total);
        if (query == "*" || query == "oil") {
            EXPECT_LT(stories, total) << "the fixture's copies should fold";
        }
    }
}

// Without facets or a histogram the totals come from the ranked search
// alone (Xapian counts the matches before folding at no cost): the same.
TEST_F(Totals, PlainSearchCountsArticlesAndPagesWalkTheFoldedList) {
    const json j = search_json({"--limit", "3", "*"});
    const std::uint64_t total = j["total"].get<std::uint64_t>();
    EXPECT_EQ(total, count("*"));
    EXPECT_EQ(total, 148U);
    const std::uint64_t stories = j["stories"].get<std::uint64_t>();
    EXPECT_LT(stories, total);
    // The last page of the folded list: one hit, then none.
    const json last = search_json({"--limit", "5", "--offset", std::to_string(stories - 1), "*"});
    EXPECT_EQ(last["hits"].size(), 1U);
    EXPECT_EQ(last["hits"][0]["rank"], stories);
    EXPECT_EQ(last["total"], total);
    const RunResult past = search({"--limit", "5", "--offset", std::to_string(stories), "*"});
    EXPECT_EQ(past.exit_code, 0) << past.err;
    EXPECT_NE(past.out.find("(none after --offset"), std::string::npos) << past.out;
    // The text's last line says both numbers, articles first.
    const RunResult text = search({"--limit", "1", "*"});
    EXPECT_NE(
        text.out.find(
            std::to_string(total) + " results (" + std::to_string(stories)
            + " stories after folding near-identical copies)\n"
        ),
        std::string::npos
    ) << text.out;
    // --collapse folds identical bodies only: articles still counted.
    const json exact = search_json({"--collapse", "--limit", "0", "*"});
    EXPECT_EQ(exact["total"], total);
    EXPECT_GE(exact["stories"].get<std::uint64_t>(), stories);
}

// Partial matches below the exact ones: `partial_total` counts articles too,
// `partial_stories` the folded list's partial part, which pages walk.
TEST_F(Totals, PartialMatchesCountArticlesToo) {
    const std::string query = "oil prices crude";
    const json folded = search_json({"--limit", "1000", query});
    const json all = search_json({"--no-collapse", "--limit", "1000", query});
    ASSERT_TRUE(folded.contains("partial_total")) << folded.dump();
    EXPECT_EQ(folded["total"], all["total"]);
    EXPECT_EQ(folded["partial_total"], all["partial_total"]);
    EXPECT_EQ(
        all["hits"].size(),
        all["total"].get<std::uint64_t>() + all["partial_total"].get<std::uint64_t>()
    );
    ASSERT_TRUE(folded.contains("partial_stories"));
    EXPECT_EQ(
        folded["hits"].size(),
        folded["stories"].get<std::uint64_t>() + folded["partial_stories"].get<std::uint64_t>()
    );
    std::uint64_t articles = 0;
    for (const json& hit : folded["hits"]) {
        articles += 1 + hit["similar"].get<std::uint64_t>();
    }
    EXPECT_EQ(articles, all["hits"].size());
    // The first partial hit's rank follows the last exact story's.
    const std::uint64_t stories = folded["stories"].get<std::uint64_t>();
    const json page = search_json({"--limit", "1", "--offset", std::to_string(stories), query});
    ASSERT_EQ(page["hits"].size(), 1U);
    EXPECT_EQ(page["hits"][0]["match"], "partial");
}

}  // namespace
}  // namespace newsdex::test
