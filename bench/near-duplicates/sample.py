#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The groups of near-identical stories of an index, for judging by hand.

    bench/near-duplicates/sample.py DB ARTICLES.jsonl [--seed 21] [--groups 50]
        [--missed 25] [--fixture OUT.jsonl --judged JUDGED.tsv]

Reads each document's id (slot 4) and group (slot 14, docs/near-duplicates.md)
with xapian-delve, prints how many groups there are and their sizes, then
(a fixed seed) a sample of groups, each member with its title, date and the
start of its body, and a sample of pairs with the same title that are not
grouped (missed?). With --fixture, writes the articles a judged file
(JUDGED.tsv: first two columns article ids) names, as they are in
ARTICLES.jsonl, for tests/index/near_duplicates_judged_test.cc.
"""
import argparse
import collections
import json
import random
import re
import subprocess
import sys


def slot(db, number):
    out = subprocess.run(["xapian-delve", f"-V{number}", db], check=True,
                         capture_output=True, text=True).stdout
    values = {}
    # "Value N for each document: DOCID:VALUE DOCID:VALUE ..." (ids have no spaces)
    for item in out.split(":", 1)[1].split():
        did, _, value = item.partition(":")
        values[int(did)] = value
    return values


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("db")
    ap.add_argument("articles")
    ap.add_argument("--seed", type=int, default=21)
    ap.add_argument("--groups", type=int, default=50)
    ap.add_argument("--missed", type=int, default=25)
    ap.add_argument("--fixture")
    ap.add_argument("--judged")
    a = ap.parse_args()

    articles = {}
    with open(a.articles, encoding="utf-8") as f:
        for line in f:
            d = json.loads(line)
            articles[str(d["id"])] = d
    if a.fixture:
        wanted = set()
        with open(a.judged, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                wanted.update(cols[:2])
        with open(a.fixture, "w", encoding="utf-8") as out:
            for id_ in sorted(wanted, key=int):
                out.write(json.dumps(articles[id_], ensure_ascii=False) + "\n")
        print(f"{len(wanted)} articles -> {a.fixture}")
        return

    ids = slot(a.db, 4)
    groups = slot(a.db, 14)
    members = collections.defaultdict(list)
    for did, id_ in ids.items():
        if groups.get(did):
            members[groups[did]].append(id_)
    sizes = collections.Counter(len(m) for m in members.values())
    grouped = sum(len(m) for m in members.values())
    print(f"{len(ids)} articles, {len(members)} groups of 2 or more holding {grouped} articles "
          f"({grouped - len(members)} folded away); sizes: "
          + ", ".join(f"{n}x{s}" for s, n in sorted(sizes.items())))

    def show(id_):
        d = articles[id_]
        body = re.sub(r"\s+", " ", d.get("body", ""))
        return f"  {id_} | {d.get('date', '')[:16]} | {d.get('title', '')}\n      {body[:400]}"

    rng = random.Random(a.seed)
    for leader in rng.sample(sorted(members), min(a.groups, len(members))):
        m = sorted(members[leader], key=lambda i: (i != leader, int(i)))
        print(f"\n=== group {leader} ({len(m)})")
        for id_ in m:
            print(show(id_))

    group_of = {ids[did]: groups.get(did, "") for did in ids}
    by_title = collections.defaultdict(list)
    for id_, d in articles.items():
        by_title[d.get("title", "").strip().upper()].append(id_)
    missed = []
    for title, same in by_title.items():
        if len(same) < 2 or len(same) > 6:
            continue
        for i in range(len(same)):
            for j in range(i + 1, len(same)):
                x, y = same[i], same[j]
                if not group_of.get(x) or group_of.get(x) != group_of.get(y):
                    missed.append((x, y))
    print(f"\n{len(missed)} pairs with the same title (titles held by 2 to 6 articles) "
          f"not in one group; a sample:")
    for x, y in rng.sample(sorted(missed), min(a.missed, len(missed))):
        print(f"\n--- same title, not grouped: {x} {y}")
        print(show(x))
        print(show(y))


if __name__ == "__main__":
    sys.exit(main())
