// SPDX-License-Identifier: MIT
#include "newsdex/newsdex_c.h"

#include "newsdex/error.h"
#include "newsdex/index_writer.h"
#include "newsdex/json_output.h"
#include "newsdex/searcher.h"

#include "catalog/formats.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <string>

struct newsdex_searcher {
    std::unique_ptr<newsdex::Searcher> searcher;
};

struct newsdex_writer {
    std::unique_ptr<newsdex::IndexWriter> writer;
};

namespace {

thread_local std::string last_error;

int fail(const newsdex::Error& e) {
    last_error = std::string(e.what()) + (e.hint().empty() ? "" : "; " + e.hint());
    return static_cast<int>(e.code()) + 1;
}

int fail_other(const char* what) {
    last_error = what;
    return static_cast<int>(newsdex::Errc::kInternal) + 1;
}

template <typename Fn>
int guarded(Fn&& fn) {
    try {
        fn();
        return 0;
    } catch (const newsdex::Error& e) {
        return fail(e);
    } catch (const std::exception& e) {
        return fail_other(e.what());
    } catch (...) {
        return fail_other("unknown error");
    }
}

char* copy(const std::string& s) {
    char* out = static_cast<char*>(std::malloc(s.size() + 1));
    if (out != nullptr) {
        std::memcpy(out, s.c_str(), s.size() + 1);
    }
    return out;
}

}  // namespace

extern "C" {

int newsdex_open(const char* path, newsdex_searcher** out) {
    if (path == nullptr || out == nullptr) {
        return fail(newsdex::Error(
            newsdex::Errc::kInvalidArgument, "newsdex_open: path and out must not be NULL"
        ));
    }
    return guarded([&] {
        auto handle = std::make_unique<newsdex_searcher>();
        handle->searcher = std::make_unique<newsdex::Searcher>(std::vector<std::string>{path});
        *out = handle.release();
    });
}

int newsdex_search_json(
    newsdex_searcher* searcher, const char* query, const char* options_json, char** result_json
) {
    if (searcher == nullptr || query == nullptr || result_json == nullptr) {
        return fail(newsdex::Error(
            newsdex::Errc::kInvalidArgument,
            "newsdex_search_json: searcher, query and result_json must not be NULL"
        ));
    }
    return guarded([&] {
        newsdex::SearchRequest request;
        request.query = query;
        if (options_json != nullptr && *options_json != '\0') {
            const nlohmann::json o = nlohmann::json::parse(options_json, nullptr, false);
            if (!o.is_object()) {
                throw newsdex::Error(
                    newsdex::Errc::kInvalidArgument,
                    "options are not a JSON object",
                    "pass NULL or {\"limit\": 10, ...}"
                );
            }
            request.limit = o.value("limit", request.limit);
            request.offset = o.value("offset", request.offset);
            newsdex::set_sort(request, o.value("sort", std::string("relevance")));
            request.facets = o.value("facets", std::vector<std::string>{});
            request.facet_limit = o.value("facet_limit", request.facet_limit);
            request.snippet.markup.open = o.value("hl_start", request.snippet.markup.open);
            request.snippet.markup.close = o.value("hl_end", request.snippet.markup.close);
            request.snippet.length = o.value("snippet_length", request.snippet.length);
            request.strict = o.value("strict", request.strict);
        }
        const newsdex::SearchResponse response = searcher->searcher->search(request);
        *result_json = copy(newsdex::to_json(response, request.collapse));
    });
}

void newsdex_close(newsdex_searcher* searcher) {
    delete searcher;
}

int newsdex_writer_open(const char* path, newsdex_writer** out) {
    if (path == nullptr || out == nullptr) {
        return fail(newsdex::Error(
            newsdex::Errc::kInvalidArgument, "newsdex_writer_open: path and out must not be NULL"
        ));
    }
    return guarded([&] {
        auto handle = std::make_unique<newsdex_writer>();
        handle->writer = std::make_unique<newsdex::IndexWriter>(path);
        *out = handle.release();
    });
}

int newsdex_index_json(newsdex_writer* writer, const char* article_json, const char** outcome) {
    if (writer == nullptr || article_json == nullptr) {
        return fail(newsdex::Error(
            newsdex::Errc::kInvalidArgument,
            "newsdex_index_json: writer and article_json must not be NULL"
        ));
    }
    return guarded([&] {
        const newsdex::detail::ReadResult read =
            newsdex::detail::article_from_json(article_json, "(newsdex_index_json)", "");
        if (!read.article) {
            throw newsdex::Error(
                newsdex::Errc::kInvalidArgument,
                read.problems.empty() ? "not an article" : read.problems.front().message
            );
        }
        if (read.article->id.empty()) {
            throw newsdex::Error(
                newsdex::Errc::kInvalidArgument, "article without id", "give it an \"id\""
            );
        }
        const newsdex::AddOutcome o = writer->writer->add(*read.article);
        if (outcome != nullptr) {
            *outcome = o == newsdex::AddOutcome::kAdded     ? "added"
                       : o == newsdex::AddOutcome::kUpdated ? "updated"
                                                            : "unchanged";
        }
    });
}

int newsdex_writer_close(newsdex_writer* writer) {
    if (writer == nullptr) {
        return 0;
    }
    const int rc = guarded([&] { writer->writer->commit(); });
    delete writer;
    return rc;
}

const char* newsdex_last_error(void) {
    return last_error.c_str();
}

void newsdex_free(char* text) {
    std::free(text);
}

}  // extern "C"
