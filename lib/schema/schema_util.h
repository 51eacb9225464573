// SPDX-License-Identifier: MIT
// Helpers derived from the schema table (private to the library).
#pragma once

#include "newsdex/schema.h"

#include "schema/encoding.h"

#include <string>

namespace newsdex::detail {

/// The schema table as Markdown, for docs/schema.md and --help-fields.
std::string render_schema_markdown();

/// The schema table as JSON, stored in the database's metadata.
std::string schema_json();

}  // namespace newsdex::detail
