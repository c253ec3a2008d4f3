#!/usr/bin/env bash
# load: every source format gives the same features, in EPSG:4326, longitude first.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

# The three deposits of tests/data/deposits.* as id,name,lon,lat (7 decimals), sorted.
EXPECTED_3="kvanefjeld,Kvanefjeld,-45.9700000,60.9700000,POINT
moscow,Moscow probe,37.6173000,55.7558000,POINT
tomtor,Tomtor,116.0000000,71.0500000,POINT"

rows() {
    spatial_csv "$1" "SELECT id, name, printf('%.7f', X(geom)), printf('%.7f', Y(geom)), GeometryType(geom) FROM deposits"
}

# check_load NAME EXPECTED_ROWS ARGS...: loads ARGS into a fresh store and compares by meaning.
check_load() {
    local name=$1 expected=$2
    shift 2
    local db="$WORK/$name.sqlite"
    new_store "$db"
    expect_exit 0 "$DEPOMAP" load --db "$db" "$@" || return
    expect_stdout_empty
    local n
    n=$(printf '%s\n' "$expected" | wc -l)
    expect_stderr_contains "loaded $n of $n features into deposits"
    # Not a terminal: no progress, only the summary line.
    expect_stderr_lines 1
    expect_eq "$name: rows" "$expected" "$(rows "$db")"
    expect_eq "$name: R*Tree entries" "$n" "$(sql_count "$db" "SELECT count(*) FROM idx_deposits_geom")"
    expect_eq "$name: CheckSpatialIndex" 1 "$(spatial_csv "$db" "SELECT CheckSpatialIndex('deposits', 'geom')")"
}

check_load geojson "$EXPECTED_3" "$DATA/deposits.geojson"
check_load shapefile "$EXPECTED_3" "$DATA/deposits_shp.shp"
check_load gpkg "$EXPECTED_3" "$DATA/deposits.gpkg"
check_load kml "$EXPECTED_3" "$DATA/deposits.kml"
check_load flatgeobuf "$EXPECTED_3" "$DATA/deposits.fgb"
check_load csv_xy "$EXPECTED_3" "$DATA/deposits_xy.csv" --x-field lon --y-field lat
check_load csv_semicolon "$EXPECTED_3" "$DATA/deposits_semicolon.csv" --x-field lon --y-field lat
check_load csv_bom_crlf "$EXPECTED_3" "$DATA/deposits_bom_crlf.csv" --x-field lon --y-field lat
check_load csv_wkt "lovozero,Lovozero,34.8000000,67.9000000,POINT
moscow,Moscow probe,37.6173000,55.7558000,POINT
tomtor,Tomtor,116.0000000,71.0500000,POINT" "$DATA/deposits_wkt.csv" --wkt-field wkt

# Attributes survive every format: the schema columns in theirs, the rest in `extra`.
for name in geojson shapefile gpkg kml flatgeobuf; do
    db="$WORK/$name.sqlite"
    expect_eq "$name: name_local" "Москва" "$(sql_value "$db" "SELECT name_local FROM deposits WHERE id='moscow'")"
    expect_eq "$name: ore_mt" 1010.0 "$(sql_value "$db" "SELECT printf('%.1f', ore_mt) FROM deposits WHERE id='kvanefjeld'")"
    expect_eq "$name: extra licence" "YAK-77" "$(sql_value "$db" "SELECT json_extract(extra, '\$.licence') FROM deposits WHERE id='tomtor'")"
    expect_eq "$name: extra depth_m" 120 "$(sql_value "$db" "SELECT CAST(json_extract(extra, '\$.depth_m') AS INTEGER) FROM deposits WHERE id='moscow'")"
