// SPDX-License-Identifier: MIT
// One Searcher shared by several threads searching at once gives each the
// answers it gives one thread (run under ThreadSanitizer by run.sh tsan).
#include "newsdex/index_writer.h"
#include "newsdex/searcher.h"

#include "test_support.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace newsdex::test {
namespace {

std::string fingerprint(const SearchResponse& r) {
    std::string out = std::to_string(r.total);
    for (const Hit& h : r.hits) {
        out += " " + h.id + ":" + h.snippet;
    }
    for (const Facet& f : r.facets) {
        for (const FacetValue& v : f.values) {
            out += " " + v.value + "=" + std::to_string(v.count);
        }
    }
    return out;
}

TEST(Threads, OneSearcherManyThreads) {
    TempDir dir;
    IndexOptions options;
    options.db_path = (dir.path() / "db").string();
    index_inputs(
        options,
        {(source_dir() / "corpus").string(),
         (source_dir() / "tests" / "fixtures" / "articles").string()}
    );
    const Searcher searcher({options.db_path});
    const std::vector<std::string> queries{
        "kim",
        "leader:Xi",
        "visiting",
        "\"Korea's Kim\"",
        "Pyongyang",
        "denuclear*",
        "year:2018..2019",
        "*"};
    std::vector<std::string> expected;
    for (const std::string& q : queries) {
        SearchRequest request;
        request.query = q;
        request.facets = {"leader", "year"};
        expected.push_back(fingerprint(searcher.search(request)));
    }
    std::atomic<int> mismatches{0};
    std::atomic<int> done{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int round = 0; round < 25; ++round) {
                const std::size_t i = static_cast<std::size_t>(t + round) % queries.size();
                SearchRequest request;
                request.query = queries[i];
                request.facets = {"leader", "year"};
                if (fingerprint(searcher.search(request)) != expected[i]) {
                    ++mismatches;
                }
                ++done;
            }
        });
    }
    for (std::thread& t : threads) {
        t.join();
    }
    EXPECT_EQ(done.load(), 100);
    EXPECT_EQ(mismatches.load(), 0);
}

// The indexing pipeline (reader, builder threads, ordered collector, one
// writer thread per shard) with more jobs than cores and small batches
// builds what one job builds.
TEST(Threads, ManyIndexingJobsBuildWhatOneBuilds) {
    TempDir dir;
    const std::vector<std::string> inputs{
        (source_dir() / "corpus").string(),
        (source_dir() / "tests" / "fixtures" / "articles").string(),
        (source_dir() / "tests" / "fixtures" / "formats" / "seeds.jsonl").string()};
    std::vector<std::string> fingerprints;
    for (const unsigned jobs : {1U, 6U}) {
        IndexOptions options;
        options.db_path = (dir.path() / ("jobs" + std::to_string(jobs))).string();
        options.jobs = jobs;
        options.writer.shards = 3;
        options.writer.batch_size = 2;
        const IndexReport report = index_inputs(options, inputs);
        EXPECT_GT(report.added, 10U);
        const Searcher searcher({options.db_path});
        std::string all;
        for (const std::string q : {"*", "kim", "leader:Xi", "\"Korea's Kim\""}) {
            SearchRequest request;
            request.query = q;
            request.limit = 50;
            request.facets = {"leader", "year"};
            all += fingerprint(searcher.search(request)) + "\n";
        }
        fingerprints.push_back(all);
    }
    EXPECT_EQ(fingerprints[0], fingerprints[1]);
}

}  // namespace
}  // namespace newsdex::test
