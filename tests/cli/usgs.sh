#!/usr/bin/env bash
# A scenario, not a row: the rejects are checked against the source CSV itself (an oracle the table
# runner has not): every reject of a USGS/minmod file loaded with --skip-invalid is a row of the
# source without a location, at its index, with its ms_uri as id. What the loads write and say is
# tests/cli/tables/load-usgs.ini.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

U="$SRC/geodata/usgs-minmod"

# check_rejects FILE REJECTED
check_rejects() {
    local file=$1 rejected=$2 db="$WORK/$1.sqlite" r="$WORK/$1.rejects.csv"
    new_store "$db"
    expect_exit 0 "$DEPOMAP" load -q --db "$db" "$U/$file" --wkt-field location --map id=ms_uri \
        --map name=site_name --skip-invalid --rejects "$r" || return
    expect_eq "$file: rejects" "$rejected|$rejected|$rejected" "$(python3 - "$r" "$U/$file" <<'PY'
import csv, sys
rejects = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
source = list(csv.DictReader(open(sys.argv[2], newline="", encoding="utf-8")))
empty = {i + 1: row["ms_uri"] for i, row in enumerate(source) if not row["location"].strip()}
reason_ok = sum(r["reason"] == "no geometry (field 'location' is empty)" for r in rejects)
matches = sum(empty.get(int(r["index"])) == r["id"] for r in rejects)
print(f"{len(rejects)}|{reason_ok}|{matches}")
PY
)"
}

check_rejects lanthanum_datafile.csv 285
check_rejects niobium_datafile.csv 25
check_rejects tantalum_datafile.csv 5
# The niobium file has MULTIPOINT rows (load-usgs.ini finds every row a POINT).
expect_eq "niobium multipoints" 2 "$(grep -c 'MULTIPOINT' "$U/niobium_datafile.csv")"
finish
