#!/usr/bin/env bash
# The real USGS/minmod data in geodata/usgs-minmod loads with --skip-invalid: every row with
# a location goes in (single-point MULTIPOINTs as POINTs), every row without one is a reject.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

U="$SRC/geodata/usgs-minmod"

# check_usgs FILE LOADED REJECTED
check_usgs() {
    local file=$1 loaded=$2 rejected=$3 db="$WORK/$1.sqlite" r="$WORK/$1.rejects.csv"
    new_store "$db"
    expect_exit 0 "$DEPOMAP" load --db "$db" "$U/$file" --wkt-field location --map id=ms_uri \
        --map name=site_name --skip-invalid --rejects "$r" || return
    expect_stderr_contains "loaded $loaded of $((loaded + rejected)) features into deposits; $rejected rejected"
    expect_eq "$file: rows" "$loaded" "$(sql_count "$db" "SELECT count(*) FROM deposits")"
    expect_eq "$file: POINT rows" "$loaded" "$(spatial_csv "$db" "SELECT count(*) FROM deposits WHERE GeometryType(geom) = 'POINT'")"
    expect_eq "$file: R*Tree entries" "$loaded" "$(sql_count "$db" "SELECT count(*) FROM idx_deposits_geom")"
    expect_eq "$file: CheckSpatialIndex" 1 "$(spatial_csv "$db" "SELECT CheckSpatialIndex('deposits', 'geom')")"
    # Every reject is a row without a location, with that reason, and its ms_uri as id.
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
    # Nothing lost: the unmapped columns are in extra, e.g. the country.
    expect_eq "$file: rows without extra.country" 0 "$(sql_count "$db" "SELECT count(*) FROM deposits WHERE json_extract(extra, '\$.country') IS NULL")"
    # Names and ids came through --map.
    expect_eq "$file: ids from ms_uri" 0 "$(sql_count "$db" "SELECT count(*) FROM deposits WHERE id NOT LIKE 'https://minmod.isi.edu/%'")"
}

check_usgs lanthanum_datafile.csv 2030 285
check_usgs niobium_datafile.csv 316 25
check_usgs tantalum_datafile.csv 691 5

# A known point: Elk Creek (Nebraska), POINT(-96.185694 40.266750) in the source, stays lon/lat.
db="$WORK/lanthanum_datafile.csv.sqlite"
expect_eq "Elk Creek" "-96.185694,40.266750" "$(spatial_csv "$db" "SELECT printf('%.6f', X(geom)), printf('%.6f', Y(geom)) FROM deposits WHERE name = 'Elk Creek Project' LIMIT 1")"
# The niobium file's MULTIPOINT rows loaded as points.
expect_eq "niobium multipoints" 2 "$(grep -c 'MULTIPOINT' "$U/niobium_datafile.csv")"

# Without --skip-invalid the real file is refused at its first empty location (row 2), store empty.
db="$WORK/strict.sqlite"
new_store "$db"
expect_exit 1 "$DEPOMAP" load --db "$db" "$U/lanthanum_datafile.csv" --wkt-field location --map id=ms_uri --map name=site_name
expect_stderr_lines 1
expect_stderr_contains "lanthanum_datafile.csv: feature 2"
expect_stderr_contains "no geometry (field 'location' is empty)"
expect_eq "strict rows" 0 "$(sql_count "$db" "SELECT count(*) FROM deposits")"
finish
