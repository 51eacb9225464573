// SPDX-License-Identifier: MIT
#include "options.h"

#include "newsdex/version.h"

#include <boost/program_options.hpp>

#include <cstdlib>
#include <iostream>
#include <stdexcept>

namespace newsdex::cli {

namespace po = boost::program_options;

namespace {

const char* const kExamples =
    "\nExamples:\n"
    "  newsdex-search kim beijing visit            all three words, best first\n"
    "  newsdex-search '\"Korea\\'s Kim\"'             a phrase\n"
    "  newsdex-search 'leader:Xi year:2019'        filters\n"
    "  newsdex-search --sort date xi               oldest first\n"
    "  newsdex-search 'date:2018-06-01..2018-12-31 summit'\n"
    "  newsdex-search --facets leader,year sanctions\n"
    "  newsdex-search --json kim | jq '.hits[].id'\n"
    "  newsdex-search -- -year:2018 kim            a query that starts with '-'\n"
    "  newsdex-search --like 003_77f9973bf1b05105  articles like this one\n"
    "  newsdex-search --explain 'Pyongyang -year:2018'\n\n"
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

}  // namespace

SearchOptions parse_search_options(int argc, const char* const* argv) {
    SearchOptions out;
    std::string sort = "relevance";
    std::string color = "auto";
    std::string facets;
    std::string format = "text";
    po::options_description visible(
        "Usage: newsdex-search [OPTIONS] QUERY...\n\n"
        "Searches a newsdex database and prints the best articles first, with\n"
        "highlighted snippets.\n\n"
        "Options"
    );
    // One call per option keeps the table readable under clang-format.
    auto option = visible.add_options();
    option(
        "db",
        po::value(&out.dbs)->value_name("DIR")->composing(),
        "database folder; repeat to search several (default: $NEWSDEX_DB, else ./newsdex.db)"
    );
    option("limit,n", po::value(&out.request.limit)->value_name("N"), "hits to show (default 10)");
    option("offset", po::value(&out.request.offset)->value_name("N"), "hits to skip (paging)");
    option(
        "sort",
        po::value(&sort)->value_name("ORDER"),
        "relevance (default), date (oldest first) or -date (newest first)"
    );
    option(
        "facets",
        po::value(&facets)->value_name("LIST"),
        "count these fields over all matches: leader,year,... or all"
    );
    option(
        "facet-limit",
        po::value(&out.request.facet_limit)->value_name("N"),
        "values per facet (default 10)"
    );
    option(
        "facet-sample",
        po::value(&out.request.facet_sample)->value_name("N"),
        "count facets over about N matches and scale them to the total, instead of over "
        "every match (faster on very common words; the counts are then estimates)"
    );
    option(
        "count", po::bool_switch(&out.count), "print only the exact number of matching articles"
    );
    option("json", "print one JSON object (docs/json-output.md); short for --format json");
    option(
        "format",
        po::value(&format)->value_name("FORMAT"),
        "text (default), json, ids or paths (one per line, for xargs), tsv"
    );
    option(
        "color",
        po::value(&color)->value_name("WHEN"),
        "highlight matches: auto (a terminal, unless NO_COLOR), always, never"
    );
    option(
        "snippet-length",
        po::value(&out.request.snippet.length)->value_name("N"),
        "snippet length in characters (default 240)"
    );
    option(
        "hl-start",
        po::value(&out.hl_start)->value_name("TEXT"),
        "text before each match (JSON default <em>)"
    );
    option(
        "hl-end",
        po::value(&out.hl_end)->value_name("TEXT"),
        "text after each match (JSON default </em>)"
    );
    option(
        "timeout",
        po::value(&out.timeout_seconds)->value_name("SECONDS"),
        "how long to wait for a remote shard (tcp://HOST:PORT) (default 5)"
    );
    option(
        "allow-partial",
        po::bool_switch(&out.allow_partial),
        "when remote shards do not answer, search the others (and say which did not)"
    );
    option(
        "collapse",
        po::bool_switch(&out.request.collapse),
        "show one of each group of identical articles, with the number of others"
    );
    option(
        "like",
        po::value(&out.request.like)->value_name("ID"),
        "articles like the one with this id (more like this)"
    );
    option(
        "explain",
        po::bool_switch(&out.request.explain),
        "print how the query was understood, not the hits"
    );
    option("no-suggest", "no \"did you mean\" spelling suggestions");
    option("help-fields", "print the searchable fields and exit");
    option("help,h", "print this help and exit");
    option("version", "print the version and exit");

    // Split the arguments: options (and their values) go to Boost; every
    // other word, and everything after "--", is the query.
    std::vector<std::string> option_args;
    std::vector<std::string> query;
    bool rest_is_query = false;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if (rest_is_query || arg.size() < 2 || arg[0] != '-') {
            query.push_back(arg);
            continue;
        }
        if (arg == "--") {
            rest_is_query = true;
            continue;
        }
        const bool long_form = arg.compare(0, 2, "--") == 0;
        const std::string name = long_form ? arg.substr(2, arg.find('=') - 2) : arg.substr(1, 1);
        const po::option_description* d = visible.find_nothrow(name, false, false, false);
        // A single dash names a short option only as "-n" alone: "-north",
        // "-xi" and "-year:2018" are negated query terms.
        if (d == nullptr || (!long_form && arg.size() > 2)) {
            query.push_back(arg);
            continue;
        }
        option_args.push_back(arg);
        const bool inline_value = long_form && arg.find('=') != std::string::npos;
        if (d->semantic()->max_tokens() > 0 && !inline_value && d->semantic()->min_tokens() > 0) {
            if (i + 1 >= argc) {
                throw std::invalid_argument(
                    "option " + arg + " needs a value (see newsdex-search --help)"
                );
            }
            option_args.emplace_back(argv[++i]);
        }
    }

