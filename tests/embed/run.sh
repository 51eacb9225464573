#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Installs the build to a temporary prefix, builds two consumers against the
# installed package (one with find_package, one with pkg-config), runs them
# on the shipped corpus, and checks what the installed shared library exports.
#   tests/embed/run.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
BUILD=$(cd "$1" && pwd)
SRC=$(cd "$2" && pwd)
PREFIX=$(mktemp -d)
trap 'rm -rf "$PREFIX"' EXIT

cmake --install "$BUILD" --prefix "$PREFIX" >/dev/null
LIB="$PREFIX/lib"
[ -d "$LIB" ] || LIB=$(dirname "$(find "$PREFIX" -name 'libnewsdex.so' | head -1)")

# 1. The installed tools work, and find the installed corpus.
"$PREFIX/bin/newsdex-index" --db "$PREFIX/db" --progress never >/dev/null
"$PREFIX/bin/newsdex-search" --db "$PREFIX/db" --count 'leader:Xi' | grep -qx 4

# 2. find_package(newsdex): three lines of CMake.
cmake -S "$SRC/tests/embed" -B "$PREFIX/cmake-consumer" -G Ninja -DCMAKE_PREFIX_PATH="$PREFIX" >/dev/null
cmake --build "$PREFIX/cmake-consumer" >/dev/null
"$PREFIX/cmake-consumer/embed_search" "$PREFIX/db" 'leader:Xi year:2019' | grep -q '^2 results$'

# 3. pkg-config.
export PKG_CONFIG_PATH="$LIB/pkgconfig"
c++ "$SRC/examples/index.cc" $(pkg-config --cflags --libs newsdex) -Wl,-rpath,"$LIB" -o "$PREFIX/pc-consumer"
"$PREFIX/pc-consumer" "$PREFIX/db2" | grep -qx 'example-1'
# A static link with what pkg-config --static lists (libnewsdex.a itself
# named by path, the rest as listed).
static_libs=$(pkg-config --static --libs newsdex | sed 's/ -lnewsdex / /')
# shellcheck disable=SC2086
c++ "$SRC/examples/index.cc" $(pkg-config --cflags newsdex) "$LIB/libnewsdex.a" $static_libs -o "$PREFIX/static-consumer"
"$PREFIX/static-consumer" "$PREFIX/db3" | grep -qx 'example-1'

# 4. The shared library exports only newsdex's API: C++ symbols in the
#    newsdex:: namespace and the C API's newsdex_* functions.
bad=$(nm -D --defined-only "$LIB/libnewsdex.so" | awk '{print $3}' | c++filt \
    | grep -v -E '^(newsdex::|newsdex_|typeinfo (name )?for newsdex::|vtable for newsdex::|_init$|_fini$|_edata$|_end$|__bss_start$)' || true)
if [ -n "$bad" ]; then
    echo "libnewsdex.so exports symbols outside newsdex::" >&2
    echo "$bad" | head -20 >&2
    exit 1
fi

# 5. The man pages render.
for page in "$PREFIX"/share/man/man1/newsdex-index.1 "$PREFIX"/share/man/man1/newsdex-search.1 \
    "$PREFIX"/share/man/man1/newsdex-serve.1 "$PREFIX"/share/man/man7/newsdex-query.7; do
    MANWIDTH=80 man -l "$page" 2>&1 >/dev/null | grep . && { echo "man -l $page warns" >&2; exit 1; }
    MANWIDTH=80 man -l "$page" | grep -q newsdex
done
echo "embed: installed package, find_package, pkg-config, exported symbols and man pages OK"
