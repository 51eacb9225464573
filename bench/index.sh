#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Indexing speed and memory, as ratios against a baseline measured in the same
# run (machines here are shared and noisy: trust the ratios, not the seconds).
#
#   bench/index.sh [N=100000] [RUNS=3]
#
# Generates N synthetic articles once (bench/work/news-N.jsonl, cached), then
# indexes them RUNS times, alternately, with the baseline (a minimal Xapian
# indexer: TermGenerator, English stemmer, positions, title prefix, one
# process, a commit every 10,000 articles) and with newsdex-index (its full
# analysis: ICU, entities, dates, spelling data; default --jobs), and prints
# medians of wall time, CPU time and peak RSS, their ratios, articles/s, MB/s
# and index sizes. When Debian's xapian-omega (omindex) or sphinxsearch
# (indexer) is installed, they are timed on the same articles too
# (NEWSDEX_BENCH_PEERS="omindex sphinx" by default; set it empty to skip them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-100000}
RUNS=${2:-3}
WORK=${NEWSDEX_BENCH_WORK:-bench/work}
mkdir -p "$WORK"

if ! [ -x /usr/bin/time ]; then
    echo "bench/index.sh needs GNU time: apt-get install -y time" >&2
    exit 2
fi
cmake --build build --target newsdex-index newsdex-gen-news newsdex-baseline-index >/dev/null

DATA="$WORK/news-$N.jsonl"
if ! [ -s "$DATA" ]; then
    echo "generating $N articles into $DATA" >&2
    ./build/bin/newsdex-gen-news "$N" > "$DATA.tmp" && mv "$DATA.tmp" "$DATA"
fi
BYTES=$(stat -c %s "$DATA")

# measure NAME COMMAND...: appends "wall cpu rss_kb" to $WORK/NAME.times
measure() {
    local name=$1
    shift
    sync
    /usr/bin/time -f "%e %U %S %M" -o "$WORK/time.out" "$@" >/dev/null 2>"$WORK/$name.err" || {
        echo "$name failed:" >&2
        cat "$WORK/$name.err" >&2
        exit 1
    }
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$WORK/time.out" >> "$WORK/$name.times"
}

median() { # FILE COLUMN
    awk -v c="$2" '{ print $c }' "$1" | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

rm -f "$WORK"/*.times
for run in $(seq "$RUNS"); do
    rm -rf "$WORK/baseline.db" "$WORK/newsdex.db"
    measure baseline ./build/bin/newsdex-baseline-index "$WORK/baseline.db" < "$DATA"
    measure newsdex ./build/bin/newsdex-index --db "$WORK/newsdex.db" --progress never "$DATA"
    echo "run $run/$RUNS done" >&2
done

PEERS=(baseline newsdex)
WANTED=" ${NEWSDEX_BENCH_PEERS-omindex sphinx} "
if [[ $WANTED == *" omindex "* ]] && command -v omindex >/dev/null 2>&1; then
    # omindex reads files: one text file per article (cached).
    FILES="$WORK/files-$N"
    if ! [ -d "$FILES" ]; then
        python3 - "$DATA" "$FILES" <<'PY'
import json, os, sys
src, out = sys.argv[1], sys.argv[2]
os.makedirs(out + ".tmp", exist_ok=True)
with open(src, encoding="utf-8") as f:
    for i, line in enumerate(f):
        a = json.loads(line)
        d = os.path.join(out + ".tmp", "%04d" % (i // 1000))
        os.makedirs(d, exist_ok=True)
        with open(os.path.join(d, a["id"] + ".txt"), "w", encoding="utf-8") as g:
            g.write(a["title"] + "\n\n" + a["body"])
os.rename(out + ".tmp", out)
PY
    fi
    for run in $(seq "$RUNS"); do
        rm -rf "$WORK/omindex.db"
        measure omindex omindex --db "$WORK/omindex.db" --url / "$FILES"
    done
    PEERS+=(omindex)
fi
if [[ $WANTED == *" sphinx "* ]] && command -v indexer >/dev/null 2>&1 && { indexer --help 2>&1 || true; } | grep -qi sphinx; then
    mkdir -p "$WORK/sphinx"
    cat > "$WORK/sphinx.conf" <<EOF
source news
{
    type = xmlpipe2
    xmlpipe_command = python3 $(pwd)/bench/xmlpipe2.py $(pwd)/$DATA
}
index news
{
    source = news
    path = $(pwd)/$WORK/sphinx/news
    morphology = stem_en
    charset_type = utf-8
}
indexer
{
    mem_limit = 256M
}
EOF
    for run in $(seq "$RUNS"); do
        rm -rf "$WORK/sphinx"/*
        measure sphinx indexer --config "$WORK/sphinx.conf" news
    done
    PEERS+=(sphinx)
fi

size_of() {
    case $1 in
    baseline) du -sb "$WORK/baseline.db" | cut -f1 ;;
    newsdex) du -sb "$WORK/newsdex.db" | cut -f1 ;;
    omindex) du -sb "$WORK/omindex.db" | cut -f1 ;;
    sphinx) du -sb "$WORK/sphinx" | cut -f1 ;;
    esac
}

BASE_WALL=$(median "$WORK/baseline.times" 1)
BASE_CPU=$(median "$WORK/baseline.times" 2)
BASE_RSS=$(median "$WORK/baseline.times" 3)
BASE_SIZE=$(size_of baseline)
printf '%d articles, %.1f MB of JSON Lines, %d runs, medians; ratios against the baseline of the same run\n\n' "$N" "$(echo "$BYTES / 1000000" | bc -l)" "$RUNS"
printf '%-10s %9s %7s %9s %7s %9s %7s %11s %7s %9s %6s\n' indexer wall_s ratio cpu_s ratio rss_MiB ratio articles/s MB/s size_MB ratio
for p in "${PEERS[@]}"; do
    wall=$(median "$WORK/$p.times" 1)
    cpu=$(median "$WORK/$p.times" 2)
    rss=$(median "$WORK/$p.times" 3)
    size=$(size_of "$p")
    awk -v p="$p" -v w="$wall" -v c="$cpu" -v r="$rss" -v s="$size" -v bw="$BASE_WALL" -v bc="$BASE_CPU" -v br="$BASE_RSS" -v bs="$BASE_SIZE" -v n="$N" -v b="$BYTES" \
        'BEGIN { printf "%-10s %9.2f %7.2f %9.2f %7.2f %9.0f %7.2f %11.0f %7.2f %9.1f %6.2f\n", p, w, w / bw, c, c / bc, r / 1024, r / br, n / w, b / 1e6 / w, s / 1e6, s / bs }'
done
