#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Entity extraction on Reuters-21578 against its editors' tags.

   entities_reuters.py --jsonl reuters.jsonl [--mirror GIT_DIR] --work DIR
                       [--bin build/bin] [--source .] [--reuse]

1. Writes the articles without `places`, `people`, `orgs` and `topics`
   (WORK/stripped.jsonl) and indexes them with newsdex-index (WORK/index),
   timing it; --reuse keeps an index an earlier run left.
2. Reads every article's entities back with
   `newsdex-search --json --limit all '*'`.
3. Compares, per article, the `country` values with the editors' `places`
   and the `person` values with the editors' `people` (taken from the
   mirror's SGML, since its JSON leaves them out: give --mirror, the git
   directory of mihaibogdan10/json-reuters-21578).
4. Lists the 200 most frequent person values and every leader value, and
   every leader value of an article dated outside the holder's offices
   (entities/offices.tsv), for judging by hand.

How tags are read (bench/RESULTS.md says it too):
- A `places` code is resolved through the gazetteer as newsdex-index
  resolves metadata: hyphens read as spaces, any name or alias of a
  `country` entity of entities/countries.tsv and historical.tsv, in any
  case (`usa` United States, `west-germany` West Germany, `ussr` Soviet
  Union). A code that names no country (or several) is left out of both
  precision and recall and listed.
- A tag counts against recall only when the article's title or body names
  it: a country by its canonical name, an alias, a one-word name or a
  demonym (`Japanese` names Japan), a person by a name of their gazetteer
  entity or by the tag's words (`james-baker`: "James Baker"; `reagan`:
  "Reagan"). Names in capitals (`USSR`, `U.S.`) must be in capitals in the
  text, other names match in any case. Tags the text never names are
  counted and reported apart.
- Person precision is measured on a closed list: a person value is judged
  only when it is one of the people the editors tag anywhere in the
  collection (the tag's words end the value: `reagan` judges
  "Ronald Reagan", `james-baker` "James Baker"); it is right when that
  article carries the tag. The editors tag only people of their list (114
  distinct tags in the collection, of the 267 the list holds), so any other
  person value cannot be judged against them.
