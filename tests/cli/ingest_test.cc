// SPDX-License-Identifier: MIT
// Ingestion end to end: JSON Lines and TREC input, standard input, gzip,
// shards, incremental re-indexing and pruning, bad lines.
#include "newsdex/index_writer.h"

#include "catalog/reader.h"
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <set>
#include <sstream>

namespace newsdex::test {
namespace {

using nlohmann::json;

const std::string kIndex = NEWSDEX_INDEX_BIN;
const std::string kSearch = NEWSDEX_SEARCH_BIN;

RunResult index(
    const std::string& db,
    std::vector<std::string> args,
    const std::filesystem::path& cwd = source_dir(),
    const std::string* input = nullptr
) {
    std::vector<std::string> argv{kIndex, "--db", db, "--progress", "never"};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, cwd, {}, input);
}

// What a query finds, in order, with the scores rounded: a fingerprint of
// the results to compare between indexes.
std::string results(const std::string& db, const std::string& query) {
    const RunResult r =
        run({kSearch, "--db", db, "--json", "--limit", "20", "--", query}, source_dir());
    const json j = json::parse(r.out);
    std::string out = std::to_string(j["total"].get<int>()) + ":";
    for (const json& hit : j["hits"]) {
        char score[32];
        std::snprintf(score, sizeof score, "%.4f", hit["score"].get<double>());
        out += " " + hit["id"].get<std::string>() + "=" + score + "(" + hit["date"].dump() + ")";
    }
    return out;
}

const std::vector<std::string> kQueries{
    "kim",
    "visiting",
    "\"Korea's Kim\"",
    "year:2019",
    "leader:Xi",
    "denuclearisation sanctions",
    "date:..2018-12-31",
    "Pyongyang",
    "source:\"Arirang News\"",
    "title:visit",
    "*"};

TEST(Ingest, JsonLinesAndTrecGiveTheSameResultsAsTheFolder) {
    TempDir tmp;
    const std::string folder = (tmp.path() / "folder.db").string();
    const std::string jsonl = (tmp.path() / "jsonl.db").string();
    const std::string trec = (tmp.path() / "trec.db").string();
    const std::string trec_gz = (tmp.path() / "trecgz.db").string();
    const std::string stdin_db = (tmp.path() / "stdin.db").string();
    ASSERT_EQ(index(folder, {"corpus"}).exit_code, 0);
    const RunResult j = index(jsonl, {"tests/fixtures/formats/seeds.jsonl"});
    ASSERT_EQ(j.exit_code, 0) << j.err;
    EXPECT_NE(j.out.find("5 indexed (5 added"), std::string::npos) << j.out;
    ASSERT_EQ(index(trec, {"tests/fixtures/formats/seeds.trec"}).exit_code, 0);
    ASSERT_EQ(index(trec_gz, {"tests/fixtures/formats/seeds.trec.gz"}).exit_code, 0);
    const std::string lines =
        read_file(source_dir() / "tests" / "fixtures" / "formats" / "seeds.jsonl");
    ASSERT_EQ(index(stdin_db, {"-"}, source_dir(), &lines).exit_code, 0);
    for (const std::string& q : kQueries) {
        const std::string expected = results(folder, q);
        EXPECT_EQ(results(jsonl, q), expected) << q;
        EXPECT_EQ(results(trec, q), expected) << q;
        EXPECT_EQ(results(trec_gz, q), expected) << q;
        EXPECT_EQ(results(stdin_db, q), expected) << q;
    }
    // The path of a JSON Lines article is its file and line.
    const json hit = json::parse(
        run({kSearch, "--db", jsonl, "--json", "id:002_3dc3d58046a9c6ed"}, source_dir()).out
    )["hits"][0];
    EXPECT_EQ(hit["path"], "tests/fixtures/formats/seeds.jsonl:3");
}

TEST(Ingest, ShardsGiveTheSameResultsAsOneDatabase) {
    TempDir tmp;
    const std::string one = (tmp.path() / "one.db").string();
    const std::string three = (tmp.path() / "three.db").string();
    ASSERT_EQ(index(one, {"--shards", "1", "corpus", "tests/fixtures/articles"}).exit_code, 0);
    ASSERT_EQ(
        index(three, {"--shards", "3", "--jobs", "3", "corpus", "tests/fixtures/articles"})
            .exit_code,
        0
    );
    EXPECT_TRUE(std::filesystem::is_regular_file(std::filesystem::path(three) / "XAPIANDB"));
    // Three shard folders, named by the stub (compaction gives them new names).
    const std::string stub = read_file(std::filesystem::path(three) / "XAPIANDB");
    std::size_t listed = 0;
    for (std::size_t at = stub.find("glass "); at != std::string::npos;
         at = stub.find("glass ", at + 1)) {
        const std::string name = stub.substr(at + 6, stub.find('\n', at) - at - 6);
        EXPECT_TRUE(std::filesystem::is_directory(std::filesystem::path(three) / name)) << name;
        ++listed;
    }
    EXPECT_EQ(listed, 3U);
    for (const std::string& q : kQueries) {
        EXPECT_EQ(results(three, q), results(one, q)) << q;
    }
    // Re-indexing finds each article in its shard: nothing changes.
    const RunResult again = index(three, {"corpus", "tests/fixtures/articles"});
    EXPECT_NE(again.out.find("0 indexed (0 added, 0 updated), 11 unchanged"), std::string::npos)
        << again.out;
}

// The articles of a folder, as newsdex-index reads them.
std::vector<Article> read_articles(const std::filesystem::path& folder) {
    std::vector<Article> out;
    detail::enumerate_inputs(
        {folder.string()},
        [&](const detail::InputFile& file) {
            detail::ReadResult r = detail::read_article_file(file);
            if (r.article) {
                out.push_back(std::move(*r.article));
            }
        },
        [](const InputProblem&) {}
    );
    return out;
}

// Shards of a new index built in parts (here one article a part) and
// merged at the end hold the same articles as shards written whole, an id
// written again after its part was closed replaces the article in that
// part, and the parts an interrupted library writer leaves are merged by
// the next open.
TEST(Ingest, ShardsBuiltInPartsGiveTheSameResults) {
    TempDir tmp;
    const std::string one = (tmp.path() / "one.db").string();
    const std::string parts = (tmp.path() / "parts.db").string();
    ASSERT_EQ(index(one, {"--shards", "1", "corpus", "tests/fixtures/articles"}).exit_code, 0);
    // Seed 000 comes first with a placeholder body and last with its real
    // one: the second must replace the first, in whichever part it is.
    const std::filesystem::path early = tmp.path() / "early.jsonl";
    write_file(
        early,
        R"({"id": "000_ffee1812b02ee5cf", "title": "Placeholder", "date": "2018-08-19", )"
        R"("body": "A quokkaberry placeholder that the real article replaces."})"
        "\n"
    );
    const RunResult r = index(
        parts,
        {"--shards",
         "2",
         "--part-size",
         "1",
         "--batch-size",
         "1",
         early.string(),
         "tests/fixtures/articles",
         "corpus"}
    );
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Merged: one folder a shard again.
    const std::string stub = read_file(std::filesystem::path(parts) / "XAPIANDB");
    EXPECT_EQ(stub.find(".p"), std::string::npos) << stub;
    for (const std::string& q : kQueries) {
        EXPECT_EQ(results(parts, q), results(one, q)) << q;
    }
    EXPECT_EQ(results(parts, "quokkaberry"), "0:");

    // A library writer closed without compaction leaves parts in the stub;
    // searches see them all, and the next open merges them.
    const std::string lib = (tmp.path() / "lib.db").string();
    {
        WriterOptions options;
        options.shards = 2;
        options.part_size = 2;
        options.batch_size = 1;
        IndexWriter writer(lib, options);
        for (const Article& a : read_articles(source_dir() / "corpus")) {
            writer.add(a);
        }
        for (const Article& a : read_articles(source_dir() / "tests" / "fixtures" / "articles")) {
            writer.add(a);
        }
        EXPECT_EQ(writer.article_count(), 11U);
        EXPECT_EQ(writer.ids().size(), 11U);
        // Removed from the closed part that has it, then written again (to
        // the open part).
        const std::vector<Article> seeds = read_articles(source_dir() / "corpus");
        ASSERT_TRUE(writer.remove(seeds.front().id));
        EXPECT_FALSE(writer.remove(seeds.front().id));
        EXPECT_EQ(writer.article_count(), 10U);
        EXPECT_EQ(writer.add(seeds.front()), AddOutcome::kAdded);
        EXPECT_EQ(writer.article_count(), 11U);
    }
    EXPECT_NE(read_file(std::filesystem::path(lib) / "XAPIANDB").find(".p"), std::string::npos);
    for (const std::string& q : kQueries) {
        EXPECT_EQ(results(lib, q), results(one, q)) << q;
    }
    // (The same paths as the library writer read: a path is part of an article.)
    const RunResult again = index(
        lib,
        {(source_dir() / "corpus").string(),
         (source_dir() / "tests" / "fixtures" / "articles").string()}
    );
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.out.find("0 indexed (0 added, 0 updated), 11 unchanged"), std::string::npos)
        << again.out;
    const std::string merged = read_file(std::filesystem::path(lib) / "XAPIANDB");
    EXPECT_EQ(merged.find(".p"), std::string::npos) << merged;
    for (const std::string& q : kQueries) {
        EXPECT_EQ(results(lib, q), results(one, q)) << q;
    }
}

