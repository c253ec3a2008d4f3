#!/usr/bin/env bash
# `depomap nearest`: the CSV/JSON/GeoJSON contract on the atlas, both directions, filters, ties,
# the Chukotka/Alaska pair across the 180th meridian, error paths, and exactness against a
# brute-force scan with GeodSolve (GeographicLib's own tool, independent of PROJ) on random data
# clustered at high latitude and on both sides of the antimeridian.
source "$(dirname "$0")/lib.bash"

Q="$DATA/query"
ATLAS="$WORK/atlas.sqlite"
command -v GeodSolve >/dev/null || { echo "GeodSolve (geographiclib-tools) is needed" >&2; exit 1; }

# ------------------------------------------------------------------------------------------------
# Brute force. A Python helper (stdin: nothing; argv: mode and files) that checks a nearest CSV
# against every pair, with exact distances from GeodSolve -i. To keep GeodSolve's work small, pairs
# are first ranked by the spherical angle sigma (R = 6371008.8 m, geodetic latitudes): the WGS84
# metric is stretched from that sphere's by a factor in [M_min/R, N_max/R] = [0.99442, 1.00449]
# in every direction, so 0.99442 sigma R <= s <= 1.00449 sigma R for every pair and no pair whose
# sigma exceeds 1.0102 times the k-th smallest sigma can be among the k nearest. The prune keeps
# those with margin (factor 1.012, plus 1 m); everything else is the exact geodesic.
cat >"$WORK/brute.py" <<'PY'
import csv, math, subprocess, sys

R = 6371008.8

def read_points(path):
    pts = []
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            pts.append((row["id"], float(row["lon"]), float(row["lat"])))
    return pts

def unit(lon, lat):
    p, l = math.radians(lat), math.radians(lon)
    return (math.cos(p) * math.cos(l), math.cos(p) * math.sin(l), math.sin(p))

def sigma_m(u, v):
    c = math.sqrt((u[0] - v[0]) ** 2 + (u[1] - v[1]) ** 2 + (u[2] - v[2]) ** 2)
    return 2.0 * math.asin(min(1.0, c / 2.0)) * R

def geodsolve(pairs):
    """pairs: list of ((lon1, lat1), (lon2, lat2)); returns [(s12_m, azi1_deg)]."""
    text = "".join("%.17g %.17g %.17g %.17g\n" % (a[1], a[0], b[1], b[0]) for a, b in pairs)
    out = subprocess.run(["GeodSolve", "-i", "-p", "9"], input=text, capture_output=True,
                         text=True, check=True).stdout.split("\n")
    res = []
    for line in out[: len(pairs)]:
        azi1, azi2, s12 = line.split()
        res.append((float(s12), float(azi1)))
    return res

def expected_nearest(src, dst, k, max_m):
    """For every src point, its k nearest of dst within max_m: [(from, to, rank, s)], and the
    distance of the next candidate after them (to tell real errors from near-ties)."""
    du = [unit(p[1], p[2]) for p in dst]
    cand = []
    for i, p in enumerate(src):
        u = unit(p[1], p[2])
        sig = sorted((sigma_m(u, v), j) for j, v in enumerate(du))
        if not sig:
            continue
        kth = sig[min(k, len(sig)) - 1][0]
        limit = min(kth * 1.012 + 1.0, max_m / 0.99442 + 1.0)
        for s, j in sig:
            if s > limit:
                break
            cand.append((i, j))
    dist = geodsolve([((src[i][1], src[i][2]), (dst[j][1], dst[j][2])) for i, j in cand])
    per = {}
    for (i, j), (s, azi) in zip(cand, dist):
        per.setdefault(i, []).append((s, dst[j][0], azi))
    result = {}
    for i, p in enumerate(src):
        lst = sorted(per.get(i, []), key=lambda t: (t[0], t[1]))
        result[p[0]] = [t for t in lst if t[0] <= max_m]
    return result

