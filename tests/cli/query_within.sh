#!/usr/bin/env bash
# `depomap within`: everything within a geodesic radius of a feature or a point, sorted by
# distance; checked against every distance computed by GeodSolve -i (GeographicLib's tool), on the
# atlas and on random points clustered at the poles and across the antimeridian.
source "$(dirname "$0")/lib.bash"

ATLAS="$WORK/atlas.sqlite"
command -v GeodSolve >/dev/null || { echo "GeodSolve (geographiclib-tools) is needed" >&2; exit 1; }

# within_check POINTS_CSV LON LAT KM GOT_CSV [EXCLUDE_ID]: the within CSV GOT lists exactly the
# points of POINTS_CSV (id,lon,lat) within KM of (LON, LAT) by GeodSolve, with distances within
# 1 mm, in distance-then-id order. Points within 1 mm of the radius may go either way.
within_check() {
    local report
    report=$(python3 - "$@" <<'PY'
import csv, subprocess, sys
pts_csv, lon, lat, km, got_csv = sys.argv[1:6]
exclude = sys.argv[6] if len(sys.argv) > 6 else None
lon, lat, radius = float(lon), float(lat), float(km) * 1000.0
pts = [(r["id"], float(r["lon"]), float(r["lat"])) for r in csv.DictReader(open(pts_csv, newline="", encoding="utf-8"))]
text = "".join("%.17g %.17g %.17g %.17g\n" % (lat, lon, p[2], p[1]) for p in pts)
out = subprocess.run(["GeodSolve", "-i", "-p", "9"], input=text, capture_output=True, text=True, check=True).stdout.split("\n")
dist = {p[0]: float(line.split()[2]) for p, line in zip(pts, out)}
exp = {i: d for i, d in dist.items() if d <= radius and i != exclude}
got = [(r["id"], float(r["distance_m"])) for r in csv.DictReader(open(got_csv, newline="", encoding="utf-8"))]
bad = []
gids = [g[0] for g in got]
if len(set(gids)) != len(gids):
    bad.append("an id twice")
for i in sorted(set(exp) - set(gids)):
    if abs(exp[i] - radius) > 1e-3:
        bad.append("missing %s at %.3f m" % (i, exp[i]))
for i, d in got:
    if i not in dist:
        bad.append("unknown id %s" % i)
    elif i not in exp and abs(dist[i] - radius) > 1e-3:
        bad.append("%s at %.3f m is outside the radius (got %.3f)" % (i, dist[i], d))
    elif abs(dist[i] - d) > 1e-3:
        bad.append("%s: distance %.6f, GeodSolve %.6f" % (i, d, dist[i]))
for a, b in zip(got, got[1:]):
    if (a[1], a[0]) > (b[1], b[0]):
        bad.append("not sorted by distance then id: %s before %s" % (a, b))
print("ok %d" % len(got) if not bad else "; ".join(bad[:15]))
PY
)
    if [[ "$report" == ok* ]]; then
        pass
    else
        fail "within disagrees with GeodSolve ($*): $report"
    fi
}

layer_points() {
    "$DEPOMAP" sql --db "$1" -f csv \
        "SELECT id, printf('%.17g', X(geom)) AS lon, printf('%.17g', Y(geom)) AS lat FROM $2 WHERE geom IS NOT NULL ORDER BY id" |
        tr -d '\r' >"$3"
}
csv_rows() { tail -n +2 "$1" | tr -d '\r'; }

run "$DEPOMAP" init -q --db "$ATLAS" --atlas
[[ "$RC" == 0 ]] && pass || fail "init --atlas failed"
layer_points "$ATLAS" deposits "$WORK/deposits.csv"
layer_points "$ATLAS" processing_sites "$WORK/sites.csv"

# --- 500 km around Solikamsk (SMZ at 56.7472E 59.6169N). -----------------------------------------
# (Vishnevogorsk at 463,887.990 m inside 500 km, outside 460: rows of tests/cli/tables/within.ini.)
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --id ru-smz --km 500 -f csv
within_check "$WORK/deposits.csv" 56.7472 59.6169 500 "$OUT"
# Wider: 1,500 km takes in the Urals and the Kola deposits' neighbours; still exact.
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --id ru-smz --km 1500 -f csv
within_check "$WORK/deposits.csv" 56.7472 59.6169 1500 "$OUT"
[[ $(csv_rows "$OUT" | wc -l) -ge 2 ]] && pass || fail "1,500 km around SMZ found fewer than 2 deposits"
# Sites around a site: the centre is not its own neighbour.
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --id ru-smz --km 1000 --layer processing_sites -f csv
within_check "$WORK/sites.csv" 56.7472 59.6169 1000 "$OUT" ru-smz

