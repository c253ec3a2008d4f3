#!/usr/bin/env bash
# load: a source CRS given as the WKT that PROJ's projinfo prints, computed here, means the same
# CRS as its EPSG code (the other CRS cases are rows of tables/load-crs.ini).
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

# Pulkovo 1942 / Gauss-Krüger zone 18, easting 18450000, northing 5800000, given by the WKT that
# PROJ's projinfo prints for EPSG:28418 (the other CRS cases are rows of tables/load-crs.ini):
#   echo "5800000 18450000" | cs2cs -d 10 EPSG:28418 EPSG:4326  ->  52.3268663749  104.2669015636
db="$WORK/gk_proj.sqlite"
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$DATA/deposits_28418.csv" --x-field x --y-field y \
    --s-srs "$(projinfo -o WKT2_2019 --single-line -q EPSG:28418)"
check_point "EPSG:28418 as WKT" "$db" irkutsk-gk 104.2669015636 52.3268663749
finish
