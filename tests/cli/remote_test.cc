// SPDX-License-Identifier: MIT
// Remote shards on Xapian's own server: two xapian-tcpsrv processes on
// 127.0.0.1 serve the two shards of an index; searching them gives exactly
// what searching the local index gives (the golden cases and a table of
// queries and options, pages of date order whose ties cross page
// boundaries), what cannot be done remotely is refused in one line, and a
// shard that is down or silent is named (or left out with --allow-partial).
#include "golden_cases.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <chrono>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace newsdex::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kIndex = NEWSDEX_INDEX_BIN;
const std::string kSearch = NEWSDEX_SEARCH_BIN;
const std::string kTcpsrv = "/usr/bin/xapian-tcpsrv";  // Debian's xapian-tools (run.sh installs it)

// An index of two shards built from `inputs` (relative to the source tree),
// each shard served by its own xapian-tcpsrv on 127.0.0.1.
class ServedShards {
  public:
    ServedShards(const fs::path& dir, const std::vector<std::string>& inputs) {
        local_ = (dir / "db").string();
        std::vector<std::string> argv{
            kIndex, "--db", local_, "--shards", "2", "--progress", "never"};
        argv.insert(argv.end(), inputs.begin(), inputs.end());
        const RunResult indexed = run(argv, source_dir());
        EXPECT_EQ(indexed.exit_code, 0) << indexed.err;
        const std::vector<fs::path> shards = shard_dirs(local_);
        EXPECT_EQ(shards.size(), 2U);
        for (const fs::path& shard : shards) {
            servers_.push_back(std::make_unique<RemoteShard>(shard, dir));
            EXPECT_TRUE(servers_.back()->ready())
                << "xapian-tcpsrv did not start on " << servers_.back()->port();
            remote_.push_back(servers_.back()->url());
        }
    }

    const std::string& local() const { return local_; }

    const std::vector<std::string>& remote() const { return remote_; }

    RemoteShard& server(std::size_t i) { return *servers_[i]; }

  private:
    std::string local_;
    std::vector<std::string> remote_;
    std::vector<std::unique_ptr<RemoteShard>> servers_;
};

RunResult search(const std::vector<std::string>& dbs, const std::vector<std::string>& args) {
    std::vector<std::string> argv{kSearch};
    for (const std::string& db : dbs) {
        argv.push_back("--db");
        argv.push_back(db);
    }
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, source_dir(), {{"NO_COLOR", ""}});
}

// What a search printed, to compare: JSON parsed, with scores to 6
// decimals and without `path` (the indexer names the files it read);
// anything else as printed. And the exit status.
std::string comparable(const RunResult& r) {
    std::string out = "exit " + std::to_string(r.exit_code) + "\n";
    if (r.out.empty() || r.out[0] != '{') {
        return out + r.out;
    }
    json j = json::parse(r.out);
    // Notices say how the search was made (over remote shards, spelling
    // cannot be suggested): they differ by design. Each is also on
    // standard error, in the same words.
    if (j.contains("notices")) {
        for (const json& notice : j["notices"]) {
            EXPECT_NE(r.err.find(notice.get<std::string>()), std::string::npos) << r.err;
        }
        j.erase("notices");
    }
    for (json& hit : j["hits"]) {
        char score[32];
        std::snprintf(score, sizeof score, "%.6f", hit["score"].get<double>());
        hit["score"] = score;
        hit.erase("path");
    }
    return out + j.dump(1);
}

// In date order over remote shards nothing is folded (a notice says so):
// the local search is asked not to fold either, and both are compared.
std::vector<std::string> unfolded_by_date(std::vector<std::string> args) {
    const auto sort = std::find(args.begin(), args.end(), "--sort");
    const bool by_date = sort != args.end() && sort + 1 != args.end() && sort[1] != "relevance";
    if (by_date && std::find(args.begin(), args.end(), "--collapse") == args.end()) {
        args.insert(args.begin(), "--no-collapse");
    }
    return args;
}

// Searches the served shards and the local index alike and compares;
// returns what the served shards gave.
RunResult expect_same(const ServedShards& index, const std::vector<std::string>& given) {
    const std::vector<std::string> args = unfolded_by_date(given);
    std::string shown;
    for (const std::string& a : args) {
        shown += " '" + a + "'";
    }
    SCOPED_TRACE("newsdex-search" + shown);
    const RunResult local = search({index.local()}, args);
    const RunResult remote = search(index.remote(), args);
    EXPECT_LE(local.exit_code, 1) << local.err;
    EXPECT_EQ(comparable(remote), comparable(local)) << remote.err;
    return remote;
}

bool have_tcpsrv() {
    return fs::exists(kTcpsrv);
}

