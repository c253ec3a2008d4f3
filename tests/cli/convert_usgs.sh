#!/usr/bin/env bash
# depomap convert on real data: the USGS/minmod CSVs (--wkt-field location) to GeoPackage, one
# feature per row with a location, the rows without one said in the summary; -j 2 as -j 1.
source "$(dirname "$0")/lib.bash"

U="$SRC/geodata/usgs-minmod"
with_location() {
    python3 -c 'import csv, sys; print(sum(1 for r in csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")) if r["location"].strip()))' "$1"
}

for j in 1 2; do
    expect_exit 0 "$DEPOMAP" convert "$U/*.csv" -f gpkg -o "$WORK/j$j" --wkt-field location -j $j
    for f in lanthanum niobium tantalum; do
        n=$(with_location "$U/${f}_datafile.csv")
        expect_eq "$f rows with a location (-j $j)" "$n" "$(sql_count "$WORK/j$j/${f}_datafile.gpkg" "SELECT count(*) FROM ${f}_datafile")"
        expect_file_contains "$WORK/j$j/convert-report.csv" "${f}_datafile.csv,ok,$(($(wc -l <"$U/${f}_datafile.csv") - 1)),$n,${f}_datafile.gpkg"
    done
done
expect_stderr_contains "285 row(s) without coordinates skipped"
run ogrinfo -ro -q -where "site_name = 'Elk Creek Project'" "$WORK/j1/lanthanum_datafile.gpkg" lanthanum_datafile
expect_stdout_contains "POINT (-96.185694 40.26675)"
expect_eq "-j 1 = -j 2" "$(cd "$WORK/j1" && for f in *.gpkg; do sqlite3 "$f" "SELECT * FROM ${f%.gpkg} ORDER BY fid" | md5sum; done)" \
    "$(cd "$WORK/j2" && for f in *.gpkg; do sqlite3 "$f" "SELECT * FROM ${f%.gpkg} ORDER BY fid" | md5sum; done)"
finish
