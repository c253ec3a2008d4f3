#!/usr/bin/env bash
# nearest --bearing and within --bearing: the direction as a bearing, 0 <= b < 360 clockwise from
# north, in a column named bearing_deg in the place of azimuth_deg; the other columns unchanged.
# Checked against GeographicLib's GeodSolve on the shipped atlas.
source "$(dirname "$0")/lib.bash"

ATLAS="$WORK/atlas.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$ATLAS" --atlas

"$DEPOMAP" nearest --db "$ATLAS" -k 3 -f csv >"$WORK/azimuth.csv"
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -k 3 -f csv --bearing -o "$WORK/bearing.csv"
expect_eq "header: bearing_deg in azimuth_deg's place" \
    "$(head -n 1 "$WORK/azimuth.csv" | sed 's/azimuth_deg/bearing_deg/')" "$(head -n 1 "$WORK/bearing.csv")"
others() { python3 -c 'import csv, sys
for r in csv.reader(open(sys.argv[1])): print(r[:7] + r[8:])' "$1"; }
expect_eq "every other column unchanged" "$(others "$WORK/azimuth.csv")" "$(others "$WORK/bearing.csv" | sed 's/bearing_deg/azimuth_deg/')"
python3 - "$WORK/azimuth.csv" "$WORK/bearing.csv" <<'PY' && pass || fail "bearing is not the azimuth taken into 0..360"
import csv, sys
a = list(csv.DictReader(open(sys.argv[1])))
b = list(csv.DictReader(open(sys.argv[2])))
assert len(a) == len(b) and len(a) > 100
west = 0
for x, y in zip(a, b):
    az, br = float(x["azimuth_deg"]), float(y["bearing_deg"])
    assert 0 <= br < 360, br
    assert abs((az % 360) - br) < 0.006 or abs((az % 360) - br - 360) < 0.006, (az, br)
    west += az < 0
assert west > 10, west  # the atlas has answers to the west: the test sees the change
PY
# Against GeodSolve (GeographicLib): the initial azimuth of the geodesic, as a bearing.
if command -v GeodSolve >/dev/null; then
    tail -n +2 "$WORK/bearing.csv" | python3 -c 'import csv, sys
for r in csv.reader(sys.stdin): print(r[9], r[8], r[11], r[10], r[7])' >"$WORK/pairs.txt"
    cut -d' ' -f1-4 "$WORK/pairs.txt" | GeodSolve -i -p 9 >"$WORK/geod.txt"
    python3 - "$WORK/pairs.txt" "$WORK/geod.txt" <<'PY' && pass || fail "bearing differs from GeodSolve's azimuth"
import sys
for mine, geod in zip(open(sys.argv[1]), open(sys.argv[2])):
    b = float(mine.split()[4])
    az = float(geod.split()[0]) % 360
    d = abs(az - b)
    assert min(d, 360 - d) < 0.006, (mine, geod)
PY
else
    fail "GeodSolve (geographiclib-tools) is not installed"
fi
"$DEPOMAP" nearest --db "$ATLAS" -k 3 -f json --bearing >"$WORK/bearing.json"
expect_eq "JSON: bearing_deg in the CSV's place" "$(head -n 1 "$WORK/bearing.csv")" \
    "$(python3 -c 'import json,sys; print(",".join(json.load(open(sys.argv[1]))[0].keys()))' "$WORK/bearing.json")"
"$DEPOMAP" nearest --db "$ATLAS" -f geojson --bearing >"$WORK/bearing.geojson"
expect_eq "GeoJSON: bearings in 0..360" "True" \
    "$(json_get "$WORK/bearing.geojson" 'all(0 <= f["properties"]["bearing_deg"] < 360 for f in d["features"]) and "azimuth_deg" not in d["features"][0]["properties"]')"

# within: the same flag, the same column.
"$DEPOMAP" within --db "$ATLAS" --id ru-smz --km 3000 -f csv >"$WORK/within-az.csv"
"$DEPOMAP" within --db "$ATLAS" --id ru-smz --km 3000 -f csv --bearing >"$WORK/within-b.csv"
python3 - "$WORK/within-az.csv" "$WORK/within-b.csv" <<'PY' && pass || fail "within: bearing is not the azimuth taken into 0..360"
import csv, sys
a = list(csv.DictReader(open(sys.argv[1])))
b = list(csv.DictReader(open(sys.argv[2])))
assert len(a) == len(b) and len(a) > 3
assert any(float(x["azimuth_deg"]) < 0 for x in a)
for x, y in zip(a, b):
    az, br = float(x["azimuth_deg"]), float(y["bearing_deg"])
    assert 0 <= br < 360 and min(abs(az % 360 - br), 360 - abs(az % 360 - br)) < 0.006, (az, br)
PY
# (The headers, the table format and --bearing with --line: rows of tests/cli/tables/nearest.ini and
# within.ini.)
finish
