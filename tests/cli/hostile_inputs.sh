#!/usr/bin/env bash
# Hostile input that tests/cli/tables/load-hostile.ini, convert-hostile.ini and sql-hostile.ini
# cannot say: a 10,000-vertex polygon made here (rejected with a spike, loaded without it, each
# within a time limit), every committed bad file listed in tests/data/bad/README.md, SQL in names
# and values stored and exported as plain data (checked by a Python oracle), and layer names that
# try to leave convert's output folder.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

DB="$WORK/s.sqlite"
new_store "$DB"
run "$DEPOMAP" load -q --db "$DB" "$DATA/deposits.geojson"
run "$DEPOMAP" load -q --db "$DB" "$DATA/reserve_areas.geojson" --layer reserve_areas

# The store's whole content in one sqlite3 run (ids, names, extra, geometry blobs, R*Tree sizes):
# cheaper than store_snapshot, and as exact.
snapshot() {
    sqlite3 -readonly -batch -noheader "$DB" "
        SELECT 'd', id, quote(name), quote(extra), hex(geom) FROM deposits ORDER BY id;
        SELECT 'r', id, quote(name), quote(extra), hex(geom) FROM reserve_areas ORDER BY id;
        SELECT 'dr', count(*) FROM idx_deposits_geom;
        SELECT 'rr', count(*) FROM idx_reserve_areas_geom;
        SELECT 'p', count(*) FROM processing_sites;"
}
BEFORE="$WORK/before"
snapshot >"$BEFORE"
expect_eq "deposits before" 3 "$(sql_count "$DB" "SELECT count(*) FROM deposits")"
expect_eq "reserve areas before" 2 "$(sql_count "$DB" "SELECT count(*) FROM reserve_areas")"

