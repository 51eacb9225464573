// SPDX-License-Identifier: MIT
// Every example of docs/query-syntax.md runs and matches on the shipped corpus.
#include "test_support.h"

#include <gtest/gtest.h>

#include <sstream>

namespace newsdex::test {
namespace {

// The `newsdex-search ...` lines of the ```sh blocks of a Markdown file.
std::vector<std::string> examples(const std::string& markdown) {
    std::vector<std::string> out;
    std::istringstream in(markdown);
    std::string line;
    bool in_sh = false;
    while (std::getline(in, line)) {
        if (line.rfind("```", 0) == 0) {
            in_sh = !in_sh && line == "```sh";
            continue;
        }
        if (in_sh && line.rfind("newsdex-search ", 0) == 0) {
            out.push_back(line.substr(std::string("newsdex-search ").size()));
        }
    }
    return out;
}

TEST(DocsExamples, EveryQuerySyntaxExampleMatches) {
    TempDir dir;
    const std::string db = (dir.path() / "db").string();
    const RunResult indexed =
        run({NEWSDEX_INDEX_BIN, "--db", db, "--progress", "never", "corpus"}, source_dir());
    ASSERT_EQ(indexed.exit_code, 0) << indexed.err;
    const std::vector<std::string> lines =
        examples(read_file(source_dir() / "docs" / "query-syntax.md"));
    ASSERT_GE(lines.size(), 20U);
    for (const std::string& args : lines) {
        // The shell reads the quoting exactly as a user's shell would.
        const RunResult r =
            run({"/bin/sh",
                 "-c",
                 "exec \"$NEWSDEX_SEARCH\" --db \"$NEWSDEX_TEST_DB\" --color never " + args},
                source_dir(),
                {{"NEWSDEX_SEARCH", NEWSDEX_SEARCH_BIN}, {"NEWSDEX_TEST_DB", db}});
        EXPECT_EQ(r.exit_code, 0) << "newsdex-search " << args << "\n" << r.err << r.out;
        EXPECT_EQ(r.out.find("\n0 results"), std::string::npos) << "newsdex-search " << args;
    }
}

}  // namespace
}  // namespace newsdex::test
