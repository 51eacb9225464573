#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Ranking quality, newsdex against plain Xapian, in one run.
#
#   bench/relevance.sh [REUTERS]
#
# 1. Regression part (always): nDCG@10 and P@5 on the 24 articles the
#    project wrote (corpus/ and the fixtures) and the graded queries of
#    bench/relevance/judgments.tsv.
# 2. Real-data part, when REUTERS (or $NEWSDEX_REUTERS) is given: the 40
#    queries of bench/relevance/reuters-queries.tsv on Reuters-21578 (19,043
#    articles), the editors' topics as judgements; P@10, nDCG@10, MAP@100 and
#    recall@100 of newsdex and of plain Xapian with Omega's settings (AND and
#    OR), on the tuning and the test half; and on the 30 queries of
#    bench/relevance/reuters-check-queries.tsv (the 30 most frequent topics,
#    never tuned on: an independent check). REUTERS is either
#      - the prepared collection, one article a line (reuters.jsonl), or
#      - the git directory of a copy of the JSON mirror, made with
#          git clone --bare https://github.com/mihaibogdan10/json-reuters-21578
#        (bench/relevance/reuters_prepare.py turns it into the former).
#    Never commit the collection. Work files go to $NEWSDEX_RELEVANCE_WORK
#    (default ${TMPDIR:-/tmp}/newsdex-relevance-reuters); with
#    NEWSDEX_RELEVANCE_REUSE=1 the indexes of an earlier run are kept.
#    Indexing takes a minute or two, the 210 searches a few seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
reuters=${1:-${NEWSDEX_REUTERS:-}}
targets=(newsdex-relevance)
[[ -n $reuters ]] && targets+=(newsdex-relevance-reuters)
cmake --build build --target "${targets[@]}" >/dev/null

echo "== Regression: 24 articles, bench/relevance/judgments.tsv"
./build/bin/newsdex-relevance "$(pwd)" "${TMPDIR:-/tmp}/newsdex-relevance"

if [[ -z $reuters ]]; then
    echo
    echo "(Reuters-21578 part skipped: give the prepared reuters.jsonl or the git directory"
    echo " of the mihaibogdan10/json-reuters-21578 mirror as an argument or as NEWSDEX_REUTERS)"
    exit 0
fi
work=${NEWSDEX_RELEVANCE_WORK:-${TMPDIR:-/tmp}/newsdex-relevance-reuters}
mkdir -p "$work"
if [[ -d $reuters ]]; then
    if [[ ! -s $work/reuters.jsonl ]]; then
        python3 bench/relevance/reuters_prepare.py "$reuters" "$work/reuters.jsonl"
    fi
    reuters=$work/reuters.jsonl
elif [[ ! -f $reuters ]]; then
    echo "relevance.sh: no file or git directory at '$reuters': give reuters.jsonl or the mirror's git directory" >&2
    exit 2
fi
reuse=()
[[ ${NEWSDEX_RELEVANCE_REUSE:-0} == 1 ]] && reuse=(--reuse)
echo
echo "== Reuters-21578: bench/relevance/reuters-queries.tsv"
./build/bin/newsdex-relevance-reuters "$reuters" bench/relevance/reuters-queries.tsv "$work" \
    --check bench/relevance/reuters-check-queries.tsv "${reuse[@]}"