# A hang fails the test rather than the suite; tools/valgrind --cli-test stretches these limits.
slow=${DEPOMAP_TEST_TIMEOUT_SCALE:-1}
# rejected FILE FEATURE REASON [load options...]: FEATURE is "feature 2", or "" for a file that
# cannot be read at all. REASON must be the whole rest of the line.
rejected() {
    local file=$1 where=$2 reason=$3 line rest
    shift 3
    expect_exit 1 timeout $((60 * slow)) "$DEPOMAP" load --db "$DB" "$file" "$@"
    expect_stdout_empty
    expect_stderr_lines 1
    line=$(head -n 1 "$ERR")
    rest=${line#"depomap load: $file: "}
    if [[ "$rest" == "$line" ]]; then
        fail "stderr does not start with 'depomap load: $file: '"
    elif [[ -n "$where" ]]; then
        if [[ "$rest" == "$where: "* ]]; then
            rest=${rest#"$where: "}
        elif [[ "$rest" == "$where (id '"*"'): "* ]]; then
            rest=${rest#"$where (id '"*"'): "}
        else
            fail "stderr does not name $where"
        fi
    elif [[ "$rest" =~ ^feature\ [0-9] ]]; then
        fail "stderr names a feature; expected a whole-file error"
    fi
    expect_eq "$(basename "$file"): reason" "$reason" "$rest"
    snapshot >"$WORK/now"
    cmp -s "$BEFORE" "$WORK/now" && pass || fail "$(basename "$file"): the store changed"
}
CSV=(--x-field lon --y-field lat)
AREAS=(--layer reserve_areas)

# --- polygons ------------------------------------------------------------------------------------
# A 10,000-vertex star whose one spike doubles back on itself; and the same star without the
# spike loads (a big valid polygon is no hostile input), both in well under a second.
python3 - "$WORK" <<'EOF'
import json, math, sys
def star(spike):
    ring = []
    for i in range(10000):
        a = 2 * math.pi * i / 10000
        r = 1.0 if i % 2 else 0.5
        ring.append([round(30 + r * math.cos(a), 9), round(60 + r * math.sin(a), 9)])
    if spike:
        # Out to 5 degrees east and back through the same point: a zero-width spike.
        ring[5000:5000] = [[36.0, 60.0], ring[4999]]
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}
for name, spike in (("spike_10000.geojson", True), ("star_10000.geojson", False)):
    features = [{"type": "Feature", "properties": {"id": "good-1"}, "geometry": {"type": "Polygon",
                 "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}},
                {"type": "Feature", "properties": {"id": "star"}, "geometry": star(spike)}]
    with open(sys.argv[1] + "/" + name, "w") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f)
EOF
rejected "$WORK/spike_10000.geojson" "feature 2" "invalid polygon: Ring Self-intersection[29.000000197 60.000628318]" "${AREAS[@]}"
cp "$DB" "$WORK/star.sqlite"
expect_exit 0 timeout $((20 * slow)) "$DEPOMAP" load -q --db "$WORK/star.sqlite" "$WORK/star_10000.geojson" "${AREAS[@]}"
expect_eq "10,000-vertex star: vertices" 10001 "$(spatial_csv "$WORK/star.sqlite" "SELECT NumPoints(ExteriorRing(GeometryN(geom, 1))) FROM reserve_areas WHERE id = 'star'")"

# Every committed bad file is in the README's table, with its message (the loads: load-hostile.ini).
for f in "$BAD"/*; do
    name=$(basename "$f")
    [[ "$name" == README.md || "$name" == *.py ]] && continue
    grep -qF -- "\`$name\`" "$BAD/README.md" && pass || fail "tests/data/bad/README.md does not list $name"
done

# --- nothing executes: SQL in values and field names is plain data --------------------------------
EVIL1='x"; DROP TABLE deposits; --'
EVIL2="'); DELETE FROM deposits; --"
python3 - "$WORK" "$EVIL1" "$EVIL2" <<'PY'
import csv, json, sys
work, e1, e2 = sys.argv[1:4]
features = [
    {"type": "Feature", "properties": {"id": e1, "name": e2, e1: e2, e2: e1, "notes": e1 + e2},
     "geometry": {"type": "Point", "coordinates": [10, 20]}},
    {"type": "Feature", "properties": {"id": e2, "name": e1, "operator": e2},
     "geometry": {"type": "Point", "coordinates": [11, 21]}},
]
with open(work + "/evil.geojson", "w", encoding="utf-8") as f:
    json.dump({"type": "FeatureCollection", "features": features}, f)
with open(work + "/evil.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "name", e1, e2, "lon", "lat"])
    w.writerow(["csv " + e1, e2, e1, e2, "12", "22"])
PY
EVIL_DB="$WORK/evil.sqlite"
new_store "$EVIL_DB"
expect_exit 0 "$DEPOMAP" load -q --db "$EVIL_DB" "$WORK/evil.geojson"
expect_exit 0 "$DEPOMAP" load -q --db "$EVIL_DB" "$WORK/evil.csv" "${CSV[@]}"
# Read back with Python's sqlite3 (no shell quoting in between): every value and odd field name
# exactly as written, every table still there, the store intact.
expect_eq "SQL in values and names round-trips" "ok" "$(python3 - "$EVIL_DB" "$EVIL1" "$EVIL2" <<'PY'
import json, sqlite3, sys
db, e1, e2 = sys.argv[1:4]
c = sqlite3.connect("file:" + db + "?mode=ro", uri=True)
rows = {r[0]: r[1:] for r in c.execute("SELECT id, name, operator, notes, extra FROM deposits")}
problems = []
def check(what, got, want):
    if got != want:
        problems.append(f"{what}: {got!r} != {want!r}")
check("ids", sorted(rows), sorted([e1, e2, "csv " + e1]))
if not problems:
    check("name 1", rows[e1][0], e2)
    check("notes 1", rows[e1][2], e1 + e2)
    check("extra 1", json.loads(rows[e1][3]), {e1: e2, e2: e1})
    check("name 2", rows[e2][0], e1)
    check("operator 2", rows[e2][1], e2)
    check("csv name", rows["csv " + e1][0], e2)
    check("csv extra", json.loads(rows["csv " + e1][3]), {e1: e1, e2: e2})
tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
for t in ("deposits", "processing_sites", "reserve_areas", "admin_regions", "country_stats",
          "depomap_meta", "layer_styles", "idx_deposits_geom"):
    check("table " + t, t in tables, True)
check("integrity", c.execute("PRAGMA integrity_check").fetchone()[0], "ok")
print("ok" if not problems else "; ".join(problems))
PY
)"
expect_eq "R*Tree after SQL-looking data" 3 "$(sql_count "$EVIL_DB" "SELECT count(*) FROM idx_deposits_geom")"
# Exported to GeoPackage and Shapefile, the values are still plain data.
expect_exit 0 "$DEPOMAP" export -q --db "$EVIL_DB" -f gpkg -o "$WORK/evil_out.gpkg" --layer deposits
expect_eq "GeoPackage export keeps the SQL-looking values" "$EVIL2|$EVIL1" \
    "$(sqlite3 -readonly "$WORK/evil_out.gpkg" "SELECT name || '|' || id FROM deposits WHERE id LIKE 'x%'")"
expect_exit 0 "$DEPOMAP" export -q --db "$EVIL_DB" -f shp -o "$WORK/evil_shp" --layer deposits
[[ -f "$WORK/evil_shp/deposits.shp" ]] && pass || fail "no deposits.shp: $(ls "$WORK/evil_shp")"

# --- nothing escapes: layer names that are SQL or paths stay inside convert's output folder ------
EVIL_GPKG="$WORK/evil_layers.gpkg"
# GDAL refuses to create a layer named like a path; a renamed table is what a hostile file holds.
ogr2ogr -f GPKG "$EVIL_GPKG" "$DATA/deposits.geojson" -nln "$EVIL1" &&
    ogr2ogr -f GPKG -update "$EVIL_GPKG" "$DATA/mapped.geojson" -nln escape_tmp -lco SPATIAL_INDEX=NO &&
    sqlite3 "$EVIL_GPKG" "ALTER TABLE escape_tmp RENAME TO \"../../escape\";
        UPDATE gpkg_contents SET table_name = '../../escape', identifier = '../../escape' WHERE table_name = 'escape_tmp';
        UPDATE gpkg_geometry_columns SET table_name = '../../escape' WHERE table_name = 'escape_tmp';
        UPDATE gpkg_ogr_contents SET table_name = '../../escape' WHERE table_name = 'escape_tmp';" &&
    pass || fail "could not make $EVIL_GPKG"
expect_eq "layers in the hostile GeoPackage" 2 "$(sqlite3 -readonly "$EVIL_GPKG" "SELECT count(*) FROM gpkg_contents")"
touch "$WORK/marker"
for format in shp geojson gpkg; do
    expect_exit 0 "$DEPOMAP" convert -q "$EVIL_GPKG" -f "$format" -o "$WORK/conv_$format" --layer-name-template "{layer}"
    # Every file the convert made is inside its output folder.
    expect_eq "$format: files made outside the output folder" "" \
        "$(find "$WORK" -newer "$WORK/marker" -type f ! -path "$WORK/conv_*/*" ! -name 'last.std*' | head -n 3)"
    expect_eq "$format: outputs" 3 "$(find "$WORK/conv_$format" -mindepth 1 -maxdepth 1 \( -name "*.$format" -o -name convert-report.csv \) | wc -l)"
done
for escaped in "$WORK/escape" "$(dirname "$WORK")/escape" "$(dirname "$(dirname "$WORK")")/escape"; do
    ! compgen -G "$escaped*" >/dev/null && pass || fail "a layer name escaped to $escaped"
done
expect_eq "the SQL-named layer's features" 3 "$(grep -l moscow "$WORK"/conv_geojson/*.geojson | head -n 1 | xargs -r python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["features"]))')"
# The hostile GeoPackage loads too: its layer names are labels, never SQL.
new_store "$WORK/layers.sqlite"
expect_exit 0 "$DEPOMAP" load -q --db "$WORK/layers.sqlite" "$EVIL_GPKG"
expect_eq "features from both layers" 5 "$(sql_count "$WORK/layers.sqlite" "SELECT count(*) FROM deposits")"

finish
