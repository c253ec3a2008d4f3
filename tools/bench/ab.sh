#!/usr/bin/env bash
# A/B benchmark: depomap's own job of every benchmark in tools/bench, run by an old and a new
# binary alternately on the same generated data, to check a change makes nothing slower.
#
#   tools/bench/ab.sh --old BIN --new BIN [--runs R] [--points N] [--sites M] [--workdir DIR]
#                     [--keep] [--jobs JOB,JOB,...] [--convert-scale S] [--convert-sources K]
#                     [--limit PCT]
#
# Jobs (default: all; the benchmark each comes from in brackets):
#   load               depomap load of N generated points into a fresh store      [load_bench]
#   nearest            nearest -k 1, N uniform deposits, M uniform sites            [nearest_bench]
#   nearest-clustered  nearest -k 1, N uniform deposits, M sites in one 5x5 box     [nearest_bench]
#   export-geojson     export -f GeoJSON of the N-point store                        [export_bench]
#   export-shp         export -f shp of the N-point store (into a folder)            [export_bench]
#   kml-export         export -f KML of the N-point store                            [kml_bench]
#   kml-convert        convert points.geojson -f KML (into a folder)                  [kml_bench]
#   render             render of the shipped atlas                                    [render_bench]
#   render-points      render of the atlas plus the N points                          [render_bench]
#   convert-gpkg       convert of the convert bench's sources to GPKG, EPSG:28418     [convert_bench]
#   convert-geojson    the same to GeoJSON, EPSG:4326                                 [convert_bench]
# The peers (ogr2ogr, PostGIS, QGIS, GeoPandas) are not run. N defaults to 100,000, M to 10,000,
# R to 5; the convert sources are convert_bench.sh's generator at --convert-scale S (default 4:
# every source S times smaller) and --convert-sources K (default 40).
#
# Data: the points (gen_points.cpp), the nearest CSVs (gen_nearest.py) and the convert sources are
# generated once and shared. Each binary reads stores it built itself from them (init, load, init
# --atlas; not timed), so each side is measured as its users would run it, and an old binary never
# has to read a store a newer one wrote. Each job runs once per binary untimed first (a check that
# its command line works on both, and a warm page cache), then R times each, alternating old, new,
# old, new..., every run under /usr/bin/time -f '%e %U %S %M'. nearest writes to standard output
# (its default), discarded. render and export write a file or folder in the work folder for both (an old
# binary of 5f978be's time cannot export to a device: it writes beside the target and renames),
# removed before each run, as are convert's folders. A job the old binary has no verb for (render
# before it existed) is reported as not run. Per job: the median wall and CPU (user + sys) seconds of each binary,
# the ratios new/old, the load average before and after, and PASS or FAIL: FAIL when the new
# binary's median CPU time is more than --limit percent (default 5) above the old one's (and at
# least 0.02 s, twice the timer's resolution, above it). The
# verdict is by CPU time because wall time on a shared machine also counts waiting for a core; the
# wall ratio is printed beside it. Exit 0 when every job ran and passed, 1 when one failed or
# could not run, 2 on bad usage. See tools/bench/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
all_jobs=load,nearest,nearest-clustered,export-geojson,export-shp,kml-export,kml-convert,render,render-points,convert-gpkg,convert-geojson

old="" new="" runs=5 points=100000 sites=10000 workdir="" keep=0 jobs="$all_jobs"
convert_scale=4 convert_sources=40 limit=5
usage() { echo "ab: $1 (see --help)" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
    [[ $# -ge 2 || $1 == --keep || $1 == -h || $1 == --help ]] || usage "$1 needs a value"
    case "$1" in
    --old) old="$2"; shift 2 ;;
    --new) new="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    --points) points="$2"; shift 2 ;;
    --sites) sites="$2"; shift 2 ;;
    --workdir) workdir="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --jobs) jobs="$2"; shift 2 ;;
    --convert-scale) convert_scale="$2"; shift 2 ;;
    --convert-sources) convert_sources="$2"; shift 2 ;;
    --limit) limit="$2"; shift 2 ;;
    -h | --help) sed -n '2,41p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) usage "unknown argument '$1'" ;;
    esac
done
[[ -n $old && -n $new ]] || usage "--old BIN and --new BIN are required"
for b in "$old" "$new"; do [[ -x $b ]] || usage "'$b' is not an executable"; done
old="$(realpath "$old")" new="$(realpath "$new")" # the runs cd into the work folder
for v in "$runs" "$points" "$sites" "$convert_scale" "$convert_sources"; do
    [[ $v =~ ^[1-9][0-9]*$ ]] || usage "'$v' is not a whole number >= 1"
done
[[ $limit =~ ^[0-9]+(\.[0-9]+)?$ ]] || usage "--limit takes a percentage"
IFS=, read -r -a job_list <<<"$jobs"
for j in "${job_list[@]}"; do [[ ",$all_jobs," == *",$j,"* ]] || usage "unknown job '$j'"; done
for tool in /usr/bin/time g++ python3 ogr2ogr ogrinfo awk; do
    command -v "$tool" >/dev/null || { echo "ab: '$tool' not found" >&2; exit 2; }
