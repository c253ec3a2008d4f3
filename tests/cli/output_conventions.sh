#!/usr/bin/env bash
# Scenarios, not rows: two runs compared (nearest's JSON carries the coordinates its CSV has) and a
# command taken from the help's text (export --help's example runs as printed and filters). What
# one run writes is tests/cli/tables/output-conventions.ini.
source "$(dirname "$0")/lib.bash"

ATLAS="$WORK/atlas.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$ATLAS" --atlas

"$DEPOMAP" nearest --db "$ATLAS" -k 2 -f csv >"$WORK/nearest.csv"
"$DEPOMAP" nearest --db "$ATLAS" -k 2 -f json >"$WORK/nearest.json"
expect_eq "nearest -f json pairs = CSV's" \
    "$(tail -n +2 "$WORK/nearest.csv" | cut -d, -f1,2 | sort | head -n 5)" \
    "$(python3 -c 'import json,sys
for r in json.load(open(sys.argv[1])): print(r["from_id"] + "," + r["to_id"])' "$WORK/nearest.json" | sort | head -n 5)"
python3 - "$WORK/nearest.csv" "$WORK/nearest.json" <<'EOF2' && pass || fail "nearest: JSON coordinates differ from the CSV's"
import csv, json, sys
rows = {(r["from_id"], r["to_id"]): r for r in csv.DictReader(open(sys.argv[1]))}
for j in json.load(open(sys.argv[2])):
    c = rows[(j["from_id"], j["to_id"])]
    for k in ("from_lon", "from_lat", "to_lon", "to_lat"):
        assert abs(float(c[k]) - j[k]) < 1e-6, (k, c[k], j[k])
EOF2

# export --help's own example runs and filters.
while IFS= read -r example; do
    [[ "$example" == *"--where"* ]] || continue
    eval "set -- ${example# *depomap }"
    expect_exit 0 "$DEPOMAP" "${@/atlas.sqlite/$ATLAS}"
done < <("$DEPOMAP" export --help | sed -n '/^Examples/,$p' | grep 'depomap export')
expect_eq "the help's example exports the Russian deposits" \
    "$(sql_count "$ATLAS" "SELECT count(*) FROM deposits WHERE country_iso3 = 'RUS'")" \
    "$(json_get "$WORK/russia/deposits.geojson" 'len(d["features"])')"
finish
