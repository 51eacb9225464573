// SPDX-License-Identifier: MIT
// newsdex-search: parse the options, call the library, print.
#include "newsdex/error.h"
#include "newsdex/json_output.h"
#include "newsdex/paths.h"
#include "newsdex/searcher.h"
#include "newsdex/version.h"

#include "options.h"
#include "printer.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <stdexcept>
#include <unistd.h>

namespace {

int fail(const std::string& message, const std::string& hint = {}) {
    std::cerr << "newsdex-search: " << message << (hint.empty() ? "" : "; " + hint) << '\n';
    return 2;
}

bool use_color(newsdex::cli::Color color) {
    if (color != newsdex::cli::Color::kAuto) {
        return color == newsdex::cli::Color::kAlways;
    }
    const char* no_color = std::getenv("NO_COLOR");
    const char* term = std::getenv("TERM");
    return isatty(STDOUT_FILENO) != 0 && (no_color == nullptr || *no_color == '\0')
           && (term == nullptr || std::strcmp(term, "dumb") != 0);
}

// The printer of the chosen --format.
std::unique_ptr<newsdex::cli::Printer>
make_printer(const newsdex::cli::SearchOptions& options, bool color) {
    using namespace newsdex;
    switch (options.format) {
    case cli::Format::kJson:
        return cli::make_json_printer(options.request.collapse);
    case cli::Format::kIds:
        return cli::make_line_printer(cli::LineField::kId, false);
    case cli::Format::kPaths:
        return cli::make_line_printer(cli::LineField::kPath, false);
    case cli::Format::kLocators:
        return cli::make_line_printer(cli::LineField::kLocator, false);
    case cli::Format::kTsv:
        return cli::make_line_printer(cli::LineField::kTsv, options.request.collapse);
    case cli::Format::kText:
        break;
    }
    return cli::make_text_printer({color});
}

// The entities of a hit and where each came from: `leader Xi Jinping
// (gazetteer); country China (metadata), ...`.
std::string entities_with_origins(const newsdex::Hit& hit) {
    std::string out;
    for (const auto& [field, names] : hit.entities) {
        // (clang 14 cannot capture a structured binding.)
        const std::string& name_of_field = field;
        const auto origins = std::find_if(
            hit.entity_origins.begin(),
            hit.entity_origins.end(),
            [&name_of_field](const auto& o) { return o.first == name_of_field; }
        );
        out += (out.empty() ? "" : "; ") + field + " ";
        for (std::size_t i = 0; i < names.size(); ++i) {
            out += (i == 0 ? "" : ", ") + names[i];
            if (origins != hit.entity_origins.end() && i < origins->second.size()) {
                out += " (" + origins->second[i] + ")";
            }
        }
    }
    return out.empty() ? "no entities" : out;
}

// --explain: how the query was understood, the number of matches, and the
// entities of the first page of hits with where each came from.
void print_explanation(const newsdex::SearchResponse& response) {
    for (const std::string& line : response.explanation) {
        std::cout << line << '\n';
    }
    std::cout << response.total << (response.total == 1 ? " match" : " matches");
    if (response.tiered) {
        std::cout << ", " << response.partial_total << " partial";
    }
    if (response.stories) {
        const std::uint64_t listed = *response.stories + response.partial_stories;
        std::cout << " (" << listed << (listed == 1 ? " story" : " stories") << " when folded)";
    }
    std::cout << '\n';
    if (response.hits.empty()) {
        return;
    }
    std::cout << "entities of the first hits, each with where it came from (metadata, "
                 "gazetteer or discovery):\n";
    for (const newsdex::Hit& hit : response.hits) {
        std::cout << "  " << hit.rank << ". " << hit.id << ": " << entities_with_origins(hit);
        if (!hit.entities.empty() && hit.entity_origins.empty()) {
            std::cout << " (origins not recorded: re-index with newsdex-index)";
        }
        std::cout << '\n';
    }
}

// The highlight markers: --hl-start and --hl-end, else <em> for JSON and
// colour for a terminal.
void choose_markup(newsdex::cli::SearchOptions& options, bool json, bool color) {
    newsdex::Markup& markup = options.request.snippet.markup;
    markup.open = options.hl_given ? options.hl_start : json ? "<em>" : color ? "\033[1;31m" : "";
    markup.close = options.hl_given ? options.hl_end : json ? "</em>" : color ? "\033[0m" : "";
}

// --show: the articles asked for, in full.
int show_articles(
    const newsdex::Searcher& searcher, const newsdex::cli::SearchOptions& options, bool color
) {
    using namespace newsdex;
    const ShowRequest show{options.show_ids, options.request.query, options.request.snippet.markup};
    const std::vector<ShownArticle> articles = searcher.show(show);
    if (options.format == cli::Format::kJson) {
        cli::make_json_printer(false)->print(articles, std::cout);
    } else {
        cli::make_text_printer({color})->print(articles, std::cout);
    }
    std::cout.flush();
    return 0;
}

// The search and its output in the chosen form: 0 when something matched,
// 1 when nothing did.
int search_and_print(
    const newsdex::Searcher& searcher, newsdex::cli::SearchOptions& options, bool color
) {
    using namespace newsdex;
    const bool lines = options.format != cli::Format::kText && options.format != cli::Format::kJson;
    if (lines) {
        options.request.snippet.length = 0;  // not printed: not made
    }
    if (options.all) {
        // The search itself only counts, exactly; each_hit lists.
        options.request.count_only = true;
    }
    const SearchResponse response = searcher.search(options.request);
    for (const std::string& notice : response.notices) {
        std::cerr << "newsdex-search: note: " << notice << '\n';
    }
    if (options.request.explain) {
        print_explanation(response);
    } else if (options.count) {
        std::cout << response.total << '\n';
    } else {
        const std::unique_ptr<cli::Printer> printer = make_printer(options, color);
        if (options.all) {
            // The totals, facets and histogram first (limit 0), then
            // the hits as they are read.
            printer->begin(response, std::cout);
            searcher.each_hit(options.request, [&printer](const Hit& hit) {
                printer->print(hit, std::cout);
            });
            printer->end(response, std::cout);
        } else {
            printer->print(response, std::cout);
        }
    }
    std::cout.flush();
    // Partial matches count: the list is not empty.
    return response.total + response.partial_total > 0 ? 0 : 1;
}

// Opens the index and shows or searches; the library's errors become
// exit status 2 with one line.
int run(newsdex::cli::SearchOptions& options) {
    using namespace newsdex;
    const bool json = options.format == cli::Format::kJson;
    const bool color = !json && use_color(options.color);
    choose_markup(options, json, color);
    try {
        SearcherOptions open;
        open.timeout_ms = static_cast<unsigned>(options.timeout_seconds * 1000);
        open.allow_partial = options.allow_partial;
        const Searcher searcher(options.dbs, open);
        return options.show ? show_articles(searcher, options, color)
                            : search_and_print(searcher, options, color);
    } catch (const Error& e) {
        if (e.code() == Errc::kBadQuery && e.column() > 0) {
            return fail(
                "bad query at column " + std::to_string(e.column()) + ": " + e.what(), e.hint()
            );
        }
        return fail(e.what(), e.hint());
    }
}

}  // namespace

int main(int argc, char** argv) {
    using namespace newsdex;
    cli::SearchOptions options;
    try {
        options = cli::parse_search_options(argc, argv);
    } catch (const std::invalid_argument& e) {
        return fail(e.what());
    }
    if (options.exit_now) {
        return 0;
    }
    if (options.help_fields) {
        try {
            std::cout << fields_help(options.dbs);
            return 0;
        } catch (const Error& e) {
            return fail(e.what(), e.hint());
        }
    }
    if (options.usage) {
        std::cerr << "newsdex-search: no query given\n" << cli::short_usage();
        return 2;
    }
    return run(options);
}
