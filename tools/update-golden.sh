#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Regenerates what the tests compare against: the generated block of
# docs/schema.md and the CLI golden files. Review the diff before committing.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
cmake --build build >/dev/null

fields=$(./build/bin/newsdex-search --help-fields --verbose)
python3 - "$fields" <<'PY'
import re, sys
path = "docs/schema.md"
text = open(path, encoding="utf-8").read()
block = "<!-- BEGIN GENERATED: schema -->\n" + sys.argv[1] + "\n<!-- END GENERATED: schema -->"
text = re.sub(r"<!-- BEGIN GENERATED: schema -->.*?<!-- END GENERATED: schema -->", lambda m: block, text, flags=re.S)
open(path, "w", encoding="utf-8").write(text)
PY

NEWSDEX_UPDATE_GOLDEN=1 ./build/bin/newsdex_cli_tests >/dev/null
git status --short docs tests/cli/golden
