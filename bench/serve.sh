#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# newsdex-serve under load: requests per second and p50/p99 latency at 1, 8
# and 32 concurrent clients (wrk, keep-alive connections on loopback),
# against the in-process core (Searcher::search and the JSON, in as many
# threads, newsdex-serve-bench) on the same queries, in the same run.
#
#   bench/serve.sh [N=100000] [SECONDS=10]
#
# Builds (once, cached in bench/work/) an index of N generated articles, as
# bench/search.sh does. Each request: q=QUERY&limit=10&facets=year (the
# page's first search). 100 queries of one, two and three words drawn from
# the articles. The server runs with --threads = the cores.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-100000}
SECONDS_EACH=${2:-10}
WORK=${NEWSDEX_BENCH_WORK:-bench/work}
mkdir -p "$WORK"
command -v wrk >/dev/null || { echo "bench/serve.sh needs wrk: apt-get install -y wrk" >&2; exit 2; }
cmake --build build --target newsdex-index newsdex-serve newsdex-gen-news newsdex-serve-bench >/dev/null

DATA="$WORK/news-$N.jsonl"
[ -s "$DATA" ] || ./build/bin/newsdex-gen-news "$N" > "$DATA"
if ! [ -d "$WORK/search-$N.db" ]; then
    ./build/bin/newsdex-index --db "$WORK/search-$N.db.tmp" --progress never "$DATA" >&2
    mv "$WORK/search-$N.db.tmp" "$WORK/search-$N.db"
fi
DB="$WORK/search-$N.db"

# 100 queries: words of the first 2000 articles, of middling frequency.
QUERIES="$WORK/serve-queries-$N.txt"
ENCODED="$WORK/serve-queries-$N.url"
python3 - "$DATA" "$QUERIES" "$ENCODED" <<'PY'
import collections, json, random, re, sys, urllib.parse
words = collections.Counter()
with open(sys.argv[1]) as f:
    for i, line in enumerate(f):
        if i >= 2000:
            break
        words.update(w.lower() for w in re.findall(r"[A-Za-z]{5,}", json.loads(line)["body"]))
ranked = [w for w, _ in words.most_common()]
mid = ranked[len(ranked) // 50: len(ranked) // 4]
common = ranked[:40]
rng = random.Random(7)
queries = []
for i in range(100):
    k = i % 3
    if k == 0:
        queries.append(rng.choice(mid))
    elif k == 1:
        queries.append(rng.choice(mid) + " " + rng.choice(mid))
    else:
        queries.append(rng.choice(mid) + " " + rng.choice(mid) + " " + rng.choice(common))
with open(sys.argv[2], "w") as plain, open(sys.argv[3], "w") as url:
    for q in queries:
        plain.write(q + "\n")
        url.write(urllib.parse.quote(q) + "\n")
PY

LUA="$WORK/serve-wrk.lua"
cat > "$LUA" <<LUA
local queries = {}
for line in io.lines("$ENCODED") do queries[#queries + 1] = line end
local i = 0
request = function()
    i = i % #queries + 1
    return wrk.format("GET", "/api/search?q=" .. queries[i] .. "&limit=10&facets=year")
end
LUA

CORES=$(nproc)
PORT=$((20000 + RANDOM % 20000))
./build/bin/newsdex-serve --db "$DB" --listen "127.0.0.1:$PORT" --threads "$CORES" --quiet &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
    curl -sf "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.1
done
# Warm both (the page cache, the facet columns) before measuring.
wrk -t 1 -c 1 -d 3s -s "$LUA" "http://127.0.0.1:$PORT" >/dev/null
./build/bin/newsdex-serve-bench "$DB" "$QUERIES" 1 3 >/dev/null

# CPU seconds (user + system) a process has used so far.
cpu_of() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%.3f", ($14 + $15) / hz }' "/proc/$1/stat"; }

echo "$N articles, $CORES cores, ${SECONDS_EACH}s each; request: q=QUERY&limit=10&facets=year"
echo "req/cpu-s: requests per CPU second of the side itself (the server's process, not wrk's;"
echo "the in-process program's); http/core: the two sides' req/s, then their req/cpu-s"
printf '%-8s %-13s %10s %10s %10s %10s %16s\n' clients side "req/s" "p50 ms" "p99 ms" "req/cpu-s" "http/core"
for C in 1 8 32; do
    core=$(/usr/bin/time -f 'cpu=%U %S' -o "$WORK/serve-bench-time.txt" \
        ./build/bin/newsdex-serve-bench "$DB" "$QUERIES" "$C" "$SECONDS_EACH")
    core_cpu=$(awk '/^cpu=/ { sub(/cpu=/, ""); print $1 + $2 }' "$WORK/serve-bench-time.txt")
    core_rps=$(sed 's/.*rps=\([0-9.]*\).*/\1/' <<<"$core")
    core_p50=$(sed 's/.*p50_ms=\([0-9.]*\).*/\1/' <<<"$core")
    core_p99=$(sed 's/.*p99_ms=\([0-9.]*\).*/\1/' <<<"$core")
    T=$((C < CORES ? C : CORES))
    cpu_before=$(cpu_of "$SERVER")
    out=$(wrk -t "$T" -c "$C" -d "${SECONDS_EACH}s" --latency -s "$LUA" "http://127.0.0.1:$PORT")
    server_cpu=$(awk -v a="$cpu_before" -v b="$(cpu_of "$SERVER")" 'BEGIN { print b - a }')
    if grep -q "Non-2xx" <<<"$out"; then
        echo "bench/serve.sh: some requests failed:" >&2
        echo "$out" >&2
        exit 1
    fi
    rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
    # wrk prints latencies with their unit (us, ms, s): in ms.
    ms() { awk -v p="$1" '$1 == p { v = $2; if (v ~ /us$/) { sub(/us/, "", v); v /= 1000 } else if (v ~ /ms$/) { sub(/ms/, "", v) } else { sub(/s/, "", v); v *= 1000 } printf "%.2f", v }' <<<"$out"; }
    p50=$(ms "50%")
    p99=$(ms "99%")
    # Requests answered per CPU second: the in-process program's over its
    # whole run (its start, a fraction of a second, included), the server's
    # over wrk's run.
    core_per_cpu=$(awk -v r="$core_rps" -v s="$SECONDS_EACH" -v c="$core_cpu" 'BEGIN { printf "%.0f", r * s / c }')
    per_cpu=$(awk -v r="$rps" -v s="$SECONDS_EACH" -v c="$server_cpu" 'BEGIN { printf "%.0f", r * s / c }')
    ratio=$(awk -v a="$rps" -v b="$core_rps" -v x="$per_cpu" -v y="$core_per_cpu" \
        'BEGIN { printf "%.0f %%, %.0f %%", 100 * a / b, 100 * x / y }')
    printf '%-8s %-13s %10s %10s %10s %10s %16s\n' "$C" in-process "$core_rps" "$core_p50" "$core_p99" "$core_per_cpu" ""
    printf '%-8s %-13s %10s %10s %10s %10s %16s\n' "$C" newsdex-serve "$rps" "$p50" "$p99" "$per_cpu" "$ratio"
done