TEST(Ingest, ReindexingIsIncremental) {
    TempDir tmp;
    const auto in = tmp.path() / "in";
    std::filesystem::create_directories(in);
    for (const auto& entry : std::filesystem::directory_iterator(source_dir() / "corpus")) {
        std::filesystem::copy_file(entry.path(), in / entry.path().filename());
    }
    const std::string db = (tmp.path() / "db").string();
    ASSERT_EQ(index(db, {"in"}, tmp.path()).exit_code, 0);
    const RunResult same = index(db, {"in"}, tmp.path());
    EXPECT_NE(
        same.out.find("0 indexed (0 added, 0 updated), 5 unchanged, 0 removed"), std::string::npos
    ) << same.out;

    // Change one article's body: one update, and its old text is gone.
    const auto changed = in / "004_ee271d618b2a93c0.txt";
    std::string text = read_file(changed);
    const std::string old = "Vladivostok";
    std::size_t at = 0;
    while ((at = text.find(old, at)) != std::string::npos) {
        text.replace(at, old.size(), "Khabarovsk");
    }
    write_file(changed, text);
    const RunResult update = index(db, {"in"}, tmp.path());
    EXPECT_NE(update.out.find("1 indexed (0 added, 1 updated), 4 unchanged"), std::string::npos)
        << update.out;
    EXPECT_EQ(run({kSearch, "--db", db, "--count", "vladivostok"}, tmp.path()).out, "0\n");
    EXPECT_EQ(run({kSearch, "--db", db, "--count", "khabarovsk"}, tmp.path()).out, "1\n");
    // The spelling data forgot the old word with the old text.
    const json suggestion =
        json::parse(run({kSearch, "--db", db, "--json", "vladivostk"}, tmp.path()).out);
    EXPECT_FALSE(suggestion.contains("suggestion")) << suggestion.dump();

    // Delete a file: --prune removes its article, a run without it does not.
    std::filesystem::remove(in / "000_ffee1812b02ee5cf.txt");
    const RunResult keep = index(db, {"in"}, tmp.path());
    EXPECT_NE(keep.out.find("0 removed"), std::string::npos) << keep.out;
    EXPECT_EQ(run({kSearch, "--db", db, "--count", ""}, tmp.path()).out, "5\n");
    const RunResult pruned = index(db, {"--prune", "in"}, tmp.path());
    EXPECT_NE(pruned.out.find("1 removed"), std::string::npos) << pruned.out;
    EXPECT_EQ(run({kSearch, "--db", db, "--count", ""}, tmp.path()).out, "4\n");
    EXPECT_EQ(
        run({kSearch, "--db", db, "--count", "id:000_ffee1812b02ee5cf"}, tmp.path()).out, "0\n"
    );
}

TEST(Ingest, MalformedJsonLinesAreNamedAndGoodLinesIndexed) {
    for (const char* file :
         {"tests/fixtures/formats/mixed.jsonl", "tests/fixtures/formats/mixed.jsonl.gz"}) {
        TempDir tmp;
        const std::string db = (tmp.path() / "db").string();
        const RunResult r = index(db, {file});
        EXPECT_EQ(r.exit_code, 1) << file;
        const std::string name(file);
        EXPECT_NE(r.err.find("skipped " + name + ":2: not valid JSON at byte"), std::string::npos)
            << r.err;
        EXPECT_NE(r.err.find("skipped " + name + ":3: not valid JSON"), std::string::npos) << r.err;
        EXPECT_NE(
            r.err.find("skipped " + name + ":5: a JSON Lines article is a JSON object"),
            std::string::npos
        ) << r.err;
        EXPECT_NE(r.err.find("skipped " + name + ":6: no `body`"), std::string::npos) << r.err;
        EXPECT_NE(
            r.err.find("warning: " + name + ":7: bad date 'sometime last week'"), std::string::npos
        ) << r.err;
        EXPECT_NE(
            r.out.find("3 indexed (3 added, 0 updated), 0 unchanged, 0 removed, 4 skipped"),
            std::string::npos
        ) << r.out;
        // RFC 2822 and "January 11, 2019" are dates; the aliases of JSON fields work.
        const json y =
            json::parse(run({kSearch, "--db", db, "--json", "year:2019"}, source_dir()).out);
        ASSERT_EQ(y["total"], 2) << y.dump();
        EXPECT_EQ(y["hits"][1]["id"], "good-2");
        EXPECT_EQ(y["hits"][1]["title"], "Second good line");
        EXPECT_EQ(y["hits"][1]["entities"]["leader"][0], "Xi Jinping");
        EXPECT_EQ(run({kSearch, "--db", db, "--count", "tokyo"}, source_dir()).out, "1\n");
    }
}

