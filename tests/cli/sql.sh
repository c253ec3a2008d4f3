#!/usr/bin/env bash
# sql: a SELECT in every format; anything that writes is refused (exit 1) and the store unchanged.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

DB="$WORK/s.sqlite"
new_store "$DB"
run "$DEPOMAP" load -q --db "$DB" "$DATA/deposits.geojson"
Q="SELECT id, name_local, ore_mt, round(X(geom), 4) AS lon, round(Y(geom), 4) AS lat FROM deposits ORDER BY id"

expect_exit 0 "$DEPOMAP" sql --db "$DB" -f csv "$Q" && {
    expect_eq "csv" "id,name_local,ore_mt,lon,lat
kvanefjeld,Kuannersuit,1010.0,-45.97,60.97
moscow,Москва,1.5,37.6173,55.7558
tomtor,Томтор,154.0,116.0,71.05" "$(python3 -c '
import csv, sys
for row in csv.reader(open(sys.argv[1], newline="", encoding="utf-8")):
    print(",".join(row if row[0] == "id" else [row[0], row[1]] + [str(float(v)) for v in row[2:]]))' "$OUT")"
}
expect_exit 0 "$DEPOMAP" sql --db "$DB" -f json "$Q" && {
    expect_eq "json" "kvanefjeld:Kuannersuit:1010.0:-45.97:60.97 moscow:Москва:1.5:37.6173:55.7558 tomtor:Томтор:154.0:116.0:71.05" \
        "$(python3 -c '
import json, sys
rows = json.load(open(sys.argv[1], encoding="utf-8"))
print(" ".join(":".join([r["id"], r["name_local"]] + [str(float(r[k])) for k in ("ore_mt", "lon", "lat")]) for r in rows))' "$OUT")"
}
expect_exit 0 "$DEPOMAP" sql --db "$DB" "$Q" && {
    # The table format: a header and one line per row, whatever the alignment.
    expect_stdout_contains "name_local"
    expect_eq "table rows" 3 "$(grep -cE '^ *(kvanefjeld|moscow|tomtor) ' "$OUT")"
    expect_eq "table moscow" "moscow Москва 1.5 37.6173 55.7558" "$(grep -E '^ *moscow ' "$OUT" | tr -s ' |' ' ' | sed 's/^ //; s/ $//')"
}
# SpatiaLite functions work; an empty result is not an error.
expect_exit 0 "$DEPOMAP" sql --db "$DB" -f csv "SELECT count(*) AS n FROM deposits WHERE MbrWithin(geom, BuildMbr(30, 50, 40, 60))"
expect_eq "spatial count" "n 1" "$(tr -d '\r' <"$OUT" | tr '\n' ' ' | sed 's/ $//')"
expect_exit 0 "$DEPOMAP" sql --db "$DB" -f json "SELECT id FROM deposits WHERE id = 'none'"
expect_eq "empty json" "[]" "$(python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))))' "$OUT")"

# Writes are refused, the store unchanged.
store_snapshot "$DB" >"$WORK/before"
for q in "DELETE FROM deposits" \
    "INSERT INTO deposits (id, name) VALUES ('x', 'x')" \
    "UPDATE deposits SET name = 'x'" \
    "DROP TABLE deposits" \
    "CREATE TABLE t (x)" \
    "DELETE FROM depomap_meta" \
    "SELECT 1; DELETE FROM deposits" \
    "PRAGMA journal_mode = DELETE"; do
    expect_exit 1 "$DEPOMAP" sql --db "$DB" "$q" && {
        expect_stderr_lines 1
        expect_stderr_contains "read-only"
        expect_stdout_empty
    }
    expect_same_snapshot "sql $q" "$WORK/before" "$DB"
done
expect_eq "journal mode still WAL" wal "$(sql_value "$DB" "PRAGMA journal_mode")"

# Bad SQL: exit 1 with SQLite's message; a bad format: exit 2.
expect_exit 1 "$DEPOMAP" sql --db "$DB" "SELEC nonsense" && expect_stderr_lines 1
expect_exit 1 "$DEPOMAP" sql --db "$DB" "SELECT * FROM no_such_table" && expect_stderr_contains "no_such_table"
expect_exit 2 "$DEPOMAP" sql --db "$DB" -f yaml "SELECT 1" && expect_stderr_contains "yaml"
expect_exit 1 "$DEPOMAP" sql --db "$WORK/missing.sqlite" "SELECT 1"
# Rows are streamed: a million rows in every format in far less memory than they take (each
# format held the whole result: 5M rows took 1.0 GB as CSV, 3.6 GB as JSON, 1.8 GB as a table).
MANY="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 1000000) SELECT x AS id, 'name' || x AS name, x * 1.5 AS v FROM c"
for f in csv json table; do
    run /usr/bin/time -f "%M" -o "$WORK/rss" "$DEPOMAP" sql --db "$DB" -f "$f" "$MANY"
    [[ $RC == 0 ]] && pass || fail "sql -f $f of a million rows failed"
    rss=$(tail -n 1 "$WORK/rss")
    # ASan's quarantine keeps freed memory (hundreds of MB): the normal pass checks the peak.
    if ! sanitized_build; then
        (( rss < 100000 )) && pass || fail "sql -f $f of a million rows peaked at $rss kB (streamed: about 25,000)"
    fi
    case $f in
    csv) expect_eq "csv rows" 1000001 "$(wc -l <"$OUT")" ;;
    json) expect_eq "json rows" "1000000 1000000" "$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(len(d), d[-1]["id"])' "$OUT")" ;;
    table) expect_eq "table rows and last" "1000002 1000000 name1000000 1500000" "$(wc -l <"$OUT" | tr -d ' ') $(tail -n 1 "$OUT" | tr -s ' ' | sed 's/^ //')" ;;
    esac
done

finish
