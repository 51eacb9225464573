// SPDX-License-Identifier: MIT
// newsdex-search on a small wire archive of its own (issue 22): the
// timeline (--histogram, the day facet), relative dates counted from
// --today, spelling suggestions that prefer the likelier typo, and
// databases that cannot be searched, each with what to do.
#include "test_support.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <unistd.h>

namespace newsdex::test {
namespace {

const std::string kIndex = NEWSDEX_INDEX_BIN;
const std::string kSearch = NEWSDEX_SEARCH_BIN;

using nlohmann::json;

std::string line(const std::string& id, const std::string& date, const std::string& body) {
    json j{{"id", id}, {"title", "Story " + id}, {"source", "Wire"}, {"body", body}};
    if (!date.empty()) {
        j["date"] = date;
    }
    return j.dump() + "\n";
}

// 40 grain stories on 1-20 March and 1-20 May 1987 (25 of them name
// Volcker and annualized rates), one undated; three on Yeutter in April, one that misspells
// Volker, three on the government deficit in January (one misspells it
// governent too), one from Paris (and an annualised rate).
std::string wire() {
    std::string out;
    char date[16];
    for (int i = 0; i < 40; ++i) {
        std::snprintf(date, sizeof date, "1987-%02d-%02d", i < 20 ? 3 : 5, i % 20 + 1);
        out += line(
            "g" + std::to_string(i),
            date,
            std::string("Wheat prices rose as parts of the crop failed.")
                + (i < 25 ? " Volcker said the annualized rates would hold." : "") + " Reuter"
        );
    }
    out += line("undated", "", "Wheat in store. Reuter");
    for (int i = 0; i < 3; ++i) {
        out += line(
            "y" + std::to_string(i),
            "1987-04-1" + std::to_string(i),
            "Trade representative Clayton Yeutter spoke on farm trade."
        );
        out += line(
            "d" + std::to_string(i),
            "1987-01-1" + std::to_string(i),
            std::string("The government deficit widened in the quarter.")
                + (i == 2 ? " The governent said so." : "")
        );
    }
    out += line("v", "1987-04-02", "Volker spoke on the dollar.");
    out += line("p", "1987-04-03", "Talks in Paris ended, the annualised rate too.");
    return out;
}

class Timeline : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        dir_ = new TempDir();
        write_file(dir_->path() / "wire.jsonl", wire());
        const RunResult r =
            run({kIndex, "--db", db(), "--progress", "never", "wire.jsonl"}, dir_->path());
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }

    static void TearDownTestSuite() {
        delete dir_;
        dir_ = nullptr;
    }

    static std::string db() { return (dir_->path() / "wire.db").string(); }

    // The wire repeats stories day after day: every copy is counted here,
    // not folded (docs/near-duplicates.md).
    static RunResult search(std::vector<std::string> args, const std::string& database = db()) {
        std::vector<std::string> argv{kSearch, "--db", database};
        if (std::find(args.begin(), args.end(), "--collapse") == args.end()) {
            argv.emplace_back("--no-collapse");
        }
        argv.insert(argv.end(), args.begin(), args.end());
        return run(argv, dir_->path(), {{"NO_COLOR", ""}});
    }

    static json search_json(std::vector<std::string> args) {
        args.insert(args.begin(), "--json");
        const RunResult r = search(args);
        EXPECT_LE(r.exit_code, 1) << r.err;
        return json::parse(r.out);
    }

    static std::string count(const std::string& query) {
        const RunResult r = search({"--count", "--today", "1987-05-20", query});
        EXPECT_LE(r.exit_code, 1) << query << ": " << r.err;
        return r.out;
    }

    static TempDir* dir_;
};

TempDir* Timeline::dir_ = nullptr;

