#!/usr/bin/env bash
# A scenario, not rows: the checks compare with the source as ogrinfo reads it (an oracle the table
# runner has not; the file is QGIS's, its counts are not ours to write down) or two runs (-j 1, -j 2);
# the few that need one run only (the summary's words, the GeoJSON's extent) read those same runs.
# depomap convert on Natural Earth as QGIS ships it (world_map.gpkg): several layers give several
# outputs, each with the source layer's feature count (as ogrinfo reads it) and the same country
# names; QGIS's own layer_styles table is named in the summary, not converted; GeoJSON stays within
# ±180° (Russia and Fiji cross the antimeridian); -j 2 as -j 1.
source "$(dirname "$0")/lib.bash"

W=/usr/share/qgis/resources/data/world_map.gpkg
[[ -r "$W" ]] || { echo "FAIL: $W is missing (tools/test installs QGIS)"; exit 1; }

count() { ogrinfo -ro -so "$1" "$2" | sed -n 's/^Feature Count: //p'; }
count_all() { ogrinfo -ro -so -al "$1" | sed -n 's/^Feature Count: //p'; }
names() { ogrinfo -ro -q -sql "SELECT NAME FROM $2 ORDER BY NAME" "$1" | sed -n 's/^ *NAME (String) = //p'; }

for f in geojson shp; do
    expect_exit 0 "$DEPOMAP" convert "$W" -f $f -o "$WORK/$f" -j 2
    expect_stderr_contains "layer_styles (QGIS styles) not copied"
    ext=$f
    for layer in countries states_provinces disputed_borders; do
        out="$WORK/$f/world_map_$layer.$ext"
        [[ -f "$out" ]] && pass || fail "no $out"
        expect_eq "$layer features ($f)" "$(count "$W" "$layer")" "$(count_all "$out")"
    done
    # Inside a GeoJSON the layer keeps its source name; a Shapefile's layer is its file name.
    inside=countries
    [[ $f == shp ]] && inside=world_map_countries
    expected=$(names "$W" countries)
    [[ $(wc -l <<<"$expected") -eq 240 ]] && pass || fail "world_map.gpkg: 240 country names expected"
    expect_eq "country names ($f)" "$expected" "$(names "$WORK/$f/world_map_countries.$ext" $inside)"
    total=$(($(count "$W" countries) + $(count "$W" states_provinces) + $(count "$W" disputed_borders)))
    expect_file_contains "$WORK/$f/convert-report.csv" "$W,ok,$total,$total,world_map_states_provinces.$ext;world_map_countries.$ext;world_map_disputed_borders.$ext,"
done

# Cut at the antimeridian: every coordinate within [-180, 180], Russia in several parts.
extent=$(ogrinfo -ro -so -al "$WORK/geojson/world_map_countries.geojson" | sed -n 's/^Extent: //p')
python3 - "$extent" <<'PY' && pass || fail "GeoJSON extent beyond ±180: $extent"
import re, sys
x0, y0, x1, y1 = map(float, re.findall(r"-?[0-9.]+", sys.argv[1]))
sys.exit(0 if -180 <= x0 and x1 <= 180 else 1)
PY

# One source, one thread or two: the same outputs.
expect_exit 0 "$DEPOMAP" convert "$W" -f gpkg -o "$WORK/j1" -j 1
expect_exit 0 "$DEPOMAP" convert "$W" -f gpkg -o "$WORK/j2" -j 2
for layer in countries states_provinces disputed_borders; do
    expect_eq "$layer -j 1 = -j 2" "$(sqlite3 "$WORK/j1/world_map_$layer.gpkg" "SELECT count(*), sum(length(geom)) FROM $layer")" \
        "$(sqlite3 "$WORK/j2/world_map_$layer.gpkg" "SELECT count(*), sum(length(geom)) FROM $layer")"
    expect_eq "$layer in the GeoPackage" "$(count "$W" "$layer")" "$(sqlite3 "$WORK/j1/world_map_$layer.gpkg" "SELECT count(*) FROM $layer")"
done
finish
