#!/usr/bin/env bash
# What every answer has in common, over the shipped atlas: every CSV the tool writes ends its
# lines with LF alone; JSON objects keep the columns' order and carry the coordinates the CSV
# has; an error about a column names its layer.
source "$(dirname "$0")/lib.bash"

ATLAS="$WORK/atlas.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$ATLAS" --atlas

# no_cr NAME FILE: the file has lines and not one carriage return.
no_cr() {
    if [[ ! -s "$2" ]]; then
        fail "$1: empty output"
    elif grep -q $'\r' "$2"; then
        fail "$1: CRLF line endings"
    else
        pass
    fi
}

# Every CSV the tool writes, on stdout and through -o.
"$DEPOMAP" nearest --db "$ATLAS" -k 2 -f csv >"$WORK/nearest.csv"
no_cr "nearest -f csv" "$WORK/nearest.csv"
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -f csv -o "$WORK/nearest-o.csv"
no_cr "nearest -f csv -o" "$WORK/nearest-o.csv"
"$DEPOMAP" within --db "$ATLAS" --id ru-smz --km 800 -f csv >"$WORK/within.csv"
no_cr "within -f csv" "$WORK/within.csv"
"$DEPOMAP" within --db "$ATLAS" --line "LINESTRING(56 58, 104 52)" --km 300 -f csv >"$WORK/corridor.csv"
no_cr "within --line -f csv" "$WORK/corridor.csv"
"$DEPOMAP" region --db "$ATLAS" --name RU-MUR -f csv >"$WORK/region.csv" 2>/dev/null
no_cr "region -f csv" "$WORK/region.csv"
"$DEPOMAP" summary --db "$ATLAS" --by country_iso3 -f csv >"$WORK/summary.csv"
no_cr "summary -f csv" "$WORK/summary.csv"
"$DEPOMAP" sql --db "$ATLAS" -f csv "SELECT id, name FROM deposits" >"$WORK/sql.csv"
no_cr "sql -f csv" "$WORK/sql.csv"
expect_exit 0 "$DEPOMAP" export --db "$ATLAS" -f csv --layer deposits -o "$WORK/deposits.csv"
no_cr "export -f csv" "$WORK/deposits.csv"

# JSON: keys in the order of the CSV's columns, coordinates included.
csv_header() { head -n 1 "$1"; }
json_keys() { python3 -c 'import json,sys; print(",".join(json.load(open(sys.argv[1]))[0].keys()))' "$1"; }
"$DEPOMAP" nearest --db "$ATLAS" -k 2 -f json >"$WORK/nearest.json"
expect_eq "nearest -f json keys = CSV columns" "$(csv_header "$WORK/nearest.csv")" "$(json_keys "$WORK/nearest.json")"
expect_eq "nearest -f json coordinates = CSV's" \
    "$(tail -n +2 "$WORK/nearest.csv" | cut -d, -f1,2 | sort | head -n 5)" \
    "$(python3 -c 'import json,sys
for r in json.load(open(sys.argv[1])): print(r["from_id"] + "," + r["to_id"])' "$WORK/nearest.json" | sort | head -n 5)"
python3 - "$WORK/nearest.csv" "$WORK/nearest.json" <<'EOF' && pass || fail "nearest: JSON coordinates differ from the CSV's"
import csv, json, sys
rows = {(r["from_id"], r["to_id"]): r for r in csv.DictReader(open(sys.argv[1]))}
for j in json.load(open(sys.argv[2])):
    c = rows[(j["from_id"], j["to_id"])]
    for k in ("from_lon", "from_lat", "to_lon", "to_lat"):
        assert abs(float(c[k]) - j[k]) < 1e-6, (k, c[k], j[k])
