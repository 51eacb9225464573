#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""The C API from Python through ctypes, on the shipped corpus.

    test_capi.py LIBNEWSDEX.so INDEX_BIN SOURCE_DIR
"""
import ctypes
import json
import os
import subprocess
import sys
import tempfile

lib_path, index_bin, source = sys.argv[1:4]
lib = ctypes.CDLL(lib_path)
lib.newsdex_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
lib.newsdex_search_json.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
lib.newsdex_close.argtypes = [ctypes.c_void_p]
lib.newsdex_writer_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
lib.newsdex_index_json.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.POINTER(ctypes.c_char_p)]
lib.newsdex_writer_close.argtypes = [ctypes.c_void_p]
lib.newsdex_last_error.restype = ctypes.c_char_p
lib.newsdex_free.argtypes = [ctypes.c_void_p]


def search(handle, query, options=None):
    out = ctypes.c_void_p()
    rc = lib.newsdex_search_json(handle, query.encode(), json.dumps(options).encode() if options else None, ctypes.byref(out))
    assert rc == 0, lib.newsdex_last_error().decode()
    text = ctypes.string_at(out).decode()
    lib.newsdex_free(out)
    return json.loads(text)


with tempfile.TemporaryDirectory() as tmp:
    db = os.path.join(tmp, "db")
    subprocess.run([index_bin, "--db", db, "--progress", "never", os.path.join(source, "corpus")], check=True, capture_output=True)

    handle = ctypes.c_void_p()
    assert lib.newsdex_open(db.encode(), ctypes.byref(handle)) == 0, lib.newsdex_last_error()
    result = search(handle, "leader:Xi year:2019", {"limit": 5, "facets": ["year"]})
    assert result["version"] == 1
    assert sorted(h["id"][:3] for h in result["hits"]) == ["001", "002"], result
    assert result["facets"]["year"] == {"2019": 2}, result["facets"]
    marked = search(handle, "pyongyang", {"hl_start": "[[", "hl_end": "]]", "limit": 1})
    assert "[[" in marked["hits"][0]["snippet"], marked
    # Partial matches after the exact ones, each saying what it lacks; none with "strict".
    tiered = search(handle, "kim summit singapore", {"limit": 50})
    matches = [h["match"] for h in tiered["hits"]]
    assert tiered["total"] == matches.count("all") and tiered["partial_total"] == matches.count("partial") > 0, tiered
    assert matches == sorted(matches), matches
    assert all(h["missing"] for h in tiered["hits"] if h["match"] == "partial"), tiered
    strict = search(handle, "kim summit singapore", {"limit": 50, "strict": True})
    assert "partial_total" not in strict and len(strict["hits"]) == tiered["total"], strict
    lib.newsdex_close(handle)

    # Errors: a code and a message naming the path.
    missing = ctypes.c_void_p()
    rc = lib.newsdex_open(os.path.join(tmp, "nope").encode(), ctypes.byref(missing))
    assert rc != 0
    assert "nope" in lib.newsdex_last_error().decode()
    handle = ctypes.c_void_p()
    assert lib.newsdex_open(db.encode(), ctypes.byref(handle)) == 0
    out = ctypes.c_void_p()
    assert lib.newsdex_search_json(handle, b'kim "unclosed', None, ctypes.byref(out)) != 0
    assert "unbalanced quote" in lib.newsdex_last_error().decode()
    lib.newsdex_close(handle)

    # Writing through the C API, then reading it back.
    db2 = os.path.join(tmp, "db2")
    writer = ctypes.c_void_p()
    assert lib.newsdex_writer_open(db2.encode(), ctypes.byref(writer)) == 0, lib.newsdex_last_error()
    outcome = ctypes.c_char_p()
    article = {"id": "py-1", "title": "From Python", "date": "2024-05-01", "body": "Written from Python about Pyongyang."}
    assert lib.newsdex_index_json(writer, json.dumps(article).encode(), ctypes.byref(outcome)) == 0, lib.newsdex_last_error()
    assert outcome.value == b"added"
    assert lib.newsdex_index_json(writer, json.dumps(article).encode(), ctypes.byref(outcome)) == 0
    assert outcome.value == b"unchanged"
    assert lib.newsdex_index_json(writer, b"{not json", None) != 0
    assert lib.newsdex_writer_close(writer) == 0
    handle = ctypes.c_void_p()
    assert lib.newsdex_open(db2.encode(), ctypes.byref(handle)) == 0
    assert [h["id"] for h in search(handle, "year:2024")["hits"]] == ["py-1"]
    lib.newsdex_close(handle)
print("1 passed, 0 failed")