def main():
    mode, src_csv, dst_csv, got_csv, k, max_km = sys.argv[1:7]
    k = int(k)
    max_m = float("inf") if max_km == "inf" else float(max_km) * 1000.0
    src, dst = read_points(src_csv), read_points(dst_csv)
    exp = expected_nearest(src, dst, k, max_m)
    got = {}
    with open(got_csv, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            got.setdefault(row["from_id"], []).append(
                (int(row["rank"]), row["to_id"], float(row["distance_m"])))
    bad = []
    for fid in sorted(set(exp) | set(got)):
        e = exp.get(fid, [])
        all_e = e
        e = e[:k]
        g = sorted(got.get(fid, []))
        if [r for r, _, _ in g] != list(range(1, len(g) + 1)):
            bad.append("%s: ranks %s are not 1..n" % (fid, [r for r, _, _ in g]))
            continue
        # Pairs within 1 mm of max_m may go either way.
        if len(g) != len(e) and not (len(g) < len(e) and all(abs(t[0] - max_m) <= 1e-3 for t in e[len(g):])) \
                and not (len(g) > len(e) and all(abs(t[2] - max_m) <= 1e-3 for t in g[len(e):])):
            bad.append("%s: expected %d pairs %s, got %d %s" % (fid, len(e), [(t[1], round(t[0], 3)) for t in e],
                                                             len(g), [(t[1], t[2]) for t in g]))
            continue
        for (rank, tid, d), (s, eid, _azi) in zip(g, e):
            if abs(d - s) > 1e-3:
                bad.append("%s rank %d: distance %.6f m, brute force %.6f m (to %s / %s)" % (fid, rank, d, s, tid, eid))
            elif tid != eid:
                # Only a genuine tie (same distance to the micrometre) may swap ids; then the
                # smaller id must come first, which the exact equality check below covers.
                other = [t for t in all_e if t[1] == tid]
                if not other or abs(other[0][0] - s) > 2e-6:
                    bad.append("%s rank %d: nearest %s at %.6f m, brute force says %s at %.6f m" %
                               (fid, rank, tid, d, eid, s))
    print("checked %d features, %d pairs" % (len(exp), sum(len(v[:k]) for v in exp.values())), file=sys.stderr)
    for b in bad[:30]:
        print("MISMATCH " + b)
    print("mismatches: %d" % len(bad))

if __name__ == "__main__":
    main()
PY

# brute_check SRC_CSV DST_CSV GOT_CSV K MAX_KM: the nearest CSV GOT agrees with the brute force.
brute_check() {
    local report="$WORK/brute.report"
    python3 "$WORK/brute.py" nearest "$@" >"$report" 2>"$WORK/brute.stderr"
    local n
    n=$(sed -n 's/^mismatches: //p' "$report")
    if [[ "$n" == "0" ]]; then
        pass
    else
        fail "nearest disagrees with the brute force ($*): $(head -c 3000 "$report") $(head -c 500 "$WORK/brute.stderr")"
    fi
}

# layer_points DB LAYER OUT [WHERE]: id,lon,lat of a layer as stored (read with depomap sql).
layer_points() {
    local where=${4:-1}
    "$DEPOMAP" sql --db "$1" -f csv \
        "SELECT id, printf('%.17g', X(geom)) AS lon, printf('%.17g', Y(geom)) AS lat FROM $2 WHERE geom IS NOT NULL AND ($where) ORDER BY id" |
        tr -d '\r' >"$3"
}

# csv_rows FILE: the data rows of a CSV (header dropped, CRLF normalised).
csv_rows() { tail -n +2 "$1" | tr -d '\r'; }

# ================================================================================================
# The atlas.
run "$DEPOMAP" init -q --db "$ATLAS" --atlas
[[ "$RC" == 0 ]] && pass || fail "init --atlas failed"
n_deposits=$(sql_value "$ATLAS" "SELECT count(*) FROM deposits WHERE geom IS NOT NULL")
n_sites=$(sql_value "$ATLAS" "SELECT count(*) FROM processing_sites WHERE geom IS NOT NULL")
n_rus=$(sql_value "$ATLAS" "SELECT count(*) FROM deposits WHERE country_iso3 = 'RUS' AND geom IS NOT NULL")
layer_points "$ATLAS" deposits "$WORK/atlas_deposits.csv"
layer_points "$ATLAS" processing_sites "$WORK/atlas_sites.csv"
layer_points "$ATLAS" deposits "$WORK/atlas_rus_deposits.csv" "country_iso3 = 'RUS'"
layer_points "$ATLAS" processing_sites "$WORK/atlas_rus_sites.csv" "country_iso3 = 'RUS'"

# --- The README's main job: every Russian deposit, its one nearest site and a distance. ---------
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" --where "country_iso3 = 'RUS'" -f csv
cp "$OUT" "$WORK/rus.csv"
expect_eq "one row per Russian deposit" "$n_rus" "$(csv_rows "$WORK/rus.csv" | wc -l)"
expect_eq "distinct Russian deposits" "$n_rus" "$(csv_rows "$WORK/rus.csv" | cut -d, -f1 | sort -u | wc -l)"
expect_eq "Russian deposits in the output are the Russian deposits" \
    "$(csv_rows "$WORK/atlas_rus_deposits.csv" | cut -d, -f1 | sort | tr '\n' ' ')" \
    "$(csv_rows "$WORK/rus.csv" | cut -d, -f1 | sort | tr '\n' ' ')"
bad=$(python3 - "$WORK/rus.csv" <<'PY'
import csv, sys
for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")):
    d = float(r["distance_m"])
    if r["rank"] != "1" or not (d >= 0) or abs(float(r["distance_km"]) - d / 1000) > 0.001 or not r["to_id"]:
        print(r)
PY
)
[[ -z "$bad" ]] && pass || fail "rows without rank 1 / a distance: $bad"
brute_check "$WORK/atlas_rus_deposits.csv" "$WORK/atlas_sites.csv" "$WORK/rus.csv" 1 inf

# --- Every deposit, k = 3: ranks 1..3 in distance order, and exactly the brute force. -----------
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -k 3 -f csv
cp "$OUT" "$WORK/k3.csv"
expect_eq "k=3 rows" "$((n_deposits * 3))" "$(csv_rows "$WORK/k3.csv" | wc -l)"
bad=$(python3 - "$WORK/k3.csv" <<'PY'
import csv, sys
rows = {}
for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")):
    rows.setdefault(r["from_id"], []).append((int(r["rank"]), float(r["distance_m"]), r["to_id"]))
for fid, lst in rows.items():
    if [x[0] for x in lst] != [1, 2, 3]:
        print(fid, "ranks", [x[0] for x in lst])
    for a, b in zip(lst, lst[1:]):
        if (a[1], a[2]) > (b[1], b[2]):
            print(fid, "not in distance (then id) order", lst)
    if len({x[2] for x in lst}) != len(lst):
        print(fid, "a site twice", lst)
PY
)
[[ -z "$bad" ]] && pass || fail "k=3 order: $bad"
brute_check "$WORK/atlas_deposits.csv" "$WORK/atlas_sites.csv" "$WORK/k3.csv" 3 inf
# Rank 1 of k=3 is the k=1 answer.
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -f csv
expect_eq "rank 1 of -k 3 equals -k 1" \
    "$(csv_rows "$OUT" | cut -d, -f1-4 | sort)" \
    "$(csv_rows "$WORK/k3.csv" | awk -F, '$3 == 1' | cut -d, -f1-4 | sort)"

# --- --max-km ---------------------------------------------------------------------------------
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -k 3 --max-km 500 -f csv
cp "$OUT" "$WORK/max500.csv"
bad=$(csv_rows "$WORK/max500.csv" | awk -F, '$4 > 500000')
[[ -z "$bad" ]] && pass || fail "--max-km 500 let farther pairs through: $bad"
[[ $(csv_rows "$WORK/max500.csv" | wc -l) -gt 0 ]] && pass || fail "--max-km 500 returned nothing"
[[ $(csv_rows "$WORK/max500.csv" | wc -l) -lt $((n_deposits * 3)) ]] && pass || fail "--max-km 500 filtered nothing"
brute_check "$WORK/atlas_deposits.csv" "$WORK/atlas_sites.csv" "$WORK/max500.csv" 3 500
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" --max-km 0 -f csv
brute_check "$WORK/atlas_deposits.csv" "$WORK/atlas_sites.csv" "$OUT" 1 0

# --- --where / --to-where ----------------------------------------------------------------------
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" --where "country_iso3 = 'RUS'" \
    --to-where "country_iso3 = 'RUS' AND stage IS NOT NULL" -k 2 -f csv
cp "$OUT" "$WORK/rus_rus.csv"
bad=$(csv_rows "$WORK/rus_rus.csv" | cut -d, -f2 | sort -u | grep -v '^ru-')
[[ -z "$bad" ]] && pass || fail "--to-where let foreign sites through: $bad"
expect_eq "--where keeps the Russian deposits" "$n_rus" "$(csv_rows "$WORK/rus_rus.csv" | cut -d, -f1 | sort -u | wc -l)"
brute_check "$WORK/atlas_rus_deposits.csv" "$WORK/atlas_rus_sites.csv" "$WORK/rus_rus.csv" 2 inf

# --- The other direction: for every site its nearest deposit. ----------------------------------
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" --from processing_sites --to deposits -f csv
cp "$OUT" "$WORK/rev.csv"
expect_eq "one row per site" "$n_sites" "$(csv_rows "$WORK/rev.csv" | wc -l)"
brute_check "$WORK/atlas_sites.csv" "$WORK/atlas_deposits.csv" "$WORK/rev.csv" 1 inf

# --- JSON --------------------------------------------------------------------------------------
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -k 2 -f json
cp "$OUT" "$WORK/k2.json"
expect_eq "JSON: one object per pair with the CSV's keys" "ok $((n_deposits * 2))" "$(python3 - "$WORK/k2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
ok = isinstance(d, list) and all(isinstance(o, dict) and {"from_id", "to_id", "rank", "distance_m"} <= set(o)
                                 and isinstance(o["distance_m"], (int, float)) and o["rank"] in (1, 2) for o in d)
print("ok" if ok else "bad", len(d) if isinstance(d, list) else -1)
PY
)"
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -k 2 -f csv
expect_eq "JSON and CSV give the same pairs" \
    "$(csv_rows "$OUT" | cut -d, -f1-4 | sort)" \
    "$(python3 -c 'import json,sys
