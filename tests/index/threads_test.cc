// SPDX-License-Identifier: MIT
// One Searcher shared by several threads searching at once gives each the
// answers it gives one thread (run under ThreadSanitizer by run.sh tsan).
#include "newsdex/index_writer.h"
#include "newsdex/searcher.h"

#include "index/database.h"
#include "index/facet_columns.h"
#include "search/facets.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <xapian.h>

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <sstream>
#include <thread>
#include <unordered_map>

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
        // Many jobs also build each shard in parts (of 2 articles), the
        // writer threads adding parts to the stub at once.
        options.writer.part_size = jobs == 1 ? 0 : 2;
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

// The spelling data of each shard's databases, word -> frequency.
std::vector<std::map<std::string, Xapian::doccount>> spelling_by_shard(const std::string& path) {
    std::vector<std::map<std::string, Xapian::doccount>> out;
    for (const std::filesystem::path& dir : shard_dirs(path)) {
        const Xapian::Database db(dir.string());
        auto& words = out.emplace_back();
        for (auto w = db.spellings_begin(); w != db.spellings_end(); ++w) {
            words[*w] = w.get_termfreq();
        }
    }
    return out;
}

// Each word's spelling frequency is written to one shard only, and the
// shards' frequencies add up to what one database holds, after a first run
// and after a run that changes an article and prunes another; the shards'
// writers hand counts to each other every 20 words here (while they write
// at once), and at every commit.
TEST(Threads, SpellingDataIsOneDatabasesSpreadOverTheShards) {
    TempDir dir;
    const std::filesystem::path input = dir.path() / "in" / "seeds.jsonl";
    const std::string seeds =
        read_file(source_dir() / "tests" / "fixtures" / "formats" / "seeds.jsonl");
    write_file(input, seeds);
    const std::vector<std::string> inputs{
        input.string(), (source_dir() / "tests" / "fixtures" / "articles").string()};
    const auto run = [&](const std::string& name, bool sharded) {
        IndexOptions options;
        options.db_path = (dir.path() / name).string();
        options.prune = true;
        if (sharded) {
            options.jobs = 6;
            options.writer.shards = 3;
            options.writer.batch_size = 2;
            options.writer.part_size = 2;
            options.writer.spelling_flush = 20;
        } else {
            options.jobs = 1;
            options.writer.shards = 1;
        }
        const IndexReport report = index_inputs(options, inputs);
        EXPECT_EQ(report.skipped, 0U);
        return spelling_by_shard(options.db_path);
    };
    const auto check = [](const std::vector<std::map<std::string, Xapian::doccount>>& one,
                          const std::vector<std::map<std::string, Xapian::doccount>>& shards) {
        ASSERT_EQ(one.size(), 1U);
        ASSERT_EQ(shards.size(), 3U);
        std::map<std::string, Xapian::doccount> sum;
        for (const auto& shard : shards) {
            EXPECT_FALSE(shard.empty());
            for (const auto& [word, freq] : shard) {
                EXPECT_TRUE(sum.emplace(word, freq).second) << word << " in two shards";
            }
        }
        EXPECT_GT(one.front().size(), 500U);
        EXPECT_EQ(sum, one.front());
    };
    check(run("one", false), run("sharded", true));

    // One article's body changes (a word it alone had goes), another goes.
    std::istringstream lines(seeds);
    std::string line;
    std::vector<std::string> kept;
    while (std::getline(lines, line)) {
        kept.push_back(line);
    }
    ASSERT_GE(kept.size(), 3U);
    kept.pop_back();
    const std::string text_key = "\"text\": \"";
    const std::size_t text = kept[0].find(text_key);
    ASSERT_NE(text, std::string::npos);
    kept[0].insert(text + text_key.size(), "Zanzibarian quokkas. ");
    std::string changed;
    for (const std::string& l : kept) {
        changed += l + "\n";
    }
    write_file(input, changed);
    const auto one = run("one", false);
    const auto sharded = run("sharded", true);
    check(one, sharded);
    EXPECT_EQ(one.front().count("quokkas"), 1U);
}

