// SPDX-License-Identifier: MIT
// The golden CLI cases: whole outputs of newsdex-search on the shipped
// corpus, pinned in tests/cli/golden/ (cli_test.cc) and searched again over
// remote shards (remote_test.cc). Regenerate with tools/update-golden.sh.
#pragma once

#include <string>
#include <vector>

namespace newsdex::test {

struct Golden {
    const char* name;
    std::vector<std::string> args;
    int exit_code;
};

inline const std::vector<Golden>& goldens() {
    static const std::vector<Golden> kGoldens{
        {"keyword-text", {"--color", "never", "kim", "beijing", "visit"}, 0},
        {"keyword-json", {"--json", "kim", "beijing", "visit"}, 0},
        // Exact matches first, then those with 2 of the 3 words: a page
        // across the boundary, the TSV columns, and --strict.
        {"partial-text",
         {"--color", "never", "--offset", "1", "--limit", "3", "kim", "summit", "singapore"},
         0},
        {"partial-tsv-text", {"--format", "tsv", "kim", "summit", "singapore"}, 0},
        {"strict-text", {"--color", "never", "--strict", "kim", "summit", "singapore"}, 0},
        {"filters-only-json", {"--json", "year:2019"}, 0},
        {"phrase-text", {"--color", "never", "\"Korea's Kim\""}, 0},
        {"sort-date-text", {"--color", "never", "--sort", "date", "--limit", "3", "xi"}, 0},
        {"facets-text",
         {"--color", "never", "--limit", "1", "--facets", "year,source", "summit"},
         0},
        {"facets-json", {"--json", "--limit", "0", "--facets", "all", "*"}, 0},
        {"no-match-text", {"--color", "never", "zzyzx"}, 1},
        {"color-text", {"--color", "always", "--limit", "1", "denuclearisation"}, 0},
        {"hl-json",
         {"--json", "--limit", "1", "--hl-start", "[[", "--hl-end", "]]", "pyongyang"},
         0},
        {"show-text",
         {"--color",
          "never",
          "--hl-start",
          "[",
          "--hl-end",
          "]",
          "--show",
          "-q",
          "kim",
          "003_77f9973bf1b05105"},
         0},
        {"show-json", {"--json", "--show", "001_485a11186914c96c"}, 0},
        {"tsv-text", {"--format", "tsv", "--collapse", "xi"}, 0},
        {"locators-text", {"--format", "locators", "--sort", "date", "kim"}, 0},
        {"months-text", {"--color", "never", "--limit", "0", "--facets", "month,year", "*"}, 0},
        {"histogram-text", {"--color", "never", "--limit", "0", "--histogram", "year", "*"}, 0},
        {"histogram-json",
         {"--json", "--limit", "1", "--histogram", "auto", "--facets", "day", "summit"},
         0},
        {"help-fields-text", {"--help-fields"}, 0},
    };
    return kGoldens;
}

}  // namespace newsdex::test
