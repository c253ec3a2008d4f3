#!/usr/bin/env bash
# `cmake --install` puts library, headers, CLI, geodata and styles in place, and another project
# builds against the library with find_package(depomap).
set -euo pipefail
: "${DEPOMAP:?}" "${WORK:?}" "${BUILD:?}" "${SRC:?}"
rm -rf "$WORK" && mkdir -p "$WORK"
fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$BUILD" --prefix "$WORK/prefix" >/dev/null
for f in bin/depomap lib/depomap/depomap-gdal.so include/depomap/store.hpp share/depomap/geodata/deposits.csv \
         share/depomap/styles/deposits.qml lib/cmake/depomap/depomapConfig.cmake; do
  [ -e "$WORK/prefix/$f" ] || fail "not installed: $f"
done

# The installed CLI finds its installed GDAL module (init needs it) and the installed atlas
# through DEPOMAP_DATA_DIR.
DEPOMAP_DATA_DIR="$WORK/prefix/share/depomap" "$WORK/prefix/bin/depomap" init --db "$WORK/a.sqlite" --atlas -q
n=$("$WORK/prefix/bin/depomap" sql --db "$WORK/a.sqlite" -f csv "SELECT count(*) FROM deposits" | tail -1 | tr -d '\r')
[ "$n" -ge 45 ] || fail "installed atlas has $n deposits"

# ...and without it, relative to itself: installed under any prefix, then moved, it reads its own
# share/depomap, never the source tree.
# (moved out of the build tree, where a program may read the source tree's atlas)
MOVED=$(mktemp -d /tmp/depomap-moved.XXXXXX)
trap 'rm -rf "$MOVED"' EXIT
mv "$WORK/prefix" "$MOVED/prefix"
env -u DEPOMAP_DATA_DIR "$MOVED/prefix/bin/depomap" init --db "$WORK/m.sqlite" --atlas -q 2>"$WORK/err" ||
  fail "the moved installation's init --atlas failed: $(cat "$WORK/err")"
rm -rf "$MOVED/prefix/share/depomap/geodata"
if env -u DEPOMAP_DATA_DIR "$MOVED/prefix/bin/depomap" init --db "$WORK/n.sqlite" --atlas -q 2>"$WORK/err"; then
  fail "an installation without its geodata read another atlas (the source tree's?)"
fi
grep -q "no atlas folder" "$WORK/err" || fail "missing atlas: $(cat "$WORK/err")"
rm -rf "$MOVED/prefix"
cmake --install "$BUILD" --prefix "$WORK/prefix" >/dev/null

# A shared library with its SONAME beside the static ones, and a pkg-config file that builds a
# program against it.
soname=$(readelf -d "$WORK/prefix/lib/libdepomap.so" | sed -n 's/.*Library soname: \[\(.*\)\]/\1/p')
[ "$soname" = "libdepomap.so.0" ] || fail "SONAME is '$soname'"
[ -e "$WORK/prefix/lib/libdepomap_gdal.a" ] && [ -e "$WORK/prefix/lib/libdepomap_base.a" ] || fail "static libraries missing"
export PKG_CONFIG_PATH="$WORK/prefix/lib/pkgconfig"
[ "$(pkg-config --modversion depomap)" = "$(sed -n 's/^project(depomap VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")" ] ||
  fail "pkg-config --modversion: $(pkg-config --modversion depomap 2>&1)"
# shellcheck disable=SC2046
c++ -std=c++20 -o "$WORK/pc_consumer" "$SRC/tests/package/consumer.cpp" $(pkg-config --cflags --libs depomap) ||
  fail "building against pkg-config's flags failed"
readelf -d "$WORK/pc_consumer" | grep -q 'NEEDED.*\[libdepomap.so.0\]' || fail "pc_consumer does not need libdepomap.so.0"
[ "$(LD_LIBRARY_PATH="$WORK/prefix/lib" "$WORK/pc_consumer" "$WORK/pc.sqlite")" = "3 6" ] ||
  fail "pc_consumer printed the wrong answer"

# A man page per verb and bash/zsh completion, generated from the verb registry.
for verb in $("$WORK/prefix/bin/depomap" --help | sed -n '/^Subcommands:/,$p' | awk 'NR > 1 && /^  [a-z]/ {print $1}'); do
  page="$WORK/prefix/share/man/man1/depomap-$verb.1"
  [ -s "$page" ] || fail "no man page for $verb"
  grep -q '^\.SH EXAMPLES' "$page" || fail "depomap-$verb.1 has no examples"
done
[ -s "$WORK/prefix/share/man/man1/depomap.1" ] || fail "no depomap.1"
if command -v man >/dev/null; then
  MANWIDTH=100 man -l "$WORK/prefix/share/man/man1/depomap-within.1" 2>/dev/null | grep -q -- "--km" || fail "man -l depomap-within.1"
fi
comp="$WORK/prefix/share/bash-completion/completions/depomap"
got=$(bash -c 'source "$1"; COMP_WORDS=(depomap wit); COMP_CWORD=1; _depomap; echo "${COMPREPLY[*]}"' _ "$comp")
[ "$got" = "within" ] || fail "bash completion of 'depomap wit': '$got'"
got=$(bash -c 'source "$1"; COMP_WORDS=(depomap within --db x --k); COMP_CWORD=4; _depomap; echo "${COMPREPLY[*]}"' _ "$comp")
[ "$got" = "--km" ] || fail "bash completion of 'depomap within --k': '$got'"
zcomp="$WORK/prefix/share/zsh/site-functions/_depomap"
grep -q '^#compdef depomap' "$zcomp" || fail "no zsh completion"
if command -v zsh >/dev/null; then zsh -n "$zcomp" || fail "zsh completion does not parse"; fi

cmake -S "$SRC/tests/package" -B "$WORK/consumer" -DCMAKE_PREFIX_PATH="$WORK/prefix" >/dev/null
cmake --build "$WORK/consumer" >/dev/null
out=$("$WORK/consumer/consumer" "$WORK/c.sqlite")
[ "$out" = "3 6" ] || fail "consumer printed '$out', expected '3 6'"
echo "install and find_package work"
