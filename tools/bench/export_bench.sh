#!/usr/bin/env bash
# Export benchmark: depomap export vs ogr2ogr, from the same store, in the same run.
#
#   tools/bench/export_bench.sh [N] [--workdir DIR] [--keep] [--depomap PATH]
#
# Builds a store of N (default 1000000) deposit points (gen_points.cpp + depomap load; not timed),
# then times with /usr/bin/time (wall seconds, peak RSS):
#   GeoJSON:   depomap export -f GeoJSON --layer deposits   vs  ogr2ogr -f GeoJSON -lco RFC7946=YES
#   Shapefile: depomap export -f shp --layer deposits       vs  ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8
# (depomap's Shapefile run includes reading every value back and comparing it). Checks that each
# pair of outputs holds the same number of features and prints the wall-time ratios.
# Exit 0 when the counts agree, 1 otherwise, 2 on bad usage.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
n=1000000
workdir=""
keep=0
depomap="${DEPOMAP:-}"
while [[ $# -gt 0 ]]; do
    case "$1" in
    --workdir) workdir="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --depomap) depomap="$2"; shift 2 ;;
    -h | --help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) n="$1"; shift ;;
    *) echo "export_bench: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
if [[ -z "$depomap" ]]; then
    for candidate in "$repo/build-bench/depomap" "$repo/build-release/depomap" "$repo/build/depomap"; do
        if [[ -x "$candidate" ]]; then depomap="$candidate"; break; fi
    done
fi
depomap="$(realpath "$depomap" 2>/dev/null || echo "$depomap")"
[[ -n "$depomap" && -x "$depomap" ]] || { echo "export_bench: no depomap binary (--depomap PATH)" >&2; exit 2; }
for tool in ogr2ogr ogrinfo g++ /usr/bin/time; do
    command -v "$tool" >/dev/null || { echo "export_bench: '$tool' not found" >&2; exit 2; }
done
if [[ -z "$workdir" ]]; then
    workdir="$(mktemp -d "${TMPDIR:-/tmp}/depomap-export-bench.XXXXXX")"
    [[ $keep -eq 1 ]] || trap 'rm -rf "$workdir"' EXIT
fi
mkdir -p "$workdir"
cd "$workdir"

echo "export_bench: $n points, depomap $depomap, work in $workdir" >&2
g++ -O2 -std=c++20 -o gen_points "$here/gen_points.cpp"
./gen_points "$n" > points.geojson
rm -f store.sqlite*
"$depomap" init -q --db store.sqlite
"$depomap" load -q --db store.sqlite --layer deposits points.geojson
rm -f points.geojson

# timed LABEL CMD...: wall seconds, CPU seconds (user + sys) and peak RSS (MB) into $WALL / $CPU / $RSS.
# On a shared machine the CPU figure is the steadier one: wall time also counts waiting for a core.
timed() {
    local label=$1
    shift
    /usr/bin/time -f "%e %M %U %S" -o time.txt "$@" >/dev/null 2>run.err || { echo "$label failed:" >&2; cat run.err >&2; exit 1; }
    read -r WALL RSS_KB USER_S SYS_S <time.txt
    RSS=$((RSS_KB / 1024))
    CPU=$(python3 -c "print(f'{$USER_S + $SYS_S:.2f}')")
    printf '  %-28s %8.2f s wall %8.2f s CPU %7d MB\n' "$label" "$WALL" "$CPU" "$RSS"
}
count() { ogrinfo -ro -so -al "$1" | sed -n 's/^Feature Count: //p' | head -1; }
status=0

rm -rf d.geojson d.qml o.geojson
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
timed "depomap GeoJSON" "$depomap" export -q --db store.sqlite -f GeoJSON --layer deposits -o d.geojson
dj_wall=$WALL dj_cpu=$CPU
timed "ogr2ogr GeoJSON" ogr2ogr -f GeoJSON -lco RFC7946=YES o.geojson store.sqlite deposits
oj_wall=$WALL oj_cpu=$CPU
cj_d=$(count d.geojson); cj_o=$(count o.geojson)
[[ "$cj_d" == "$n" && "$cj_o" == "$n" ]] || { echo "  GeoJSON feature counts differ: depomap $cj_d, ogr2ogr $cj_o, store $n"; status=1; }

rm -rf dshp oshp && mkdir dshp oshp
timed "depomap Shapefile (checked)" "$depomap" export -q --db store.sqlite -f shp --layer deposits -o dshp
ds_wall=$WALL ds_cpu=$CPU
timed "ogr2ogr Shapefile" ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 oshp/deposits.shp store.sqlite deposits
os_wall=$WALL os_cpu=$CPU
cs_d=$(count dshp/deposits.shp); cs_o=$(count oshp/deposits.shp)
[[ "$cs_d" == "$n" && "$cs_o" == "$n" ]] || { echo "  Shapefile feature counts differ: depomap $cs_d, ogr2ogr $cs_o, store $n"; status=1; }

python3 - "$oj_wall" "$dj_wall" "$os_wall" "$ds_wall" "$oj_cpu" "$dj_cpu" "$os_cpu" "$ds_cpu" <<'PY'
import sys
oj, dj, os_, ds, ojc, djc, osc, dsc = map(float, sys.argv[1:])
print(f"  GeoJSON:   depomap is {oj / max(dj, 0.01):.2f}x as fast as ogr2ogr, {ojc / max(djc, 0.01):.2f}x in CPU (target >= 5x)")
print(f"  Shapefile: depomap is {os_ / max(ds, 0.01):.2f}x as fast as ogr2ogr, {osc / max(dsc, 0.01):.2f}x in CPU "
      "(target >= 1x, every value checked)")
PY
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ $status -eq 0 ]] && echo "OK: feature counts equal ($n)" || echo "MISMATCH"
exit $status
