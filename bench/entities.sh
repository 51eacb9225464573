#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Entity extraction quality: precision and recall against the hand-written
# gold (tests/fixtures/entities-gold.tsv), with every extra and missing entity.
#   bench/entities.sh            (builds build/ first)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cmake --build build --target newsdex_index_tests >/dev/null
./build/bin/newsdex_index_tests --gtest_filter='EntityQuality.*' | grep -E '^(  extra|  missing|entity precision)'
