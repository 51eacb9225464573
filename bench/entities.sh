#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Entity extraction quality.
#
#   bench/entities.sh [REUTERS [MIRROR]]
#
# 1. Gold part (always): precision and recall against the hand-written gold
#    (tests/fixtures/entities-gold.tsv), with every extra and missing entity.
# 2. Real-data part, when REUTERS (or $NEWSDEX_REUTERS), the prepared
#    Reuters-21578 (reuters.jsonl, see bench/relevance.sh), is given:
#    bench/entities_reuters.py indexes it without its `places`, `people`,
#    `orgs` and `topics` fields and compares, per article, the `country`
#    values with the editors' `places` and the `person` values with their
#    `people` (read from the SGML of MIRROR or $NEWSDEX_REUTERS_MIRROR, the
#    git directory of a copy of mihaibogdan10/json-reuters-21578, whose JSON
#    leaves the people out); it lists the 200 most frequent persons and all
#    leaders for judging by hand, and any leader named in an article dated
#    outside their offices. Work files go to $NEWSDEX_ENTITIES_WORK (default
#    ${TMPDIR:-/tmp}/newsdex-entities-reuters); with NEWSDEX_ENTITIES_REUSE=1
#    the index of an earlier run is kept. Never commit the collection.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
reuters=${1:-${NEWSDEX_REUTERS:-}}
mirror=${2:-${NEWSDEX_REUTERS_MIRROR:-}}
targets=(newsdex_index_tests)
[[ -n $reuters ]] && targets+=(newsdex-index newsdex-search)
cmake --build build --target "${targets[@]}" >/dev/null
echo "== Gold: tests/fixtures/entities-gold.tsv"
./build/bin/newsdex_index_tests --gtest_filter='EntityQuality.*' | grep -E '^(  extra|  missing|entity precision)'

if [[ -z $reuters ]]; then
    echo
    echo "(Reuters-21578 part skipped: give the prepared reuters.jsonl, and the git directory of the"
    echo " mihaibogdan10/json-reuters-21578 mirror for the people, as arguments or as NEWSDEX_REUTERS"
    echo " and NEWSDEX_REUTERS_MIRROR)"
    exit 0
fi
if [[ ! -f $reuters ]]; then
    echo "entities.sh: no file at '$reuters': give the prepared reuters.jsonl" >&2
    exit 2
fi
args=(--jsonl "$reuters" --work "${NEWSDEX_ENTITIES_WORK:-${TMPDIR:-/tmp}/newsdex-entities-reuters}"
    --bin build/bin --source .)
[[ -n $mirror ]] && args+=(--mirror "$mirror")
[[ ${NEWSDEX_ENTITIES_REUSE:-0} == 1 ]] && args+=(--reuse)
echo
echo "== Reuters-21578: editors' places and people"
python3 bench/entities_reuters.py "${args[@]}"
