#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Ways to put "exact matches first, near matches after" on Xapian, measured.

Builds a plain Xapian index (English stemming, Omega-style) of a JSON Lines
archive (id, title, body) and, for each query, compares:

  tiers     the exact AND, then one search per partial tier: an OR of the
            ANDs of every k of the n words, AND_NOT the tier above
            (what newsdex does: search/tiers.h)
  strict    the AND alone (the baseline: today's behaviour)
  or        one OR of the words, BM25 (Xapian's default, Omega's OR)
  elite     OP_ELITE_SET of the words (Xapian's pruned OR), BM25
  keymaker  one OR, sorted by the number of words matched (a KeyMaker
            reading each candidate's term list) then BM25: the
            minimum_should_match/coordination idea in one pass (a
            Python KeyMaker here, so far slower than one in C++ would be;
            its cost grows with every article that has any of the words)

Correctness: of the first 20 hits, how many partial matches rank above an
article with more of the words (a tier violation); tiers and keymaker
have none by construction. Speed: median time per query over REPEAT runs,
as a ratio to strict measured in the same run. Usage:

  bench/tier_strategies.py ARCHIVE.jsonl WORKDIR [REPEAT]
"""
import json
import os
import statistics
import sys
import time
from itertools import combinations

import xapian

QUERIES = [
    "grain harvest exports",
    "cattle carcass prices",
    "crude oil output cut",
    "coffee export quota talks",
    "bank interest rate cut",
    "japan trade surplus",
    "gold mine production",
    "sugar crop estimate",
    "wheat export subsidy",
    "copper price strike",
    "soybean crush margins",
    "dollar yen intervention",
]
PAGE = 20


def build(archive, path):
    if os.path.exists(os.path.join(path, "iamglass")):
        return xapian.Database(path)
    db = xapian.WritableDatabase(path, xapian.DB_CREATE_OR_OPEN)
    tg = xapian.TermGenerator()
    tg.set_stemmer(xapian.Stem("english"))
    with open(archive, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            doc = xapian.Document()
            tg.set_document(doc)
            tg.index_text(a.get("title") or "", 2)
            tg.increase_termpos()
            tg.index_text(a.get("body") or "")
            idterm = "Q" + str(a["id"])
            doc.add_boolean_term(idterm)
            db.replace_document(idterm, doc)
    db.commit()
    db.close()
    return xapian.Database(path)


def words_of(q):
    stem = xapian.Stem("english")
    return ["Z" + stem(w).decode() for w in q.lower().split()]


def at_least(words, k):
    if k >= len(words):
        return xapian.Query(xapian.Query.OP_AND, [xapian.Query(w) for w in words])
    return xapian.Query(
        xapian.Query.OP_OR,
        [xapian.Query(xapian.Query.OP_AND, [xapian.Query(w) for w in c]) for c in combinations(words, k)],
    )


def floor_of(n):
    return max(2, (n + 1) // 2, n - 3)


def run_tiers(db, words):
    n = len(words)
    hits = []
    counts = []
    for k in range(n, floor_of(n) - 1, -1):
        q = at_least(words, k) if k == n else xapian.Query(
            xapian.Query.OP_AND_NOT, at_least(words, k), at_least(words, k + 1)
        )
        e = xapian.Enquire(db)
        e.set_query(q)
        want = max(0, PAGE - len(hits))
        # A tier below the page is only estimated (as newsdex does).
        m = e.get_mset(0, want, 100 if want > 0 else 0)
        counts.append(m.get_matches_estimated())
        hits += [x.docid for x in m]
    return hits, counts


def run_one(db, query, keymaker=None):
    e = xapian.Enquire(db)
    e.set_query(query)
    if keymaker is not None:
        e.set_sort_by_key_then_relevance(keymaker, True)
    return [x.docid for x in e.get_mset(0, PAGE, 100)]


class Coordination(xapian.KeyMaker):
    def __init__(self, words):
        super().__init__()
        self.words = words

    def __call__(self, doc):
        have = 0
        for w in self.words:
            try:
                if doc.termlist().skip_to(w.encode()).term == w.encode():
                    have += 1
            except StopIteration:
                pass
        return xapian.sortable_serialise(have)


def matched(db, docid, words):
    terms = set(t.term.decode() for t in db.get_document(docid).termlist())
    return sum(1 for w in words if w in terms)


def violations(db, hits, words):
    """Hits ranked above an article with more of the words."""
    counts = [matched(db, d, words) for d in hits]
    return sum(1 for i, c in enumerate(counts) if any(c < later for later in counts[i + 1:]))


def timed(fn, repeat):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main():
    archive, work = sys.argv[1], sys.argv[2]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    db = build(archive, os.path.join(work, "plain"))
    print(f"{db.get_doccount()} articles; page of {PAGE}; median of {repeat} runs")
    print(f"{'query':28} {'exact':>5} {'partial':>7} {'strict ms':>9} | ratio to strict: {'tiers':>6} {'or':>6} {'elite':>6} {'keymkr':>6} | violations in top {PAGE}: {'or':>3} {'elite':>5}")
    ratios = {"tiers": [], "or": [], "elite": [], "keymaker": []}
    for q in QUERIES:
        words = words_of(q)
        terms = [xapian.Query(w) for w in words]
        strict_q = xapian.Query(xapian.Query.OP_AND, terms)
        or_q = xapian.Query(xapian.Query.OP_OR, terms)
        elite_q = xapian.Query(xapian.Query.OP_ELITE_SET, terms, max(1, len(words) - 1))
        km = Coordination(words)
        t_strict = timed(lambda: run_one(db, strict_q), repeat)
        t_tiers = timed(lambda: run_tiers(db, words), repeat)
        t_or = timed(lambda: run_one(db, or_q), repeat)
        t_elite = timed(lambda: run_one(db, elite_q), repeat)
        t_km = timed(lambda: run_one(db, or_q, km), 3)
        hits, counts = run_tiers(db, words)
        assert violations(db, hits, words) == 0
        assert violations(db, run_one(db, or_q, km), words) == 0
        v_or = violations(db, run_one(db, or_q), words)
        v_elite = violations(db, run_one(db, elite_q), words)
        for name, t in (("tiers", t_tiers), ("or", t_or), ("elite", t_elite), ("keymaker", t_km)):
            ratios[name].append(t / t_strict)
        print(f"{q:28} {counts[0]:>5} {sum(counts[1:]):>7} {t_strict * 1000:>9.3f} | {'':17} {t_tiers / t_strict:>6.2f} {t_or / t_strict:>6.2f} {t_elite / t_strict:>6.2f} {t_km / t_strict:>6.2f} | {'':22} {v_or:>3} {v_elite:>5}")
    print("median ratio to strict: " + ", ".join(f"{k} {statistics.median(v):.2f}" for k, v in ratios.items()))


if __name__ == "__main__":
    main()
