// SPDX-License-Identifier: MIT
// newsdex-serve over HTTP: the real binary on an ephemeral port of 127.0.0.1,
// asked with cpp-httplib's client (and a raw socket where the test needs
// one). Every endpoint; /api/search and /api/article give the bytes that
// newsdex-search --json prints for the same request; bad parameters; an index
// updated under a running server; the limits; the token; hostile article text.
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <httplib.h>
#include <memory>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>

namespace newsdex::test {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const std::string kIndex = NEWSDEX_INDEX_BIN;
const std::string kSearch = NEWSDEX_SEARCH_BIN;
const std::string kServe = NEWSDEX_SERVE_BIN;

// A running newsdex-serve on a free port of 127.0.0.1, stopped at the end.
class Served {
  public:
    Served(const std::vector<std::string>& dbs, const std::vector<std::string>& extra = {}) {
        port_ = free_port();
        std::vector<std::string> argv{kServe, "--listen", "127.0.0.1:" + std::to_string(port_)};
        for (const std::string& db : dbs) {
            argv.push_back("--db");
            argv.push_back(db);
        }
        argv.insert(argv.end(), extra.begin(), extra.end());
        process_ = std::make_unique<Background>(argv, source_dir());
        EXPECT_TRUE(wait_for_port(port_, 20)) << "newsdex-serve did not start on " << port_;
    }

    httplib::Client client() const {
        httplib::Client c("127.0.0.1", port_);
        c.set_read_timeout(20, 0);
        return c;
    }

    httplib::Result get(const std::string& target, const httplib::Headers& headers = {}) const {
        return client().Get(target.c_str(), headers);
    }

    int port() const { return port_; }

    Background& process() { return *process_; }

  private:
    int port_ = 0;
    std::unique_ptr<Background> process_;
};

std::string index_into(
    const fs::path& db, const std::vector<std::string>& inputs, const fs::path& cwd = source_dir()
) {
    std::vector<std::string> argv{kIndex, "--db", db.string(), "--progress", "never"};
    argv.insert(argv.end(), inputs.begin(), inputs.end());
    const RunResult r = run(argv, cwd);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return db.string();
}

class ServeTest : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        index_into(db(), {"corpus", "tests/fixtures/articles"});
        served_ = new Served({db()});
    }

    static void TearDownTestSuite() {
        delete served_;
        delete dir_;
        served_ = nullptr;
        dir_ = nullptr;
    }

    static std::string db() { return (dir_->path() / "news.db").string(); }

    static Served& served() { return *served_; }

    static inline TempDir* dir_ = nullptr;
    static inline Served* served_ = nullptr;
};

json body_json(const httplib::Result& r) {
    return json::parse(r->body);
}

TEST_F(ServeTest, SearchIsWhatNewsdexSearchJsonPrints) {
    struct Case {
        std::string target;
        std::vector<std::string> args;
    };

    const std::vector<Case> cases{
        {"/api/search?q=kim", {"kim"}},
        {"/api/search?q=kim&limit=2&offset=1", {"--limit", "2", "--offset", "1", "kim"}},
        {"/api/search?q=%2A&sort=-date&facets=year,leader",
         {"--sort", "-date", "--facets", "year,leader", "*"}},
        {"/api/search?q=%2A&sort=date&facets=all&facet_limit=3",
         {"--sort", "date", "--facets", "all", "--facet-limit", "3", "*"}},
        {"/api/search?q=%22Kim%20Jong%22", {"\"Kim Jong\""}},
        {"/api/search?q=-year:2018%20kim", {"--", "-year:2018 kim"}},
        {"/api/search?q=summit&snippet_length=60&collapse=1",
         {"--snippet-length", "60", "--collapse", "summit"}},
        {"/api/search?q=kim&hl_start=%5B&hl_end=%5D", {"--hl-start", "[", "--hl-end", "]", "kim"}},
        {"/api/search?q=summit&no_collapse=1", {"--no-collapse", "summit"}},
        {"/api/search?similar=003_77f9973bf1b05105", {"--similar", "003_77f9973bf1b05105"}},
        {"/api/search?like=003_77f9973bf1b05105", {"--like", "003_77f9973bf1b05105"}},
        {"/api/search?q=pyongyan", {"pyongyan"}},
        {"/api/search?q=pyongyan&no_suggest=1", {"--no-suggest", "pyongyan"}},
        {"/api/search?q=nothingmatchesthisword", {"nothingmatchesthisword"}},
        {"/api/search?q=kim%20summit%20singapore", {"kim summit singapore"}},
        {"/api/search?q=kim%20summit%20singapore&strict=1", {"--strict", "kim summit singapore"}},
        {"/api/search?q=kim&histogram=year&facets=month",
         {"--histogram", "year", "--facets", "month", "kim"}},
        {"/api/search?q=date:-30d..&today=2019-10-20", {"--today", "2019-10-20", "date:-30d.."}},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.target);
        const auto r = served().get(c.target);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200) << r->body;
        EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
        std::vector<std::string> argv{kSearch, "--db", db(), "--json"};
        argv.insert(argv.end(), c.args.begin(), c.args.end());
        const RunResult cli = run(argv, source_dir());
        ASSERT_LE(cli.exit_code, 1) << cli.err;
        EXPECT_EQ(r->body, cli.out);
    }
}

