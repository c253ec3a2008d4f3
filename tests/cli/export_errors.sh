#!/usr/bin/env bash
# depomap export / qgis-project: usage errors, refused overwrites, values a format cannot hold,
# unwritable folders (nothing left behind), and the happy paths' files.
source "$(dirname "$0")/lib.bash"

DB="$WORK/atlas.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$DB" --atlas

# --help and the usage errors are rows of tests/cli/tables/export.ini and qgis-project.ini.

# Unknown CRS: a run error (1), as `load --s-srs`.
expect_exit 1 "$DEPOMAP" export --db "$DB" -f gpkg -o "$WORK/c.gpkg" --t-srs EPSG:999999
expect_stderr_contains "unknown CRS 'EPSG:999999'"
[[ ! -e "$WORK/c.gpkg" ]] && pass || fail "failed export left c.gpkg"

# Format from the extension; existing output refused without --overwrite.
expect_exit 0 "$DEPOMAP" export -q --db "$DB" -o "$WORK/d.geojson" --layer deposits
expect_eq "features" "$(($(wc -l <"$SRC/geodata/deposits.csv") - 1))" "$(json_get "$WORK/d.geojson" 'len(d["features"])')"
[[ -f "$WORK/d.qml" ]] && pass || fail "no d.qml sidecar"
expect_exit 1 "$DEPOMAP" export --db "$DB" -o "$WORK/d.geojson" --layer deposits
expect_stderr_contains "use --overwrite"
expect_exit 0 "$DEPOMAP" export -q --db "$DB" -o "$WORK/d.geojson" --layer deposits --overwrite --precision 3
expect_eq "3 decimals" 1 "$(json_get "$WORK/d.geojson" 'int(all(len(str(c).split(".")[-1]) <= 3 for f in d["features"] for c in f["geometry"]["coordinates"]))')"

# A NUL inside a text value (the store keeps GeoJSON's "a\u0000b" whole): the point GeoJSON
# writer keeps it as \u0000; GDAL's writers take text as C strings (they would cut it there) and
# XML cannot hold it, so every other format refuses the feature in one line, exit 1, nothing
# written (a stream target included).
NUL_DB="$WORK/nul.sqlite"
cat >"$WORK/nul.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "plain", "name": "plain", "notes": "no NUL"}, "geometry": {"type": "Point", "coordinates": [10, 20]}},
{"type": "Feature", "properties": {"id": "nul-1", "name": "with NUL", "notes": "a\u0000b"}, "geometry": {"type": "Point", "coordinates": [11, 21]}}]}
JSON
cat >"$WORK/nul_area.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "area-nul", "name": "x\u0000y"}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]}}]}
JSON
expect_exit 0 "$DEPOMAP" init -q --db "$NUL_DB"
expect_exit 0 "$DEPOMAP" load -q --db "$NUL_DB" "$WORK/nul.geojson"
expect_exit 0 "$DEPOMAP" load -q --db "$NUL_DB" "$WORK/nul_area.geojson" --layer reserve_areas
expect_eq "stored with its NUL" "610062" "$(sql_value "$NUL_DB" "SELECT hex(notes) FROM deposits WHERE id = 'nul-1'")"
mkdir -p "$WORK/nul"
for f in gpkg csv fgb kml sqlite shp; do
    expect_exit 1 "$DEPOMAP" export --db "$NUL_DB" -f $f --layer deposits -o "$WORK/nul/out.$f"
    expect_stderr_lines 1
    expect_stderr_contains "layer deposits, feature 'nul-1', field notes: the text holds a NUL character (U+0000), which"
    expect_eq "$f: nothing written" "" "$(ls -A "$WORK/nul")"
