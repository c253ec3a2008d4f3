#!/usr/bin/env bash
# load: every rejection reason. Exit 1, one line on stderr naming the file, `feature 2` and the
# reason, and the store exactly as it was (the bad file's good feature 1 must not survive either).
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

DB="$WORK/s.sqlite"
new_store "$DB"
run "$DEPOMAP" load -q --db "$DB" "$DATA/deposits.geojson"
run "$DEPOMAP" load -q --db "$DB" "$DATA/reserve_areas.geojson" --layer reserve_areas
BEFORE="$WORK/snapshot.before"
store_snapshot "$DB" >"$BEFORE"
expect_eq "deposits before" 3 "$(sql_count "$DB" "SELECT count(*) FROM deposits")"
expect_eq "reserve areas before" 2 "$(sql_count "$DB" "SELECT count(*) FROM reserve_areas")"

# rejected FILE FEATURE REASON [load options...]: FEATURE is "feature 2" or "" for a file that
# cannot be read at all.
rejected() {
    local file=$1 where=$2 reason=$3
    shift 3
    expect_exit 1 "$DEPOMAP" load --db "$DB" "$file" "$@"
    expect_stdout_empty
    expect_stderr_lines 1
    expect_stderr_contains "$file"
    if [[ -n "$where" ]]; then
        grep -qE -- "$where([^0-9]|\$)" "$ERR" && pass || fail "stderr does not name $where"
    else
        expect_stderr_not_contains "feature "
    fi
    expect_stderr_contains "$reason"
    expect_same_snapshot "$(basename "$file")" "$BEFORE" "$DB"
}

# Geometry.
rejected "$BAD/empty_geometry.geojson" "feature 2" "empty geometry"
rejected "$BAD/empty_point.geojson" "feature 2" "empty geometry"
rejected "$BAD/empty_wkt_geometry.csv" "feature 2" "empty geometry" --wkt-field wkt
rejected "$BAD/missing_geometry.geojson" "feature 2" "no geometry"
rejected "$BAD/empty_wkt.csv" "feature 2" "no geometry (field 'wkt' is empty)" --wkt-field wkt
rejected "$BAD/empty_xy.csv" "feature 2" "no coordinates (field 'lat' is empty)" --x-field lon --y-field lat
rejected "$BAD/bad_wkt.csv" "feature 2" "invalid WKT in field 'wkt': 'POINT (10 20'" --wkt-field wkt
rejected "$BAD/lat91.geojson" "feature 2" "latitude 91 out of range [-90, 90]"
rejected "$BAD/lon181.geojson" "feature 2" "longitude 181 out of range [-180, 180]"
rejected "$BAD/swapped.geojson" "feature 2" "latitude 120 out of range [-90, 90] (longitude and latitude swapped?)"
rejected "$BAD/inf_point.geojson" "feature 2" "out of range for a double (such as 1e400)"
rejected "$BAD/nan_polygon.geojson" "feature 2" "NaN and Infinity are not JSON numbers" --layer reserve_areas
rejected "$BAD/bowtie.geojson" "feature 2" "invalid polygon: Self-intersection" --layer reserve_areas
rejected "$BAD/polygon_in_point_layer.geojson" "feature 2" "wrong geometry type Polygon for layer deposits"
rejected "$BAD/linestring.geojson" "feature 2" "wrong geometry type Line String for layer deposits"
rejected "$BAD/multipoint2.geojson" "feature 2" "with several points for layer deposits"
# A point is not a reserve area.
rejected "$DATA/multipoint_single.geojson" "feature 1" "wrong geometry type Multi Point for layer reserve_areas" --layer reserve_areas
rejected "$BAD/dms_minutes63.csv" "feature 2" 'invalid coordinate "71°63′13″N": minutes must be below 60' --x-field lon --y-field lat

# Attributes and ids.
rejected "$BAD/duplicate_ids.geojson" "feature 2" "duplicate id 'good-1'"
rejected "$BAD/empty_id.geojson" "feature 2" "empty id"
rejected "$BAD/ore_not_number.geojson" "feature 2" "field 'ore_mt': '12,5 Mt' is not a number"
rejected "$BAD/invalid_utf8.csv" "feature 2" "invalid UTF-8 in field 'name'" --x-field lon --y-field lat
# An id already in the store is a duplicate too.
rejected "$DATA/deposits.geojson" "feature 1" "duplicate id 'moscow'"

# Files that cannot be read at all.
rejected "$BAD/empty.geojson" "" "empty"
rejected "$BAD/garbage.geojson" "" "garbage.geojson"
rejected "$BAD/truncated.geojson" "" "truncated.geojson"
rejected "$WORK/no-such-file.geojson" "" "no such file"

# All or nothing across sources: a good file before a bad one is not loaded either.
expect_exit 1 "$DEPOMAP" load --db "$DB" "$DATA/mapped.geojson" "$BAD/lat91.geojson"
expect_stderr_contains "lat91.geojson: feature 2"
expect_same_snapshot "good file + bad file" "$BEFORE" "$DB"

# The store still works after all that: it opens, and a good load goes in.
expect_exit 0 "$DEPOMAP" load --db "$DB" "$DATA/mapped.geojson" --map id=ms_uri
expect_eq "deposits after a good load" 5 "$(sql_count "$DB" "SELECT count(*) FROM deposits")"
expect_eq "R*Tree after a good load" 5 "$(sql_count "$DB" "SELECT count(*) FROM idx_deposits_geom")"
expect_eq "CheckSpatialIndex after failed loads" 1 "$(spatial_csv "$DB" "SELECT CheckSpatialIndex('deposits', 'geom')")"
finish
