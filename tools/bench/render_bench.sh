#!/usr/bin/env bash
# Render benchmark: depomap render vs headless QGIS drawing the same view, in the same run.
#
#   tools/bench/render_bench.sh [--points N] [--runs R] [--big-runs R2] [--workdir DIR] [--keep] [--depomap PATH]
#
# The shipped atlas (depomap init --atlas), and with --points N also a store of the atlas plus N
# generated deposits (gen_points.cpp + depomap load; not timed). For each store: `depomap
# qgis-project` (not timed), then, best of R runs (default 3; R2 for the big store, default R),
# wall seconds, CPU seconds (user + system) and peak RSS (/usr/bin/time -f "%e %U %S %M"):
#   depomap render --db S -o world.png                              (whole picture, 1600x1100)
#   QT_QPA_PLATFORM=offscreen /usr/bin/python3 render_qgis.py S.qgs qgis.png   (the map only,
#   Equal Earth, the same map size; QGIS's own draw time is printed beside)
# and the ratios QGIS / depomap by wall and by CPU time (on a busy machine the CPU ratio is the
# fairer one). Each tool's line is printed as soon as it is measured. The pictures stay in the work
# folder (--keep to look at them). Exit 0 when both drew every store, 1 otherwise, 2 on bad usage.
#
# Last figures (RelWithDebInfo build-test, two cores shared with other builds):
#   atlas, best of 3: depomap render 0.79 s, 93,608 KiB; QGIS 2.85 s (drawing 2.66 s), 280,916 KiB:
#   QGIS/depomap 3.61x (2026-12-05, after the AGG renderer and label thinning).
#   2026-12-05, `render_bench.sh --depomap <installed build-test> --runs 3 --big-runs 1 --points 1000000`,
#   load average 7-9 (other builds running): atlas: depomap 1.76 s wall, 0.64 s CPU, 93,076 KiB;
#   QGIS 5.82 s wall, 2.46 s CPU (drawing 4.63 s), 276,708 KiB: 3.31x wall, 3.84x CPU.
#   atlas + 1,000,000 deposits: depomap 147.3 s wall, 44.4 s CPU, 305,628 KiB; QGIS had not finished
#   its one run after 93 minutes of wall time (28 min 47 s of CPU, 6.8 GB resident) and was stopped:
#   QGIS/depomap above 38x wall and 39x CPU, a lower bound.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
points=0
runs=3
big_runs=""
workdir=""
keep=0
depomap="${DEPOMAP:-}"
while [[ $# -gt 0 ]]; do
    case "$1" in
    --points) points="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --big-runs) big_runs="$2"; shift 2 ;;
    --workdir) workdir="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --depomap) depomap="$2"; shift 2 ;;
    -h | --help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "render_bench: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done
if [[ -z "$depomap" ]]; then
    for candidate in "$repo/build-bench/depomap" "$repo/build-release/depomap" "$repo/build/depomap" \
        "$repo/build-test/depomap"; do
        if [[ -x "$candidate" ]]; then depomap="$candidate"; break; fi
    done
fi
depomap="$(realpath "$depomap" 2>/dev/null || echo "$depomap")"
[[ -n "$depomap" && -x "$depomap" ]] || { echo "render_bench: no depomap binary (--depomap PATH)" >&2; exit 2; }
for tool in g++ /usr/bin/time /usr/bin/python3; do
    command -v "$tool" >/dev/null || { echo "render_bench: '$tool' not found" >&2; exit 2; }
done
/usr/bin/python3 -c "import qgis.core" 2>/dev/null || { echo "render_bench: PyQGIS not found" >&2; exit 2; }

if [[ -z "$workdir" ]]; then
    workdir="$(mktemp -d "${TMPDIR:-/tmp}/render_bench.XXXXXX")"
    [[ "$keep" == 1 ]] || trap 'rm -rf "$workdir"' EXIT
fi
mkdir -p "$workdir"
export QT_QPA_PLATFORM=offscreen

# best_of N CMD...: runs CMD N times; prints "wall cpu peak_kib" of the fastest run (by wall time)
# and leaves the command's last stdout line (QGIS's draw time) in $workdir/last.
best_of() {
    local n="$1" best="" line="" i
    shift
    for ((i = 0; i < n; i++)); do
        /usr/bin/time -f "%e %U %S %M" -o "$workdir/time" "$@" >"$workdir/last" 2>"$workdir/stderr" || {
            echo "render_bench: failed: $*" >&2; cat "$workdir/stderr" >&2; return 1; }
        read -r s u y kib < <(tail -n 1 "$workdir/time")
        if [[ -z "$best" ]] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then
            best="$s"; line="$s $(awk -v u="$u" -v y="$y" 'BEGIN { print u + y }') $kib"
        fi
    done
    echo "$line"
}

bench_store() {
    local name="$1" db="$2" n="$3"
    "$depomap" qgis-project -q --db "$db" -o "$workdir/$name.qgs" --overwrite
    read -r d_s d_cpu d_kib < <(best_of "$n" "$depomap" render -q --db "$db" -o "$workdir/$name-depomap.png" --overwrite)
    printf '%-22s depomap render %7.2f s wall %7.2f s CPU %8d KiB\n' "$name" "$d_s" "$d_cpu" "$d_kib"
    # QGIS draws the map only, at the size of depomap's map frame (1568 x 806 of 1600 x 1100).
    read -r q_s q_cpu q_kib < <(best_of "$n" /usr/bin/python3 "$here/render_qgis.py" "$workdir/$name.qgs" \
        "$workdir/$name-qgis.png" 1568 806)
    local draw
    draw="$(sed -n 's/^draw_s=//p' "$workdir/last")"
    printf '%-22s QGIS           %7.2f s wall %7.2f s CPU %8d KiB (drawing %s s)\n' "$name" "$q_s" "$q_cpu" "$q_kib" "$draw"
    printf '%-22s QGIS/depomap   %5.2fx wall, %5.2fx CPU\n' "$name" \
        "$(awk -v a="$q_s" -v b="$d_s" 'BEGIN { print a / b }')" "$(awk -v a="$q_cpu" -v b="$d_cpu" 'BEGIN { print a / b }')"
}

echo "render_bench: $depomap, best of $runs, work folder $workdir"
"$depomap" init -q --db "$workdir/atlas.sqlite" --atlas --overwrite
bench_store "atlas" "$workdir/atlas.sqlite" "$runs"

if [[ "$points" -gt 0 ]]; then
    g++ -O2 -std=c++20 -o "$workdir/gen_points" "$here/gen_points.cpp"
    "$workdir/gen_points" "$points" >"$workdir/points.geojson"
    cp "$workdir/atlas.sqlite" "$workdir/big.sqlite"
    "$depomap" load -q --db "$workdir/big.sqlite" "$workdir/points.geojson" --layer deposits
    rm -f "$workdir/points.geojson"
    bench_store "atlas+$points" "$workdir/big.sqlite" "${big_runs:-$runs}"
fi
