#!/usr/bin/env bash
# depomap convert keeps what it is given: lines cut at ±180° for GeoJSON, every real number of a
# Shapefile's DBF as it was, CSV coordinates checked as load checks them, and --overwrite leaves
# no stale sidecar behind. Outputs are read with GDAL's Python bindings, not with depomap.
source "$(dirname "$0")/lib.bash"

F="$DATA/convert_fidelity"
PY=/usr/bin/python3

# --- Lines across the antimeridian, to GeoJSON (RFC 7946) -------------------------------------
expect_exit 0 "$DEPOMAP" convert "$F/lines_antimeridian.geojson" -f geojson -o "$WORK/lines"
lines="$("$PY" - "$WORK/lines/lines_antimeridian.geojson" <<'PY'
import json, sys
for f in json.load(open(sys.argv[1]))["features"]:
    g = f["geometry"]
    parts = [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
    text = " | ".join(" ".join("%.4f,%.4f,%.2f" % tuple(p) for p in part) for part in parts)
    print("%s: %s %s" % (f["properties"]["name"], g["type"], text))
PY
)"
# Anadyr-Nome: 177.5 -> -175.0 crosses at t = 2.5 / 7.5: latitude 64.8, height 16.67.
expect_eq "Anadyr-Nome cut" \
    "Anadyr-Nome: MultiLineString 177.5000,64.7000,10.00 180.0000,64.8000,16.67 | -180.0000,64.8000,16.67 -175.0000,65.0000,30.00 -165.4000,64.5000,50.00" \
    "$(grep '^Anadyr' <<<"$lines")"
expect_eq "a line that does not cross stays one" \
    "Chukotka coast: LineString 170.0000,69.7000,0.00 178.0000,66.0000,0.00" "$(grep '^Chukotka' <<<"$lines")"
expect_eq "MultiLineString: the crossing part cut, the other kept" \
    "Bering routes: MultiLineString 179.0000,62.0000,0.00 180.0000,63.0000,10.00 | -180.0000,63.0000,10.00 -179.0000,64.0000,20.00 | -170.0000,60.0000,0.00 -160.0000,58.0000,0.00" \
    "$(grep '^Bering' <<<"$lines")"
# Nothing wider than the globe: a band around the world would span more than 180 degrees.
expect_eq "every part spans less than 180 degrees" "ok" "$("$PY" - "$WORK/lines/lines_antimeridian.geojson" <<'PY'
import json, sys
bad = 0
for f in json.load(open(sys.argv[1]))["features"]:
    g = f["geometry"]
    for part in ([g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]):
        xs = [p[0] for p in part]
        bad += max(xs) - min(xs) > 180
print("ok" if not bad else "%d wide parts" % bad)
PY
)"
# A projected target draws no band: no cut there (the lines stay whole).
expect_exit 0 "$DEPOMAP" convert "$F/lines_antimeridian.geojson" -f gpkg -o "$WORK/lines_gpkg"
expect_eq "GPKG keeps the line whole" "LINESTRING (177.5 64.7 10,-175 65 30,-165.4 64.5 50)" "$("$PY" -c '
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); f = ds.GetLayer(0).GetNextFeature(); print(f.GetGeometryRef().ExportToIsoWkt().replace(" Z ", " "))' \
    "$WORK/lines_gpkg/lines_antimeridian.gpkg")"

# --- Shapefile: every real read back as the same double -----------------------------------------
expect_exit 0 "$DEPOMAP" convert "$F/precise_numbers.geojson" -f shp -o "$WORK/shp"
expect_eq "DBF values equal the source's" "equal" "$("$PY" - "$F/precise_numbers.geojson" "$WORK/shp/precise_numbers.shp" <<'PY'
import json, sys
from osgeo import ogr
want = {f["properties"]["id"]: f["properties"] for f in json.load(open(sys.argv[1]))["features"]}
ds = ogr.Open(sys.argv[2])
diffs = []
for f in ds.GetLayer(0):
    w = want[f.GetField("id")]
    for name in ("tiny", "ratio", "tonnes"):
        got = f.GetField(name) if f.IsFieldSetAndNotNull(name) else None
        if got != w[name]:
            diffs.append("%s.%s: %r != %r" % (f.GetField("id"), name, got, w[name]))
