// SPDX-License-Identifier: MIT
#include "api.h"

#include "newsdex/error.h"
#include "newsdex/json_output.h"
#include "newsdex/schema.h"

#include "options.h"
#include "strict_options.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cctype>
#include <stdexcept>

namespace newsdex::serve {

namespace {

using Json = nlohmann::ordered_json;

// The hits a request may skip, at most: Xapian ranks offset + limit.
constexpr std::size_t kMaxOffsetFactor = 100;

const Parameter* find_parameter(const std::string& name) {
    for (const Parameter& p : parameters()) {
        if (name == p.name) {
            return &p;
        }
    }
    return nullptr;
}

// "unknown parameter 'limt'", with the closest known one as the hint.
std::string closest_parameter(const std::string& typed, bool article) {
    std::string best;
    std::size_t best_distance = std::max<std::size_t>(2, typed.size() / 3) + 1;
    for (const Parameter& p : parameters()) {
        if (article && !p.article) {
            continue;
        }
        const std::size_t d = cli::edit_distance(typed, p.name);
        if (d < best_distance) {
            best_distance = d;
            best = p.name;
        }
    }
    std::string names;
    for (const Parameter& p : parameters()) {
        if (!article || p.article) {
            names += std::string(names.empty() ? "" : ", ") + p.name;
        }
    }
    return (best.empty() ? "" : "did you mean " + best + "? ") + "parameters: " + names;
}

// The parser's messages name options (--facet-limit); the client sent parameters.
std::string as_parameters(std::string message) {
    for (const Parameter& p : parameters()) {
        const std::string option = std::string("--") + p.option;
        for (std::size_t at = message.find(option); at != std::string::npos;
             at = message.find(option, at)) {
            const std::size_t end = at + option.size();
            const bool whole = end >= message.size()
                               || (std::isalnum(static_cast<unsigned char>(message[end])) == 0
                                   && message[end] != '-');
            if (whole) {
                message.replace(at, option.size(), p.name);
                at += std::string(p.name).size();
            } else {
                at = end;
            }
        }
    }
    return message;
}

bool switch_value(const std::string& name, const std::string& value) {
    if (value.empty() || value == "1" || value == "true" || value == "yes") {
        return true;
    }
    if (value == "0" || value == "false" || value == "no") {
        return false;
    }
    throw Error(
        Errc::kInvalidArgument,
        name + " takes 1, true or yes (or 0, false, no), not " + cli::quoted(value)
    );
}

// The command line newsdex-search would be given for these parameters, read
// by its own parser: one translation of options into a SearchRequest.
cli::SearchOptions read_params(const Params& params, bool article, const std::string& id) {
    std::vector<std::string> words{"newsdex-search", "--json"};
    if (article) {
        words.emplace_back("--show");
    }
    for (const auto& [name, value] : params) {
        const Parameter* p = find_parameter(name);
        if (p == nullptr || (article && !p->article)) {
            throw Error(
                Errc::kInvalidArgument,
                "unknown parameter " + cli::quoted(name),
                closest_parameter(name, article)
            );
        }
        if (!p->is_switch) {
            words.push_back(std::string("--") + p->option + "=" + value);
        } else if (switch_value(name, value)) {
            words.push_back(std::string("--") + p->option);
        }
    }
    if (article) {
        words.emplace_back("--");
        words.push_back(id);
    }
    std::vector<const char*> argv;
    argv.reserve(words.size());
    for (const std::string& word : words) {
        argv.push_back(word.c_str());
    }
    try {
        cli::SearchOptions options =
            cli::parse_search_options(static_cast<int>(argv.size()), argv.data());
        // As newsdex-search does in JSON: <em> unless told otherwise.
        Markup& markup = options.request.snippet.markup;
        markup.open = options.hl_given ? options.hl_start : "<em>";
        markup.close = options.hl_given ? options.hl_end : "</em>";
        return options;
    } catch (const std::invalid_argument& e) {
        throw Error(Errc::kInvalidArgument, as_parameters(e.what()));
    }
}

int status_of(const Error& e) {
    switch (e.code()) {
    case Errc::kBadQuery:
    case Errc::kInvalidArgument:
        return 400;
    case Errc::kIo:
    case Errc::kDatabaseNotFound:
    case Errc::kDatabaseLocked:
    case Errc::kSchemaMismatch:
        return 503;
    case Errc::kInternal:
        break;
    }
    return 500;
}

Reply from_error(const Error& e, int status) {
    const std::size_t column = e.code() == Errc::kBadQuery ? e.column() : 0;
    return error_reply(status, e.what(), column, e.hint());
}

// Runs `work` and turns its errors into replies.
template <typename Work>
Reply guarded(Work&& work) {
    try {
        return work();
    } catch (const Error& e) {
        return from_error(e, status_of(e));
    } catch (const std::bad_alloc&) {
        return error_reply(503, "out of memory", 0, "try a smaller request");
    } catch (const std::exception& e) {
        return error_reply(500, std::string("internal error: ") + e.what());
    }
}

}  // namespace

const std::vector<Parameter>& parameters() {
    static const std::vector<Parameter> kTable{
        {"q", "query", false, true},
        {"limit", "limit", false, false},
        {"offset", "offset", false, false},
        {"sort", "sort", false, false},
        {"facets", "facets", false, false},
        {"facet_limit", "facet-limit", false, false},
        {"facet_sample", "facet-sample", false, false},
        {"facets_over", "facets-over", false, false},
        {"snippet_length", "snippet-length", false, false},
        {"collapse", "collapse", true, false},
        {"no_collapse", "no-collapse", true, false},
        {"similar", "similar", false, false},
        {"like", "like", false, false},
        {"no_suggest", "no-suggest", true, false},
        {"strict", "strict", true, false},
        {"histogram", "histogram", false, false},
        {"today", "today", false, false},
        {"hl_start", "hl-start", false, true},
        {"hl_end", "hl-end", false, true},
    };
    return kTable;
}

std::string error_json(const std::string& message, std::size_t column, const std::string& hint) {
    Json error;
    error["message"] = message;
    if (column > 0) {
        error["column"] = column;
    }
    if (!hint.empty()) {
        error["hint"] = hint;
    }
    Json out;
    out["version"] = kJsonOutputVersion;
    out["error"] = std::move(error);
    return out.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

Reply error_reply(
    int status, const std::string& message, std::size_t column, const std::string& hint
) {
    Reply reply;
    reply.status = status;
    reply.body = error_json(message, column, hint);
    return reply;
}

Reply Api::search(const Params& params) const {
    return guarded([&] {
        const auto q = params.find("q");
        if (q != params.end() && q->second.size() > limits_.max_query) {
            return error_reply(
                414,
                "the query is " + std::to_string(q->second.size()) + " bytes long, more than "
                    + std::to_string(limits_.max_query),
                0,
                "shorten it (the server's --max-query)"
            );
        }
        const cli::SearchOptions options = read_params(params, false, {});
        if (options.usage) {
            return error_reply(400, "no query", 0, "pass q (e.g. /api/search?q=kim) or like=ID");
        }
        const SearchRequest& request = options.request;
        if (request.limit > limits_.max_limit) {
            return error_reply(
                400,
                "limit " + std::to_string(request.limit) + " is more than this server's "
                    + std::to_string(limits_.max_limit),
                0,
                "page with offset (the server's --max-limit)"
            );
        }
        if (request.offset > kMaxOffsetFactor * limits_.max_limit) {
            return error_reply(
                400,
                "offset " + std::to_string(request.offset) + " is more than this server's "
                    + std::to_string(kMaxOffsetFactor * limits_.max_limit),
                0,
                "narrow the query (e.g. with date:) instead of paging that far"
            );
        }
        const auto start = std::chrono::steady_clock::now();
        const SearchResponse response = searcher_.search(request);
        if (std::chrono::steady_clock::now() - start > limits_.timeout) {
            Reply reply = error_reply(
                503,
                "the search took longer than " + std::to_string(limits_.timeout.count()) + " ms",
                0,
                "narrow the query, ask for fewer hits or facets, or raise the server's "
                "--timeout"
            );
            reply.headers.emplace_back("Retry-After", "1");
            return reply;
        }
        Reply reply;
        reply.body = to_json(response, request.collapse);
        return reply;
    });
}

Reply Api::article(const std::string& id, const Params& params) const {
    return guarded([&] {
        const cli::SearchOptions options = read_params(params, true, id);
        const ShowRequest show{
            options.show_ids, options.request.query, options.request.snippet.markup};
        Reply reply;
        try {
            reply.body = to_json(searcher_.show(show));
        } catch (const Error& e) {
            if (e.code() != Errc::kInvalidArgument) {
                throw;
            }
            return from_error(e, 404);  // no article with that id
        }
        return reply;
    });
}

Reply Api::fields() {
    Json list = Json::array();
    for (const schema::Field& field : schema::kFields) {
        Json f;
        f["name"] = field.name;
        f["text"] = schema::has_use(field, schema::kText);
        f["filter"] = schema::has_use(field, schema::kFilter);
        f["range"] = schema::has_use(field, schema::kRange);
        f["facet"] = schema::has_use(field, schema::kFacet);
        f["entity"] = field.entity.gazetteer;
        f["summary"] = field.summary;
        list.push_back(std::move(f));
    }
    Json out;
    out["version"] = kJsonOutputVersion;
    out["fields"] = std::move(list);
    out["facets"] = facet_names();
    Reply reply;
    reply.body = out.dump(2) + "\n";
    return reply;
}

Reply Api::health() const {
    return guarded([&] {
        Json out;
        out["status"] = "ok";
        out["articles"] = searcher_.article_count();
        Reply reply;
        reply.body = out.dump(2) + "\n";
        return reply;
    });
}

}  // namespace newsdex::serve
