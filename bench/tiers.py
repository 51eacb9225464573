#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Partial tiers: what they find and what they cost, on a real archive.

For each query, the exact matches (`total`), the partial ones
(`partial_total`), and the median time of a first page of 10 hits with
partial tiers and with strict=true, in process through the C API, as a
ratio measured in the same run (the two alternate). With SNIPPETS=0 the
hits have no snippet (the cost of the search alone: a strict page of 2
hits makes 2 snippets, a tiered one 10). Usage:

  [SNIPPETS=0] bench/tiers.py LIBNEWSDEX.so DB [REPEAT]
"""
import ctypes
import json
import os
import statistics
import sys
import time

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


def main():
    lib = ctypes.CDLL(sys.argv[1])
    lib.newsdex_open.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_void_p)]
    lib.newsdex_search_json.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p,
                                        ctypes.POINTER(ctypes.c_void_p)]
    lib.newsdex_close.argtypes = [ctypes.c_void_p]
    lib.newsdex_last_error.restype = ctypes.c_char_p
    lib.newsdex_free.argtypes = [ctypes.c_void_p]
    repeat = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    handle = ctypes.c_void_p()
    assert lib.newsdex_open(sys.argv[2].encode(), ctypes.byref(handle)) == 0, lib.newsdex_last_error()

    def search(query, strict):
        out = ctypes.c_void_p()
        options = {"limit": 10, "strict": strict}
        if os.environ.get("SNIPPETS") == "0":
            options["snippet_length"] = 0
        options = json.dumps(options).encode()
        assert lib.newsdex_search_json(handle, query.encode(), options, ctypes.byref(out)) == 0, \
            lib.newsdex_last_error().decode()
        result = json.loads(ctypes.string_at(out).decode())
        lib.newsdex_free(out)
        return result

    snippets = "without" if os.environ.get("SNIPPETS") == "0" else "with"
    print(f"median of {repeat} runs, first page of 10 {snippets} snippets")
    print(f"{'query':28} {'exact':>6} {'partial':>8} {'strict ms':>10} {'tiers ms':>9} {'ratio':>6}")
    ratios = []
    for q in QUERIES:
        r = search(q, False)
        strict_times, tier_times = [], []
        for _ in range(repeat):
            t = time.perf_counter()
            search(q, True)
            strict_times.append(time.perf_counter() - t)
            t = time.perf_counter()
            search(q, False)
            tier_times.append(time.perf_counter() - t)
        s, p = statistics.median(strict_times), statistics.median(tier_times)
        ratios.append(p / s)
        print(f"{q:28} {r['total']:>6} {r.get('partial_total', 0):>8} {s * 1000:>10.2f} {p * 1000:>9.2f} {p / s:>6.2f}")
    print(f"median ratio tiers/strict: {statistics.median(ratios):.2f}")
    lib.newsdex_close(handle)


if __name__ == "__main__":
    main()
