#!/usr/bin/env bash
# depomap convert: failure modes. Usage errors (2), unreadable and missing sources, unknown CRSs,
# --keep-going against stop-at-first-failure, unwritable output folders, symlink loops.
source "$(dirname "$0")/lib.bash"

C="$DATA/convert"

# Usage: exit 2, nothing made.
expect_exit 2 "$DEPOMAP" convert "$C/a" -o "$WORK/u"
expect_stderr_contains "--format is required"
expect_exit 2 "$DEPOMAP" convert "$C/a" -f dxf -o "$WORK/u"
expect_stderr_contains "unknown format 'dxf'"
expect_exit 2 "$DEPOMAP" convert "$C/a" -f gpkg -o "$WORK/u" -j 0
expect_exit 2 "$DEPOMAP" convert "$C/a" -f gpkg -o "$WORK/u" --precision 30
expect_exit 2 "$DEPOMAP" convert "$C/a" -f kml -o "$WORK/u" --t-srs EPSG:28418
expect_stderr_contains "KML holds EPSG:4326 only"
expect_exit 2 "$DEPOMAP" convert -f gpkg -o "$WORK/u"
[[ ! -e "$WORK/u" ]] && pass || fail "a usage error made $WORK/u"

# Unknown CRS: a run error (1) before anything is read or written.
expect_exit 1 "$DEPOMAP" convert "$C/a" -f gpkg -o "$WORK/c" --t-srs EPSG:999999
expect_stderr_contains "unknown CRS 'EPSG:999999'"
expect_exit 1 "$DEPOMAP" convert "$C/a" -f gpkg -o "$WORK/c" --s-srs "no such crs"
expect_stderr_contains "unknown CRS 'no such crs'"
[[ ! -e "$WORK/c/same.gpkg" ]] && pass || fail "unknown CRS wrote an output"

# Unreadable, empty and missing sources, a bad geometry: with --keep-going every source gets a line
# (stderr and convert-report.csv), the good ones are converted, exit 1.
mkdir -p "$WORK/in"
cp "$C/a/same.geojson" "$WORK/in/1_good.geojson"
cp "$BAD/garbage.geojson" "$WORK/in/2_garbage.geojson"
: >"$WORK/in/3_empty.geojson"
cp "$C/mixed_valid.geojson" "$WORK/in/4_bowtie.geojson"
cp "$C/b/same.geojson" "$WORK/in/5_good.geojson"
expect_exit 1 "$DEPOMAP" convert "$WORK/in" "$WORK/missing.shp" -f gpkg -o "$WORK/k" --keep-going -j 2
expect_stderr_contains "ok        $WORK/in/1_good.geojson: 1 in, 1 out"
expect_stderr_contains "failed    $WORK/in/2_garbage.geojson: cannot open"
expect_stderr_contains "failed    $WORK/in/3_empty.geojson: empty file (0 bytes)"
expect_stderr_contains "failed    $WORK/in/4_bowtie.geojson: feature 2: invalid geometry"
expect_stderr_contains "ok        $WORK/in/5_good.geojson: 2 in, 2 out"
expect_stderr_contains "failed    $WORK/missing.shp: no such file"
expect_stderr_contains "converted 2 of 6 source(s)"
expect_eq "report rows" 7 "$(wc -l <"$WORK/k/convert-report.csv")"
expect_file_contains "$WORK/k/convert-report.csv" "$WORK/in/4_bowtie.geojson,failed,0,0,,"
expect_eq "outputs" "1_good.gpkg 5_good.gpkg convert-report.csv" "$(cd "$WORK/k" && ls -A | tr '\n' ' ' | sed 's/ $//')"

