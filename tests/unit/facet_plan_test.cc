// SPDX-License-Identifier: MIT
// Facet planning: what a search counts, where, and exactly or on a sample;
// and a Searcher gives the same answer to the same request every time.
#include "search/facet_plan.h"

#include "newsdex/error.h"
#include "newsdex/index_writer.h"
#include "newsdex/json_output.h"
#include "newsdex/searcher.h"

#include "index/database.h"
#include "index/facet_columns.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <string_view>
#include <utility>

namespace newsdex::detail {
namespace {

// A request, as newsdex-search's options, and where it runs (@local;
// @files: local shards that all have their facet columns file; @remote)
// -> the plan.
// clang-format off
const std::pair<const char*, const char*> kPlans[] = {
    {"@local", "none exact check>=510"},
    {"--count @local", "none exact check-all"},
    // Exact facets over local shards: apart from the ranked search.
    {"--facets year @local", "by-shard exact check>=510"},
    {"--facets year --count @local", "by-shard exact check>=500"},
    // A sample is counted exactly when the facet columns are on file...
    {"--facets year --facet-sample 100 @files", "by-shard exact check>=510"},
    // ... and on a sample by spies otherwise, whatever came before.
    {"--facets year --facet-sample 100 @local", "by-spies sample check>=100"},
    {"--facets year --facet-sample 5 @local", "by-spies sample check>=10"},
    // Remote shards count in a search of their own (xapian-tcpsrv cannot
    // run newsdex's spies)...
    {"--facets leader,year @remote", "by-value-counts exact check>=510"},
    {"--facets year --facet-sample 100 @remote", "by-value-counts sample check>=100"},
    {"--count @remote", "none exact check-all"},
    // ... and so does collapsing, which also counts each body once for an
    // exact total.
    {"--facets year --collapse @local", "by-value-counts exact collapsed-total check>=510"},
    {"--facets year --facet-sample 100 --collapse @local", "by-value-counts sample check>=100"},
    {"--collapse --count @local", "none exact collapsed-total check>=500"},
    // Folding near-identical stories (newsdex-search's default) counts
    // facets as without it (they count every match); with --count it counts
    // each group once over every match for an exact total.
    {"--facets year @fold @local", "by-shard exact check>=510"},
    {"--facets year --facet-sample 100 @fold @local", "by-spies sample check>=100"},
    {"--count @fold @local", "none exact collapsed-total check>=500"},
    // Facets over the partial matches too (--facets-over all on a search
    // with partial tiers) count a query of their own, never by spies; the
    // ranked search and the tiers then check every match, so that the
    // exact and the partial totals the facets add up over are exact.
    {"--facets year @over-all @local", "by-shard exact over-all check-all"},
    {"--facets year --facet-sample 100 @over-all @files", "by-shard exact over-all check-all"},
    {"--facets year --facet-sample 100 @over-all @local", "by-value-counts sample over-all check>=100"},
    {"--facets year @over-all @remote", "by-value-counts exact over-all check-all"},
    {"--facets year --collapse @over-all @local",
     "by-value-counts exact collapsed-total over-all check-all"},
    {"@over-all @local", "none exact check>=510"},
};

// clang-format on

std::vector<std::string> words_of(std::string_view text, char separator) {
    std::vector<std::string> out;
    while (!text.empty()) {
        const std::size_t end = text.find(separator);
        out.emplace_back(text.substr(0, end));
        text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    }
    return out;
}

TEST(FacetPlan, PlansWhatToCountWhereAndHow) {
    for (const auto& [what, expected] : kPlans) {
        SCOPED_TRACE(what);
        SearchRequest request;
        FacetSetting setting;
        bool files = false;
        const std::vector<std::string> words = words_of(what, ' ');
        for (std::size_t i = 0; i < words.size(); ++i) {
            if (words[i] == "--facets") {
                request.facets = words_of(words[++i], ',');
            } else if (words[i] == "--facet-sample") {
                request.facet_sample = std::stoul(words[++i]);
            }
            request.collapse = request.collapse || words[i] == "--collapse";
            request.fold_similar = request.fold_similar || words[i] == "@fold";
            request.count_only = request.count_only || words[i] == "--count";
            setting.remote = setting.remote || words[i] == "@remote";
            setting.over_all = setting.over_all || words[i] == "@over-all";
            files = files || words[i] == "@files";
        }
        setting.local_shards = !setting.remote;
        bool asked = false;
        setting.columns_on_file = [files, &asked](const std::vector<const schema::Field*>&) {
            asked = true;
            return files;
        };
        const FacetPlan plan = plan_facets(request, setting);
        EXPECT_EQ(describe(plan), expected);
        EXPECT_EQ(plan.fields.size(), request.facets.size());
        // The files are only looked for when a sample could be spared.
        EXPECT_EQ(asked, request.facet_sample > 0 && !setting.remote && !request.collapse);
    }
}

TEST(FacetPlan, HistogramCountsTheDatesExactly) {
    SearchRequest request;
    request.facets = {"year"};
    request.histogram = "auto";
    request.facet_sample = 10;
    FacetSetting setting;
    setting.local_shards = true;
    const FacetPlan plan = plan_facets(request, setting);
    ASSERT_EQ(plan.fields.size(), 2U);
    EXPECT_EQ(plan.facets, 1U);
    EXPECT_EQ(plan.histogram, 1U);
    EXPECT_EQ(plan.fields[1], &schema::field("date"));
    EXPECT_EQ(describe(plan), "by-shard exact check>=510");
    // Asked for as a facet too: counted once.
    request.facets = {"day", "year"};
    const FacetPlan both = plan_facets(request, setting);
    EXPECT_EQ(both.fields.size(), 2U);
    EXPECT_EQ(both.facets, 2U);
    EXPECT_EQ(both.histogram, 0U);
    request.histogram = "hour";
    EXPECT_THROW(plan_facets(request, setting), Error);
}

TEST(FacetPlan, NamesTheFacetsAsked) {
    // All but the day, which the histogram shows better.
    const std::vector<const schema::Field*> all = requested_facets({"all", "year"});
    EXPECT_EQ(all.size() + 1, facet_names().size());
    EXPECT_EQ(requested_facets({"all", "day"}).size(), facet_names().size());
    EXPECT_EQ(requested_facets({"day", "date"}).size(), 1U);
    EXPECT_EQ(requested_facets({"year", "year", "leader"}).size(), 2U);
    try {
        requested_facets({"title"});
        ADD_FAILURE() << "title accepted as a facet";
    } catch (const Error& e) {
        EXPECT_EQ(e.code(), Errc::kInvalidArgument);
        EXPECT_NE(e.hint().find("leader"), std::string::npos);
    }
}

// An index of `count` articles over four years, with leaders. Their words
// vary (how often they say summit, how long they are), so that a search
// for summit ranks them by distinct scores and stops early on a sample, as
// searches of real articles do.
void write_index(const std::string& path, int count) {
    IndexWriter writer(path);
    for (int i = 0; i < count; ++i) {
        Article a;
        a.id = "a" + std::to_string(i);
        a.title = "Report";
        for (int k = 0; k <= i % 7; ++k) {
            a.body += "summit ";
        }
        for (int k = 0; k < i % 13 + 3; ++k) {
            a.body += "word" + std::to_string(k) + " ";
        }
        a.date = Date::parse_iso(
            std::to_string(2016 + i % 4) + "-0" + std::to_string(1 + i % 9) + "-10"
        );
        a.entities["leaders"] = {i % 3 == 0 ? "Xi Jinping" : "Moon Jae-in"};
        writer.add(a);
    }
    writer.commit();
}

std::string answer(const Searcher& searcher, const SearchRequest& request) {
    return to_json(searcher.search(request));
}

TEST(FacetPlan, TheSameRequestGetsTheSameAnswer) {
    test::TempDir dir;
    const std::string path = (dir.path() / "db").string();
    write_index(path, 3000);
    SearchRequest request;
    request.query = "summit";
    request.facets = {"year", "leader"};
    request.facet_sample = 50;
    request.snippet.length = 0;
    {
        // No facet columns on file: counted on a sample, every time, also
        // after exact counts built columns in memory.
        const Searcher searcher({path});
        const std::string first = answer(searcher, request);
        EXPECT_NE(first.find("\"facets_exact\": false"), std::string::npos) << first;
        SearchRequest exact = request;
        exact.facet_sample = 0;
        (void)answer(searcher, exact);
        (void)answer(searcher, exact);
        EXPECT_EQ(answer(searcher, request), first);
        EXPECT_EQ(answer(searcher, request), first);
    }
    // With the files newsdex-index writes: exactly, every time.
    for (const std::string& shard : open_readable({path}).shard_dirs) {
        write_facet_file(shard);
    }
    const Searcher searcher({path});
    const std::string first = answer(searcher, request);
    EXPECT_EQ(first.find("facets_exact"), std::string::npos) << first;
    EXPECT_EQ(answer(searcher, request), first);
}

}  // namespace
}  // namespace newsdex::detail