// Exact facets counted on every shard at once (each thread with its own copy
// of the query) are the counts of one shard after another, and the counts
// of a spy over the shards searched as one.
TEST(Threads, FacetsCountedOnAllShardsAtOnceAreTheSameAsOneByOne) {
    TempDir dir;
    IndexOptions options;
    options.db_path = (dir.path() / "db").string();
    options.writer.shards = 3;
    index_inputs(
        options,
        {(source_dir() / "corpus").string(),
         (source_dir() / "tests" / "fixtures" / "articles").string()}
    );
    const detail::OpenedDatabases opened = detail::open_readable({options.db_path});
    ASSERT_EQ(opened.shards.size(), 3U);
    const std::vector<const schema::Field*> fields{
        &schema::field("leader"), &schema::field("country"), &schema::field("year")};
    const std::vector<Xapian::Query> queries{
        Xapian::Query::MatchAll, Xapian::Query("korea"), Xapian::Query("kim")};
    for (std::size_t query_no = 0; query_no < queries.size(); ++query_no) {
        const Xapian::Query& query = queries[query_no];
        std::vector<std::unordered_map<std::string, Xapian::doccount>> serial;
        std::vector<std::unordered_map<std::string, Xapian::doccount>> parallel;
        const Xapian::doccount n = detail::count_facets_by_shard(
            opened.shards, opened.shard_dirs, query, fields, false, serial
        );
        EXPECT_EQ(
            detail::count_facets_by_shard(
                opened.shards, opened.shard_dirs, query, fields, true, parallel
            ),
            n
        );
        EXPECT_EQ(serial, parallel);
        // The same from the facet columns files the run wrote, and from
        // columns built in memory (by the first call, read by the second).
        for (const bool from_files : {true, false}) {
            detail::FacetColumns columns;
            const std::vector<std::string> dirs =
                from_files ? opened.shard_dirs : std::vector<std::string>();
            for (const bool at_once : {true, false}) {
                std::vector<std::unordered_map<std::string, Xapian::doccount>> from_columns;
                EXPECT_EQ(
                    detail::count_facets_by_shard(
                        opened.shards,
                        dirs,
                        query,
                        fields,
                        at_once,
                        from_columns,
                        &columns,
                        !from_files
                    ),
                    n
                );
                EXPECT_EQ(from_columns, serial);
                for (std::size_t i = 0; i < opened.shards.size() && query_no == 0; ++i) {
                    // A file serves without building; columns once built
                    // (for a shard with matches: all of them match `*`) stay.
                    EXPECT_NE(
                        columns.get(
                            opened.shards[i],
                            dirs.empty() ? "" : dirs[i],
                            schema::slot_number(schema::Slot::kCountries),
                            false
                        ),
                        nullptr
                    );
                }
            }
        }
        EXPECT_GT(n, 0U) << query.get_description();

        Xapian::Database all = opened.db;
        Xapian::Enquire enquire(all);
        enquire.set_query(query);
        std::vector<std::unique_ptr<detail::FacetSpy>> spies;
        for (const schema::Field* f : fields) {
            spies.push_back(std::make_unique<detail::FacetSpy>(*f));
            enquire.add_matchspy(spies.back().get());
        }
        const Xapian::MSet mset = enquire.get_mset(0, 10, all.get_doccount());
        EXPECT_EQ(mset.get_matches_estimated(), n);
        for (std::size_t i = 0; i < fields.size(); ++i) {
            const Facet a = detail::facet_from_lists(*fields[i], serial[i], 100);
            const Facet b = spies[i]->result(100);
            ASSERT_EQ(a.values.size(), b.values.size()) << fields[i]->name;
            for (std::size_t v = 0; v < a.values.size(); ++v) {
                EXPECT_EQ(a.values[v].value, b.values[v].value);
                EXPECT_EQ(a.values[v].count, b.values[v].count);
            }
        }
    }
    std::vector<std::unordered_map<std::string, Xapian::doccount>> lists;
    EXPECT_EQ(
        detail::count_facets_by_shard(
            opened.shards, opened.shard_dirs, Xapian::Query::MatchAll, fields, true, lists
        ),
        opened.db.get_doccount()
    );
}