EOF
"$DEPOMAP" within --db "$ATLAS" --id ru-smz --km 800 -f json >"$WORK/within.json"
expect_eq "within -f json keys = CSV columns" "$(csv_header "$WORK/within.csv")" "$(json_keys "$WORK/within.json")"
"$DEPOMAP" within --db "$ATLAS" --line "LINESTRING(56 58, 104 52)" --km 300 -f json >"$WORK/corridor.json"
expect_eq "within --line -f json keys = CSV columns" "$(csv_header "$WORK/corridor.csv")" "$(json_keys "$WORK/corridor.json")"
"$DEPOMAP" region --db "$ATLAS" --name RU-MUR -f json >"$WORK/region.json" 2>/dev/null
expect_eq "region -f json keys = CSV columns" "$(csv_header "$WORK/region.csv")" "$(json_keys "$WORK/region.json")"
"$DEPOMAP" summary --db "$ATLAS" --by country_iso3 -f json >"$WORK/summary.json"
expect_eq "summary -f json keys = CSV columns" "$(csv_header "$WORK/summary.csv")" "$(json_keys "$WORK/summary.json")"
"$DEPOMAP" sql --db "$ATLAS" -f json "SELECT name, id, country_iso3 FROM deposits" >"$WORK/sql.json"
expect_eq "sql -f json keys in SELECT order" "name,id,country_iso3" "$(json_keys "$WORK/sql.json")"
"$DEPOMAP" info --db "$ATLAS" --json >"$WORK/info.json"
expect_eq "info --json keys" "store,schema_version,layers" \
    "$(python3 -c 'import json,sys; print(",".join(json.load(open(sys.argv[1])).keys()))' "$WORK/info.json")"

# An error about a column names the layer. The filter of export's help over every layer:
# reserve_areas has no country_iso3, and the message says so and how to filter the others.
expect_exit 1 "$DEPOMAP" export --db "$ATLAS" -f gpkg -o "$WORK/all.gpkg" --where "country_iso3 = 'RUS'"
expect_stderr_contains "--where: layer reserve_areas has no column country_iso3"
expect_stderr_contains "--layer"
[[ ! -e "$WORK/all.gpkg" ]] && pass || fail "a refused export wrote its output"
expect_exit 1 "$DEPOMAP" export --db "$ATLAS" -f gpkg -o "$WORK/sites.gpkg" --layer processing_sites \
    --layer reserve_areas --where "stage = 'separation'"
expect_stderr_contains "--where: layer reserve_areas has no column stage"
# export --help's own example runs and filters.
while IFS= read -r example; do
    [[ "$example" == *"--where"* ]] || continue
    eval "set -- ${example# *depomap }"
    expect_exit 0 "$DEPOMAP" "${@/atlas.sqlite/$ATLAS}"
done < <("$DEPOMAP" export --help | sed -n '/^Examples/,$p' | grep 'depomap export')
expect_eq "the help's example exports the Russian deposits" \
    "$(sql_count "$ATLAS" "SELECT count(*) FROM deposits WHERE country_iso3 = 'RUS'")" \
    "$(json_get "$WORK/russia/deposits.geojson" 'len(d["features"])')"
expect_exit 1 "$DEPOMAP" nearest --db "$ATLAS" --where "stage = 'separation'"
expect_stderr_contains "--where: layer deposits has no column stage"
expect_exit 1 "$DEPOMAP" nearest --db "$ATLAS" --to-where "kind = 'mine'"
expect_stderr_contains "--to-where: layer processing_sites has no column kind"
expect_exit 1 "$DEPOMAP" within --db "$ATLAS" --id ru-smz --km 100 --layer processing_sites --where "kind = 'mine'"
expect_stderr_contains "--where: layer processing_sites has no column kind"
expect_exit 1 "$DEPOMAP" summary --db "$ATLAS" --by status --layer processing_sites --where "kind = 'mine'"
expect_stderr_contains "--where: layer processing_sites has no column kind"
expect_exit 2 "$DEPOMAP" summary --db "$ATLAS" --by kind --layer processing_sites
expect_stderr_contains "layer processing_sites has no such column"
expect_exit 1 "$DEPOMAP" summary --db "$ATLAS" --by status --where "status = "
expect_stderr_contains "--where on layer deposits: SQL error"
finish
