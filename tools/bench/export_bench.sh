#!/usr/bin/env bash
# Export benchmark: depomap export against ogr2ogr and GeoPandas, from the same store, in the same run.
#
#   tools/bench/export_bench.sh [N] [--runs R] [--no-geopandas] [--workdir DIR] [--keep] [--depomap PATH]
#
# Builds a store of N (default 1000000) deposit points (gen_points.cpp + depomap load; not timed),
# then times each tool R times (default 3) with /usr/bin/time and keeps the best wall time (its CPU
# time beside it) and the highest peak RSS:
#   GeoJSON:   depomap export -f GeoJSON       ogr2ogr -f GeoJSON -lco RFC7946=YES     GeoPandas to_file
#   Shapefile: depomap export -f shp           ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8
#              (depomap's run includes sizing every field from the data and reading every value back)
# GeoPandas is Debian's python3-geopandas (Fiona), installed when missing, run once (it takes minutes
# at 1M); --no-geopandas leaves it out.
# Then checks by meaning (export_meaning.py): depomap's two outputs hold every feature of the store
# with the same values (Shapefile names through its .fieldmap.csv, coordinates to 1e-7), and every
# tool's output holds N features. Prints the ratios: ogr2ogr time / depomap time, wall and CPU.
# Peak RSS of depomap counts the store's pages it maps (SQLite's mmap), about the store's size.
# Exit 0 when everything agrees, 1 otherwise, 2 on bad usage.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
n=1000000
runs=3
geopandas=1
workdir=""
keep=0
depomap="${DEPOMAP:-}"
while [[ $# -gt 0 ]]; do
    case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --no-geopandas) geopandas=0; shift ;;
    --workdir) workdir="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --depomap) depomap="$2"; shift 2 ;;
    -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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
as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
install_package() {
    as_root apt-get install -y "$@" >&2 || { as_root apt-get update >&2 && as_root apt-get install -y "$@" >&2; }
}
[[ -x /usr/bin/time ]] || install_package time
PY=/usr/bin/python3 # Debian's Python: GeoPandas and Fiona are its packages
if [[ $geopandas -eq 1 ]] && ! $PY -c "import geopandas" 2>/dev/null; then install_package python3-geopandas; fi
for tool in ogr2ogr ogrinfo g++ $PY; do
    command -v "$tool" >/dev/null || { echo "export_bench: '$tool' not found" >&2; exit 2; }
done
if [[ -z "$workdir" ]]; then
    workdir="$(mktemp -d "${TMPDIR:-/tmp}/depomap-export-bench.XXXXXX")"
    [[ $keep -eq 1 ]] || trap 'rm -rf "$workdir"' EXIT
fi
mkdir -p "$workdir"
cd "$workdir"

echo "export_bench: $n points, best of $runs, depomap $depomap, work in $workdir" >&2
g++ -O2 -std=c++20 -o gen_points "$here/gen_points.cpp"
./gen_points "$n" > points.geojson
rm -f store.sqlite*
"$depomap" init -q --db store.sqlite
"$depomap" load -q --db store.sqlite --layer deposits points.geojson
rm -f points.geojson
cat store.sqlite > /dev/null # every tool starts from the same warm page cache