done

if [[ -z $workdir ]]; then
    workdir="$(mktemp -d "${TMPDIR:-/tmp}/depomap-ab.XXXXXX")"
    [[ $keep -eq 1 ]] || trap 'rm -rf "$workdir"' EXIT
else
    mkdir -p "$workdir"
fi
workdir="$(realpath "$workdir")"
cd "$workdir"

loadavg() { cut -d' ' -f1-3 /proc/loadavg; }
say() { echo "$*" >&2; }
# quiet CMD...: a preparation step (not timed); its output shown only when it fails.
quiet() {
    if ! "$@" >prep.log 2>&1; then
        say "ab: preparation step failed: $*"
        tail -20 prep.log >&2
        exit 1
    fi
}

echo "== depomap A/B: $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "   old: $old ($("$old" --version 2>&1 | head -1))"
echo "   new: $new ($("$new" --version 2>&1 | head -1))"
echo "   N=$points points, M=$sites sites, $runs runs of each binary per job (alternating), work folder $workdir"
echo "   verdict by the median CPU time (user + sys): FAIL when new/old > $(awk -v l="$limit" 'BEGIN { printf "%.3f", 1 + l / 100 }');"
echo "   the wall ratio is printed beside it (on a shared machine wall time also counts waiting for a core)"

# --- shared data (generated once, not timed) -------------------------------------------------
need_points() {
    [[ -f points.geojson ]] && return
    quiet g++ -O2 -std=c++20 -o gen_points "$here/gen_points.cpp"
    ./gen_points "$points" >points.geojson
}
need_nearest_csv() {
    [[ -f sites_clustered.csv ]] && return
    python3 "$here/gen_nearest.py" deposits "$points" 20240607 >deposits.csv
    python3 "$here/gen_nearest.py" sites "$sites" 20240607 >sites_uniform.csv
    python3 "$here/gen_nearest.py" sites "$sites" 20240607 --box 105,35,5 >sites_clustered.csv
}
need_convert_sources() {
    [[ -d sources ]] && return
    mkdir -p sources
    # convert_bench.sh's own generator, stopped before its timed runs.
    SCALE=$convert_scale SOURCES=$convert_sources SOURCES_DIR="$workdir/sources" GENERATE_ONLY=1 \
        quiet bash "$here/convert_bench.sh" "$new"
}

# --- stores, one per binary (built by that binary, not timed) ----------------------------------
# need_store KIND TAG BIN: KIND_TAG.sqlite.
need_store() {
    local kind=$1 tag=$2 bin=$3 db="$1_$2.sqlite"
    [[ -f $db ]] && return
    case $kind in
    points)
        need_points
        quiet "$bin" init -q --db "$db"
        quiet "$bin" load -q --db "$db" points.geojson --layer deposits ;;
    uniform | clustered)
        need_nearest_csv
        quiet "$bin" init -q --db "$db"
        quiet "$bin" load -q --db "$db" deposits.csv --layer deposits --x-field lon --y-field lat
        quiet "$bin" load -q --db "$db" "sites_$kind.csv" --layer processing_sites --x-field lon --y-field lat ;;
    atlas)
        quiet "$bin" init -q --db "$db" --atlas ;;
    big)
        need_points
        quiet "$bin" init -q --db "$db" --atlas
        quiet "$bin" load -q --db "$db" points.geojson --layer deposits ;;
    esac
    cat "$db"* >/dev/null # warm page cache
}