done
# CSV: a BOM must not end up in the first column's name (then `id` would not be found).
expect_eq "csv_bom_crlf: ore_mt" 154.0 "$(sql_value "$WORK/csv_bom_crlf.sqlite" "SELECT printf('%.1f', ore_mt) FROM deposits WHERE id='tomtor'")"
expect_eq "csv_bom_crlf: no CR in names" 0 "$(sql_count "$WORK/csv_bom_crlf.sqlite" "SELECT count(*) FROM deposits WHERE name LIKE '%'||char(13)||'%' OR extra LIKE '%\\r%'")"

# DMS in every form: each row carries its expected decimal degrees in expect_lon/expect_lat,
# which land in `extra`; the parsed point must match them to 1e-9 degrees.
db="$WORK/dms.sqlite"
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$DATA/deposits_dms.csv" --x-field lon --y-field lat
expect_eq "dms rows" 8 "$(sql_count "$db" "SELECT count(*) FROM deposits")"
bad_rows=$(spatial_csv "$db" "SELECT id, X(geom), Y(geom), json_extract(extra, '\$.expect_lon'), json_extract(extra, '\$.expect_lat') FROM deposits
    WHERE abs(X(geom) - CAST(json_extract(extra, '\$.expect_lon') AS REAL)) > 1e-9
       OR abs(Y(geom) - CAST(json_extract(extra, '\$.expect_lat') AS REAL)) > 1e-9
       OR json_extract(extra, '\$.expect_lon') IS NULL")
expect_eq "dms rows off by more than 1e-9 degrees" "" "$bad_rows"

# A single-point MULTIPOINT becomes a POINT; --map fills columns, the rest goes to extra.
check_load multipoint "lovozero,Lovozero,34.8000000,67.9000000,POINT" "$DATA/multipoint_single.geojson"
db="$WORK/mapped.sqlite"
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$DATA/mapped.geojson" --map id=ms_uri --map name=site_name
expect_eq "mapped rows" "https://example.org/site/1|Site one|Murmansk
https://example.org/site/2|Site two|Irkutsk" \
    "$(sql_value "$db" "SELECT id, name, json_extract(extra, '\$.state') FROM deposits ORDER BY id")"
# A mapped source field is not duplicated into extra.
expect_eq "mapped fields not in extra" 0 "$(sql_count "$db" "SELECT count(*) FROM deposits WHERE json_extract(extra, '\$.ms_uri') IS NOT NULL OR json_extract(extra, '\$.site_name') IS NOT NULL")"

# Polygons: a Polygon becomes a MULTIPOLYGON in reserve_areas.
db="$WORK/areas.sqlite"
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$DATA/reserve_areas.geojson" --layer reserve_areas
expect_eq "reserve areas" "area-multi,MULTIPOLYGON,2
area-poly,MULTIPOLYGON,1" "$(spatial_csv "$db" "SELECT id, GeometryType(geom), NumGeometries(geom) FROM reserve_areas")"
expect_eq "reserve areas R*Tree" 2 "$(sql_count "$db" "SELECT count(*) FROM idx_reserve_areas_geom")"
expect_eq "reserve areas CheckSpatialIndex" 1 "$(spatial_csv "$db" "SELECT CheckSpatialIndex('reserve_areas', 'geom')")"

# Several sources in one load, one transaction; ids made from the file name when there is no id.
db="$WORK/multi.sqlite"
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$DATA/deposits.geojson" "$DATA/multipoint_single.geojson" "$DATA/mapped.geojson"
expect_stderr_contains "loaded 6 of 6 features"
expect_eq "ids derived from the file" "mapped-1 mapped-2" "$(sql_value "$db" "SELECT id FROM deposits WHERE id LIKE 'mapped-%' ORDER BY id" | tr '\n' ' ' | sed 's/ $//')"

# -q: errors only.
db="$WORK/quiet.sqlite"
new_store "$db"
expect_exit 0 "$DEPOMAP" -q load --db "$db" "$DATA/deposits.geojson" && expect_stderr_empty
expect_eq "quiet load rows" 3 "$(sql_count "$db" "SELECT count(*) FROM deposits")"
finish
