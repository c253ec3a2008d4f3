#!/usr/bin/env bash
# A scenario, not a row: a symlink to a file on another file system (here /dev/shm, a tmpfs) is
# written through, with nothing left beside either of them; the check is skipped, said, where
# /dev/shm is no file system of its own, which a table cannot say. The modes of output files are
# rows of tests/cli/tables/output-files.ini.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

DB="$WORK/a.sqlite"
run "$DEPOMAP" init -q --db "$DB" --atlas

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