// A searcher's facet columns follow the index: articles committed after
// they were built are counted.
TEST(Threads, FacetColumnsFollowNewCommits) {
    TempDir dir;
    IndexOptions options;
    options.db_path = (dir.path() / "db").string();
    options.writer.shards = 2;
    index_inputs(options, {(source_dir() / "corpus").string()});
    const Searcher searcher({options.db_path});
    SearchRequest request;
    request.query = "*";
    request.facets = {"year"};
    const auto count_of = [&](const std::string& year) {
        const SearchResponse response = searcher.search(request);
        for (const FacetValue& v : response.facets.at(0).values) {
            if (v.value == year) {
                return v.count;
            }
        }
        return std::uint64_t{0};
    };
    const std::uint64_t before = count_of("2021");
    EXPECT_EQ(count_of("2021"), before);  // the second search builds the columns
    EXPECT_EQ(count_of("2021"), before);  // the third reads them
    index_inputs(options, {(source_dir() / "tests" / "fixtures" / "articles").string()});
    EXPECT_GT(count_of("2021"), before);
    EXPECT_EQ(searcher.search(request).total, searcher.article_count());
    // With facet columns at hand, a sample is counted exactly.
    SearchRequest sampled = request;
    sampled.facet_sample = 1;
    const SearchResponse exact = searcher.search(request);
    const SearchResponse from_sample = searcher.search(sampled);
    EXPECT_TRUE(from_sample.facets_exact);
    ASSERT_EQ(from_sample.facets.size(), 1U);
    ASSERT_EQ(from_sample.facets[0].values.size(), exact.facets[0].values.size());
    for (std::size_t i = 0; i < exact.facets[0].values.size(); ++i) {
        EXPECT_EQ(from_sample.facets[0].values[i].value, exact.facets[0].values[i].value);
        EXPECT_EQ(from_sample.facets[0].values[i].count, exact.facets[0].values[i].count);
    }
}

// The facet columns files a run writes serve only while their shard is at
// the revision they were written for, and only when whole: a stale or
// damaged file is left aside and the counts stay exact; the next run
// writes them again.
TEST(Threads, FacetColumnsFilesServeOnlyWhenCurrentAndWhole) {
    TempDir dir;
    IndexOptions options;
    options.db_path = (dir.path() / "db").string();
    options.writer.shards = 2;
    index_inputs(options, {(source_dir() / "corpus").string()});
    SearchRequest request;
    request.query = "*";
    request.facets = {"year", "country", "leader"};
    const auto counts = [&] {
        return fingerprint(Searcher({options.db_path}).search(request));
    };
    // Whether every facet slot of the shard is served from its file.
    const auto served = [&](std::size_t shard) {
        const detail::OpenedDatabases opened = detail::open_readable({options.db_path});
        detail::FacetColumns columns;
        for (const schema::Field& f : schema::kFields) {
            if (schema::has_use(f, schema::kFacet)
                && columns.get(
                       opened.shards.at(shard),
                       opened.shard_dirs.at(shard),
                       schema::slot_number(f.slot),
                       false
                   ) == nullptr) {
                return false;
            }
        }
        return true;
    };
    const std::string expected = counts();
    EXPECT_NE(expected.find("2018="), std::string::npos) << expected;
    ASSERT_TRUE(served(0));
    ASSERT_TRUE(served(1));

    const std::string file =
        detail::facet_file_path(detail::open_readable({options.db_path}).shard_dirs.at(0));
    const std::string whole = read_file(file);
    std::vector<std::string> damaged{
        whole.substr(0, whole.size() / 2),
        whole.substr(0, 20),
        std::string(whole.size(), 'x'),
        std::string()};
    // One byte changed: in the header, the slot directory, the middle, the end.
    for (const std::size_t at :
         {std::size_t{30}, std::size_t{100}, whole.size() / 2, whole.size() - 9}) {
        std::string flipped = whole;
        flipped[at] = static_cast<char>(flipped[at] ^ 0x5a);
        damaged.push_back(flipped);
    }
    for (const std::string& bytes : damaged) {
        write_file(file, bytes);
        EXPECT_FALSE(served(0)) << bytes.size();
        EXPECT_EQ(counts(), expected);
    }
    write_file(file, whole);
    EXPECT_TRUE(served(0));

    // A library writer's commit leaves the files of the shards it changed
    // behind their revision: they are not used, and its article is counted.
    {
        IndexWriter writer(options.db_path);
        Article a;
        a.id = "facet-columns-extra";
        a.title = "Seoul and Pyongyang talk";
        a.body = "Officials of South Korea and North Korea met in Panmunjom on Monday.";
        a.date = Date{1987, 6, 1};
        writer.add(a);
    }
    EXPECT_FALSE(served(0) && served(1));
    const std::string after = counts();
    EXPECT_NE(after.find(" 1987=1"), std::string::npos) << after;
    EXPECT_EQ(expected.find(" 1987="), std::string::npos) << expected;

    // The next run (nothing new in its inputs) writes them again.
    index_inputs(options, {(source_dir() / "corpus").string()});
    EXPECT_TRUE(served(0));
    EXPECT_TRUE(served(1));
    EXPECT_EQ(counts(), after);
}

}  // namespace
}  // namespace newsdex::test
