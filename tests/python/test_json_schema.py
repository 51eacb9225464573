#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Real --json output validates against docs/search-output.schema.json.

    test_json_schema.py INDEX_BIN SEARCH_BIN SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

import jsonschema

index_bin, search_bin, source = sys.argv[1:4]
schema = json.load(open(os.path.join(source, "docs", "search-output.schema.json"), encoding="utf-8"))
jsonschema.Draft202012Validator.check_schema(schema)
validator = jsonschema.Draft202012Validator(schema)
queries = [
    ["kim"], ["--facets", "all", "*"], ["--limit", "0", "year:2019"], ["zzyzx"], ["denuclearisaton"],
    ["--collapse", "kim"], ["--offset", "3", "--sort", "-date", "xi"], ["--like", "003_77f9973bf1b05105"],
    ["--show", "003_77f9973bf1b05105", "000_ffee1812b02ee5cf"], ["--show", "--query", "kim", "003_77f9973bf1b05105"],
    ["--histogram", "auto", "--facets", "day,month", "*"], ["--histogram", "week", "zzyzx"], ["--all", "kim"],
    ["kim beijing visit"], ["--no-collapse", "kim beijing visit"],
]
with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "db")
    subprocess.run([index_bin, "--db", db, "--progress", "never", os.path.join(source, "corpus"), os.path.join(source, "tests", "fixtures", "articles")], check=True, capture_output=True)
    checked = 0
    for q in queries:
        out = subprocess.run([search_bin, "--db", db, "--json"] + q, capture_output=True, text=True)
        assert out.returncode in (0, 1), (q, out.stderr)
        doc = json.loads(out.stdout)
        errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
        assert not errors, (q, [e.message for e in errors])
        checked += 1
    # Folded: `stories` beside `total` (and partial_stories beside
    # partial_total); a folded figure without its exactness fails.
    folded = json.loads(subprocess.run([search_bin, "--db", db, "--json", "kim beijing visit"], capture_output=True, text=True).stdout)
    assert "stories" in folded and "partial_stories" in folded, folded.keys()
    del folded["stories_exact"]
    assert list(validator.iter_errors(folded))
    # And the schema is strict: an unknown key or a wrong type fails.
    bad = json.loads(subprocess.run([search_bin, "--db", db, "--json", "kim"], capture_output=True, text=True).stdout)
    bad["hits"][0]["date"] = "10/01/2019"
    assert list(validator.iter_errors(bad))
    # Each entity's origin is one of three words.
    origins = json.loads(subprocess.run([search_bin, "--db", db, "--json", "kim"], capture_output=True, text=True).stdout)
    field, names = next(iter(origins["hits"][0]["entity_origins"].items()))
    assert set(names.values()) <= {"metadata", "gazetteer", "discovery"}, names
    names[next(iter(names))] = "text"
    assert list(validator.iter_errors(origins))
    shown = json.loads(subprocess.run([search_bin, "--db", db, "--json", "--show", "003_77f9973bf1b05105"], capture_output=True, text=True).stdout)
    del shown["articles"][0]["text"]
    assert list(validator.iter_errors(shown))
print("1 passed, 0 failed")
