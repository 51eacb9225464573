// SPDX-License-Identifier: MIT
// The fields as users see them: facet names, the schema's table, the
// --help-fields text, and the locators of articles' paths.
#include "newsdex/schema.h"
#include "newsdex/searcher.h"

#include "schema/schema_util.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

namespace newsdex {

std::pair<std::string, std::size_t> split_locator(const std::string& path) {
    const std::size_t colon = path.rfind(':');
    if (colon == std::string::npos || colon == 0 || colon + 1 == path.size()
        || colon + 10 < path.size()
        || path.find_first_not_of("0123456789", colon + 1) != std::string::npos) {
        return {path, 1};
    }
    return {path.substr(0, colon), std::stoul(path.substr(colon + 1))};
}

std::vector<std::string> facet_names() {
    std::vector<std::string> out;
    for (const schema::Field& f : schema::kFields) {
        if (schema::has_use(f, schema::kFacet)) {
            out.emplace_back(f.values == schema::Values::kDate ? "day" : f.name);
        }
    }
    return out;
}

std::string schema_markdown() {
    return detail::render_schema_markdown();
}

std::string fields_help() {
    std::string out =
        "Fields: write FIELD:VALUE in a query; free words search the title and the text.\n\n";
    std::size_t width = 0;
    for (const schema::Field& f : schema::kFields) {
        width = std::max(width, f.name.size());
    }
    for (const schema::Field& f : schema::kFields) {
        // The summary is the meaning, a colon, then examples in backticks.
        const std::string_view summary = f.summary;
        const std::size_t colon = summary.find(": `");
        std::string examples;
        for (std::size_t open = summary.find('`', colon); open != std::string_view::npos;) {
            const std::size_t close = summary.find('`', open + 1);
            if (close == std::string_view::npos) {
                break;
            }
            examples += (examples.empty() ? "" : "  ")
                        + std::string(summary.substr(open + 1, close - open - 1));
            open = summary.find('`', close + 1);
        }
        out += "  " + std::string(f.name) + std::string(width - f.name.size() + 2, ' ')
               + std::string(summary.substr(0, colon)) + "\n";
        if (!examples.empty()) {
            out += std::string(width + 4, ' ') + examples + "\n";
        }
    }
    out += "\nFacets (--facets): ";
    const std::vector<std::string> facets = facet_names();
    for (std::size_t i = 0; i < facets.size(); ++i) {
        out += (i == 0 ? "" : ", ") + facets[i];
    }
    out += ".\nThe whole schema (prefixes, value slots): newsdex-search --help-fields --verbose.\n";
    return out;
}

}  // namespace newsdex