TEST(Ingest, InputsAreKnownByTheirRealPath) {
    TempDir tmp;
    write_file(
        tmp.path() / "in" / "wire.jsonl",
        "{\"id\": \"w1\", \"body\": \"Salt traders in Timbuktu met.\"}\n"
        "{\"id\": \"w2\", \"body\": \"Camel drivers in Agadez rested.\"}\n"
    );
    std::filesystem::create_symlink("in/wire.jsonl", tmp.path() / "link.jsonl");
    const std::string db = (tmp.path() / "db").string();
    const std::string absolute = (tmp.path() / "in" / "wire.jsonl").string();
    ASSERT_EQ(index(db, {"in/wire.jsonl"}, tmp.path()).exit_code, 0);
    // Named another way, the same file changes nothing: its articles are
    // unchanged, and keep the path they were first indexed with.
    for (const std::string& name :
         {absolute, std::string("./in/../in/wire.jsonl"), std::string("link.jsonl")}) {
        const RunResult again = index(db, {name}, tmp.path());
        EXPECT_EQ(again.err, "");
        EXPECT_NE(again.out.find("0 indexed (0 added, 0 updated), 2 unchanged"), std::string::npos)
            << name << ": " << again.out;
    }
    const json hit = json::parse(run({kSearch, "--db", db, "--json", "Timbuktu"}, tmp.path()).out);
    EXPECT_EQ(hit["hits"][0]["path"], "in/wire.jsonl:1");
    // Named twice in one run, it is read once.
    const RunResult twice = index(db, {"in/wire.jsonl", absolute}, tmp.path());
    EXPECT_EQ(twice.exit_code, 0);
    EXPECT_EQ(
        twice.err,
        "newsdex-index: warning: " + absolute
            + ": the same file as 'in/wire.jsonl', given before; read once\n"
    );
    EXPECT_NE(
        twice.out.find("0 indexed (0 added, 0 updated), 2 unchanged, 0 removed, 0 skipped in"),
        std::string::npos
    ) << twice.out;
    // Moved, it is another file: its articles are updated, with the new path.
    std::filesystem::rename(tmp.path() / "in" / "wire.jsonl", tmp.path() / "in" / "moved.jsonl");
    const RunResult moved = index(db, {"in/moved.jsonl"}, tmp.path());
    EXPECT_NE(moved.out.find("2 indexed (0 added, 2 updated)"), std::string::npos) << moved.out;
    const json after =
        json::parse(run({kSearch, "--db", db, "--json", "Timbuktu"}, tmp.path()).out);
    EXPECT_EQ(after["hits"][0]["path"], "in/moved.jsonl:1");
}

// Every file accounted for: files of other kinds are counted by type in the
// summary, JSON saved as .json is read by its content, and a PATH from
// which nothing could be indexed is named and makes the exit status 1.
TEST(Ingest, EveryFileIsAccountedFor) {
    TempDir tmp;
    const std::filesystem::path in = tmp.path() / "in";
    for (const char* name : {"a.csv", "b.csv", "sub/c.csv", "d.PDF"}) {
        write_file(in / name, "x,y\n1,2\n");
    }
    write_file(in / "page.xml", "<rss><item>Ferry timetables</item></rss>\n");
    write_file(in / "notes", "no extension\n");
    write_file(in / "catalog.yaml", "");
    write_file(
        in / "lines.json",
        "{\"id\": \"lines-1\", \"body\": \"Ferry crews in Piraeus.\"}\n\n"
        "{\"id\": \"lines-2\", \"body\": \"Ferry crews in Patras.\"}\n"
    );
    write_file(
        in / "one.json",
        "{\n  \"id\": \"one\",\n  \"title\": \"One object\",\n  \"body\": \"Ferry crews in "
        "Chania.\"\n}\n"
    );
    write_file(
        in / "many.json",
        "[\n  {\"id\": \"many-1\", \"body\": \"Ferry crews in Rhodes.\"},\n"
        "  {\"body\": \"Ferry crews in Kos.\"},\n  [1, 2]\n]\n"
    );
    write_file(in / "text.json", "\"Ferry crews\"\n");
    write_file(tmp.path() / "other" / "table.csv", "x,y\n");
    write_file(tmp.path() / "other" / "scan.pdf", "%PDF-1.4\n");
    std::filesystem::create_directories(tmp.path() / "empty");
    const std::string db = (tmp.path() / "db").string();
    const RunResult r = index(db, {"in", "other", "empty"}, tmp.path());
    EXPECT_EQ(r.exit_code, 1);
    const std::string reads =
        "(newsdex reads .txt and .md articles, JSON Lines (.jsonl, .ndjson, .json), TREC "
        "(.trec, .sgml) and HTML pages (.html, .htm), plain or .gz); nothing indexed\n";
    EXPECT_EQ(
        r.err,
        "newsdex-index: skipped in/many.json[3]: a JSON Lines article is a JSON object, this line "
        "is an array; line skipped, fix it and index again\n"
        "newsdex-index: skipped in/text.json: a .json file holds JSON Lines (one article object a "
        "line), one article object or an array of them; this one is a string\n"
        "newsdex-index: skipped other: no article files in this folder, only 1 .csv, 1 .pdf "
        "(unsupported types; newsdex reads .txt and .md articles, JSON Lines (.jsonl, .ndjson, "
        ".json), TREC (.trec, .sgml) and HTML pages (.html, .htm), plain or .gz); nothing "
        "indexed\n"
        "newsdex-index: skipped empty: no article files in this folder "
            + reads
    );
    EXPECT_EQ(
        r.out.substr(0, r.out.find(" in ")),
        "newsdex-index: 5 indexed (5 added, 0 updated), 0 unchanged, 0 removed, 4 skipped; 4 "
        ".csv, 2 .pdf, 1 .xml, 1 without an extension skipped: unsupported type"
    );
    const RunResult found =
        run({kSearch, "--db", db, "--format", "ids", "--limit", "100", "ferry"}, tmp.path());
    std::vector<std::string> ids;
    for (std::size_t at = 0, end = 0; (end = found.out.find('\n', at)) != std::string::npos;
         at = end + 1) {
        ids.push_back(found.out.substr(at, end - at));
    }
    std::sort(ids.begin(), ids.end());
    EXPECT_EQ(ids, (std::vector<std::string>{"lines-1", "lines-2", "many-1", "many[2]", "one"}))
        << found.err;
    const json hit = json::parse(run({kSearch, "--db", db, "--json", "Kos"}, tmp.path()).out);
    EXPECT_EQ(hit["hits"][0]["path"], "in/many.json[2]");
    // The folder alone: every article unchanged, the other files counted, exit 0.
    std::filesystem::remove(in / "text.json");
    write_file(in / "many.json", "[{\"id\": \"many-1\", \"body\": \"Ferry crews in Rhodes.\"}]\n");
    const RunResult again = index(db, {"in"}, tmp.path());
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(again.err, "");
    EXPECT_EQ(
        again.out.substr(0, again.out.find(" in ")),
        "newsdex-index: 0 indexed (0 added, 0 updated), 4 unchanged, 0 removed, 0 skipped; 3 "
        ".csv, 1 .pdf, 1 .xml, 1 without an extension skipped: unsupported type"
    );
}

