#!/usr/bin/env bash
# A source that crashes its reader: GDAL 3.6's KML reader segfaults on a gx:Track without <when>
# (tests/data/gdal-autotest/README.md). convert runs every source in a worker process, so the
# crash fails that source only, reported with its signal, and the rest are converted; load says
# which file it was reading and leaves the store as it was.
source "$(dirname "$0")/lib.bash"

PY=/usr/bin/python3
G="$DATA/gdal-autotest/autotest/ogr/data"
KML="$G/kml/gx_track_without_when.kml"
# The crash must reach the signal's default action: under AddressSanitizer its own SEGV handler
# would report it and exit with code 1 instead.
if sanitized_build; then
    export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}handle_segv=0:handle_sigbus=0:handle_sigfpe=0:handle_abort=0"
fi

# poly.shp has no .prj here: the copy gets the one GDAL's test suite gives the same polygons
# (autotest/ogr/data/testshp/poly.PRJ, OSGB 1936 / British National Grid).
mkdir -p "$WORK/src"
for ext in shp shx dbf; do cp "$G/poly.$ext" "$WORK/src/poly.$ext"; done
printf '%s' 'PROJCS["OSGB 1936 / British National Grid",GEOGCS["OSGB 1936",DATUM["D_OSGB_1936",SPHEROID["Airy_1830",6377563.396,299.3249646]],PRIMEM["Greenwich",0],UNIT["Degree",0.017453292519943295]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",49],PARAMETER["central_meridian",-2],PARAMETER["scale_factor",0.9996012717],PARAMETER["false_easting",400000],PARAMETER["false_northing",-100000],UNIT["Meter",1]]' \
    >"$WORK/src/poly.prj"
POLY="$WORK/src/poly.shp"
GRENADA="$G/geojson/grenada.geojson"

# dump FILE [--to-wgs84]: every feature as a sorted line, its attributes and its geometry as WKT
# rounded to 6 decimals, read with GDAL's Python bindings (the source transformed to EPSG:4326,
# longitude first, with --to-wgs84). Equal dumps: the same features by meaning.
dump() {
    "$PY" - "$@" <<'PY'
import re, sys
from osgeo import ogr, osr
osr.UseExceptions()
ds = ogr.Open(sys.argv[1])
to_wgs84 = len(sys.argv) > 2
rows = []
for i in range(ds.GetLayerCount()):
    layer = ds.GetLayer(i)
    if layer.GetName() == "layer_styles":
        continue
    transform = None
    if to_wgs84:
        target = osr.SpatialReference()
        target.ImportFromEPSG(4326)
        target.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        transform = osr.CoordinateTransformation(layer.GetSpatialRef(), target)
    defn = layer.GetLayerDefn()
    for f in layer:
        attrs = [(defn.GetFieldDefn(k).GetName(), f.GetFieldAsString(k)) for k in range(defn.GetFieldCount())]
        g = f.GetGeometryRef()
        if transform:
            g.Transform(transform)
        # A layer cut at 180 is declared multi: a multi of one part means its part.
        if g and g.GetGeometryName().startswith("MULTI") and g.GetGeometryCount() == 1:
            g = g.GetGeometryRef(0).Clone()
        wkt = re.sub(r"-?\d+\.\d+", lambda m: "%.6f" % float(m.group()), g.ExportToIsoWkt()) if g else "-"
        rows.append(repr(sorted(attrs)) + " " + wkt)
print("\n".join(sorted(rows)))
PY
}
dump "$POLY" --to-wgs84 >"$WORK/poly.want"
dump "$GRENADA" >"$WORK/grenada.want"
[[ $(wc -l <"$WORK/poly.want") == 10 && $(wc -l <"$WORK/grenada.want") == 1 ]] && pass ||
    fail "the sources' dumps are not 10 and 1 features"

# expect_converted DIR: poly and grenada in DIR, equal by meaning to their sources.
expect_converted() {
    dump "$1/poly.gpkg" >"$WORK/poly.got" && cmp -s "$WORK/poly.want" "$WORK/poly.got" && pass ||
        fail "$1/poly.gpkg differs from the source: $(diff "$WORK/poly.want" "$WORK/poly.got" | head -4)"
    dump "$1/grenada.gpkg" >"$WORK/grenada.got" && cmp -s "$WORK/grenada.want" "$WORK/grenada.got" && pass ||
        fail "$1/grenada.gpkg differs from the source: $(diff "$WORK/grenada.want" "$WORK/grenada.got" | head -4)"
}
# expect_listing DIR NAMES: everything in DIR, hidden staging included.
expect_listing() {
    expect_eq "$1 holds" "$2" "$(cd "$1" && ls -A | tr '\n' ' ' | sed 's/ $//')"
}
CRASHED="crashed with signal 11 (SIGSEGV) while being converted; nothing of it was written"

