#!/usr/bin/env bash
# info and info --json: layers, counts, extents, schema version.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

DB="$WORK/s.sqlite"
new_store "$DB"
run "$DEPOMAP" load -q --db "$DB" "$DATA/deposits.geojson"
run "$DEPOMAP" load -q --db "$DB" "$DATA/reserve_areas.geojson" --layer reserve_areas

expect_exit 0 "$DEPOMAP" info --db "$DB" && {
    expect_stdout_contains "schema version 3"
    for layer in deposits processing_sites reserve_areas admin_regions country_stats occurrences; do
        expect_stdout_contains "$layer"
    done
    # The deposits line: POINT, 3 features, the extent to 4 decimals.
    line=$(grep -E '^deposits ' "$OUT" | tr -s ' ')
    expect_eq "deposits line" "deposits POINT 3 -45.9700, 55.7558 .. 116.0000, 71.0500" "$line"
    line=$(grep -E '^reserve_areas ' "$OUT" | tr -s ' ')
    expect_eq "reserve_areas line" "reserve_areas MULTIPOLYGON 2 30.0000, 60.0000 .. 43.0000, 61.0000" "$line"
}

expect_exit 0 "$DEPOMAP" info --db "$DB" --json && {
    cp "$OUT" "$WORK/info.json"
    expect_eq "schema_version" 3 "$(json_get "$WORK/info.json" 'd["schema_version"]')"
    expect_eq "layer names" "deposits processing_sites reserve_areas admin_regions country_stats occurrences" \
        "$(json_get "$WORK/info.json" '" ".join(l["name"] for l in d["layers"])')"
    expect_eq "counts" "3 0 2 0 0 0" "$(json_get "$WORK/info.json" '" ".join(str(l["count"]) for l in d["layers"])')"
    expect_eq "geometry types" "POINT POINT MULTIPOLYGON MULTIPOLYGON NONE POINT" \
        "$(json_get "$WORK/info.json" '" ".join(l["geometry_type"] for l in d["layers"])')"
    # Extents: rounded to 4 decimals (the R*Tree stores floats), [min_x, min_y, max_x, max_y].
    expect_eq "deposits extent" "[-45.97, 55.7558, 116.0, 71.05]" \
        "$(json_get "$WORK/info.json" '[round(v, 4) for v in d["layers"][0]["extent"]]')"
    # And the extent contains every point: never rounded inwards.
    expect_eq "extent contains the points" True \
        "$(json_get "$WORK/info.json" 'd["layers"][0]["extent"][0] <= -45.97 and d["layers"][0]["extent"][1] <= 55.7558 and d["layers"][0]["extent"][2] >= 116.0 and d["layers"][0]["extent"][3] >= 71.05')"
    expect_eq "empty layer extent" None "$(json_get "$WORK/info.json" 'd["layers"][1]["extent"]')"
}

# info opens the store read-only: it does not change it.
store_snapshot "$DB" >"$WORK/before"
run "$DEPOMAP" info --db "$DB"
expect_same_snapshot "info" "$WORK/before" "$DB"

# Errors: no store, not a store, a file that is not SQLite at all. Exit 1, one line naming it.
expect_exit 1 "$DEPOMAP" info --db "$WORK/missing.sqlite" && {
    expect_stderr_lines 1
    expect_stderr_contains "$WORK/missing.sqlite"
    expect_stdout_empty
}
[[ ! -e "$WORK/missing.sqlite" ]] && pass || fail "info created the missing store"
sqlite3 "$WORK/plain.sqlite" "CREATE TABLE t (x)"
expect_exit 1 "$DEPOMAP" info --db "$WORK/plain.sqlite" && {
    expect_stderr_lines 1
    expect_stderr_contains "$WORK/plain.sqlite"
    expect_stderr_contains "not a depomap store"
}
expect_exit 1 "$DEPOMAP" info --db "$DATA/deposits.geojson" && {
    expect_stderr_lines 1
    expect_stderr_contains "$DATA/deposits.geojson"
}
finish
