#!/bin/sh
# SPDX-License-Identifier: MIT
# smoke.sh FUZZER WORKDIR SECONDS REGRESSIONS [-dict=FILE] -- SEEDS...
# Runs every regression input once, then fuzzes for SECONDS from the seeds
# (files or folders), keeping what it finds in WORKDIR. Prints the number of
# executions, for docs/reliability.md.
set -eu
fuzzer=$1 work=$2 seconds=$3 regressions=$4
shift 4
dict=
if [ "${1:-}" != "--" ]; then dict=$1; shift; fi
shift # --
rm -rf "$work/seeds" "$work"/crash-* "$work"/leak-* "$work"/timeout-* "$work"/oom-*
mkdir -p "$work/corpus" "$work/seeds"
# libFuzzer takes folders: gather the seed files in one (numbered, as
# several have the same name).
n=0
for s in "$@"; do
    for f in $( [ -d "$s" ] && find "$s" -maxdepth 1 -type f || echo "$s"); do
        n=$((n + 1))
        cp "$f" "$work/seeds/$n-$(basename "$f")"
    done
done
if [ -d "$regressions" ] && [ -n "$(ls -A "$regressions")" ]; then
    "$fuzzer" "$regressions"/*
fi
cd "$work"
# shellcheck disable=SC2086
"$fuzzer" -max_total_time="$seconds" -max_len=65536 -timeout=20 -rss_limit_mb=4096 \
    -print_final_stats=1 $dict corpus seeds 2>&1 | tee last-run.log | grep -E "stat::number_of_executed_units|ERROR|BINGO|crash-|Test unit written" || true
# A failure leaves a crash-*, leak-*, timeout-* or oom-* file.
if [ -n "$(find . -maxdepth 1 -type f \( -name 'crash-*' -o -name 'leak-*' -o -name 'timeout-*' -o -name 'oom-*' \))" ]; then
    echo "fuzz: $fuzzer found a failing input (see $work); add it to $regressions" >&2
    tail -n 60 last-run.log >&2
    exit 1
fi
grep -q "stat::number_of_executed_units" last-run.log
