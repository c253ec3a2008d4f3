#!/usr/bin/env bash
# depomap export / qgis-project: usage errors, refused overwrites, values a format cannot hold,
# unwritable folders (nothing left behind), and the happy paths' files.
source "$(dirname "$0")/lib.bash"

DB="$WORK/atlas.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$DB" --atlas

expect_exit 0 "$DEPOMAP" export --help
expect_stdout_contains "--t-srs"
expect_exit 0 "$DEPOMAP" qgis-project --help

# Unknown format, unknown layer: usage (2), nothing written.
expect_exit 2 "$DEPOMAP" export --db "$DB" -f nosuch -o "$WORK/x"
expect_stderr_contains "unknown format 'nosuch'"
expect_exit 2 "$DEPOMAP" export --db "$DB" -f geojson --layer nosuch -o "$WORK/x"
expect_stderr_contains "--layer 'nosuch': no such layer"
expect_exit 2 "$DEPOMAP" export --db "$DB" -o "$WORK/x.unknown"
expect_stderr_contains "give -f FORMAT"
[[ ! -e "$WORK/x" ]] && pass || fail "usage error left $WORK/x behind"

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

# Shapefile: text over 254 bytes is an error naming layer, feature and field; nothing left.
mkdir -p "$WORK/shp"
expect_exit 1 "$DEPOMAP" export --db "$DB" -f shp -o "$WORK/shp" --layer deposits
expect_stderr_contains "layer deposits, feature 'ru-tomtor', field coord_description: text of 278 bytes"
[[ -z "$(ls -A "$WORK/shp")" ]] && pass || fail "failed Shapefile export left files: $(ls -A "$WORK/shp")"
expect_exit 0 "$DEPOMAP" export -q --db "$DB" -f "ESRI Shapefile" -o "$WORK/shp" --layer deposits --split-text --t-srs EPSG:3857
for ext in shp shx dbf prj cpg qml fieldmap.csv; do
    [[ -f "$WORK/shp/deposits.$ext" ]] && pass || fail "no deposits.$ext"
done
expect_file_contains "$WORK/shp/deposits.cpg" "UTF-8"
expect_file_contains "$WORK/shp/deposits.prj" "Web_Mercator"
expect_file_contains "$WORK/shp/deposits.fieldmap.csv" "treo_t,contained_treo_t,1"
expect_file_contains "$WORK/shp/deposits.qml" 'field="treo_t"'

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
expect_eq "styles" 4 "$(sql_count "$WORK/a.gpkg" "SELECT count(*) FROM layer_styles WHERE useAsDefault AND f_table_schema='' AND f_geometry_column='geom'")"
expect_eq "contents" attributes "$(sql_value "$WORK/a.gpkg" "SELECT data_type FROM gpkg_contents WHERE table_name='layer_styles'")"
expect_eq "country_stats" 18 "$(sql_count "$WORK/a.gpkg" "SELECT count(*) FROM country_stats")"

# qgis-project
expect_exit 0 "$DEPOMAP" qgis-project --db "$DB" -o "$WORK/a.qgs"
expect_file_contains "$WORK/a.qgs" 'providerKey="spatialite"'
expect_exit 1 "$DEPOMAP" qgis-project --db "$DB" -o "$WORK/a.qgs"
expect_stderr_contains "use --overwrite"

finish