// A folder of news pages (tests/fixtures/html): every page but the one
// without text is indexed with its metadata; the pages' navigation,
// banners, comments and footers are not searchable, phrases run across
// inline tags and through broken markup.
TEST(Ingest, HtmlPagesAreArticles) {
    TempDir tmp;
    const std::string db = (tmp.path() / "db").string();
    const RunResult r = index(db, {"tests/fixtures/html"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(
        r.out.substr(0, r.out.find(" in ")),
        "newsdex-index: 19 indexed (19 added, 0 updated), 0 unchanged, 0 removed, 1 skipped"
    );
    EXPECT_EQ(
        r.err,
        "newsdex-index: warning: tests/fixtures/html/bad-date-fallback.html: bad date "
        "'yesterday' in <meta property=\"article:published_time\">; not used\n"
        "newsdex-index: skipped tests/fixtures/html/empty-shell.html: HTML page without "
        "article text (no paragraphs outside navigation, headers, footers, scripts and forms); "
        "skipped: if it is an article, check that its text is in the page itself and not "
        "loaded by a script\n"
    );
    const auto count = [&](const std::string& query) {
        const RunResult c = run({kSearch, "--db", db, "--count", "--", query}, source_dir());
        return c.out;
    };
    // Words only in menus, cookie banners, newsletters, comments, sidebars,
    // footers, share bars and ads (the list the index-contents test reads
    // too), and phrases of them.
    std::vector<std::string> chrome = html_chrome_words();
    ASSERT_FALSE(chrome.empty());
    chrome.insert(
        chrome.end(),
        {"obituaries", "\"proudly powered\"", "\"recent posts\"", "\"jobs board\"", "\"bin days\""}
    );
    for (const std::string& word : chrome) {
        EXPECT_EQ(count(word), "0\n") << word;
    }
    EXPECT_EQ(count("\"tidal barrier closed\""), "1\n");               // <b>, <a>, <em>
    EXPECT_EQ(count("\"becoming more frequent\""), "1\n");             // <span><strong>
    EXPECT_EQ(count("\"strike over new night shift rotas\""), "1\n");  // misnested
    EXPECT_EQ(count("\"Annegret M\u00fcller\""), "1\n");               // windows-1252
    EXPECT_EQ(count("\"old corn exchange\""), "1\n");                  // gzipped
    EXPECT_EQ(count("source:\"Meridian Wire\""), "1\n");
    EXPECT_EQ(count("year:2020"), "2\n");
    const json hit =
        json::parse(run({kSearch, "--db", db, "--json", "lighthouse", "foghorn"}, source_dir()).out
        );
    ASSERT_EQ(hit["hits"].size(), 1U);
    EXPECT_EQ(hit["hits"][0]["id"], "bad-date-fallback");
    EXPECT_EQ(hit["hits"][0]["title"], "Lighthouse keeper's cottage becomes museum");
    EXPECT_EQ(hit["hits"][0]["date"], "2015-05-23");
    EXPECT_EQ(hit["hits"][0]["source"], "Point Reyes Ledger");
    EXPECT_EQ(hit["hits"][0]["path"], "tests/fixtures/html/bad-date-fallback.html");
}

TEST(Ingest, AnIdRepeatedInARunIsCountedOnceAndItsLastArticleKept) {
    TempDir tmp;
    // Three lines with one id, two with another: two articles.
    std::string lines;
    for (int i = 0; i < 3; ++i) {
        lines +=
            "{\"id\": \"same\", \"body\": \"Version " + std::to_string(i) + " of the story.\"}\n";
    }
    lines += "{\"id\": \"other\", \"body\": \"An earlier draft.\"}\n";
    lines += "{\"id\": \"other\", \"body\": \"The final draft.\"}\n";
    write_file(tmp.path() / "repeats.jsonl", lines);
    const std::string db = (tmp.path() / "db").string();
    const RunResult r = index(db, {"repeats.jsonl"}, tmp.path());
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(
        r.err,
        "newsdex-index: warning: repeats.jsonl:2: id 'same' came earlier in this run; this article "
        "replaces that one (further repeated ids of this input are only counted)\n"
    );
    EXPECT_NE(
        r.out.find("2 indexed (2 added, 0 updated), 0 unchanged, 0 removed, 0 skipped, 3 repeated "
                   "ids (the last article of each id is kept) in "),
        std::string::npos
    ) << r.out;
    EXPECT_EQ(run({kSearch, "--db", db, "--count", ""}, tmp.path()).out, "2\n");
    EXPECT_EQ(run({kSearch, "--db", db, "--count", "version"}, tmp.path()).out, "1\n");
    EXPECT_EQ(run({kSearch, "--db", db, "--count", "final"}, tmp.path()).out, "1\n");
    EXPECT_EQ(run({kSearch, "--db", db, "--count", "earlier"}, tmp.path()).out, "0\n");

    // An article the index has, given again after a changed one with its id:
    // the index ends with the one given last, though the run's reader saw
    // it unchanged.
    write_file(tmp.path() / "dir" / "a.txt", "---\nid: alpha\n---\nAlpha with marmalade.\n");
    write_file(tmp.path() / "other.txt", "---\nid: alpha\n---\nAlpha with quince.\n");
    ASSERT_EQ(index(db, {"dir"}, tmp.path()).exit_code, 0);
    const RunResult both = index(db, {"other.txt", "dir"}, tmp.path());
    EXPECT_NE(
        both.out.find("1 indexed (0 added, 1 updated), 0 unchanged, 0 removed, 0 skipped, 1 "
                      "repeated id"),
        std::string::npos
    ) << both.out;
    EXPECT_EQ(run({kSearch, "--db", db, "--count", "marmalade"}, tmp.path()).out, "1\n");
    EXPECT_EQ(run({kSearch, "--db", db, "--count", "quince"}, tmp.path()).out, "0\n");

    // The same with articles too long to keep for writing again: said so.
    std::string filler;
    while (filler.size() < 1100 * 1024) {
        filler += "Harbour pilots logged another tide. ";
    }
    write_file(tmp.path() / "big" / "b.txt", "---\nid: beta\n---\nBeta gooseberry.\n" + filler);
    write_file(tmp.path() / "big-other.txt", "---\nid: beta\n---\nBeta rhubarb.\n" + filler);
    ASSERT_EQ(index(db, {"big"}, tmp.path()).exit_code, 0);
    const RunResult big = index(db, {"big-other.txt", "big"}, tmp.path());
    EXPECT_EQ(big.exit_code, 0);
    EXPECT_EQ(
        big.err,
        "newsdex-index: warning: big/b.txt: id 'beta' came earlier in this run; this article "
        "replaces that one (further repeated ids of this input are only counted)\n"
        "newsdex-index: warning: big/b.txt: id 'beta' came earlier in this run, and this article, "
        "unchanged since the index last had it, is too long to be kept for writing again: the "
        "index may keep the earlier article of this id; index this input alone to settle it\n"
    );
}

TEST(Ingest, ParsesTheDatesArchivesUse) {
    TempDir tmp;
    std::string lines;
    const std::vector<std::pair<std::string, std::string>> dates{
        {"2019-01-10", "2019-01-10"},
        {"2019-06-20T19:00+08:00", "2019-06-20"},
        {"Thu, 10 Jan 2019 23:30:00 +0900", "2019-01-10"},
        {"January 10, 2019", "2019-01-10"},
        {"10 Jan 2019", "2019-01-10"},
        {"26-FEB-1987 15:01:01.79", "1987-02-26"},
        {"890110", "1989-01-10"},
    };
    for (std::size_t i = 0; i < dates.size(); ++i) {
        lines += json({{"id", "d" + std::to_string(i)},
                       {"date", dates[i].first},
                       {"body", "Dated article number " + std::to_string(i)}}
                 ).dump()
                 + "\n";
    }
    const std::string db = (tmp.path() / "db").string();
    const RunResult r = index(db, {"-"}, tmp.path(), &lines);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (std::size_t i = 0; i < dates.size(); ++i) {
        const json j = json::parse(
            run({kSearch, "--db", db, "--json", "id:d" + std::to_string(i)}, tmp.path()).out
        );
        ASSERT_EQ(j["hits"].size(), 1U);
        EXPECT_EQ(j["hits"][0]["date"], dates[i].second) << dates[i].first;
    }
}

TEST(Ingest, CopiesFoldByDefault) {
    TempDir tmp;
    const std::string lines =
        "{\"id\":\"wire-1\",\"source\":\"Outlet A\",\"body\":\"A strong earthquake struck the "
        "coast on Monday.\"}\n"
        "{\"id\":\"wire-2\",\"source\":\"Outlet B\",\"body\":\"A strong  earthquake struck the "
        "coast on Monday.\"}\n"
        "{\"id\":\"wire-3\",\"source\":\"Outlet C\",\"body\":\"A strong earthquake struck the "
        "coast on Monday.\"}\n"
        "{\"id\":\"other\",\"body\":\"An earthquake drill was held on Monday.\"}\n";
    const std::string db = (tmp.path() / "db").string();
    ASSERT_EQ(index(db, {"-"}, tmp.path(), &lines).exit_code, 0);
    const json all = json::parse(
        run({kSearch, "--db", db, "--json", "--no-collapse", "earthquake"}, tmp.path()).out
    );
    EXPECT_EQ(all["hits"].size(), 4U);
    EXPECT_FALSE(all["hits"][0].contains("similar"));
    EXPECT_FALSE(all["hits"][0].contains("duplicates"));
    // By default near-identical stories fold (`similar`); --collapse folds
    // identical bodies instead (`duplicates`, as in version 1 of the output).
    for (const char* field : {"similar", "duplicates"}) {
        SCOPED_TRACE(field);
        const bool collapse = std::string(field) == "duplicates";
        const json one = json::parse(run({kSearch,
                                          "--db",
                                          db,
                                          "--json",
                                          collapse ? "--collapse" : "--no-suggest",
                                          "earthquake"},
                                         tmp.path())
                                         .out);
        ASSERT_EQ(one["hits"].size(), 2U);
        std::uint64_t others = 0;
        for (const json& hit : one["hits"]) {
            others += hit[field].get<std::uint64_t>();
            EXPECT_FALSE(hit.contains(collapse ? "similar" : "duplicates"));
        }
        EXPECT_EQ(others, 2U);
    }
    const RunResult text = run({kSearch, "--db", db, "--color", "never", "earthquake"}, tmp.path());
    EXPECT_NE(text.out.find("+2 similar"), std::string::npos) << text.out;
    const RunResult exact =
        run({kSearch, "--db", db, "--collapse", "--color", "never", "earthquake"}, tmp.path());
    EXPECT_NE(exact.out.find("+2 duplicates"), std::string::npos) << exact.out;
    const RunResult listed =
        run({kSearch, "--db", db, "--format", "ids", "--similar", "wire-2"}, tmp.path());
    EXPECT_EQ(listed.out, "wire-1\nwire-2\nwire-3\n");
    const RunResult alone =
        run({kSearch, "--db", db, "--format", "ids", "--similar", "other"}, tmp.path());
    EXPECT_EQ(alone.out, "other\n");
    const RunResult unknown = run({kSearch, "--db", db, "--similar", "nope"}, tmp.path());
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("no article with id"), std::string::npos) << unknown.err;
}

TEST(Ingest, SearchWarnsWhenTheIndexWasBuiltWithAnotherAnalysis) {
    TempDir tmp;
    const std::string db = (tmp.path() / "db").string();
    ASSERT_EQ(index(db, {"--shards", "1", "corpus"}).exit_code, 0);
    {
        Xapian::WritableDatabase w(db);
        w.set_metadata("newsdex.analyzer", "analyzer=0;stemmer=porter");
        w.commit();
    }
    const RunResult r = run({kSearch, "--db", db, "--count", "kim"}, source_dir());
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_NE(
        r.err.find("built with another analysis (analyzer=0;stemmer=porter)"), std::string::npos
    ) << r.err;
    EXPECT_NE(r.err.find("re-index"), std::string::npos) << r.err;
}

// What the fixture's JSON Lines hold under `field` (keys in any case), per
// value: the articles whose value (or list) holds it, exactly as written.
std::map<std::string, int> values_of(const std::string& field) {
    std::map<std::string, int> out;
    std::istringstream lines(
        read_file(source_dir() / "tests" / "fixtures" / "dynamic" / "topics.jsonl")
    );
    for (std::string line; std::getline(lines, line);) {
        std::set<std::string> seen;
        const json article = json::parse(line);
        for (const auto& [key, value] : article.items()) {
            std::string lower = key;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
                return static_cast<char>(std::tolower(c));
            });
            if (lower != field) {
                continue;
            }
            const json list = value.is_array() ? value : json::array({value});
            for (const json& v : list) {
                seen.insert(v.get<std::string>());
            }
        }
        for (const std::string& v : seen) {
            ++out[v];
        }
    }
    return out;
}

