#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Xapian's own Python bindings read a newsdex index with the documented
prefixes alone (docs/schema.md) and find what newsdex-search finds.

    test_bindings.py INDEX_BIN SEARCH_BIN SOURCE_DIR
"""
import json
import os
import subprocess
import sys
import tempfile

import xapian

index_bin, search_bin, source = sys.argv[1:4]
with tempfile.TemporaryDirectory() as tmp:
    for shards in ("1", "2"):
        db_path = os.path.join(tmp, "db" + shards)
        subprocess.run([index_bin, "--db", db_path, "--shards", shards, "--progress", "never", os.path.join(source, "corpus")], check=True, capture_output=True)
        db = xapian.Database(db_path)
        assert db.get_metadata("newsdex.schema_version") == b"1"

        # leader:Xi year:2019 from the documented prefixes: XLEADER: + the
        # folded canonical name, Y + the year; filters, so a boolean AND.
        query = xapian.Query(xapian.Query.OP_AND, [xapian.Query("XLEADER:xi jinping"), xapian.Query("Y2019")])
        enquire = xapian.Enquire(db)
        enquire.set_query(query)
        ours = sorted(json.loads(m.document.get_data())["id"] for m in enquire.get_mset(0, 100))

        out = subprocess.run([search_bin, "--db", db_path, "--format", "ids", "leader:Xi year:2019"], check=True, capture_output=True, text=True).stdout.split()
        assert ours == sorted(out), (ours, out)
        assert [i[:3] for i in ours] == ["001", "002"], ours

        # The value slots hold what schema.md says: slot 0 the local date.
        enquire.set_query(xapian.Query("Q002_3dc3d58046a9c6ed"))
        doc = next(iter(enquire.get_mset(0, 1))).document
        assert doc.get_value(0) == b"20190110" and doc.get_value(1) == b"2019" and doc.get_value(3) == b"South China Morning Post"
        assert b"Xi Jinping" in doc.get_value(5).split(b"\n")

        # xapian-delve shows the documented terms.
        delve = subprocess.run(["xapian-delve", "-t", "XCOUNTRY:north korea", db_path], check=True, capture_output=True, text=True).stdout
        assert "termfreq 5" in delve, delve
print("1 passed, 0 failed")
