#!/usr/bin/env bash
# A scenario, not a row: two runs compared. -j 2 gives the same outputs as -j 1 (by meaning) on every
# format. Every option on one run is a row of tests/cli/tables/convert-options.ini.
source "$(dirname "$0")/lib.bash"

C="$DATA/convert"

# dump_folder DIR: every output's features as sorted text (file name first), fids and style
# timestamps dropped, numbers rounded to 6 decimals: equal dumps mean equal outputs.
dump_folder() {
    local file
    for file in "$1"/*; do
        case "$file" in *.csv | *.shx | *.dbf | *.prj | *.cpg | *.qml) continue ;; esac
        ogrinfo -ro -al -q "$file" 2>/dev/null | grep -v -e '^OGRFeature' -e '^INFO' -e 'update_time' |
            sed "s|^|$(basename "$file"): |"
    done | python3 -c 'import re, sys
for line in sys.stdin:
    print(re.sub(r"-?\d+\.\d+", lambda m: "%.6f" % float(m.group()), line.rstrip()))' | LC_ALL=C sort
}

# -j 2 gives the same outputs as -j 1 (by meaning), on every format (the CSVs without coordinates
# fail alike in both, except in GPKG, which holds tables). GeoJSON and KML writers are the same code path.
for f in gpkg shp; do
    code=$([[ $f == gpkg ]] && echo 0 || echo 1)
    expect_exit $code "$DEPOMAP" convert "$C" "$DATA/deposits.gpkg" "$DATA/deposits.kml" -f $f -o "$WORK/j1-$f" -j 1 --keep-going --make-valid -q
    expect_exit $code "$DEPOMAP" convert "$C" "$DATA/deposits.gpkg" "$DATA/deposits.kml" -f $f -o "$WORK/j2-$f" -j 2 --keep-going --make-valid -q
    a=$(cd "$WORK/j1-$f" && ls | LC_ALL=C sort) b=$(cd "$WORK/j2-$f" && ls | LC_ALL=C sort)
    expect_eq "-j: same files ($f)" "$a" "$b"
    dump_folder "$WORK/j1-$f" >"$WORK/j1-$f.dump"
    dump_folder "$WORK/j2-$f" >"$WORK/j2-$f.dump"
    [[ -s "$WORK/j1-$f.dump" ]] && cmp -s "$WORK/j1-$f.dump" "$WORK/j2-$f.dump" && pass ||
        fail "-j: outputs differ ($f): $(diff "$WORK/j1-$f.dump" "$WORK/j2-$f.dump" | head -5)"
    expect_eq "-j: same report ($f)" "$(cut -d, -f1-5 "$WORK/j1-$f/convert-report.csv")" "$(cut -d, -f1-5 "$WORK/j2-$f/convert-report.csv")"
done

finish
