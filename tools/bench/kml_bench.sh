#!/usr/bin/env bash
# KML benchmark: depomap export and convert to KML vs `ogr2ogr -f KML`, on the same data, in the
# same run.
#
#   tools/bench/kml_bench.sh [N] [--runs R] [--meaning] [--workdir DIR] [--keep] [--depomap PATH]
#
# Generates N (default 8000) deposit points (gen_points.cpp, ten attributes) and loads them into a
# store (neither timed), then times each command R times (default 3) under /usr/bin/time and keeps
# the best wall time (with its CPU time) and the highest peak RSS (%M):
#   export:  depomap export -f KML --layer deposits -o TMP.kml      vs  ogr2ogr -f KML /vsistdout/ store.sqlite deposits
#   convert: depomap convert points.geojson -f KML -o TMP            vs  ogr2ogr -f KML /vsistdout/ points.geojson
# ogr2ogr writes to stdout, which the script discards; depomap has no stdout target (and a
# device named with -o is never used as a sink here): export writes a file and convert a folder in
# the work folder, removed after each run. Before timing, one output of each is written to a file and
# its features counted with ogrinfo (all four must hold N); with --meaning depomap's two are also
# compared with the source by meaning as GDAL and QGIS read them (kml_meaning.py, not timed).
# Prints the time ratios depomap/ogr2ogr (wall and CPU: on a shared machine wall time also counts
# waiting for a core). Exit 0 when the outputs agree, 1 otherwise, 2 on bad usage.
#
# Figures, 2026-12-05, the shared 2-core VM (Debian 12, GDAL 3.6.2), depomap RelWithDebInfo
# (build/depomap) with the streaming KML writer (src/gdal/output/kml_writer.cpp), other work running
# (load average 8 to 10); best of 3, wall / CPU / peak RSS:
#   tools/bench/kml_bench.sh 8000 --meaning
#     depomap export   0.28 s / 0.11 s / 51.6 MiB    ogr2ogr (store)    0.49 s / 0.18 s / 52.6 MiB   ratio 0.57 wall, 0.61 CPU
#     depomap convert  0.55 s / 0.22 s / 59.0 MiB    ogr2ogr (GeoJSON)  0.69 s / 0.27 s / 49.5 MiB   ratio 0.80 wall, 0.81 CPU
#   tools/bench/kml_bench.sh 100000 --meaning
#     depomap export   0.94 s / 0.42 s / 68.7 MiB    ogr2ogr (store)    3.13 s / 1.34 s / 52.4 MiB   ratio 0.30 wall, 0.31 CPU
#     depomap convert  3.47 s / 1.57 s / 58.8 MiB    ogr2ogr (GeoJSON)  6.65 s / 2.73 s / 49.2 MiB   ratio 0.52 wall, 0.58 CPU
#   Both runs: every output held the N features; GDAL (LIBKML reader) and QGIS read depomap's two
#   with every value and point of the source. Export's peak grows with the store it maps (the
#   same for GeoJSON), not with the KML. Linear in N: 12.5 times the points cost depomap 3.8
#   (export) and 7.1 (convert) times the CPU, start-up included.
# GDAL's LIBKML driver, which export and convert used before, is quadratic: `ogr2ogr -f LIBKML`
# of gen_points' 2,000 points took 7.2 s wall / 4.8 s CPU, of 8,000 points 468.8 s / 188.8 s /
# 122 MiB (same machine and day, load average about 10).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
n=8000
runs=3
workdir=""
keep=0
meaning=0
depomap="${DEPOMAP:-}"
while [[ $# -gt 0 ]]; do
    case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --meaning) meaning=1; shift ;;
    --workdir) workdir="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --depomap) depomap="$2"; shift 2 ;;
    -h | --help) sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) n="$1"; shift ;;
    *) echo "kml_bench: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[[ "$n" =~ ^[1-9][0-9]*$ && "$runs" =~ ^[1-9][0-9]*$ ]] || { echo "kml_bench: N and --runs are positive integers" >&2; exit 2; }
if [[ -z "$depomap" ]]; then
    for candidate in "$repo/build-bench/depomap" "$repo/build-release/depomap" "$repo/build/depomap"; do
        if [[ -x "$candidate" ]]; then depomap="$candidate"; break; fi
    done
