#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# What reading HTML costs: the news pages of tests/fixtures/html, each
# copied COPIES times (new file names, so new ids), indexed as they are and
# as .txt files holding the same text (the title, a blank line, the body
# newsdex read from each page: taken from the index of the pages). Both are
# indexed RUNS times, alternately, into new indexes; the medians of wall and
# CPU time and their ratio (HTML / text) are printed. Machines here are
# shared and noisy: trust the ratio, not the seconds.
#
# With a folder of .txt articles (TXT_DIR: Reuters-21578 as one file per
# article, title line, blank line, body), each article is made a news page
# instead (a head with Open Graph tags, a <nav>, the title in an <h1>, each
# paragraph in a <p> inside <article>, a <footer>): real text, and the .txt
# side is the very files it came from. COPIES is then ignored.
#
#   bench/html.sh [COPIES=100] [RUNS=3] [TXT_DIR]
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
COPIES=${1:-100}
RUNS=${2:-3}
TXT_DIR=${3:-}
WORK=${NEWSDEX_BENCH_WORK:-bench/work}/html
BIN=${NEWSDEX_BIN:-build/bin}
PY=/usr/bin/python3  # Debian's, with python3-xapian
rm -rf "$WORK"
mkdir -p "$WORK/html" "$WORK/txt"

if ! [ -x /usr/bin/time ]; then
    echo "bench/html.sh needs GNU time: apt-get install -y time" >&2
    exit 2
fi
cmake --build build --target newsdex-index >/dev/null

if [ -n "$TXT_DIR" ]; then
    cp "$TXT_DIR"/*.txt "$WORK/txt/"
    "$PY" - "$WORK/txt" "$WORK/html" <<'PY'
import html, os, re, sys
src, dst = sys.argv[1], sys.argv[2]
for name in sorted(os.listdir(src)):
    with open(os.path.join(src, name), encoding="utf-8") as f:
        text = f.read()
    title, _, body = text.partition("\n\n")
    # A paragraph opens at a blank line or an indented line (Reuters).
    paras, current = [], []
    for line in body.split("\n"):
        if not line.strip() or line[:1].isspace():
            if current:
                paras.append("\n".join(current))
            current = [line.strip()] if line.strip() else []
        else:
            current.append(line)
    if current:
        paras.append("\n".join(current))
    e = html.escape
    page = (
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
        f"<title>{e(title)} | Wire Archive</title>\n"
        f"<meta property=\"og:title\" content=\"{e(title)}\">\n"
        "<meta property=\"og:site_name\" content=\"Wire Archive\">\n"
        f"<link rel=\"canonical\" href=\"https://wire.example/{name[:-4]}\">\n"
        "<script>window.dataLayer=[];</script></head>\n<body>\n"
        "<nav class=\"top-nav\"><ul><li><a href=\"/\">Home</a></li><li><a href=\"/markets\">"
        "Markets</a></li><li><a href=\"/world\">World</a></li></ul></nav>\n"
        f"<main><article><h1>{e(title)}</h1>\n"
        + "".join(f"<p>{e(p)}</p>\n" for p in paras)
        + "</article></main>\n<footer><p>Wire Archive. All rights reserved.</p></footer>\n"
        "</body></html>\n"
    )
    with open(os.path.join(dst, name[:-4] + ".html"), "w", encoding="utf-8") as out:
        out.write(page)
PY
else
    for page in tests/fixtures/html/*; do
        name=$(basename "$page")
        for i in $(seq 1 "$COPIES"); do
            cp "$page" "$WORK/html/$i-$name"
        done
    done
    "$BIN/newsdex-index" --db "$WORK/pages.db" --progress never "$WORK/html" >/dev/null 2>&1 || true
    "$PY" - "$WORK/pages.db" "$WORK/txt" <<'PY'
import json, sys, xapian
db = xapian.Database(sys.argv[1])
for doc_id in range(1, db.get_lastdocid() + 1):
    try:
        data = json.loads(db.get_document(doc_id).get_data())
    except xapian.DocNotFoundError:
        continue
    with open(f"{sys.argv[2]}/{data['id']}.txt", "w", encoding="utf-8") as out:
        out.write(data["title"] + "\n\n" + data["body"] + "\n")
PY
fi
pages=$(find "$WORK/html" -type f | wc -l)
texts=$(find "$WORK/txt" -type f | wc -l)
html_bytes=$(du -sb "$WORK/html" | cut -f1)
txt_bytes=$(du -sb "$WORK/txt" | cut -f1)

# measure NAME INPUT: appends "wall cpu" to $WORK/NAME.times
measure() {
    rm -rf "$WORK/$1.db"
    /usr/bin/time -f "%e %U %S" -o "$WORK/$1.time" \
        "$BIN/newsdex-index" --db "$WORK/$1.db" --progress never "$2" >/dev/null 2>&1 || true
    # The last line: GNU time says first when the exit status is not 0 (a
    # page without text is skipped).
    tail -n 1 "$WORK/$1.time" | awk '{ printf "%s %.2f\n", $1, $2 + $3 }' >> "$WORK/$1.times"
}
median() {  # FILE COLUMN
    sort -n -k"$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { print v[int((NR + 1) / 2)] }'
}
for _ in $(seq 1 "$RUNS"); do
    measure txt "$WORK/txt"
    measure html "$WORK/html"
done
tw=$(median "$WORK/txt.times" 1)
tc=$(median "$WORK/txt.times" 2)
hw=$(median "$WORK/html.times" 1)
hc=$(median "$WORK/html.times" 2)
echo "pages: $pages .html files ($html_bytes bytes), $texts of them with text: .txt files of the same text ($txt_bytes bytes)"
echo "medians of $RUNS runs: .txt wall ${tw}s cpu ${tc}s; .html wall ${hw}s cpu ${hc}s"
awk -v tw="$tw" -v tc="$tc" -v hw="$hw" -v hc="$hc" -v n="$texts" 'BEGIN {
    printf "HTML / text: wall %.2f x, cpu %.2f x; HTML costs %.2f ms of CPU more a page\n",
        hw / tw, hc / tc, (hc - tc) * 1000 / n
}'
