#!/usr/bin/env bash
# A scenario, not a row: two runs compared. depomap convert on the USGS/minmod CSVs writes the same
# GeoPackages with -j 2 as with -j 1, row for row. What one run writes is
# tests/cli/tables/convert-usgs.ini.
source "$(dirname "$0")/lib.bash"

U="$SRC/geodata/usgs-minmod"
for j in 1 2; do
    expect_exit 0 "$DEPOMAP" convert "$U/*.csv" -f gpkg -o "$WORK/j$j" --wkt-field location -j $j
done
rows() { cd "$1" && for f in *.gpkg; do echo "$f"; sqlite3 "$f" "SELECT * FROM ${f%.gpkg} ORDER BY fid" | md5sum; done; }
[[ $(ls "$WORK/j1"/*.gpkg | wc -l) -eq 3 ]] && pass || fail "three GeoPackages expected: $(ls "$WORK/j1")"
expect_eq "-j 1 = -j 2" "$(rows "$WORK/j1")" "$(rows "$WORK/j2")"
expect_eq "the same report" "$(cut -d, -f1-5 "$WORK/j1/convert-report.csv" | sort)" "$(cut -d, -f1-5 "$WORK/j2/convert-report.csv" | sort)"
finish
