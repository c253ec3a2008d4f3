#!/usr/bin/env bash
# load: a source in another CRS (--s-srs, a .prj, a GeoJSON crs member) lands in EPSG:4326,
# longitude first, within 1e-7 degrees of PROJ's own answer.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

lonlat() {
    spatial_csv "$1" "SELECT printf('%.10f', X(geom)), printf('%.10f', Y(geom)) FROM deposits WHERE id = '$2'"
}
check_point() { # WHAT DB ID LON LAT
    local got lon lat
    got=$(lonlat "$2" "$3")
    lon=${got%,*}
    lat=${got#*,}
    expect_near "$1 longitude" "$4" "$lon" 1e-7
    expect_near "$1 latitude" "$5" "$lat" 1e-7
}

# Pulkovo 1942 / Gauss-Krüger zone 18, easting 18450000, northing 5800000, via --s-srs:
#   echo "5800000 18450000" | cs2cs -d 10 EPSG:28418 EPSG:4326  ->  52.3268663749  104.2669015636
#   (gdaltransform -s_srs EPSG:28418 -t_srs EPSG:4326 <<< "18450000 5800000" agrees)
db="$WORK/gk.sqlite"
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$DATA/deposits_28418.csv" --x-field x --y-field y --s-srs EPSG:28418
check_point "EPSG:28418 --s-srs" "$db" irkutsk-gk 104.2669015636 52.3268663749
# --s-srs as a PROJ string means the same CRS.
db="$WORK/gk_proj.sqlite"
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$DATA/deposits_28418.csv" --x-field x --y-field y \
    --s-srs "$(projinfo -o WKT2_2019 --single-line -q EPSG:28418)"
check_point "EPSG:28418 as WKT" "$db" irkutsk-gk 104.2669015636 52.3268663749
# Without --s-srs the metres are not degrees: every row is rejected, none is loaded.
db="$WORK/gk_nosrs.sqlite"
new_store "$db"
expect_exit 1 "$DEPOMAP" load --db "$db" "$DATA/deposits_28418.csv" --x-field x --y-field y
expect_stderr_contains "feature 1"
expect_eq "rows after metres read as degrees" 0 "$(sql_count "$db" "SELECT count(*) FROM deposits")"

# Web Mercator, from the GeoJSON's crs member:
#   echo "4187538.68 7509955.14" | cs2cs -d 10 EPSG:3857 EPSG:4326  ->  55.7557999882  37.6172999909
db="$WORK/merc.sqlite"
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$DATA/deposits_3857.geojson"
check_point "EPSG:3857 GeoJSON" "$db" moscow-3857 37.6172999909 55.7557999882

# A Shapefile whose .prj says EPSG:3857 (made by ogr2ogr -t_srs EPSG:3857 from deposits.geojson):
# back in EPSG:4326 the points are where they started.
db="$WORK/prj.sqlite"
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$DATA/deposits_3857_shp.shp"
check_point "3857 .prj moscow" "$db" moscow 37.6173 55.7558
check_point "3857 .prj kvanefjeld" "$db" kvanefjeld -45.97 60.97
check_point "3857 .prj tomtor" "$db" tomtor 116.0 71.05

# --s-srs overrides a .prj: reading the 3857 metres as EPSG:4326 degrees is out of range.
db="$WORK/override.sqlite"
new_store "$db"
expect_exit 1 "$DEPOMAP" load --db "$db" "$DATA/deposits_3857_shp.shp" --s-srs EPSG:4326
expect_stderr_contains "out of range"
expect_eq "rows after a failed override" 0 "$(sql_count "$db" "SELECT count(*) FROM deposits")"

# An unknown CRS is a clear error that quotes it.
run "$DEPOMAP" load --db "$db" "$DATA/deposits_28418.csv" --x-field x --y-field y --s-srs EPSG:999999
[[ "$RC" == 1 || "$RC" == 2 ]] && pass || fail "unknown CRS: expected exit 1 or 2"
expect_stderr_contains "EPSG:999999"
expect_stderr_lines 1
finish
