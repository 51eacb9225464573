#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The layering check (cmake/CheckLayering.cmake) on a made-up tree: a
# forbidden include fails it, naming the file, the line and the rule; allowed
# includes and the project's own tree pass.
set -euo pipefail
source_dir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { cmake -DROOT="$1" -P "$source_dir/cmake/CheckLayering.cmake"; }

mkdir -p "$tmp/lib/analysis" "$tmp/lib/catalog" "$tmp/lib/snippet" "$tmp/searcher"
printf '#include "analysis/fold.h"\n#include "newsdex/article.h"\n' >"$tmp/lib/catalog/reader.h"
printf '#include "entities/gazetteer.h"\n' >"$tmp/lib/snippet/needles.h"
printf '#include "newsdex/searcher.h"\n#include <string>\n' >"$tmp/searcher/main.cc"
check "$tmp" >/dev/null 2>&1 || { echo "FAIL: allowed includes were refused" >&2; check "$tmp"; exit 1; }

printf '// a comment\n#include "newsdex/index_writer.h"\n' >"$tmp/lib/analysis/layout.h"
printf '#include "search/query_parser.h"\n' >>"$tmp/lib/snippet/needles.h"
printf '#include "newsdex/newsdex.h"\n' >>"$tmp/searcher/main.cc"
if out=$(check "$tmp" 2>&1); then
    echo "FAIL: forbidden includes passed the check" >&2
    exit 1
fi
expect() {
    if ! grep -qF -- "$1" <<<"$out"; then
        printf 'FAIL: expected %s in:\n%s\n' "$1" "$out" >&2
        exit 1
    fi
}
expect "lib/analysis/layout.h:2: includes newsdex/index_writer.h: analysis may not use index (analysis may use: util resources)"
expect "lib/snippet/needles.h:2: includes search/query_parser.h: snippet may not use search"
expect "searcher/main.cc:3: includes newsdex/newsdex.h: newsdex/newsdex.h is for the library's users"
expect "layering: 3 forbidden include(s)"

check "$source_dir" >/dev/null 2>&1 || { echo "FAIL: the project's own tree breaks its layering" >&2; exit 1; }
echo "layering check: refuses what the table forbids, passes what it allows"