// Every documented option of newsdex-search that applies to the results
// (the first kMainOptions of them are tried with every query).
constexpr std::size_t kMainOptions = 5;
const std::vector<std::vector<std::string>> kOptionSets{
    {"--json"},
    {"--json", "--sort", "date"},
    {"--json", "--sort", "-date"},
    {"--json", "--limit", "2", "--facets", "all"},
    {"--json", "--sort", "relevance", "--limit", "3", "--offset", "2"},
    {"--json", "--sort", "date", "--limit", "2", "--offset", "3"},
    {"--json", "--sort", "-date", "--limit", "1", "--offset", "1"},
    {"--json",
     "--limit",
     "2",
     "--offset",
     "1",
     "--facets",
     "leader,year,country",
     "--facet-limit",
     "2"},
    {"--json", "--sort", "date", "--limit", "1", "--facets", "place,org,month,source,person"},
    {"--json", "--limit", "1", "--facets", "year,leader", "--facet-sample", "1000"},
    {"--count"},
    {"--json", "--collapse"},
    {"--json", "--collapse", "--limit", "1", "--offset", "1", "--facets", "year"},
    {"--count", "--collapse"},
    {"--json", "--like", "003_77f9973bf1b05105", "--limit", "3"},
    {"--explain"},
    {"--color", "never", "--snippet-length", "60"},
    {"--json", "--hl-start", "[", "--hl-end", "]", "--limit", "2"},
    {"--format", "tsv"},
    {"--format", "ids", "--sort", "-date"},
    {"--json", "--no-suggest", "--timeout", "3", "--allow-partial"},
};

// Queries of every kind: words, filters alone, every article, negation, a
// phrase, ranges, wildcards, nothing (the first kEveryOption of them are
// tried with every option).
constexpr std::size_t kEveryOption = 4;
const std::vector<std::string> kQueries{
    "kim beijing visit",
    "leader:Xi year:2019",
    "",
    "-year:2018 kim",
    "\"Korea's Kim\"",
    "date:2018-06-01..2019-12-31 summit",
    "denuclear*",
    "zzyzx",
};

TEST(Remote, GoldenQueriesAndEveryOptionSearchLikeTheLocalIndex) {
    ASSERT_TRUE(have_tcpsrv()) << "xapian-tcpsrv is missing: apt-get install xapian-tools";
    TempDir tmp;
    const ServedShards index(tmp.path(), {"corpus", "tests/fixtures/articles"});
    for (const Golden& g : goldens()) {
        expect_same(index, g.args);
    }
    // Every match, streamed (the parts put in order here, not by the servers).
    expect_same(index, {"--all", "--format", "tsv", "--", "*"});
    expect_same(index, {"--all", "--json", "--sort", "-date", "--", "kim"});
    // Every option with a few queries, every query with the main options.
    for (std::size_t q = 0; q < kQueries.size(); ++q) {
        for (std::size_t o = 0; o < kOptionSets.size(); ++o) {
            if (q >= kEveryOption && o >= kMainOptions) {
                continue;
            }
            std::vector<std::string> args = kOptionSets[o];
            args.emplace_back("--");
            args.push_back(kQueries[q]);
            expect_same(index, args);
        }
    }
    // A stub file can list remote shards too.
    const fs::path stub = tmp.path() / "remote.stub";
    write_file(
        stub,
        "remote " + index.remote()[0].substr(6) + "\nremote " + index.remote()[1].substr(6) + "\n"
    );
    const std::vector<std::string> args{
        "--json", "--no-collapse", "--facets", "all", "--sort", "date", "kim"};
    EXPECT_EQ(comparable(search({stub.string()}, args)), comparable(search({index.local()}, args)));
}

// 60 articles on 3 days (20 a day, the same instant), with ids in another
// order than they are read, 3 undated articles and two copies of one
// article: date order's ties fill whole pages and cross their boundaries.
std::string tied_articles() {
    std::string out;
    const char* days[] = {"2021-03-02", "2021-03-01", "2021-03-03"};
    for (int i = 0; i < 60; ++i) {
        char id[16];
        std::snprintf(id, sizeof id, "tie-%02d", (i * 37) % 60);
        json a{
            {"id", id},
            {"title", std::string("Harbour report ") + id},
            {"date", days[i % 3]},
            {"countries", i % 4 == 0 ? json::array({"Japan"}) : json::array({"Chile", "Peru"})},
            {"body",
             std::string("Grain shipments at the harbour, report ") + id
                 + (i % 2 == 0 ? " on wheat prices." : " on maize and barley.")},
        };
        out += a.dump() + "\n";
    }
    for (const char* id : {"undated-b", "undated-a", "undated-c"}) {
        out +=
            json{{"id", id}, {"title", id}, {"body", "Grain shipments with no date, wheat."}}.dump()
            + "\n";
    }
    for (const char* id : {"copy-2", "copy-1"}) {
        out +=
            json{
                {"id", id},
                {"title", "Copied wire story"},
                {"date", "2021-03-02"},
                {"body", "The same grain story about wheat, printed twice."}}
                .dump()
            + "\n";
    }
    return out;
}

