// SPDX-License-Identifier: MIT
// Writers that meet: two indexers started together on a new index, a
// writer waiting for another that indexes, prunes or compacts, searches
// while the index is compacted again and again, and the commands a user is
// told to run that must not touch the demo corpus.
#include "newsdex/index_writer.h"
#include "newsdex/searcher.h"

#include "index/database.h"
#include "reliability.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <thread>

namespace newsdex::test {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

// Lines [from, to) of the generated corpus, as a JSON Lines file.
fs::path
corpus_slice(const fs::path& dir, const std::string& name, std::size_t from, std::size_t to) {
    std::ifstream in(generated_corpus());
    std::string line;
    std::string out;
    for (std::size_t i = 0; i < to && std::getline(in, line); ++i) {
        if (i >= from) {
            out += line + '\n';
        }
    }
    const fs::path file = dir / name;
    write_file(file, out);
    return file;
}

// The ids of every article in the index, through Xapian.
std::set<std::string> ids_of(const fs::path& db) {
    std::set<std::string> out;
    for (const auto& shard : ids_by_shard(db)) {
        out.insert(shard.begin(), shard.end());
    }
    return out;
}

std::set<std::string> ids_in(const fs::path& jsonl) {
    std::set<std::string> out;
    std::ifstream in(jsonl);
    std::string line;
    while (std::getline(in, line)) {
        const std::size_t at = line.find("\"id\":\"");
        if (at != std::string::npos) {
            out.insert(line.substr(at + 6, line.find('"', at + 6) - at - 6));
        }
    }
    return out;
}

std::set<std::string> united(std::set<std::string> a, const std::set<std::string>& b) {
    a.insert(b.begin(), b.end());
    return a;
}

std::vector<std::string> indexer(const fs::path& db, const std::vector<std::string>& args) {
    std::vector<std::string> argv{NEWSDEX_INDEX_BIN, "--db", db.string(), "--progress", "never"};
    argv.insert(argv.end(), args.begin(), args.end());
    return argv;
}

// Runs two commands that start within a millisecond of each other.
std::pair<RunResult, RunResult> together(
    const std::vector<std::string>& a,
    const std::vector<std::string>& b,
    const fs::path& cwd,
    double b_delay_seconds = 0
) {
    RunResult ra;
    RunResult rb;
    std::atomic<int> ready{0};
    std::thread ta([&] {
        ++ready;
        while (ready.load() < 2) {
        }
        ra = run(a, cwd);
    });
    std::thread tb([&] {
        ++ready;
        while (ready.load() < 2) {
        }
        std::this_thread::sleep_for(std::chrono::duration<double>(b_delay_seconds));
        rb = run(b, cwd);
    });
    ta.join();
    tb.join();
    return {ra, rb};
}

std::string check_of(const fs::path& db) {
    const CheckReport report = check_index(db.string());
    std::string out;
    for (const CheckFinding& f : report.findings) {
        if (f.level != CheckFinding::Level::kInfo) {
            out += f.where + ": " + f.message + "\n";
        }
    }
    return out;
}

TEST(Writers, TwoStartedTogetherOnANewIndexBothLand) {
    TempDir dir;
    const fs::path first = corpus_slice(dir.path(), "first.jsonl", 0, 120);
    const fs::path second = corpus_slice(dir.path(), "second.jsonl", 120, 132);
    const std::set<std::string> all = united(ids_in(first), ids_in(second));
    ASSERT_EQ(all.size(), 132U);
    const unsigned long long trials = env_number("NEWSDEX_WRITER_TRIALS", 50);
    for (unsigned long long trial = 0; trial < trials; ++trial) {
        SCOPED_TRACE("trial " + std::to_string(trial));
        const fs::path db = dir.path() / ("db" + std::to_string(trial));
        // Shard counts and batch sizes vary, so that the writers meet in
        // creation, commits, parts and compaction.
        const std::string shards_a = std::to_string(1 + trial % 3);
        const std::string shards_b = std::to_string(1 + (trial / 3) % 3);
        const auto [a, b] = together(
            indexer(
                db,
                {"--lock-timeout",
                 "60",
                 "--shards",
                 shards_a,
                 "--batch-size",
                 "15",
                 "--part-size",
                 "25",
                 first.string()}
            ),
            indexer(
                db,
                {"--lock-timeout", "60", "--shards", shards_b, "--batch-size", "5", second.string()}
            ),
            dir.path()
        );
        ASSERT_EQ(a.exit_code, 0) << a.err;
        ASSERT_EQ(b.exit_code, 0) << b.err;
        EXPECT_EQ(a.err, "");
        EXPECT_EQ(b.err, "");
        // Whoever came second found an index and added to it.
        EXPECT_NE(a.out.find("120 indexed (120 added"), std::string::npos) << a.out;
        EXPECT_NE(b.out.find("12 indexed (12 added"), std::string::npos) << b.out;
        EXPECT_EQ(ids_of(db), all);
        // Xapian's checker on every shard, and the stub, through --check's
        // library call.
        EXPECT_EQ(check_of(db), "");
        fs::remove_all(db);
    }
    std::printf("%llu trials of two writers started together, every article kept\n", trials);
}

// A second writer starts while the first indexes a new index, prunes or
// compacts: it waits, then does its work; nothing either wrote is lost.
TEST(Writers, AWaitingWriterLosesNothingAgainstIndexPruneOrCompaction) {
    TempDir dir;
    const fs::path big = corpus_slice(dir.path(), "big.jsonl", 0, 800);
    const fs::path fewer = corpus_slice(dir.path(), "fewer.jsonl", 0, 700);
    const fs::path late = corpus_slice(dir.path(), "late.jsonl", 2000, 2005);
    const std::set<std::string> big_ids = ids_in(big);
    const std::set<std::string> late_ids = ids_in(late);
    const std::vector<std::string> b_args{"--lock-timeout", "120", late.string()};
    for (const double delay : {0.0, 0.3, 0.8}) {
        SCOPED_TRACE("second writer after " + std::to_string(delay) + " s");
        // A builds a new index.
        {
            const fs::path db = dir.path() / "index";
            const auto [a, b] = together(
                indexer(db, {"--lock-timeout", "120", "--batch-size", "50", big.string()}),
                indexer(db, b_args),
                dir.path(),
                delay
            );
            EXPECT_EQ(a.exit_code, 0) << a.err;
            EXPECT_EQ(b.exit_code, 0) << b.err;
            EXPECT_EQ(ids_of(db), united(big_ids, late_ids));
            EXPECT_EQ(check_of(db), "");
            fs::remove_all(db);
        }
        // A prunes (800 -> 700 articles): the two orders give either
        // A's articles and B's, or A's alone (B's pruned by A, as asked).
        {
            const fs::path db = dir.path() / "prune";
            ASSERT_EQ(run(indexer(db, {big.string()}), dir.path()).exit_code, 0);
            const auto [a, b] = together(
                indexer(db, {"--lock-timeout", "120", "--prune", fewer.string()}),
                indexer(db, b_args),
                dir.path(),
                delay
            );
            EXPECT_EQ(a.exit_code, 0) << a.err;
            EXPECT_EQ(b.exit_code, 0) << b.err;
            const std::set<std::string> got = ids_of(db);
            EXPECT_TRUE(got == united(ids_in(fewer), late_ids) || got == ids_in(fewer))
                << got.size() << " articles";
            if (delay > 0) {
                EXPECT_EQ(got, united(ids_in(fewer), late_ids));
            }
            EXPECT_EQ(check_of(db), "");
            fs::remove_all(db);
        }
        // A compacts (and merges three shards into one).
        {
            const fs::path db = dir.path() / "compact";
            ASSERT_EQ(run(indexer(db, {"--shards", "3", big.string()}), dir.path()).exit_code, 0);
            const auto [a, b] = together(
                indexer(db, {"--lock-timeout", "120", "--compact", "--shards", "1"}),
                indexer(db, b_args),
                dir.path(),
                delay
            );
            EXPECT_EQ(a.exit_code, 0) << a.err;
            EXPECT_EQ(b.exit_code, 0) << b.err;
            EXPECT_EQ(ids_of(db), united(big_ids, late_ids));
            EXPECT_EQ(check_of(db), "");
            fs::remove_all(db);
        }
    }
}

// Searches open the index again and again while it is compacted again and
// again (each compaction moves every shard to a new folder and retires the
// old one): none may fail.
TEST(Writers, SearchesDuringRepeatedCompactionNeverFail) {
    TempDir dir;
    const fs::path db = dir.path() / "db";
    const fs::path corpus = corpus_slice(dir.path(), "news.jsonl", 0, 1000);
    ASSERT_EQ(run(indexer(db, {"--shards", "2", corpus.string()}), dir.path()).exit_code, 0);
    const unsigned long long target_opens = env_number("NEWSDEX_COMPACTION_OPENS", 5000);
    const unsigned long long target_compactions = env_number("NEWSDEX_COMPACTIONS", 25);

    std::atomic<bool> done{false};
    std::atomic<unsigned> compactions{0};
    std::string compaction_error;
    std::thread compactor([&] {
        IndexOptions options;
        options.db_path = db.string();
        options.compact = true;
        options.writer.lock_timeout_seconds = 60;
        while (!done.load()) {
            try {
                index_inputs(options, {});
                ++compactions;
            } catch (const std::exception& e) {
                compaction_error = e.what();
                return;
            }
        }
    });

    std::atomic<unsigned long long> opens{0};
    std::atomic<unsigned long long> failures{0};
    std::string first_failure;
    std::mutex failure_mutex;
    const auto failed = [&](const std::string& what) {
        ++failures;
        const std::lock_guard<std::mutex> lock(failure_mutex);
        if (first_failure.empty()) {
            first_failure = what;
        }
    };
    // What every search does first: read the stub, open each shard; then
    // read every document's id through the opened handles.
    const auto open_and_read = [&] {
        while (!done.load()) {
            try {
                detail::OpenedDatabases opened = detail::open_readable({db.string()});
                Xapian::Enquire enquire(opened.db);
                enquire.set_query(Xapian::Query("summit"));
                const Xapian::MSet mset = enquire.get_mset(0, 10);
                for (auto it = mset.begin(); it != mset.end(); ++it) {
                    (void)it.get_document().get_data();
                }
                if (opened.db.get_doccount() != 1000) {
                    failed("saw " + std::to_string(opened.db.get_doccount()) + " articles");
                }
                ++opens;
            } catch (const std::exception& e) {
                failed(e.what());
            } catch (const Xapian::Error& e) {
                failed(e.get_description());
            }
        }
    };
    std::thread reader1(open_and_read);
    // A long-lived Searcher follows every compaction; a fresh newsdex-search
    // now and then.
    unsigned long long searches = 0;
    unsigned long long cli = 0;
    {
        const Searcher searcher({db.string()});
        while (opens.load() < target_opens || compactions.load() < target_compactions) {
            SearchRequest request;
            request.query = "summit OR talks";
            request.limit = 5;
            request.facets = {"year"};
            try {
                if (searcher.search(request).total == 0) {
                    failed("a search found nothing");
                }
                ++searches;
            } catch (const std::exception& e) {
                failed(e.what());
            }
            if (searches % 50 == 0) {
                const RunResult r =
                    run({NEWSDEX_SEARCH_BIN, "--db", db.string(), "--count", "summit"}, dir.path());
                if (r.exit_code != 0) {
                    failed("newsdex-search: " + r.err);
                }
                ++cli;
            }
            if (!compaction_error.empty()) {
                break;
            }
        }
    }
    done = true;
    reader1.join();
    compactor.join();
    EXPECT_EQ(compaction_error, "");
    EXPECT_EQ(failures.load(), 0U) << first_failure;
    EXPECT_EQ(check_of(db), "");
    std::printf(
        "%u compactions; %llu opens of the index, %llu searches through a long-lived Searcher and "
        "%llu newsdex-search runs meanwhile, %llu failed\n",
        compactions.load(),
        opens.load(),
        searches,
        cli,
        failures.load()
    );
}

// With no PATH, newsdex-index indexes the shipped corpus only into a new or
// demo index; --compact alone only compacts; --prune needs its PATHs.
TEST(Writers, NoPathNeverTouchesAUsersArchive) {
    TempDir dir;
    const fs::path db = dir.path() / "archive";
    const fs::path corpus = corpus_slice(dir.path(), "news.jsonl", 0, 200);
    ASSERT_EQ(run(indexer(db, {"--shards", "2", corpus.string()}), dir.path()).exit_code, 0);
    const std::set<std::string> before = ids_of(db);

    const RunResult implicit = run(indexer(db, {}), dir.path());
    EXPECT_EQ(implicit.exit_code, 2);
    EXPECT_NE(
        implicit.err.find("holds 200 articles that are not the shipped corpus's"), std::string::npos
    ) << implicit.err;
    EXPECT_EQ(std::count(implicit.err.begin(), implicit.err.end(), '\n'), 1) << implicit.err;

    const RunResult prune = run(indexer(db, {"--prune"}), dir.path());
    EXPECT_EQ(prune.exit_code, 2);
    EXPECT_NE(prune.err.find("--prune"), std::string::npos) << prune.err;
    EXPECT_EQ(ids_of(db), before);

    const std::vector<fs::path> shards = shard_dirs(db);
    const RunResult compact = run(indexer(db, {"--compact"}), dir.path());
    EXPECT_EQ(compact.exit_code, 0) << compact.err;
    EXPECT_NE(compact.out.find("0 indexed"), std::string::npos) << compact.out;
    EXPECT_NE(compact.out.find("(compacted)"), std::string::npos) << compact.out;
    EXPECT_EQ(ids_of(db), before);
    EXPECT_NE(shard_dirs(db), shards) << "compaction writes each shard anew";
    EXPECT_EQ(check_of(db), "");

    // The demo index: made and remade from the shipped corpus.
    const fs::path demo = dir.path() / "demo";
    const RunResult made = run(indexer(demo, {}), dir.path());
    EXPECT_EQ(made.exit_code, 0) << made.err;
    EXPECT_NE(made.out.find("5 indexed"), std::string::npos) << made.out;
    const RunResult again = run(indexer(demo, {}), dir.path());
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("5 unchanged"), std::string::npos) << again.out;
}

