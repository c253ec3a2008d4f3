#!/usr/bin/env bash
# Load benchmark: depomap load vs ogr2ogr -f SQLite -dsco SPATIALITE=YES on the same GeoJSON.
#
#   tools/bench/load_bench.sh [N] [--runs R] [--workdir DIR] [--keep] [--depomap PATH] [--seed S]
#
# Generates N (default 1000000) deposit points with ten attributes as one GeoJSON
# FeatureCollection (not timed), then times, in the same run and on the same warm file:
#   1. depomap init --db A.sqlite && depomap load --db A.sqlite points.geojson --layer deposits
#   2. ogr2ogr -f SQLite -dsco SPATIALITE=YES -gt 65536 -lco SPATIAL_INDEX=YES B.sqlite points.geojson
# with /usr/bin/time (wall seconds, peak RSS), R times each (default 3, alternating, each into a
# new store): the best wall time of each tool is kept, with its CPU time, and the highest peak
# RSS of all its runs. Then checks that both stores hold the same features
# (count; sums/min/max of X and Y rounded to 1e-6; a SHA-256 over every feature sorted by id with
# its attributes and rounded coordinates; the R*Tree of each holds every feature and answers the
# same box queries) and prints OK or MISMATCH. Exit status: 0 OK, 1 mismatch or a failed step,
# 2 bad usage. See tools/bench/README.md.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"

n=1000000
seed=20240607
runs=3
workdir=""
keep=0
depomap="${DEPOMAP:-}"
while [[ $# -gt 0 ]]; do
    case "$1" in
    --workdir) workdir="$2"; shift 2 ;;
    --keep) keep=1; shift ;;
    --depomap) depomap="$2"; shift 2 ;;
    --seed) seed="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    -h | --help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    [0-9]*) n="$1"; shift ;;
    *) echo "load_bench: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
done

if [[ -z "$depomap" ]]; then
    for candidate in "$repo/build-bench/depomap" "$repo/build/depomap"; do
        if [[ -x "$candidate" ]]; then depomap="$candidate"; break; fi
    done
fi
[[ -z "$depomap" ]] || depomap="$(realpath "$depomap" 2>/dev/null || echo "$depomap")" # the runs cd into the work dir
if [[ -z "$depomap" || ! -x "$depomap" ]]; then
    echo "load_bench: no depomap binary; build a Release one, e.g." >&2
    echo "  cmake -S $repo -B $repo/build-bench -DCMAKE_BUILD_TYPE=Release -DDEPOMAP_BUILD_TESTS=OFF && cmake --build $repo/build-bench -j2" >&2
    echo "or pass --depomap PATH" >&2
    exit 2
fi

