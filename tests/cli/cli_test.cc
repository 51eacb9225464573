// SPDX-License-Identifier: MIT
// End-to-end: the real newsdex-index and newsdex-search on the shipped corpus
// and on purpose-made fixtures. Each "must hold" of the core-engine issue is
// one test; tests/cli/golden/ pins whole outputs (JSON compared parsed).
#include "newsdex/schema.h"

#include "golden_cases.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <vector>

namespace newsdex::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kIndex = NEWSDEX_INDEX_BIN;
const std::string kSearch = NEWSDEX_SEARCH_BIN;

class Cli : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        // Relative inputs, so that the `path` of every hit is stable.
        const RunResult corpus =
            run({kIndex, "--db", corpus_db(), "--progress", "never", "corpus"}, source_dir());
        ASSERT_EQ(corpus.exit_code, 0) << corpus.err;
        const RunResult fixtures =
            run({kIndex, "--db", fixtures_db(), "--progress", "never", "tests/fixtures/articles"},
                source_dir());
        ASSERT_EQ(fixtures.exit_code, 0) << fixtures.err;
    }

    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }

    static std::string corpus_db() { return (dir_->path() / "corpus.db").string(); }

    static std::string fixtures_db() { return (dir_->path() / "fixtures.db").string(); }

    static RunResult search(std::vector<std::string> args, const std::string& db = corpus_db()) {
        std::vector<std::string> argv{kSearch, "--db", db};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv, source_dir(), {{"NO_COLOR", ""}});
    }

    static json search_json(std::vector<std::string> args, const std::string& db = corpus_db()) {
        args.insert(args.begin(), "--json");
        const RunResult r = search(args, db);
        EXPECT_LE(r.exit_code, 1) << r.err;
        return json::parse(r.out);
    }

    // The ids of the hits, in order.
    static std::vector<std::string>
    ids(const std::string& query, std::vector<std::string> extra = {}) {
        extra.push_back("--limit");
        extra.push_back("100");
        extra.push_back("--");
        extra.push_back(query);
        std::vector<std::string> out;
        const json result = search_json(extra);
        for (const json& hit : result["hits"]) {
            out.push_back(hit["id"].get<std::string>().substr(0, 3));
        }
        return out;
    }

    static std::vector<std::string> sorted_ids(const std::string& query) {
        std::vector<std::string> v = ids(query);
        std::sort(v.begin(), v.end());
        return v;
    }

    static TempDir* dir_;
};

TempDir* Cli::dir_ = nullptr;

using Ids = std::vector<std::string>;

TEST_F(Cli, YearAndDateFilters) {
    EXPECT_EQ(sorted_ids("year:2019"), (Ids{"001", "002"}));
    EXPECT_EQ(sorted_ids("year:2018..2019"), (Ids{"000", "001", "002", "003"}));
    EXPECT_EQ(sorted_ids("date:2018-06-01..2018-12-31"), (Ids{"000", "003"}));
    EXPECT_EQ(sorted_ids("date:..2018-12-31"), (Ids{"000", "003"}));
    EXPECT_EQ(sorted_ids("year:2023"), (Ids{"004"}));
}

TEST_F(Cli, WholePeriodsEqualTheYear) {
    EXPECT_EQ(sorted_ids("date:2019"), sorted_ids("year:2019"));
    EXPECT_EQ(sorted_ids("year:2019..2019"), sorted_ids("year:2019"));
    EXPECT_EQ(sorted_ids("date:2019-01..2019-12"), sorted_ids("year:2019"));
    EXPECT_EQ(sorted_ids("month:2018-06"), (Ids{"003"}));
    EXPECT_EQ(sorted_ids("year:2018 year:2023"), (Ids{"000", "003", "004"}));
    EXPECT_EQ(sorted_ids("-year:2018 -year:2019"), (Ids{"004"}));
}

TEST_F(Cli, SortsByDateWithStableTies) {
    EXPECT_EQ(ids("xi", {"--sort", "date"}), (Ids{"003", "000", "002", "001"}));
    EXPECT_EQ(ids("xi", {"--sort", "-date"}), (Ids{"001", "002", "000", "003"}));
}

TEST_F(Cli, PhraseWithABacktickApostrophe) {
    EXPECT_EQ(ids("\"Korea's Kim\""), (Ids{"003"}));
    // The phrase is only in the body's headline, which is the title: the
    // snippet does not repeat it (Snippet.HighlightsTheBestPassage
    // highlights it in a text where it is prose).
    const json r = search_json({"\"Korea's Kim\""});
    const std::string snippet = r["hits"][0]["snippet"].get<std::string>();
    EXPECT_EQ(snippet.find("Hush-hush"), std::string::npos) << snippet;
    EXPECT_FALSE(snippet.empty());
}