TEST_F(ServeTest, ArticleIsWhatShowJsonPrints) {
    for (const auto& [target, args] : std::vector<std::pair<std::string, std::vector<std::string>>>{
             {"/api/article/003_77f9973bf1b05105", {"003_77f9973bf1b05105"}},
             {"/api/article/fixture-ampersand?q=kim", {"-q", "kim", "fixture-ampersand"}},
         }) {
        SCOPED_TRACE(target);
        const auto r = served().get(target);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200) << r->body;
        std::vector<std::string> argv{kSearch, "--db", db(), "--json", "--show"};
        argv.insert(argv.end(), args.begin(), args.end());
        const RunResult cli = run(argv, source_dir());
        ASSERT_EQ(cli.exit_code, 0) << cli.err;
        EXPECT_EQ(r->body, cli.out);
    }
    const auto missing = served().get("/api/article/no-such-article");
    ASSERT_TRUE(missing);
    EXPECT_EQ(missing->status, 404);
    EXPECT_NE(
        body_json(missing)["error"]["message"].get<std::string>().find("no-such-article"),
        std::string::npos
    );
}

TEST_F(ServeTest, FieldsHealthAndPage) {
    const auto fields = served().get("/api/fields");
    ASSERT_TRUE(fields);
    EXPECT_EQ(fields->status, 200);
    const json f = body_json(fields);
    EXPECT_EQ(f["version"], 1);
    bool leader = false;
    for (const json& field : f["fields"]) {
        leader = leader || (field["name"] == "leader" && field["facet"] == true);
    }
    EXPECT_TRUE(leader) << fields->body;
    EXPECT_FALSE(f["facets"].empty());

    const auto health = served().get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 200);
    const RunResult all = run({kSearch, "--db", db(), "--count", "*"}, source_dir());
    EXPECT_EQ(std::to_string(body_json(health)["articles"].get<std::uint64_t>()) + "\n", all.out);

    for (const auto& [path, type] : std::vector<std::pair<std::string, std::string>>{
             {"/", "text/html; charset=utf-8"},
             {"/page/app.js", "text/javascript; charset=utf-8"},
             {"/page/style.css", "text/css; charset=utf-8"}}) {
        SCOPED_TRACE(path);
        const auto r = served().get(path);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 200);
        EXPECT_EQ(r->get_header_value("Content-Type"), type);
        EXPECT_EQ(r->get_header_value("X-Content-Type-Options"), "nosniff");
        EXPECT_EQ(
            r->get_header_value("Content-Security-Policy").rfind("default-src 'self'", 0), 0U
        );
        EXPECT_FALSE(r->has_header("Access-Control-Allow-Origin"));
        const std::string file = path == "/" ? "index.html" : path.substr(6);
        EXPECT_EQ(r->body, read_file(source_dir() / "serve" / "page" / file));
    }
    // Only the page's own files: nothing from the disk, however asked.
    for (const std::string path :
         {"/page/../CMakeLists.txt",
          "/page/%2e%2e/CMakeLists.txt",
          "/CMakeLists.txt",
          "/index.html",
          "/page/",
          "/api/nothing",
          "/serve/page/app.js"}) {
        SCOPED_TRACE(path);
        const auto r = served().get(path);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 404);
        EXPECT_TRUE(body_json(r)["error"].contains("message"));
    }
}

