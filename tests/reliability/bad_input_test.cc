// SPDX-License-Identifier: MIT
// Bad input files (tests/fixtures/bad/, one per case, plus cases made here:
// symbolic link loops, dangling links, unreadable files, a 50 MB article)
// indexed together with good articles: each gets one clear line naming the
// file and the line or byte, the bad parts are left out, and every good
// article is searchable. Bad queries on a large index: one line, exit 2.
#include "reliability.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
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

// The ids of every article a search matches (near-duplicates not folded:
// these tests ask whether each article was indexed, and the crafted ones
// can be near-copies of each other).
std::vector<std::string>
ids(const fs::path& db, const std::string& query, const fs::path& cwd, int* exit_code = nullptr) {
    const RunResult r =
        run({NEWSDEX_SEARCH_BIN,
             "--db",
             db.string(),
             "--format",
             "ids",
             "--no-collapse",
             "--limit",
             "1000",
             query},
            cwd);
    if (exit_code != nullptr) {
        *exit_code = r.exit_code;
    }
    return lines_of(r.out);
}

// The gzip form of `data` (zlib's deflate with a gzip wrapper).
std::string gzip(const std::string& data) {
    z_stream zs{};
    EXPECT_EQ(deflateInit2(&zs, 6, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY), Z_OK);
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    EXPECT_EQ(deflate(&zs, Z_FINISH), Z_STREAM_END);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    return out;
}

