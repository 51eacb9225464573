// SPDX-License-Identifier: MIT
// Article -> Xapian::Document, with every prefix and slot from the schema.
#pragma once

#include "newsdex/analyzer.h"
#include "newsdex/article.h"

#include "entities/extractor.h"
#include "schema/encoding.h"

#include <xapian.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace newsdex::detail {

/// Entities of one article: schema field name -> canonical names.
using EntityMap = std::map<std::string, std::vector<std::string>, std::less<>>;

/// A document ready to be written.
struct BuiltDocument {
    Xapian::Document document;
    std::string id_term;       ///< the unique `Q` term
    std::string content_hash;  ///< also in Slot::kContentHash
    /// Words for Xapian's spelling data, as the article spells them (British
    /// or American), each once.
    std::vector<std::string> spelling;
    /// The article's dynamic fields, for settle_dynamic_fields: string
    /// values, and single numbers.
    std::vector<std::pair<std::string, std::vector<std::string>>> fields;
    std::vector<std::pair<std::string, double>> numbers;
};

/// True for a word worth a place in the spelling data: 3 to 30 ASCII letters.
bool spelling_word(std::string_view term) noexcept;

/// Weight of a title word against a body word (within-document frequency).
inline constexpr Xapian::termcount kTitleWdf = 3;

/// Position gap between the title and the body, and between body lines, so
/// that phrases never match across them.
inline constexpr Xapian::termpos kTitleGap = 100;

/// The hash that decides whether a re-indexed article changed: everything
/// the document is built from, and the analysis that builds it. Where the
/// article comes from is `origin` when given (its file's real path, and
/// line), else its `path`: a file named another way (relative, absolute,
/// through a link) is not changed.
std::string
content_hash(const Article& article, const std::string& analysis, std::string_view origin = {});

/// The entities of an article from its metadata, keyed by schema field name
/// (`leaders` -> `leader`); a leader is also a person.
EntityMap metadata_entities(const Article& article);

/// Where each entity of an article came from: schema field name ->
/// canonical name -> origin. A name both the metadata and the text give
/// came from the metadata.
using EntityOrigins = std::map<std::string, std::map<std::string, Origin>, std::less<>>;

/// The document data: a JSON object (see docs/schema.md) holding
/// `stored_body` as the body, and each entity's origin (`entity_origins`:
/// for each field, the origins of its names in the order of `entities`).
std::string document_data(
    const Article& article,
    const EntityMap& entities,
    const EntityOrigins& origins,
    std::string_view stored_body
);

/// Builds the Xapian document of an article; `extractor` (may be null)
/// finds the entities its text names, beside those of its metadata.
BuiltDocument build_document(
    const Article& article,
    const Analyzer& analyzer,
    const EntityExtractor* extractor,
    const std::string& hash
);

/// A value of a dynamic field given another kind than the index's.
enum class KindClash : unsigned char {
    kNumberAsString,  ///< a number under a string field: indexed as its text
    kStringDropped,   ///< strings under a number field: not indexed
};

/// What settle_dynamic_fields did with a document's dynamic fields.
struct SettledFields {
    std::vector<std::string> indexed;  ///< the names indexed, sorted
    std::vector<std::pair<std::string, KindClash>> clashes;
};

/// Adds a built document's dynamic fields as the index's kinds have them:
/// the kind a name was first given wins (`kinds` records a new name with
/// the kind it comes with, a new number field with its slot). A string
/// field's values become terms and entries of Slot::kDynamic; a number
/// field's number a term (number_text) and its slot's value. A number under
/// a string field is indexed as its text; strings under a number field are
/// not indexed. Called in input order, so that the first article decides.
SettledFields settle_dynamic_fields(BuiltDocument& built, DynamicKinds& kinds);

}  // namespace newsdex::detail