for o in json.load(open(sys.argv[1])): print("%s,%s,%d,%.3f" % (o["from_id"], o["to_id"], o["rank"], o["distance_m"]))' "$WORK/k2.json" | sort)"

# --- GeoJSON supply links ------------------------------------------------------------------------
# check_links FILE: a FeatureCollection of (Multi)LineStrings with distance_m, every coordinate in
# range and no segment jumping across the map. Prints "ok N" or the problems.
check_links() {
    python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
probs = []
if d.get("type") != "FeatureCollection":
    probs.append("not a FeatureCollection")
for f in d.get("features", []):
    g = f.get("geometry") or {}
    p = f.get("properties") or {}
    if not isinstance(p.get("distance_m"), (int, float)):
        probs.append("no numeric distance_m: %s" % p)
    if g.get("type") == "LineString":
        parts = [g["coordinates"]]
    elif g.get("type") == "MultiLineString":
        parts = g["coordinates"]
    else:
        probs.append("geometry %s" % g.get("type"))
        continue
    for part in parts:
        if len(part) < 2:
            probs.append("%s: a part with %d point(s)" % (p.get("from_id"), len(part)))
        elif all(q == part[0] for q in part) and p.get("distance_m") != 0:
            # (a zero-length link is right only for coincident points)
            probs.append("%s -> %s: a part of zero length %s" % (p.get("from_id"), p.get("to_id"), part))
        for x, y in part:
            if not (-180 <= x <= 180 and -90 <= y <= 90):
                probs.append("%s: coordinate out of range %s" % (p.get("from_id"), (x, y)))
        for a, b in zip(part, part[1:]):
            if abs(a[0] - b[0]) > 180:
                probs.append("%s: segment jumps across the map %s -> %s" % (p.get("from_id"), a, b))
print("ok %d" % len(d.get("features", [])) if not probs else "\n".join(probs[:10]))
PY
}
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -k 2 -f geojson
cp "$OUT" "$WORK/links.geojson"
expect_eq "GeoJSON supply links on the atlas" "ok $((n_deposits * 2))" "$(check_links "$WORK/links.geojson")"
# The links' distances and ends are the CSV's.
expect_eq "GeoJSON and CSV give the same pairs" \
    "$("$DEPOMAP" nearest --db "$ATLAS" -k 2 -f csv | tail -n +2 | tr -d '\r' | cut -d, -f1-4 | sort)" \
    "$(python3 -c 'import json,sys