TEST_F(Timeline, HistogramByMonthWithEmptyMonths) {
    const json j = search_json({"--histogram", "month", "--limit", "0", "wheat"});
    EXPECT_EQ(j["total"], 41);
    EXPECT_EQ(
        j["histogram"],
        json::parse(
            R"({"unit": "month", "buckets": [{"start": "1987-03", "count": 20},
                {"start": "1987-04", "count": 0}, {"start": "1987-05", "count": 20}],
                "undated": 1})"
        )
    );
    // As bars, a sparkline, the undated.
    const RunResult text = search({"--histogram", "month", "--limit", "0", "wheat"});
    EXPECT_EQ(text.exit_code, 0) << text.err;
    std::string bar;
    for (int i = 0; i < 40; ++i) {
        bar += "\xE2\x96\x88";
    }
    EXPECT_EQ(
        text.out,
        "timeline by month\n"
        "  1987-03     20 "
            + bar
            + "\n"
              "  1987-04      0\n"
              "  1987-05     20 "
            + bar
            + "\n"
              "  \xE2\x96\x88 \xE2\x96\x88  1987-03 .. 1987-05\n"
              "  1 undated\n\n"
              "41 results\n"
    );
}

TEST_F(Timeline, AutoPicksTheUnitAndWeeksStartOnMonday) {
    // 1 March to 20 May: weeks, the first from Monday 23 February.
    const json weeks = search_json({"--histogram", "auto", "--limit", "0", "wheat"});
    EXPECT_EQ(weeks["histogram"]["unit"], "week");
    const json& buckets = weeks["histogram"]["buckets"];
    ASSERT_EQ(buckets.size(), 13U) << buckets;
    EXPECT_EQ(buckets[0], json::parse(R"({"start": "1987-02-23", "count": 1})"));
    EXPECT_EQ(buckets[1], json::parse(R"({"start": "1987-03-02", "count": 7})"));
    EXPECT_EQ(buckets[12]["start"], "1987-05-18");
    int sum = 0;
    for (const json& b : buckets) {
        sum += b["count"].get<int>();
    }
    EXPECT_EQ(sum, 40);
    // A few days: days; a filter narrows the timeline.
    const json days =
        search_json({"--histogram", "auto", "--limit", "0", "wheat date:1987-03-01..1987-03-03"});
    EXPECT_EQ(
        days["histogram"],
        json::parse(
            R"({"unit": "day", "buckets": [{"start": "1987-03-01", "count": 1},
                {"start": "1987-03-02", "count": 1}, {"start": "1987-03-03", "count": 1}],
                "undated": 0})"
        )
    );
    const json years = search_json({"--histogram", "year", "--limit", "0", "*"});
    EXPECT_EQ(
        years["histogram"],
        json::parse(R"({"unit": "year", "buckets": [{"start": "1987", "count": 48}], "undated": 1})"
        )
    );
}

TEST_F(Timeline, HistogramGoesWithFacetsHitsAndTheDayFacet) {
    const json j = search_json(
        {"--histogram", "month", "--facets", "year,day", "--facet-limit", "3", "-n", "2", "trade"}
    );
    EXPECT_EQ(j["hits"].size(), 2U);
    EXPECT_EQ(j["facets"]["year"], json::parse(R"({"1987": 3})"));
    // Days in date order.
    EXPECT_EQ(j["facets"]["day"].dump(), R"({"1987-04-10":1,"1987-04-11":1,"1987-04-12":1})");
    EXPECT_EQ(j["histogram"]["buckets"], json::parse(R"([{"start": "1987-04", "count": 3}])"));
    // The histogram is exact even when the facets are sampled.
    const json sampled =
        search_json({"--histogram", "month", "--facets", "year", "--facet-sample", "5", "*"});
    EXPECT_EQ(
        sampled["histogram"]["buckets"][2], json::parse(R"({"start": "1987-03", "count": 20})")
    );
    // Nothing matched: an empty timeline.
    const json none = search_json({"--histogram", "auto", "zzyzx"});
    EXPECT_EQ(none["histogram"]["buckets"], json::array());
}

TEST_F(Timeline, HistogramOptionsAreChecked) {
    const auto error = [](std::vector<std::string> args) {
        const RunResult r = search(std::move(args));
        EXPECT_EQ(r.exit_code, 2);
        return r.err;
    };
    EXPECT_EQ(
        error({"--histogram", "hour", "wheat"}),
        "newsdex-search: --histogram takes day, week, month, year or auto, not 'hour'\n"
    );
    EXPECT_EQ(
        error({"--count", "--histogram", "month", "wheat"}),
        "newsdex-search: --count and --histogram cannot go together: --count prints only the "
        "number of matches\n"
    );
    EXPECT_EQ(
        error({"--format", "ids", "--histogram", "month", "wheat"}),
        "newsdex-search: --histogram prints with text or JSON output, not --format ids\n"
    );
}