# What GDAL would read short, convert refuses as load does: a .dbf that counts fewer records than
# the .shx has shapes (GDAL drops the extra shape), a CSV row with an unbalanced quote.
mkdir -p "$WORK/damaged"
for ext in shp shx dbf prj cpg; do cp "$DATA/deposits_shp.$ext" "$WORK/damaged/short_dbf.$ext"; done
python3 -c 'import struct, sys; p = sys.argv[1]; b = bytearray(open(p, "rb").read()); b[4:8] = struct.pack("<I", 2); open(p, "wb").write(b)' "$WORK/damaged/short_dbf.dbf"
cp "$BAD/unbalanced_quote.csv" "$WORK/damaged/"
expect_exit 1 "$DEPOMAP" convert "$WORK/damaged" -f geojson -o "$WORK/d" --keep-going --x-field lon --y-field lat
expect_stderr_contains "failed    $WORK/damaged/short_dbf.shp: its .dbf has 2 records but the .shx indexes 3 shapes (a damaged or mismatched .dbf)"
expect_stderr_contains "failed    $WORK/damaged/unbalanced_quote.csv: feature 2: unbalanced quotes: the quoted value opened on line 3 never closes"
expect_eq "outputs" "convert-report.csv" "$(cd "$WORK/d" && ls -A | tr '\n' ' ' | sed 's/ $//')"
# A .shp cut short inside its third record (bytes 156-183; cut at 170): GDAL reports the failed
# read through its error handler and hands over the feature with no geometry. That source fails,
# naming the feature, in every format; nothing is written for it.
mkdir -p "$WORK/cut"
for ext in shp shx dbf prj cpg; do cp "$DATA/deposits_shp.$ext" "$WORK/cut/cut.$ext"; done
truncate -s 170 "$WORK/cut/cut.shp"
for f in geojson kml gpkg shp; do
    expect_exit 1 "$DEPOMAP" convert "$WORK/cut/cut.shp" -f $f -o "$WORK/cut-$f"
    expect_stderr_contains "failed    $WORK/cut/cut.shp: feature 3: cannot read it: Error in fread() reading object of size 28 at offset 156 from .shp file (a damaged or cut short file?)"
    expect_eq "cut .shp to $f: no output" "convert-report.csv" "$(cd "$WORK/cut-$f" && ls -A | tr '\n' ' ' | sed 's/ $//')"
done
# A NUL inside a text value: GDAL's readers hand text over as C strings, cut at the NUL (a CSV
# line loses the rest of its values; a GeoJSON \u0000 cuts nested JSON text too). Each source
# fails naming its feature and field, in every format; nothing is written for it.
mkdir -p "$WORK/nul"
printf 'id,name,lon,lat\na,Plain,10,20\nb,Cut\0here,11,21\n' >"$WORK/nul/nul.csv"
cp "$DATA/deposits.gpkg" "$WORK/nul/nul.gpkg"
python3 - "$WORK/nul/nul.gpkg" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for f in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"): # the R*Tree triggers' (unused)
    con.create_function(f, 1, lambda g: None)
con.execute("UPDATE deposits SET licence = 'YAK' || char(0) || '-77' WHERE id = 'tomtor'")
con.commit()
PY
expect_eq "the GPKG holds the NUL" "59414B002D3737" "$(sqlite3 "$WORK/nul/nul.gpkg" "SELECT hex(licence) FROM deposits WHERE fid = 2")"
cat >"$WORK/nul/nul.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "plain", "name": "Plain \\u0000 (a backslash, not a NUL)"}, "geometry": {"type": "Point", "coordinates": [10, 20]}},
{"type": "Feature", "properties": {"id": "nested", "name": "Nested", "more": {"k": ["x", "a\u0000b"]}}, "geometry": {"type": "Point", "coordinates": [11, 21]}}]}
JSON
for f in gpkg csv fgb kml geojson sqlite; do
    expect_exit 1 "$DEPOMAP" convert "$WORK/nul" -f $f -o "$WORK/nul-$f" --keep-going --x-field lon --y-field lat
    expect_stderr_contains "failed    $WORK/nul/nul.csv: feature 2, field name: the text holds a NUL character (U+0000) on line 3, which GDAL's CSV reader takes as the end of the line"
    expect_stderr_contains "failed    $WORK/nul/nul.gpkg: feature 2, field licence: the text holds a NUL character (U+0000), at which GDAL's GPKG reader would cut it"
    expect_stderr_contains "failed    $WORK/nul/nul.geojson: feature 2, field more: the text holds a NUL character (U+0000), at which GDAL's GeoJSON reader would cut it"
    expect_eq "NUL to $f: no output" "convert-report.csv" "$(cd "$WORK/nul-$f" && ls -A | tr '\n' ' ' | sed 's/ $//')"