for f in json.load(open(sys.argv[1]))["features"]:
    p = f["properties"]; print("%s,%s,%d,%.3f" % (p["from_id"], p["to_id"], p["rank"], p["distance_m"]))' "$WORK/links.geojson" | sort)"

# --- -o FILE -----------------------------------------------------------------------------------
rm -f "$WORK/out.csv"
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -k 2 -f csv -o "$WORK/out.csv"
expect_stdout_empty
[[ -s "$WORK/out.csv" ]] && pass || fail "-o did not write the file"
expect_eq "-o writes what stdout would" "$("$DEPOMAP" nearest --db "$ATLAS" -k 2 -f csv | tr -d '\r' | sort)" \
    "$(tr -d '\r' <"$WORK/out.csv" | sort)"
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -f geojson -o "$WORK/out.geojson"
expect_eq "-o with geojson" "ok $n_deposits" "$(check_links "$WORK/out.geojson")"
# An existing file replaced with --overwrite, or a folder refused as output, leaves nothing beside
# it (the messages and exit codes: rows of tests/cli/tables/nearest.ini).
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" --where "id = 'ru-tomtor'" -f csv -o "$WORK/out.csv" --overwrite
expect_eq "-o leaves no temporary file" "" "$(ls "$WORK" | grep -F .depomap-)"
mkdir -p "$WORK/out_dir/inside"
expect_exit 1 "$DEPOMAP" nearest --db "$ATLAS" -f csv -o "$WORK/out_dir"
expect_eq "-o DIR leaves no temporary file" "" "$(ls "$WORK" | grep -F .depomap-)"