TEST_F(ServeTest, BadParametersAre400WithAJsonError) {
    struct Case {
        std::string target;
        std::string in_message;
        std::string in_hint;
    };

    const std::vector<Case> cases{
        {"/api/search?q=kim&limt=3", "unknown parameter 'limt'", "did you mean limit?"},
        {"/api/search?q=kim&limit=abc", "limit takes a whole number", ""},
        {"/api/search?q=kim&limit=-1", "limit takes a whole number", ""},
        {"/api/search?q=kim&sort=size", "'size' is not a number field of this index", ""},
        {"/api/search?q=kim&collapse=maybe", "collapse takes 1", ""},
        {"/api/search?q=kim&facet_limit=3", "facet_limit applies to", ""},
        {"/api/search?q=kim&facets=shoe", "shoe", ""},
        {"/api/search", "no query", "pass q"},
        {"/api/search?q=kim&limit=5000", "limit 5000 is more than this server's 1000", "offset"},
        {"/api/article/003_77f9973bf1b05105?limit=3", "unknown parameter 'limit'", ""},
    };
    for (const Case& c : cases) {
        SCOPED_TRACE(c.target);
        const auto r = served().get(c.target);
        ASSERT_TRUE(r);
        EXPECT_EQ(r->status, 400);
        const json e = body_json(r);
        EXPECT_EQ(e["version"], 1);
        EXPECT_NE(e["error"]["message"].get<std::string>().find(c.in_message), std::string::npos)
            << r->body;
        if (!c.in_hint.empty()) {
            EXPECT_NE(e["error"]["hint"].get<std::string>().find(c.in_hint), std::string::npos)
                << r->body;
        }
    }
    // A query that cannot be read: its column, as newsdex-search gives it.
    const auto bad = served().get("/api/search?q=kim%20date:2018-13-45");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 400);
    const json e = body_json(bad);
    EXPECT_EQ(e["error"]["column"], 5) << bad->body;
    const RunResult cli = run({kSearch, "--db", db(), "kim date:2018-13-45"}, source_dir());
    EXPECT_NE(
        cli.err.find("column 5: " + e["error"]["message"].get<std::string>()), std::string::npos
    ) << cli.err;
}

TEST_F(ServeTest, MethodsAndSizes) {
    httplib::Client c = served().client();
    const auto post = c.Post("/api/search?q=kim", "q=kim", "application/x-www-form-urlencoded");
    ASSERT_TRUE(post);
    EXPECT_EQ(post->status, 405);
    EXPECT_EQ(post->get_header_value("Allow"), "GET, HEAD, OPTIONS");
    EXPECT_TRUE(body_json(post)["error"].contains("message"));
    const auto del = served().client().Delete("/api/article/003_77f9973bf1b05105");
    ASSERT_TRUE(del);
    EXPECT_EQ(del->status, 405);

    const auto long_query = served().get("/api/search?q=" + std::string(5000, 'a'));
    ASSERT_TRUE(long_query);
    EXPECT_EQ(long_query->status, 414);
    EXPECT_NE(
        body_json(long_query)["error"]["message"].get<std::string>().find("5000 bytes"),
        std::string::npos
    );
    const auto long_url = served().get("/api/search?q=" + std::string(9000, 'a'));
    ASSERT_TRUE(long_url);
    EXPECT_EQ(long_url->status, 414);
    EXPECT_TRUE(body_json(long_url)["error"].contains("message"));
}