# --- --point ---------------------------------------------------------------------------------
# 800 km around 100E 55N: the Irkutsk deposits (Zashikhinskoye, Beloziminskoye...).
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --point 100,55 --km 800 -f csv
within_check "$WORK/deposits.csv" 100 55 800 "$OUT"
# A negative longitude (the value starts with '-'); the spellings of --point and the other formats
# are rows of tests/cli/tables/within.ini.
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" "--point=-115.5,35.5" --km 100 --layer processing_sites -f csv
within_check "$WORK/sites.csv" -115.5 35.5 100 "$OUT"
# The whole Earth: every deposit, sorted.
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --point 0,0 --km 20100 -f csv
within_check "$WORK/deposits.csv" 0 0 20100 "$OUT"

# --- Random points at the poles and across the 180th meridian. ----------------------------------
python3 - "$WORK/rand.csv" <<'PY'
import math, random, sys
r = random.Random(77)
with open(sys.argv[1], "w") as f:
    f.write("id,name,lon,lat\n")
    def put(tag, n, lon, lat):
        f.write("%s-%04d,%s,%.6f,%.6f\n" % (tag, n, tag, lon, lat))
    for n in range(500):
        put("uni", n, r.uniform(-180, 180), math.degrees(math.asin(r.uniform(-1, 1))))
    for n in range(400):
        put("am", n, r.uniform(178, 180) if n % 2 else r.uniform(-180, -178), r.uniform(63, 69))
    for n in range(300):
        put("arc", n, r.uniform(-180, 180), r.uniform(85, 90))
    for n in range(200):
        put("ant", n, r.uniform(-180, 180), r.uniform(-90, -86))
    for i, (lon, lat) in enumerate([(180, 66), (-180, 66.1), (0, 90), (77, -90), (180, -10)]):
        put("special", i, lon, lat)
PY
RND="$WORK/random.sqlite"
new_store "$RND"
expect_exit 0 "$DEPOMAP" load -q --db "$RND" "$WORK/rand.csv" --x-field lon --y-field lat
layer_points "$RND" deposits "$WORK/rnd.csv"
for c in "179.5 66 300" "-179.99 65.1 50" "180 66 120" "-180 64 200" "0 90 500" "123 89.9 50" \
         "0 -89.5 300" "-45 -90 100" "10 20 19900" "-170.25 -12.5 20003"; do
    read -r lon lat km <<<"$c"
    expect_exit 0 "$DEPOMAP" within --db "$RND" "--point=$lon,$lat" --km "$km" -f csv
    within_check "$WORK/rnd.csv" "$lon" "$lat" "$km" "$OUT"
done
expect_exit 0 "$DEPOMAP" within --db "$RND" "--point=179.5,66" --km 300 -f csv
n_west=$(csv_rows "$OUT" | awk -F, '$6 < 0' | wc -l)
[[ "$n_west" -gt 0 ]] && pass || fail "300 km around 179.5E 66N found nothing west of 180"
expect_exit 0 "$DEPOMAP" within --db "$RND" --id special-0000 --km 150 -f csv
within_check "$WORK/rnd.csv" 180 66 150 "$OUT" special-0000
expect_exit 0 "$DEPOMAP" within --db "$RND" --id special-0002 --km 600 -f csv
within_check "$WORK/rnd.csv" 0 90 600 "$OUT" special-0002

# --- A corridor: everything within --km of a line (geodesic, to the nearest point of a segment).
# The line runs through Beloziminskoye's point and on to Irkutsk; the accuracy of the distance to
# a segment is the unit test's (DistanceToSegment, against a walk along it).
LINE="LINESTRING(96.0 55.0, 100.54 53.5761, 104.3 52.3)"
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --line "$LINE" --km 100 -f csv
# Every answer: its distance is GeodSolve's from the deposit to the line point it names, and it
# is within 100 km; sorted by distance.
tail -n +2 "$OUT" | tr -d '\r' | python3 -c '
import csv, subprocess, sys
rows = list(csv.reader(sys.stdin))
assert rows, "no answer"
d = [float(r[1]) for r in rows]
assert d == sorted(d), "not sorted by distance"
lines = "".join(f"{r[7]} {r[6]} {r[5]} {r[4]}\n" for r in rows)
out = subprocess.run(["GeodSolve", "-i"], input=lines, capture_output=True, text=True, check=True).stdout.split("\n")
for r, o in zip(rows, out):
    ref = float(o.split()[2])
    assert abs(ref - float(r[1])) < 0.01, (r[0], ref, r[1])
    assert float(r[1]) <= 100000, r
print(len(rows))' >"$WORK/check.txt" 2>&1 && pass || fail "corridor answers: $(cat "$WORK/check.txt")"
# The same line from a file, other lines, the errors, the spellings of --point, -k and --where:
# rows of tests/cli/tables/within.ini.

finish