TEST_F(Timeline, RelativeDatesCountFromToday) {
    EXPECT_EQ(count("date:today"), "1\n");
    EXPECT_EQ(count("date:yesterday"), "1\n");
    EXPECT_EQ(count("date:Today wheat"), "1\n");
    // From 13 May on.
    EXPECT_EQ(count("date:-7d.."), "8\n");
    EXPECT_EQ(count("date:-1w.."), "8\n");
    EXPECT_EQ(count("date:-7d..yesterday"), "7\n");
    // From 20 March on: 20 March, five in April, 1-20 May.
    EXPECT_EQ(count("date:-2m.."), "26\n");
    EXPECT_EQ(count("date:-1y.."), "48\n");
    EXPECT_EQ(count("date:>=-7d"), "8\n");
    const RunResult single = search({"--today", "1987-05-20", "date:-7d"});
    EXPECT_EQ(single.exit_code, 2);
    EXPECT_NE(
        single.err.find("date:-7d is a single day; for the days since, write date:-7d.."),
        std::string::npos
    ) << single.err;
    const RunResult bad = search({"--today", "1987-02-30", "date:today"});
    EXPECT_EQ(bad.exit_code, 2);
    EXPECT_NE(bad.err.find("today '1987-02-30' is not a date"), std::string::npos) << bad.err;
    const RunResult typo = search({"date:-7x.."});
    EXPECT_EQ(typo.exit_code, 2);
    EXPECT_NE(
        typo.err.find("date:-7x is not a date: relative dates are today, yesterday or -Nd, -Nw, "
                      "-Nm, -Ny (days, weeks, months, years ago)"),
        std::string::npos
    ) << typo.err;
}

TEST_F(Timeline, SuggestionsPreferTheLikelierTypo) {
    // Both one edit away: a doubled letter is likelier than a wrong first
    // letter, though reuter is in far more articles.
    const json yeuter = search_json({"yeuter"});
    EXPECT_EQ(yeuter["suggestion"], "yeutter");
    const RunResult text = search({"yeuter"});
    EXPECT_NE(text.out.find("Did you mean: yeutter (3 results)?"), std::string::npos) << text.out;
    // A word the index has once, when the correction finds 20 times as many.
    const json volker = search_json({"volker"});
    EXPECT_EQ(volker["total"], 1);
    EXPECT_EQ(volker["suggestion"], "volcker");
    EXPECT_EQ(search_json({"goverment deficit"})["suggestion"], "government deficit");
    // Of two spellings of one stem, the more frequent.
    EXPECT_EQ(search_json({"goverment"})["suggestion"], "government");
    // Known names are never corrected (parts is in 40 articles, Paris in 1).
    EXPECT_FALSE(search_json({"paris"}).contains("suggestion"));
    EXPECT_FALSE(search_json({"wheat"}).contains("suggestion"));
    // Nor are British spellings made American (annualized is in 25).
    EXPECT_FALSE(search_json({"annualised"}).contains("suggestion"));
    EXPECT_FALSE(search_json({"--no-suggest", "yeuter"}).contains("suggestion"));
}

TEST_F(Timeline, LimitAllPrintsWhatOnePageInDateOrderWould) {
    for (const std::string format : {"text", "json", "ids", "tsv", "locators", "paths"}) {
        for (const std::string sort : {"date", "-date"}) {
            for (const std::string query : {"*", "wheat OR trade", "volcker"}) {
                const RunResult page =
                    search({"--format", format, "--sort", sort, "--limit", "1000", query});
                const RunResult all = search({"--format", format, "--sort", sort, "--all", query});
                EXPECT_EQ(all.exit_code, 0) << all.err;
                EXPECT_EQ(all.out, page.out) << format << " " << sort << " " << query;
            }
        }
    }
    // Oldest first by default, the undated last; facets and the timeline too.
    const RunResult ids = search({"--limit", "all", "--format", "ids", "*"});
    EXPECT_EQ(ids.out.substr(0, 9), "d0\nd1\nd2\n");
    EXPECT_EQ(ids.out.substr(ids.out.size() - 9), "\nundated\n");
    EXPECT_EQ(std::count(ids.out.begin(), ids.out.end(), '\n'), 49);
    const json j = search_json({"--all", "--histogram", "year", "--facets", "year", "trade"});
    EXPECT_EQ(j["hits"].size(), 3U);
    EXPECT_EQ(j["hits"][2]["rank"], 3);
    EXPECT_EQ(j["facets"]["year"]["1987"], 3);
    EXPECT_EQ(j["histogram"]["buckets"][0]["count"], 3);
    const json none = search_json({"--all", "zzyzx"});
    EXPECT_EQ(none["hits"], json::array());
    for (const auto& [args, message] :
         std::vector<std::pair<std::vector<std::string>, std::string>>{
             {{"--all", "--offset", "5", "*"}, "--all and --offset cannot go together"},
             {{"--limit", "all", "--collapse", "*"},
              "--limit all and --collapse cannot go together"},
             {{"--all", "--sort", "relevance", "*"}, "--all prints matches in date order"},
             {{"--all", "--limit", "5", "*"}, "--all is --limit all: it cannot go with --limit 5"},
         }) {
        const RunResult r = search(args);
        EXPECT_EQ(r.exit_code, 2);
        EXPECT_NE(r.err.find(message), std::string::npos) << r.err;
    }
}

