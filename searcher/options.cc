// SPDX-License-Identifier: MIT
#include "options.h"

#include "newsdex/version.h"

#include "strict_options.h"

#include <boost/program_options.hpp>

#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace newsdex::cli {

namespace po = boost::program_options;

namespace {

// The most hits a search returns or skips.
constexpr std::uint64_t kMaxHits = 100000000;

const char* const kExamples =
    "\nExamples:\n"
    "  newsdex-search kim beijing visit            all three words, best first\n"
    "  newsdex-search \"\\\"Korea's Kim\\\"\"            a phrase\n"
    "  newsdex-search 'leader:Xi year:2019'        filters\n"
    "  newsdex-search --sort date xi               oldest first\n"
    "  newsdex-search 'date:2018-06-01..2018-12-31 summit'\n"
    "  newsdex-search --facets leader,year sanctions\n"
    "  newsdex-search --histogram auto summit      matches per period, as bars\n"
    "  newsdex-search --today 2019-01-12 date:-1w..  the week before a day\n"
    "  newsdex-search --json kim | jq '.hits[].id'\n"
    "  newsdex-search -- -year:2018 kim            a query that starts with '-'\n"
    "  newsdex-search --like 003_77f9973bf1b05105  articles like this one\n"
    "  newsdex-search --explain 'Pyongyang -year:2018'\n"
    "  newsdex-search -n 3 -f ids summit | xargs newsdex-search --show -q summit\n"
    "  newsdex-search --format locators kim        FILE:LINE of each hit\n\n"
    "Query syntax: docs/query-syntax.md; fields: newsdex-search --help-fields.\n"
    "Exit status: 0 something matched, 1 nothing matched, 2 error.\n";

std::vector<std::string> split_list(const std::string& list) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        const std::size_t comma = list.find(',', start);
        const std::string item =
            list.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        if (!item.empty()) {
            out.push_back(item);
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return out;
}

// The databases to search.
SearchOptions& finish(const SplitArgs& args, SearchOptions& out) {
    if (given(args, "db")) {
        out.dbs = args.options.at("db");
    } else {
        const char* env = std::getenv("NEWSDEX_DB");
        out.dbs.emplace_back(env != nullptr && *env != '\0' ? env : "./newsdex.db");
    }
    return out;
}

// Refuses options `a` and `b` given together, saying `why`.
void refuse_together(const SplitArgs& args, const char* a, const char* b, const std::string& why) {
    if (given(args, a) && given(args, b)) {
        throw std::invalid_argument(
            std::string("--") + a + " and --" + b + " cannot go together: " + why
        );
    }
}

// --count, --explain and --show print something else than a page of hits.
void check_output_modes(const SplitArgs& args) {
    const std::string count_why = "--count prints only the number of matches";
    for (const char* other :
         {"facets", "histogram", "limit", "offset", "sort", "json", "format", "snippet-length"}) {
        refuse_together(args, "count", other, count_why);
    }
    refuse_together(
        args, "count", "explain", "--explain prints the number of matches after its explanation"
    );
    for (const char* other : {"json", "format", "facets", "histogram", "limit", "offset"}) {
        refuse_together(
            args, "explain", other, "--explain prints how the query was read, not the hits"
        );
    }
    for (const char* other :
         {"count",
          "facets",
          "histogram",
          "limit",
          "offset",
          "sort",
          "like",
          "explain",
          "collapse",
          "no-collapse",
          "similar",
          "strict",
          "snippet-length"}) {
        refuse_together(args, "show", other, "--show prints whole articles, not search results");
    }
}

// --collapse, --no-collapse and --similar each say how copies are listed.
void check_folding(const SplitArgs& args) {
    refuse_together(
        args,
        "no-collapse",
        "collapse",
        "--collapse folds identical articles (in place of near-identical stories), "
        "--no-collapse shows every article"
    );
    refuse_together(
        args,
        "similar",
        "like",
        "--similar lists one article's group, --like ranks articles like it"
    );
    refuse_together(args, "similar", "collapse", "--similar lists a group whole");
}

// --all (--limit all) prints every match, in date order, as it reads them.
void check_all(const SplitArgs& args) {
    if (!given(args, "all") && last(args, "limit") != "all") {
        return;
    }
    const std::string all = given(args, "all") ? "--all" : "--limit all";
    for (const char* other : {"offset", "collapse", "count", "explain", "show"}) {
        if (given(args, other)) {
            throw std::invalid_argument(
                all + " and --" + other
                + " cannot go together: it prints every match, in date order"
            );
        }
    }
    if (last(args, "sort") == "relevance") {
        throw std::invalid_argument(
            all
            + " prints matches in date order, as it reads them: ranking every match by "
              "relevance would hold them all at once; use --sort date or -date, or --limit N "
              "for the best N"
        );
    }
    if (given(args, "sort") && last(args, "sort") != "date" && last(args, "sort") != "-date") {
        throw std::invalid_argument(
            all + " prints matches in date order, as it reads them, not by "
            + quoted(last(args, "sort")) + ": use --sort date or -date, or --limit N with --sort "
            + last(args, "sort")
        );
    }
}

// The options that shape --facets (and --histogram) need it.
void check_facet_options(const SplitArgs& args) {
    if (given(args, "facets-over") && !given(args, "facets") && !given(args, "histogram")) {
        throw std::invalid_argument(
            "--facets-over applies to --facets and --histogram: add --facets FIELDS, e.g. "
            "--facets country"
        );
    }
    refuse_together(
        args,
        "facets-over",
        "strict",
        "--strict lists no partial matches, so facets count the articles with every word"
    );
    for (const char* needs_facets : {"facet-limit", "facet-sample"}) {
        if (given(args, needs_facets) && !given(args, "facets")) {
            throw std::invalid_argument(
                std::string("--") + needs_facets
                + " applies to --facets: add --facets FIELDS, e.g. --facets country"
            );
        }
    }
}

// Options that mean nothing together: say so rather than drop one.
void check_combinations(const SplitArgs& args) {
    check_output_modes(args);
    check_folding(args);
    check_all(args);
    if (given(args, "verbose")) {
        throw std::invalid_argument("--verbose goes with --help-fields (the whole schema table)");
    }
    check_facet_options(args);
}

// The option table: one entry per option (exempt from the function size:
// docs/architecture.md).
// NOLINTNEXTLINE(readability-function-size)
void describe_options(po::options_description& visible) {
    // One call per option keeps the table readable under clang-format.
    auto option = visible.add_options();
    option(
        "db",
        po::value<std::string>()->value_name("DIR")->composing(),
        "database folder; repeat to search several (default: $NEWSDEX_DB, else ./newsdex.db)"
    );
    option(
        "limit,n",
        po::value<std::string>()->value_name("N"),
        "hits to show (default 10), or all: every match, oldest first, printed as they are read"
    );
    option("all", "every match: short for --limit all");
    option("offset", po::value<std::string>()->value_name("N"), "hits to skip (paging)");
    option(
        "sort",
        po::value<std::string>()->value_name("ORDER"),
        "relevance (default), date (oldest first), -date (newest first), or a number field "
        "of the index: words (smallest first), -words (largest first)"
    );
    option(
        "facets",
        po::value<std::string>()->value_name("LIST"),
        "count these fields over all matches: leader,year,... or all"
    );
    option(
        "histogram",
        po::value<std::string>()->value_name("UNIT"),
        "a timeline of the matches: day, week, month, year, or auto (the unit that suits "
        "their dates)"
    );
    option(
        "facet-limit", po::value<std::string>()->value_name("N"), "values per facet (default 10)"
    );
    option(
        "facet-sample",
        po::value<std::string>()->value_name("N"),
        "count facets over about N matches and scale them to the total, instead of over "
        "every match (faster on very common words; the counts are then estimates)"
    );
    option(
        "facets-over",
        po::value<std::string>()->value_name("WHICH"),
        "what --facets and --histogram count when partial matches are listed: exact (default: "
        "the articles with every word) or all (the partial matches too)"
    );
    option("count,c", "print only the exact number of matching articles");
    option("json", "print one JSON object (docs/json-output.md); short for --format json");
    option(
        "format,f",
        po::value<std::string>()->value_name("FORMAT"),
        "text (default), json, ids, paths (each file once, for xargs), locators "
        "(FILE:LINE), tsv (with a header line)"
    );
    option(
        "color",
        po::value<std::string>()->value_name("WHEN"),
        "highlight matches: auto (a terminal, unless NO_COLOR), always, never"
    );
    option(
        "snippet-length",
        po::value<std::string>()->value_name("N"),
        "snippet length in characters (default 240)"
    );
    option(
        "hl-start",
        po::value<std::string>()->value_name("TEXT"),
        "text before each match (JSON default <em>)"
    );
    option(
        "hl-end",
        po::value<std::string>()->value_name("TEXT"),
        "text after each match (JSON default </em>)"
    );
    option(
        "timeout",
        po::value<std::string>()->value_name("SECONDS"),
        "how long to wait for a remote shard (tcp://HOST:PORT) (default 5)"
    );
    option(
        "allow-partial",
        "when remote shards do not answer, search the others (and say which did not)"
    );
    option(
        "strict",
        "only articles with every word (no partial matches below them; as +word for each word)"
    );
    option(
        "collapse",
        "show one of each group of identical articles, with the number of others (in place of "
        "folding near-identical stories)"
    );
    option("no-collapse", "show every article: near-identical stories are not folded");
    option(
        "similar",
        po::value<std::string>()->value_name("ID"),
        "list the group of near-identical stories of the article with this id"
    );
    option(
        "like",
        po::value<std::string>()->value_name("ID"),
        "articles like the one with this id (more like this)"
    );
    option(
        "show",
        "print the articles whose ids are given (instead of a query) whole; with --query, "
        "its words marked"
    );
    option(
        "query,q",
        po::value<std::string>()->value_name("QUERY"),
        "the query as an option: with --show, the words to mark"
    );
    option(
        "today",
        po::value<std::string>()->value_name("DATE"),
        "the day date:today, date:yesterday and date:-7d.. count from, YYYY-MM-DD (default: "
        "today, local time)"
    );
    option("explain", "print how the query was understood, not the hits");
    option("no-suggest", "no \"did you mean\" spelling suggestions");
    option(
        "help-fields",
        "print the fields a query can name, with examples, and exit (with --db: the index's "
        "dynamic fields too)"
    );
    option("verbose", "with --help-fields: the whole schema table");
    option("help,h", "print this help and exit");
    option("version", "print the version and exit");
}

// --help, --version and --help-fields, answered at once (--help-fields with
// --db: by main, with the index's own fields). True when answered.
bool read_help(const SplitArgs& args, const po::options_description& visible, SearchOptions& out) {
    if (given(args, "help")) {
        std::cout << visible << kExamples;
        out.exit_now = true;
        return true;
    }
    if (given(args, "version")) {
        std::cout << "newsdex-search " << kVersion << '\n';
        out.exit_now = true;
        return true;
    }
    if (given(args, "help-fields") && given(args, "db") && !given(args, "verbose")) {
        out.help_fields = true;  // with the index's own fields: main opens it
        return true;
    }
    if (given(args, "help-fields")) {
        std::cout << (given(args, "verbose") ? schema_markdown() : fields_help());
        out.exit_now = true;
        return true;
    }
    return false;
}

// --format (--json): what prints the result. @returns the format's name.
std::string read_format(const SplitArgs& args, SearchOptions& out) {
    std::string format = given(args, "json") ? "json" : last(args, "format", "text");
    if (given(args, "json") && given(args, "format") && last(args, "format") != "json") {
        throw std::invalid_argument(
            "--json is --format json: it cannot go with --format " + last(args, "format")
        );
    }
    if (format == "text") {
        out.format = Format::kText;
    } else if (format == "json") {
        out.format = Format::kJson;
    } else if (format == "ids") {
        out.format = Format::kIds;
    } else if (format == "paths") {
        out.format = Format::kPaths;
    } else if (format == "locators") {
        out.format = Format::kLocators;
    } else if (format == "tsv") {
        out.format = Format::kTsv;
    } else {
        throw std::invalid_argument(
            "--format takes text, json, ids, paths, locators or tsv, not " + quoted(format)
        );
    }
    return format;
}

// --sort and --color.
void read_sort_and_color(const SplitArgs& args, SearchOptions& out) {
    const std::string sort = last(args, "sort", "relevance");
    if (sort.empty() || sort == "-") {
        throw std::invalid_argument(
            "--sort takes relevance, date, -date or a number field (words, -words), not "
            + quoted(sort)
        );
    }
    set_sort(out.request, sort);  // a number field is checked against the index
    const std::string color = last(args, "color", "auto");
    if (color == "auto") {
        out.color = Color::kAuto;
    } else if (color == "always") {
        out.color = Color::kAlways;
    } else if (color == "never") {
        out.color = Color::kNever;
    } else {
        throw std::invalid_argument("--color takes auto, always or never, not " + quoted(color));
    }
}

// The numbers of the request (how many hits, from where, facets, the
// timeline) and the facets it counts.
void read_numbers_and_facets(const SplitArgs& args, const std::string& format, SearchOptions& out) {
    out.all = given(args, "all") || last(args, "limit") == "all";
    if (given(args, "all") && given(args, "limit") && last(args, "limit") != "all") {
        throw std::invalid_argument(
            "--all is --limit all: it cannot go with --limit " + last(args, "limit")
        );
    }
    out.request.limit = out.all ? 0 : whole_number(args, "limit", 10, 0, kMaxHits);
    out.request.offset = whole_number(args, "offset", 0, 0, kMaxHits);
    out.request.facet_limit = whole_number(args, "facet-limit", 10, 1, 100000);
    out.request.facet_sample = whole_number(args, "facet-sample", 0, 0, kMaxHits);
    out.request.snippet.length = whole_number(args, "snippet-length", 240, 20, 100000);
    out.timeout_seconds = decimal_number(args, "timeout", 5, 0, true, 3600);
    out.request.facets = split_list(last(args, "facets"));
    if (given(args, "facets") && out.request.facets.empty()) {
        throw std::invalid_argument(
            "--facets needs field names, e.g. --facets country,year (or --facets all)"
        );
    }
    const std::string over = last(args, "facets-over", "exact");
    if (over == "all") {
        out.request.facets_over = FacetsOver::kAll;
    } else if (over != "exact") {
        throw std::invalid_argument("--facets-over takes exact or all, not " + quoted(over));
    }
    out.request.today = last(args, "today");
    out.request.histogram = last(args, "histogram");
    if (given(args, "histogram")) {
        const std::string& unit = out.request.histogram;
        if (unit != "day" && unit != "week" && unit != "month" && unit != "year"
            && unit != "auto") {
            throw std::invalid_argument(
                "--histogram takes day, week, month, year or auto, not " + quoted(unit)
            );
        }
        if (out.format != Format::kText && out.format != Format::kJson) {
            throw std::invalid_argument(
                "--histogram prints with text or JSON output, not --format " + format
            );
        }
    }
}

// The switches and the texts of the request.
void read_flags(const SplitArgs& args, SearchOptions& out) {
    out.count = given(args, "count");
    out.request.count_only = out.count;
    out.request.explain = given(args, "explain");
    out.request.collapse = given(args, "collapse");
    out.request.similar = last(args, "similar");
    if (given(args, "similar") && out.request.similar.empty()) {
        throw std::invalid_argument(
            "--similar needs an article id, e.g. --similar 003_77f9973bf1b05105"
        );
    }
    // Near-identical stories are folded by default (docs/near-duplicates.md);
    // --limit all prints every match as it reads them, unfolded, and
    // --count prints the exact number of matching articles (PRODUCT.md).
    out.request.fold_similar = !given(args, "no-collapse") && !out.request.collapse
                               && out.request.similar.empty() && !out.all && !out.count;
    out.request.strict = given(args, "strict");
    out.request.suggest = !given(args, "no-suggest");
    out.allow_partial = given(args, "allow-partial");
    out.request.like = last(args, "like");
    out.hl_start = last(args, "hl-start");
    out.hl_end = last(args, "hl-end");
    out.hl_given = given(args, "hl-start") || given(args, "hl-end");
}

// The query (its words, --query), or with --show the articles to print.
void read_query(const SplitArgs& args, const std::string& format, SearchOptions& out) {
    out.show = given(args, "show");
    if (out.show) {
        if (args.words.empty()) {
            throw std::invalid_argument(
                "--show needs article ids, e.g. newsdex-search --show 003_77f9973bf1b05105 (the "
                "`id` of a hit; --format ids lists them)"
            );
        }
        if (out.format != Format::kText && out.format != Format::kJson) {
            throw std::invalid_argument("--show prints text or JSON, not --format " + format);
        }
        out.show_ids = args.words;
        out.request.query = last(args, "query");
        return;
    }
    out.request.query = last(args, "query");
    for (const std::string& word : args.words) {
        out.request.query += (out.request.query.empty() ? "" : " ") + word;
    }
    if (given(args, "like") && out.request.like.empty()) {
        throw std::invalid_argument("--like needs an article id, e.g. --like 003_77f9973bf1b05105");
    }
    out.usage = args.words.empty() && !given(args, "query") && out.request.like.empty()
                && out.request.similar.empty();
}

}  // namespace

