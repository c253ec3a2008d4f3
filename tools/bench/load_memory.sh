#!/usr/bin/env bash
# Load memory benchmark: does `depomap load` stay in the same memory as the input grows?
#
#   tools/bench/load_memory.sh [N...] [--workdir DIR] [--depomap PATH] [--seed S]
#
# For each N (default: 250000 1000000 4000000) generates N deposit points with ten attributes
# as one GeoJSON FeatureCollection (tools/bench/gen_points.cpp, not timed), loads it into a new
# store with `depomap load` under /usr/bin/time, and prints the file size, wall and CPU time,
# peak RSS, and what peak RSS would be if memory grew with the file (the smallest run's peak
# scaled by N). Then checks each store: row count = N = R*Tree count, CheckSpatialIndex = 1.
# A GeoJSON file of 10 GB holds about 30 million such features; the spatial index's sort keeps
# 32 MiB of entries in memory and spills sorted runs beyond that (see docs/DESIGN.md), so the
# peak must level off instead of growing with N. Exit status: 0 OK, 1 a failed step or check.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

sizes=()
seed=20240607
workdir=""
depomap="${DEPOMAP:-}"
while [[ $# -gt 0 ]]; do
    case "$1" in
    --workdir) workdir="$2"; shift 2 ;;
    --depomap) depomap="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) sizes+=("$1"); shift ;;
    *) echo "load_memory: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
[[ ${#sizes[@]} -gt 0 ]] || sizes=(250000 1000000 4000000)

if [[ -z "$depomap" ]]; then
    for candidate in "$repo/build-bench/depomap" "$repo/build-release/depomap" "$repo/build/depomap"; do
        if [[ -x "$candidate" ]]; then depomap="$candidate"; break; fi
    done
fi
if [[ -z "$depomap" || ! -x "$depomap" ]]; then
    echo "load_memory: no depomap binary; build a Release one or pass --depomap PATH" >&2
    exit 2
fi
depomap="$(cd "$(dirname "$depomap")" && pwd)/$(basename "$depomap")"
if [[ ! -x /usr/bin/time ]]; then
    echo "load_memory: GNU time is needed (apt-get install time)" >&2
    exit 2
fi

if [[ -z "$workdir" ]]; then
    workdir="$(mktemp -d "${TMPDIR:-/tmp}/depomap-memory.XXXXXX")"
    trap 'rm -rf "$workdir"' EXIT
else
    mkdir -p "$workdir"
fi
cd "$workdir"
g++ -O2 -std=c++20 -o gen_points "$here/gen_points.cpp"

echo "== depomap load memory: N = ${sizes[*]}, workdir=$workdir"
echo "   depomap: $depomap ($("$depomap" --version 2>&1 | head -1)), load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '   %10s %9s %9s %9s %10s %14s\n' features "file MiB" "wall s" "cpu s" "peak MiB" "if it grew MiB"
status=0
first_rss="" first_n=""
for n in "${sizes[@]}"; do
    ./gen_points "$n" "$seed" >points.geojson
    size_mib=$(( $(stat -c %s points.geojson) / 1048576 ))
    rm -f A.sqlite A.sqlite-wal A.sqlite-shm
    "$depomap" init -q --db A.sqlite
    if ! /usr/bin/time -f '%e %M %U %S' -o time.txt "$depomap" load -q --db A.sqlite points.geojson \
        >log.txt 2>&1; then
        echo "load_memory: the load of $n features failed:" >&2
        tail -5 log.txt >&2
        exit 1
    fi
    read -r wall rss user sys <time.txt
    [[ -n "$first_rss" ]] || { first_rss=$rss; first_n=$n; }
    printf '   %10d %9d %9.2f %9.2f %10.1f %14.1f\n' "$n" "$size_mib" "$wall" "$(echo "$user + $sys" | bc -l)" \
        "$(echo "$rss / 1024" | bc -l)" "$(echo "$first_rss / 1024 * $n / $first_n" | bc -l)"
    check=$(sqlite3 -cmd ".load mod_spatialite" A.sqlite \
        "SELECT (SELECT count(*) FROM deposits), (SELECT count(*) FROM idx_deposits_geom), CheckSpatialIndex('deposits', 'geom')" 2>/dev/null | tail -1)
    if [[ "$check" != "$n|$n|1" ]]; then
        echo "   CHECK FAILED for $n features: rows|rtree|CheckSpatialIndex = $check" >&2
        status=1
    fi
    rm -f points.geojson A.sqlite A.sqlite-wal A.sqlite-shm
done
[[ $status -eq 0 ]] && echo "== OK: every store holds its N features with a consistent spatial index"
exit $status