TEST_F(ServeTest, HostileTextComesBackAsJsonStrings) {
    TempDir tmp;
    // <script>, &, quotes and bytes that are not UTF-8, in the title and the body.
    write_file(
        tmp.path() / "in" / "hostile.txt",
        "Alert <script>alert(\"x\")</script> & 'quotes'\n\n"
        "    The body has <script>document.cookie</script>, R&D, \"double\" and 'single' "
        "quotes, a bad byte \xff\xfe here and a cut \xe2\x82 sequence. Kimchi prices rose.\n"
    );
    const std::string hostile = index_into(tmp.path() / "db", {"in"}, tmp.path());
    Served s({hostile});
    const auto r = s.get("/api/search?q=kimchi");
    ASSERT_TRUE(r);
    ASSERT_EQ(r->status, 200) << r->body;
    const json found = json::parse(r->body);  // throws on bytes that are not UTF-8
    ASSERT_EQ(found["hits"].size(), 1U);
    const std::string id = found["hits"][0]["id"];
    EXPECT_NE(found["hits"][0]["title"].get<std::string>().find("<script>"), std::string::npos);
    const RunResult cli = run({kSearch, "--db", hostile, "--json", "kimchi"}, tmp.path());
    EXPECT_EQ(r->body, cli.out);
    const auto a = s.get("/api/article/" + id);
    ASSERT_TRUE(a);
    ASSERT_EQ(a->status, 200);
    const json article = json::parse(a->body);
    const std::string text = article["articles"][0]["text"];
    EXPECT_NE(text.find("<script>document.cookie</script>"), std::string::npos);
    EXPECT_NE(text.find("R&D"), std::string::npos);
    EXPECT_EQ(a->get_header_value("Content-Type"), "application/json");
    EXPECT_EQ(a->get_header_value("X-Content-Type-Options"), "nosniff");
}

TEST_F(ServeTest, SeveralDatabasesAsOne) {
    TempDir tmp;
    const std::string corpus = index_into(tmp.path() / "corpus.db", {"corpus"});
    const std::string fixtures =
        index_into(tmp.path() / "fixtures.db", {"tests/fixtures/articles"});
    Served s({corpus, fixtures}, {"--quiet"});
    const auto r = s.get("/api/search?q=kim&facets=source,year");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 200);
    const RunResult cli =
        run({kSearch, "--db", corpus, "--db", fixtures, "--json", "--facets", "source,year", "kim"},
            source_dir());
    EXPECT_EQ(r->body, cli.out);
}

TEST(ServeRemote, AShardThatStopsAnsweringIs503) {
    TempDir tmp;
    const std::string db = index_into(tmp.path() / "db", {"corpus"});
    RemoteShard tcpsrv(shard_dirs(db).front(), tmp.path());
    ASSERT_TRUE(tcpsrv.ready());
    const std::string remote = tcpsrv.url();
    Served s({remote}, {"--quiet", "--timeout", "2000"});
    const auto up = s.get("/api/search?q=kim");
    ASSERT_TRUE(up);
    EXPECT_EQ(up->status, 200) << up->body;
    tcpsrv.stop();
    const auto down = s.get("/api/search?q=kim");
    ASSERT_TRUE(down);
    EXPECT_EQ(down->status, 503) << down->body;
    EXPECT_NE(
        body_json(down)["error"]["message"].get<std::string>().find("remote"), std::string::npos
    ) << down->body;
    const auto health = s.get("/healthz");
    ASSERT_TRUE(health);
    EXPECT_EQ(health->status, 503) << health->body;
}

