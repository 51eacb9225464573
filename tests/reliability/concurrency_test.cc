// SPDX-License-Identifier: MIT
// Searches while the indexer commits, and a second indexer on a locked index.
#include "newsdex/searcher.h"

#include "reliability.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <set>
#include <sstream>
#include <thread>

namespace newsdex::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

bool wait_for_file(const fs::path& path, Background& process, double seconds) {
    const auto until = Clock::now() + std::chrono::duration<double>(seconds);
    while (Clock::now() < until) {
        if (fs::exists(path)) {
            return true;
        }
        if (process.exited()) {
            return fs::exists(path);
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
}

TEST(Concurrency, SearchesWhileTheIndexerCommitsNeverFail) {
    const Reference& ref = reference();
    TempDir dir;
    const fs::path db = dir.path() / "db";
    Background indexer(index_command(db), dir.path());
    ASSERT_TRUE(wait_for_file(db / "XAPIANDB", indexer, 60));

    // One long-lived library Searcher (it must follow every commit and the
    // final compaction) and a fresh newsdex-search each time.
    const Searcher searcher({db.string()});
    int library_searches = 0;
    int cli_searches = 0;
    std::uint64_t last_library = 0;
    std::uint64_t last_cli = 0;
    std::set<std::uint64_t> totals_seen;
    while (!indexer.exited()) {
        SearchRequest request;
        request.query = "summit OR talks";
        request.limit = 20;
        request.facets = {"year"};
        SearchResponse r;
        ASSERT_NO_THROW(r = searcher.search(request));
        ++library_searches;
        EXPECT_GE(r.total, last_library) << "a search saw fewer articles than the one before";
        last_library = r.total;
        std::set<std::string> ids;
        for (const Hit& h : r.hits) {
            EXPECT_FALSE(h.title.empty()) << "a half-written article: " << h.id;
            EXPECT_TRUE(ids.insert(h.id).second) << "an article twice: " << h.id;
        }
        SearchRequest all;
        all.query = "*";
        all.count_only = true;
        std::uint64_t everything = 0;
        ASSERT_NO_THROW(everything = searcher.search(all).total);
        totals_seen.insert(everything);

        const RunResult cli =
            run({NEWSDEX_SEARCH_BIN, "--db", db.string(), "--count", "*"}, dir.path());
        // Exit 1 and "0": nothing committed yet.
        ASSERT_TRUE(cli.exit_code == 0 || (cli.exit_code == 1 && cli.out == "0\n")) << cli.err;
        ++cli_searches;
        const std::uint64_t count = std::stoull(cli.out);
        EXPECT_GE(count, last_cli);
        last_cli = count;
    }
    ASSERT_EQ(indexer.wait(), 0);
    // After the last commit, both see everything.
    SearchRequest all;
    all.query = "*";
    all.count_only = true;
    EXPECT_EQ(searcher.search(all).total, kArticles);
    const RunResult cli =
        run({NEWSDEX_SEARCH_BIN, "--db", db.string(), "--count", "*"}, dir.path());
    EXPECT_EQ(cli.out, std::to_string(kArticles) + "\n");
    EXPECT_EQ(search_fingerprint(db), ref.fingerprint);
    std::printf(
        "searches during one indexing run: %d through the library, %d through newsdex-search, "
        "0 failed; %zu different totals seen\n",
        library_searches,
        cli_searches,
        totals_seen.size()
    );
    EXPECT_GE(library_searches, 3);
}

TEST(Concurrency, ASecondIndexerWaitsForTheLockThenFailsWithOneLine) {
    const Reference& ref = reference();
    TempDir dir;
    const fs::path db = dir.path() / "db";
    ASSERT_EQ(run(index_command(db), dir.path()).exit_code, 0);
    const auto before = ids_by_shard(db);
    {
        // Another writer holds the index.
        const Xapian::WritableDatabase holder(shard_dirs(db)[1].string(), Xapian::DB_OPEN);
        for (const std::string wait : {"0", "1.5"}) {
            const auto start = Clock::now();
            const RunResult second = run(index_command(db, {"--lock-timeout", wait}), dir.path());
            const double took = std::chrono::duration<double>(Clock::now() - start).count();
            EXPECT_EQ(second.exit_code, 2);
            EXPECT_EQ(std::count(second.err.begin(), second.err.end(), '\n'), 1) << second.err;
            EXPECT_NE(second.err.find("being written by another process"), std::string::npos)
                << second.err;
            EXPECT_NE(second.err.find("--lock-timeout"), std::string::npos) << second.err;
            EXPECT_GE(took, std::stod(wait));
            EXPECT_LT(took, std::stod(wait) + 10);
            std::printf(
                "  --lock-timeout %s: exit 2 after %.2f s: %s",
                wait.c_str(),
                took,
                second.err.c_str()
            );
        }
    }
    // No harm done.
    EXPECT_EQ(ids_by_shard(db), before);
    EXPECT_EQ(check_complete_index(db), "");

    // With a timeout long enough, the second indexer waits for the first.
    std::unique_ptr<Xapian::WritableDatabase> holder =
        std::make_unique<Xapian::WritableDatabase>(shard_dirs(db)[0].string(), Xapian::DB_OPEN);
    Background second(index_command(db, {"--lock-timeout", "60"}), dir.path());
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
    EXPECT_FALSE(second.exited()) << "it did not wait for the lock";
    holder.reset();  // the first writer finishes
    EXPECT_EQ(second.wait(), 0);
    EXPECT_EQ(check_complete_index(db), "");
    (void)ref;
}

}  // namespace
}  // namespace newsdex::test
