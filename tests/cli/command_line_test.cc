// SPDX-License-Identifier: MIT
// The command lines of newsdex-search and newsdex-index (issue 22): strict
// options with the closest name, numbers in range, the last of a repeated
// option, options that cannot go together, usage without a query; and
// unknown fields in queries.
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <sstream>

namespace newsdex::test {
namespace {

const std::string kIndex = NEWSDEX_INDEX_BIN;
const std::string kSearch = NEWSDEX_SEARCH_BIN;

class CommandLine : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        const RunResult corpus =
            run({kIndex, "--db", db(), "--progress", "never", "corpus"}, source_dir());
        ASSERT_EQ(corpus.exit_code, 0) << corpus.err;
    }

    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }

    static std::string db() { return (dir_->path() / "corpus.db").string(); }

    static RunResult search(std::vector<std::string> args) {
        std::vector<std::string> argv{kSearch, "--db", db()};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv, source_dir(), {{"NO_COLOR", ""}});
    }

    // An error: exit 2, nothing on stdout, `message` as the one line on stderr.
    static void expect_error(const std::vector<std::string>& args, const std::string& message) {
        const RunResult r = search(args);
        std::string shown;
        for (const std::string& a : args) {
            shown += " " + a;
        }
        EXPECT_EQ(r.exit_code, 2) << shown;
        EXPECT_EQ(r.out, "") << shown;
        EXPECT_EQ(r.err, "newsdex-search: " + message + "\n") << shown;
    }

    static std::size_t lines(const std::string& s) {
        return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
    }

    static TempDir* dir_;
};

TempDir* CommandLine::dir_ = nullptr;

TEST_F(CommandLine, UnknownOptionsNameTheClosest) {
    expect_error(
        {"--jsn", "kim"}, "unknown option --jsn; did you mean --json? (see newsdex-search --help)"
    );
    expect_error({"--bogus", "kim"}, "unknown option --bogus (see newsdex-search --help)");
    expect_error(
        {"--facet", "year", "kim"},
        "option --facet is ambiguous: did you mean --facets, --facet-limit, --facet-sample or "
        "--facets-over? (see newsdex-search --help)"
    );
    expect_error(
        {"-l", "5", "kim"},
        "unknown option -l; did you mean --limit or --like? (a query word that starts with '-' "
        "goes after --: newsdex-search -- -l)"
    );
    expect_error(
        {"-json", "kim"},
        "option names start with two dashes: did you mean --json? (a query word that starts with "
        "'-' goes after --: newsdex-search -- -json)"
    );
    expect_error({"--json=yes", "kim"}, "option --json takes no value (see newsdex-search --help)");
    expect_error({"kim", "--limit"}, "option --limit needs a value (see newsdex-search --help)");
}

TEST_F(CommandLine, ShortOptionsAndAbbreviationsWork) {
    const RunResult help = search({"-h"});
    EXPECT_EQ(help.exit_code, 0);
    EXPECT_NE(help.out.find("Usage: newsdex-search"), std::string::npos) << help.out;
    const RunResult two = search({"-n", "2", "--format", "ids", "kim"});
    EXPECT_EQ(two.exit_code, 0) << two.err;
    EXPECT_EQ(lines(two.out), 2U) << two.out;
    EXPECT_EQ(search({"-n2", "-f", "ids", "kim"}).out, two.out);
    EXPECT_EQ(search({"--lim", "2", "--form=ids", "kim"}).out, two.out);
    EXPECT_EQ(search({"-c", "kim"}).out, "5\n");
}

TEST_F(CommandLine, QueryWordsThatStartWithADash) {
    // -word and -field:value are negations, before or after `--`.
    const std::string ids = search({"--format", "ids", "kim", "-year:2018", "-year:2019"}).out;
    EXPECT_EQ(ids, "004_ee271d618b2a93c0\n");
    EXPECT_EQ(search({"--format", "ids", "--", "kim", "-year:2018", "-year:2019"}).out, ids);
    // After `--`, even option names are query words.
    const RunResult after = search({"--count", "--", "kim", "-json"});
    EXPECT_EQ(after.exit_code, 0) << after.err;
    EXPECT_EQ(after.out, "5\n");
}