print("; ".join(diffs) or "equal")
PY
)"
# The same with --where: the field is sized from the features written.
expect_exit 0 "$DEPOMAP" convert "$F/precise_numbers.geojson" -f shp -o "$WORK/shp_where" --where "id = 'b'"
expect_eq "--where: one feature, its value kept" "-2.25e-07" "$("$PY" -c '
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); f = ds.GetLayer(0).GetNextFeature(); print(repr(f.GetField("tiny")))' \
    "$WORK/shp_where/precise_numbers.shp")"
# A number no DBF field can hold without loss: an error naming the field, nothing written.
expect_exit 1 "$DEPOMAP" convert "$F/too_small.geojson" -f shp -o "$WORK/shp_small"
expect_stderr_contains "field v: its numbers need 302 characters, more than a Shapefile (DBF) field holds; use GPKG"
[[ ! -e "$WORK/shp_small/too_small.shp" && ! -e "$WORK/shp_small/too_small.dbf" ]] && pass ||
    fail "a failed Shapefile left files: $(ls "$WORK/shp_small")"

# NaN has no DBF form: refused, naming the feature and field.
expect_exit 1 "$DEPOMAP" convert "$F/not_a_number.geojson" -f shp -o "$WORK/shp_nan"
expect_stderr_contains "not_a_number.geojson: feature 2, field v: nan cannot be written to a Shapefile (DBF has no NaN or infinity); use GPKG"
[[ ! -e "$WORK/shp_nan/not_a_number.shp" ]] && pass || fail "a refused NaN left a Shapefile"

# --- CSV coordinates are checked as load checks them --------------------------------------------
expect_exit 1 "$DEPOMAP" convert "$F/swapped.csv" -f geojson -o "$WORK/csv" --x-field lon --y-field lat
expect_stderr_contains "swapped.csv: feature 2: invalid coordinate \"95.0\": latitude must be between -90 and 90"
[[ ! -e "$WORK/csv/swapped.geojson" ]] && pass || fail "a failed CSV left its output"

# --- --overwrite replaces the whole family -------------------------------------------------------
mkdir -p "$WORK/ow_src1" "$WORK/ow_src2"
cp "$DATA/convert/long_fields.geojson" "$WORK/ow_src1/same.geojson"
"$PY" - "$WORK/ow_src2/same.geojson" <<'PY'
import json, sys
json.dump({"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "x"},
           "geometry": {"type": "Point", "coordinates": [1.0, 2.0]}}]}, open(sys.argv[1], "w"))
PY
expect_exit 0 "$DEPOMAP" convert "$WORK/ow_src1/same.geojson" -f shp -o "$WORK/ow"
[[ -f "$WORK/ow/same.fieldmap.csv" ]] && pass || fail "no field map for long names: $(ls "$WORK/ow")"
expect_exit 0 "$DEPOMAP" convert "$WORK/ow_src2/same.geojson" -f shp -o "$WORK/ow" --overwrite
[[ ! -e "$WORK/ow/same.fieldmap.csv" ]] && pass || fail "--overwrite left the old field map"
expect_eq "the new Shapefile" "1" "$("$PY" -c 'import sys; from osgeo import ogr; ds = ogr.Open(sys.argv[1]); print(ds.GetLayer(0).GetFeatureCount())' "$WORK/ow/same.shp")"
# A GeoJSON of the same name does not take the Shapefile's family with it.
expect_exit 0 "$DEPOMAP" convert "$WORK/ow_src2/same.geojson" -f geojson -o "$WORK/ow" --overwrite
[[ -f "$WORK/ow/same.shp" && -f "$WORK/ow/same.dbf" && -f "$WORK/ow/same.shx" && -f "$WORK/ow/same.geojson" ]] &&
    pass || fail "GeoJSON --overwrite removed the Shapefile: $(ls "$WORK/ow")"

# --- More sources and outputs --------------------------------------------------------------------
# A KML with two folders is two layers: two outputs, named from the source and each layer.
expect_exit 0 "$DEPOMAP" convert "$F/two_folders.kml" -f geojson -o "$WORK/kml2"
expect_eq "one output per KML folder" "two_folders_deposits.geojson two_folders_plants.geojson" \
    "$(cd "$WORK/kml2" && ls *.geojson | sort | tr '\n' ' ' | sed 's/ $//')"
expect_eq "features per folder" "2 1" "$("$PY" -c '
import json, sys
print(" ".join(str(len(json.load(open(p))["features"])) for p in sys.argv[1:]))' \
    "$WORK/kml2/two_folders_deposits.geojson" "$WORK/kml2/two_folders_plants.geojson")"
