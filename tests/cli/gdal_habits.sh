#!/usr/bin/env bash
# What users bring from GDAL: -t_srs, -s_srs, -where work as depomap's options, with the same
# answers. GDAL options with no counterpart, mistyped options and `depomap help VERB` are rows of
# tests/cli/tables/ (export.ini, within.ini, nearest.ini, depomap.ini).
source "$(dirname "$0")/lib.bash"

ATLAS="$WORK/atlas.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$ATLAS" --atlas

# -t_srs is --t-srs, -s_srs is --s-srs (nearest's -where is a row of tests/cli/tables/nearest.ini).
expect_exit 0 "$DEPOMAP" export --db "$ATLAS" -f geojson -o "$WORK/a" --layer deposits -t_srs EPSG:4326 -where "country_iso3 = 'UKR'"
[[ -s "$WORK/a/deposits.geojson" || -s "$WORK/a" ]] && pass || fail "export with -t_srs wrote nothing"
expect_exit 0 "$DEPOMAP" convert "$DATA/deposits_3857.geojson" -f gpkg -o "$WORK/c" -s_srs EPSG:3857 -t_srs EPSG:4326
expect_stderr_contains "ok"

finish
