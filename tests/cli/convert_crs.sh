#!/usr/bin/env bash
# A scenario, not rows: every check compares with ogr2ogr and cs2cs (oracles the table runner has
# not). The CRS a GeoPackage records is a row of tests/cli/tables/convert.ini.
# depomap convert reprojects like ogr2ogr and cs2cs (within 1 cm): Pulkovo 1942 / Gauss-Krüger
# zone 18 (EPSG:28418) to WGS 84 and back, and WGS 84 to GSK-2011 (EPSG:7683).
source "$(dirname "$0")/lib.bash"

C="$DATA/convert"

# within_1cm A B: two lists of "x y" (degrees lon lat, or metres with "m") agree within 1 cm.
within_1cm() {
    python3 - "$1" "$2" <<'PY'
import math, sys
read = lambda p: [(float(l.split()[0]), float(l.split()[1]), "m" in l.split()) for l in open(p) if l.strip()]
a, b = read(sys.argv[1]), read(sys.argv[2])
assert len(a) == len(b) and a, (len(a), len(b))
worst = 0.0
for (x1, y1, m), (x2, y2, _) in zip(a, b):
    if m:  # metres
        d = math.hypot(x1 - x2, y1 - y2)
    else:  # degrees: metres on the sphere, plenty for a 1 cm check
        d = math.hypot((x1 - x2) * 111320 * math.cos(math.radians(y1)), (y1 - y2) * 110574)
    worst = max(worst, d)
print("ok" if worst <= 0.01 else "worst %.4f m" % worst)
PY
}
# coords FILE.geojson [m]: "x y" per feature.
coords() {
    python3 -c 'import json, sys
d = json.load(open(sys.argv[1]))
for f in d["features"]:
    x, y = f["geometry"]["coordinates"][:2]
    print("%.10f %.10f%s" % (x, y, " m" if len(sys.argv) > 2 else ""))' "$@"
}

# GK zone 18 easting/northing -> WGS 84: depomap, ogr2ogr, cs2cs (EPSG axis order: northing first).
expect_exit 0 "$DEPOMAP" convert "$C/gk_28418.csv" -f geojson -o "$WORK/d" --x-field x --y-field y \
    --s-srs EPSG:28418 --precision 10
coords "$WORK/d/gk_28418.geojson" >"$WORK/depomap.txt"
ogr2ogr -f GeoJSON -lco COORDINATE_PRECISION=10 -s_srs EPSG:28418 -t_srs EPSG:4326 "$WORK/ogr.geojson" "$C/gk_28418.csv" \
    -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y
coords "$WORK/ogr.geojson" >"$WORK/ogr.txt"
tail -n +2 "$C/gk_28418.csv" | awk -F, '{print $4, $3}' | cs2cs -f %.10f EPSG:28418 EPSG:4326 |
    awk '{print $2, $1}' >"$WORK/cs2cs.txt"
expect_eq "28418 -> 4326 vs ogr2ogr" ok "$(within_1cm "$WORK/depomap.txt" "$WORK/ogr.txt")"
expect_eq "28418 -> 4326 vs cs2cs" ok "$(within_1cm "$WORK/depomap.txt" "$WORK/cs2cs.txt")"

# And back: a Shapefile in EPSG:28418 (made by ogr2ogr, with its .prj) read by depomap as any
# source, and the WGS 84 GeoJSON written above taken back to EPSG:28418.
ogr2ogr -f "ESRI Shapefile" -a_srs EPSG:28418 "$WORK/gk.shp" "$C/gk_28418.csv" -oo X_POSSIBLE_NAMES=x -oo Y_POSSIBLE_NAMES=y
expect_exit 0 "$DEPOMAP" convert "$WORK/gk.shp" -f geojson -o "$WORK/s" --precision 10
coords "$WORK/s/gk.geojson" >"$WORK/shp.txt"
expect_eq "Shapefile with .prj vs cs2cs" ok "$(within_1cm "$WORK/shp.txt" "$WORK/cs2cs.txt")"
expect_exit 0 "$DEPOMAP" convert "$WORK/d/gk_28418.geojson" -f geojson -o "$WORK/back" --t-srs EPSG:28418 --precision 4
coords "$WORK/back/gk_28418.geojson" m >"$WORK/back.txt"
tail -n +2 "$C/gk_28418.csv" | awk -F, '{print $3, $4, "m"}' >"$WORK/orig.txt"
expect_eq "4326 -> 28418 round trip" ok "$(within_1cm "$WORK/back.txt" "$WORK/orig.txt")"
awk '{print $2, $1}' "$WORK/depomap.txt" | cs2cs -f %.4f EPSG:4326 EPSG:28418 | awk '{print $2, $1, "m"}' >"$WORK/cs2cs_back.txt"
expect_eq "4326 -> 28418 vs cs2cs" ok "$(within_1cm "$WORK/back.txt" "$WORK/cs2cs_back.txt")"
ogr2ogr -f GeoJSON -lco COORDINATE_PRECISION=4 -t_srs EPSG:28418 "$WORK/ogr_back.geojson" "$WORK/d/gk_28418.geojson"
coords "$WORK/ogr_back.geojson" m >"$WORK/ogr_back.txt"
expect_eq "4326 -> 28418 vs ogr2ogr" ok "$(within_1cm "$WORK/back.txt" "$WORK/ogr_back.txt")"

# GSK-2011 (EPSG:7683, the Russian geodetic system since 2017).
expect_exit 0 "$DEPOMAP" convert "$C/b/same.geojson" -f gpkg -o "$WORK/gsk" --t-srs EPSG:7683
expect_exit 0 "$DEPOMAP" convert "$WORK/gsk/same.gpkg" -f geojson -o "$WORK/gskj" --t-srs EPSG:7683 --precision 10
coords "$WORK/gskj/same.geojson" >"$WORK/gsk.txt"
json_get "$C/b/same.geojson" '"\n".join("%s %s" % (f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0]) for f in d["features"])' |
    cs2cs -f %.10f EPSG:4326 EPSG:7683 | awk '{print $2, $1}' >"$WORK/gsk_cs2cs.txt"
expect_eq "4326 -> GSK-2011 vs cs2cs" ok "$(within_1cm "$WORK/gsk.txt" "$WORK/gsk_cs2cs.txt")"

finish