# KML and SpatiaLite outputs hold every feature.
expect_exit 0 "$DEPOMAP" convert "$DATA/deposits.geojson" -f kml -o "$WORK/out_kml"
expect_eq "KML output" "3" "$("$PY" -c 'import sys; from osgeo import ogr; ds = ogr.Open(sys.argv[1]); print(sum(ds.GetLayer(i).GetFeatureCount() for i in range(ds.GetLayerCount())))' "$WORK/out_kml/deposits.kml")"
expect_exit 0 "$DEPOMAP" convert "$DATA/deposits.geojson" -f sqlite -o "$WORK/out_sqlite"
expect_eq "SpatiaLite output" "3" "$(sql_value "$WORK/out_sqlite/deposits.sqlite" "SELECT count(*) FROM deposits")"
# --no-style: no layer_styles table in a GPKG, no .qml beside a GeoJSON.
expect_exit 0 "$DEPOMAP" convert "$DATA/deposits.geojson" -f gpkg -o "$WORK/nostyle" --no-style
expect_eq "--no-style: no layer_styles" 0 "$(sql_count "$WORK/nostyle/deposits.gpkg" "SELECT count(*) FROM sqlite_master WHERE name='layer_styles'")"
expect_exit 0 "$DEPOMAP" convert "$DATA/deposits.geojson" -f geojson -o "$WORK/style"
[[ -f "$WORK/style/deposits.qml" ]] && pass || fail "a store layer's GeoJSON got no .qml: $(ls "$WORK/style")"
expect_exit 0 "$DEPOMAP" convert "$DATA/deposits.geojson" -f geojson -o "$WORK/nostyle_json" --no-style
[[ ! -e "$WORK/nostyle_json/deposits.qml" ]] && pass || fail "--no-style wrote a .qml"

# A Shapefile without .prj has no CRS: load's rule (degrees are read as EPSG:4326, said; other
# coordinates are refused naming --s-srs, convert_real_files.sh).
mkdir -p "$WORK/noprj"
for ext in shp shx dbf cpg; do cp "$DATA/deposits_shp.$ext" "$WORK/noprj/bare.$ext"; done
expect_exit 0 "$DEPOMAP" convert "$WORK/noprj/bare.shp" -f geojson -o "$WORK/noprj_out"
expect_stderr_contains "bare.shp: 3 in, 3 out -> $WORK/noprj_out/bare.geojson; no CRS: no .prj beside it; its coordinates are longitude/latitude degrees, read as EPSG:4326"
expect_exit 0 "$DEPOMAP" convert "$WORK/noprj/bare.shp" -f geojson -o "$WORK/noprj_out" --s-srs EPSG:4326 --overwrite
expect_stderr_not_contains "no CRS"

# A --where that OGR SQL cannot parse fails the source with OGR's reason.
expect_exit 1 "$DEPOMAP" convert "$DATA/deposits.geojson" -f gpkg -o "$WORK/badwhere" --where "id = = 1"
expect_stderr_contains "--where 'id = = 1'"
[[ ! -e "$WORK/badwhere/deposits.gpkg" ]] && pass || fail "a failed --where left an output"

# -j 2 without --keep-going: the first failure stops the batch; what is there is complete.
mkdir -p "$WORK/j2src"
for i in 1 2 3 4 5 6; do cp "$DATA/deposits.geojson" "$WORK/j2src/ok_$i.geojson"; done
cp "$F/too_small.geojson" "$WORK/j2src/ok_3_bad.geojson"
expect_exit 1 "$DEPOMAP" convert "$WORK/j2src" -f shp -o "$WORK/j2" -j 2
expect_stderr_contains "ok_3_bad.geojson: field v: its numbers need 302 characters"
[[ ! -e "$WORK/j2/ok_3_bad.shp" && ! -e "$WORK/j2/ok_3_bad.dbf" ]] && pass || fail "-j 2: the failed output is there"
expect_eq "-j 2: every output there is complete" "ok" "$("$PY" - "$WORK/j2" <<'PY'
import glob, sys
from osgeo import ogr
bad = []
for path in glob.glob(sys.argv[1] + "/*.shp"):
    ds = ogr.Open(path)
    if ds is None or ds.GetLayer(0).GetFeatureCount() != 3:
        bad.append(path)
