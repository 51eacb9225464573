#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Ranking quality: nDCG@10 and P@5 of newsdex and of plain Xapian BM25 on
# the judged queries of bench/relevance/judgments.tsv, in one run.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cmake --build build --target newsdex-relevance >/dev/null
./build/bin/newsdex-relevance "$(pwd)" "${TMPDIR:-/tmp}/newsdex-relevance"
