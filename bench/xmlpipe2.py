#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""JSON Lines articles as a Sphinx xmlpipe2 stream (for bench/index.sh)."""
import json
import sys
from xml.sax.saxutils import escape

print('<?xml version="1.0" encoding="utf-8"?>')
print('<sphinx:docset><sphinx:schema><sphinx:field name="title"/><sphinx:field name="body"/></sphinx:schema>')
with open(sys.argv[1], encoding="utf-8") as f:
    for i, line in enumerate(f, 1):
        a = json.loads(line)
        print('<sphinx:document id="%d"><title>%s</title><body>%s</body></sphinx:document>'
              % (i, escape(a.get("title", "")), escape(a.get("body", ""))))
print('</sphinx:docset>')
