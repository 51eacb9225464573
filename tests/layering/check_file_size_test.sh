#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The size check (cmake/CheckFileSize.cmake) on a made-up tree: a file of
# lib/ over the limit fails it, naming the file and its lines; a file at the
# limit (empty lines count, as with wc -l), a listed file within its entry
# and the project's own tree pass; a listed file that grew, or that is
# within the limit now, fails it.
set -euo pipefail
source_dir=$1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() { cmake -DROOT="$1" -DTABLE="$tmp/table.cmake" -P "$source_dir/cmake/CheckFileSize.cmake"; }
lines() { # lines FILE COUNT [TEXT]: COUNT lines, TEXT or empty
    mkdir -p "$(dirname "$1")"
    for ((i = 0; i < $2; i++)); do printf '%s\n' "${3:-}"; done >"$1"
}
limit=$(sed -n 's/^set(NEWSDEX_MAX_FILE_LINES \([0-9]*\))$/\1/p' "$source_dir/cmake/FileSize.cmake")
[[ -n $limit ]] || { echo "FAIL: no NEWSDEX_MAX_FILE_LINES in cmake/FileSize.cmake" >&2; exit 1; }
tree=$tmp/tree
printf 'set(NEWSDEX_MAX_FILE_LINES %s)\nset(NEWSDEX_OVERSIZE_FILES lib/search/big.cc=%s)\n' \
    "$limit" $((limit + 50)) >"$tmp/table.cmake"

lines "$tree/lib/analysis/at_limit.cc" "$limit"   # empty lines only
lines "$tree/lib/analysis/small.h" 10 '#pragma once'
lines "$tree/lib/search/big.cc" $((limit + 50)) '// x;[y]'
lines "$tree/indexer/main.cc" $((limit * 2)) 'int x;'  # not lib/: not checked
check "$tree" >/dev/null 2>&1 || { echo "FAIL: files within the limit were refused" >&2; check "$tree"; exit 1; }

lines "$tree/lib/entities/extractor.cc" $((limit + 1)) '    x();'
printf '\n' >>"$tree/lib/search/big.cc"
if out=$(check "$tree" 2>&1); then
    echo "FAIL: an oversize file passed the check" >&2
    exit 1
fi
expect() {
    if ! grep -qF -- "$1" <<<"$out"; then
        printf 'FAIL: expected %s in:\n%s\n' "$1" "$out" >&2
        exit 1
    fi
}
expect "lib/entities/extractor.cc: $((limit + 1)) lines, over the limit of $limit for a file of lib/"
expect "lib/search/big.cc: $((limit + 51)) lines, more than the $((limit + 50)) it may have until it is split"
expect "file size: 2 problem(s)"
if grep -qF "at_limit.cc" <<<"$out"; then
    echo "FAIL: a file at the limit was refused" >&2
    exit 1
fi

rm "$tree/lib/entities/extractor.cc"
lines "$tree/lib/search/big.cc" "$limit"
if out=$(check "$tree" 2>&1); then
    echo "FAIL: an entry for a file within the limit passed the check" >&2
    exit 1
fi
expect "lib/search/big.cc: $limit lines, within the limit of $limit now: remove its entry"

cmake -DROOT="$source_dir" -P "$source_dir/cmake/CheckFileSize.cmake" >/dev/null 2>&1 ||
    { echo "FAIL: the project's own tree breaks the size rule" >&2; exit 1; }
echo "file size check: refuses a file of lib/ over $limit lines, passes the others"
