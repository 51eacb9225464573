// SPDX-License-Identifier: MIT
// The JSON API of newsdex-serve, apart from HTTP: request parameters in,
// status and body out (docs/serve.md).
#pragma once

#include "newsdex/searcher.h"

#include <chrono>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace newsdex::serve {

/// Query parameters of a request, decoded, in the order given.
using Params = std::multimap<std::string, std::string>;

/// What the API answers.
struct Reply {
    int status = 200;
    std::string body;
    std::string content_type = "application/json";
    std::vector<std::pair<std::string, std::string>> headers;
};

/// Bounds on one request.
struct Limits {
    std::size_t max_limit = 1000;             ///< the most hits (`limit`)
    std::size_t max_query = 4096;             ///< the longest `q`, in bytes
    std::chrono::milliseconds timeout{5000};  ///< a search that takes longer answers 503
};

/// One request parameter and the newsdex-search option it stands for. The one
/// table of what /api/search and /api/article take (api.cc): a new option of
/// newsdex-search is one more row.
struct Parameter {
    const char* name;    ///< in the URL: facet_limit
    const char* option;  ///< of newsdex-search: facet-limit
    bool is_switch;      ///< an option without a value (collapse=1)
    bool article;        ///< taken by /api/article/ID too (q, hl_start, hl_end)
};

/// The table.
const std::vector<Parameter>& parameters();

/// The JSON error object (docs/json-output.md):
/// {"version": 1, "error": {"message": ..., "column": N, "hint": ...}};
/// `column` only when the error is at a place of the query (1-based), `hint`
/// only when there is one.
std::string error_json(const std::string& message, std::size_t column, const std::string& hint);

/// The API's answers. Thread-safe: each call uses the Searcher's own handles.
class Api {
  public:
    Api(const Searcher& searcher, Limits limits) : searcher_(searcher), limits_(limits) {}

    /// GET /api/search: what `newsdex-search --json` prints for the same options.
    Reply search(const Params& params) const;

    /// GET /api/article/ID: what `newsdex-search --show ID --json` prints.
    Reply article(const std::string& id, const Params& params) const;

    /// GET /api/fields: the searchable fields (the schema, as JSON).
    static Reply fields();

    /// GET /healthz: {"status": "ok", "articles": N}, or 503.
    Reply health() const;

  private:
    const Searcher& searcher_;
    Limits limits_;
};

/// A reply with the JSON error object.
Reply error_reply(
    int status, const std::string& message, std::size_t column = 0, const std::string& hint = {}
);

}  // namespace newsdex::serve
