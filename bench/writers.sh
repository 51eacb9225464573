#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Writers that meet, at length: the trials the test suite runs 50 of.
#
#   bench/writers.sh [TRIALS] [REUTERS_JSONL]
#
# 1. The suite's test of two indexers started together on a new index
#    (generated articles, shard counts and batch sizes varied), TRIALS times
#    (default 500).
# 2. With REUTERS_JSONL (../shared/corpora/README.md: reuters-prepare.py
#    writes it): the same on a real archive, as first reported: one writer
#    indexes 3,000 Reuters articles, the other the shipped corpus, both with
#    --lock-timeout 60, started together, TRIALS / 10 times (every third with
#    --shards 3 on the first); then a writer started 0 to 1.2 s after a
#    --compact of the 3,000. Each trial checks both exit codes, the article
#    count, and newsdex-index --check.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TRIALS=${1:-500}
REUTERS=${2:-}
cmake --build build --target newsdex_reliability_tests newsdex-index newsdex-search >/dev/null

echo "== two writers on a new index, generated articles: $TRIALS trials"
NEWSDEX_WRITER_TRIALS=$TRIALS ./build/bin/newsdex_reliability_tests \
    --gtest_filter='Writers.TwoStartedTogetherOnANewIndexBothLand' | grep -E 'trials|FAILED|OK \]'

[ -n "$REUTERS" ] || exit 0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
head -n 3000 "$REUTERS" >"$work/r3000.jsonl"
index=./build/bin/newsdex-index
count() { ./build/bin/newsdex-search --db "$1" --count '*' 2>/dev/null || true; }

trials=$((TRIALS / 10))
failed=0
echo "== two writers on a new index, 3,000 Reuters articles and the shipped corpus: $trials trials"
for i in $(seq 1 "$trials"); do
    db="$work/db$i"
    shards=()
    [ $((i % 3)) -eq 0 ] && shards=(--shards 3)
    "$index" --db "$db" --lock-timeout 60 --progress never "${shards[@]}" "$work/r3000.jsonl" \
        >"$work/a.out" 2>&1 &
    a=$!
    "$index" --db "$db" --lock-timeout 60 --progress never corpus >"$work/b.out" 2>&1 &
    b=$!
    sa=0 sb=0
    wait $a || sa=$?
    wait $b || sb=$?
    n=$(count "$db")
    if [ "$sa" != 0 ] || [ "$sb" != 0 ] || [ "$n" != 3005 ] \
        || ! "$index" --db "$db" --check >"$work/check.out" 2>&1; then
        failed=$((failed + 1))
        echo "trial $i: exits $sa $sb, $n articles"
        cat "$work/a.out" "$work/b.out" "$work/check.out"
    fi
    rm -rf "$db"
done
echo "$trials trials, $failed failed"

echo "== a writer started 0 to 1.2 s after a --compact of 3,000 Reuters articles: $trials trials"
failed=0
base="$work/base"
"$index" --db "$base" --progress never --shards 2 "$work/r3000.jsonl" >/dev/null
for i in $(seq 1 "$trials"); do
    db="$work/c$i"
    cp -r "$base" "$db"
    delay=$(awk -v i="$i" -v n="$trials" 'BEGIN { printf "%.2f", 1.2 * (i - 1) / (n > 1 ? n - 1 : 1) }')
    "$index" --db "$db" --compact --progress never >"$work/a.out" 2>&1 &
    a=$!
    sleep "$delay"
    sb=0
    "$index" --db "$db" --lock-timeout 120 --progress never corpus >"$work/b.out" 2>&1 || sb=$?
    sa=0
    wait $a || sa=$?
    n=$(count "$db")
    if [ "$sa" != 0 ] || [ "$sb" != 0 ] || [ "$n" != 3005 ] \
        || ! "$index" --db "$db" --check >"$work/check.out" 2>&1; then
        failed=$((failed + 1))
        echo "trial $i (after ${delay} s): exits $sa $sb, $n articles"
        cat "$work/a.out" "$work/b.out" "$work/check.out"
    fi
    rm -rf "$db"
done
echo "$trials trials, $failed failed"
