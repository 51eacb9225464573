#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Reuters-21578 as JSON Lines, for the relevance bench (bench/relevance.sh).

    reuters_prepare.py GIT_DIR OUT.jsonl

GIT_DIR is the git directory of a copy of github.com/mihaibogdan10/json-reuters-21578
(`git clone --bare https://github.com/mihaibogdan10/json-reuters-21578`); its
json-data/reut2-000.json ... reut2-021.json are read with `git show`. One
article a line: {"id", "title", "date" (ISO 8601), "body", "places", "people",
"orgs", "topics"}; articles without a body are left out (19,043 remain), HTML
entities are decoded and the SGML control characters dropped. The bench takes
`topics` out before indexing: they are the judgements.
"""
import html
import json
import re
import subprocess
import sys

MONTHS = {m: i + 1 for i, m in enumerate("JAN FEB MAR APR MAY JUN JUL AUG SEP OCT NOV DEC".split())}
DATE = re.compile(r"(\d{1,2})-([A-Z]{3})-(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean(s):
    return CONTROL.sub("", html.unescape(s)).strip() if s else ""


def iso_date(s):
    m = DATE.search(clean(s))
    if not m:
        return None
    d, mon, y, hh, mm, ss = m.groups()
    return "%04d-%02d-%02dT%02d:%02d:%02dZ" % (
        int(y), MONTHS.get(mon, 1), int(d), int(hh), int(mm), int(ss))


def main():
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    git_dir, out_path = sys.argv[1], sys.argv[2]
    written = 0
    with open(out_path, "w", encoding="utf-8") as out:
        for i in range(22):
            raw = subprocess.check_output(
                ["git", "--git-dir=" + git_dir, "show", "HEAD:json-data/reut2-%03d.json" % i])
            for a in json.loads(raw):
                body = clean(a.get("body"))
                if not body:
                    continue
                out.write(json.dumps({
                    "id": int(a["attrs"]["newid"]), "title": clean(a.get("title")),
                    "date": iso_date(a.get("date")), "body": body,
                    "places": a.get("places") or [], "people": a.get("people") or [],
                    "orgs": a.get("orgs") or [], "topics": a.get("topics") or []},
                    ensure_ascii=False) + "\n")
                written += 1
    print("%d articles in %s" % (written, out_path), file=sys.stderr)


if __name__ == "__main__":
    main()