TEST(Remote, DateOrderTiesArePagedLikeTheLocalIndex) {
    ASSERT_TRUE(have_tcpsrv()) << "xapian-tcpsrv is missing: apt-get install xapian-tools";
    TempDir tmp;
    const fs::path articles = tmp.path() / "tied.jsonl";
    write_file(articles, tied_articles());
    const ServedShards index(tmp.path(), {articles.string()});
    for (const std::string sort : {"date", "-date"}) {
        for (const std::string query : {"", "wheat"}) {
            SCOPED_TRACE("--sort " + sort + " '" + query + "'");
            // The whole order, in one page: by day, ids within a day, the
            // undated last by id.
            const RunResult all = search(
                {index.local()},
                unfolded_by_date({"--json", "--limit", "100", "--sort", sort, "--", query})
            );
            const json whole = json::parse(all.out);
            std::vector<std::string> order;
            for (std::size_t i = 0; i < whole["hits"].size(); ++i) {
                const json& hit = whole["hits"][i];
                order.push_back(hit["id"]);
                if (i == 0) {
                    continue;
                }
                const json& before = whole["hits"][i - 1];
                if (hit["date"].is_null() || before["date"].is_null()) {
                    // Undated articles last, by id.
                    ASSERT_TRUE(hit["date"].is_null()) << "dated after undated: " << order[i];
                    if (before["date"].is_null()) {
                        EXPECT_LT(order[i - 1], order[i]);
                    }
                    continue;
                }
                const std::string a = before["date"];
                const std::string b = hit["date"];
                EXPECT_TRUE(sort == "date" ? a <= b : a >= b) << a << " " << b;
                if (a == b) {
                    EXPECT_LT(order[i - 1], order[i]);
                }
            }
            EXPECT_EQ(order.size(), query.empty() ? 65U : 35U);
            expect_same(index, {"--json", "--limit", "100", "--sort", sort, "--", query});
            // Every page of several sizes, over the served shards, is that
            // order's slice, and the local index's page.
            for (const int limit : {7, 13}) {
                for (std::size_t offset = 0; offset < order.size() + 1; offset += limit) {
                    const std::vector<std::string> args{
                        "--json",
                        "--limit",
                        std::to_string(limit),
                        "--offset",
                        std::to_string(offset),
                        "--sort",
                        sort,
                        "--",
                        query};
                    const json page = json::parse(expect_same(index, args).out);
                    for (std::size_t i = 0; i < page["hits"].size(); ++i) {
                        EXPECT_EQ(page["hits"][i]["id"], order[offset + i]) << offset + i;
                    }
                }
            }
        }
    }
    // Facet counts with a full page (the matches below it come from both
    // shards), collapsed copies, counts.
    for (const std::vector<std::string>& args : std::vector<std::vector<std::string>>{
             {"--json", "--limit", "3", "--facets", "all", "--", ""},
             {"--json", "--limit", "1", "--facets", "country,month", "wheat"},
             {"--json", "--limit", "3", "--sort", "date", "--facets", "country", "grain"},
             {"--json",
              "--limit",
              "2",
              "--offset",
              "5",
              "--sort",
              "-date",
              "--facets",
              "year",
              "maize"},
             {"--json", "--collapse", "--limit", "4", "wheat"},
             {"--json", "--collapse", "--limit", "4", "--facets", "country", "wheat"},
             {"--count", "--collapse", "wheat"},
             {"--count", "grain"},
         }) {
        expect_same(index, args);
    }
    const json copies =
        json::parse(search(index.remote(), {"--json", "--collapse", "printed twice"}).out);
    ASSERT_EQ(copies["hits"].size(), 1U);
    EXPECT_EQ(copies["hits"][0]["id"], "copy-1");
    EXPECT_EQ(copies["hits"][0]["duplicates"], 1);
}

// A socket that accepts connections (the kernel does) and never answers.
class SilentServer {
  public:
    SilentServer() {
        fd_ = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
        listen(fd_, 8);
        socklen_t len = sizeof addr;
        getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
        port_ = ntohs(addr.sin_port);
    }

    ~SilentServer() { close(fd_); }

    SilentServer(const SilentServer&) = delete;
    SilentServer& operator=(const SilentServer&) = delete;

