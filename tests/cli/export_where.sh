#!/usr/bin/env bash
# export --where takes one SQL expression, as nearest and summary do: a second statement is
# refused (usage, 2) before anything is written, not silently ignored.
source "$(dirname "$0")/lib.bash"

DB="$WORK/store.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$DB"
expect_exit 0 "$DEPOMAP" load -q --db "$DB" "$DATA/deposits.geojson"
for where in "1); SELECT (1" "1); DELETE FROM deposits; SELECT (1"; do
    expect_exit 2 "$DEPOMAP" export --db "$DB" -f geojson --layer deposits --where "$where" -o "$WORK/out.geojson"
    expect_stderr_contains "--where: one SQL expression, not several statements"
    [[ ! -e "$WORK/out.geojson" ]] && pass || fail "--where '$where' wrote $WORK/out.geojson"
done
# A comment cannot swallow the closing parenthesis.
expect_exit 0 "$DEPOMAP" export --db "$DB" -f csv --layer deposits --where "1 -- all" -o "$WORK/all.csv"
expect_eq "rows with a commented --where" "$(sql_count "$DB" "SELECT count(*) FROM deposits")" \
    "$(($(wc -l <"$WORK/all.csv") - 1))"
expect_eq "nothing beside the output" "all.csv all.csvt all.prj all.qml" \
    "$(ls -A "$WORK" | grep -v -e '^store' -e '^last\.' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"
finish
