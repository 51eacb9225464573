// SPDX-License-Identifier: MIT
// One TREC SGML document.
#include "catalog/formats.h"
#include "common.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace newsdex;
    auto& w = fuzz::world();
    const detail::ReadResult read = detail::article_from_trec(
        std::string_view(reinterpret_cast<const char*>(data), size), "news.trec:1", "news-1", 1
    );
    fuzz::check_one_line(read.problems);
    if (read.article) {
        detail::build_document(*read.article, w.analyzer, w.extractor.get(), "fuzz");
    }
    return 0;
}
