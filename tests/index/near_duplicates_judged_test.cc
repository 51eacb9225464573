// SPDX-License-Identifier: MIT
// Near-identical stories grouped as judged by hand on Reuters-21578: 50
// random groups of an index of the 19,043 articles and pairs with the same
// title left apart, each pair judged (tests/fixtures/near-duplicates/
// judged.tsv; how: bench/RESULTS.md). The articles the pairs need, real
// 1987 wire copy, are indexed here on their own; the pairs must be grouped
// as they were in the whole archive, and no more pairs judged different
// may be grouped (nor judged the same left apart) than then.
#include "newsdex/error.h"
#include "newsdex/index_writer.h"
#include "newsdex/schema.h"
#include "newsdex/searcher.h"

#include "test_support.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <map>
#include <sstream>

namespace newsdex::test {
namespace {

struct Judged {
    std::string a;
    std::string b;
    bool same_story = false;  // the verdict
    bool grouped = false;     // what the index of the whole archive did
    std::string line;
};

std::vector<Judged> judged_pairs() {
    std::vector<Judged> out;
    std::istringstream in(
        read_file(source_dir() / "tests" / "fixtures" / "near-duplicates" / "judged.tsv")
    );
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        std::istringstream cols(line);
        Judged j;
        std::string verdict;
        std::string grouped;
        std::getline(cols, j.a, '\t');
        std::getline(cols, j.b, '\t');
        std::getline(cols, verdict, '\t');
        std::getline(cols, grouped, '\t');
        EXPECT_TRUE(verdict == "same" || verdict == "different") << line;
        EXPECT_TRUE(grouped == "grouped" || grouped == "apart") << line;
        j.same_story = verdict == "same";
        j.grouped = grouped == "grouped";
        j.line = line;
        out.push_back(std::move(j));
    }
    return out;
}

// Article id -> its group value (slot 14), "" for an article alone.
std::map<std::string, std::string> groups_of(const std::string& db_path) {
    const Xapian::Database db(db_path);
    std::map<std::string, std::string> out;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        out[doc.get_value(schema::slot_number(schema::Slot::kId))] =
            doc.get_value(schema::slot_number(schema::Slot::kNearGroup));
    }
    return out;
}

TEST(NearDuplicatesJudged, ReutersPairsAreGroupedAsJudged) {
    TempDir dir;
    IndexOptions options;
    options.db_path = (dir.path() / "db").string();
    const IndexReport report = index_inputs(
        options,
        {(source_dir() / "tests" / "fixtures" / "near-duplicates" / "reuters.jsonl").string()}
    );
    EXPECT_GT(report.similar_groups, 0U);
    const std::map<std::string, std::string> groups = groups_of(options.db_path);
    const std::vector<Judged> pairs = judged_pairs();
    ASSERT_GE(pairs.size(), 50U);
    std::size_t wrongly_grouped = 0;
    std::size_t wrongly_apart = 0;
    std::size_t measured_wrongly_grouped = 0;
    std::size_t measured_wrongly_apart = 0;
    for (const Judged& j : pairs) {
        ASSERT_TRUE(groups.contains(j.a)) << j.line;
        ASSERT_TRUE(groups.contains(j.b)) << j.line;
        const std::string& ga = groups.at(j.a);
        const bool together = !ga.empty() && ga == groups.at(j.b);
        // What was right on the whole archive stays right.
        if (j.same_story == j.grouped) {
            EXPECT_EQ(together, j.grouped) << j.line;
        }
        wrongly_grouped += together && !j.same_story ? 1U : 0U;
        wrongly_apart += !together && j.same_story ? 1U : 0U;
        measured_wrongly_grouped += j.grouped && !j.same_story ? 1U : 0U;
        measured_wrongly_apart += !j.grouped && j.same_story ? 1U : 0U;
    }
    EXPECT_LE(wrongly_grouped, measured_wrongly_grouped);
    EXPECT_LE(wrongly_apart, measured_wrongly_apart);
}

// A search folds each group into its best-ranked article, says how many
// others match, and --similar's request lists the group whole.
TEST(NearDuplicatesJudged, SearchesFoldGroupsAndListThem) {
    TempDir dir;
    IndexOptions options;
    options.db_path = (dir.path() / "db").string();
    index_inputs(
        options,
        {(source_dir() / "tests" / "fixtures" / "near-duplicates" / "reuters.jsonl").string()}
    );
    const std::map<std::string, std::string> groups = groups_of(options.db_path);
    std::map<std::string, std::size_t> sizes;
    for (const auto& [id, group] : groups) {
        if (!group.empty()) {
            ++sizes[group];
        }
    }
    const Searcher searcher({options.db_path});
    SearchRequest all;
    all.query = "*";
    all.limit = 1000;
    all.suggest = false;
    const SearchResponse unfolded = searcher.search(all);
    EXPECT_EQ(unfolded.hits.size(), groups.size());
    all.fold_similar = true;
    const SearchResponse folded = searcher.search(all);
    std::size_t folded_away = 0;
    for (const auto& [group, size] : sizes) {
        folded_away += size - 1;
    }
    EXPECT_EQ(folded.hits.size(), groups.size() - folded_away);
    // Folded, `total` still counts the articles; `stories` is the folded
    // list's length (docs/json-output.md).
    EXPECT_EQ(folded.total, unfolded.total);
    EXPECT_TRUE(folded.total_exact);
    ASSERT_TRUE(folded.stories.has_value());
    EXPECT_EQ(*folded.stories, folded.hits.size());
    EXPECT_TRUE(folded.stories_exact);
    EXPECT_FALSE(unfolded.stories.has_value());
    for (const Hit& hit : folded.hits) {
        const std::string& group = groups.at(hit.id);
        EXPECT_EQ(hit.similar, group.empty() ? 0U : sizes.at(group) - 1) << hit.id;
    }
    // The largest group, listed from any of its articles.
    const auto largest = std::max_element(sizes.begin(), sizes.end(), [](auto& x, auto& y) {
        return x.second < y.second;
    });
    ASSERT_NE(largest, sizes.end());
    for (const auto& [id, group] : groups) {
        if (group != largest->first) {
            continue;
        }
        SearchRequest similar;
        similar.similar = id;
        similar.limit = 1000;
        similar.suggest = false;
        similar.fold_similar = true;  // ignored: a group is listed whole
        const SearchResponse listed = searcher.search(similar);
        EXPECT_EQ(listed.hits.size(), largest->second) << id;
        for (const Hit& hit : listed.hits) {
            EXPECT_EQ(groups.at(hit.id), group) << hit.id;
        }
        // With a query of three words, the partial matches below the
        // exact ones are the group's too (the words are elsewhere).
        similar.query = "said pct mln";
        for (const Hit& hit : searcher.search(similar).hits) {
            EXPECT_EQ(groups.at(hit.id), group) << hit.id;
        }
        // By name: clang 14 refuses a lambda capturing a structured binding.
        const std::string& this_group = group;
        SearchRequest anywhere = similar;
        anywhere.similar.clear();
        const SearchResponse everywhere = searcher.search(anywhere);
        EXPECT_TRUE(std::any_of(everywhere.hits.begin(), everywhere.hits.end(), [&](const Hit& h) {
            return groups.at(h.id) != this_group && !h.missing.empty();
        }));
    }
    SearchRequest unknown;
    unknown.similar = "no-such-id";
    EXPECT_THROW((void)searcher.search(unknown), Error);
}

}  // namespace
}  // namespace newsdex::test