done
mkfifo "$WORK/nul_fifo"
cat "$WORK/nul_fifo" >"$WORK/nul_fifo.out" &
expect_exit 1 "$DEPOMAP" export --db "$NUL_DB" -f kml --layer deposits -o "$WORK/nul_fifo"
exec 3<>"$WORK/nul_fifo" && exec 3>&- # the reader ends (read-write: never blocks)
wait
expect_stderr_contains "feature 'nul-1', field notes: the text holds a NUL character (U+0000), which KML (XML 1.0) cannot hold"
expect_eq "nothing through the FIFO" 0 "$(wc -c <"$WORK/nul_fifo.out")"
expect_exit 0 "$DEPOMAP" export -q --db "$NUL_DB" -f geojson --layer deposits -o "$WORK/nul/out.geojson"
expect_eq "GeoJSON keeps the NUL" True "$(json_get "$WORK/nul/out.geojson" 'd["features"][1]["properties"]["notes"] == "a\x00b"')"
expect_exit 1 "$DEPOMAP" export --db "$NUL_DB" -f geojson --layer reserve_areas -o "$WORK/nul/areas.geojson"
expect_stderr_contains "layer reserve_areas, feature 'area-nul', field name: the text holds a NUL character (U+0000), which GDAL's GeoJSON writer cannot hold"
[[ ! -e "$WORK/nul/areas.geojson" ]] && pass || fail "refused GeoJSON export left areas.geojson"

# Shapefile: the shipped atlas exports as it is (its source texts reach 982 bytes): text over 254
# bytes is split into continuation fields, listed in the field map and said on stderr.
expect_exit 0 "$DEPOMAP" export --db "$DB" -f shp -o "$WORK/atlas_shp"
expect_stderr_contains "note: layer deposits: text over 254 bytes split into continuation fields (coord_description in coord_desc + coord_de_2; "
expect_stderr_contains "listed in deposits.fieldmap.csv"
expect_file_contains "$WORK/atlas_shp/deposits.fieldmap.csv" "coord_de_2,coord_description,2"
expect_file_contains "$WORK/atlas_shp/deposits.fieldmap.csv" "source_2,source,2"
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
# --no-split-text: such text is an error naming layer, feature and field; nothing left.
mkdir -p "$WORK/shp"
expect_exit 1 "$DEPOMAP" export --db "$DB" -f shp -o "$WORK/shp" --layer deposits --no-split-text
expect_stderr_contains "layer deposits, feature 'ru-tomtor', field coord_description: text of 278 bytes"
expect_stderr_contains "leave out --no-split-text to split it into continuation fields"
[[ -z "$(ls -A "$WORK/shp")" ]] && pass || fail "failed Shapefile export left files: $(ls -A "$WORK/shp")"
# --split-text, the default, is still understood.
expect_exit 0 "$DEPOMAP" export -q --db "$DB" -f "ESRI Shapefile" -o "$WORK/shp" --layer deposits --split-text --t-srs EPSG:3857
for ext in shp shx dbf prj cpg qml fieldmap.csv; do
    [[ -f "$WORK/shp/deposits.$ext" ]] && pass || fail "no deposits.$ext"
done
expect_file_contains "$WORK/shp/deposits.cpg" "UTF-8"
expect_file_contains "$WORK/shp/deposits.prj" "Web_Mercator"
expect_file_contains "$WORK/shp/deposits.fieldmap.csv" "treo_t,contained_treo_t,1"
expect_file_contains "$WORK/shp/deposits.qml" 'field="treo_t"'
# --overwrite takes the old output's whole family away, as convert's does: a stale spatial index
# (.qix), a .csvt and, written again without its style, the old .qml describe nothing new.
touch "$WORK/shp/deposits.qix" "$WORK/shp/deposits.csvt"
expect_exit 0 "$DEPOMAP" export -q --db "$DB" -f shp -o "$WORK/shp" --layer deposits --overwrite --no-style
for ext in qix csvt qml; do
    [[ ! -e "$WORK/shp/deposits.$ext" ]] && pass || fail "--overwrite left the old deposits.$ext"
done
for ext in shp shx dbf prj cpg fieldmap.csv; do
    [[ -f "$WORK/shp/deposits.$ext" ]] && pass || fail "--overwrite: no deposits.$ext"
done

# An unwritable folder: exit 1, nothing left behind.
if [[ $(id -u) -ne 0 ]]; then
    mkdir -p "$WORK/ro" && chmod 555 "$WORK/ro"
    expect_exit 1 "$DEPOMAP" export --db "$DB" -f gpkg -o "$WORK/ro/a.gpkg"
    [[ -z "$(ls -A "$WORK/ro")" ]] && pass || fail "left files in the read-only folder"
fi
expect_exit 1 "$DEPOMAP" export --db "$DB" -f gpkg -o /proc/depomap-no/a.gpkg
expect_exit 1 "$DEPOMAP" export --db "$DB" -f geojson -o /proc/depomap-no