print("ok" if not bad else " ".join(bad))
PY
)"
[[ -z "$(find "$WORK/j2" -name '.*' -mindepth 1)" ]] && pass || fail "-j 2: staging left behind: $(ls -a "$WORK/j2")"

# --- A Shapefile holds one kind of geometry --------------------------------------------------------
# Points with a MultiPoint among them: a MultiPoint Shapefile holding all three.
expect_exit 0 "$DEPOMAP" convert "$F/mixed_points.geojson" -f shp -o "$WORK/kinds"
expect_eq "MultiPoint Shapefile" "MULTIPOINT 3 [(116.8333 71.0333), (34.6000 67.8000, 34.7000 67.9000), (56.7667 59.6333)]" "$("$PY" -c '
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); layer = ds.GetLayer(0)
parts = ["(" + ", ".join("%.4f %.4f" % (g.GetGeometryRef(i).GetX(), g.GetGeometryRef(i).GetY()) for i in range(g.GetGeometryCount())) + ")"
         for g in (f.GetGeometryRef() for f in layer)]
print(ogr.GeometryTypeToName(layer.GetGeomType()).upper().replace(" ", ""), layer.GetFeatureCount(), "[" + ", ".join(parts) + "]")' \
    "$WORK/kinds/mixed_points.shp")"
# Points and polygons in one layer: refused, with the way out; nothing left behind.
expect_exit 1 "$DEPOMAP" convert "$F/mixed_kinds.geojson" -f shp -o "$WORK/kinds2"
expect_stderr_contains "mixed_kinds.geojson: a Shapefile holds one kind of geometry, and this layer has Point, Polygon: use GPKG, or --where to take one kind at a time"
[[ ! -e "$WORK/kinds2/mixed_kinds.shp" ]] && pass || fail "a refused layer left a Shapefile"
expect_exit 0 "$DEPOMAP" convert "$F/mixed_kinds.geojson" -f shp -o "$WORK/kinds3" --where "id = 'b'"
expect_exit 0 "$DEPOMAP" convert "$F/mixed_kinds.geojson" -f gpkg -o "$WORK/kinds4"

# A folder holding a Shapefile with its field map and a convert report: neither is a source.
expect_exit 0 "$DEPOMAP" convert "$DATA/convert/long_fields.geojson" -f shp -o "$WORK/fm"
[[ -f "$WORK/fm/convert-report.csv" ]] && pass || fail "no report: $(ls "$WORK/fm")"
[[ -f "$WORK/fm/long_fields.fieldmap.csv" ]] && pass || fail "no field map: $(ls "$WORK/fm")"
expect_exit 0 "$DEPOMAP" convert "$WORK/fm" -f geojson -o "$WORK/fm_out"
expect_stderr_contains "converted 1 of 1 source(s)"
[[ ! -e "$WORK/fm_out/long_fields.fieldmap.geojson" ]] && pass || fail "the field map was converted"

# --- a field named fid, and a field map of names holding commas -----------------------------------
# GPKG's and SQLite's FID column takes another name (fid_1) and the field keeps its text, as in
# export (output::fid_column); the Shapefile's field map quotes a name with a comma (one field map
# writer for both verbs).
mkdir -p "$WORK/fid_src"
"$PY" - "$WORK/fid_src/fids.geojson" <<'PY'
import json, sys
json.dump({"type": "FeatureCollection", "features": [
    {"type": "Feature", "properties": {"fid": "a-%d" % i, "a long, odd name": i},
     "geometry": {"type": "Point", "coordinates": [10.0 + i, 50.0]}} for i in range(3)]}, open(sys.argv[1], "w"))
PY
for f in gpkg sqlite; do
    expect_exit 0 "$DEPOMAP" convert "$WORK/fid_src/fids.geojson" -f $f -o "$WORK/fid_$f"
    expect_eq "$f: the fid field kept, the FID column beside it" "fid_1 a-0,a-1,a-2" "$("$PY" -c '
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])
layer = ds.GetLayer(0)
print(layer.GetFIDColumn(), ",".join(sorted(f.GetField("fid") for f in layer)))' "$WORK/fid_$f/fids.$f")"
done
expect_exit 0 "$DEPOMAP" convert "$WORK/fid_src/fids.geojson" -f shp -o "$WORK/fid_shp"
expect_file_contains "$WORK/fid_shp/fids.fieldmap.csv" '"a long, od","a long, odd name",1'

finish