    po::variables_map vm;
    try {
        po::store(po::command_line_parser(option_args).options(visible).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw std::invalid_argument(std::string(e.what()) + " (see newsdex-search --help)");
    }
    if (vm.count("help") != 0U) {
        std::cout << visible << kExamples;
        out.exit_now = true;
        return out;
    }
    if (vm.count("version") != 0U) {
        std::cout << "newsdex-search " << kVersion << '\n';
        out.exit_now = true;
        return out;
    }
    if (vm.count("help-fields") != 0U) {
        std::cout << schema_markdown();
        out.exit_now = true;
        return out;
    }
    if (format == "text") {
        out.format = Format::kText;
    } else if (format == "json") {
        out.format = Format::kJson;
    } else if (format == "ids") {
        out.format = Format::kIds;
    } else if (format == "paths") {
        out.format = Format::kPaths;
    } else if (format == "tsv") {
        out.format = Format::kTsv;
    } else {
        throw std::invalid_argument(
            "--format takes text, json, ids, paths or tsv, not '" + format + "'"
        );
    }
    if (vm.count("json") != 0U) {
        out.format = Format::kJson;
    }
    if (sort == "relevance") {
        out.request.sort = SortOrder::kRelevance;
    } else if (sort == "date") {
        out.request.sort = SortOrder::kDateAscending;
    } else if (sort == "-date") {
        out.request.sort = SortOrder::kDateDescending;
    } else {
        throw std::invalid_argument("--sort takes relevance, date or -date, not '" + sort + "'");
    }
    if (color == "auto") {
        out.color = Color::kAuto;
    } else if (color == "always") {
        out.color = Color::kAlways;
    } else if (color == "never") {
        out.color = Color::kNever;
    } else {
        throw std::invalid_argument("--color takes auto, always or never, not '" + color + "'");
    }
    out.request.facets = split_list(facets);
    out.request.count_only = out.count;
    out.request.suggest = vm.count("no-suggest") == 0U;
    out.request.suggest = vm.count("no-suggest") == 0U;
    out.hl_given = vm.count("hl-start") != 0U || vm.count("hl-end") != 0U;
    if (!(out.timeout_seconds > 0) || out.timeout_seconds > 3600) {
        throw std::invalid_argument("--timeout takes seconds, more than 0 and at most 3600");
    }
    if (out.request.snippet.length < 20 || out.request.snippet.length > 100000) {
        throw std::invalid_argument("--snippet-length must be between 20 and 100000");
    }
    for (std::size_t i = 0; i < query.size(); ++i) {
        out.request.query += (i == 0 ? "" : " ") + query[i];
    }
    if (out.dbs.empty()) {
        const char* env = std::getenv("NEWSDEX_DB");
        out.dbs.emplace_back(env != nullptr && *env != '\0' ? env : "./newsdex.db");
    }
    return out;
}

}  // namespace newsdex::cli