TEST_F(Cli, StemmedWordsFindAndHighlightTheirForms) {
    const json r = search_json({"--limit", "10", "visiting"});
    EXPECT_EQ(r["total"], 5);
    for (const json& hit : r["hits"]) {
        const std::string snippet = hit["snippet"];
        const bool marked = snippet.find("<em>visit</em>") != std::string::npos
                            || snippet.find("<em>visits</em>") != std::string::npos
                            || snippet.find("<em>visited</em>") != std::string::npos
                            || snippet.find("<em>visiting</em>") != std::string::npos;
        EXPECT_TRUE(marked) << hit["id"] << ": " << snippet;
    }
}

TEST_F(Cli, ExitStatusFollowsGrep) {
    const RunResult none = search({"zzyzx"});
    EXPECT_EQ(none.exit_code, 1);
    EXPECT_EQ(none.out, "0 results\n");
    const RunResult some = search({"kim"});
    EXPECT_EQ(some.exit_code, 0);
    // Past the last hit is still a match.
    const RunResult past = search({"--offset", "50", "kim"});
    EXPECT_EQ(past.exit_code, 0);
}

// Partial matches: shown when no article has every word (exit 0), after a
// misspelled word's suggestion; --count counts the exact matches only.
TEST_F(Cli, PartialMatchesWhenNoArticleHasEveryWord) {
    const RunResult r = search({"--color", "never", "denuclearisaton", "kim", "summit"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("Did you mean: denuclearisation kim summit ("), std::string::npos)
        << r.out;
    EXPECT_NE(
        r.out.find(" have 2 of the 3 words, not all \xE2\x94\x80\xE2\x94\x80\n"), std::string::npos
    ) << r.out;
    EXPECT_NE(r.out.find("   missing: denuclearisaton\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("\n0 results with all 3 words, "), std::string::npos) << r.out;
    const json j = search_json({"--limit", "100", "denuclearisaton", "kim", "summit"});
    EXPECT_EQ(j["total"].get<int>(), 0);
    ASSERT_FALSE(j["hits"].empty());
    EXPECT_EQ(j["partial_total"].get<std::size_t>(), j["hits"].size());
    for (const auto& hit : j["hits"]) {
        EXPECT_EQ(hit["match"], "partial");
        EXPECT_EQ(hit["missing"], json::array({"denuclearisaton"}));
    }
    const RunResult count = search({"--count", "denuclearisaton", "kim", "summit"});
    EXPECT_EQ(count.out, "0\n");
    EXPECT_EQ(count.exit_code, 1);
    const RunResult strict = search({"--strict", "denuclearisaton", "kim", "summit"});
    EXPECT_EQ(strict.exit_code, 1);
    const RunResult explain = search({"--explain", "denuclearisaton", "kim", "summit"});
    EXPECT_NE(
        explain.out.find("partial matches: after the articles with all 3 words (denuclearisaton, "
                         "kim, summit), those with 2 of them"),
        std::string::npos
    ) << explain.out;
}

// Facets count the exact matches unless asked otherwise: --facets-over all
// counts the partial matches too, every one of them.
TEST_F(Cli, FacetsOverAllCountThePartialMatchesToo) {
    const std::vector<std::string> query{
        "--no-collapse", "--facets", "year", "--limit", "100", "denuclearisaton", "kim", "summit"};
    std::vector<std::string> exact_args{"--facets-over", "exact"};
    exact_args.insert(exact_args.end(), query.begin(), query.end());
    const json exact = search_json(exact_args);
    EXPECT_EQ(exact["facets_over"], "exact");
    EXPECT_EQ(exact["total"].get<int>(), 0);
    EXPECT_TRUE(exact["facets"]["year"].empty()) << exact["facets"];
    std::vector<std::string> all_args{"--facets-over", "all"};
    all_args.insert(all_args.end(), query.begin(), query.end());
    const json all = search_json(all_args);
    EXPECT_EQ(all["facets_over"], "all");
    EXPECT_EQ(all["total"].get<int>(), 0);
    EXPECT_TRUE(all["partial_total_exact"].get<bool>());
    ASSERT_EQ(all["partial_total"].get<std::size_t>(), all["hits"].size());
    // Every hit listed is counted under its year.
    std::map<std::string, int> years;
    for (const auto& hit : all["hits"]) {
        if (hit["date"].is_string()) {
            ++years[hit["date"].get<std::string>().substr(0, 4)];
        }
    }
    ASSERT_FALSE(years.empty());
    std::map<std::string, int> counted;
    for (const auto& [year, count] : all["facets"]["year"].items()) {
        counted[year] = count.get<int>();
    }
    EXPECT_EQ(counted, years);
    // In the terminal, a line says what the facets counted.
    std::vector<std::string> text{"--color", "never", "--facets-over", "all"};
    text.insert(text.end(), query.begin(), query.end());
    const RunResult shown = search(text);
    EXPECT_EQ(shown.exit_code, 0) << shown.err;
    EXPECT_NE(
        shown.out.find("(counted over the articles with every word and the partial matches)"),
        std::string::npos
    ) << shown.out;
    const RunResult by_default =
        search({"--color", "never", "--facets", "year", "kim", "summit", "denuclearisaton"});
    EXPECT_NE(by_default.out.find("--facets-over all: the partial matches too)"), std::string::npos)
        << by_default.out;
    // Refused: without facets, another word than exact or all, with --strict.
    const RunResult alone = search({"--facets-over", "all", "kim", "summit", "visit"});
    EXPECT_EQ(alone.exit_code, 2);
    EXPECT_NE(alone.err.find("--facets-over applies to --facets"), std::string::npos) << alone.err;
    const RunResult bad = search({"--facets", "year", "--facets-over", "some", "kim"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(bad.err, "newsdex-search: --facets-over takes exact or all, not 'some'\n");
    const RunResult strict =
        search({"--facets", "year", "--facets-over", "all", "--strict", "kim", "summit", "visit"});
    EXPECT_EQ(strict.exit_code, 2);
    EXPECT_NE(strict.err.find("cannot go together"), std::string::npos) << strict.err;
}

TEST_F(Cli, MissingDatabaseIsOneLineNamingThePath) {
    const RunResult r = run({kSearch, "--db", "/nonexistent/news.db", "kim"}, source_dir());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find("/nonexistent/news.db"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("newsdex-index"), std::string::npos) << r.err;
    EXPECT_TRUE(r.out.empty());
}

TEST_F(Cli, BadQueryIsOneLineWithTheColumn) {
    const RunResult r = search({"kim \"unclosed"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(
        r.err,
        "newsdex-search: bad query at column 5: unbalanced quote: the phrase opened here is not "
        "closed; add the closing \" or remove this one\n"
    );
    const RunResult y = search({"year:20x9"});
    EXPECT_EQ(y.exit_code, 2);
    EXPECT_NE(y.err.find("column 1"), std::string::npos) << y.err;
}

TEST_F(Cli, SchemaOfAnotherVersionIsRefusedWithAHint) {
    TempDir tmp;
    const std::string db = (tmp.path() / "old.db").string();
    ASSERT_EQ(
        run({kIndex, "--db", db, "--progress", "never", "corpus"}, source_dir()).exit_code, 0
    );
    // Rewrite the recorded version as an older newsdex would have written it.
    {
        Xapian::WritableDatabase w(db);
        w.set_metadata("newsdex.schema_version", "0");
        w.commit();
    }
    const RunResult r = search({"kim"}, db);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("schema version 0"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("re-index"), std::string::npos) << r.err;
}

TEST_F(Cli, NewerSchemaAsksForAnUpgrade) {
    TempDir tmp;
    const std::string db = (tmp.path() / "new.db").string();
    ASSERT_EQ(
        run({kIndex, "--db", db, "--progress", "never", "corpus"}, source_dir()).exit_code, 0
    );
    {
        Xapian::WritableDatabase w(db);
        w.set_metadata("newsdex.schema_version", "99");
        w.commit();
    }
    const RunResult r = search({"kim"}, db);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("newer newsdex"), std::string::npos) << r.err;
    const RunResult i = run({kIndex, "--db", db, "--progress", "never", "corpus"}, source_dir());
    EXPECT_EQ(i.exit_code, 2);
    EXPECT_NE(i.err.find("schema version 99"), std::string::npos) << i.err;
}

TEST_F(Cli, LockedDatabaseFailsCleanly) {
    TempDir tmp;
    const std::string db = (tmp.path() / "locked.db").string();
    ASSERT_EQ(
        run({kIndex, "--db", db, "--progress", "never", "corpus"}, source_dir()).exit_code, 0
    );
    Xapian::WritableDatabase holder(db);  // another writer holds the lock
    const RunResult r =
        run({kIndex, "--db", db, "--progress", "never", "tests/fixtures/articles"}, source_dir());
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    EXPECT_NE(r.err.find("being written by another process"), std::string::npos) << r.err;
    // Searching is not blocked by a writer, and nothing of the run got in.
    const RunResult s = search({"--count", ""}, db);
    EXPECT_EQ(s.out, "5\n");
}

TEST_F(Cli, SnippetsAreTheArticlesOwnText) {
    const RunResult text = search({"--color", "never", "xi"}, fixtures_db());
    EXPECT_EQ(text.exit_code, 0);
    EXPECT_NE(text.out.find("Mr Kim & Mr Xi met in Dandong"), std::string::npos) << text.out;
    EXPECT_NE(text.out.find("A literal <b> tag and an & sign"), std::string::npos) << text.out;
    const json j = search_json({"id:fixture-ampersand xi"}, fixtures_db());
    const std::string snippet = j["hits"][0]["snippet"];
    EXPECT_NE(snippet.find("Mr Kim & Mr <em>Xi</em> met"), std::string::npos) << snippet;
    EXPECT_NE(snippet.find("A literal <b> tag"), std::string::npos) << snippet;
    EXPECT_EQ(j["hits"][0]["title"], "Mr Kim & Mr Xi share a <b> tag");
}

TEST_F(Cli, DatesLongBefore1970AndTheLocalDay) {
    const json old = search_json({"date:..1970"}, fixtures_db());
    ASSERT_EQ(old["hits"].size(), 1U);
    EXPECT_EQ(old["hits"][0]["id"], "fixture-berlin-1961");
    EXPECT_EQ(old["hits"][0]["date"], "1961-08-13");
    // Filed under its own local date: 00:30 on 1 January 2020 in Seoul.
    const json seoul = search_json({"year:2020"}, fixtures_db());
    ASSERT_EQ(seoul["hits"].size(), 1U);
    EXPECT_EQ(seoul["hits"][0]["date"], "2020-01-01");
}

TEST_F(Cli, JsonHasThePinnedShape) {
    const json r = search_json({"--limit", "2", "--facets", "year,source", "kim"});
    // PRODUCT.md's keys in its order; `stories` beside the total when
    // near-identical copies are folded (the default; docs/json-output.md).
    const std::vector<std::string> keys{
        "version",
        "query",
        "total",
        "total_exact",
        "stories",
        "stories_exact",
        "offset",
        "hits",
        "facets"};
    std::vector<std::string> got;
    const RunResult raw = search({"--json", "--limit", "2", "--facets", "year,source", "kim"});
    const nlohmann::ordered_json ordered = nlohmann::ordered_json::parse(raw.out);
    for (const auto& [key, value] : ordered.items()) {
        got.push_back(key);
    }
    EXPECT_EQ(got, keys);
    EXPECT_EQ(r["version"], 1);
    EXPECT_EQ(r["total"], 5);
    EXPECT_TRUE(r["total_exact"].get<bool>());
    ASSERT_EQ(r["hits"].size(), 2U);
    const json& hit = r["hits"][0];
    for (const char* key :
         {"rank", "id", "score", "title", "date", "source", "path", "snippet", "entities"}) {
        EXPECT_TRUE(hit.contains(key)) << key;
    }
    EXPECT_EQ(hit["rank"], 1);
    EXPECT_EQ(hit["path"].get<std::string>().substr(0, 7), "corpus/");
    EXPECT_EQ(r["facets"]["year"]["2018"], 2);
    EXPECT_EQ(r["facets"]["year"]["2019"], 2);
    EXPECT_EQ(r["facets"]["source"]["Arirang News"], 2);
}

TEST_F(Cli, CountPrintsOnlyTheExactNumber) {
    const RunResult r = search({"--count", "year:2018..2019"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "4\n");
}

TEST_F(Cli, QueriesStartingWithADash) {
    EXPECT_EQ(sorted_ids("-year:2018 kim"), (Ids{"001", "002", "004"}));
    const RunResult r = search({"kim", "-year:2018", "-year:2019"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("004_ee271d618b2a93c0"), std::string::npos);
}

TEST_F(Cli, ReindexingIsIdempotent) {
    TempDir tmp;
    const std::string db = (tmp.path() / "re.db").string();
    const RunResult first =
        run({kIndex, "--db", db, "--progress", "never", "corpus"}, source_dir());
    EXPECT_EQ(first.exit_code, 0);
    EXPECT_NE(
        first.out.find("5 indexed (5 added, 0 updated), 0 unchanged, 0 removed, 0 skipped"),
        std::string::npos
    ) << first.out;
    const RunResult second =
        run({kIndex, "--db", db, "--progress", "never", "corpus"}, source_dir());
    EXPECT_EQ(second.exit_code, 0);
    EXPECT_NE(second.out.find("0 indexed (0 added, 0 updated), 5 unchanged"), std::string::npos)
        << second.out;
    const RunResult count = run({kSearch, "--db", db, "--count", ""}, source_dir());
    EXPECT_EQ(count.out, "5\n");
}

TEST_F(Cli, IndexerRejectsBadInputsAndKeepsTheRest) {
    TempDir tmp;
    write_file(tmp.path() / "in" / "good.txt", "A good article about Pyongyang.");
    write_file(tmp.path() / "in" / "empty.txt", "");
    write_file(tmp.path() / "in" / "bin.txt", std::string("\0\1\2", 3));
    const std::string db = (tmp.path() / "db").string();
    const RunResult r =
        run({kIndex, "--db", db, "--progress", "never", "in", "missing.txt"}, tmp.path());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("skipped in/empty.txt: empty file (0 bytes)"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("skipped in/bin.txt: binary file"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("skipped missing.txt: no such file"), std::string::npos) << r.err;
    EXPECT_NE(r.out.find("1 indexed"), std::string::npos) << r.out;
    const RunResult found = run({kSearch, "--db", db, "--count", "pyongyang"}, tmp.path());
    EXPECT_EQ(found.out, "1\n");
}

TEST_F(Cli, DefaultDatabaseAndCorpus) {
    TempDir tmp;
    // No PATH: the shipped corpus; no --db: $NEWSDEX_DB.
    const std::string db = (tmp.path() / "env.db").string();
    const RunResult r = run({kIndex, "--progress", "never"}, tmp.path(), {{"NEWSDEX_DB", db}});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.out.find("5 indexed"), std::string::npos) << r.out;
    const RunResult s = run({kSearch, "--count", "pyongyang"}, tmp.path(), {{"NEWSDEX_DB", db}});
    EXPECT_EQ(s.exit_code, 0);
    // ./newsdex.db when nothing else is said.
    const RunResult d = run({kSearch, "kim"}, tmp.path(), {{"NEWSDEX_DB", ""}});
    EXPECT_EQ(d.exit_code, 2);
    EXPECT_NE(d.err.find("./newsdex.db"), std::string::npos) << d.err;
}

TEST_F(Cli, EntityFiltersOnTheCorpus) {
    EXPECT_EQ(sorted_ids("leader:Xi year:2019"), (Ids{"001", "002"}));
    EXPECT_EQ(sorted_ids("leader:Xi"), (Ids{"000", "001", "002", "003"}));
    EXPECT_EQ(sorted_ids("leader:Putin"), (Ids{"004"}));
    EXPECT_EQ(sorted_ids("leader:\"Kim Jong-un\""), (Ids{"000", "001", "002", "003", "004"}));
    EXPECT_EQ(sorted_ids("country:Russia"), (Ids{"004"}));
    // Any case, any alias, quoted or not.
    for (const char* q :
         {"leader:xi", "leader:\"Xi Jinping\"", "person:Xi", "leader:\"xi jinping\""}) {
        EXPECT_EQ(sorted_ids(q), (Ids{"000", "001", "002", "003"})) << q;
    }
    EXPECT_EQ(sorted_ids("country:\"North Korea\""), sorted_ids("country:DPRK"));
    EXPECT_EQ(
        sorted_ids("place:Pyongyang"), (Ids{"000", "001", "002", "004"})
    );  // 001 writes Pyeongyang
    EXPECT_EQ(sorted_ids("org:KCNA"), (Ids{"002", "004"}));
    EXPECT_EQ(sorted_ids("org:\"Korean Central News Agency\""), (Ids{"002", "004"}));
    // Two values of one entity field must both hold.
    EXPECT_EQ(sorted_ids("leader:Xi leader:Putin"), Ids{});
    EXPECT_EQ(sorted_ids("leader:Xi leader:Trump"), (Ids{"001", "002", "003"}));
    // Kim Jong-il is not Kim Jong-un.
    EXPECT_EQ(sorted_ids("leader:\"Kim Jong-il\""), Ids{});
}

TEST_F(Cli, UnknownAndAmbiguousEntityNamesAreExplained) {
    const RunResult unknown = search({"leader:Putn"});
    EXPECT_EQ(unknown.exit_code, 1);
    EXPECT_NE(unknown.err.find("leader:Putn matches no leader"), std::string::npos) << unknown.err;
    EXPECT_NE(unknown.err.find("closest: vladimir putin"), std::string::npos) << unknown.err;
    const RunResult several = search({"leader:Kim"});
    EXPECT_EQ(several.exit_code, 0);
    EXPECT_NE(several.err.find("Kim Jong-un"), std::string::npos) << several.err;
    EXPECT_NE(several.err.find("Kim Jong-il"), std::string::npos) << several.err;
}

TEST_F(Cli, EntityFacetsCountEachArticleOnce) {
    const json r = search_json({"--limit", "100", "--facets", "leader,country", "sanctions"});
    EXPECT_EQ(r["facets"]["leader"]["Kim Jong-un"], 4);
    EXPECT_EQ(r["facets"]["leader"]["Xi Jinping"], 3);
    // Each bucket equals the number of hits carrying the value.
    for (const auto& [name, count] : r["facets"]["leader"].items()) {
        std::size_t carrying = 0;
        for (const json& hit : r["hits"]) {
            const json& leaders = hit["entities"]["leader"];
            carrying += std::find(leaders.begin(), leaders.end(), name) != leaders.end() ? 1 : 0;
        }
        EXPECT_EQ(count.get<std::size_t>(), carrying) << name;
    }
    // Adding a filter never raises a count.
    const json narrower = search_json({"--facets", "leader", "sanctions year:2018"});
    for (const auto& [name, count] : narrower["facets"]["leader"].items()) {
        EXPECT_LE(count.get<int>(), r["facets"]["leader"][name].get<int>()) << name;
    }
    // Sorted by count, then name.
    std::vector<std::pair<int, std::string>> order;
    const nlohmann::ordered_json ordered =
        nlohmann::ordered_json::parse(search({"--json", "--facets", "leader", "sanctions"}).out);
    for (const auto& [name, count] : ordered["facets"]["leader"].items()) {
        order.emplace_back(-count.get<int>(), name);
    }
    EXPECT_TRUE(std::is_sorted(order.begin(), order.end()));
    // Browse: every value with its count.
    const json all = search_json({"--facets", "all", "--facet-limit", "100", ""});
    EXPECT_EQ(all["facets"]["leader"]["Kim Jong-un"], 5);
    EXPECT_EQ(all["facets"]["year"]["2019"], 2);
}

// --facet-sample counts on a sample of the matches and says so; a sample
// as large as the matches gives the exact counts.
TEST_F(Cli, FacetSampleEstimatesAndSaysSo) {
    const json exact = search_json({"--facets", "year", "kim"});
    EXPECT_FALSE(exact.contains("facets_exact"));
    // The index has facet columns (written at the end of the run): with
    // them a sample costs more than exact counts, which it gets.
    const json with_columns =
        search_json({"--facets", "year", "--facet-sample", "1", "--limit", "1", "kim"});
    EXPECT_FALSE(with_columns.contains("facets_exact"));
    EXPECT_EQ(with_columns["facets"], exact["facets"]);
    // Without them (a copy of the index without its columns files) the
    // sample is counted, scaled, and said to be an estimate.
    TempDir tmp;
    const std::string copy = (tmp.path() / "copy.db").string();
    fs::copy(corpus_db(), copy, fs::copy_options::recursive);
    std::vector<fs::path> files;
    for (const auto& entry : fs::recursive_directory_iterator(copy)) {
        if (entry.path().filename() == schema::kFacetColumnsFile) {
            files.push_back(entry.path());
        }
    }
    ASSERT_FALSE(files.empty());
    for (const fs::path& file : files) {
        fs::remove(file);
    }
    const json sampled =
        search_json({"--facets", "year", "--facet-sample", "1", "--limit", "1", "kim"}, copy);
    EXPECT_EQ(sampled["facets_exact"], false);
    EXPECT_EQ(sampled["total"], exact["total"]);
    ASSERT_FALSE(sampled["facets"]["year"].empty());
    for (const auto& [year, count] : sampled["facets"]["year"].items()) {
        EXPECT_TRUE(exact["facets"]["year"].contains(year)) << year;
        EXPECT_GE(count.get<int>(), 1);
        EXPECT_LE(count.get<int>(), exact["total"].get<int>());
    }
    const json whole = search_json({"--facets", "year", "--facet-sample", "100", "kim"}, copy);
    EXPECT_FALSE(whole.contains("facets_exact"));
    EXPECT_EQ(whole["facets"], exact["facets"]);
    const RunResult text =
        search({"--facets", "year", "--facet-sample", "1", "--limit", "1", "kim"}, copy);
    EXPECT_NE(text.out.find("facet counts estimated from a sample"), std::string::npos) << text.out;
}

TEST_F(Cli, EntityFilterHighlightsWhateverNameTheArticleUses) {
    const json r = search_json({"--limit", "10", "place:Pyongyang"});
    bool pyeongyang = false;
    for (const json& hit : r["hits"]) {
        const std::string snippet = hit["snippet"];
        EXPECT_NE(snippet.find("<em>"), std::string::npos) << hit["id"] << ": " << snippet;
        pyeongyang = pyeongyang || snippet.find("<em>Pyeongyang</em>") != std::string::npos;
    }
    EXPECT_TRUE(pyeongyang);
    const json putin = search_json({"leader:Putin"});
    EXPECT_NE(
        putin["hits"][0]["snippet"].get<std::string>().find("<em>Vladimir Putin</em>"),
        std::string::npos
    );
}

TEST_F(Cli, LeadersTheGazetteerLacksAreFoundByTheirTitles) {
    const json kishida = search_json({"leader:Kishida"}, fixtures_db());
    ASSERT_EQ(kishida["hits"].size(), 1U);
    EXPECT_EQ(kishida["hits"][0]["id"], "fixture-kishida");
    EXPECT_EQ(search_json({"country:Japan"}, fixtures_db())["hits"][0]["id"], "fixture-kishida");
    // Not in the gazetteer at all: found by "Mongolian President ...".
    const json k = search_json({"leader:Khurelsukh"}, fixtures_db());
    ASSERT_EQ(k["hits"].size(), 1U);
    EXPECT_EQ(k["hits"][0]["entities"]["leader"][0], "Ukhnaagiin Khurelsukh");
    EXPECT_EQ(
        search_json({"country:Mongolia"}, fixtures_db())["hits"][0]["id"], "fixture-khurelsukh"
    );
    // The mention is highlighted, in full or by the one name used later.
    EXPECT_NE(k["hits"][0]["snippet"].get<std::string>().find("Khurelsukh</em>"), std::string::npos)
        << k["hits"][0]["snippet"];
}

TEST_F(Cli, UserGazetteerExtendsTheBuiltInOne) {
    TempDir tmp;
    write_file(tmp.path() / "mine.tsv", "person\tRodong Reporter\tRR Staffer\t\t\tNorth Korea\t\n");
    write_file(tmp.path() / "in" / "a.txt", "A note written by RR Staffer in Pyongyang.");
    const std::string db = (tmp.path() / "db").string();
    const RunResult r =
        run({kIndex, "--db", db, "--progress", "never", "--entities", "mine.tsv", "in"},
            tmp.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // The search resolves the alias too: the file travels with the index.
    const RunResult s = run({kSearch, "--db", db, "--json", "person:\"RR Staffer\""}, tmp.path());
    EXPECT_EQ(s.exit_code, 0) << s.err;
    EXPECT_EQ(json::parse(s.out)["hits"][0]["entities"]["person"][0], "Rodong Reporter");
    const RunResult missing = run({kIndex, "--db", db, "--entities", "nope.tsv", "in"}, tmp.path());
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_NE(missing.err.find("nope.tsv"), std::string::npos) << missing.err;
}

TEST_F(Cli, SpellingVariantsMeet) {
    EXPECT_EQ(sorted_ids("denuclearization"), (Ids{"000", "001", "002", "003"}));
    EXPECT_EQ(sorted_ids("denuclearisation"), (Ids{"000", "001", "002", "003"}));
    EXPECT_EQ(sorted_ids("favor"), sorted_ids("favour"));
    EXPECT_EQ(sorted_ids("defence"), (Ids{"004"}));
    EXPECT_EQ(sorted_ids("synchronized"), (Ids{"002"}));
    const json r = search_json({"denuclearization"});
    bool british_marked = false;
    for (const json& hit : r["hits"]) {
        british_marked = british_marked
                         || hit["snippet"].get<std::string>().find("<em>denuclearisation</em>")
                                != std::string::npos;
    }
    EXPECT_TRUE(british_marked);
}

TEST_F(Cli, AliasesInFreeText) {
    // 001 writes Pyeongyang only.
    const Ids pyongyang = sorted_ids("Pyongyang");
    EXPECT_NE(std::find(pyongyang.begin(), pyongyang.end(), "001"), pyongyang.end());
    // DPRK finds articles that say North Korea.
    EXPECT_EQ(sorted_ids("DPRK"), (Ids{"000", "001", "002", "003", "004"}));
    EXPECT_EQ(sorted_ids("\"Kim Jong Un\""), (Ids{"000", "001", "002", "003", "004"}));
}

TEST_F(Cli, OtherScriptsAreSearchable) {
    const auto first = [&](const std::string& q) {
        const json r = search_json({"--", q}, fixtures_db());
        return r["hits"].empty() ? std::string() : r["hits"][0]["id"].get<std::string>();
    };
    EXPECT_EQ(first("\xED\x8F\x89\xEC\x96\x91"), "fixture-scripts");  // 평양 (Hangul)
    EXPECT_EQ(
        first("\xEA\xB9\x80\xEC\xA0\x95\xEC\x9D\x80"), "fixture-scripts"
    );  // 김정은, glued to a particle in the text
    EXPECT_EQ(first("\xE5\x8C\x97\xE4\xBA\xAC"), "fixture-scripts");  // 北京 (Chinese)
    EXPECT_EQ(
        first("\xE7\xB7\x8F\xE6\x9B\xB8\xE8\xA8\x98"), "fixture-scripts"
    );  // 総書記 (Japanese)
    EXPECT_EQ(
        first("\xD0\x9F\xD1\x83\xD1\x82\xD0\xB8\xD0\xBD"), "fixture-scripts"
    );                                                             // Путин (Cyrillic)
    EXPECT_EQ(first("besancon creme brulee"), "fixture-scripts");  // no accents typed
    EXPECT_EQ(first("ZURICH DELEGATION"), "fixture-scripts");
    // Names across scripts: 金正恩 and 김정은 are Kim Jong-un.
    const json r = search_json({"leader:\"Kim Jong-un\""}, fixtures_db());
    bool scripts = false;
    for (const json& hit : r["hits"]) {
        scripts = scripts || hit["id"] == "fixture-scripts";
    }
    EXPECT_TRUE(scripts);
}

TEST_F(Cli, SpellingSuggestions) {
    const RunResult r = search({"--color", "never", "denuclearisaton"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.out.find("Did you mean: denuclearisation (4 results)?"), std::string::npos)
        << r.out;
    EXPECT_EQ(search_json({"denuclearisaton"})["suggestion"], "denuclearisation");
    // Words in the index are never corrected; short names are never fuzzed.
    EXPECT_FALSE(search_json({"progress"}).contains("suggestion"));
    EXPECT_FALSE(search_json({"Xii"}).contains("suggestion"));
    EXPECT_FALSE(search_json({"--no-suggest", "denuclearisaton"}).contains("suggestion"));
}

TEST_F(Cli, ExplainSaysHowTheQueryWasRead) {
    const RunResult r = search({"--explain", "Pyongyang -year:2018 leader:Xi"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(
        r.out.find("names place Pyongyang: also searched as pyongyang | pyeongyang"),
        std::string::npos
    ) << r.out;
    EXPECT_NE(r.out.find("year:2018 -> filter Y2018"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("leader:Xi -> filter XLEADER:xi jinping (Xi Jinping)"), std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("Xapian query: Query("), std::string::npos) << r.out;
}

TEST_F(Cli, MoreLikeThis) {
    const Ids like = ids("", {"--like", "003_77f9973bf1b05105"});
    ASSERT_EQ(like.size(), 4U);
    EXPECT_EQ(like.back(), "004");  // Kim's visits to China rank above the Russia story
    EXPECT_EQ(std::find(like.begin(), like.end(), "003"), like.end());
    const RunResult bad = search({"--like", "no-such-id"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("no article with id no-such-id"), std::string::npos) << bad.err;
}

// Whole outputs, pinned (the cases are in golden_cases.h). Regenerate with
// tools/update-golden.sh and review.
json normalised(json j) {
    // Scores are floating point: compare them to 6 significant digits.
    if (j.contains("hits")) {
        for (json& hit : j["hits"]) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%.6g", hit["score"].get<double>());
            hit["score"] = std::string(buf);
        }
    }
    return j;
}

TEST_F(Cli, GoldenOutputs) {
    const bool update = std::getenv("NEWSDEX_UPDATE_GOLDEN") != nullptr;
    for (const Golden& g : goldens()) {
        const RunResult r = search(g.args);
        EXPECT_EQ(r.exit_code, g.exit_code) << g.name << ": " << r.err;
        const auto path =
            source_dir() / "tests" / "cli" / "golden" / (std::string(g.name) + ".out");
        if (update) {
            write_file(path, r.out);
            continue;
        }
        const std::string expected = read_file(path);
        ASSERT_FALSE(expected.empty()) << "missing " << path << ": run tools/update-golden.sh";
        if (std::string(g.name).find("json") != std::string::npos) {
            EXPECT_EQ(normalised(json::parse(r.out)), normalised(json::parse(expected))) << g.name;
        } else {
            EXPECT_EQ(r.out, expected) << g.name;
        }
    }
}

}  // namespace
}  // namespace newsdex::test