TEST_F(CommandLine, NumbersAreRangeChecked) {
    expect_error(
        {"--limit", "-5", "kim"}, "--limit takes a whole number from 0 to 100000000, not '-5'"
    );
    expect_error(
        {"--offset", "-1", "kim"}, "--offset takes a whole number from 0 to 100000000, not '-1'"
    );
    expect_error(
        {"--facets", "year", "--facet-limit", "0", "kim"},
        "--facet-limit takes a whole number from 1 to 100000, not '0'"
    );
    expect_error(
        {"--limit", "ten", "kim"}, "--limit takes a whole number from 0 to 100000000, not 'ten'"
    );
    expect_error(
        {"--timeout", "0", "kim"}, "--timeout takes a number more than 0 and at most 3600, not '0'"
    );
    expect_error(
        {"--snippet-length", "5", "kim"},
        "--snippet-length takes a whole number from 20 to 100000, not '5'"
    );
}

TEST_F(CommandLine, TheLastOfARepeatedOptionCounts) {
    const RunResult r = search({"--limit", "1", "--limit", "2", "--format", "ids", "kim"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(lines(r.out), 2U) << r.out;
    EXPECT_EQ(
        search({"--sort", "-date", "--sort", "date", "--format", "ids", "-n", "1", "xi"}).out,
        search({"--sort", "date", "--format", "ids", "-n", "1", "xi"}).out
    );
}

TEST_F(CommandLine, OptionsThatCannotGoTogetherSaySo) {
    expect_error(
        {"--count", "--facets", "country", "kim"},
        "--count and --facets cannot go together: --count prints only the number of matches"
    );
    expect_error(
        {"--json", "--format", "tsv", "kim"},
        "--json is --format json: it cannot go with --format tsv"
    );
    expect_error(
        {"--facet-limit", "3", "kim"},
        "--facet-limit applies to --facets: add --facets FIELDS, e.g. --facets country"
    );
    expect_error(
        {"--explain", "--json", "kim"},
        "--explain and --json cannot go together: --explain prints how the query was read, not "
        "the hits"
    );
}

TEST_F(CommandLine, NoQueryPrintsUsage) {
    const RunResult r = search({});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(r.err.rfind("newsdex-search: no query given\nUsage: newsdex-search", 0), 0U) << r.err;
    EXPECT_NE(r.err.find("'*'"), std::string::npos) << r.err;
    // '*' lists every article.
    EXPECT_EQ(search({"--count", "*"}).out, "5\n");
}

TEST_F(CommandLine, UnknownFieldsInQueriesNameTheClosest) {
    expect_error(
        {"kim contry:Japan"},
        "bad query at column 5: unknown field \"contry\"; did you mean country?"
    );
    const RunResult topic = search({"topic:crude"});
    EXPECT_EQ(topic.exit_code, 2);
    EXPECT_EQ(
        topic.err.rfind(
            "newsdex-search: bad query at column 1: unknown field \"topic\"; the fields are "
            "title, ",
            0
        ),
        0U
    ) << topic.err;
    expect_error(
        {"leaders:xi"}, "bad query at column 1: unknown field \"leaders\"; did you mean leader?"
    );
    expect_error(
        {"yaer:\"2019\""}, "bad query at column 1: unknown field \"yaer\"; did you mean year?"
    );
    // A colon in ordinary text is text: times, URLs, a word ending in a colon.
    for (const char* text : {"10:30 summit", "http://example.com/kim", "note: kim", "kim 2:1"}) {
        const RunResult r = search({"--count", text});
        EXPECT_LE(r.exit_code, 1) << text << ": " << r.err;
        EXPECT_EQ(r.err, "") << text;
    }
}

TEST_F(CommandLine, OtherEnginesHabits) {
    // Phrase slop is NEAR within n words, in any order.
    EXPECT_EQ(
        search({"--count", "\"kim visit\"~3"}).out, search({"--count", "kim NEAR/3 visit"}).out
    );
    EXPECT_EQ(
        search({"--count", "\"visit kim\"~3"}).out, search({"--count", "kim NEAR/3 visit"}).out
    );
    EXPECT_NE(search({"--count", "\"kim visit\"~3"}).out, "0\n");
    expect_error(
        {"\"kim visit\"~"},
        "bad query at column 12: ~ after a phrase needs a number of words; write \"a b\"~3 for the "
        "words within 3 words of each other"
    );
    expect_error(
        {"kim volker~"},
        "bad query at column 11: fuzzy matching (volker~) is not supported: newsdex matches the "
        "forms of a word by its stem, and suggests a better spelling when a word is rare; remove "
        "the ~, or give the start of the word: volker*"
    );
    expect_error(
        {"*oil"},
        "bad query at column 1: a wildcard at the start of a word (*oil) is not supported: it "
        "would have to read every word of the index; give the start of the word, as in oil*"
    );
    // Lucene's ranges are A..B.
    const std::string range = search({"--count", "date:2018-06-01..2018-12-31"}).out;
    EXPECT_EQ(search({"--count", "date:[2018-06-01 TO 2018-12-31]"}).out, range);
    EXPECT_EQ(
        search({"--count", "date:[2018-06-01 TO *]"}).out,
        search({"--count", "date:2018-06-01.."}).out
    );
    EXPECT_EQ(
        search({"--count", "date:<=2018-12-31"}).out, search({"--count", "date:..2018-12-31"}).out
    );
    EXPECT_EQ(search({"--count", "year:>=2019"}).out, search({"--count", "year:2019.."}).out);
    // Strict bounds: after or before the period itself.
    EXPECT_EQ(
        search({"--count", "date:>2018-06-19"}).out, search({"--count", "date:2018-06-20.."}).out
    );
    EXPECT_EQ(
        search({"--count", "date:<2018-06-19"}).out, search({"--count", "date:..2018-06-18"}).out
    );
    EXPECT_NE(
        search({"--count", "date:>2018-06-19"}).out, search({"--count", "date:2018-06-19.."}).out
    );
    // A boost multiplies a word's weight: the same articles, ranked with
    // the boosted word counting for more.
    EXPECT_EQ(search({"--count", "kim^3 summit"}).out, search({"--count", "kim summit"}).out);
    const RunResult boost = search({"--explain", "kim^3 summit"});
    EXPECT_EQ(boost.exit_code, 0) << boost.err;
    EXPECT_NE(boost.out.find("3 * "), std::string::npos) << boost.out;
    const RunResult zero = search({"opec^0 kim"});
    EXPECT_EQ(zero.exit_code, 2);
    EXPECT_NE(zero.err.find("not a number above 0"), std::string::npos) << zero.err;
}

// Each line of the --help examples is a shell command that runs and finds
// something (newsdex-search on PATH is a script naming the test index).
TEST_F(CommandLine, HelpExamplesAreShellCommandsThatRun) {
    const RunResult help = search({"--help"});
    ASSERT_EQ(help.exit_code, 0);
    const std::size_t start = help.out.find("Examples:\n");
    ASSERT_NE(start, std::string::npos);
    std::istringstream in(help.out.substr(start + 10));
    TempDir bin;
    write_file(
        bin.path() / "newsdex-search",
        "#!/bin/sh\nexec \"" + kSearch + "\" --db \"" + db() + "\" --color never \"$@\"\n"
    );
    std::filesystem::permissions(bin.path() / "newsdex-search", std::filesystem::perms::owner_all);
    const bool have_jq = std::system("command -v jq >/dev/null 2>&1") == 0;
    std::size_t ran = 0;
    std::string line;
    while (std::getline(in, line) && !line.empty()) {
        // The command ends where two spaces set its description apart.
        const std::string command = line.substr(2, line.find("  ", 2) - 2);
        ASSERT_EQ(command.rfind("newsdex-search ", 0), 0U) << line;
        const RunResult syntax = run({"/bin/sh", "-n", "-c", command}, source_dir());
        EXPECT_EQ(syntax.exit_code, 0) << command << ": " << syntax.err;
        if (!have_jq && command.find("jq") != std::string::npos) {
            continue;
        }
        const RunResult r =
            run({"/bin/sh", "-c", command},
                source_dir(),
                {{"PATH", bin.path().string() + ":" + std::getenv("PATH")}});
        EXPECT_EQ(r.exit_code, 0) << command << "\n" << r.err;
        EXPECT_FALSE(r.out.empty()) << command;
        ++ran;
    }
    EXPECT_GE(ran, 8U);
}

TEST_F(CommandLine, IndexerOptionsAreStrictToo) {
    const auto index = [](std::vector<std::string> args) {
        args.insert(args.begin(), kIndex);
        return run(args, source_dir());
    };
    const RunResult typo = index({"--prgress", "never", "corpus"});
    EXPECT_EQ(typo.exit_code, 2);
    EXPECT_EQ(
        typo.err,
        "newsdex-index: unknown option --prgress; did you mean --progress? (see newsdex-index "
        "--help)\n"
    );
    const RunResult jobs = index({"--jobs", "-1", "corpus"});
    EXPECT_EQ(jobs.exit_code, 2);
    EXPECT_EQ(jobs.err, "newsdex-index: --jobs takes a whole number from 1 to 1024, not '-1'\n");
    const RunResult ambiguous = index({"--p", "corpus"});
    EXPECT_EQ(ambiguous.exit_code, 2);
    EXPECT_NE(
        ambiguous.err.find(
            "option --p is ambiguous: did you mean --prune, --progress or --part-size?"
        ),
        std::string::npos
    ) << ambiguous.err;
    EXPECT_EQ(index({"-h"}).exit_code, 0);
    // The last --db counts.
    TempDir tmp;
    const std::string db = (tmp.path() / "last.db").string();
    const RunResult last = index(
        {"--db",
         (tmp.path() / "first.db").string(),
         "--db",
         db,
         "--progress",
         "never",
         "-j1",
         "corpus"}
    );
    EXPECT_EQ(last.exit_code, 0) << last.err;
    EXPECT_TRUE(std::filesystem::exists(db));
    EXPECT_FALSE(std::filesystem::exists(tmp.path() / "first.db"));
}

// Three wire stories in one JSON Lines file, with URLs.
class Shown : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        write_file(
            dir_->path() / "wire.jsonl",
            R"({"id": "w1", "title": "Talks in Seoul", "date": "1987-04-02", "source": "Wire", "url": "https://example.com/w1", "body": "SEOUL, April 2 - Officials met in Seoul.\n    The talks went on.\nReuter"})"
            "\n"
            R"({"id": "w2", "title": "Grain prices", "date": "1987-03-03", "source": "Wire", "body": "Wheat and grain prices rose in Chicago."})"
            "\n"
            R"({"id": "w3", "title": "More talks", "date": "1987-04-20", "source": "Wire", "url": "https://example.com/w3", "body": "Talks on grain in Seoul ended."})"
            "\n"
        );
        const RunResult r =
            run({kIndex, "--db", db(), "--progress", "never", "wire.jsonl"}, dir_->path());
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }

    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }

    static std::string db() { return (dir_->path() / "wire.db").string(); }

    static RunResult search(std::vector<std::string> args) {
        std::vector<std::string> argv{kSearch, "--db", db()};
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv, dir_->path(), {{"NO_COLOR", ""}});
    }

    static TempDir* dir_;
};