# -o FILE streams without checking the order first and takes the file back when a feature comes
# out of id order: here the last of 70,001 deposits, after the first block of 65,536 went out.
# The file is then written again, sorted: the same rows as on stdout, in id order, nothing left
# beside it. Standard output redirected to a file (`>`) is taken back the same way; a pipe, or a
# file that standard output appends to (`>>`), has the order checked before anything goes out.
LATE="$WORK/late.sqlite"
new_store "$LATE"
awk 'BEGIN { print "id,name,lon,lat"
             for (i = 0; i < 70000; i++) printf "d%06d,deposit %d,%.4f,%.4f\n", i, i, (i * 7.31) % 360 - 180, (i * 3.17) % 170 - 85
             print "a-last,loaded last,10.5,10.5" }' >"$WORK/late.csv"
printf 'id,name,lon,lat\ns-1,one,0,0\ns-2,two,100,50\ns-3,three,-60,-20\n' >"$WORK/late_sites.csv"
expect_exit 0 "$DEPOMAP" load -q --db "$LATE" "$WORK/late.csv" --x-field lon --y-field lat
expect_exit 0 "$DEPOMAP" load -q --db "$LATE" --layer processing_sites "$WORK/late_sites.csv" --x-field lon --y-field lat
expect_exit 0 "$DEPOMAP" nearest --db "$LATE" -f csv -o "$WORK/late_out.csv" && expect_stdout_empty
expect_exit 0 "$DEPOMAP" nearest --db "$LATE" -f csv
if cmp -s "$OUT" "$WORK/late_out.csv"; then pass; else fail "-o on a layer out of id order differs from stdout"; fi
expect_eq "-o after a take-back: rows" 70001 "$(csv_rows "$WORK/late_out.csv" | wc -l)"
expect_eq "-o after a take-back: first row" "a-last" "$(csv_rows "$WORK/late_out.csv" | head -n 1 | cut -d, -f1)"
csv_rows "$WORK/late_out.csv" | cut -d, -f1 | LC_ALL=C sort -c 2>/dev/null && pass || fail "-o after a take-back: not in id order"
expect_eq "-o after a take-back leaves no temporary file" "" "$(ls "$WORK" | grep -F .depomap-)"
"$DEPOMAP" nearest --db "$LATE" -f csv | cat >"$WORK/late_pipe.csv"
if cmp -s "$WORK/late_pipe.csv" "$WORK/late_out.csv"; then pass; else fail "nearest into a pipe differs from -o"; fi
printf 'kept\n' >"$WORK/late_append.csv"
"$DEPOMAP" nearest --db "$LATE" -f csv >>"$WORK/late_append.csv"
expect_eq "nearest >> FILE keeps what was there" "kept" "$(head -n 1 "$WORK/late_append.csv")"
if tail -n +2 "$WORK/late_append.csv" | cmp -s - "$WORK/late_out.csv"; then pass; else fail "nearest >> FILE differs from -o"; fi

