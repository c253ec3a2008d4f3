#!/usr/bin/env bash
# depomap convert: every option on small fixtures (tests/data/convert), outputs compared by meaning.
source "$(dirname "$0")/lib.bash"

C="$DATA/convert"

# count FILE [LAYER]: features in a file, read with ogrinfo (not with depomap).
count() {
    ogrinfo -ro -so -al "$1" 2>/dev/null |
        awk -F': ' '/^Layer name/ {skip = ($2 == "layer_styles")} /^Feature Count/ && !skip {n += $2} END {print n + 0}'
}
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

# convert --help and its options: a row of tests/cli/tables/convert.ini.

# Several formats in, GPKG out: names from the sources, collisions get _2, _3; styles where the layer
# is a store layer (deposits), none elsewhere.
expect_exit 0 "$DEPOMAP" convert "$DATA/deposits.geojson" "$DATA/deposits.kml" "$DATA/deposits.gpkg" \
    "$DATA/deposits_shp.shp" "$C/a/same.geojson" -f gpkg -o "$WORK/g"
for name in deposits deposits_2 deposits_3 deposits_shp same; do
    expect_eq "$name.gpkg features" "$([[ $name == same ]] && echo 1 || echo 3)" "$(count "$WORK/g/$name.gpkg")"
done
expect_eq "deposits.gpkg style" 1 "$(sql_count "$WORK/g/deposits.gpkg" "SELECT count(*) FROM layer_styles WHERE f_table_name='deposits' AND useAsDefault")"
expect_eq "same.gpkg: no style" 0 "$(sql_count "$WORK/g/same.gpkg" "SELECT count(*) FROM sqlite_master WHERE name='layer_styles'")"
expect_eq "CRS" 4326 "$(sql_value "$WORK/g/same.gpkg" "SELECT srs_id FROM gpkg_geometry_columns")"
expect_stderr_contains "ok        $DATA/deposits.kml: 3 in, 3 out -> $WORK/g/deposits_2.gpkg"
expect_stderr_contains "converted 5 of 5 source(s), 13 feature(s)"
expect_file_contains "$WORK/g/convert-report.csv" "source,status,features_in,features_out,outputs,reason"
expect_file_contains "$WORK/g/convert-report.csv" "$C/a/same.geojson,ok,1,1,same.gpkg,"

# A folder is recursed; --layer-name-template names from {dir} and {source}; -q: nothing on stderr.
expect_exit 1 "$DEPOMAP" convert "$C" -f geojson -o "$WORK/t" --layer-name-template "{dir}_{source}" -q --keep-going
expect_stderr_contains "mixed_valid.geojson" # a failure is shown even with -q
[[ -f "$WORK/t/antimeridian.geojson" && -f "$WORK/t/a_same.geojson" && -f "$WORK/t/b_same.geojson" ]] &&
    pass || fail "template names: $(ls "$WORK/t")"
expect_exit 2 "$DEPOMAP" convert "$C/a" -f geojson -o "$WORK/t2" --layer-name-template "{nosuch}"
expect_stderr_contains "unknown placeholder {nosuch}"

# A layer name that tries to leave DIR stays inside it, made safe.
expect_exit 0 "$DEPOMAP" convert "$C/evil_name.geojson" -f shp -o "$WORK/e" --layer-name-template "{layer}"
[[ -f "$WORK/e/escape_abs_name.shp" ]] && pass || fail "evil layer name: $(ls -R "$WORK" | head)"
[[ ! -e "$WORK/escape" && ! -e /escape ]] && pass || fail "a layer name escaped the output folder"

# Shapefile: .prj/.cpg, long names through a .fieldmap.csv, DateTime as ISO text, nothing cut.
expect_exit 0 "$DEPOMAP" convert "$C/long_fields.geojson" -f "ESRI Shapefile" -o "$WORK/s"
for ext in shp shx dbf prj cpg fieldmap.csv; do
    [[ -f "$WORK/s/long_fields.$ext" ]] && pass || fail "no long_fields.$ext"
done
expect_file_contains "$WORK/s/long_fields.cpg" "UTF-8"
expect_file_contains "$WORK/s/long_fields.fieldmap.csv" "treo_t,contained_treo_t,1"
expect_file_contains "$WORK/s/long_fields.fieldmap.csv" "deposit__2,deposit_name_english,1"
run ogrinfo -ro -al -q "$WORK/s/long_fields.shp"
expect_stdout_contains "deposit_na (String) = Томтор"
expect_stdout_contains "found (String) = 1977/01/02 03:04:05"
expect_stdout_contains "treo_t (Real) = 1500.5"
# Text over 254 bytes: the source fails naming feature and field; nothing left behind.
expect_exit 1 "$DEPOMAP" convert "$C/long_text.geojson" -f shp -o "$WORK/lt"
expect_stderr_contains "feature 1, field notes: text of 300 bytes does not fit a Shapefile"
[[ "$(ls -A "$WORK/lt")" == "convert-report.csv" ]] && pass || fail "left: $(ls -A "$WORK/lt")"

