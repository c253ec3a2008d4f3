#!/usr/bin/env bash
# `depomap region`: features inside an admin region (by English or local name, ISO code, iso3/id)
# or inside a polygon file (GeoJSON in EPSG:4326, GeoJSON in EPSG:3857, a MultiPolygon cut at
# 180 degrees). Points on the border count as inside. Expected sets come from SpatiaLite's own
# ST_Covers (through `depomap sql`), not from the region code.
source "$(dirname "$0")/lib.bash"

Q="$DATA/query"
ATLAS="$WORK/atlas.sqlite"

csv_rows() { tail -n +2 "$1" | tr -d '\r'; }
# ids_of FILE: the first column of a region CSV, sorted, on one line.
ids_of() { csv_rows "$1" | cut -d, -f1 | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//'; }
# covered_ids DB LAYER REGION_ID: ids of LAYER covered by the admin region (SpatiaLite ST_Covers).
covered_ids() {
    spatial_csv "$1" "SELECT x.id FROM $2 x, admin_regions a WHERE a.id = '$3' AND ST_Covers(a.geom, x.geom)" |
        tr '\n' ' ' | sed 's/ $//'
}

run "$DEPOMAP" init -q --db "$ATLAS" --atlas
[[ "$RC" == 0 ]] && pass || fail "init --atlas failed"

# The names as people write them (any case in any script, English and short Russian forms), a
# country by iso3, name or alpha-2, other layers and JSON: rows of tests/cli/tables/region.ini, whose
# expected ids are ST_Covers's. Here, the sweep and the border cases SpatiaLite decides.
# Every region of the atlas that holds a deposit agrees with ST_Covers (a sweep over all of them).
mismatch=""
while IFS= read -r rid; do
    [[ -z "$rid" ]] && continue
    got=$("$DEPOMAP" region --db "$ATLAS" --name "$rid" -f csv 2>/dev/null | tail -n +2 | tr -d '\r' | cut -d, -f1 | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
    [[ "$got" == "$(covered_ids "$ATLAS" deposits "$rid")" ]] || mismatch+=" $rid"
done < <(spatial_csv "$ATLAS" "SELECT DISTINCT a.id FROM admin_regions a, deposits d WHERE ST_Covers(a.geom, d.geom)
    AND NOT EXISTS (SELECT 1 FROM admin_regions b WHERE b.id <> a.id AND (upper(b.iso_code) = upper(a.id) OR lower(b.name) = lower(a.id)))")
expect_eq "every region with a deposit agrees with ST_Covers" "" "$mismatch"
# --- A point exactly on an admin border: a vertex of Irkutsk oblast's outline. -----------------
BORDER="$WORK/border.sqlite"
cp "$ATLAS" "$BORDER"
# The vertex is read from the shipped GeoJSON (exact doubles; repr round-trips), not through SQL
# text formatting, which may round.
vertex=$(python3 - "$SRC/geodata/admin_regions.geojson" <<'PY'
import json, sys
for f in json.load(open(sys.argv[1], encoding="utf-8"))["features"]:
    if f["properties"].get("id") == "RU-IRK":
        g = f["geometry"]
        ring = (g["coordinates"][0] if g["type"] == "MultiPolygon" else g["coordinates"])[0]
        x, y = ring[len(ring) // 3]
        print("%r,%r" % (float(x), float(y)))
PY
)
printf 'id,name,lon,lat\nirk-vertex-probe,On a vertex of Irkutsk oblast,%s\n' "$vertex" >"$WORK/vertex.csv"
expect_exit 0 "$DEPOMAP" load -q --db "$BORDER" "$WORK/vertex.csv" --x-field lon --y-field lat
expect_eq "the probe is stored on the vertex (SpatiaLite: on the boundary)" "1" \
    "$(spatial_csv "$BORDER" "SELECT ST_Covers(a.geom, d.geom) AND NOT ST_Contains(a.geom, d.geom) FROM admin_regions a, deposits d WHERE a.id = 'RU-IRK' AND d.id = 'irk-vertex-probe'")"
expect_exit 0 "$DEPOMAP" region --db "$BORDER" --name RU-IRK -f csv
expect_eq "a point on Irkutsk oblast's border is inside" "irk-vertex-probe" "$(csv_rows "$OUT" | cut -d, -f1 | grep -x irk-vertex-probe)"

# --- --polygon files. -------------------------------------------------------------------------
PTS="$WORK/points.sqlite"
new_store "$PTS"
expect_exit 0 "$DEPOMAP" load -q --db "$PTS" "$Q/border_points.csv" --x-field lon --y-field lat
# The same polygon as a GeoPackage in yet another CRS (Pulkovo 1942 / Gauss-Kruger zone 6),
# written here by ogr2ogr from the fixture.
if command -v ogr2ogr >/dev/null; then
    ogr2ogr -f GPKG -t_srs EPSG:28406 "$WORK/square_28406.gpkg" "$Q/square.geojson" 2>/dev/null
    expect_exit 0 "$DEPOMAP" region --db "$PTS" --polygon "$WORK/square_28406.gpkg" -f csv
    got=" $(ids_of "$OUT") "
    [[ "$got" == *" sq-inside "* && "$got" != *" sq-outside-"* ]] && pass || fail "EPSG:28406 square: $got"
fi
# The other polygon files and the errors: rows of tests/cli/tables/region.ini.
finish