done
# A NUL in a feature the --where filter leaves out is no loss.
expect_exit 0 "$DEPOMAP" convert -q "$WORK/nul/nul.gpkg" -f csv -o "$WORK/nul-where" --where "id <> 'tomtor'"
expect_eq "the other features" 2 "$(($(wc -l <"$WORK/nul-where/nul.csv") - 1))"

# Without --keep-going the first failure stops the batch: what was converted before it is complete,
# the failed one is removed, the rest are not converted.
expect_exit 1 "$DEPOMAP" convert "$WORK/in" -f gpkg -o "$WORK/s" -j 1
expect_stderr_contains "stopped at the first failure"
expect_eq "outputs" "1_good.gpkg convert-report.csv" "$(cd "$WORK/s" && ls -A | tr '\n' ' ' | sed 's/ $//')"
expect_file_contains "$WORK/s/convert-report.csv" "5_good.geojson,cancelled,0,0,,"
expect_eq "complete output" 1 "$(sql_count "$WORK/s/1_good.gpkg" "SELECT count(*) FROM same")"

# An existing output is refused without --overwrite (that source fails, the others go on).
expect_exit 1 "$DEPOMAP" convert "$WORK/in/1_good.geojson" "$WORK/in/5_good.geojson" -f gpkg -o "$WORK/k" --keep-going
expect_stderr_contains "1_good.gpkg: exists; use --overwrite to replace it"
# A name collision inside one batch is not an error: _2.
mkdir -p "$WORK/col/x" "$WORK/col/y"
cp "$C/a/same.geojson" "$WORK/col/x/p.geojson"
cp "$C/b/same.geojson" "$WORK/col/y/p.geojson"
cp "$C/b/same.geojson" "$WORK/col/y/P.geojson"
expect_exit 0 "$DEPOMAP" convert "$WORK/col" -f shp -o "$WORK/colout"
for n in p P_2 p_3; do [[ -f "$WORK/colout/$n.shp" ]] && pass || fail "no $n.shp: $(ls "$WORK/colout")"; done

# A symlink loop in a source folder is reported and not followed; the files are converted once.
mkdir -p "$WORK/loop/sub"
cp "$C/a/same.geojson" "$WORK/loop/sub/one.geojson"
ln -s .. "$WORK/loop/sub/back"
ln -s "$WORK/loop" "$WORK/loop/sub/again"
expect_exit 0 timeout 20 "$DEPOMAP" convert "$WORK/loop" -f geojson -o "$WORK/loopout"
expect_stderr_contains "symbolic link loop"
expect_stderr_contains "converted 1 of 3 source(s)"
expect_file_contains "$WORK/loopout/convert-report.csv" "skipped"

# Unwritable output folders: exit 1 with the reason, nothing left behind. As root, chmod is not
# enough: an immutable folder (chattr +i), a path under /proc, a file where a folder is expected.
mkdir -p "$WORK/ro"
if chattr +i "$WORK/ro" 2>/dev/null; then
    trap 'chattr -i "$WORK/ro" 2>/dev/null' EXIT
    expect_exit 1 "$DEPOMAP" convert "$C/a" -f gpkg -o "$WORK/ro"
    expect_stderr_contains "$WORK/ro: cannot write here"
    expect_exit 1 "$DEPOMAP" convert "$C/a" -f gpkg -o "$WORK/ro/sub"
    chattr -i "$WORK/ro"
    [[ -z "$(ls -A "$WORK/ro")" ]] && pass || fail "left files in the read-only folder"
fi
expect_exit 1 "$DEPOMAP" convert "$C/a" -f gpkg -o /proc/depomap-no
expect_stderr_contains "cannot create the folder"
expect_exit 1 "$DEPOMAP" convert "$C/a" -f gpkg -o "$C/a/same.geojson"
expect_stderr_contains "exists and is not a folder"

finish
