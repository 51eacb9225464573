// SPDX-License-Identifier: MIT
#include "search/query_parser.h"

#include "search/query_builder.h"
#include "search/query_syntax.h"

namespace newsdex::detail {

QueryParser::QueryParser(
    const Analyzer& analyzer, const Xapian::Database& db, const Gazetteer* gazetteer
)
    : analyzer_(analyzer), db_(db), gazetteer_(gazetteer) {}

ParsedQuery QueryParser::parse(std::string_view query) const {
    // The index's dynamic fields (one metadata read): the tree points
    // into them until the query is built.
    const DynamicSchema dynamic(
        parse_dynamic_fields(db_.get_metadata(std::string(schema::kMetaDynamicFields)))
    );
    const NodePtr root = parse_syntax(query, &dynamic);
    return build_query(query, *root, QueryIndex{analyzer_, db_, gazetteer_, today_});
}

}  // namespace newsdex::detail
