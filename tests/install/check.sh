#!/bin/bash
# check.sh PREFIX — checks an installed relcore (make install PREFIX=...): pkg-config finds it;
# tests/install/example.c compiles with `pkg-config --cflags --libs relcore` and runs against the
# shared library, and with `--static` against the static one; the shared library's soname is
# versioned and it exports exactly the RC_API functions of relcore.h (nothing else, all of them).
set -euo pipefail
prefix=$(cd "$1" && pwd)
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
libdir=$(ls -d "$prefix"/lib*/pkgconfig | head -1 | xargs dirname)
export PKG_CONFIG_PATH="$libdir/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
CC=${CC:-cc}

pkg-config --exists relcore || { echo "pkg-config does not find relcore in $libdir/pkgconfig"; exit 1; }
test -f "$prefix/include/relcore.h"

# Shared: the program finds the library through the rpath-free LD_LIBRARY_PATH only.
$CC -std=c11 -Wall -Werror "$here/example.c" -o "$work/example" $(pkg-config --cflags --libs relcore)
LD_LIBRARY_PATH="$libdir" "$work/example"
# ldd's output is read whole before grep looks at it: with pipefail, `ldd | grep -q` fails
# whenever grep's early exit lands ldd a SIGPIPE.
deps=$(LD_LIBRARY_PATH="$libdir" ldd "$work/example")
grep -q "librelcore.so.[0-9]" <<< "$deps" \
  || { echo "example is not linked against the shared librelcore"; exit 1; }

# Static: no librelcore.so needed at run time.
$CC -std=c11 -Wall -Werror "$here/example.c" -o "$work/example_static" \
  $(pkg-config --cflags relcore) "$libdir/librelcore.a" $(pkg-config --static --libs-only-l relcore | sed 's/-lrelcore//')
"$work/example_static"
deps=$(ldd "$work/example_static" 2>&1 || true)
if grep -q librelcore <<< "$deps"; then echo "static example uses the shared library"; exit 1; fi

# The soname carries the major version.
so=$(readlink -f "$libdir/librelcore.so")
soname=$(objdump -p "$so" | awk '/SONAME/ {print $2}')
[[ "$soname" =~ ^librelcore\.so\.[0-9]+$ ]] || { echo "soname '$soname' is not versioned"; exit 1; }
test -e "$libdir/$soname"

# Exports: exactly the RC_API functions of the header.
grep -oE '^RC_API [^(]*\brc_[a-z0-9_]+\(' "$prefix/include/relcore.h" | grep -oE 'rc_[a-z0-9_]+\($' \
  | tr -d '(' | sort -u > "$work/declared"
nm -D --defined-only "$so" | awk '$2 ~ /^[TDBR]$/ {print $3}' | sort -u > "$work/exported"
if ! diff -u "$work/declared" "$work/exported"; then
  echo "librelcore.so exports differ from the RC_API functions of relcore.h (- declared only, + exported only)"
  exit 1
fi
echo "installed library: $(wc -l < "$work/declared") functions exported, shared and static programs ran"