"""
import argparse
import collections
import json
import os
import re
import subprocess
import sys
import time
import unicodedata

WORD = re.compile(r"[^\W_]+", re.UNICODE)


def fold(s):
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


def words(s):
    return WORD.findall(fold(s))


def surface_words(s):
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    return WORD.findall(s)


class Gazetteer:
    """The names of entities/*.tsv: type, canonical name, every name."""

    def __init__(self, source):
        self.names = collections.defaultdict(set)  # (type, canonical) -> names
        self.by_name = collections.defaultdict(set)  # folded name -> {(type, canonical)}
        self.offices = collections.defaultdict(list)  # holder -> [(start, end)]
        folder = os.path.join(source, "entities")
        for file in sorted(os.listdir(folder)):
            if not file.endswith(".tsv") or file in ("titles.tsv", "offices.tsv"):
                continue
            with open(os.path.join(folder, file), encoding="utf-8") as f:
                for line in f:
                    line = line.rstrip("\n")
                    if not line or line.startswith("#"):
                        continue
                    cells = line.split("\t") + [""] * 8
                    kind, name = cells[0], cells[1]
                    if kind not in ("leader", "person", "country", "place", "org"):
                        continue
                    key = ("person" if kind == "leader" else kind, name)
                    all_names = [name]
                    for column in (2, 3, 4):
                        all_names += [n.strip().rstrip("!") for n in cells[column].split("|")]
                    self.names[key].update(n for n in all_names if n)
                    for n in [name] + [n.strip() for n in cells[2].split("|")]:
                        if n:
                            self.by_name[" ".join(words(n))].add(key)
        with open(os.path.join(folder, "offices.tsv"), encoding="utf-8") as f:
            for line in f:
                cells = line.rstrip("\n").split("\t")
                if line.startswith("#") or len(cells) < 5 or not cells[2]:
                    continue
                self.offices[cells[2]].append((cells[3], cells[4] or "9999-12-31"))

    def resolve(self, code, kind):
        found = {k for k in self.by_name.get(" ".join(words(code.replace("-", " "))), ()) if k[0] == kind}
        return next(iter(found))[1] if len(found) == 1 else None


class Mentions:
    """Finds which of a set of entities an article's text names."""

    def __init__(self):
        self.first = collections.defaultdict(list)  # first word -> [(words, caps, key)]

    def add(self, key, name):
        caps = name.upper() == name and any(c.isalpha() for c in name)
        w = surface_words(name) if caps else words(name)
        if w:
            self.first[w[0]].append((w, caps, key))

    def named(self, text):
        upper = surface_words(text)
        lower = [w.lower() for w in upper]
        out = set()
        for i in range(len(lower)):
            for w, caps, key in self.first.get(upper[i], []) + self.first.get(lower[i], []):
                seq = upper if caps else lower
                if seq[i:i + len(w)] == w:
                    out.add(key)
        return out


def sgml_people(mirror):
    """NEWID -> people tags, from the mirror's SGML files."""
    out = {}
    listing = subprocess.run(
        ["git", "--git-dir", mirror, "ls-tree", "--name-only", "HEAD", "sgm-data/"],
        check=True, capture_output=True, text=True).stdout.split()
    for path in listing:
        if not path.endswith(".sgm"):
            continue
        text = subprocess.run(["git", "--git-dir", mirror, "show", "HEAD:" + path],
                              check=True, capture_output=True).stdout.decode("latin-1")
        for doc in re.finditer(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', text, re.S):
            people = re.search(r"<PEOPLE>(.*?)</PEOPLE>", doc.group(2), re.S)
            out[int(doc.group(1))] = re.findall(r"<D>(.*?)</D>", people.group(1)) if people else []
    return out


def ratio(a, b):
    return a / b if b else float("nan")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--jsonl", required=True)
    p.add_argument("--mirror")
    p.add_argument("--work", required=True)
    p.add_argument("--bin", default="build/bin")
    p.add_argument("--source", default=".")
    p.add_argument("--reuse", action="store_true")
    p.add_argument("--top", type=int, default=200)
    args = p.parse_args()
    os.makedirs(args.work, exist_ok=True)

    articles = {}
    with open(args.jsonl, encoding="utf-8") as f:
        for line in f:
            a = json.loads(line)
            articles[int(a["id"])] = a
    people = sgml_people(args.mirror) if args.mirror else None

    index = os.path.join(args.work, "index")
    if not (args.reuse and os.path.isdir(index)):
        stripped = os.path.join(args.work, "stripped.jsonl")
        with open(stripped, "w", encoding="utf-8") as out:
            for a in articles.values():
                out.write(json.dumps({k: a[k] for k in ("id", "title", "date", "body")}) + "\n")
        subprocess.run(["rm", "-rf", index], check=True)
        start = time.monotonic()
        cpu = os.times()
        subprocess.run([os.path.join(args.bin, "newsdex-index"), "--db", index, "--progress", "never",
                        stripped], check=True, stdout=subprocess.DEVNULL)
        after = os.times()
        print("indexed %d articles in %.1f s (%.1f s CPU)" % (
            len(articles), time.monotonic() - start,
            after.children_user - cpu.children_user + after.children_system - cpu.children_system))

    dump = subprocess.run([os.path.join(args.bin, "newsdex-search"), "--db", index, "--json",
                           "--limit", "all", "*"], check=True, capture_output=True).stdout
    found = {}
    for hit in json.loads(dump)["hits"]:
        found[int(hit["id"])] = (hit.get("date", ""), hit.get("entities", {}))

    g = Gazetteer(args.source)
    countries = {k for k in g.names if k[0] == "country"}
    country_text = Mentions()
    for key in countries:
        for n in g.names[key]:
            country_text.add(key[1], n)

    # Countries.
    unresolved = collections.Counter()
    tp = fp = fn = fn_unnamed = 0
    extra = collections.Counter()
    missing = collections.Counter()
    for id_, a in articles.items():
        date, ents = found.get(id_, ("", {}))
        gold = set()
        for code in a.get("places") or []:
            c = g.resolve(code, "country")
            if c is None:
                unresolved[code] += 1
            else:
                gold.add(c)
        got = set(ents.get("country", []))
        named = country_text.named(a["title"] + "\n" + a["body"]) if gold - got else set()
        tp += len(gold & got)
        for c in got - gold:
            fp += 1
            extra[c] += 1
        for c in gold - got:
            if c in named:
                fn += 1
                missing[c] += 1
            else:
                fn_unnamed += 1
    print("\n== Countries: newsdex `country` against the editors' `places` (%d articles)" % len(articles))
    print("country precision %.3f (%d/%d), recall %.3f (%d/%d); %d tags the text never names left out"
          % (ratio(tp, tp + fp), tp, tp + fp, ratio(tp, tp + fn), tp, tp + fn, fn_unnamed))
    print("places codes naming no single country (left out): %s"
          % (", ".join("%s %d" % kv for kv in unresolved.most_common()) or "none"))
    print("most frequent extra: " + ", ".join("%s %d" % kv for kv in extra.most_common(25)))
    print("most frequent missing: " + ", ".join("%s %d" % kv for kv in missing.most_common(25)))

    # People.
    if people is not None:
        vocabulary = {t for tags in people.values() for t in tags}
        person_text = Mentions()
        tag_words = {}
        for t in vocabulary:
            tag_words[t] = words(t.replace("-", " "))
            person_text.add(t, " ".join(tag_words[t]))
            c = g.resolve(t, "person")
            if c is not None:
                for n in g.names[("person", c)]:
                    person_text.add(t, n)

        def tags_of(value):
            w = words(value)
            return {t for t, tw in tag_words.items() if w[-len(tw):] == tw}

        judged = {}
        tp = fp = fn = fn_unnamed = 0
        extra = collections.Counter()
        missing = collections.Counter()
        for id_, a in articles.items():
            gold = set(people.get(id_, []))
            _, ents = found.get(id_, ("", {}))
            got = set()
            for v in ents.get("person", []):
                if v not in judged:
                    judged[v] = tags_of(v)
                if judged[v]:
                    got |= {(v, t) for t in judged[v]}
            hit_tags = {t for _, t in got}
            for v, t in got:
                if t in gold:
                    tp += 1
                else:
                    fp += 1
                    extra[v] += 1
            named = person_text.named(a["title"] + "\n" + a["body"]) if gold - hit_tags else set()
            for t in gold - hit_tags:
                if t in named:
                    fn += 1
                    missing[t] += 1
                else:
                    fn_unnamed += 1
        print("\n== People: newsdex `person` against the editors' `people` (%d tags in %d articles)"
              % (sum(len(v) for v in people.values() if v), sum(1 for v in people.values() if v)))
        print("person precision %.3f (%d/%d) on values the editors' list names, recall %.3f (%d/%d); "
              "%d tags the text never names left out"
              % (ratio(tp, tp + fp), tp, tp + fp, ratio(tp, tp + fn), tp, tp + fn, fn_unnamed))
        print("most frequent extra: " + ", ".join("%s %d" % kv for kv in extra.most_common(20)))
        print("most frequent missing: " + ", ".join("%s %d" % kv for kv in missing.most_common(20)))

    # Values to judge by hand, and leaders out of office.
    persons = collections.Counter()
    leaders = collections.Counter()
    out_of_office = collections.Counter()
    for date, ents in found.values():
        persons.update(set(ents.get("person", [])))
        for v in set(ents.get("leader", [])):
            leaders[v] += 1
            terms = g.offices.get(v)
            if terms and date and not any(s <= date[:10] <= e for s, e in terms):
                out_of_office[v] += 1
    with open(os.path.join(args.work, "persons.tsv"), "w", encoding="utf-8") as f:
        for v, n in persons.most_common(args.top):
            f.write("%s\t%d\n" % (v, n))
    with open(os.path.join(args.work, "leaders.tsv"), "w", encoding="utf-8") as f:
        for v, n in leaders.most_common():
            f.write("%s\t%d\t%s\n" % (v, n, "offices" if v in g.offices else "discovered"))
    print("\n== Values to judge: the %d most frequent persons in %s, the %d leaders in %s"
          % (min(args.top, len(persons)), os.path.join(args.work, "persons.tsv"), len(leaders),
             os.path.join(args.work, "leaders.tsv")))
    print("leader values dated outside the holder's offices: %d%s" % (
        sum(out_of_office.values()),
        "".join(" (%s %d)" % kv for kv in out_of_office.most_common(10))))
    print("leaders: " + ", ".join("%s %d" % kv for kv in leaders.most_common(40)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
