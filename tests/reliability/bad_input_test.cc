// SPDX-License-Identifier: MIT
// Bad input files (tests/fixtures/bad/, one per case, plus cases made here:
// symbolic link loops, dangling links, unreadable files, a 50 MB article)
// indexed together with good articles: each gets one clear line naming the
// file and the line or byte, the bad parts are left out, and every good
// article is searchable. Bad queries on a large index: one line, exit 2.
#include "reliability.h"
#include "test_support.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace newsdex::test {
namespace {

namespace fs = std::filesystem;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        out.push_back(line);
    }
    return out;
}

// The ids a search returns.
std::vector<std::string>
ids(const fs::path& db, const std::string& query, const fs::path& cwd, int* exit_code = nullptr) {
    const RunResult r =
        run({NEWSDEX_SEARCH_BIN, "--db", db.string(), "--format", "ids", "--limit", "1000", query},
            cwd);
    if (exit_code != nullptr) {
        *exit_code = r.exit_code;
    }
    return lines_of(r.out);
}

struct Expected {
    const char* where;    // the start of the line's location: path below the input, ":line"...
    const char* kind;     // "skipped" or "warning:"
    const char* message;  // a part of the message
};

// clang-format off
const Expected kExpected[] = {
    {"invalid-utf8.txt", "warning:", "invalid UTF-8 replaced by U+FFFD (first at byte 61); save the file as UTF-8"},
    {"nul-bytes.txt", "skipped", "binary file (NUL byte at byte 35); only UTF-8 text is indexed"},
    {"binary.txt", "skipped", "binary file (NUL byte at byte 8)"},
    {"empty.txt", "skipped", "empty article"},
    {"whitespace-only.txt", "skipped", "empty article"},
    {"bad-date.md", "warning:", "bad date '2019-13-45' (line 2): write ISO 8601"},
    {"bad-front-matter.md:5", "warning:", "front matter is not valid YAML"},
    {"unclosed-front-matter.md:1", "warning:", "has no closing --- line"},
    {"catalog.yaml:2", "warning:", "no file 'missing-article.txt' beside the catalog"},
    {"bad.jsonl:2", "skipped", "not valid JSON at byte 74"},
    {"bad.jsonl:3", "skipped", "not valid JSON at byte 2"},
    {"bad.jsonl:4", "skipped", "a JSON Lines article is a JSON object"},
    {"bad.jsonl:6", "skipped", "no `body`"},
    {"loop.txt", "skipped", "(a loop of symbolic links); fix or remove it"},
    {"dangling.txt", "skipped", "(a symbolic link to nothing?); fix or remove it"},
    {"sub/up", "warning:", "symbolic link loop"},
};

// What the kept bad articles can be found by: query, the id it must return.
const std::pair<const char*, const char*> kFound[] = {
    {"Busan quayside", "invalid-utf8"},
    {"semaphore", "long-token"},
    {"\"lighthouse keepers\"", "bom"},
    {"\"winter timetable\"", "crlf"},
    {"source:\"Harbour Gazette\"", "crlf"},
    {"\"signal cabinets\"", "cr"},
    {"Z\xC3\xBCrich", "nfd"},             // NFC query, NFD text
    {"Zu\xCC\x88rich", "nfd"},            // NFD query
    {"caf\xC3\xA9 owners", "nfd"},
    {"Andong orchards", "bad-date"},
    {"Gimpo", "bad-front-matter"},
    {"Sinan", "unclosed-front-matter"},
    {"kimchi", "bad-jsonl-1"},
    {"Gangwon", "bad-jsonl-5"},
};

// clang-format on

