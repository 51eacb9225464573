#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# The paragraph model and snippets on real wire copy (issue 19).
#
#   bench/paragraphs.sh REUTERS.jsonl [TXT_DIR]
#
# REUTERS.jsonl is Reuters-21578 as JSON Lines (fields id, title, body, ...;
# ../shared/corpora/README.md says how to make it); TXT_DIR, if given, holds
# the same articles as one .txt each (title line, blank line, body).
# Indexes them (in $NEWSDEX_BENCH_WORK, default bench/work/paragraphs) and
# prints:
#  * `--count '"trade deficit"'` against the articles whose title or body
#    has the two words separated by white space only (a regular expression);
#  * whether `id:10355 "american trade deficit"` (`trade\ndeficit` in its
#    text) finds 10355;
#  * the median and range of the length of the snippets of `cocoa` at
#    --snippet-length 240 (markup left out), and how many repeat the title;
#  * with TXT_DIR, the same for the index of the .txt files;
#  * the time of snippets for 10 hits against Xapian's MSet::snippet
#    (newsdex-search-bench on the same articles; NEWSDEX_BENCH_SNIPPETS=0
#    leaves it out).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
[ $# -ge 1 ] || { sed -n '3,22p' "$0" >&2; exit 2; }
DATA=$(realpath "$1")
TXT=${2:+$(realpath "$2")}
WORK=${NEWSDEX_BENCH_WORK:-bench/work/paragraphs}
mkdir -p "$WORK"
cmake --build build --target newsdex-index newsdex-search >/dev/null
BIN=./build/bin

index() {  # DB INPUT
    rm -rf "$1"
    "$BIN/newsdex-index" --db "$1" --progress never "$2" >/dev/null
}

index "$WORK/reuters.db" "$DATA"
count=$("$BIN/newsdex-search" --db "$WORK/reuters.db" --count '"trade deficit"')
regex=$(python3 - "$DATA" <<'PY'
import json, re, sys
pattern = re.compile(r"\btrade\s+deficit\b", re.I)
n = 0
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        a = json.loads(line)
        n += any(pattern.search(a.get(k) or "") for k in ("title", "body"))
print(n)
PY
)
echo "corpus: $DATA ($(wc -l < "$DATA") articles)"
echo "\"trade deficit\": --count $count, articles with the words apart by white space only $regex"
found=$("$BIN/newsdex-search" --db "$WORK/reuters.db" --count 'id:10355 "american trade deficit"')
near=$("$BIN/newsdex-search" --db "$WORK/reuters.db" --count 'id:10355 trade NEAR/1 deficit')
echo "id:10355 \"american trade deficit\": $found found; id:10355 trade NEAR/1 deficit: $near found"

snippets() {  # DB LABEL
    "$BIN/newsdex-search" --db "$1" --json --limit 10000 --snippet-length 240 cocoa | python3 -c '
import json, re, statistics, sys
label = sys.argv[1]
hits = json.load(sys.stdin)["hits"]
def text(s):
    return re.sub(r"</?em>", "", s or "")
def squeeze(s):
    return re.sub(r"\s+", " ", s).strip().lower()
lengths = [len(text(h.get("snippet"))) for h in hits]
repeats = sum(1 for h in hits if h.get("title") and squeeze(h["title"]) in squeeze(text(h.get("snippet"))))
lines = sum(1 for h in hits if "\n" in (h.get("snippet") or ""))
print(f"{label}: cocoa at --snippet-length 240: {len(hits)} hits, snippet length median "
      f"{statistics.median(lengths):.0f}, min {min(lengths)}, max {max(lengths)}; "
      f"{sum(1 for n in lengths if 204 <= n <= 276)} within 15 %; {repeats} repeat the title; "
      f"{lines} hold a line break")
' "$2"
}
snippets "$WORK/reuters.db" "JSON Lines"

if [ -n "$TXT" ]; then
    index "$WORK/reuters-txt.db" "$TXT"
    snippets "$WORK/reuters-txt.db" ".txt files"
fi

if [ "${NEWSDEX_BENCH_SNIPPETS:-1}" != 0 ]; then
    cmake --build build --target newsdex-baseline-index newsdex-search-bench >/dev/null
    rm -rf "$WORK/plain.db"
    # The baseline indexer reads ids as strings (Reuters numbers them).
    python3 -c '
import json, sys
for line in sys.stdin:
    a = json.loads(line)
    a["id"] = str(a.get("id", ""))
    print(json.dumps(a))
' < "$DATA" > "$WORK/reuters-string-ids.jsonl"
    "$BIN/newsdex-baseline-index" "$WORK/plain.db" < "$WORK/reuters-string-ids.jsonl"
    "$BIN/newsdex-search-bench" "$WORK/reuters.db" "$WORK/plain.db" "$WORK/reuters-string-ids.jsonl" \
        | grep '^snippets for 10 hits, p50'
fi
