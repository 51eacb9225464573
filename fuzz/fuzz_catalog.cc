// SPDX-License-Identifier: MIT
// A catalog.yaml's bytes.
#include "common.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace newsdex;
    std::vector<InputProblem> problems;
    const auto catalog = detail::parse_catalog(
        std::string_view(reinterpret_cast<const char*>(data), size), "catalog.yaml", problems
    );
    fuzz::check_one_line(problems);
    for (const auto& [file, meta] : catalog->by_file) {
        Article article;
        detail::fill_from(meta, article);
    }
    return 0;
}
