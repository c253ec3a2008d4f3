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

# --- Irkutsk oblast, four ways. ----------------------------------------------------------------
irk=$(covered_ids "$ATLAS" deposits RU-IRK)
[[ " $irk " == *" ru-zashikhinskoye "* ]] && pass || fail "SpatiaLite does not put Zashikhinskoye in RU-IRK: $irk"
for name in Irkutsk irkutsk "Иркутская область" RU-IRK ru-irk; do
    expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name "$name" -f csv
    expect_eq "deposits in Irkutsk (--name '$name')" "$irk" "$(ids_of "$OUT")"
    expect_stderr_contains "RU-IRK"
done
header=$(head -n 1 "$OUT" | tr -d '\r')
[[ "$header" == id,name* && "$header" == *lon,lat ]] && pass || fail "region CSV header: $header"
expect_eq "Zashikhinskoye's row" "ru-zashikhinskoye,Zashikhinskoye,RUS" "$(csv_rows "$OUT" | grep '^ru-zashikhinskoye,' | cut -d, -f1-3)"
# Names as people write them: any case in any script (full Unicode case folding, not SQLite's
# ASCII-only lower()), the common English forms, the short Russian forms, ё written as е.
for name in "иркутская область" "ИРКУТСКАЯ ОБЛАСТЬ" "Irkutsk Oblast" "IRKUTSK  oblast" "Іркутська область"; do
    expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name "$name" -f csv
    expect_eq "deposits in Irkutsk (--name '$name')" "$irk" "$(ids_of "$OUT")"
done
sakha=$(covered_ids "$ATLAS" deposits RU-SA)
[[ " $sakha " == *" ru-tomtor "* ]] && pass || fail "SpatiaLite does not put Tomtor in RU-SA: $sakha"
for name in "Якутия" "якутия" "Республика Саха (Якутия)" "Sakha Republic" "Yakutia" "Sakha (Yakutia)"; do
    expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name "$name" -f csv
    expect_eq "deposits in Sakha (--name '$name')" "$sakha" "$(ids_of "$OUT")"
    expect_stderr_contains "RU-SA"
done
expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name "Krasnoyarsk Krai" -f csv
expect_eq "deposits in Krasnoyarsk Krai" "$(covered_ids "$ATLAS" deposits RU-KYA)" "$(ids_of "$OUT")"
expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name "Чукотка" -f csv
expect_stderr_contains "RU-CHU"

# --- A country by its iso3 (its id), by name, by local name, by ISO 3166-1 alpha-2. -------------
rus=$(covered_ids "$ATLAS" deposits RUS)
expect_eq "SpatiaLite's Russian deposits are those that say RUS" \
    "$(sql_value "$ATLAS" "SELECT id FROM deposits WHERE country_iso3 = 'RUS' ORDER BY id" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')" "$rus"
for name in RUS rus Russia "Российская Федерация" "Russian Federation" "Россия" "россия" "Росія" "РФ"; do
    expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name "$name" -f csv
    expect_eq "deposits in Russia (--name '$name')" "$rus" "$(ids_of "$OUT")"
done
[[ " $rus " == *" ru-zashikhinskoye "* ]] && pass || fail "Zashikhinskoye not in Russia"
expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name RUS --layer processing_sites -f csv
expect_eq "processing sites in Russia" "$(covered_ids "$ATLAS" processing_sites RUS)" "$(ids_of "$OUT")"
# (Natural Earth's 1:10m border puts Narva's magnet plant, on the border river, inside Russia.)
got=" $(ids_of "$OUT") "
[[ "$got" == *" ru-smz "* && "$got" == *" ru-krasnokamensk "* && "$got" != *" cn-"* ]] && pass ||
    fail "processing sites in Russia: $got"
# Polygons: a reserve area counts when it touches the region.
expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name RUS --layer reserve_areas -f csv
expect_eq "reserve areas in Russia" \
    "$(spatial_csv "$ATLAS" "SELECT x.id FROM reserve_areas x, admin_regions a WHERE a.id = 'RUS' AND ST_Intersects(a.geom, x.geom)" | tr '\n' ' ' | sed 's/ $//')" \
    "$(ids_of "$OUT")"