# --- --keep-going: the crash fails its source, the others are converted ------------------------
expect_exit 1 "$DEPOMAP" convert "$POLY" "$KML" "$GRENADA" -f GPKG -o "$WORK/kg" --keep-going -j 1
expect_stderr_contains "ok        $POLY: 10 in, 10 out -> $WORK/kg/poly.gpkg"
expect_stderr_contains "failed    $KML: $CRASHED"
expect_stderr_contains "ok        $GRENADA: 1 in, 1 out -> $WORK/kg/grenada.gpkg"
expect_stderr_contains "converted 2 of 3 source(s), 11 feature(s), to $WORK/kg; 1 failed"
expect_file_contains "$WORK/kg/convert-report.csv" "$KML,failed,0,0,,$CRASHED"
expect_file_contains "$WORK/kg/convert-report.csv" "$GRENADA,ok,1,1,grenada.gpkg,"
expect_eq "report rows" 4 "$(wc -l <"$WORK/kg/convert-report.csv")"
expect_listing "$WORK/kg" "convert-report.csv grenada.gpkg poly.gpkg"
expect_converted "$WORK/kg"

# Two workers at once, the crash first: the same outputs, named alike.
expect_exit 1 "$DEPOMAP" convert "$KML" "$POLY" "$GRENADA" -f GPKG -o "$WORK/j2" --keep-going -j 2
expect_stderr_contains "failed    $KML: $CRASHED"
expect_listing "$WORK/j2" "convert-report.csv grenada.gpkg poly.gpkg"
expect_converted "$WORK/j2"

# Names stay unique across workers: two sources called grenada, one crash between them.
mkdir -p "$WORK/other"
cp "$GRENADA" "$WORK/other/grenada.geojson"
expect_exit 1 "$DEPOMAP" convert "$GRENADA" "$KML" "$WORK/other/grenada.geojson" -f GPKG -o "$WORK/names" --keep-going -j 3
expect_stderr_contains "ok        $GRENADA: 1 in, 1 out -> $WORK/names/grenada.gpkg"
expect_stderr_contains "ok        $WORK/other/grenada.geojson: 1 in, 1 out -> $WORK/names/grenada_2.gpkg"
expect_listing "$WORK/names" "convert-report.csv grenada.gpkg grenada_2.gpkg"

# --- without --keep-going: the crash is the first failure, named, and stops the batch -----------
expect_exit 1 "$DEPOMAP" convert "$KML" "$GRENADA" -f GPKG -o "$WORK/stop" -j 1
expect_stderr_contains "failed    $KML: $CRASHED"
expect_stderr_contains "cancelled $GRENADA: not converted: the batch stopped at the first failure"
expect_stderr_contains "(stopped at the first failure; --keep-going converts the rest)"
expect_stderr_not_contains "Segmentation fault"
expect_listing "$WORK/stop" "convert-report.csv"
# Quiet: the failure still has its line.
expect_exit 1 "$DEPOMAP" convert "$KML" -f GPKG -o "$WORK/quiet" -q
expect_stderr_lines 1
expect_stderr_contains "failed    $KML: $CRASHED"

# --- a worker killed from outside (as the out-of-memory killer does): DEPOMAP_TEST_WORKER_SIGNAL,
# a hook for tests only, makes the worker raise SIGKILL as it starts writing grenada.geojson
# (its staging folder made). The next source gets a new worker.
cp "$GRENADA" "$WORK/src/after.geojson"
expect_exit 1 env DEPOMAP_TEST_WORKER_SIGNAL=9:grenada.geojson \
    "$DEPOMAP" convert "$POLY" "$GRENADA" "$WORK/src/after.geojson" -f GPKG -o "$WORK/killed" --keep-going -j 1
expect_stderr_contains "failed    $GRENADA: killed by signal 9 (SIGKILL) while being converted; nothing of it was written"
expect_stderr_contains "ok        $WORK/src/after.geojson: 1 in, 1 out -> $WORK/killed/after.gpkg"
expect_file_contains "$WORK/killed/convert-report.csv" "$GRENADA,failed,0,0,,killed by signal 9 (SIGKILL)"
expect_listing "$WORK/killed" "after.gpkg convert-report.csv poly.gpkg"

# The worker mode is internal: not in the help, refused on what is not its socket (rows of
# tests/cli/tables/convert.ini).

# --- load: the reader dies, the line names the file, the store is as it was --------------------
new_store "$WORK/store.sqlite"
expect_exit 0 "$DEPOMAP" load --db "$WORK/store.sqlite" --layer reserve_areas "$GRENADA"
store_snapshot "$WORK/store.sqlite" >"$WORK/store.before"
expect_exit 139 "$DEPOMAP" load --db "$WORK/store.sqlite" --layer reserve_areas "$GRENADA" "$KML"
expect_stderr_contains "depomap: crashed while reading $KML (signal 11)"
expect_stderr_lines 1
expect_same_snapshot "a load that crashed" "$WORK/store.before" "$WORK/store.sqlite"
# The next load finds the store usable.
expect_exit 0 "$DEPOMAP" load --db "$WORK/store.sqlite" --layer deposits "$DATA/deposits.geojson"

finish
