// SPDX-License-Identifier: MIT
// Remote shards on Xapian's own server: two xapian-tcpsrv processes on
// 127.0.0.1 serve the two shards of an index; searching them gives exactly
// what searching the local index gives, and a shard that is down is named
// (or left out with --allow-partial).
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <chrono>

namespace newsdex::test {
namespace {

using nlohmann::json;

const std::string kIndex = NEWSDEX_INDEX_BIN;
const std::string kSearch = NEWSDEX_SEARCH_BIN;
const std::string kTcpsrv = "/usr/bin/xapian-tcpsrv";  // Debian's xapian-tools (run.sh installs it)

std::string fingerprint(
    const std::vector<std::string>& dbs,
    const std::string& query,
    const std::vector<std::string>& extra = {}
) {
    std::vector<std::string> argv{
        kSearch, "--json", "--limit", "20", "--facets", "leader,year,source"};
    for (const std::string& db : dbs) {
        argv.push_back("--db");
        argv.push_back(db);
    }
    argv.insert(argv.end(), extra.begin(), extra.end());
    argv.push_back("--");
    argv.push_back(query);
    const RunResult r = run(argv, source_dir());
    EXPECT_LE(r.exit_code, 1) << r.err;
    json j = json::parse(r.out);
    for (json& hit : j["hits"]) {
        char score[32];
        std::snprintf(score, sizeof score, "%.6f", hit["score"].get<double>());
        hit["score"] = score;
        hit.erase("path");
    }
    return j.dump();
}

TEST(Remote, TwoServedShardsSearchLikeTheLocalIndex) {
    ASSERT_TRUE(std::filesystem::exists(kTcpsrv))
        << "xapian-tcpsrv is missing: apt-get install xapian-tools";
    TempDir tmp;
    const std::string db = (tmp.path() / "db").string();
    const RunResult indexed =
        run({kIndex,
             "--db",
             db,
             "--shards",
             "2",
             "--progress",
             "never",
             "corpus",
             "tests/fixtures/articles"},
            source_dir());
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;

    // The shard folders, as the stub names them.
    std::vector<std::string> shards;
    const std::string stub = read_file(std::filesystem::path(db) / "XAPIANDB");
    for (std::size_t at = stub.find("glass "); at != std::string::npos;
         at = stub.find("glass ", at + 1)) {
        shards.push_back(db + "/" + stub.substr(at + 6, stub.find('\n', at) - at - 6));
    }
    ASSERT_EQ(shards.size(), 2U);
    const int port0 = free_port();
    const int port1 = free_port();
    Background server0(
        {kTcpsrv, "--interface", "127.0.0.1", "--port", std::to_string(port0), shards[0]},
        tmp.path()
    );
    Background server1(
        {kTcpsrv, "--interface", "127.0.0.1", "--port", std::to_string(port1), shards[1]},
        tmp.path()
    );
    ASSERT_TRUE(wait_for_port(port0, 10));
    ASSERT_TRUE(wait_for_port(port1, 10));
    const std::string remote0 = "tcp://127.0.0.1:" + std::to_string(port0);
    const std::string remote1 = "tcp://127.0.0.1:" + std::to_string(port1);

    // The same articles in the same order with the same scores and facets.
    for (const std::string q :
         {"kim",
          "visiting",
          "leader:Xi",
          "\"Korea's Kim\"",
          "year:2018..2019",
          "*",
          "denuclear*"}) {
        EXPECT_EQ(fingerprint({remote0, remote1}, q), fingerprint({db}, q)) << q;
    }
    // A stub file can list remote shards too.
    write_file(
        tmp.path() / "remote.stub",
        "remote 127.0.0.1:" + std::to_string(port0) + "\nremote 127.0.0.1:" + std::to_string(port1)
            + "\n"
    );
    EXPECT_EQ(
        fingerprint({(tmp.path() / "remote.stub").string()}, "kim"), fingerprint({db}, "kim")
    );

    // One shard down: a clear error naming it, soon.
    server1.stop();
    const auto started = std::chrono::steady_clock::now();
    const RunResult down =
        run({kSearch, "--db", remote0, "--db", remote1, "--timeout", "2", "kim"}, source_dir());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    EXPECT_EQ(down.exit_code, 2);
    EXPECT_NE(down.err.find(remote1), std::string::npos) << down.err;
    EXPECT_NE(down.err.find("--allow-partial"), std::string::npos) << down.err;
    EXPECT_LT(seconds, 10.0);
    // With --allow-partial: the other shard's results and a warning.
    const RunResult partial =
        run({kSearch,
             "--db",
             remote0,
             "--db",
             remote1,
             "--timeout",
             "2",
             "--allow-partial",
             "--json",
             "kim"},
            source_dir());
    EXPECT_EQ(partial.exit_code, 0) << partial.err;
    EXPECT_NE(partial.err.find(remote1), std::string::npos) << partial.err;
    const json j = json::parse(partial.out);
    EXPECT_GT(j["total"].get<int>(), 0);
    EXPECT_LT(
        j["total"].get<int>(),
        json::parse(run({kSearch, "--db", db, "--json", "kim"}, source_dir()).out)["total"]
            .get<int>()
    );
}

}  // namespace
}  // namespace newsdex::test