fi
depomap="$(realpath "$depomap" 2>/dev/null || echo "$depomap")"
[[ -n "$depomap" && -x "$depomap" ]] || { echo "kml_bench: no depomap binary (--depomap PATH)" >&2; exit 2; }
for tool in ogr2ogr ogrinfo g++ python3 /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "kml_bench: '$tool' not found" >&2; exit 2; }
done
if [[ -z "$workdir" ]]; then
    workdir="$(mktemp -d "${TMPDIR:-/tmp}/depomap-kml-bench.XXXXXX")"
    [[ $keep -eq 1 ]] || trap 'rm -rf "$workdir"' EXIT
fi
mkdir -p "$workdir"
cd "$workdir"

echo "kml_bench: $n points, best of $runs, depomap $depomap, work in $workdir" >&2
g++ -O2 -std=c++20 -o gen_points "$here/gen_points.cpp"
./gen_points "$n" >points.geojson
rm -f store.sqlite*
"$depomap" init -q --db store.sqlite
"$depomap" load -q --db store.sqlite --layer deposits points.geojson

# The outputs, once, into files: each must hold the N features.
count() { ogrinfo -ro -so -al "$1" | awk '/^Feature Count: / { s += $3 } END { print s + 0 }'; }
status=0
rm -rf check && mkdir check
{
    "$depomap" export -q --db store.sqlite -f KML --layer deposits -o check/export.kml
    "$depomap" convert -q points.geojson -f KML -o check/convert
    ogr2ogr -f KML check/ogr_store.kml store.sqlite deposits
    ogr2ogr -f KML check/ogr_geojson.kml points.geojson
} 2>check.err || { cat check.err >&2; exit 1; }
for f in check/export.kml check/convert/points.kml check/ogr_store.kml check/ogr_geojson.kml; do
    c=$(count "$f")
    [[ "$c" == "$n" ]] || { echo "  $f holds $c features, not $n" >&2; status=1; }
done
if [[ $meaning -eq 1 ]]; then
    for f in check/export.kml check/convert/points.kml; do
        echo "  $f:"
        QT_QPA_PLATFORM=offscreen /usr/bin/python3 "$here/kml_meaning.py" points.geojson "$f" 2>meaning.err |
            sed "s/^/    /" || { status=1; cat meaning.err >&2; }
    done
fi
rm -rf check

# best LABEL CMD...: runs CMD $runs times (stdout discarded); the best wall time and its CPU time,
# and the highest peak RSS, into $WALL / $CPU / $RSS, and prints them.
best() {
    local label=$1 i wall rss user sys
    shift
    WALL="" CPU="" RSS=0
    for ((i = 0; i < runs; i++)); do
        rm -rf out timed.kml
        /usr/bin/time -f "%e %M %U %S" -o time.txt "$@" >/dev/null 2>run.err ||
            { echo "$label failed:" >&2; cat run.err >&2; exit 1; }
        rm -rf out timed.kml
        read -r wall rss user sys <time.txt
        if [[ -z "$WALL" ]] || python3 -c "import sys; sys.exit(0 if $wall < $WALL else 1)"; then
            WALL=$wall
            CPU=$(python3 -c "print(f'{$user + $sys:.2f}')")
        fi
        ((rss > RSS)) && RSS=$rss
    done
    printf '  %-20s %8.2f s wall %8.2f s CPU %8.1f MiB peak\n' "$label" "$WALL" "$CPU" "$(python3 -c "print($RSS / 1024)")"
}

echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
best "depomap export" "$depomap" export -q --db store.sqlite -f KML --layer deposits -o timed.kml
de=$WALL dec=$CPU
best "ogr2ogr (store)" ogr2ogr -f KML /vsistdout/ store.sqlite deposits
oe=$WALL oec=$CPU
best "depomap convert" "$depomap" convert -q points.geojson -f KML -o out
dc=$WALL dcc=$CPU
best "ogr2ogr (GeoJSON)" ogr2ogr -f KML /vsistdout/ points.geojson
oc=$WALL occ=$CPU
python3 - "$de" "$oe" "$dc" "$oc" "$dec" "$oec" "$dcc" "$occ" <<'PY'
import sys
de, oe, dc, oc, dec, oec, dcc, occ = map(float, sys.argv[1:])
print(f"  export:  depomap/ogr2ogr time {de / max(oe, 0.01):.2f} wall, {dec / max(oec, 0.01):.2f} CPU")
print(f"  convert: depomap/ogr2ogr time {dc / max(oc, 0.01):.2f} wall, {dcc / max(occ, 0.01):.2f} CPU")
PY
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ $status -eq 0 ]] && echo "OK: every output holds the $n features" || echo "MISMATCH"
exit $status
