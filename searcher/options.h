// SPDX-License-Identifier: MIT
// Command line of newsdex-search.
#pragma once

#include "newsdex/searcher.h"

#include <string>
#include <vector>

namespace newsdex::cli {

enum class Color { kAuto, kAlways, kNever };
enum class Format { kText, kJson, kIds, kPaths, kLocators, kTsv };

struct SearchOptions {
    std::vector<std::string> dbs;
    double timeout_seconds = 5;
    bool allow_partial = false;
    SearchRequest request;
    Format format = Format::kText;
    Color color = Color::kAuto;
    bool count = false;
    bool all = false;  // --limit all / --all: every match, streamed (Searcher::each_hit)
    std::string hl_start;
    std::string hl_end;
    bool hl_given = false;
    bool exit_now = false;     // --help, --version or --help-fields printed
    bool help_fields = false;  // --help-fields --db DB: print the index's fields too
    bool show = false;         // --show: print the articles of show_ids whole
    std::vector<std::string> show_ids;
    bool usage = false;  // no query and no --like: print short_usage(), exit 2
};

/// A few lines on how to call newsdex-search, for a command line without a query.
const char* short_usage();

/// Parses the command line (strict_options.h). A word that starts with one
/// '-' and is longer than `-x` (`-year:2018`, `-xi`) belongs to the query,
/// unless it is an option's name (`-json`: an error); so does everything
/// after `--`. Unknown and ambiguous options, numbers out of range and options
/// that cannot go together are errors.
/// @throws std::invalid_argument with a message.
SearchOptions parse_search_options(int argc, const char* const* argv);

}  // namespace newsdex::cli
