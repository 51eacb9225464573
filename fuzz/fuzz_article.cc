// SPDX-License-Identifier: MIT
// An article file's bytes: front matter, cleaning, title, then the document
// the indexer would build of it.
#include "common.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace newsdex;
    auto& w = fuzz::world();
    detail::InputFile input;
    input.file = "fuzz/article.md";
    input.display = "article.md";
    input.default_id = "article";
    const detail::ReadResult read =
        detail::parse_article(std::string_view(reinterpret_cast<const char*>(data), size), input);
    fuzz::check_one_line(read.problems);
    if (read.article) {
        const detail::BuiltDocument built =
            detail::build_document(*read.article, w.analyzer, w.extractor.get(), "fuzz");
        if (built.id_term.empty() || built.id_term.size() > 245) {
            __builtin_trap();
        }
    } else if (read.problems.empty()) {
        __builtin_trap();  // a rejected article always says why
    }
    return 0;
}
