// SPDX-License-Identifier: MIT
// SIGKILL at random moments: a killed run loses at most each shard's open
// batch, leaves an index Xapian finds sound, and a re-run completes it to
// what an uninterrupted run builds.
//
// NEWSDEX_CRASH_TRIALS=N (default 24) sets the number of trials and
// NEWSDEX_CRASH_SEED=S the first trial's seed (default: random); a failing
// trial prints the seed that replays it:
//   NEWSDEX_CRASH_SEED=S NEWSDEX_CRASH_TRIALS=1 build/bin/newsdex_reliability_tests
#include "reliability.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <random>
#include <thread>

namespace newsdex::test {
namespace {

TEST(Crash, SigkillLosesAtMostTheOpenBatchAndARerunCompletes) {
    const Reference& ref = reference();
    ASSERT_EQ(check_complete_index(ref.db), "");
    const unsigned long long trials = env_number("NEWSDEX_CRASH_TRIALS", 24);
    const unsigned long long first_seed = env_number("NEWSDEX_CRASH_SEED", std::random_device()());
    std::printf(
        "crash trials: %llu, first seed %llu; an uninterrupted run takes %.2f s\n",
        trials,
        first_seed,
        ref.seconds
    );
    TempDir dir;
    int killed_while_running = 0;
    int empty = 0;
    int at_the_end = 0;
    for (unsigned long long k = 0; k < trials; ++k) {
        const unsigned long long seed = first_seed + k;
        std::mt19937_64 rng(seed);
        // From the start to a little past a whole run: some kills land in
        // the creation, some in the final commit and compaction.
        const auto delay = std::chrono::microseconds(static_cast<long long>(
            std::uniform_real_distribution<double>(0, 1.1 * ref.seconds * 1e6)(rng)
        ));
        const std::filesystem::path db = dir.path() / ("trial" + std::to_string(k));
        SCOPED_TRACE(
            "trial " + std::to_string(k)
            + ": replay with NEWSDEX_CRASH_SEED=" + std::to_string(seed) + " NEWSDEX_CRASH_TRIALS=1"
        );
        Background indexer(index_command(db), dir.path());
        std::this_thread::sleep_for(delay);
        const bool finished = indexer.kill_now();
        killed_while_running += finished ? 0 : 1;

        std::vector<std::size_t> counts;
        if (std::filesystem::exists(db / "XAPIANDB")) {
            const std::string problem = check_stopped_index(db, counts);
            ASSERT_EQ(problem, "") << "after SIGKILL at " << delay.count() / 1000 << " ms";
        } else {
            ++empty;  // killed before the index existed
        }
        std::size_t total = 0;
        for (const std::size_t c : counts) {
            total += c;
        }
        at_the_end += total == kArticles ? 1 : 0;
        std::printf(
            "  trial %2llu seed %llu: SIGKILL at %5lld ms%s -> %zu articles committed (",
            k,
            seed,
            static_cast<long long>(delay.count() / 1000),
            finished ? " (already finished)" : "",
            total
        );
        for (std::size_t i = 0; i < counts.size(); ++i) {
            std::printf("%s%zu", i == 0 ? "" : " + ", counts[i]);
        }
        std::printf(")\n");

        const RunResult rerun = run(index_command(db), dir.path());
        ASSERT_EQ(rerun.exit_code, 0) << rerun.err;
        ASSERT_EQ(check_complete_index(db), "");
        std::filesystem::remove_all(db);
    }
    std::printf(
        "crash trials survived: %llu (%d killed while running, %d before the index existed, %d "
        "after every article was committed)\n",
        trials,
        killed_while_running,
        empty,
        at_the_end
    );
    std::fflush(stdout);
}

}  // namespace
}  // namespace newsdex::test