as_root() { if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
if [[ ! -x /usr/bin/time ]]; then
    echo "load_bench: installing GNU time" >&2
    as_root apt-get install -y time >&2 || { as_root apt-get update >&2 && as_root apt-get install -y time >&2; }
fi
for tool in ogr2ogr g++ python3; do
    command -v "$tool" >/dev/null || { echo "load_bench: '$tool' not found" >&2; exit 2; }
done

if [[ -z "$workdir" ]]; then
    workdir="$(mktemp -d "${TMPDIR:-/tmp}/depomap-bench.XXXXXX")"
    [[ $keep -eq 1 ]] || trap 'rm -rf "$workdir"' EXIT
else
    mkdir -p "$workdir"
fi
cd "$workdir"
rm -f A.sqlite A.sqlite-wal A.sqlite-shm B.sqlite B.sqlite-journal

echo "== depomap load benchmark: N=$n, seed=$seed, workdir=$workdir"
echo "   depomap: $depomap ($("$depomap" --version 2>&1 | head -1))"
echo "   ogr2ogr: $(ogr2ogr --version)"
echo "   machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB RAM"

# --- generate (not timed) -------------------------------------------------------------------
gen="$workdir/gen_points"
g++ -O2 -std=c++20 -o "$gen" "$here/gen_points.cpp"
"$gen" "$n" "$seed" >points.geojson
size_mib=$(( $(stat -c %s points.geojson) / 1048576 ))
echo "   generated points.geojson: $n features, $size_mib MiB"
cat points.geojson >/dev/null # the same warm page cache for both tools

# --- timed runs -----------------------------------------------------------------------------
# run NAME CMD...: runs CMD under /usr/bin/time; sets wall_NAME (s), rss_NAME (KiB) and
# cpu_NAME (user+sys s: on a shared machine wall time also counts waiting for a core).
run() {
    local name="$1"; shift
    if ! /usr/bin/time -f '%e %M %U %S' -o "time.$name" "$@" >"log.$name" 2>&1; then
        echo "load_bench: '$*' failed:" >&2
        tail -20 "log.$name" >&2
        exit 1
    fi
    read -r wall rss user sys <"time.$name"
    printf -v "wall_$name" '%s' "$wall"
    printf -v "rss_$name" '%s' "$rss"
    printf -v "cpu_$name" '%s' "$(echo "$user + $sys" | bc -l)"
    printf '   %-8s %8.2f s wall %8.2f s cpu %8.1f MiB  %s\n' "$name" "$wall" "$(echo "$user + $sys" | bc -l)" \
        "$(echo "$rss / 1024" | bc -l)" "$*"
}

[[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "load_bench: --runs takes a whole number >= 1" >&2; exit 2; }
echo "== timed runs, $runs of each (load average before: $(cut -d' ' -f1-3 /proc/loadavg))"
best_depomap="" best_ogr2ogr="" max_rss_depomap=0 max_rss_ogr2ogr=0
for ((r = 1; r <= runs; ++r)); do
    rm -f A.sqlite A.sqlite-wal A.sqlite-shm B.sqlite B.sqlite-wal B.sqlite-shm
    run init "$depomap" init --db A.sqlite
    run load "$depomap" load --db A.sqlite points.geojson --layer deposits
    run ogr2ogr ogr2ogr -f SQLite -dsco SPATIALITE=YES -gt 65536 -lco SPATIAL_INDEX=YES \
        B.sqlite points.geojson
    # The best run of each tool: its wall time (init + load for depomap) and its CPU time.
    d=$(echo "$wall_init + $wall_load" | bc -l)
    if [[ -z $best_depomap ]] || (( $(echo "$d < $best_depomap" | bc) )); then
        best_depomap=$d b_wall_init=$wall_init b_wall_load=$wall_load b_cpu_init=$cpu_init b_cpu_load=$cpu_load
    fi
    if [[ -z $best_ogr2ogr ]] || (( $(echo "$wall_ogr2ogr < $best_ogr2ogr" | bc) )); then
        best_ogr2ogr=$wall_ogr2ogr b_cpu_ogr2ogr=$cpu_ogr2ogr
    fi
    (( rss_init > max_rss_depomap )) && max_rss_depomap=$rss_init
    (( rss_load > max_rss_depomap )) && max_rss_depomap=$rss_load
    (( rss_ogr2ogr > max_rss_ogr2ogr )) && max_rss_ogr2ogr=$rss_ogr2ogr
done
wall_init=$b_wall_init wall_load=$b_wall_load cpu_init=$b_cpu_init cpu_load=$b_cpu_load
rss_init=$max_rss_depomap rss_load=$max_rss_depomap
wall_ogr2ogr=$best_ogr2ogr cpu_ogr2ogr=$b_cpu_ogr2ogr rss_ogr2ogr=$max_rss_ogr2ogr

# --- same features? -------------------------------------------------------------------------
echo "== comparing the stores"
set +e
python3 - A.sqlite B.sqlite "$n" <<'PY'
import hashlib, sqlite3, struct, sys

a_path, b_path, expected = sys.argv[1], sys.argv[2], int(sys.argv[3])
COLUMNS = ["id", "name", "country_iso3", "status", "kind", "ore_mt", "grade_treo_pct",
           "contained_treo_t", "as_of", "source"]
# R*Tree box queries (xmin, ymin, xmax, ymax): features whose box intersects.
BOXES = [(-10, 35, 30, 70), (100, -50, 180, 10), (-180, -90, -179.5, 90), (37.6, 55.7, 37.7, 55.8)]

def point(blob):
    # SpatiaLite BLOB: 0x00, endian, srid, MBR (4 doubles), 0x7C, class, body..., 0xFE
    if len(blob) != 60 or blob[0] != 0 or blob[38] != 0x7C or blob[-1] != 0xFE:
        raise ValueError("not a SpatiaLite point blob")
    order = "<" if blob[1] == 1 else ">"
    (cls,) = struct.unpack_from(order + "i", blob, 39)
    if cls != 1:
        raise ValueError("geometry class %d, expected POINT" % cls)
    return struct.unpack_from(order + "dd", blob, 43)

def text(v):
    if v is None:
        return "\\N"
    if isinstance(v, float):
        return "%.12g" % v
    return str(v)

def summary(path, table, geom):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    q = lambda sql, *args: db.execute(sql, args)
    count = q('SELECT count(*) FROM "%s"' % table).fetchone()[0]
    h = hashlib.sha256()
    per_column = [hashlib.sha256() for _ in COLUMNS + ["x,y"]]
    sx = sy = 0
    minx = miny = float("inf")
    maxx = maxy = float("-inf")
    cols = ",".join('"%s"' % c for c in COLUMNS)
    for row in q('SELECT %s, "%s" FROM "%s" ORDER BY id' % (cols, geom, table)):
        x, y = point(row[-1])
        ix, iy = round(x * 1e6), round(y * 1e6)
        sx += ix; sy += iy
        minx = min(minx, ix); maxx = max(maxx, ix); miny = min(miny, iy); maxy = max(maxy, iy)
        fields = [text(v) for v in row[:-1]] + ["%d,%d" % (ix, iy)]
        line = "|".join(fields) + "\n"
        h.update(line.encode())
        for ch, f in zip(per_column, fields):
            ch.update(f.encode() + b"\n")
    idx = "idx_%s_%s" % (table, geom)
    rtree = q('SELECT count(*) FROM "%s"' % idx).fetchone()[0]
    boxes = [q('SELECT count(*) FROM "%s" WHERE xmax >= ? AND xmin <= ? AND ymax >= ? AND ymin <= ?'
               % idx, b[0], b[2], b[1], b[3]).fetchone()[0] for b in BOXES]
    enabled = q("SELECT spatial_index_enabled FROM geometry_columns WHERE lower(f_table_name)=lower(?)"
                " AND lower(f_geometry_column)=lower(?)", table, geom).fetchone()
    result = {
        "count": count,
        "sum_x": sx / 1e6, "sum_y": sy / 1e6,
        "min_x": minx / 1e6, "max_x": maxx / 1e6, "min_y": miny / 1e6, "max_y": maxy / 1e6,
        "sha256(id,attrs,x,y)": h.hexdigest()[:32],
        "rtree_entries": rtree,
        "rtree_box_counts": boxes,
        "spatial_index_enabled": enabled[0] if enabled else None,
    }
    # Per-column digests (in id order): say which column differs when the whole digest does.
    result["columns"] = {c: d.hexdigest()[:16] for c, d in zip(COLUMNS + ["x,y"], per_column)}
    return result

def only_geometry_table(path):
    db = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    rows = db.execute("SELECT f_table_name, f_geometry_column FROM geometry_columns").fetchall()
    if len(rows) != 1:
        sys.exit("%s: expected one geometry table, found %r" % (path, rows))
    return rows[0]

a = summary(a_path, "deposits", "geom")
b_table, b_geom = only_geometry_table(b_path)
b = summary(b_path, b_table, b_geom)
ok = True
print("   %-24s %-34s %-34s" % ("", "depomap (deposits)", "ogr2ogr (%s)" % b_table))
for key in a:
    if key == "columns":
        continue
    same = a[key] == b[key]
    ok &= same
    print("   %-24s %-34s %-34s %s" % (key, a[key], b[key], "" if same else "<-- differs"))
for column in a["columns"]:
    if a["columns"][column] != b["columns"][column]:
        db = sqlite3.connect("file:%s?mode=ro" % a_path, uri=True)
        da = db.execute('SELECT id, "%s" FROM deposits ORDER BY id LIMIT 1' % column).fetchone() if column != "x,y" else None
        db = sqlite3.connect("file:%s?mode=ro" % b_path, uri=True)
        dbb = db.execute('SELECT id, "%s" FROM "%s" ORDER BY id LIMIT 1' % (column, b_table)).fetchone() if column != "x,y" else None
        print("   column %-17s differs, e.g. depomap %r vs ogr2ogr %r" % (column, da, dbb))
for name, s in (("depomap", a), ("ogr2ogr", b)):
    if s["count"] != expected:
        print("   %s holds %d features, expected %d" % (name, s["count"], expected)); ok = False
    if s["rtree_entries"] != s["count"]:
        print("   %s: spatial index holds %d of %d features" % (name, s["rtree_entries"], s["count"])); ok = False
    if s["spatial_index_enabled"] != 1:
        print("   %s: spatial index not enabled in geometry_columns" % name); ok = False
print("OK: both stores hold the same %d features" % a["count"] if ok else "MISMATCH")
sys.exit(0 if ok else 1)
PY
compare_rc=$?
set -e

# --- summary --------------------------------------------------------------------------------
depomap_wall=$(echo "$wall_init + $wall_load" | bc -l)
depomap_cpu=$(echo "$cpu_init + $cpu_load" | bc -l)
depomap_rss=$(( rss_init > rss_load ? rss_init : rss_load ))
ratio=$(echo "$wall_ogr2ogr / $depomap_wall" | bc -l)
cpu_ratio=$(echo "$cpu_ogr2ogr / $depomap_cpu" | bc -l)
mib() { printf '%.1f' "$(echo "$1 / 1024" | bc -l)"; }
echo "== summary (N=$n, $(date -u +%Y-%m-%dT%H:%MZ), $(hostname), load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
printf '   depomap init+load : %8.2f s wall  %8.2f s cpu   peak RSS %7s MiB  (load alone %.2f s wall)\n' \
    "$depomap_wall" "$depomap_cpu" "$(mib "$depomap_rss")" "$wall_load"
printf '   ogr2ogr           : %8.2f s wall  %8.2f s cpu   peak RSS %7s MiB\n' "$wall_ogr2ogr" \
    "$cpu_ogr2ogr" "$(mib "$rss_ogr2ogr")"
printf '   ratio ogr2ogr/depomap: %.2fx wall (target >= 10x: %s), %.2fx cpu\n' "$ratio" \
    "$( (( $(echo "$ratio >= 10" | bc) )) && echo met || echo not met)" "$cpu_ratio"
printf '   depomap peak memory  : %s MiB  (target < 256 MiB: %s)\n' "$(mib "$depomap_rss")" \
    "$( (( depomap_rss < 256 * 1024 )) && echo met || echo not met)"
printf '   store sizes: depomap %s MiB, ogr2ogr %s MiB\n' \
    "$(( ($(stat -c %s A.sqlite) + $(stat -c %s A.sqlite-wal 2>/dev/null || echo 0)) / 1048576 ))" \
    "$(( $(stat -c %s B.sqlite) / 1048576 ))"
[[ $keep -eq 1 ]] && echo "   kept: $workdir"
exit "$compare_rc"
