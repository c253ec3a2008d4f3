#!/usr/bin/env bash
# `depomap summary`: count, sum of the layer's measure and shares per group, with a TOTAL row that
# adds up; checked against the sqlite3 CLI's own GROUP BY on the same store. Its usage errors are rows
# of tests/cli/tables/summary.ini.
source "$(dirname "$0")/lib.bash"

ATLAS="$WORK/atlas.sqlite"
csv_rows() { tail -n +2 "$1" | tr -d '\r'; }

run "$DEPOMAP" init -q --db "$ATLAS" --atlas
[[ "$RC" == 0 ]] && pass || fail "init --atlas failed"

# check_summary CSV KEY COUNT_TOTAL MEASURE...: the TOTAL row is last and sums the groups, counts
# add up to COUNT_TOTAL, every *_pct column sums to ~100 (each share is rounded to 0.1), each
# share is its group's part of the total. Prints "ok" or the problems.
check_summary() {
    python3 - "$@" <<'PY'
import csv, math, sys
path, key, count_total = sys.argv[1], sys.argv[2], int(sys.argv[3])
measures = sys.argv[4:]
rows = list(csv.DictReader(open(path, newline="", encoding="utf-8")))
probs = []
if not rows or rows[-1][key] != "TOTAL":
    probs.append("the last row is not TOTAL: %s" % (rows[-1] if rows else None))
    print("; ".join(probs)); sys.exit()
total, groups = rows[-1], rows[:-1]
if sum(1 for r in rows if r[key] == "TOTAL") != 1:
    probs.append("more than one TOTAL row")
num = lambda v: float(v) if v not in ("", None) else 0.0
if int(total["count"]) != count_total:
    probs.append("TOTAL count %s, layer has %d" % (total["count"], count_total))
if sum(int(r["count"]) for r in groups) != count_total:
    probs.append("group counts add up to %d, not %d" % (sum(int(r["count"]) for r in groups), count_total))
for col in ["count"] + measures:
    pct = col + "_pct"
    whole = num(total[col])
    s = sum(num(r[pct]) for r in groups)
    if whole > 0:
        if abs(s - 100) > 0.05 * len(groups) + 1e-9:
            probs.append("%s sums to %.2f" % (pct, s))
        if abs(num(total[pct]) - 100) > 1e-9:
            probs.append("TOTAL %s is %s" % (pct, total[pct]))
        for r in groups:
            if abs(num(r[pct]) - 100 * num(r[col]) / whole) > 0.05 + 1e-9:
                probs.append("%s=%s: %s %s is not %s's share of %s" % (key, r[key], pct, r[pct], r[col], whole))
    if col != "count":
        gs = sum(num(r[col]) for r in groups)
        if abs(gs - whole) > 1e-6 * max(1.0, whole):
            probs.append("%s: groups add up to %s, TOTAL says %s" % (col, gs, whole))
        if sum(int(r[col + "_known"]) for r in groups) != int(total[col + "_known"]):
            probs.append("%s_known does not add up" % col)
keys = [r[key] for r in groups]
if len(set(keys)) != len(keys):
    probs.append("a group twice")
print("ok" if not probs else "; ".join(probs[:10]))
PY
}

# --- Deposits by country. ----------------------------------------------------------------------
n=$(sql_value "$ATLAS" "SELECT count(*) FROM deposits")
expect_exit 0 "$DEPOMAP" summary --db "$ATLAS" --by country_iso3 -f csv
cp "$OUT" "$WORK/by_country.csv"
header=$(head -n 1 "$WORK/by_country.csv" | tr -d '\r')
[[ "$header" == country_iso3,count,* && "$header" == *contained_treo_t* && "$header" == *_pct* ]] && pass ||
    fail "summary header: $header"
expect_eq "deposits by country add up" "ok" "$(check_summary "$WORK/by_country.csv" country_iso3 "$n" contained_treo_t)"
# The groups are sqlite3's GROUP BY, value for value.
expect_eq "counts per country" \
    "$(sqlite3 -readonly -csv "$ATLAS" "SELECT country_iso3, count(*) FROM deposits GROUP BY 1" | tr -d '\r' | LC_ALL=C sort)" \
    "$(csv_rows "$WORK/by_country.csv" | grep -v '^TOTAL,' | cut -d, -f1,2 | LC_ALL=C sort)"
