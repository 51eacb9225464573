// SPDX-License-Identifier: MIT
// The fields as users see them: facet names, the schema's table, the
// --help-fields text, and the locators of articles' paths.
#include "newsdex/schema.h"
#include "newsdex/searcher.h"

#include "index/database.h"
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

std::string fields_help(const std::vector<std::string>& db_paths) {
    std::string out = fields_help();
    std::vector<detail::DynamicField> fields;
    try {
        const detail::OpenedDatabases opened = detail::open_readable(db_paths);
        fields = detail::parse_dynamic_fields(
            opened.db.get_metadata(std::string(schema::kMetaDynamicFields))
        );
    } catch (const Xapian::Error& e) {
        throw detail::translate(e, db_paths.front());
    }
    if (fields.empty()) {
        out += "\nThis index has no dynamic fields (metadata fields the schema does not know, "
               "such as JSON Lines' `topics`).\n";
        return out;
    }
    out += "\nDynamic fields of this index (metadata fields the schema does not know; a string "
           "field's exact values, also facets; a number field's numbers and ranges):\n";
    std::size_t width = 0;
    for (const detail::DynamicField& f : fields) {
        width = std::max(width, f.name.size());
    }
    for (const detail::DynamicField& f : fields) {
        out += "  " + f.name + std::string(width - f.name.size() + 2, ' ') + f.kind + ", "
               + std::to_string(f.count) + (f.count == 1 ? " article" : " articles") + "  "
               + (f.is_number() ? f.name + ":450  " + f.name + ":100..500  " + f.name + ":>100"
                                : f.name + ":VALUE  --facets " + f.name)
               + "\n";
    }
    return out;
}

}  // namespace newsdex