TEST(BadInput, EachBadFileGetsOneClearLineAndEveryGoodArticleIsSearchable) {
    TempDir dir;
    const fs::path bad = dir.path() / "bad";
    fs::copy(source_dir() / "tests" / "fixtures" / "bad", bad, fs::copy_options::recursive);
    fs::create_symlink("loop.txt", bad / "loop.txt");
    fs::create_symlink("nowhere.txt", bad / "dangling.txt");
    fs::create_directories(bad / "sub");
    fs::create_symlink("..", bad / "sub" / "up");
    // A token of 10,000 characters, longer than any Xapian term may be.
    {
        std::string token;
        while (token.size() < 10000) {
            token += "overlongtoken";
        }
        token.resize(10000);
        write_file(
            bad / "long-token.txt",
            "Telegraph operators report a glitch\n\nThe wire received a corrupted dispatch: "
                + token + " followed by the word semaphore.\n"
        );
    }

    // The good articles alone, for their ids.
    const fs::path good_db = dir.path() / "good";
    const std::vector<std::string> good_inputs{
        (source_dir() / "corpus").string(),
        (source_dir() / "tests" / "fixtures" / "articles").string()};
    std::vector<std::string> argv{
        NEWSDEX_INDEX_BIN, "--db", good_db.string(), "--progress", "never"};
    argv.insert(argv.end(), good_inputs.begin(), good_inputs.end());
    ASSERT_EQ(run(argv, dir.path()).exit_code, 0);
    const std::vector<std::string> good_ids = ids(good_db, "*", dir.path());
    ASSERT_GE(good_ids.size(), 10U);

    const fs::path db = dir.path() / "db";
    argv = {NEWSDEX_INDEX_BIN, "--db", db.string(), "--progress", "never"};
    argv.insert(argv.end(), good_inputs.begin(), good_inputs.end());
    argv.push_back("bad");
    const RunResult r = run(argv, dir.path());
    EXPECT_EQ(r.exit_code, 1) << "1: indexed, some inputs skipped\n" << r.err;

    // Each expected line, once; and no line that is not expected.
    const std::vector<std::string> err = lines_of(r.err);
    std::set<std::size_t> matched;
    for (const Expected& e : kExpected) {
        const std::string prefix =
            std::string("newsdex-index: ") + e.kind + " bad/" + e.where + ": ";
        int found = 0;
        for (std::size_t i = 0; i < err.size(); ++i) {
            if (err[i].rfind(prefix, 0) == 0) {
                ++found;
                matched.insert(i);
                EXPECT_NE(err[i].find(e.message), std::string::npos) << err[i];
            }
        }
        EXPECT_EQ(found, 1) << prefix << "\n" << r.err;
    }
    for (std::size_t i = 0; i < err.size(); ++i) {
        EXPECT_TRUE(matched.count(i) == 1) << "unexpected: " << err[i];
    }
    std::printf("bad inputs tried: %zu problem lines, each expected\n", err.size());

    // Every good article is there, and each kept bad one is found.
    EXPECT_EQ(xapian_check(db), "");
    for (const std::string& id : good_ids) {
        EXPECT_EQ(ids(db, "id:" + id, dir.path()), std::vector<std::string>{id});
    }
    for (const auto& [query, id] : kFound) {
        const auto got = ids(db, query, dir.path());
        EXPECT_NE(std::find(got.begin(), got.end(), id), got.end()) << query;
    }
    for (const char* skipped : {"nul-bytes", "binary", "empty", "whitespace-only", "bad-jsonl-2"}) {
        EXPECT_TRUE(ids(db, std::string("id:") + skipped, dir.path()).empty()) << skipped;
    }
    // The long token: searching for it neither fails nor loses the article.
    std::string token;
    while (token.size() < 10000) {
        token += "overlongtoken";
    }
    token.resize(10000);
    int code = 0;
    EXPECT_EQ(ids(db, token, dir.path(), &code), std::vector<std::string>{"long-token"});
    EXPECT_EQ(code, 0);
    // Clean titles: no byte-order mark, no carriage return.
    const RunResult titles = run(
        {NEWSDEX_SEARCH_BIN, "--db", db.string(), "--format", "tsv", "id:bom OR id:cr OR id:crlf"},
        dir.path()
    );
    EXPECT_NE(titles.out.find("\tLighthouse keepers retire in Jeju\n"), std::string::npos)
        << titles.out;
    EXPECT_NE(titles.out.find("\tTram depot reopens in Daejeon\n"), std::string::npos);
    EXPECT_NE(titles.out.find("\tFerry timetable changes in Mokpo\n"), std::string::npos);
    EXPECT_EQ(titles.out.find('\r'), std::string::npos);
    EXPECT_EQ(titles.out.find("\xEF\xBB\xBF"), std::string::npos);
}

TEST(BadInput, UnreadableFilesAreNamedAndTheRestIndexed) {
    TempDir dir;
    fs::permissions(dir.path(), fs::perms::all);
    const fs::path in = dir.path() / "in";
    write_file(
        in / "readable.txt", "Shipyards in Ulsan hire welders\n\nUlsan shipyards hired welders.\n"
    );
    write_file(in / "unreadable.txt", "Locked away\n\nThis text cannot be read by the indexer.\n");
    fs::permissions(in, fs::perms::all);
    fs::permissions(in / "readable.txt", fs::perms::all);
    fs::permissions(in / "unreadable.txt", fs::perms::none);
    const fs::path db = dir.path() / "db";
    std::vector<std::string> argv{
        NEWSDEX_INDEX_BIN, "--db", db.string(), "--progress", "never", in.string()};
    if (geteuid() == 0) {
        // Root reads everything: run the indexer without the capabilities
        // that let it (it stays root, so it still reaches the build tree).
        ASSERT_TRUE(fs::exists("/usr/bin/setpriv"));
        argv.insert(
            argv.begin(),
            {"/usr/bin/setpriv",
             "--inh-caps=-dac_override,-dac_read_search",
             "--bounding-set=-dac_override,-dac_read_search",
             "--"}
        );
    }
    const RunResult r = run(argv, dir.path());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(
        r.err,
        "newsdex-index: skipped " + (in / "unreadable.txt").string()
            + ": cannot read: Permission denied; check its permissions\n"
    );
    EXPECT_EQ(ids(db, "welders", dir.path()), std::vector<std::string>{"readable"});
}

