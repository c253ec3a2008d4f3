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

cmake -S "$SRC/tests/package" -B "$WORK/consumer" -DCMAKE_PREFIX_PATH="$WORK/prefix" >/dev/null
cmake --build "$WORK/consumer" >/dev/null
out=$("$WORK/consumer/consumer" "$WORK/c.sqlite")
[ "$out" = "2 5" ] || fail "consumer printed '$out', expected '2 5'"
echo "install and find_package work"
