#!/usr/bin/env bash
# load --skip-invalid: the good features load, every reject goes to --rejects (CSV: source,
# index,id,reason) and its count to stderr; read == inserted + rejected.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

DB="$WORK/s.sqlite"
new_store "$DB"
R="$WORK/rejects.csv"
expect_exit 0 "$DEPOMAP" load --db "$DB" --skip-invalid --rejects "$R" \
    "$BAD/lat91.geojson" "$BAD/linestring.geojson" "$BAD/multipoint2.geojson" "$BAD/missing_geometry.geojson"
# Feature 1 of lat91.geojson is good-1; feature 1 of the other three is a duplicate of it.
expect_stderr_contains "loaded 1 of 8 features into deposits; 7 rejected"
expect_stderr_contains "$R"
expect_eq "deposits" "good-1" "$(sql_value "$DB" "SELECT id FROM deposits")"
expect_eq "R*Tree" 1 "$(sql_count "$DB" "SELECT count(*) FROM idx_deposits_geom")"

# The rejects file, parsed as CSV and sorted: source file name, index, id, reason.
rejects() {
    python3 - "$1" <<'PY'
import csv, os, sys
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    rows = list(csv.reader(f))
assert rows[0] == ["source", "index", "id", "reason"], rows[0]
for source, index, id_, reason in sorted(rows[1:]):
    print(f"{os.path.basename(source)}|{index}|{id_}|{reason}")
PY
}
expect_eq "rejects" "lat91.geojson|2|b2|latitude 91 out of range [-90, 90] (longitude and latitude swapped?)
linestring.geojson|1|good-1|duplicate id 'good-1'
linestring.geojson|2|b2|wrong geometry type Line String for layer deposits (expects Point)
missing_geometry.geojson|1|good-1|duplicate id 'good-1'
missing_geometry.geojson|2|b2|no geometry
multipoint2.geojson|1|good-1|duplicate id 'good-1'
multipoint2.geojson|2|b2|wrong geometry type Multi Point with several points for layer deposits (expects Point)" \
    "$(rejects "$R")"
# The rejects file names the source as given on the command line.
expect_file_contains "$R" "$BAD/lat91.geojson"

# CSV sources: DMS minutes 63, empty cells, bad WKT, invalid UTF-8, a not-a-number.
DB2="$WORK/csv.sqlite"
new_store "$DB2"
expect_exit 0 "$DEPOMAP" load --db "$DB2" --skip-invalid --rejects "$WORK/r2.csv" "$BAD/dms_minutes63.csv" --x-field lon --y-field lat
expect_stderr_contains "loaded 1 of 2 features into deposits; 1 rejected"
expect_eq "dms rejects" 'dms_minutes63.csv|2|b2|invalid coordinate "71°63′13″N": minutes must be below 60' "$(rejects "$WORK/r2.csv")"
expect_exit 0 "$DEPOMAP" load --db "$DB2" --skip-invalid --rejects "$WORK/r3.csv" "$BAD/invalid_utf8.csv" --x-field lon --y-field lat
expect_stderr_contains "loaded 0 of 2 features into deposits; 2 rejected"
# The reject keeps the feature's id (b2), readable although its name is not.
expect_eq "utf8 rejects" "invalid_utf8.csv|1|good-1|duplicate id 'good-1'
invalid_utf8.csv|2|b2|invalid UTF-8 in field 'name'" "$(rejects "$WORK/r3.csv")"
# The rejects file itself is valid UTF-8 (it must not copy the bad bytes).
python3 -c 'import sys; open(sys.argv[1], encoding="utf-8").read()' "$WORK/r3.csv" && pass || fail "rejects file is not UTF-8"
expect_eq "csv store" "good-1" "$(sql_value "$DB2" "SELECT id FROM deposits")"

# Without --rejects: the count and the first reasons go to stderr.
DB3="$WORK/norejects.sqlite"
new_store "$DB3"
expect_exit 0 "$DEPOMAP" load --db "$DB3" --skip-invalid "$BAD/bowtie.geojson" --layer reserve_areas
expect_stderr_contains "loaded 1 of 2 features into reserve_areas; 1 rejected"
expect_stderr_contains "bowtie.geojson: feature 2: invalid polygon: Self-intersection"
expect_eq "reserve areas" 1 "$(sql_count "$DB3" "SELECT count(*) FROM reserve_areas")"

# All rejected: still exit 0 (--skip-invalid asked for it), nothing inserted.
DB4="$WORK/none.sqlite"
new_store "$DB4"
expect_exit 0 "$DEPOMAP" load --db "$DB4" --skip-invalid --rejects "$WORK/r4.csv" "$DATA/multipoint_single.geojson" --layer reserve_areas
expect_stderr_contains "loaded 0 of 1 features into reserve_areas; 1 rejected"
expect_eq "rows" 0 "$(sql_count "$DB4" "SELECT count(*) FROM reserve_areas")"
# A clean load with --rejects writes a rejects file with the header only.
expect_exit 0 "$DEPOMAP" load --db "$DB4" --skip-invalid --rejects "$WORK/r5.csv" "$DATA/deposits.geojson"
expect_eq "header-only rejects" "source,index,id,reason" "$(tr -d '\r' <"$WORK/r5.csv")"
finish
