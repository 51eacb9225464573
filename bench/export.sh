#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Exporting every match (`--limit all`): time and peak memory against a
# baseline measured in the same run, the same hits as one page held at once
# (`--limit N`), in each line format and JSON.
#
#   bench/export.sh [N=100000]
#
# Builds (once, cached in bench/work/) an index of N generated articles.
# Prints, per format, seconds and peak resident memory of both, and the
# ratios streamed/page: memory that stays flat while the page's grows with
# N is the point; the time ratio should stay near 1.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-100000}
WORK=${NEWSDEX_BENCH_WORK:-bench/work}
mkdir -p "$WORK"
cmake --build build --target newsdex-index newsdex-search newsdex-gen-news >/dev/null

DATA="$WORK/news-$N.jsonl"
[ -s "$DATA" ] || ./build/bin/newsdex-gen-news "$N" > "$DATA"
if ! [ -d "$WORK/search-$N.db" ]; then
    ./build/bin/newsdex-index --db "$WORK/search-$N.db.tmp" --progress never "$DATA" >&2
    mv "$WORK/search-$N.db.tmp" "$WORK/search-$N.db"
fi
DB="$WORK/search-$N.db"
search=./build/bin/newsdex-search

# Seconds and peak KiB of one run, its output counted and dropped.
measure() {
    /usr/bin/time -f "%e %M" -o "$WORK/time.txt" "$search" --db "$DB" --color never "$@" \
        | wc -l > "$WORK/lines.txt"
    echo "$(cat "$WORK/time.txt") $(cat "$WORK/lines.txt")"
}

# Warm the page cache and the searcher's files.
"$search" --db "$DB" --count '*' > /dev/null
printf '%-6s %9s %9s %8s %9s %9s %8s %7s %7s\n' format page_s all_s lines page_KiB all_KiB all_lines time mem
for format in ids tsv locators json; do
    read -r page_s page_kib page_lines < <(measure --format "$format" --sort date --limit "$N" '*')
    read -r all_s all_kib all_lines < <(measure --format "$format" --all '*')
    awk -v f="$format" -v ps="$page_s" -v as="$all_s" -v pl="$page_lines" -v pk="$page_kib" \
        -v ak="$all_kib" -v al="$all_lines" 'BEGIN {
        printf "%-6s %9.2f %9.2f %8d %9d %9d %8d %7.2f %7.2f\n",
            f, ps, as, pl, pk, ak, al, (ps > 0 ? as / ps : 0), ak / pk }'
done