TEST(BadInput, A50MegabyteArticleIsIndexedInBoundedMemory) {
    TempDir dir;
    const fs::path in = dir.path() / "in";
    fs::create_directories(in);
    {
        std::ofstream out(in / "hearing.txt", std::ios::binary);
        out << "Transcript of a marathon hearing on harbour dredging\n\n";
        out << "The openingwordalpha session began with the harbour master.\n";
        const std::string line =
            "The committee heard evidence on dredging, silt and the shipping channel again.\n";
        std::size_t written = 0;
        bool middle = false;
        while (written < 50U * 1024 * 1024) {
            out << line;
            written += line.size();
            if (!middle && written > 25U * 1024 * 1024) {
                out << "A middlewordbravo remark was recorded.\n";
                middle = true;
            }
        }
        out << "The closingwordcharlie vote ended it.\n";
    }
    const fs::path db = dir.path() / "db";
    const RunResult r =
        run({NEWSDEX_INDEX_BIN, "--db", db.string(), "--progress", "never", in.string()},
            dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(
        r.err.find("hearing.txt: article of 50 MB: words past the first 8 MB"), std::string::npos
    ) << r.err;
    // Found by a word at its start, middle and end.
    for (const char* word : {"openingwordalpha", "middlewordbravo", "closingwordcharlie"}) {
        EXPECT_EQ(ids(db, word, dir.path()), std::vector<std::string>{"hearing"}) << word;
    }
    // A snippet from a 50 MB article.
    const auto start = std::chrono::steady_clock::now();
    const RunResult s =
        run({NEWSDEX_SEARCH_BIN, "--db", db.string(), "--format", "json", "openingwordalpha"},
            dir.path());
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_EQ(s.exit_code, 0);
    EXPECT_NE(s.out.find("<em>openingwordalpha</em>"), std::string::npos) << s.out.substr(0, 500);
    // Memory: what reading the file needs, plus a bounded amount. Indexing
    // every word of it with positions took about 15 times the file size.
    const std::size_t limit_mib = kSanitized ? 1500 : 400;
    std::printf(
        "50 MB article: indexed with a peak of %zu MiB (limit %zu MiB) in %.1f s of CPU; search "
        "with a snippet: %.2f s, %zu MiB\n",
        r.max_rss_kib / 1024,
        limit_mib,
        r.cpu_seconds,
        seconds,
        s.max_rss_kib / 1024
    );
    EXPECT_LT(r.max_rss_kib / 1024, limit_mib);
    EXPECT_LT(s.max_rss_kib / 1024, limit_mib / 2);
}

TEST(BadQueries, OneLineAndExit2OnALargeIndex) {
    const Reference& ref = reference();
    std::string deep(10000, '(');
    deep += "summit";
    deep += std::string(10000, ')');
    const std::vector<std::string> bad{
        "summit \"talks",
        "(summit OR talks",
        "summit)",
        "summit AND",
        "OR summit",
        "year:20x9",
        "date:2019-02-30",
        "year:2019..2018",
        "s*",
        "t*",
        "\"\"",
        "summit \xFF\xFE talks",
        "\xC3",
        deep,
        std::string(100 * 1024, 'a'),
    };
    std::size_t peak_kib = 0;
    double slowest = 0;
    for (const std::string& query : bad) {
        const auto start = std::chrono::steady_clock::now();
        const RunResult r = run({NEWSDEX_SEARCH_BIN, "--db", ref.db.string(), query}, ref.db);
        slowest = std::max(
            slowest, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
        );
        peak_kib = std::max(peak_kib, r.max_rss_kib);
        EXPECT_EQ(r.exit_code, 2) << query.substr(0, 80);
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
        EXPECT_EQ(r.err.rfind("newsdex-search: ", 0), 0U) << r.err;
        EXPECT_TRUE(r.out.empty());
    }
    // `*` is no error: every article, in date order, at once.
    const RunResult all =
        run({NEWSDEX_SEARCH_BIN, "--db", ref.db.string(), "--count", "*"}, ref.db);
    EXPECT_EQ(all.exit_code, 0);
    EXPECT_EQ(all.out, std::to_string(kArticles) + "\n");
    std::printf(
        "bad queries tried: %zu on %zu articles; slowest %.2f s, peak %zu MiB\n",
        bad.size(),
        kArticles,
        slowest,
        peak_kib / 1024
    );
    EXPECT_LT(peak_kib / 1024, kSanitized ? 1024U : 256U);
}

}  // namespace
}  // namespace newsdex::test