// The complete lines that the start of a gzip stream decompresses to.
std::size_t complete_lines(const std::string& gz) {
    z_stream zs{};
    EXPECT_EQ(inflateInit2(&zs, 16 + MAX_WBITS), Z_OK);
    std::string out(1 << 20, '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(gz.data()));
    zs.avail_in = static_cast<uInt>(gz.size());
    std::size_t lines = 0;
    int ret = Z_OK;
    while (ret == Z_OK) {
        zs.next_out = reinterpret_cast<Bytef*>(out.data());
        zs.avail_out = static_cast<uInt>(out.size());
        ret = inflate(&zs, Z_NO_FLUSH);
        lines += static_cast<std::size_t>(std::count(
            out.begin(), out.begin() + static_cast<std::ptrdiff_t>(out.size() - zs.avail_out), '\n'
        ));
    }
    inflateEnd(&zs);
    return lines;
}

// A gzip file of `head`, `chunk` `times` over and `tail`, made without
// compressing `chunk` more than once: each part is compressed after a full
// flush (no reference to what came before), so the compressed chunk can be
// repeated as it is. Hundreds of megabytes cost a few kilobytes and
// milliseconds; the trailer's CRC and length are those of the whole.
std::string gzip_repeated(
    const std::string& head, const std::string& chunk, std::size_t times, const std::string& tail
) {
    z_stream zs{};
    EXPECT_EQ(deflateInit2(&zs, 9, Z_DEFLATED, -MAX_WBITS, 9, Z_DEFAULT_STRATEGY), Z_OK);
    const auto compress = [&](const std::string& data, int flush) {
        std::string out;
        zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
        zs.avail_in = static_cast<uInt>(data.size());
        char buffer[1 << 16];
        int ret = Z_OK;
        do {
            zs.next_out = reinterpret_cast<Bytef*>(buffer);
            zs.avail_out = sizeof buffer;
            ret = deflate(&zs, flush);
            out.append(buffer, sizeof buffer - zs.avail_out);
        } while (zs.avail_out == 0 || (flush == Z_FINISH && ret != Z_STREAM_END));
        return out;
    };
    std::string out("\x1f\x8b\x08\0\0\0\0\0\0\xff", 10);
    out += compress(head, Z_FULL_FLUSH);
    const std::string segment = compress(chunk, Z_FULL_FLUSH);
    for (std::size_t i = 0; i < times; ++i) {
        out += segment;
    }
    out += compress(tail, Z_FINISH);
    deflateEnd(&zs);
    const auto bytes = [](const std::string& data) {
        return reinterpret_cast<const Bytef*>(data.data());
    };
    uLong crc = crc32(0, bytes(head), static_cast<uInt>(head.size()));
    for (std::size_t i = 0; i < times; ++i) {
        crc = crc32(crc, bytes(chunk), static_cast<uInt>(chunk.size()));
    }
    crc = crc32(crc, bytes(tail), static_cast<uInt>(tail.size()));
    const std::uint64_t size = head.size() + chunk.size() * times + tail.size();
    for (const std::uint64_t value : {static_cast<std::uint64_t>(crc), size}) {
        for (int i = 0; i < 4; ++i) {
            out.push_back(static_cast<char>((value >> (8 * i)) & 0xFF));
        }
    }
    return out;
}

// Every line the indexer prints for tests/fixtures/bad/ and the cases made
// at test time, exactly (each "newsdex-index: " + line).
// clang-format off
const char* const kExpected[] = {
    // Text files.
    "warning: bad/invalid-utf8.txt: invalid UTF-8 replaced by U+FFFD (first at byte 61); save the file as UTF-8 to keep those characters",
    "skipped bad/nul-bytes.txt: binary file (NUL byte at byte 35); only UTF-8 text is indexed: convert it to text or leave it out",
    "skipped bad/binary.txt: binary file (NUL byte at byte 8); only UTF-8 text is indexed: convert it to text or leave it out",
    "skipped bad/empty.txt: empty file (0 bytes); nothing to index",
    "skipped bad/whitespace-only.txt: no text, only white space (11 bytes); nothing to index",
    "skipped bad/front-matter-only.md: no text after the front matter; nothing to index",
    // Front matter: each field of the wrong type named with its line.
    "warning: bad/bad-date.md:3: front matter: bad date '2019-13-45': write ISO 8601 such as 2019-01-10 or 2019-06-20T19:00+08:00; indexed without a date",
    "warning: bad/bad-front-matter.md:5: front matter is not valid YAML (end of sequence flow not found); indexed without it, fix the YAML between the --- lines",
    "warning: bad/unclosed-front-matter.md:1: front matter opened by --- has no closing --- line; read up to the first blank line, add the closing line",
    "warning: bad/front-matter-types.md:2: front matter: `title` must be a string, got a list; the title is taken from the text",
    "warning: bad/front-matter-types.md:3: front matter: `date` is empty; indexed without a date",
    "warning: bad/front-matter-types.md:4: front matter: `people` must be a list of names, got a mapping; ignored",
    "warning: bad/front-matter-types.md:6: front matter: `orgs`: item 2 (a list) is not a name; left out",
    "warning: bad/front-matter-types.md:7: front matter: `id` is empty; the article's id is 'front-matter-types' (its path)",
    "warning: bad/date-mapping.md:2: front matter: `date` must be a string, got a mapping; indexed without a date",
    // The catalog: entries that name no article beside it.
    "warning: bad/catalog.yaml:2: no file 'missing-article.txt' beside the catalog; entry ignored",
    "warning: bad/catalog.yaml:7: `file` '../../etc/passwd' is not a file name in the catalog's folder (a catalog describes the files beside it); entry ignored",
    "warning: bad/catalog.yaml:11: a second entry for 'nfd.txt' (the first is at line 9); this later one is used",
    "warning: bad/catalog.yaml:13: 'bad.jsonl' is not a .txt or .md article (a catalog gives metadata to those only); entry ignored",
    // JSON Lines: bad lines, and each field of the wrong type.
    "skipped bad/bad.jsonl:2: not valid JSON at byte 74 (syntax error while parsing value - invalid string: missing closing quote, after '\u2026runcated line\", \"body\": \"this line stops'); line skipped, fix it and index again",
    "skipped bad/bad.jsonl:3: not valid JSON at byte 2 (syntax error while parsing value - invalid literal, after 'no'); line skipped, fix it and index again",
    "skipped bad/bad.jsonl:4: a JSON Lines article is a JSON object, this line is an array; line skipped, fix it and index again",
    "skipped bad/bad.jsonl:6: `body` must be a string, got an array; line skipped, fix it and index again",
    "warning: bad/types.jsonl:2: `id` must be a string, got a boolean (true); indexed with the id 'types:2'",
    "warning: bad/types.jsonl:3: `id` must be a string, got an object; indexed with the id 'types:3'",
    "warning: bad/types.jsonl:4: `id` is null; indexed with the id 'types:4'",
    "warning: bad/types.jsonl:5: `id` must be a string, got an array; indexed with the id 'types:5'",
    "warning: bad/types.jsonl:7: `people` must be a list of names, got an object; ignored",
    "warning: bad/types.jsonl:8: `orgs`: item 1 (a number), item 2 (an array) are not names; left out",
    "warning: bad/types.jsonl:9: `title` must be a string, got an array; the title is taken from the text",
    "warning: bad/types.jsonl:10: `date` must be a string, got an object; indexed without a date",
    "warning: bad/types.jsonl:11: `date` is empty; indexed without a date",
    "warning: bad/types.jsonl:12: `source` must be a string, got a number with a fraction (3.5); ignored",
    "warning: bad/types.jsonl:12: `url` must be a string, got a boolean (false); ignored",
    // Values quoted in messages are escaped: one problem, one line.
    "warning: bad/types.jsonl:13: bad date 'x\\x1b[31my': write ISO 8601 such as 2019-01-10 or 2019-06-20T19:00+08:00; indexed without a date",
    "warning: bad/types.jsonl:14: id 'types-evil\\nnewsdex-index: skipped FAKE' came earlier in this run; this article replaces that one (further repeated ids of this input are only counted)",
    // TREC: an element without its close tag, a document without </DOC>.
    "warning: bad/unclosed.trec:1: <TEXT> (line 3) has no </TEXT>; read up to the end of the document",
    "warning: bad/unclosed.trec:6: <DOC> has no </DOC>; read up to the next <DOC> (line 10)",
    "warning: bad/unclosed.trec:6: <TEXT> (line 8) has no </TEXT>; read up to the end of the document",
    "skipped bad/no-doc.sgml: no TREC <DOC> in this file; nothing to index",
    // Made at test time: links, special files, names that would forge lines.
    "skipped bad/loop.txt: cannot read: Too many levels of symbolic links (a loop of symbolic links); fix or remove it",
    "skipped bad/dangling.txt: cannot read: a symbolic link to nothing ('nowhere.txt' does not exist); fix or remove it",
    "warning: bad/sub/up: symbolic link loop; folder already indexed, skipped",
    "skipped bad/pipe.txt: not a regular file (a FIFO); not read",
    "skipped bad/device.txt: not a regular file (a symbolic link to a character device, '/dev/null'); not read",
    "skipped bad/forged\\nnewsdex-index: skipped FAKE: x.txt: empty file (0 bytes); nothing to index",
    "skipped bad/esc\\x1b[2J\\u202e.txt: no text, only white space (2 bytes); nothing to index",
    // Made at test time: damaged gzip.
    "warning: bad/damaged.jsonl.gz:2001: the gzip check at the end of the file fails (incorrect data check): every line was read and indexed, but the file is damaged, so some of that text may be wrong; test it with gzip -t",
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
    {"source:\"Second Gazette\"", "nfd"},  // a second catalog entry wins
    {"Andong orchards", "bad-date"},
    {"Gimpo", "bad-front-matter"},
    {"Sinan", "unclosed-front-matter"},
    {"kimchi", "bad-jsonl-1"},
    {"Gangwon", "bad-jsonl-5"},
    {"Bahia cocoa", "19870226"},           // a number id, read as its digits
    {"Penang", "types:2"},                 // unusable ids: the line's id
    {"Santos", "types:3"},
    {"Selangor", "types:4"},
    {"Khulna", "types:5"},
    {"place:Marseille", "types-places"},   // a string where a list is expected
    {"Lyon", "types-people"},
    {"org:UNESCO", "types-orgs"},          // the names among bad items are kept
    {"Murano", "types-title"},
    {"Gouda", "types-date-object"},
    {"Gdansk", "types-date-empty"},
    {"Bordeaux leader:Xi", "types-misc"},
    {"Tile painters", "front-matter-types"},
    {"place:Lisbon", "front-matter-types"},
    {"Icheon", "date-mapping"},
    {"Lantern", "TREC-UNCLOSED-1"},
    {"Boatbuilders", "TREC-UNCLOSED-2"},
    {"Hanoi", "TREC-UNCLOSED-3"},          // not swallowed by the one before
    {"gzipped998", "damaged:999"},         // the lines of a damaged gzip file
    {"gzipped1999", "damaged:2000"},
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
    // Special files with an article's name, and names that would forge a
    // second line or drive a terminal if they were printed as they are.
    ASSERT_EQ(mkfifo((bad / "pipe.txt").c_str(), 0644), 0);
    fs::create_symlink("/dev/null", bad / "device.txt");
    write_file(bad / "forged\nnewsdex-index: skipped FAKE: x.txt", "");
    write_file(bad / "esc\x1b[2J\xE2\x80\xAE.txt", " \n");
    // A gzip file whose check at the end is damaged: its 2,000 lines are kept.
    {
        std::string lines;
        for (int i = 0; i < 2000; ++i) {
            lines += "{\"body\": \"gzipped" + std::to_string(i) + " gzipwire dispatch\"}\n";
        }
        std::string gz = gzip(lines);
        gz[gz.size() - 8] = static_cast<char>(gz[gz.size() - 8] ^ 0xFF);  // the CRC-32
        write_file(bad / "damaged.jsonl.gz", gz);
    }
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
    for (const char* e : kExpected) {
        const std::string line = std::string("newsdex-index: ") + e;
        int found = 0;
        for (std::size_t i = 0; i < err.size(); ++i) {
            if (err[i] == line) {
                ++found;
                matched.insert(i);
            }
        }
        EXPECT_EQ(found, 1) << line << "\n" << r.err;
    }
    for (std::size_t i = 0; i < err.size(); ++i) {
        EXPECT_TRUE(matched.count(i) == 1) << "unexpected: " << err[i];
    }
    // The summary counts articles: the repeated id once, said apart.
    EXPECT_NE(
        r.out.find(", 1 repeated id (the last article of each id is kept) in "), std::string::npos
    ) << r.out;
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
    EXPECT_EQ(ids(db, "Hanoi", dir.path()), std::vector<std::string>{"TREC-UNCLOSED-3"});

    // The later article of a repeated id is the one kept.
    const auto count = [&](const std::string& query) {
        return run({NEWSDEX_SEARCH_BIN, "--db", db.string(), "--count", query}, dir.path()).out;
    };
    EXPECT_EQ(count("gzipwire"), "2000\n");
    EXPECT_EQ(count("Toledo sabres"), "1\n");
    EXPECT_EQ(count("Toledo swords"), "0\n");
    EXPECT_EQ(
        run({NEWSDEX_SEARCH_BIN, "--db", db.string(), "--count", "Toledo"}, dir.path()).out, "1\n"
    );
    // The long token: searching for it neither fails nor loses the article.
    std::string token;
    while (token.size() < 10000) {
        token += "overlongtoken";
    }
    token.resize(10000);
    int code = 0;
    EXPECT_EQ(ids(db, token, dir.path(), &code), std::vector<std::string>{"long-token"});
    EXPECT_EQ(code, 0);
    // Clean titles: no byte-order mark, no carriage return (the URL column
    // follows the title).
    const RunResult titles = run(
        {NEWSDEX_SEARCH_BIN, "--db", db.string(), "--format", "tsv", "id:bom OR id:cr OR id:crlf"},
        dir.path()
    );
    EXPECT_NE(titles.out.find("\tLighthouse keepers retire in Jeju\t"), std::string::npos)
        << titles.out;
    EXPECT_NE(titles.out.find("\tTram depot reopens in Daejeon\t"), std::string::npos);
    EXPECT_NE(titles.out.find("\tFerry timetable changes in Mokpo\t"), std::string::npos);
    EXPECT_EQ(titles.out.find('\r'), std::string::npos);
    EXPECT_EQ(titles.out.find("\xEF\xBB\xBF"), std::string::npos);
}

TEST(BadInput, ACutGzipFileKeepsEveryCompleteLineAndNamesTheLineCut) {
    TempDir dir;
    std::string lines;
    for (int i = 0; i < 3000; ++i) {
        lines += "{\"id\": \"cut-" + std::to_string(i) + "\", \"body\": \"Article "
                 + std::to_string(i)
                 + " of an archive that was copied only in part, with some words to compress.\"}\n";
    }
    const std::string whole = gzip(lines);
    const std::string cut = whole.substr(0, whole.size() / 2);
    const std::size_t complete = complete_lines(cut);
    ASSERT_GT(complete, 100U);
    ASSERT_LT(complete, 3000U);
    write_file(dir.path() / "cut.jsonl.gz", cut);
    const fs::path db = dir.path() / "db";
    const RunResult r =
        run({NEWSDEX_INDEX_BIN, "--db", db.string(), "--progress", "never", "cut.jsonl.gz"},
            dir.path());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(
        r.err,
        "newsdex-index: skipped cut.jsonl.gz:" + std::to_string(complete + 1)
            + ": the gzip data ends in this line, cut short (is the file complete?); what "
              "comes before it is indexed, the rest of the file is lost\n"
    );
    EXPECT_EQ(
        run({NEWSDEX_SEARCH_BIN, "--db", db.string(), "--count", "archive"}, dir.path()).out,
        std::to_string(complete) + "\n"
    );
}

TEST(BadInput, AHugeBadJsonLineIsQuotedInABoundedExcerpt) {
    TempDir dir;
    // A string that never ends: the parser's own message would quote it all.
    const std::string line = "{\"id\": \"huge\", \"body\": \"" + std::string(4 * 1024 * 1024, 'a');
    write_file(dir.path() / "huge.jsonl", line + "\n");
    const RunResult r =
        run({NEWSDEX_INDEX_BIN,
             "--db",
             (dir.path() / "db").string(),
             "--progress",
             "never",
             "huge.jsonl"},
            dir.path());
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(
        r.err,
        "newsdex-index: skipped huge.jsonl:1: not valid JSON at byte "
            + std::to_string(line.size() + 1)
            + " (syntax error while parsing value - invalid string: missing closing quote, "
              "after '\u2026"
            + std::string(40, 'a') + "'); line skipped, fix it and index again\n"
    );
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

// Bombs: gzip files of a few kilobytes that expand to one 512 MB JSON line,
// a 512 MB TREC document and 256 MB of newlines. Each huge record is skipped
// with its line and size, the articles around it are indexed, and the
// indexer's memory stays under the bound docs/reliability.md states.
TEST(BadInput, GzipBombsAreSkippedInBoundedMemory) {
    TempDir dir;
    const fs::path in = dir.path() / "in";
    fs::create_directories(in);
    constexpr std::size_t kMiB = std::size_t{1} << 20;
    std::string chunk;
    while (chunk.size() < kMiB) {
        chunk += "bombed ";
    }
    chunk.resize(kMiB);
    const std::string json_open = "{\"id\": \"bomb\", \"body\": \"";
    const std::string json_close = "\"}";
    write_file(
        in / "bomb.jsonl.gz",
        gzip_repeated(
            "{\"id\": \"before-json\", \"body\": \"Ferries sail before the bomb.\"}\n" + json_open,
            chunk,
            512,
            json_close + "\n{\"id\": \"after-json\", \"body\": \"Ferries sail after the bomb.\"}\n"
        )
    );
    const std::string trec_open = "<DOC>\n<DOCNO>bomb-trec</DOCNO>\n<TEXT>\n";
    const std::string trec_close = "</TEXT>\n</DOC>\n";
    write_file(
        in / "bomb.trec.gz",
        gzip_repeated(
            "<DOC>\n<DOCNO>before-trec</DOCNO>\n<TEXT>\nTugboats before the bomb.\n</TEXT>\n"
            "</DOC>\n"
                + trec_open,
            chunk + "\n",
            512,
            trec_close
                + "<DOC>\n<DOCNO>after-trec</DOCNO>\n<TEXT>\nTugboats after the bomb.\n</TEXT>\n"
                  "</DOC>\n"
        )
    );
    // The article after the newlines has no id: its id names its line.
    write_file(
        in / "newlines.jsonl.gz",
        gzip_repeated(
            "{\"id\": \"before-newlines\", \"body\": \"Barges before the newlines.\"}\n",
            std::string(kMiB, '\n'),
            256,
            "{\"body\": \"Barges after the newlines.\"}\n"
        )
    );
    EXPECT_LT(fs::file_size(in / "bomb.jsonl.gz"), 2 * kMiB);
    const fs::path db = dir.path() / "db";
    const RunResult r =
        run({NEWSDEX_INDEX_BIN, "--db", db.string(), "--progress", "never", "in"}, dir.path());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    const std::size_t json_line = json_open.size() + 512 * kMiB + json_close.size();
    const std::size_t trec_doc = trec_open.size() + 512 * (kMiB + 1) + trec_close.size();
    EXPECT_EQ(
        r.err,
        "newsdex-index: skipped in/bomb.jsonl.gz:2: line of 512 MB (" + std::to_string(json_line)
            + " bytes) is larger than the limit of 32 MB for one article (--max-record-size); "
              "skipped, the rest of the file is indexed\n"
              "newsdex-index: skipped in/bomb.trec.gz:7: TREC document of 512 MB ("
            + std::to_string(trec_doc)
            + " bytes) is larger than the limit of 32 MB for one article (--max-record-size); "
              "skipped, the rest of the file is indexed\n"
    );
    EXPECT_NE(
        r.out.find(" 6 indexed (6 added, 0 updated), 0 unchanged, 0 removed, 2 skipped"),
        std::string::npos
    ) << r.out;
    std::vector<std::string> found = ids(db, "ferries OR tugboats OR barges", dir.path());
    std::sort(found.begin(), found.end());
    // 1 + 256 MiB newlines + 1: the line numbers count every empty line.
    EXPECT_EQ(
        found,
        (std::vector<std::string>{
            "after-json",
            "after-trec",
            "before-json",
            "before-newlines",
            "before-trec",
            "newlines:" + std::to_string(256 * kMiB + 2)})
    );
    const std::size_t limit_mib = kSanitized ? 1500 : 300;
    std::printf(
        "gzip bombs (512 MB line, 512 MB TREC document, 256 MB of newlines): peak %zu MiB "
        "(limit %zu MiB), %.1f s of CPU\n",
        r.max_rss_kib / 1024,
        limit_mib,
        r.cpu_seconds
    );
    EXPECT_LT(r.max_rss_kib / 1024, limit_mib);
}

// Past --max-record-size, each kind of record is skipped with its size and
// the rest of its file indexed; below it, a one-paragraph article is indexed.
TEST(BadInput, RecordsPastTheLimitAreSkippedAndTheRestIndexed) {
    TempDir dir;
    const fs::path in = dir.path() / "in";
    fs::create_directories(in);
    std::string paragraph;
    while (paragraph.size() < 1100 * 1024) {
        paragraph += "harbour cranes unload timber ";
    }
    write_file(in / "a-large.txt", "Large\n\n" + paragraph + "\n");
    write_file(
        in / "b-small.txt",
        "Small\n\nDockers in Rotterdam " + paragraph.substr(0, 900 * 1024) + " pilotwordzulu\n"
    );
    const std::string json_big = "{\"id\": \"json-big\", \"body\": \"" + paragraph + "\"}";
    write_file(
        in / "c.jsonl",
        "{\"id\": \"json-1\", \"body\": \"Grain silos in Odesa.\"}\n\n\n" + json_big
            + "\n{\"id\": \"json-2\", \"body\": \"Grain silos in Constanta.\"}\n"
    );
    const std::string trec_big = "<DOC>\n<DOCNO>trec-big</DOCNO>\n<TEXT>\n" + paragraph + "\n"
                                 + paragraph + "\n</TEXT>\n</DOC>\n";
    write_file(
        in / "d.trec",
        trec_big + "<DOC>\n<DOCNO>trec-1</DOCNO>\n<TEXT>\nGrain silos in Varna.\n</TEXT>\n</DOC>\n"
    );
    const fs::path db = dir.path() / "db";
    const RunResult r =
        run({NEWSDEX_INDEX_BIN,
             "--db",
             db.string(),
             "--progress",
             "never",
             "--max-record-size",
             "1M",
             "in"},
            dir.path());
    EXPECT_EQ(r.exit_code, 1) << r.err;
    const std::string limit =
        " is larger than the limit of 1 MB for one article (--max-record-size); skipped";
    EXPECT_EQ(
        r.err,
        "newsdex-index: skipped in/a-large.txt: article of 1 MB ("
            + std::to_string(fs::file_size(in / "a-large.txt")) + " bytes)" + limit
            + ", not read\nnewsdex-index: skipped in/c.jsonl:4: line of 1 MB ("
            + std::to_string(json_big.size()) + " bytes)" + limit
            + ", the rest of the file is indexed\nnewsdex-index: skipped in/d.trec:1: TREC "
              "document of 2 MB ("
            + std::to_string(trec_big.size()) + " bytes)" + limit
            + ", the rest of the file is indexed\n"
    );
    std::vector<std::string> found = ids(db, "silos OR dockers", dir.path());
    std::sort(found.begin(), found.end());
    EXPECT_EQ(found, (std::vector<std::string>{"b-small", "json-1", "json-2", "trec-1"}));
    // The one-paragraph article: its last word is found.
    EXPECT_EQ(ids(db, "pilotwordzulu", dir.path()), std::vector<std::string>{"b-small"});
    // A size the option does not take.
    const RunResult bad =
        run({NEWSDEX_INDEX_BIN, "--db", db.string(), "--max-record-size", "12Q", "in"}, dir.path());
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_EQ(
        bad.err,
        "newsdex-index: --max-record-size takes a size such as 32M, 512K or 1048576, not '12Q'\n"
    );
}

TEST(BadInput, A50MegabyteArticleIsIndexedInBoundedMemory) {
    TempDir dir;
    const fs::path in = dir.path() / "in";
    fs::create_directories(in);
    {
        // One paragraph, as some archives write a whole article on a line:
        // its first 8 MB are indexed with positions, the rest by word.
        std::ofstream out(in / "hearing.txt", std::ios::binary);
        out << "Transcript of a marathon hearing on harbour dredging\n\n";
        out << "The openingwordalpha session began with the harbour master. ";
        const std::string sentence =
            "The committee heard evidence on dredging, silt and the shipping channel again. ";
        std::size_t written = 0;
        bool middle = false;
        while (written < 50U * 1024 * 1024) {
            out << sentence;
            written += sentence.size();
            if (!middle && written > 25U * 1024 * 1024) {
                out << "A middlewordbravo remark was recorded. ";
                middle = true;
            }
        }
        out << "The closingwordcharlie vote ended it.\n";
    }
    const fs::path db = dir.path() / "db";
    // Past the default limit of 32 MB: skipped, not read.
    const RunResult skipped =
        run({NEWSDEX_INDEX_BIN, "--db", db.string(), "--progress", "never", in.string()},
            dir.path());
    EXPECT_EQ(skipped.exit_code, 1);
    EXPECT_NE(
        skipped.err.find(
            "hearing.txt: article of 50 MB (" + std::to_string(fs::file_size(in / "hearing.txt"))
            + " bytes) is larger than the limit of 32 MB for one article (--max-record-size); "
              "skipped, not read\n"
        ),
        std::string::npos
    ) << skipped.err;
    EXPECT_LT(skipped.max_rss_kib / 1024, 100U);
    const RunResult r =
        run({NEWSDEX_INDEX_BIN,
             "--db",
             db.string(),
             "--progress",
             "never",
             "--max-record-size",
             "64M",
             in.string()},
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

// Input that once stalled the indexer (issue 17): runs of capitalised words
// without punctuation, and a 1 MB title. Each is indexed like any article
// (ctest's timeout is the guard; each took seconds to minutes when entity
// discovery was quadratic), and what the text names is found.
TEST(BadInput, RunsOfCapitalisedWordsAreIndexedAndTheirEntitiesFound) {
    TempDir dir;
    const fs::path in = dir.path() / "in";
    fs::create_directories(in);
    const auto repeated = [](const std::string& piece, std::size_t times) {
        std::string out;
        for (std::size_t i = 0; i < times; ++i) {
            out += piece;
        }
        return out;
    };
    const auto write = [&](const std::string& id, const std::string& title, const std::string& body
                       ) {
        std::ofstream out(in / (id + ".txt"), std::ios::binary);
        out << title << "\n\n" << body << "\n";
    };
    const std::string named = "\nPrime Minister Rudolf Rassendyll of Ruritania spoke in Pyongyang.";
    write("words", "Words", repeated("WORD ", 20'000) + named);
    write("capitals", "Capitals", repeated("Word ", 20'000) + named);
    write("pairs", "Pairs", repeated("A B ", 20'000) + named);
    write("title", repeated("T ", 500'000), "A short body." + named);
    const fs::path db = dir.path() / "db";
    const RunResult r =
        run({NEWSDEX_INDEX_BIN, "--db", db.string(), "--progress", "never", in.string()},
            dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    std::printf("four crafted articles indexed in %.2f s of CPU\n", r.cpu_seconds);
    const std::vector<std::string> all{"capitals", "pairs", "title", "words"};
    const auto sorted = [](std::vector<std::string> v) {
        std::sort(v.begin(), v.end());
        return v;
    };
    EXPECT_EQ(sorted(ids(db, "leader:\"Rudolf Rassendyll\"", dir.path())), all);
    EXPECT_EQ(sorted(ids(db, "place:Pyongyang", dir.path())), all);
    EXPECT_EQ(sorted(ids(db, "word", dir.path())), (std::vector<std::string>{"capitals", "words"}));
    // No person made of the runs.
    const RunResult f =
        run({NEWSDEX_SEARCH_BIN, "--db", db.string(), "--facets", "person", "--limit", "0", "*"},
            dir.path());
    EXPECT_EQ(f.exit_code, 0) << f.err;
    EXPECT_NE(f.out.find("Rudolf Rassendyll"), std::string::npos) << f.out;
    EXPECT_EQ(f.out.find("Word"), std::string::npos) << f.out;
    EXPECT_EQ(f.out.find("WORD"), std::string::npos) << f.out;
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
