// SPDX-License-Identifier: MIT
// One HTML page.
#include "catalog/html.h"
#include "common.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace newsdex;
    auto& w = fuzz::world();
    const detail::ReadResult read = detail::article_from_html(
        std::string_view(reinterpret_cast<const char*>(data), size), "page.html", "page"
    );
    fuzz::check_one_line(read.problems);
    if (read.article) {
        detail::build_document(*read.article, w.analyzer, w.extractor.get(), "fuzz");
    }
    return 0;
}