# ================================================================================================
# Across the antimeridian: a Chukotka deposit at 179.9E 65N and an Alaska site at 179.9W 65N are
# 9.435 km apart (the distance: a row of tests/cli/tables/nearest.ini); the brute force and the link
# cut at the meridian are checked here.
CH="$WORK/chukotka.sqlite"
new_store "$CH"
expect_exit 0 "$DEPOMAP" load -q --db "$CH" "$Q/chukotka_deposits.csv" --x-field lon --y-field lat
expect_exit 0 "$DEPOMAP" load -q --db "$CH" --layer processing_sites "$Q/alaska_sites.csv" --x-field lon --y-field lat
layer_points "$CH" deposits "$WORK/ch_dep.csv"
layer_points "$CH" processing_sites "$WORK/ch_sites.csv"
expect_exit 0 "$DEPOMAP" nearest --db "$CH" -k 2 -f csv
brute_check "$WORK/ch_dep.csv" "$WORK/ch_sites.csv" "$OUT" 2 inf

# check_split FILE: the one feature is a MultiLineString cut at +-180: parts end/start on the
# meridian on opposite sides, every coordinate in range, no jump; prints "ok" or the problem.
check_split() {
    python3 - "$1" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
fs = d["features"]
if len(fs) != 1:
    print("expected one feature, got %d" % len(fs)); sys.exit()
f = fs[0]
g, p = f["geometry"], f["properties"]
if g["type"] != "MultiLineString":
    print("geometry is %s, not a MultiLineString" % g["type"]); sys.exit()
parts = g["coordinates"]
probs = []
if abs(p["distance_m"] - 9435.102277) > 1.0:
    probs.append("distance_m %s" % p["distance_m"])
if len(parts) != 2:
    probs.append("%d parts" % len(parts))
for part in parts:
    for x, y in part:
        if not (-180 <= x <= 180) or abs(y - 65) > 0.01:
            probs.append("coordinate %s" % [x, y])
    for a, b in zip(part, part[1:]):
        if abs(a[0] - b[0]) > 180:
            probs.append("jump %s -> %s" % (a, b))
if len(parts) == 2:
    end, start = parts[0][-1], parts[1][0]
    if abs(end[0]) != 180 or start[0] != -end[0] or abs(end[1] - start[1]) > 1e-6:
        probs.append("cut not on the meridian: %s | %s" % (end, start))
    first, last = parts[0][0], parts[1][-1]
    ends = sorted([round(first[0], 6), round(last[0], 6)])
    if ends != [-179.9, 179.9]:
        probs.append("ends %s" % ends)
print("ok" if not probs else "; ".join(probs))
PY
}
expect_exit 0 "$DEPOMAP" nearest --db "$CH" -f geojson
cp "$OUT" "$WORK/ch.geojson"
expect_eq "Chukotka link east->west is cut at 180" "ok" "$(check_split "$WORK/ch.geojson")"
expect_exit 0 "$DEPOMAP" nearest --db "$CH" --from processing_sites --to deposits --to-where "1" \
    --where "id = 'us-alaska-probe'" -f geojson