SearchOptions parse_search_options(int argc, const char* const* argv) {
    SearchOptions out;
    po::options_description visible(
        "Usage: newsdex-search [OPTIONS] QUERY...\n"
        "       newsdex-search [OPTIONS] -- QUERY...   (a query that starts with '-')\n\n"
        "Searches a newsdex database and prints the best articles first, with\n"
        "highlighted snippets. Options may be abbreviated (--lim 5); given twice,\n"
        "the last one counts.\n\n"
        "Options"
    );
    describe_options(visible);
    const SplitArgs args = split_args("newsdex-search", visible, argc, argv, DashWords::kQuery);
    if (read_help(args, visible, out)) {
        return out.help_fields ? finish(args, out) : out;
    }
    const std::string format = read_format(args, out);
    read_sort_and_color(args, out);
    read_numbers_and_facets(args, format, out);
    read_flags(args, out);
    check_combinations(args);
    read_query(args, format, out);
    return finish(args, out);
}

const char* short_usage() {
    return "Usage: newsdex-search [OPTIONS] QUERY...\n"
           "  newsdex-search kim beijing                   articles with both words, best first\n"
           "  newsdex-search '*'                           every article\n"
           "  newsdex-search --help                        the options, examples and exit status\n";
}

}  // namespace newsdex::cli