// The error of a --db that cannot be searched, run as a user the
// permissions apply to (root reads everything: then as nobody).
RunResult search_as_user(const std::vector<std::string>& args, const std::filesystem::path& cwd) {
    std::vector<std::string> argv;
    if (::geteuid() == 0) {
        argv = {"/usr/bin/setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"};
    }
    argv.push_back(kSearch);
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv, cwd);
}

TEST_F(Timeline, DatabaseErrorsSayWhatIsWrong) {
    const RunResult file = search({"wheat"}, (dir_->path() / "wire.jsonl").string());
    EXPECT_EQ(file.exit_code, 2);
    EXPECT_EQ(
        file.err,
        "newsdex-search: " + (dir_->path() / "wire.jsonl").string()
            + " is a file, not a newsdex database; pass the folder newsdex-index --db wrote; to "
              "search this file, index it first: newsdex-index --db DIR "
            + (dir_->path() / "wire.jsonl").string() + "\n"
    );
    std::filesystem::create_directories(dir_->path() / "empty");
    const RunResult folder = search({"wheat"}, (dir_->path() / "empty").string());
    EXPECT_EQ(folder.exit_code, 2);
    EXPECT_NE(
        folder.err.find("empty is a folder, not a newsdex database (it holds no index); pass the "
                        "folder newsdex-index --db wrote, or build one there"),
        std::string::npos
    ) << folder.err;
}

TEST_F(Timeline, UnreadableShardIsPermissionDenied) {
    namespace fs = std::filesystem;
    TempDir tmp;
    fs::permissions(tmp.path(), fs::perms::all);
    write_file(tmp.path() / "wire.jsonl", wire());
    const std::string database = (tmp.path() / "locked.db").string();
    const RunResult built =
        run({kIndex, "--db", database, "--progress", "never", "wire.jsonl"}, tmp.path());
    ASSERT_EQ(built.exit_code, 0) << built.err;
    fs::path shard;
    for (const auto& entry : fs::recursive_directory_iterator(database)) {
        if (entry.path().filename() == "iamglass") {
            shard = entry.path().parent_path();
        }
    }
    ASSERT_FALSE(shard.empty());
    ASSERT_EQ(search_as_user({"--db", database, "wheat"}, tmp.path()).exit_code, 0);
    fs::permissions(shard, fs::perms::none);
    const RunResult r = search_as_user({"--db", database, "wheat"}, tmp.path());
    fs::permissions(shard, fs::perms::owner_all);
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(
        r.err.find("cannot read " + shard.string() + ": permission denied"), std::string::npos
    ) << r.err;
    EXPECT_EQ(r.err.find("no newsdex database"), std::string::npos) << r.err;
    if (shard != fs::path(database)) {
        fs::permissions(database, fs::perms::none);
        const RunResult whole = search_as_user({"--db", database, "wheat"}, tmp.path());
        fs::permissions(
            database,
            fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec
                | fs::perms::others_read | fs::perms::others_exec
        );
        EXPECT_NE(
            whole.err.find("cannot read " + database + ": permission denied"), std::string::npos
        ) << whole.err;
    }
}

}  // namespace
}  // namespace newsdex::test