cp "$OUT" "$WORK/ch_rev.geojson"
expect_eq "Alaska link west->east is cut at 180" "ok" "$(check_split "$WORK/ch_rev.geojson")"
# A deposit exactly on the meridian (written +180) linked to the site at 179.9W: the link must not
# contain a zero-length piece at +180 (an invalid LineString for GEOS/QGIS).
ON180="$WORK/on180.sqlite"
new_store "$ON180"
printf 'id,name,lon,lat\non-180,On the meridian,180,65.02\n' >"$WORK/on180.csv"
expect_exit 0 "$DEPOMAP" load -q --db "$ON180" "$WORK/on180.csv" --x-field lon --y-field lat
expect_exit 0 "$DEPOMAP" load -q --db "$ON180" --layer processing_sites "$Q/alaska_sites.csv" --x-field lon --y-field lat
expect_exit 0 "$DEPOMAP" nearest --db "$ON180" -f geojson
cp "$OUT" "$WORK/on180.geojson"
expect_eq "link from a deposit on +180" "ok 1" "$(check_links "$WORK/on180.geojson")"
expect_exit 0 "$DEPOMAP" nearest --db "$ON180" --from processing_sites --to deposits --where "id = 'us-alaska-probe'" -f geojson
cp "$OUT" "$WORK/to180.geojson"
expect_eq "link to a deposit on +180" "ok 1" "$(check_links "$WORK/to180.geojson")"

# ================================================================================================
# Ties: two sites at the same point; the smaller id wins whatever the load order, every time.
TIE="$WORK/ties.sqlite"
new_store "$TIE"
expect_exit 0 "$DEPOMAP" load -q --db "$TIE" "$Q/tie_deposits.csv" --x-field lon --y-field lat
expect_exit 0 "$DEPOMAP" load -q --db "$TIE" --layer processing_sites "$Q/tie_sites.csv" --x-field lon --y-field lat
# (The answer itself: rows of tests/cli/tables/nearest.ini; here, the same answer run after run.)
expect_exit 0 "$DEPOMAP" nearest --db "$TIE" -k 3 -f csv
first=$(csv_rows "$OUT" | cut -d, -f1-4)
same=yes
for i in 1 2 3 4 5; do
    [[ "$("$DEPOMAP" nearest --db "$TIE" -k 3 -f csv | tail -n +2 | tr -d '\r' | cut -d, -f1-4)" == "$first" ]] || same=no
    [[ "$("$DEPOMAP" nearest --db "$TIE" -k 3 -j 1 -f csv | tail -n +2 | tr -d '\r' | cut -d, -f1-4)" == "$first" ]] || same=no
done
expect_eq "tie: deterministic over runs and thread counts" yes "$same"

# ================================================================================================
# Exactness on random data: ~2,000 deposits and ~300 sites, uniform over the globe plus clusters
# at high latitude (both poles), on both sides of the antimeridian (Chukotka/Alaska), in one
# 5x5 degree box, and near the box's antipode; a few points exactly on +-180 and the poles.
python3 - "$WORK/rand_deposits.csv" "$WORK/rand_sites.csv" <<'PY'
import math, random, sys
r = random.Random(20240405)
def uniform():
    return r.uniform(-180, 180), math.degrees(math.asin(r.uniform(-1, 1)))
def antimeridian():
    lon = r.uniform(175, 180) if r.random() < 0.5 else r.uniform(-180, -175)
    return lon, r.uniform(60, 72)
def arctic():
    return r.uniform(-180, 180), r.uniform(80, 89.99)
def antarctic():
    return r.uniform(-180, 180), r.uniform(-89.99, -80)
def box():
    return r.uniform(100, 105), r.uniform(40, 45)
def antibox():
    return r.uniform(-80, -75), r.uniform(-45, -40)
