#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The indexing and search benchmarks on real wire copy: Reuters-21578 as it
# is, and replicated to larger sizes, beside the generated articles of
# bench/index.sh and bench/search.sh.
#
#   bench/reuters.sh REUTERS [N...]      (default N: 19043 100000)
#
# REUTERS is the prepared reuters.jsonl, or the git directory of the
# mihaibogdan10/json-reuters-21578 mirror (bench/relevance/reuters_prepare.py
# turns it into the JSON Lines; never committed). For each N the collection
# is copied as many times as it takes (copy k: ids `r<k>-<id>`, dates moved
# k whole years back, so that dates and date ranges stay realistic; the
# last copy cut at N), then `bench/index.sh N` and `bench/search.sh N` run
# on it in their own folder under NEWSDEX_BENCH_WORK (default bench/work):
# the same measurements and baselines as on the generated text. RUNS (3)
# is bench/index.sh's number of runs; NEWSDEX_BENCH_PEERS is passed on.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
reuters=${1:?usage: bench/reuters.sh REUTERS [N...]}
shift
sizes=("$@")
[[ ${#sizes[@]} -gt 0 ]] || sizes=(19043 100000)
WORK=${NEWSDEX_BENCH_WORK:-bench/work}
mkdir -p "$WORK"

if [[ -d $reuters ]]; then
    if [[ ! -s $WORK/reuters.jsonl ]]; then
        python3 bench/relevance/reuters_prepare.py "$reuters" "$WORK/reuters.jsonl"
    fi
    reuters=$WORK/reuters.jsonl
elif [[ ! -f $reuters ]]; then
    echo "bench/reuters.sh: no file or git directory at '$reuters': give reuters.jsonl or the mirror's git directory" >&2
    exit 2
fi

for n in "${sizes[@]}"; do
    dir="$WORK/reuters-$n"
    mkdir -p "$dir"
    # The file bench/index.sh and bench/search.sh read when it is there.
    data="$dir/news-$n.jsonl"
    if [[ ! -s $data ]]; then
        python3 - "$reuters" "$n" "$data.tmp" <<'PY'
import json, re, sys
source, n, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
articles = [json.loads(line) for line in open(source, encoding="utf-8")]
written = 0
with open(out, "w", encoding="utf-8") as f:
    k = 0
    while written < n:
        for a in articles:
            if written == n:
                break
            copy = dict(a)
            copy["id"] = f"r{k}-{a['id']}"
            date = a.get("date")
            if isinstance(date, str) and re.match(r"\d{4}", date):
                year = int(date[:4]) - k
                # 29 February moved to a year without one: the 28th.
                rest = date[4:]
                if rest.startswith("-02-29") and not (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)):
                    rest = "-02-28" + rest[6:]
                copy["date"] = f"{year:04d}{rest}"
            f.write(json.dumps(copy, ensure_ascii=False) + "\n")
            written += 1
        k += 1
PY
        mv "$data.tmp" "$data"
    fi
    echo "== Reuters-21578 at $n articles ($(stat -c %s "$data") bytes of JSON Lines)"
    NEWSDEX_BENCH_WORK=$dir bench/index.sh "$n" "${RUNS:-3}"
    NEWSDEX_BENCH_WORK=$dir bench/search.sh "$n"
done