# --- the jobs --------------------------------------------------------------------------------------
# job_prepare JOB TAG BIN: data and stores the job needs.
job_prepare() {
    local job=$1 tag=$2 bin=$3
    case $job in
    load | kml-convert) need_points ;;
    nearest) need_store uniform "$tag" "$bin" ;;
    nearest-clustered) need_store clustered "$tag" "$bin" ;;
    export-*) need_store points "$tag" "$bin" ;;
    kml-export) need_store points "$tag" "$bin" ;;
    render) need_store atlas "$tag" "$bin" ;;
    render-points) need_store big "$tag" "$bin" ;;
    convert-*) need_convert_sources ;;
    esac
}
# job_reset JOB TAG BIN: before each run (not timed): remove the last run's folder or store.
job_reset() {
    local job=$1 tag=$2 bin=$3
    rm -rf "out_$tag" "out_$tag".*
    if [[ $job == load ]]; then
        rm -f "load_$tag.sqlite" "load_$tag.sqlite-wal" "load_$tag.sqlite-shm"
        quiet "$bin" init -q --db "load_$tag.sqlite"
    fi
}
# job_command JOB TAG BIN: sets cmd, the job's command line.
job_command() {
    local job=$1 tag=$2 bin=$3
    local conv=(--x-field lon --y-field lat -j "$(nproc)" -q)
    case $job in
    load) cmd=("$bin" load -q --db "load_$tag.sqlite" points.geojson --layer deposits) ;;
    nearest | nearest-clustered)
        local db=uniform
        [[ $job == nearest ]] || db=clustered
        cmd=("$bin" nearest --db "${db}_$tag.sqlite" -k 1 -f csv) ;; # to standard output, discarded
    export-geojson) cmd=("$bin" export -q --db "points_$tag.sqlite" -f GeoJSON --layer deposits -o "out_$tag.geojson") ;;
    export-shp) cmd=("$bin" export -q --db "points_$tag.sqlite" -f shp --layer deposits -o "out_$tag") ;;
    kml-export) cmd=("$bin" export -q --db "points_$tag.sqlite" -f KML --layer deposits -o "out_$tag.kml") ;;
    kml-convert) cmd=("$bin" convert -q points.geojson -f KML -o "out_$tag") ;;
    render) cmd=("$bin" render -q --db "atlas_$tag.sqlite" -o "out_$tag.png") ;;
    render-points) cmd=("$bin" render -q --db "big_$tag.sqlite" -o "out_$tag.png") ;;
    convert-gpkg) cmd=("$bin" convert sources -f GPKG -o "out_$tag" --t-srs EPSG:28418 "${conv[@]}") ;;
    convert-geojson) cmd=("$bin" convert sources -f GeoJSON -o "out_$tag" --t-srs EPSG:4326 "${conv[@]}") ;;
    esac
}
# run_once JOB TAG BIN: one run under /usr/bin/time; prints "wall cpu rss_kib"; exit 1 on failure.
run_once() {
    local job=$1 tag=$2 bin=$3 wall user sys rss
    job_reset "$job" "$tag" "$bin"
    job_command "$job" "$tag" "$bin"
    if ! /usr/bin/time -f '%e %U %S %M' -o "time.$tag" "${cmd[@]}" >/dev/null 2>"err.$tag"; then
        say "ab: $job: '${cmd[*]}' failed:"
        tail -5 "err.$tag" >&2
        return 1
    fi
    read -r wall user sys rss <"time.$tag"
    awk -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" 'BEGIN { printf "%.2f %.2f %d\n", w, u + s, r }'
}
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# --- run ----------------------------------------------------------------------------------------
status=0
table=()
for job in "${job_list[@]}"; do
    job_prepare "$job" old "$old"
    job_prepare "$job" new "$new"
    # The check: one untimed run of each, so a command line one binary does not take is named.
    if ! run_once "$job" old "$old" >/dev/null || ! run_once "$job" new "$new" >/dev/null; then
        table+=("$(printf '%-18s %s' "$job" "did not run (see above)")")
        status=1
        continue
    fi
    before=$(loadavg)
    ow=() oc=() nw=() nc=() failed=0
    for ((r = 1; r <= runs; ++r)); do
        o=$(run_once "$job" old "$old") || { failed=1; break; }
        n=$(run_once "$job" new "$new") || { failed=1; break; }
        read -r w c _ <<<"$o"; ow+=("$w"); oc+=("$c")
        read -r w c _ <<<"$n"; nw+=("$w"); nc+=("$c")
    done
    after=$(loadavg)
    if [[ $failed -eq 1 ]]; then
        table+=("$(printf '%-18s %s' "$job" "a run failed (see above)")")
        status=1
        continue
    fi
    printf '   %-18s old wall %s | new wall %s\n' "$job" "${ow[*]}" "${nw[*]}"
    printf '   %-18s old CPU  %s | new CPU  %s   (load average before %s, after %s)\n' "" "${oc[*]}" "${nc[*]}" "$before" "$after"
    mow=$(echo "${ow[*]}" | median) mnw=$(echo "${nw[*]}" | median)
    moc=$(echo "${oc[*]}" | median) mnc=$(echo "${nc[*]}" | median)
    line=$(awk -v job="$job" -v ow="$mow" -v nw="$mnw" -v oc="$moc" -v nc="$mnc" -v lim="$limit" \
        -v b="$before" -v a="$after" 'BEGIN {
            rw = (ow > 0) ? nw / ow : 1; rc = (oc > 0) ? nc / oc : 1
            # Below 0.02 s of CPU a difference is the 0.01 s resolution of the timer, not the code.
            verdict = (rc > 1 + lim / 100 && nc - oc >= 0.02) ? "FAIL" : "PASS"
            printf "%-18s %8.2f %8.2f %6.3f  %8.2f %8.2f %6.3f  %-4s  %s -> %s", job, ow, nw, rw, oc, nc, rc, verdict, b, a }')
    table+=("$line")
    [[ $line != *FAIL* ]] || status=1
done

echo "== medians of $runs alternating runs (seconds; CPU = user + sys; verdict by CPU, limit +$limit %)"
printf '%-18s %8s %8s %6s  %8s %8s %6s  %-4s  %s\n' job "old wall" "new wall" ratio "old CPU" "new CPU" ratio "" "load average 1/5/15 min, before -> after"
printf '%s\n' "${table[@]}"
echo "   finished $(date -u +%Y-%m-%dT%H:%MZ), load average $(loadavg)"
exit "$status"