def write(path, prefix, groups, specials):
    with open(path, "w") as f:
        f.write("id,name,lon,lat\n")
        n = 0
        for gen, count, tag in groups:
            for _ in range(count):
                n += 1
                lon, lat = gen()
                f.write("%s-%s-%04d,%s %d,%.6f,%.6f\n" % (prefix, tag, n, tag, n, lon, lat))
        for i, (lon, lat) in enumerate(specials):
            f.write("%s-special-%02d,special %d,%.6f,%.6f\n" % (prefix, i, i, lon, lat))
write(sys.argv[1], "d", [(uniform, 1000, "uni"), (antimeridian, 400, "am"), (arctic, 250, "arc"),
                         (antarctic, 100, "ant"), (antibox, 150, "abox"), (box, 92, "box")],
      [(180, 65.5), (-180, 66.2), (0, 90), (123.4, -90), (0, 0), (180, 0), (-180, -45)])
write(sys.argv[2], "s", [(uniform, 120, "uni"), (antimeridian, 60, "am"), (arctic, 40, "arc"),
                         (antarctic, 10, "ant"), (box, 66, "box")],
      [(180, 64.8), (-180, 70.1), (90, 90)])
PY
RND="$WORK/random.sqlite"
new_store "$RND"
expect_exit 0 "$DEPOMAP" load -q --db "$RND" "$WORK/rand_deposits.csv" --x-field lon --y-field lat
expect_exit 0 "$DEPOMAP" load -q --db "$RND" --layer processing_sites "$WORK/rand_sites.csv" --x-field lon --y-field lat
expect_eq "random deposits loaded" "1999" "$(sql_value "$RND" "SELECT count(*) FROM deposits")"
expect_eq "random sites loaded" "299" "$(sql_value "$RND" "SELECT count(*) FROM processing_sites")"
layer_points "$RND" deposits "$WORK/rnd_dep.csv"
layer_points "$RND" processing_sites "$WORK/rnd_sites.csv"
layer_points "$RND" processing_sites "$WORK/rnd_box_sites.csv" "id LIKE 's-box-%'"
expect_exit 0 "$DEPOMAP" nearest --db "$RND" -f csv
cp "$OUT" "$WORK/rnd_k1.csv"
expect_eq "random: one row per deposit" "1999" "$(csv_rows "$WORK/rnd_k1.csv" | wc -l)"
brute_check "$WORK/rnd_dep.csv" "$WORK/rnd_sites.csv" "$WORK/rnd_k1.csv" 1 inf
expect_exit 0 "$DEPOMAP" nearest --db "$RND" -k 3 -j 1 -f csv
brute_check "$WORK/rnd_dep.csv" "$WORK/rnd_sites.csv" "$OUT" 3 inf
cp "$OUT" "$WORK/rnd_k3.csv"
# 9,995 rows, formatted in two parts on two threads: the same first three ranks.
expect_exit 0 "$DEPOMAP" nearest --db "$RND" -k 5 -j 2 -f csv
expect_eq "random: k=5 in two parts" "$(csv_rows "$WORK/rnd_k3.csv")" \
    "$(csv_rows "$OUT" | awk -F, '$3 <= 3')"
# The hard case: every site in one 5x5 degree box, deposits all over (some near its antipode).
expect_exit 0 "$DEPOMAP" nearest --db "$RND" --to-where "id LIKE 's-box-%'" -f csv
brute_check "$WORK/rnd_dep.csv" "$WORK/rnd_box_sites.csv" "$OUT" 1 inf
# Both directions and a radius limit.
expect_exit 0 "$DEPOMAP" nearest --db "$RND" --from processing_sites --to deposits -k 2 --max-km 800 -f csv
brute_check "$WORK/rnd_sites.csv" "$WORK/rnd_dep.csv" "$OUT" 2 800
expect_exit 0 "$DEPOMAP" nearest --db "$RND" -f geojson --where "id LIKE 'd-am-%' OR id LIKE 'd-special-%'"
expect_eq "random antimeridian links are valid GeoJSON" "ok 407" "$(check_links "$OUT")"

# ================================================================================================
# Errors, an empty --to layer, -o's rules, the CSV's columns: rows of tests/cli/tables/nearest.ini.

finish
