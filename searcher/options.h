// SPDX-License-Identifier: MIT
// Command line of newsdex-search.
#pragma once

#include "newsdex/searcher.h"

#include <string>
#include <vector>

namespace newsdex::cli {

enum class Color { kAuto, kAlways, kNever };
enum class Format { kText, kJson, kIds, kPaths, kTsv };

struct SearchOptions {
    std::vector<std::string> dbs;
    double timeout_seconds = 5;
    bool allow_partial = false;
    SearchRequest request;
    Format format = Format::kText;
    Color color = Color::kAuto;
    bool count = false;
    std::string hl_start;
    std::string hl_end;
    bool hl_given = false;
    bool exit_now = false;  // --help, --version or --help-fields printed
};

/// Parses the command line. Words that start with '-' but name no option
/// (`-year:2018`, `-xi`) belong to the query, as does everything after `--`.
/// @throws std::invalid_argument with a message.
SearchOptions parse_search_options(int argc, const char* const* argv);

}  // namespace newsdex::cli