// With --allow-partial, a remote shard that stops answering is left out:
// the other databases still answer 200, and the JSON says which was left
// out (the notices newsdex-search prints on standard error).
TEST(ServeRemote, AllowPartialAnswersFromTheShardsThatAnswer) {
    TempDir tmp;
    write_file(
        tmp.path() / "a" / "one.txt", "Harbour report\n\n    The ferry to Zanzibar sailed.\n"
    );
    write_file(tmp.path() / "b" / "two.txt", "Port report\n\n    A ship reached Zanzibar.\n");
    const std::string local = index_into(tmp.path() / "local", {"a"}, tmp.path());
    // One shard, which one xapian-tcpsrv serves.
    const std::string far = index_into(tmp.path() / "far", {"--shards", "1", "b"}, tmp.path());
    RemoteShard tcpsrv(shard_dirs(far).front(), tmp.path());
    ASSERT_TRUE(tcpsrv.ready());
    const std::string remote = tcpsrv.url();
    Served s({local, remote}, {"--quiet", "--timeout", "2000", "--allow-partial"});
    const auto both = s.get("/api/search?q=zanzibar");
    ASSERT_TRUE(both);
    ASSERT_EQ(both->status, 200) << both->body;
    EXPECT_EQ(body_json(both)["total"], 2) << both->body;
    EXPECT_FALSE(body_json(both).contains("notices")) << both->body;
    tcpsrv.stop();
    const auto one = s.get("/api/search?q=zanzibar");
    ASSERT_TRUE(one);
    ASSERT_EQ(one->status, 200) << one->body;
    const json doc = body_json(one);
    EXPECT_EQ(doc["total"], 1) << one->body;
    ASSERT_EQ(doc["hits"].size(), 1U) << one->body;
    EXPECT_EQ(doc["hits"][0]["title"], "Harbour report");
    ASSERT_TRUE(doc.contains("notices")) << one->body;
    EXPECT_NE(doc["notices"].dump().find(std::to_string(tcpsrv.port())), std::string::npos)
        << one->body;
}

TEST(ServeIndex, FollowsCommitsOfTheIndexer) {
    TempDir tmp;
    write_file(tmp.path() / "a" / "one.txt", "First story\n\n    Nothing of note happened.\n");
    const std::string db = index_into(tmp.path() / "db", {"a"}, tmp.path());
    Served s({db});
    const auto before = s.get("/api/search?q=zanzibar");
    ASSERT_TRUE(before);
    EXPECT_EQ(json::parse(before->body)["total"], 0);
    // Requests keep coming while the indexer commits: none of them fails.
    std::atomic<bool> done{false};
    std::atomic<int> failed{0};
    std::atomic<int> answered{0};
    std::thread asking([&] {
        while (!done) {
            const auto r = s.get("/api/search?q=story");
            failed += (!r || r->status != 200) ? 1 : 0;
            ++answered;
        }
    });
    write_file(tmp.path() / "b" / "two.txt", "Second story\n\n    A ship reached Zanzibar.\n");
    index_into(tmp.path() / "db", {"b"}, tmp.path());
    const auto after = s.get("/api/search?q=zanzibar");
    done = true;
    asking.join();
    ASSERT_TRUE(after);
    EXPECT_EQ(json::parse(after->body)["total"], 1);
    EXPECT_EQ(failed, 0);
    EXPECT_GT(answered, 0);
}

// A compaction moves the index's shards to new folders while requests keep
// coming: none fails, and every answer is the whole index's.
TEST(ServeIndex, FollowsACompactionOfTheIndexer) {
    TempDir tmp;
    std::string lines;
    for (int i = 0; i < 300; ++i) {
        lines += R"({"id":"c-)" + std::to_string(i) + R"(","title":"Harbour log )"
                 + std::to_string(i) + R"(","body":"Ship )" + std::to_string(i)
                 + R"( reached Zanzibar on a calm day."})" + "\n";
    }
    write_file(tmp.path() / "log.jsonl", lines);
    const std::string db = tmp.path() / "db";
    // Three runs, three parts of the shard: something to compact.
    for (int part = 0; part < 3; ++part) {
        write_file(
            tmp.path() / ("extra" + std::to_string(part) + ".txt"),
            "Extra " + std::to_string(part) + "\n\n    A note on Zanzibar.\n"
        );
        index_into(db, {"log.jsonl", "extra" + std::to_string(part) + ".txt"}, tmp.path());
    }
    Served s({db}, {"--quiet"});
    const auto before = s.get("/api/search?q=zanzibar&limit=0");
    ASSERT_TRUE(before);
    ASSERT_EQ(before->status, 200) << before->body;
    const json expected_total = body_json(before)["total"];
    EXPECT_EQ(expected_total, 303);
    std::atomic<bool> done{false};
    std::atomic<int> failed{0};
    std::atomic<int> answered{0};
    std::string first_failure;
    std::thread asking([&] {
        while (!done) {
            const auto r = s.get("/api/search?q=zanzibar&limit=0");
            const bool ok = r && r->status == 200 && body_json(r)["total"] == expected_total;
            if (!ok && failed++ == 0) {
                first_failure = r ? std::to_string(r->status) + " " + r->body : "no answer";
            }
            ++answered;
        }
    });
    const RunResult compact =
        run({kIndex, "--db", db, "--progress", "never", "--compact"}, tmp.path());
    // A few more requests after the swap.
    const int seen = answered;
    while (answered < seen + 5) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    done = true;
    asking.join();
    EXPECT_EQ(compact.exit_code, 0) << compact.err;
    EXPECT_EQ(failed, 0) << first_failure;
    EXPECT_GT(answered, 5);
    const auto after = s.get("/api/search?q=zanzibar&limit=0");
    ASSERT_TRUE(after);
    EXPECT_EQ(body_json(after)["total"], expected_total) << after->body;
}