// A new index whose first run was killed is compacted by the run that
// completes it, as the first run would have been.
TEST(Writers, TheRunThatCompletesAKilledNewIndexCompactsIt) {
    TempDir dir;
    const fs::path db = dir.path() / "db";
    const std::vector<std::string> command = indexer(
        db, {"--shards", "2", "--batch-size", "20", "--part-size", "0", generated_corpus().string()}
    );
    {
        Background first(command, dir.path());
        const auto until = Clock::now() + std::chrono::seconds(60);
        // Killed once something is committed, long before the end.
        while (Clock::now() < until && !first.exited()) {
            if (fs::exists(db / "XAPIANDB") && !ids_of(db).empty()) {
                break;
            }
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        ASSERT_FALSE(first.kill_now()) << "the run ended before it could be killed";
    }
    for (const fs::path& shard : shard_dirs(db)) {
        EXPECT_EQ(shard.filename().string().find(".g"), std::string::npos) << shard;
    }
    EXPECT_TRUE(fs::exists(db / "newsdex.journal")) << "a new index is unfinished until compacted";
    const RunResult second = run(command, dir.path());
    ASSERT_EQ(second.exit_code, 0) << second.err;
    for (const fs::path& shard : shard_dirs(db)) {
        EXPECT_NE(shard.filename().string().find(".g1"), std::string::npos) << shard;
    }
    EXPECT_FALSE(fs::exists(db / "newsdex.journal"));
    EXPECT_EQ(ids_of(db).size(), kArticles);
    EXPECT_EQ(check_of(db), "");
}

}  // namespace
}  // namespace newsdex::test
