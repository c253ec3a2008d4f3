#!/usr/bin/env bash
# What an output file is once in place: a new file's mode follows the umask (not the 0600 of a
# staged temporary file), a replaced file keeps its mode, and a symlink to a file on another file
# system (here /dev/shm, a tmpfs) is written through, with nothing left beside either of them.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

DB="$WORK/a.sqlite"
run "$DEPOMAP" init -q --db "$DB" --atlas

mode() { stat -c %a "$1"; }

# Every kind of writer: a query's text (StagedFile), an export (a staging folder), a picture.
(umask 022 && "$DEPOMAP" nearest -q --db "$DB" -o "$WORK/n.csv" && "$DEPOMAP" export -q --db "$DB" -f gpkg \
    -o "$WORK/e.gpkg" && "$DEPOMAP" render -q --db "$DB" -o "$WORK/r.png") && pass || fail "the outputs were not written"
expect_eq "nearest CSV under umask 022" "644" "$(mode "$WORK/n.csv")"
expect_eq "GeoPackage under umask 022" "644" "$(mode "$WORK/e.gpkg")"
expect_eq "picture under umask 022" "644" "$(mode "$WORK/r.png")"
(umask 027 && "$DEPOMAP" summary -q --db "$DB" --by country_iso3 -o "$WORK/s.csv") && pass || fail "summary was not written"
expect_eq "summary under umask 027" "640" "$(mode "$WORK/s.csv")"
chmod 600 "$WORK/n.csv"
(umask 022 && "$DEPOMAP" nearest -q --db "$DB" -o "$WORK/n.csv" --overwrite) && pass || fail "nearest --overwrite failed"
expect_eq "a replaced file keeps its mode" "600" "$(mode "$WORK/n.csv")"

# A symlink to a file on another file system.
if OTHER=$(mktemp -d /dev/shm/depomap-test.XXXXXX 2>/dev/null) && [[ "$(stat -c %d "$OTHER")" != "$(stat -c %d "$WORK")" ]]; then
    trap 'rm -rf "$OTHER"' EXIT
    for target in deposits.geojson near.csv; do
        echo old >"$OTHER/$target"
        ln -s "$OTHER/$target" "$WORK/link-$target"
    done
    expect_exit 0 "$DEPOMAP" export -q --db "$DB" -f geojson --layer deposits -o "$WORK/link-deposits.geojson" --overwrite
    expect_eq "the link's file has the export" "$(sql_value "$DB" "SELECT count(*) FROM deposits")" "$(json_get "$OTHER/deposits.geojson" "len(d['features'])")"
    [[ -L "$WORK/link-deposits.geojson" ]] && pass || fail "the link was replaced"
    expect_exit 0 "$DEPOMAP" nearest -q --db "$DB" -o "$WORK/link-near.csv" --overwrite
    expect_file_contains "$OTHER/near.csv" "distance_km"
    [[ -L "$WORK/link-near.csv" ]] && pass || fail "the link was replaced"
    [[ -z "$(ls -A "$WORK" "$OTHER" | grep '^\.depomap-')" ]] && pass || fail "staging was left"
else
    echo "output_files: /dev/shm is not a file system of its own here; the cross-device link checks are skipped" >&2
fi

finish
