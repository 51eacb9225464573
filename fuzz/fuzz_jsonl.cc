// SPDX-License-Identifier: MIT
// JSON Lines: every line of the input as one article.
#include "catalog/formats.h"
#include "common.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace newsdex;
    auto& w = fuzz::world();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::size_t start = 0;
    int line = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        ++line;
        const detail::ReadResult read = detail::article_from_json(
            text.substr(start, end - start),
            "news.jsonl:" + std::to_string(line),
            "news-" + std::to_string(line)
        );
        fuzz::check_one_line(read.problems);
        if (read.article) {
            detail::build_document(*read.article, w.analyzer, w.extractor.get(), "fuzz");
        }
        start = end + 1;
    }
    return 0;
}
