#!/bin/sh
# SPDX-License-Identifier: MIT
# The man pages render without a warning: groff -ww (every warning) with
# the man macros, and mandoc -T lint when it is installed.
set -u
root=$1
status=0
for page in "$root"/docs/man/*.[0-9]; do
    out=$(groff -ww -man -z "$page" 2>&1)
    if [ -n "$out" ]; then
        echo "$page: groff -ww:"
        echo "$out"
        status=1
    fi
    if command -v mandoc >/dev/null 2>&1; then
        out=$(mandoc -T lint -W warning "$page" 2>&1)
        if [ -n "$out" ]; then
            echo "$page: mandoc -T lint:"
            echo "$out"
            status=1
        fi
    fi
done
exit $status