# Every region of the atlas that holds a deposit agrees with ST_Covers (a sweep over all of them).
mismatch=""
while IFS= read -r rid; do
    [[ -z "$rid" ]] && continue
    got=$("$DEPOMAP" region --db "$ATLAS" --name "$rid" -f csv 2>/dev/null | tail -n +2 | tr -d '\r' | cut -d, -f1 | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')
    [[ "$got" == "$(covered_ids "$ATLAS" deposits "$rid")" ]] || mismatch+=" $rid"
done < <(spatial_csv "$ATLAS" "SELECT DISTINCT a.id FROM admin_regions a, deposits d WHERE ST_Covers(a.geom, d.geom)
    AND NOT EXISTS (SELECT 1 FROM admin_regions b WHERE b.id <> a.id AND (upper(b.iso_code) = upper(a.id) OR lower(b.name) = lower(a.id)))")
expect_eq "every region with a deposit agrees with ST_Covers" "" "$mismatch"
# A region's id names it even when another region carries that string as its ISO code: Natural
# Earth gives Northern province (id ZM-05-2) the code ZM-05 of Muchinga (id ZM-05). The
# ambiguity message itself says "give the id or ISO code".
expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name ZM-05 -f csv
expect_eq "--name ZM-05 (Muchinga's id)" "$(covered_ids "$ATLAS" deposits ZM-05)" "$(ids_of "$OUT")"
expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name RU-IRK -f json
expect_eq "JSON output parses and has the same ids" "$irk" \
    "$(python3 -c 'import json,sys; print(" ".join(sorted(o["id"] for o in json.load(open(sys.argv[1])))))' "$OUT")"

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
# A square whose south-west vertex (30.123456789, 60.987654321) is a point of the layer, with a
# point on its east edge: both on the border, so both inside.
expect_exit 0 "$DEPOMAP" region --db "$PTS" --polygon "$Q/square.geojson" -f csv
expect_eq "square.geojson (vertex and edge count as inside)" "sq-edge sq-inside sq-vertex" "$(ids_of "$OUT")"
expect_stderr_contains "square.geojson"
# The same square in EPSG:3857 (GeoJSON with a crs member): its corners move by rounding, so only
# the clear cases are asserted.
expect_exit 0 "$DEPOMAP" region --db "$PTS" --polygon "$Q/square_3857.geojson" -f csv
got=" $(ids_of "$OUT") "
[[ "$got" == *" sq-inside "* ]] && pass || fail "EPSG:3857 square misses sq-inside: $got"
[[ "$got" != *" sq-outside-"* && "$got" != *" am-"* ]] && pass || fail "EPSG:3857 square takes outside points: $got"
expect_eq "EPSG:3857 square gives the EPSG:4326 square's points (border ones aside)" "sq-edge sq-inside" \
    "$(csv_rows "$OUT" | cut -d, -f1 | grep -v sq-vertex | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
# The same polygon as a GeoPackage in yet another CRS (Pulkovo 1942 / Gauss-Kruger zone 6),
# written here by ogr2ogr from the fixture.
if command -v ogr2ogr >/dev/null; then
    ogr2ogr -f GPKG -t_srs EPSG:28406 "$WORK/square_28406.gpkg" "$Q/square.geojson" 2>/dev/null
    expect_exit 0 "$DEPOMAP" region --db "$PTS" --polygon "$WORK/square_28406.gpkg" -f csv
    got=" $(ids_of "$OUT") "
    [[ "$got" == *" sq-inside "* && "$got" != *" sq-outside-"* ]] && pass || fail "EPSG:28406 square: $got"
fi
# A box on both sides of the 180th meridian, cut there as RFC 7946 asks (a MultiPolygon).
expect_exit 0 "$DEPOMAP" region --db "$PTS" --polygon "$Q/antimeridian_box.geojson" -f csv
expect_eq "antimeridian box" "am-east am-west" "$(ids_of "$OUT")"
# Processing sites: the layer is empty here, the answer too.
expect_exit 0 "$DEPOMAP" region --db "$PTS" --polygon "$Q/square.geojson" --layer processing_sites -f csv
expect_eq "no sites in the square" "" "$(ids_of "$OUT")"
# The atlas with a polygon: the square lies in Karelia/Leningrad; nothing of the atlas is there.
expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --polygon "$Q/square.geojson" -f csv
expect_eq "no atlas deposit in the square" "" "$(ids_of "$OUT")"

# --- Errors. ----------------------------------------------------------------------------------
expect_exit 1 "$DEPOMAP" region --db "$ATLAS" --name "Atlantis Oblast"
expect_stderr_contains "Atlantis Oblast"
expect_stderr_lines 1
expect_stdout_empty
# Two regions called Georgia: the message lists both.
expect_exit 1 "$DEPOMAP" region --db "$ATLAS" --name Georgia
expect_stderr_contains "GEO"
expect_stderr_contains "US-GA"
expect_stderr_lines 1
expect_stdout_empty
# ...and either is reachable by its code.
expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name US-GA -f csv
expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name GEO -f csv
expect_exit 2 "$DEPOMAP" region --db "$ATLAS" --name RU-IRK --layer nope
expect_stderr_contains "nope"
# The other errors (no region, both, a polygon file that is missing or holds none, a store without
# admin regions, a missing store): rows of tests/cli/tables/region.ini.

finish
