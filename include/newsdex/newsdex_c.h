/* SPDX-License-Identifier: MIT */
/**
 * @file newsdex_c.h
 * A small C interface to libnewsdex, for other languages (Python's ctypes,
 * Go's cgo, Rust's FFI) without C++ ABI trouble. Results are JSON, exactly
 * as `newsdex-search --json` prints them (docs/json-output.md).
 *
 * Every function returns 0 on success and a non-zero error code otherwise
 * (the newsdex::Errc value + 1); newsdex_last_error() then describes it.
 * Strings handed out must be freed with newsdex_free(). Thread safety: a
 * handle may be used by one thread at a time; the last error is per thread.
 */
#ifndef NEWSDEX_NEWSDEX_C_H
#define NEWSDEX_NEWSDEX_C_H

#include "newsdex/export.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An open index, for searching. */
typedef struct newsdex_searcher newsdex_searcher; /* NOLINT(modernize-use-using): C */

/** An open index, for writing. */
typedef struct newsdex_writer newsdex_writer; /* NOLINT(modernize-use-using): C */

/** Opens the index at `path` for searching. */
NEWSDEX_EXPORT int newsdex_open(const char* path, newsdex_searcher** out);

/**
 * Searches: `query` in the query language; `options_json` may be NULL or a
 * JSON object with any of "limit", "offset", "sort" ("relevance", "date",
 * "-date", or a number field: "words", "-words"), "facets" (array of names), "facet_limit",
 * "hl_start", "hl_end", "snippet_length", "strict" (true: no partial matches, as --strict).
 * `*result_json` receives the --json output (free it with newsdex_free).
 */
NEWSDEX_EXPORT int newsdex_search_json(
    newsdex_searcher* searcher, const char* query, const char* options_json, char** result_json
);

/** Closes a searcher (NULL is fine). */
NEWSDEX_EXPORT void newsdex_close(newsdex_searcher* searcher);

/** Opens (creating if needed) the index at `path` for writing. */
NEWSDEX_EXPORT int newsdex_writer_open(const char* path, newsdex_writer** out);

/**
 * Adds or replaces one article given as a JSON object with the fields of
 * JSON Lines input (id, title, date, source, url, body, leaders, ...).
 * `*outcome` (may be NULL) receives "added", "updated" or "unchanged".
 */
NEWSDEX_EXPORT int
newsdex_index_json(newsdex_writer* writer, const char* article_json, const char** outcome);

/** Commits and closes a writer (NULL is fine). */
NEWSDEX_EXPORT int newsdex_writer_close(newsdex_writer* writer);

/** What the last failing call of this thread did wrong, with what to do. */
NEWSDEX_EXPORT const char* newsdex_last_error(void);

/** Frees a string newsdex handed out. */
NEWSDEX_EXPORT void newsdex_free(char* text);

#ifdef __cplusplus
}
#endif

#endif
