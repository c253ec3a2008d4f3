#!/usr/bin/env bash
# export --where takes one SQL expression, as nearest and summary do: a second statement is
# refused (usage, 2) before anything is written, not silently ignored (rows of
# tests/cli/tables/export.ini); a comment in it is one.
source "$(dirname "$0")/lib.bash"

DB="$WORK/store.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$DB"
expect_exit 0 "$DEPOMAP" load -q --db "$DB" "$DATA/deposits.geojson"
# A comment cannot swallow the closing parenthesis.
expect_exit 0 "$DEPOMAP" export --db "$DB" -f csv --layer deposits --where "1 -- all" -o "$WORK/all.csv"
expect_eq "rows with a commented --where" "$(sql_count "$DB" "SELECT count(*) FROM deposits")" \
    "$(($(wc -l <"$WORK/all.csv") - 1))"
expect_eq "nothing beside the output" "all.csv all.csvt all.prj all.qml" \
    "$(ls -A "$WORK" | grep -v -e '^store' -e '^last\.' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
finish
