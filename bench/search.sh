#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Search latency: p50/p95/p99 per kind of query, in process and as a whole
# process, for newsdex and for plain Xapian on the same articles.
#
#   bench/search.sh [N=100000]
#
# NEWSDEX_BENCH_BEFORE=PATH also times another newsdex-search binary (the
# build before a change) as a whole process, in the same run, on the index
# NEWSDEX_BENCH_BEFORE_DB when given (one that build's newsdex-index wrote).
#
# Builds (once, cached in bench/work/) a newsdex index and a plain Xapian
# database (bench/baseline) of N generated articles, then runs
# newsdex-search-bench: 200 queries of ten kinds, warm.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-100000}
WORK=${NEWSDEX_BENCH_WORK:-bench/work}
mkdir -p "$WORK"
cmake --build build --target newsdex-index newsdex-search newsdex-gen-news newsdex-baseline-index newsdex-search-bench >/dev/null
command -v quest >/dev/null || { echo "bench/search.sh needs quest: apt-get install -y xapian-tools" >&2; exit 2; }

DATA="$WORK/news-$N.jsonl"
[ -s "$DATA" ] || ./build/bin/newsdex-gen-news "$N" > "$DATA"
if ! [ -d "$WORK/search-$N.db" ]; then
    ./build/bin/newsdex-index --db "$WORK/search-$N.db.tmp" --progress never "$DATA" >&2
    mv "$WORK/search-$N.db.tmp" "$WORK/search-$N.db"
fi
# An index cached by an older build gets what a run of this one writes at
# its end (facet columns for its shards' revisions): a run with no input.
: > "$WORK/empty.jsonl"
# (Exit status 1 is the empty input's "nothing indexed", which is the point.)
status=0
./build/bin/newsdex-index --db "$WORK/search-$N.db" --progress never "$WORK/empty.jsonl" \
    2>"$WORK/empty.err" || status=$?
if [ "$status" -gt 1 ]; then
    cat "$WORK/empty.err" >&2
    exit "$status"
fi
if ! [ -d "$WORK/plain-$N.db" ]; then
    ./build/bin/newsdex-baseline-index "$WORK/plain-$N.db.tmp" < "$DATA"
    mv "$WORK/plain-$N.db.tmp" "$WORK/plain-$N.db"
fi
echo "$N articles"
./build/bin/newsdex-search-bench "$WORK/search-$N.db" "$WORK/plain-$N.db" "$DATA" ./build/bin/newsdex-search \
    ${NEWSDEX_BENCH_BEFORE:+"$NEWSDEX_BENCH_BEFORE"} ${NEWSDEX_BENCH_BEFORE_DB:+"$NEWSDEX_BENCH_BEFORE_DB"}