    int port() const { return port_; }

  private:
    int fd_ = -1;
    int port_ = 0;
};

double seconds_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

TEST(Remote, WhatCannotBeDoneOrReachedIsSaidInOneLine) {
    ASSERT_TRUE(have_tcpsrv()) << "xapian-tcpsrv is missing: apt-get install xapian-tools";
    TempDir tmp;
    ServedShards index(tmp.path(), {"corpus", "tests/fixtures/articles"});
    const std::string& remote0 = index.remote()[0];
    const std::string& remote1 = index.remote()[1];

    // Collapsing copies in date order: refused, with why; folding
    // near-identical stories (the default): not done, and said why in one line.
    for (const std::string sort : {"date", "-date"}) {
        const RunResult r = search(index.remote(), {"--collapse", "--sort", sort, "kim"});
        EXPECT_EQ(r.exit_code, 2);
        EXPECT_TRUE(r.out.empty());
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_NE(r.err.find("not available over remote shards"), std::string::npos) << r.err;
        const RunResult folded = search(index.remote(), {"--sort", sort, "kim"});
        EXPECT_EQ(folded.exit_code, 0);
        EXPECT_FALSE(folded.out.empty());
        EXPECT_EQ(std::count(folded.err.begin(), folded.err.end(), '\n'), 1) << folded.err;
        EXPECT_NE(folded.err.find("not folded in date order over remote shards"), std::string::npos)
            << folded.err;
    }
    // Sorting by a number field: xapian-tcpsrv sorts by no key of ours.
    const RunResult by_field = search(index.remote(), {"--sort", "-words", "kim"});
    EXPECT_EQ(by_field.exit_code, 2);
    EXPECT_NE(by_field.err.find("not available over remote shards"), std::string::npos)
        << by_field.err;
    // A word the index lacks: no suggestion can be made, and that is said.
    const RunResult typo = search(index.remote(), {"--json", "denuclearisaton"});
    EXPECT_EQ(typo.exit_code, 1);
    EXPECT_FALSE(json::parse(typo.out).contains("suggestion"));
    EXPECT_NE(
        typo.err.find("spelling suggestions are not available over remote shards"),
        std::string::npos
    ) << typo.err;
    EXPECT_EQ(search(index.remote(), {"--no-suggest", "denuclearisaton"}).err, "");

    // One shard down: refused at once (not after --timeout), said so,
    // with what to do.
    index.server(1).stop();
    auto started = std::chrono::steady_clock::now();
    const RunResult down = search(index.remote(), {"--timeout", "8", "kim"});
    EXPECT_LT(seconds_since(started), 6.0);
    EXPECT_EQ(down.exit_code, 2);
    EXPECT_EQ(std::count(down.err.begin(), down.err.end(), '\n'), 1) << down.err;
    EXPECT_NE(down.err.find(remote1 + " refused the connection"), std::string::npos) << down.err;
    EXPECT_NE(down.err.find("is xapian-tcpsrv running on 127.0.0.1:"), std::string::npos)
        << down.err;
    EXPECT_NE(down.err.find("--allow-partial"), std::string::npos) << down.err;
    EXPECT_EQ(down.err.find("did not answer"), std::string::npos) << down.err;
    // With --allow-partial: the other shard's results and a note.
    const RunResult partial =
        search(index.remote(), {"--timeout", "2", "--allow-partial", "--json", "kim"});
    EXPECT_EQ(partial.exit_code, 0) << partial.err;
    EXPECT_NE(partial.err.find(remote1), std::string::npos) << partial.err;
    const json j = json::parse(partial.out);
    EXPECT_GT(j["total"].get<int>(), 0);
    EXPECT_LT(
        j["total"].get<int>(),
        json::parse(search({index.local()}, {"--json", "kim"}).out)["total"].get<int>()
    );

    // A server that accepts and never answers: a timeout, after --timeout.
    const SilentServer silent;
    const std::string mute = "tcp://127.0.0.1:" + std::to_string(silent.port());
    started = std::chrono::steady_clock::now();
    const RunResult slow = search({remote0, mute}, {"--timeout", "1", "kim"});
    const double waited = seconds_since(started);
    EXPECT_GE(waited, 0.9);
    EXPECT_LT(waited, 5.0);
    EXPECT_EQ(slow.exit_code, 2);
    EXPECT_EQ(std::count(slow.err.begin(), slow.err.end(), '\n'), 1) << slow.err;
    EXPECT_NE(slow.err.find(mute + " did not answer within 1 s"), std::string::npos) << slow.err;
    EXPECT_NE(slow.err.find("--timeout"), std::string::npos) << slow.err;
}

}  // namespace
}  // namespace newsdex::test