TEST(ServeLimits, SlowSearchPastTheTimeoutIs503) {
    TempDir tmp;
    std::string lines;
    for (int i = 0; i < 1500; ++i) {
        lines += R"({"id":"gen-)" + std::to_string(i) + R"(","title":"Market report )"
                 + std::to_string(i)
                 + R"(","date":"2020-01-02","body":"Prices of grain and steel rose in Berlin )"
                   R"(and Paris as traders bought. Prices of oil fell. The market closed higher )"
                   R"(on the day, traders said, after a week of trading in grain."})"
                 + "\n";
    }
    write_file(tmp.path() / "gen.jsonl", lines);
    const std::string db = index_into(tmp.path() / "db", {"gen.jsonl"}, tmp.path());
    // A thousand snippets and every facet cannot be made in a millisecond.
    Served s({db}, {"--timeout", "1"});
    const auto r = s.get("/api/search?q=grain%20prices&limit=1000&facets=all");
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 503);
    EXPECT_EQ(r->get_header_value("Retry-After"), "1");
    EXPECT_NE(
        body_json(r)["error"]["message"].get<std::string>().find("longer than 1 ms"),
        std::string::npos
    );
}

// A connection to 127.0.0.1:port.
int connect_to(int port) {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(connect(fd, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
    return fd;
}

void send_request(int fd) {
    const std::string req = "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
    EXPECT_EQ(send(fd, req.data(), req.size(), MSG_NOSIGNAL), static_cast<ssize_t>(req.size()));
}

// What comes back until the server closes (or 10 s pass).
std::string answer_on(int fd) {
    timeval tv{10, 0};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string out;
    char buf[4096];
    for (ssize_t n = 0; (n = recv(fd, buf, sizeof buf, 0)) > 0;) {
        out.append(buf, static_cast<std::size_t>(n));
    }
    return out;
}

// True when something arrives on `fd` within `ms` milliseconds.
bool answered_within(int fd, int ms) {
    pollfd p{fd, POLLIN, 0};
    return poll(&p, 1, ms) > 0;
}

TEST_F(ServeTest, AFullQueueAnswers503WithRetryAfter) {
    // One search at once, one more connection: two connection threads, and
    // one connection may wait for them.
    Served s({db()}, {"--threads", "1", "--queue", "1", "--quiet"});
    EXPECT_EQ(s.get("/healthz")->status, 200);
    // Connections that send nothing hold their places; the server takes
    // connections in the order they came, so the fourth finds no room
    // however the threads are scheduled. A connection closed a moment ago
    // (the one above, or the start-up probe's) holds its place until its
    // thread has seen it close: then the fourth waits for a thread (which
    // the silent ones hold until the read timeout), and the three are
    // opened again a little later. A server that never turns the fourth
    // away fails every attempt.
    std::vector<int> silent;
    int beyond = -1;
    for (int attempt = 1; attempt <= 5; ++attempt) {
        for (const int fd : silent) {
            close(fd);
        }
        silent.clear();
        for (int i = 0; i < 3; ++i) {
            silent.push_back(connect_to(s.port()));
        }
        beyond = connect_to(s.port());
        send_request(beyond);
        if (answered_within(beyond, 3000)) {
            break;
        }
        close(beyond);
        beyond = -1;
        std::this_thread::sleep_for(std::chrono::milliseconds(200 * attempt));
    }
    ASSERT_GE(beyond, 0) << "the fourth connection was never answered at once";
    const std::string refused = answer_on(beyond);
    EXPECT_EQ(refused.rfind("HTTP/1.1 503", 0), 0U) << refused;
    EXPECT_NE(refused.find("Retry-After: 1"), std::string::npos) << refused;
    EXPECT_NE(refused.find("\"error\""), std::string::npos) << refused;
    close(beyond);
    for (const int fd : silent) {
        close(fd);
    }
    // Once the threads have seen their connections close, it answers again
    // (as a client that honours Retry-After finds).
    int status = 0;
    for (int i = 0; i < 50 && status != 200; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        status = s.get("/healthz")->status;
    }
    EXPECT_EQ(status, 200);
}

TEST_F(ServeTest, TokenAndCors) {
    Served s({db()}, {"--token", "s3cret-token", "--cors", "https://news.example.org"});
    EXPECT_EQ(s.get("/api/search?q=kim")->status, 401);
    EXPECT_EQ(s.get("/api/search?q=kim", {{"Authorization", "Bearer wrong-token!"}})->status, 401);
    const auto ok = s.get("/api/search?q=kim", {{"Authorization", "Bearer s3cret-token"}});
    ASSERT_TRUE(ok);
    EXPECT_EQ(ok->status, 200);
    EXPECT_EQ(ok->get_header_value("Access-Control-Allow-Origin"), "https://news.example.org");
    EXPECT_EQ(s.get("/healthz")->status, 200);
    EXPECT_EQ(s.get("/")->status, 200);
    const auto preflight = s.client().Options("/api/search");
    ASSERT_TRUE(preflight);
    EXPECT_EQ(preflight->status, 204);
    EXPECT_EQ(preflight->get_header_value("Access-Control-Allow-Headers"), "Authorization");
}

TEST_F(ServeTest, CommandLine) {
    // Beyond loopback: a token, or --no-auth said out loud.
    const RunResult open = run({kServe, "--db", db(), "--listen", "0.0.0.0:0"}, source_dir());
    EXPECT_EQ(open.exit_code, 2);
    EXPECT_NE(open.err.find("--token"), std::string::npos) << open.err;
    const RunResult typo = run({kServe, "--db", db(), "--thread", "x"}, source_dir());
    EXPECT_EQ(typo.exit_code, 2);
    const RunResult range = run({kServe, "--db", db(), "--threads", "0"}, source_dir());
    EXPECT_EQ(range.exit_code, 2);
    EXPECT_NE(range.err.find("--threads takes a whole number from 1"), std::string::npos)
        << range.err;
    const RunResult listen =
        run({kServe, "--db", db(), "--listen", "127.0.0.1:99999"}, source_dir());
    EXPECT_EQ(listen.exit_code, 2);
    const RunResult nodb =
        run({kServe, "--db", (dir_->path() / "missing.db").string()}, source_dir());
    EXPECT_EQ(nodb.exit_code, 2);
    EXPECT_NE(nodb.err.find("missing.db"), std::string::npos) << nodb.err;
    // $NEWSDEX_DB, port 0 (printed), and SIGTERM: a clean stop.
    const RunResult help = run({kServe, "--help"}, source_dir());
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("--no-auth"), std::string::npos);
}

TEST_F(ServeTest, StopsCleanlyOnSigterm) {
    Served s({db()}, {"--quiet"});
    EXPECT_EQ(s.get("/healthz")->status, 200);
    kill(s.process().pid(), SIGTERM);
    EXPECT_EQ(s.process().wait(), 0);
}

}  // namespace
}  // namespace newsdex::test
