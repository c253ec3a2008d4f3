#!/usr/bin/env bash
# depomap export / qgis-project: what tests/cli/tables/export-errors.ini and qgis-project.ini cannot
# say: a FIFO as target, unwritable folders (not for root), and oracles over every value written.
source "$(dirname "$0")/lib.bash"

DB="$WORK/atlas.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$DB" --atlas

# --precision: every coordinate of every feature has at most 3 decimals (an existing output replaced).
echo old >"$WORK/d.geojson"
expect_exit 0 "$DEPOMAP" export -q --db "$DB" -o "$WORK/d.geojson" --layer deposits --overwrite --precision 3
expect_eq "3 decimals" 1 "$(json_get "$WORK/d.geojson" 'int(all(len(str(c).split(".")[-1]) <= 3 for f in d["features"] for c in f["geometry"]["coordinates"]))')"

# A NUL inside a text value, a FIFO as target: refused, nothing through the FIFO (the files and
# the other formats: tests/cli/tables/export-errors.ini).
NUL_DB="$WORK/nul.sqlite"
cat >"$WORK/nul.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "plain", "name": "plain", "notes": "no NUL"}, "geometry": {"type": "Point", "coordinates": [10, 20]}},
{"type": "Feature", "properties": {"id": "nul-1", "name": "with NUL", "notes": "a\u0000b"}, "geometry": {"type": "Point", "coordinates": [11, 21]}}]}
JSON
expect_exit 0 "$DEPOMAP" init -q --db "$NUL_DB"
expect_exit 0 "$DEPOMAP" load -q --db "$NUL_DB" "$WORK/nul.geojson"
mkfifo "$WORK/nul_fifo"
cat "$WORK/nul_fifo" >"$WORK/nul_fifo.out" &
expect_exit 1 "$DEPOMAP" export --db "$NUL_DB" -f kml --layer deposits -o "$WORK/nul_fifo"
exec 3<>"$WORK/nul_fifo" && exec 3>&- # the reader ends (read-write: never blocks)
wait
expect_stderr_contains "feature 'nul-1', field notes: the text holds a NUL character (U+0000), which KML (XML 1.0) cannot hold"
expect_eq "nothing through the FIFO" 0 "$(wc -c <"$WORK/nul_fifo.out")"

# Shapefile: text over 254 bytes split into continuation fields (the notes and the field map:
# tests/cli/tables/export-errors.ini); joined again, the parts are the longest text whole.
expect_exit 0 "$DEPOMAP" export -q --db "$DB" -f shp -o "$WORK/atlas_shp"
expect_eq "the longest source text, joined from its parts" \
    "$(sql_value "$DB" "SELECT max(length(CAST(source AS BLOB))) FROM deposits")" \
    "$(/usr/bin/python3 -c '
import re, sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])
layer = ds.GetLayer(0)
defn = layer.GetLayerDefn()
# every part the export made of source: source, source_2, source_3 ... in order
parts = sorted((int(m.group(1) or 1), m.group(0)) for m in
               (re.fullmatch(r"source(?:_(\d+))?", defn.GetFieldDefn(i).GetName()) for i in range(defn.GetFieldCount())) if m)
print(max(len("".join(f.GetField(n) or "" for _, n in parts).encode()) for f in layer))' "$WORK/atlas_shp/deposits.shp")"

# An unwritable folder: exit 1, nothing left behind (root writes anywhere: left out).
mkdir -p "$WORK/ro" && chmod 555 "$WORK/ro"
if [[ ! -w "$WORK/ro" ]]; then
    expect_exit 1 "$DEPOMAP" export --db "$DB" -f gpkg -o "$WORK/ro/a.gpkg"
    [[ -z "$(ls -A "$WORK/ro")" ]] && pass || fail "left files in the read-only folder"
    expect_exit 1 "$DEPOMAP" qgis-project --db "$DB" -o "$WORK/ro/p.qgs"
    expect_stderr_lines 1
    [[ -z "$(ls -A "$WORK/ro")" ]] && pass || fail "qgis-project left files in an unwritable folder"
fi
chmod 755 "$WORK/ro"

finish