expect_eq "contained TREO per country" \
    "$(sqlite3 -readonly -csv "$ATLAS" "SELECT country_iso3, total(contained_treo_t) FROM deposits GROUP BY 1 HAVING count(contained_treo_t) > 0" | tr -d '\r' | awk -F, '{printf "%s,%.1f\n", $1, $2}' | LC_ALL=C sort)" \
    "$(csv_rows "$WORK/by_country.csv" | grep -v '^TOTAL,' | awk -F, '$4 != "" {printf "%s,%.1f\n", $1, $4}' | LC_ALL=C sort)"
expect_eq "Russia's row" "RUS,$(sql_value "$ATLAS" "SELECT count(*) FROM deposits WHERE country_iso3 = 'RUS'")" \
    "$(csv_rows "$WORK/by_country.csv" | grep '^RUS,' | cut -d, -f1,2)"
# JSON: the same rows.
expect_exit 0 "$DEPOMAP" summary --db "$ATLAS" --by country_iso3 -f json
expect_eq "JSON summary" "$(csv_rows "$WORK/by_country.csv" | cut -d, -f1,2 | LC_ALL=C sort)" \
    "$(python3 -c 'import json,sys
for o in json.load(open(sys.argv[1])): print("%s,%d" % (o["country_iso3"], o["count"]))' "$OUT" | LC_ALL=C sort)"
# Other groupings, other layers.
expect_exit 0 "$DEPOMAP" summary --db "$ATLAS" --by status -f csv
expect_eq "deposits by status add up" "ok" "$(check_summary "$OUT" status "$n" contained_treo_t)"
expect_exit 0 "$DEPOMAP" summary --db "$ATLAS" --by country_iso3 --where "country_iso3 IN ('RUS', 'CHN')" -f csv
expect_eq "--where on deposits" "ok" "$(check_summary "$OUT" country_iso3 \
    "$(sql_value "$ATLAS" "SELECT count(*) FROM deposits WHERE country_iso3 IN ('RUS', 'CHN')")" contained_treo_t)"
ns=$(sql_value "$ATLAS" "SELECT count(*) FROM processing_sites")
expect_exit 0 "$DEPOMAP" summary --db "$ATLAS" --layer processing_sites --by stage -f csv
expect_eq "sites by stage add up (capacity)" "ok" "$(check_summary "$OUT" stage "$ns" capacity_tpa)"

# --- USGS country statistics without the world row. ---------------------------------------------
W="source LIKE 'USGS%' AND country_iso3 <> 'WLD'"
nc=$(sql_value "$ATLAS" "SELECT count(*) FROM country_stats WHERE $W")
expect_exit 0 "$DEPOMAP" summary --db "$ATLAS" --layer country_stats --by country_iso3 --where "$W" -f csv
cp "$OUT" "$WORK/usgs.csv"
expect_eq "USGS country stats add up" "ok" \
    "$(check_summary "$WORK/usgs.csv" country_iso3 "$nc" mine_production_2024_t_reo reserves_t_reo)"
expect_eq "production total = sum of the USGS rows" \
    "$(sql_value "$ATLAS" "SELECT printf('%.1f', total(mine_production_2024_t_reo)) FROM country_stats WHERE $W")" \
    "$(python3 -c 'import csv,sys
r = [x for x in csv.DictReader(open(sys.argv[1])) if x["country_iso3"] == "TOTAL"][0]
print("%.1f" % float(r["mine_production_2024_t_reo"]))' "$WORK/usgs.csv")"
# China's share of USGS 2024 mine production without the world row: 270,000 of the countries' sum.
expect_near "China's share of the listed production" \
    "$(sql_value "$ATLAS" "SELECT 100.0 * (SELECT mine_production_2024_t_reo FROM country_stats WHERE country_iso3 = 'CHN' AND source LIKE 'USGS%') / total(mine_production_2024_t_reo) FROM country_stats WHERE $W")" \
    "$(csv_rows "$WORK/usgs.csv" | awk -F, '$1 == "CHN" {print $5}')" 0.05
# (Which groups, largest first, no world row: rows of tests/cli/tables/summary.ini.)

finish