calc() { $PY -c "print($1)"; }
# best LABEL PREPARE CMD...: runs PREPARE (removes the last output) then CMD, $runs times; sets
# WALL (best), CPU (user + sys of that run) and RSS (MiB, highest of all runs).
best() {
    local label=$1 prepare=$2 i wall rss_kb user sys times=${RUNS:-$runs}
    shift 2
    WALL="" CPU="" RSS=0
    for ((i = 0; i < times; i++)); do
        eval "$prepare"
        /usr/bin/time -f "%e %M %U %S" -o time.txt "$@" >/dev/null 2>run.err || {
            echo "$label failed:" >&2; cat run.err >&2; exit 1; }
        read -r wall rss_kb user sys <time.txt
        ((rss_kb / 1024 > RSS)) && RSS=$((rss_kb / 1024))
        if [[ -z "$WALL" ]] || (($(calc "int($wall < $WALL)"))); then
            WALL=$wall
            CPU=$(calc "round($user + $sys, 2)")
        fi
    done
    printf '  %-30s %8.2f s wall %8.2f s CPU %7d MiB peak\n' "$label" "$WALL" "$CPU" "$RSS"
}
count() { ogrinfo -ro -so -al "$1" | sed -n 's/^Feature Count: //p' | head -1; }
status=0
check_count() {
    local got
    got=$(count "$2")
    [[ "$got" == "$n" ]] || { echo "  $1: $got features, the store has $n"; status=1; }
}
gp_geojson='import geopandas as g, sys; g.read_file("store.sqlite", layer="deposits").to_file(sys.argv[1], driver="GeoJSON")'
gp_shp='import geopandas as g, sys; g.read_file("store.sqlite", layer="deposits").to_file(sys.argv[1], driver="ESRI Shapefile", encoding="UTF-8")'

echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "GeoJSON"
best "depomap" "rm -f d.geojson d.qml" "$depomap" export -q --db store.sqlite -f GeoJSON --layer deposits -o d.geojson
dj=($WALL $CPU $RSS)
best "ogr2ogr" "rm -f o.geojson" ogr2ogr -f GeoJSON -lco RFC7946=YES o.geojson store.sqlite deposits
oj=($WALL $CPU $RSS)
check_count "ogr2ogr GeoJSON" o.geojson
if [[ $geopandas -eq 1 ]]; then
    RUNS=1 best "GeoPandas $($PY -c 'import geopandas; print(geopandas.__version__)') (1 run)" "rm -f g.geojson" $PY -c "$gp_geojson" g.geojson
    gj=($WALL $CPU $RSS)
    check_count "GeoPandas GeoJSON" g.geojson
fi

echo "Shapefile"
best "depomap (sized, read back)" "rm -rf dshp; mkdir dshp" "$depomap" export -q --db store.sqlite -f shp --layer deposits -o dshp
ds=($WALL $CPU $RSS)
best "ogr2ogr" "rm -rf oshp; mkdir oshp" ogr2ogr -f "ESRI Shapefile" -lco ENCODING=UTF-8 oshp/deposits.shp store.sqlite deposits
os=($WALL $CPU $RSS)
check_count "ogr2ogr Shapefile" oshp/deposits.shp
if [[ $geopandas -eq 1 ]]; then
    RUNS=1 best "GeoPandas (1 run)" "rm -rf gshp; mkdir gshp" $PY -c "$gp_shp" gshp/deposits.shp
    gs=($WALL $CPU $RSS)
    check_count "GeoPandas Shapefile" gshp/deposits.shp
fi

echo "Meaning (depomap's outputs against the store)"
$PY "$here/export_meaning.py" store.sqlite deposits d.geojson dshp/deposits.shp || status=1

ratio() { calc "f'{$1 / max($2, 0.01):.2f}x wall, {$3 / max($4, 0.01):.2f}x CPU'"; }
echo "  GeoJSON:   ogr2ogr / depomap $(ratio "${oj[0]}" "${dj[0]}" "${oj[1]}" "${dj[1]}") (target >= 15x)"
[[ $geopandas -eq 1 ]] && echo "             GeoPandas / depomap $(ratio "${gj[0]}" "${dj[0]}" "${gj[1]}" "${dj[1]}")"
echo "  Shapefile: ogr2ogr / depomap $(ratio "${os[0]}" "${ds[0]}" "${os[1]}" "${ds[1]}") (target >= 3x, lossless)"
[[ $geopandas -eq 1 ]] && echo "             GeoPandas / depomap $(ratio "${gs[0]}" "${ds[0]}" "${gs[1]}" "${ds[1]}")"
echo "  load average: $(cut -d' ' -f1-3 /proc/loadavg)"
[[ $status -eq 0 ]] && echo "OK: $n features in every output, depomap's equal to the store by meaning" || echo "MISMATCH"
exit $status