TempDir* Shown::dir_ = nullptr;

TEST_F(Shown, ShowPrintsTheArticleWhole) {
    const RunResult r = search({"--show", "w1"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(
        r.out,
        "Talks in Seoul\n1987-04-02 \xC2\xB7 Wire \xC2\xB7 "
        "w1\nhttps://example.com/w1\nwire.jsonl:1\n"
        "place: Seoul\n\nSEOUL, April 2 - Officials met in Seoul.\n The talks went on.\nReuter\n"
    );
    const RunResult marked =
        search({"--show", "--hl-start", "[", "--hl-end", "]", "-q", "talks", "w1", "w3"});
    EXPECT_EQ(marked.exit_code, 0) << marked.err;
    EXPECT_NE(marked.out.find("\n The [talks] went on."), std::string::npos) << marked.out;
    EXPECT_NE(marked.out.find("[Talks] on grain in Seoul ended."), std::string::npos) << marked.out;
    EXPECT_LT(marked.out.find("w1"), marked.out.find("w3"));
}

TEST_F(Shown, ShowAsJson) {
    const RunResult r = search({"--show", "--json", "-q", "grain", "w3", "w2"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const nlohmann::json j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["version"], 1);
    ASSERT_EQ(j["articles"].size(), 2U);
    EXPECT_EQ(j["articles"][0]["id"], "w3");
    EXPECT_EQ(j["articles"][0]["url"], "https://example.com/w3");
    EXPECT_EQ(j["articles"][0]["path"], "wire.jsonl:3");
    EXPECT_EQ(j["articles"][0]["text"], "Talks on <em>grain</em> in Seoul ended.");
    EXPECT_EQ(j["articles"][1]["id"], "w2");
    EXPECT_EQ(j["articles"][1]["url"], "");
    EXPECT_EQ(j["articles"][1]["date"], "1987-03-03");
}

TEST_F(Shown, ShowRefusesWhatItCannotShow) {
    const RunResult none = search({"--show", "w9"});
    EXPECT_EQ(none.exit_code, 2);
    EXPECT_NE(none.err.find("no article with id w9"), std::string::npos) << none.err;
    const RunResult no_ids = search({"--show"});
    EXPECT_EQ(no_ids.exit_code, 2);
    EXPECT_NE(no_ids.err.find("--show needs article ids"), std::string::npos) << no_ids.err;
    const RunResult count = search({"--show", "--count", "w1"});
    EXPECT_EQ(count.exit_code, 2);
    EXPECT_NE(count.err.find("--show and --count cannot go together"), std::string::npos);
    const RunResult ids = search({"--show", "--format", "ids", "w1"});
    EXPECT_EQ(ids.exit_code, 2);
    EXPECT_NE(ids.err.find("--show prints text or JSON"), std::string::npos) << ids.err;
}

TEST_F(Shown, UrlIsInEveryFormat) {
    const RunResult text = search({"--sort", "date", "seoul"});
    EXPECT_NE(text.out.find("   https://example.com/w1\n"), std::string::npos) << text.out;
    const nlohmann::json j =
        nlohmann::json::parse(search({"--json", "--sort", "date", "seoul"}).out);
    EXPECT_EQ(j["hits"][0]["url"], "https://example.com/w1");
    const RunResult tsv = search({"--format", "tsv", "--sort", "date", "place:Seoul"});
    EXPECT_EQ(
        tsv.out,
        "rank\tid\tscore\tdate\tsource\ttitle\turl\tsimilar\n"
        "1\tw1\t0\t1987-04-02\tWire\tTalks in Seoul\thttps://example.com/w1\t0\n"
        "2\tw3\t0\t1987-04-20\tWire\tMore talks\thttps://example.com/w3\t0\n"
    );
    const RunResult unfolded =
        search({"--format", "tsv", "--no-collapse", "--sort", "date", "seoul"});
    EXPECT_EQ(
        unfolded.out.substr(0, unfolded.out.find('\n')), "rank\tid\tscore\tdate\tsource\ttitle\turl"
    );
    // --collapse: identical articles folded, in place of near-identical
    // stories; the column of version 1 stays.
    const RunResult collapsed =
        search({"--format", "tsv", "--collapse", "--sort", "date", "seoul"});
    EXPECT_EQ(
        collapsed.out.substr(0, collapsed.out.find('\n')),
        "rank\tid\tscore\tdate\tsource\ttitle\turl\tduplicates"
    );
}

TEST_F(Shown, PathsNameEachFileOnceAndLocatorsTheLine) {
    const RunResult paths = search({"--format", "paths", "--sort", "date", "*"});
    EXPECT_EQ(paths.exit_code, 0) << paths.err;
    EXPECT_EQ(paths.out, "wire.jsonl\n");
    const RunResult locators = search({"--format", "locators", "--sort", "date", "*"});
    EXPECT_EQ(locators.out, "wire.jsonl:2\nwire.jsonl:1\nwire.jsonl:3\n");
}

TEST_F(Shown, MonthsOfEveryYearAndATimeline) {
    const auto count = [](const std::string& q) {
        return search({"--count", q}).out;
    };
    EXPECT_EQ(count("month:april"), "2\n");
    EXPECT_EQ(count("month:Apr"), "2\n");
    EXPECT_EQ(count("month:4 year:1987"), "2\n");
    EXPECT_EQ(count("month:03"), "1\n");
    EXPECT_EQ(count("month:1987-04"), "2\n");
    const RunResult bad = search({"--count", "month:13"});
    EXPECT_EQ(bad.exit_code, 2) << bad.out;
    // Months in date order, not by count.
    const RunResult facets = search({"--limit", "0", "--facets", "month", "*"});
    EXPECT_NE(facets.out.find("month\n  1987-03      1"), std::string::npos) << facets.out;
    EXPECT_LT(facets.out.find("1987-03"), facets.out.find("1987-04")) << facets.out;
}

// A quoted phrase finds the forms of its words as bare words do (1987 wire
// copy in shape: "trade\ndeficits" across a wrapped line), in order and next
// to each other; one word in quotes is searched as written.
TEST(Phrases, FindEveryFormOfTheirWordsInOrder) {
    const TempDir dir;
    write_file(
        dir.path() / "wire.jsonl",
        R"({"id": "p1", "title": "Budget talks", "date": "1987-03-03", "body": "WASHINGTON, March 3 - Congress must cut the budget and trade\ndeficits this year, the Treasury said.\n    Reuter"})"
        "\n"
        R"({"id": "p2", "title": "Japan surplus", "date": "1987-03-04", "body": "Japan's trade deficit with Korea narrowed in February."})"
        "\n"
        R"({"id": "p3", "title": "Dollar falls", "date": "1987-03-05", "body": "Dealers blamed the trading deficit and sold dollars."})"
        "\n"
        R"({"id": "p4", "title": "Surplus and deficit", "date": "1987-03-06", "body": "A trade surplus and a budget deficit: deficit trade is not a phrase."})"
        "\n"
    );
    const std::string db = (dir.path() / "db").string();
    const RunResult r = run({kIndex, "--db", db, "--progress", "never", "wire.jsonl"}, dir.path());
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto ids = [&](const std::string& query) {
        const RunResult found = run(
            {kSearch, "--db", db, "--no-suggest", "--format", "ids", "--sort", "date", "--", query},
            dir.path()
        );
        EXPECT_LE(found.exit_code, 1) << query << ": " << found.err;
        return found.out;
    };
    EXPECT_EQ(ids("\"trade deficit\""), "p1\np2\np3\n");
    EXPECT_EQ(ids("\"trade deficits\""), "p1\np2\np3\n");
    EXPECT_EQ(ids("\"budget and trade deficit\""), "p1\n");
    EXPECT_EQ(ids("trade NEAR/1 deficit"), "p1\np2\np3\np4\n");
    EXPECT_EQ(ids("trade ADJ/1 deficits"), "p1\np2\np3\n");
    EXPECT_EQ(ids("\"deficits\""), "p1\n");
    // The snippet marks the form the article uses, across the wrapped line.
    const RunResult json =
        run({kSearch, "--db", db, "--json", "--", "\"trade deficit\" id:p1"}, dir.path());
    ASSERT_EQ(json.exit_code, 0) << json.err;
    EXPECT_NE(
        nlohmann::json::parse(json.out)["hits"][0]["snippet"].get<std::string>().find(
            "<em>trade deficits</em>"
        ),
        std::string::npos
    ) << json.out;
}

}  // namespace
}  // namespace newsdex::test