# --t-srs / --precision / --where.
expect_exit 0 "$DEPOMAP" convert "$C/b/same.geojson" -f geojson -o "$WORK/m" --t-srs EPSG:3857 --precision 2
expect_file_contains "$WORK/m/same.geojson" "EPSG::3857"
expect_near "x in metres" 4187839.24 "$(json_get "$WORK/m/same.geojson" 'd["features"][0]["geometry"]["coordinates"][0]')" 0.01
expect_exit 0 "$DEPOMAP" convert "$C/b/same.geojson" -f geojson -o "$WORK/p" --precision 1
expect_eq "1 decimal" "[37.6, 55.8]" "$(json_get "$WORK/p/same.geojson" 'd["features"][0]["geometry"]["coordinates"]')"
expect_exit 0 "$DEPOMAP" convert "$C/b/same.geojson" -f fgb -o "$WORK/w" --where "id = 'b2'"
expect_eq "--where" 1 "$(count "$WORK/w/same.fgb")"
expect_file_contains "$WORK/w/convert-report.csv" "same.geojson,ok,1,1,same.fgb,"

# CSV coordinates as load: DMS (Latin and Russian marks), rows without coordinates skipped and said.
expect_exit 0 "$DEPOMAP" convert "$C/dms_points.csv" -f geojson -o "$WORK/d" --x-field lon --y-field lat
expect_stderr_contains "3 in, 2 out"
expect_stderr_contains "1 row(s) without coordinates skipped"
expect_near "Tomtor lon" 116.041667 "$(json_get "$WORK/d/dms_points.geojson" 'd["features"][0]["geometry"]["coordinates"][0]')" 0.000001
expect_near "Kolmozero lat" 68.166667 "$(json_get "$WORK/d/dms_points.geojson" 'd["features"][1]["geometry"]["coordinates"][1]')" 0.000001
expect_eq "DMS text kept" "71°03′13″N" "$(json_get "$WORK/d/dms_points.geojson" 'd["features"][0]["properties"]["lat"]')"
expect_exit 0 "$DEPOMAP" convert "$DATA/deposits_wkt.csv" -f csv -o "$WORK/k" --wkt-field wkt
expect_eq "WKT rows" 3 "$(count "$WORK/k/deposits_wkt.csv")"
expect_exit 2 "$DEPOMAP" convert "$DATA/deposits_wkt.csv" -f csv -o "$WORK/k2" --x-field lon
expect_stderr_contains "--x-field and --y-field go together"
expect_exit 2 "$DEPOMAP" convert "$DATA/deposits_wkt.csv" -f csv -o "$WORK/k2" --x-field lon --y-field lat --wkt-field wkt
# A CSV without coordinates for a format that needs geometry: told what to give.
expect_exit 1 "$DEPOMAP" convert "$DATA/deposits_xy.csv" -f geojson -o "$WORK/k3"
expect_stderr_contains "no geometry: give --x-field/--y-field or --wkt-field"

# --s-srs: Gauss-Krüger zone 18 (Pulkovo 1942) easting/northing columns.
expect_exit 0 "$DEPOMAP" convert "$C/gk_28418.csv" -f geojson -o "$WORK/gk" --x-field x --y-field y --s-srs EPSG:28418
expect_near "GK lat" 52.326866 "$(json_get "$WORK/gk/gk_28418.geojson" 'd["features"][0]["geometry"]["coordinates"][1]')" 0.000001

# --make-valid: a bow-tie fails the source without it, is repaired with it.
expect_exit 1 "$DEPOMAP" convert "$C/mixed_valid.geojson" -f gpkg -o "$WORK/v"
expect_stderr_contains "feature 2: invalid geometry: Self-intersection"
expect_stderr_contains "use --make-valid"
[[ ! -e "$WORK/v/mixed_valid.gpkg" ]] && pass || fail "failed source left its output"
expect_exit 0 "$DEPOMAP" convert "$C/mixed_valid.geojson" -f gpkg -o "$WORK/v" --make-valid
expect_stderr_contains "1 invalid geometry repaired (--make-valid)"
expect_eq "repaired rows" 2 "$(count "$WORK/v/mixed_valid.gpkg")"
expect_eq "MultiPolygon" MULTIPOLYGON "$(sql_value "$WORK/v/mixed_valid.gpkg" "SELECT geometry_type_name FROM gpkg_geometry_columns")"

# Antimeridian: GeoJSON and KML cut at 180°, GPKG keeps the polygon as it is.
expect_exit 0 "$DEPOMAP" convert "$C/antimeridian.geojson" -f geojson -o "$WORK/am"
expect_eq "parts" 2 "$(json_get "$WORK/am/antimeridian.geojson" 'len(d["features"][0]["geometry"]["coordinates"])')"
expect_eq "within ±180" 1 "$(json_get "$WORK/am/antimeridian.geojson" 'int(all(abs(p[0]) <= 180 for poly in d["features"][0]["geometry"]["coordinates"] for ring in poly for p in ring))')"

# --overwrite.
expect_exit 1 "$DEPOMAP" convert "$C/b/same.geojson" -f geojson -o "$WORK/p"
expect_stderr_contains "$WORK/p/same.geojson: exists; use --overwrite to replace it"
expect_exit 0 "$DEPOMAP" convert "$C/b/same.geojson" -f geojson -o "$WORK/p" --overwrite
expect_eq "overwritten" "[37.62, 55.76]" "$(json_get "$WORK/p/same.geojson" 'd["features"][0]["geometry"]["coordinates"]')"

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
