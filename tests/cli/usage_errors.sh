#!/usr/bin/env bash
# Usage errors exit 2 with the message on stderr, before the store is touched; a missing store
# exits 1.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

DB="$WORK/s.sqlite"
new_store "$DB"
run "$DEPOMAP" load -q --db "$DB" "$DATA/deposits.geojson"
store_snapshot "$DB" >"$WORK/before"

# usage ERROR_TEXT ARGS...: exit 2, one-line message containing ERROR_TEXT, store unchanged.
usage() {
    local text=$1
    shift
    expect_exit 2 "$DEPOMAP" "$@"
    expect_stdout_empty
    expect_stderr_contains "$text"
    expect_same_snapshot "$*" "$WORK/before" "$DB"
}
usage "--x-field and --y-field go together" load --db "$DB" "$DATA/deposits_xy.csv" --x-field lon
usage "--x-field and --y-field go together" load --db "$DB" "$DATA/deposits_xy.csv" --y-field lat
usage "exclude each other" load --db "$DB" "$DATA/deposits_wkt.csv" --x-field lon --y-field lat --wkt-field wkt
usage "--map 'name'" load --db "$DB" "$DATA/deposits.geojson" --map name
usage "--map '=name'" load --db "$DB" "$DATA/deposits.geojson" --map =name
usage "no column 'colour'" load --db "$DB" "$DATA/deposits.geojson" --map colour=name
usage "--layer 'nope'" load --db "$DB" "$DATA/deposits.geojson" --layer nope
usage "--rejects needs --skip-invalid" load --db "$DB" "$DATA/deposits.geojson" --rejects "$WORK/r.csv"
[[ ! -e "$WORK/r.csv" ]] && pass || fail "a refused load wrote the rejects file"
usage "holds polygons" load --db "$DB" "$DATA/deposits_xy.csv" --x-field lon --y-field lat --layer reserve_areas
usage "--frobnicate" load --db "$DB" "$DATA/deposits.geojson" --frobnicate
usage "required" load --db "$DB"

# A field that the source lacks is a run-time error (exit 1) naming the field and the file.
expect_exit 1 "$DEPOMAP" load --db "$DB" "$DATA/deposits.geojson" --map name=site_name
expect_stderr_contains "site_name"
expect_stderr_contains "deposits.geojson"
expect_exit 1 "$DEPOMAP" load --db "$DB" "$DATA/deposits_xy.csv" --x-field longitude --y-field lat
expect_stderr_contains "longitude"
expect_same_snapshot "missing fields" "$WORK/before" "$DB"

# A missing store: exit 1 naming it, and no store is created by accident.
for verb in load info sql; do
    case $verb in
    load) args=("$DATA/deposits.geojson") ;;
    info) args=() ;;
    sql) args=("SELECT 1") ;;
    esac
    expect_exit 1 "$DEPOMAP" "$verb" --db "$WORK/missing.sqlite" "${args[@]}" && {
        expect_stderr_lines 1
        expect_stderr_contains "$WORK/missing.sqlite"
    }
    [[ ! -e "$WORK/missing.sqlite" ]] && pass || fail "$verb created the missing store"
done
# --db defaults to $DEPOMAP_DB, else ./depomap.sqlite (here: absent in WORK).
DEPOMAP_DB="$DB" expect_exit 0 "$DEPOMAP" info && expect_stdout_contains "$DB"
expect_exit 1 "$DEPOMAP" info && expect_stderr_contains "depomap.sqlite"
finish