TEST(Ingest, MetadataFieldsTheSchemaDoesNotKnowAreFiltersAndFacets) {
    TempDir tmp;
    const std::string db = (tmp.path() / "dynamic.db").string();
    const RunResult r = index(db, {"tests/fixtures/dynamic/topics.jsonl"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    // Nothing dropped without a word: the fields indexed, and those not.
    EXPECT_NE(
        r.out.find("dynamic fields indexed: desk (3 articles, new), pages (number, 1 article, "
                   "new), topics (6 articles, new)"),
        std::string::npos
    ) << r.out;
    EXPECT_NE(
        r.err.find("'Year' (1 article of this run) is not indexed: the name of the "
                   "built-in field year"),
        std::string::npos
    ) << r.err;
    EXPECT_NE(
        r.err.find("'page-count' (1 article of this run) is not indexed: not a field name"),
        std::string::npos
    ) << r.err;

    // The terms: XF + name + ':' + the value as given.
    {
        const Xapian::Database x(db);
        EXPECT_EQ(x.get_termfreq("XFtopics:crude"), 3U);
        EXPECT_EQ(x.get_termfreq("XFtopics:CRUDE"), 1U);
        EXPECT_EQ(x.get_termfreq("XFtopics:Nat-Gas"), 1U);
        EXPECT_EQ(x.get_termfreq("XFdesk:Energy"), 2U);
        EXPECT_EQ(x.get_termfreq("XFyear:1987"), 0U);
        EXPECT_EQ(x.get_termfreq("XFpages:12"), 1U);  // a number field (numbers.jsonl)
        EXPECT_EQ(
            x.get_metadata("newsdex.dynamic_fields"),
            "desk\tstring\t3\npages\tnumber\t1\t16\ntopics\tstring\t6\n"
        );
    }

    // --count topics:crude is the number of lines whose topics hold crude.
    const std::map<std::string, int> topics = values_of("topics");
    ASSERT_EQ(topics.at("crude"), 3);
    for (const auto& [value, count] : topics) {
        const RunResult c =
            run({kSearch, "--db", db, "--count", "--", "topics:\"" + value + "\""}, source_dir());
        ASSERT_EQ(c.exit_code, 0) << value << c.err;
        EXPECT_EQ(std::stoi(c.out), count) << value;
    }
    EXPECT_EQ(
        run({kSearch, "--db", db, "--count", "topics:crude desk:Energy"}, source_dir()).out, "2\n"
    );
    EXPECT_EQ(
        run({kSearch, "--db", db, "--count", "crude -topics:crude"}, source_dir()).out, "1\n"
    );

    // --facets topics: every value, exactly.
    const RunResult f =
        run({kSearch, "--db", db, "--json", "--facets", "topics,desk", "*"}, source_dir());
    ASSERT_EQ(f.exit_code, 0) << f.err;
    const json facets = json::parse(f.out)["facets"];
    std::map<std::string, int> counted;
    for (const auto& [value, count] : facets["topics"].items()) {
        counted[value] = count.get<int>();
    }
    EXPECT_EQ(counted, topics);
    EXPECT_EQ(facets["desk"]["Energy"], 2);
    EXPECT_EQ(facets["desk"]["Commodities"], 1);

    // A field the index has never seen is still an error, with the closest
    // names, dynamic ones included.
    const RunResult unknown = run({kSearch, "--db", db, "topic:crude"}, source_dir());
    EXPECT_EQ(unknown.exit_code, 2);
    EXPECT_NE(unknown.err.find("unknown field \"topic\""), std::string::npos) << unknown.err;
    EXPECT_NE(unknown.err.find("did you mean topics?"), std::string::npos) << unknown.err;
    const RunResult facet = run({kSearch, "--db", db, "--facets", "topic", "*"}, source_dir());
    EXPECT_NE(facet.exit_code, 0);
    EXPECT_NE(facet.err.find("desk, topics"), std::string::npos) << facet.err;

    // --help-fields --db lists them.
    const RunResult help = run({kSearch, "--db", db, "--help-fields"}, source_dir());
    ASSERT_EQ(help.exit_code, 0) << help.err;
    EXPECT_NE(help.out.find("topics  string, 6 articles"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("desk    string, 3 articles"), std::string::npos) << help.out;

    // Indexed again unchanged: nothing new, nothing counted twice.
    const RunResult again = index(db, {"tests/fixtures/dynamic/topics.jsonl"});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(again.out.find("dynamic fields"), std::string::npos) << again.out;
    EXPECT_EQ(run({kSearch, "--db", db, "--count", "topics:crude"}, source_dir()).out, "3\n");
}

TEST(Ingest, ArticlesAddedByTheLibraryRecordTheirDynamicFields) {
    TempDir tmp;
    const std::string db = (tmp.path() / "api.db").string();
    {
        IndexWriter writer(db);
        Article a;
        a.id = "api-1";
        a.title = "Crude output steady";
        a.body = "Crude output held steady in March.";
        a.fields["topics"] = {"crude", "opec"};
        a.fields["Bad-Name"] = {"x"};  // not a field name: not indexed
        a.fields["title"] = {"y"};     // a built-in field's name: not indexed
        EXPECT_EQ(writer.add(a), AddOutcome::kAdded);
        writer.commit();
    }
    const Xapian::Database x(db);
    EXPECT_EQ(x.get_termfreq("XFtopics:crude"), 1U);
    EXPECT_EQ(x.get_termfreq("XFtopics:opec"), 1U);
    EXPECT_EQ(x.get_termfreq("XFtitle:y"), 0U);
    EXPECT_EQ(x.get_termfreq("XFBad-Name:x"), 0U);
    EXPECT_EQ(x.get_metadata("newsdex.dynamic_fields"), "topics\tstring\t1\n");
    EXPECT_EQ(run({kSearch, "--db", db, "--count", "topics:opec"}, source_dir()).out, "1\n");
}

// The numbers numbers.jsonl gives under `field` (keys in any case), by
// article id: a JSON number alone, finite, an integer at most 2^53 (what
// docs/articles.md says a number field takes).
std::map<std::string, double> numbers_of(const std::string& field) {
    std::map<std::string, double> out;
    std::istringstream lines(
        read_file(source_dir() / "tests" / "fixtures" / "dynamic" / "numbers.jsonl")
    );
    for (std::string line; std::getline(lines, line);) {
        const json article = json::parse(line);
        for (const auto& [key, value] : article.items()) {
            std::string lower = key;
            std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) {
                return static_cast<char>(std::tolower(c));
            });
            if (lower != field || !value.is_number()) {
                continue;
            }
            constexpr std::int64_t kMax = 9007199254740992;  // 2^53
            const bool exact =
                value.is_number_float()
                || (value.is_number_unsigned() ? value.get<std::uint64_t>() <= std::uint64_t{kMax}
                                               : value.get<std::int64_t>() >= -kMax);
            if (exact) {
                out[article["id"].get<std::string>()] = value.get<double>();
            }
        }
    }
    return out;
}

// --sort FIELD and -FIELD: by a number field's values (smallest or
// largest first), articles without a number last, ties by id; the order is
// worked out from the fixture itself.
TEST(Ingest, NumberFieldsSortTheHits) {
    TempDir tmp;
    const std::string db = (tmp.path() / "numbers.db").string();
    ASSERT_EQ(index(db, {"tests/fixtures/dynamic/numbers.jsonl"}).exit_code, 0);
    const std::map<std::string, double> words = numbers_of("words");
    std::vector<std::string> all;
    std::istringstream lines(
        read_file(source_dir() / "tests" / "fixtures" / "dynamic" / "numbers.jsonl")
    );
    for (std::string line; std::getline(lines, line);) {
        all.push_back(json::parse(line)["id"].get<std::string>());
    }
    const auto order = [&](bool largest_first) {
        std::vector<std::string> ids = all;
        std::sort(ids.begin(), ids.end(), [&](const std::string& a, const std::string& b) {
            const auto x = words.find(a);
            const auto y = words.find(b);
            if ((x == words.end()) != (y == words.end())) {
                return y == words.end();  // without a number: last
            }
            if (x != words.end() && x->second != y->second) {
                return largest_first ? x->second > y->second : x->second < y->second;
            }
            return a < b;
        });
        std::string out;
        for (const std::string& id : ids) {
            out += id + "\n";
        }
        return out;
    };
    const auto ids = [&](const std::string& sort) {
        const RunResult r =
            run({kSearch, "--db", db, "--format", "ids", "--limit", "20", "--sort", sort, "*"},
                source_dir());
        EXPECT_EQ(r.exit_code, 0) << sort << r.err;
        return r.out;
    };
    EXPECT_EQ(ids("words"), order(false));
    EXPECT_EQ(ids("-words"), order(true));
    // Not a number field, not in the index: exit 2, with the fields there are.
    for (const char* bad : {"desk", "wrods"}) {
        const RunResult r = run({kSearch, "--db", db, "--sort", bad, "*"}, source_dir());
        EXPECT_EQ(r.exit_code, 2) << bad;
        EXPECT_NE(
            r.err.find("is not a number field of this index (its number fields: score, words)"),
            std::string::npos
        ) << r.err;
    }
    // A typo gets the closest order or field.
    const RunResult typo = run({kSearch, "--db", db, "--sort", "-wrods", "*"}, source_dir());
    EXPECT_NE(typo.err.find("did you mean --sort -words?"), std::string::npos) << typo.err;
    const RunResult dat = run({kSearch, "--db", db, "--sort", "dat", "*"}, source_dir());
    EXPECT_NE(dat.err.find("did you mean --sort date?"), std::string::npos) << dat.err;
    const RunResult all_hits =
        run({kSearch, "--db", db, "--sort", "words", "--limit", "all", "*"}, source_dir());
    EXPECT_EQ(all_hits.exit_code, 2);
    EXPECT_NE(all_hits.err.find("--limit all prints matches in date order"), std::string::npos)
        << all_hits.err;
}

TEST(Ingest, NumberFieldsAreSearchedByValueAndRange) {
    TempDir tmp;
    const std::string db = (tmp.path() / "numbers.db").string();
    const RunResult r = index(db, {"tests/fixtures/dynamic/numbers.jsonl"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(
        r.out.find("dynamic fields indexed: desk (2 articles, new), score (number, 4 articles, "
                   "new), words (number, 5 articles, new)"),
        std::string::npos
    ) << r.out;
    // Nothing dropped without a word: refused values and values of another
    // kind than their field's are warned where first seen, and summed up.
    EXPECT_NE(
        r.err.find("numbers.jsonl:7: metadata field 'words' (1 article of this run) is not "
                   "indexed: a list holding numbers"),
        std::string::npos
    ) << r.err;
    EXPECT_NE(
        r.err.find("numbers.jsonl:8: metadata field 'words' (1 article of this run) is not "
                   "indexed: an integer too large to keep exactly"),
        std::string::npos
    ) << r.err;
    EXPECT_NE(
        r.err.find("numbers.jsonl:6: metadata field 'words' (2 articles of this run): strings not "
                   "indexed: the index has it as a number field"),
        std::string::npos
    ) << r.err;
    EXPECT_NE(
        r.err.find("numbers.jsonl:10: metadata field 'desk' (1 article of this run): numbers "
                   "indexed as their text: the index has it as a string field"),
        std::string::npos
    ) << r.err;
    EXPECT_NE(
        r.out.find("given another kind than the index's: desk (1 article): numbers indexed as "
                   "their text; words (2 articles): strings not indexed"),
        std::string::npos
    ) << r.out;

    // What the index holds: an exact term per number, its own slot.
    {
        const Xapian::Database x(db);
        EXPECT_EQ(
            x.get_metadata("newsdex.dynamic_fields"),
            "desk\tstring\t2\nscore\tnumber\t4\t16\nwords\tnumber\t5\t17\n"
        );
        EXPECT_EQ(x.get_termfreq("XFwords:450"), 2U);  // 450 and 450.0
        EXPECT_EQ(x.get_termfreq("XFwords:many"), 0U);
        EXPECT_EQ(x.get_termfreq("XFwords:NaN"), 0U);
        EXPECT_EQ(x.get_termfreq("XFscore:1000"), 1U);
        EXPECT_EQ(x.get_termfreq("XFdesk:7"), 1U);
        const Xapian::PostingIterator n1 = x.postlist_begin("Qn1");
        ASSERT_NE(n1, x.postlist_end("Qn1"));
        const Xapian::Document doc = x.get_document(*n1);
        EXPECT_EQ(Xapian::sortable_unserialise(doc.get_value(17)), 450.0);
        EXPECT_EQ(Xapian::sortable_unserialise(doc.get_value(16)), 2.5);
        EXPECT_EQ(doc.get_value(15), "desk:Energy");
    }

    // Every form of range, counted against the fixture.
    const std::map<std::string, double> words = numbers_of("words");
    const std::map<std::string, double> score = numbers_of("score");
    ASSERT_EQ(words.size(), 5U);
    const auto count = [&](const std::string& query) {
        const RunResult c = run({kSearch, "--db", db, "--count", "--", query}, source_dir());
        EXPECT_EQ(c.exit_code, 0) << query << c.err;
        return std::stoi(c.out);
    };
    const auto expect = [](const std::map<std::string, double>& of, auto holds) {
        return static_cast<int>(std::count_if(of.begin(), of.end(), [&](const auto& e) {
            return holds(e.second);
        }));
    };
    EXPECT_EQ(count("words:450"), expect(words, [](double v) { return v == 450; }));
    EXPECT_EQ(count("words:450.0"), 2);
    EXPECT_EQ(count("words:100..500"), expect(words, [](double v) {
                  return v >= 100 && v <= 500;
              }));
    EXPECT_EQ(count("words:[100 TO 500]"), 3);
    EXPECT_EQ(count("words:..500"), expect(words, [](double v) { return v <= 500; }));
    EXPECT_EQ(count("words:100.."), expect(words, [](double v) { return v >= 100; }));
    EXPECT_EQ(count("words:>450"), expect(words, [](double v) { return v > 450; }));
    EXPECT_EQ(count("words:>=450"), expect(words, [](double v) { return v >= 450; }));
    EXPECT_EQ(count("words:<120"), expect(words, [](double v) { return v < 120; }));
    EXPECT_EQ(count("words:<=120"), expect(words, [](double v) { return v <= 120; }));
    EXPECT_EQ(count("score:<0"), expect(score, [](double v) { return v < 0; }));
    EXPECT_EQ(count("score:-1..0.5"), expect(score, [](double v) { return v >= -1 && v <= 0.5; }));
    EXPECT_EQ(count("score:1e3"), 1);
    EXPECT_EQ(count("crude words:>100"), 2);

    // A bad number: the usual error with its place in the query, exit 2.
    for (const auto& [query, column] : std::vector<std::pair<std::string, std::size_t>>{
             {"words:abc", 7},
             {"words:100..x5", 12},
             {"words:>nan", 8},
             {"words:1e400", 7},
             {"words:500..100", 7},
         }) {
        const RunResult bad = run({kSearch, "--db", db, "--", query}, source_dir());
        EXPECT_EQ(bad.exit_code, 2) << query;
        EXPECT_NE(bad.err.find("column " + std::to_string(column)), std::string::npos)
            << query << ": " << bad.err;
    }
    const RunResult nan = run({kSearch, "--db", db, "words:NaN"}, source_dir());
    EXPECT_NE(nan.err.find("'NaN' of the number field words is not a number"), std::string::npos)
        << nan.err;

    // A number field has no facet: a clear error; --facets all leaves it out.
    const RunResult facet = run({kSearch, "--db", db, "--facets", "words", "*"}, source_dir());
    EXPECT_NE(facet.exit_code, 0);
    EXPECT_NE(facet.err.find("'words' is a number field"), std::string::npos) << facet.err;
    const RunResult all =
        run({kSearch, "--db", db, "--json", "--facets", "all", "*"}, source_dir());
    ASSERT_EQ(all.exit_code, 0) << all.err;
    const json facets = json::parse(all.out)["facets"];
    EXPECT_FALSE(facets.contains("words"));
    EXPECT_EQ(facets["desk"]["Energy"], 1);
    EXPECT_EQ(facets["desk"]["7"], 1);

    // --help-fields --db: the kind of each.
    const RunResult help = run({kSearch, "--db", db, "--help-fields"}, source_dir());
    ASSERT_EQ(help.exit_code, 0) << help.err;
    EXPECT_NE(help.out.find("words  number, 5 articles  words:450"), std::string::npos) << help.out;
    EXPECT_NE(help.out.find("desk   string, 2 articles"), std::string::npos) << help.out;

    // --explain says what a range was read as.
    const RunResult explain = run({kSearch, "--db", db, "--explain", "words:>100"}, source_dir());
    EXPECT_NE(
        explain.out.find("words:>100 -> numbers above 100 (the end left out) in value slot 17"),
        std::string::npos
    ) << explain.out;

    // The first kind stays: strings given later to words are not indexed.
    const std::filesystem::path later = tmp.path() / "later.jsonl";
    write_file(
        later,
        "{\"id\": \"m1\", \"title\": \"Later\", \"date\": \"1987-04-01\", \"body\": "
        "\"Later text.\", \"words\": \"300\", \"pages\": 3}\n"
    );
    const RunResult again = index(db, {later.string()});
    ASSERT_EQ(again.exit_code, 0) << again.err;
    EXPECT_NE(again.err.find("strings not indexed"), std::string::npos) << again.err;
    EXPECT_EQ(count("words:100..500"), 3);
    EXPECT_EQ(count("pages:3"), 1);
    const Xapian::Database x(db);
    EXPECT_EQ(
        x.get_metadata("newsdex.dynamic_fields"),
        "desk\tstring\t2\npages\tnumber\t1\t18\nscore\tnumber\t4\t16\nwords\tnumber\t5\t17\n"
    );
}

TEST(Ingest, NumbersAddedByTheLibraryAreNumberFields) {
    TempDir tmp;
    const std::string db = (tmp.path() / "api.db").string();
    {
        IndexWriter writer(db);
        Article a;
        a.id = "api-1";
        a.title = "Crude output steady";
        a.body = "Crude output held steady in March.";
        a.numbers["words"] = 6;
        a.fields["topics"] = {"crude"};
        EXPECT_EQ(writer.add(a), AddOutcome::kAdded);
        Article b = a;
        b.id = "api-2";
        b.numbers["words"] = 60;
        b.numbers["topics"] = 5;  // topics is a string field: indexed as "5"
        EXPECT_EQ(writer.add(b), AddOutcome::kAdded);
        writer.commit();
    }
    const Xapian::Database x(db);
    EXPECT_EQ(
        x.get_metadata("newsdex.dynamic_fields"), "topics\tstring\t2\nwords\tnumber\t2\t16\n"
    );
    EXPECT_EQ(x.get_termfreq("XFtopics:5"), 1U);
    EXPECT_EQ(run({kSearch, "--db", db, "--count", "words:>6"}, source_dir()).out, "1\n");
    EXPECT_EQ(run({kSearch, "--db", db, "--count", "words:..60"}, source_dir()).out, "2\n");
}

}  // namespace
}  // namespace newsdex::test
