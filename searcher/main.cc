// SPDX-License-Identifier: MIT
// newsdex-search: parse the options, call the library, print.
#include "newsdex/error.h"
#include "newsdex/json_output.h"
#include "newsdex/paths.h"
#include "newsdex/searcher.h"
#include "newsdex/version.h"

#include "options.h"
#include "printer.h"

#include <cstdlib>
#include <cstring>
#include <iostream>
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
    if (options.usage) {
        std::cerr << "newsdex-search: no query given\n" << cli::short_usage();
        return 2;
    }
    const bool json = options.format == cli::Format::kJson;
    const bool color = !json && use_color(options.color);
    Markup& markup = options.request.snippet.markup;
    markup.open = options.hl_given ? options.hl_start : json ? "<em>" : color ? "\033[1;31m" : "";
    markup.close = options.hl_given ? options.hl_end : json ? "</em>" : color ? "\033[0m" : "";

    try {
        SearcherOptions open;
        open.timeout_ms = static_cast<unsigned>(options.timeout_seconds * 1000);
        open.allow_partial = options.allow_partial;
        const Searcher searcher(options.dbs, open);
        if (options.show) {
            const ShowRequest show{options.show_ids, options.request.query, markup};
            const std::vector<ShownArticle> articles = searcher.show(show);
            if (json) {
                cli::make_json_printer(false)->print(articles, std::cout);
            } else {
                cli::make_text_printer({color})->print(articles, std::cout);
            }
            std::cout.flush();
            return 0;
        }
        const bool lines = options.format != cli::Format::kText && !json;
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
            for (const std::string& line : response.explanation) {
                std::cout << line << '\n';
            }
            std::cout << response.total << (response.total == 1 ? " match" : " matches");
            if (response.tiered) {
                std::cout << ", " << response.partial_total << " partial";
            }
            std::cout << '\n';
        } else if (options.count) {
            std::cout << response.total << '\n';
        } else {
            std::unique_ptr<cli::Printer> printer;
            switch (options.format) {
            case cli::Format::kJson:
                printer = cli::make_json_printer(options.request.collapse);
                break;
            case cli::Format::kIds:
                printer = cli::make_line_printer(cli::LineField::kId, false);
                break;
            case cli::Format::kPaths:
                printer = cli::make_line_printer(cli::LineField::kPath, false);
                break;
            case cli::Format::kLocators:
                printer = cli::make_line_printer(cli::LineField::kLocator, false);
                break;
            case cli::Format::kTsv:
                printer = cli::make_line_printer(cli::LineField::kTsv, options.request.collapse);
                break;
            case cli::Format::kText:
                printer = cli::make_text_printer({color});
                break;
            }
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
    } catch (const Error& e) {
        if (e.code() == Errc::kBadQuery && e.column() > 0) {
            return fail(
                "bad query at column " + std::to_string(e.column()) + ": " + e.what(), e.hint()
            );
        }
        return fail(e.what(), e.hint());
    }
}