# GPKG: one file, styles in layer_styles registered in gpkg_contents.
expect_exit 0 "$DEPOMAP" export -q --db "$DB" -o "$WORK/a.gpkg"
expect_eq "styles" 5 "$(sql_count "$WORK/a.gpkg" "SELECT count(*) FROM layer_styles WHERE useAsDefault AND f_table_schema='' AND f_geometry_column='geom'")"
expect_eq "contents" attributes "$(sql_value "$WORK/a.gpkg" "SELECT data_type FROM gpkg_contents WHERE table_name='layer_styles'")"
expect_eq "country_stats" 18 "$(sql_count "$WORK/a.gpkg" "SELECT count(*) FROM country_stats")"

# qgis-project: the project and its GeoPackage (supply links, styled; the globe) beside it.
expect_exit 0 "$DEPOMAP" qgis-project --db "$DB" -o "$WORK/a.qgs"
expect_file_contains "$WORK/a.qgs" 'providerKey="spatialite"'
expect_file_contains "$WORK/a.qgs" "dbname=&apos;./atlas.sqlite&apos;"
expect_stderr_contains "a_map.gpkg"
expect_eq "supply links: one per deposit" "$(sql_count "$DB" "SELECT count(*) FROM deposits")" \
    "$(sql_count "$WORK/a_map.gpkg" "SELECT count(*) FROM supply_links")"
expect_eq "supply links styled" 1 \
    "$(sql_count "$WORK/a_map.gpkg" "SELECT count(*) FROM layer_styles WHERE f_table_name='supply_links' AND useAsDefault")"
expect_eq "the globe" 1 "$(sql_count "$WORK/a_map.gpkg" "SELECT count(*) FROM globe")"
expect_exit 1 "$DEPOMAP" qgis-project --db "$DB" -o "$WORK/a.qgs"
expect_stderr_contains "use --overwrite"
# Only the GeoPackage exists: refused before anything is written, the project too.
rm "$WORK/a.qgs"
echo old >"$WORK/a_map.gpkg"
expect_exit 1 "$DEPOMAP" qgis-project --db "$DB" -o "$WORK/a.qgs"
expect_stderr_contains "a_map.gpkg: exists; use --overwrite to replace it"
[[ ! -e "$WORK/a.qgs" ]] && pass || fail "qgis-project wrote the project though its GeoPackage was refused"
expect_eq "the old GeoPackage is kept" old "$(cat "$WORK/a_map.gpkg")"
expect_exit 0 "$DEPOMAP" qgis-project --db "$DB" -o "$WORK/a.qgs" --overwrite
expect_eq "--overwrite replaced the GeoPackage" 1 "$(sql_count "$WORK/a_map.gpkg" "SELECT count(*) FROM globe")"
# The GeoPackage's place is the store: refused, the store unchanged.
cp "$DB" "$WORK/s_map.gpkg"
S_SUM=$(sha256sum "$WORK/s_map.gpkg" | cut -d' ' -f1)
expect_exit 1 "$DEPOMAP" qgis-project --db "$WORK/s_map.gpkg" -o "$WORK/s.qgs" --overwrite
expect_stderr_contains "is the store (--db) of this command"
expect_eq "the store is unchanged" "$S_SUM" "$(sha256sum "$WORK/s_map.gpkg" | cut -d' ' -f1)"
[[ ! -e "$WORK/s.qgs" ]] && pass || fail "qgis-project wrote a project beside a refused GeoPackage"
# --labels: en, local or both (another value: a row of tests/cli/tables/qgis-project.ini).
expect_exit 0 "$DEPOMAP" qgis-project --db "$DB" -o "$WORK/b.qgs" --labels local
expect_file_contains "$WORK/b.qgs" "<value>local</value>"
# A folder that cannot be written: one line, nothing left behind.
mkdir -p "$WORK/ro" && chmod 555 "$WORK/ro"
if [[ ! -w "$WORK/ro" ]]; then
    expect_exit 1 "$DEPOMAP" qgis-project --db "$DB" -o "$WORK/ro/p.qgs"
    expect_stderr_lines 1
    [[ -z "$(ls -A "$WORK/ro")" ]] && pass || fail "qgis-project left files in an unwritable folder"
fi
chmod 755 "$WORK/ro"

finish
