#!/usr/bin/env bash
# depomap convert on real files from GDAL's test suite (tests/data/gdal-autotest/) and minimal
# copies of them (tests/data/convert/, named in tests/data/gdal-autotest/README.md): what GDAL's
# writers would drop, shift or change without a word is kept, or refused with a reason. Outputs
# are read back with GDAL's Python bindings, not with depomap.
source "$(dirname "$0")/lib.bash"

GA="$DATA/gdal-autotest/autotest"
C="$DATA/convert"
PY=/usr/bin/python3

# fields FILE: every feature's attributes as sorted name=value pairs, one feature a line. A
# SpatiaLite file through sqlite3 (GDAL lists no table of one that holds no geometry).
fields() {
    "$PY" - "$1" <<'PY'
import os, sqlite3, sys
from osgeo import ogr
path = sys.argv[1]
if path.endswith(".sqlite"):
    db = sqlite3.connect(path)
    table = os.path.splitext(os.path.basename(path))[0]
    cur = db.execute('SELECT * FROM "%s"' % table)
    names = [d[0] for d in cur.description]
    for row in cur:
        print(" ".join(sorted("%s=%s" % (n, v) for n, v in zip(names, row)
                              if v is not None and n not in ("fid", "geom"))))
    sys.exit(0)
ds = ogr.Open(path)
for i in range(ds.GetLayerCount()):
    for f in ds.GetLayer(i):
        print(" ".join(sorted("%s=%s" % (f.GetFieldDefnRef(k).GetName(), f.GetFieldAsString(k))
                              for k in range(f.GetFieldCount()) if f.IsFieldSetAndNotNull(k))))
PY
}
# --- duplicate field names: renamed foo_2, ... in every format, every value kept ---------------
# GDAL's duplicatedfields.csv (no geometry) to the formats that hold tables.
dup="foo=val_foo bar=val_bar foo_2=val_foo3 foo2=val_foo2 baz=val_baz foo_3=val_foo4"
for f in gpkg sqlite csv; do
    expect_exit 0 "$DEPOMAP" convert "$GA/utilities/data/duplicatedfields.csv" -f "$f" -o "$WORK/dup_$f"
    expect_stderr_contains "field 'foo' repeats the name of an earlier field: its values are kept as 'foo_2'"
    expect_stderr_contains "field 'foo' repeats the name of an earlier field: its values are kept as 'foo_3'"
    out="$WORK/dup_$f/duplicatedfields.$f"
    expect_eq "$f: every value under its own name" "$(tr ' ' '\n' <<<"$dup" | sort | tr '\n' ' ')" \
        "$(fields "$out" | tr ' ' '\n' | grep -v '^$' | sort | tr '\n' ' ')"
done
# A copy with coordinates (and a second foo in capitals, and the names GPKG and CSV give their
# own columns) to every format: names as the drivers compare them, without case. GDAL's SQLite
# driver writes names in lower case (its LAUNDER option), so 'FOO' is 'foo' to it from the start.
for f in geojson gpkg sqlite csv shp fgb kml; do
    expect_exit 0 "$DEPOMAP" convert "$C/duplicated_fields_points.csv" -f "$f" -o "$WORK/dupxy_$f" \
        --x-field lon --y-field lat
    foo=FOO geom=geom X=X
    [[ $f == sqlite ]] && foo=foo X=x
    expect_stderr_contains "field 'FOO' repeats the name of an earlier field: its values are kept as '${foo}_3'"
    case $f in
    gpkg | sqlite)
        geom=geom_2
        expect_stderr_contains "field 'geom' is a column $([[ $f == gpkg ]] && echo GPKG || echo SQLite) makes itself: its values are kept as 'geom_2'"
        ;;
    csv)
        X=X_2
        expect_stderr_contains "field 'X' is a column CSV makes itself: its values are kept as 'X_2'"
        ;;
    esac
    want="foo=val_foo bar=val_bar foo_2=val_foo3 foo2=val_foo2 baz=val_baz ${foo}_3=val_foo4 $geom=val_geom $X=val_x"
    got=$(fields "$WORK/dupxy_$f/duplicated_fields_points.$f")
    missing=""
    for pair in $want; do grep -qF -- " $pair " <<<" $got " || missing+=" $pair"; done
    expect_eq "$f: every value under its own name" "" "$missing"
done

# --- GeoJSON: a GeometryCollection keeps its Point (GDAL's RFC 7946 writer drops it) -----------
expect_exit 0 "$DEPOMAP" convert "$GA/ogr/data/geojson/geometrycollection.geojson" -f geojson -o "$WORK/gc"
expect_eq "GeometryCollection whole" "GeometryCollection: Point [100.0, 0.0] | LineString [[101.0, 0.0], [102.0, 1.0]]" \
    "$(json_get "$WORK/gc/geometrycollection.geojson" '(lambda g: g["type"] + ": " + " | ".join(p["type"] + " " + str(p["coordinates"]) for p in g["geometries"]))(d["features"][0]["geometry"])')"
expect_eq "no crs member (RFC 7946)" "False" "$(json_get "$WORK/gc/geometrycollection.geojson" '"crs" in d')"
# RFC 7946 as GDAL's writer made it: exterior rings counterclockwise, holes clockwise, inside a
# collection too; a polygon across 180° in a collection cut there.
cat >"$WORK/clockwise.geojson" <<'JSON'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"n": 1}, "geometry": {"type": "Polygon", "coordinates": [[[0, 0], [0, 10], [10, 10], [10, 0], [0, 0]], [[2, 2], [4, 2], [4, 4], [2, 4], [2, 2]]]}},
{"type": "Feature", "properties": {"n": 2}, "geometry": {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [1, 2]}, {"type": "Polygon", "coordinates": [[[179, 60], [179, 61], [-179, 61], [-179, 60], [179, 60]]]}]}}
]}
JSON
expect_exit 0 "$DEPOMAP" convert "$WORK/clockwise.geojson" -f geojson -o "$WORK/cw"
expect_eq "right-hand rule and the cut" "1 Polygon ccw cw | 2 GeometryCollection Point MultiPolygon(ccw,ccw)[-180.0..-179.0,179.0..180.0]" "$("$PY" - "$WORK/cw/clockwise.geojson" <<'PY'
import json, sys
def turn(ring):
    a = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:]))
    return "ccw" if a > 0 else "cw"
def show(g):
    if g["type"] == "Polygon":
        return "Polygon " + " ".join(turn(r) for r in g["coordinates"])
    if g["type"] == "MultiPolygon":
        spans = sorted("%.1f..%.1f" % (min(p[0] for p in poly[0]), max(p[0] for p in poly[0])) for poly in g["coordinates"])
        return "MultiPolygon(%s)[%s]" % (",".join(turn(poly[0]) for poly in g["coordinates"]), ",".join(spans))
    if g["type"] == "GeometryCollection":
        return "GeometryCollection " + " ".join(show(p) for p in g["geometries"])
    return g["type"]
print(" | ".join("%d %s" % (f["properties"]["n"], show(f["geometry"])) for f in json.load(open(sys.argv[1]))["features"]))
PY
)"

# --- GeoJSON holds no M values: refused with the reason, nothing written; GPKG keeps them -------
expect_exit 1 "$DEPOMAP" convert "$GA/ogr/data/esrijson/esrizmmultipoint.json" -f geojson -o "$WORK/zm"
expect_stderr_contains "esrizmmultipoint.json: feature 1: its geometry has M values (measures), which GeoJSON cannot hold: convert to GPKG"
[[ ! -e "$WORK/zm/esrizmmultipoint.geojson" ]] && pass || fail "a refused source left its GeoJSON"
expect_exit 0 "$DEPOMAP" convert "$GA/ogr/data/esrijson/esrizmmultipoint.json" -f gpkg -o "$WORK/zm"
expect_eq "GPKG keeps Z and M" "MULTIPOINT ZM ((2 49 1 100),(3 50 2 100))" "$("$PY" -c '
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); f = ds.GetLayer(0).GetNextFeature(); print(f.GetGeometryRef().ExportToIsoWkt())' \
    "$WORK/zm/esrizmmultipoint.gpkg")"
# A Shapefile keeps to its layer's type: the source declares MultiPoint, its points have Z and M.
expect_exit 1 "$DEPOMAP" convert "$GA/ogr/data/esrijson/esrizmmultipoint.json" -f shp -o "$WORK/zm_shp"
expect_stderr_contains "feature 1: its geometry has Z and M values but the source declares its layer as Multi Point"

# --- GeoJSON: JSON-typed values as they were (GDAL's writer made 1970-01-01T00:00:00 into 1970,
# and true into "true") ---------------------------------------------------------------------------
expect_exit 0 "$DEPOMAP" convert "$GA/ogr/data/geojson/test_type_promotion.json" -f geojson -o "$WORK/json"
expect_eq "every JSON-typed value as in the source" "" "$("$PY" - "$GA/ogr/data/geojson/test_type_promotion.json" "$WORK/json/test_type_promotion.geojson" <<'PY'
import json, sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])
defn = ds.GetLayer(0).GetLayerDefn()
typed = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())
         if defn.GetFieldDefn(i).GetSubType() == ogr.OFSTJSON]
assert len(typed) > 20, typed
source = json.load(open(sys.argv[1]))["features"]
out = json.load(open(sys.argv[2]))["features"]
for i, (a, b) in enumerate(zip(source, out)):
    for name in typed:
        if a["properties"].get(name) != b["properties"].get(name):
            print("feature %d %s: %r became %r" % (i + 1, name, a["properties"].get(name), b["properties"].get(name)))
PY
)"

# --- GeoJSON: a layer without geometry is written, "geometry": null -----------------------------
expect_exit 0 "$DEPOMAP" convert "$GA/ogr/data/flat.dbf" -f geojson -o "$WORK/flat"
expect_stderr_not_contains "holds none"
expect_eq "attribute-only features" "First Second|None None" \
    "$(json_get "$WORK/flat/flat.geojson" '" ".join(f["properties"]["other"] for f in d["features"]) + "|" + " ".join(str(f["geometry"]) for f in d["features"])')"
DB="$WORK/atlas.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$DB" --atlas
expect_exit 0 "$DEPOMAP" export -q --db "$DB" -f geojson -o "$WORK/stats.geojson" --layer country_stats
expect_eq "export: country_stats" "$(sql_value "$DB" "SELECT count(*) FROM country_stats") null" \
    "$(json_get "$WORK/stats.geojson" 'str(len(d["features"])) + " " + ("null" if all(f["geometry"] is None for f in d["features"]) else "geometry")')"

# --- geographic coordinates are range-checked for every source, as load checks them -----------
# GDAL's huge_feature_count.gpkg: EPSG:4326 with longitudes 385 to 676.
for f in geojson gpkg; do
    expect_exit 1 "$DEPOMAP" convert "$GA/ogr/data/gpkg/huge_feature_count.gpkg" -f "$f" -o "$WORK/range_$f"
    expect_stderr_contains "huge_feature_count.gpkg (layer test): feature 1: latitude -293 out of range [-90, 90] (EPSG:4326 is in degrees: if these are not, give the source's CRS with --s-srs)"
    [[ -z "$(ls "$WORK/range_$f" | grep -v convert-report.csv)" ]] && pass || fail "a refused source left $(ls "$WORK/range_$f")"
done
# A projected Shapefile said to be EPSG:4326.
expect_exit 1 "$DEPOMAP" convert "$GA/ogr/data/poly.shp" -f gpkg -o "$WORK/range_shp" --s-srs EPSG:4326
expect_stderr_contains "poly.shp: feature 1: latitude 4765180.5 out of range [-90, 90]"
# Its own CRS (British National Grid; GDAL keeps it in poly.prj, not copied here) converts.
expect_exit 0 "$DEPOMAP" convert "$GA/ogr/data/poly.shp" -f gpkg -o "$WORK/range_shp" --s-srs EPSG:27700

# --- convert reads sources as load does (src/gdal/io/source_check.cpp) ------------------------------
# A licence area across 180° in UTM zone 60N and Pulkovo GK zone 30 (load_real_files.sh loads the
# same): cut at ±180 into three parts, none wider than 0.5°, valid, in every format (FlatGeobuf
# and SpatiaLite layers declared multi for it).
parts() {
    "$PY" - "$1" <<'PY'
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])
f = ds.GetLayer(0).GetNextFeature()
g = f.GetGeometryRef()
spans = []
for i in range(g.GetGeometryCount()):
    e = g.GetGeometryRef(i).GetEnvelope()
    spans.append(e[1] - e[0] <= 0.5001)
e = g.GetEnvelope()
print(g.GetGeometryName(), g.GetGeometryCount(), all(spans), g.IsValid(), round(e[0], 6), round(e[1], 6))
PY
}
for f in gpkg fgb sqlite shp; do
    expect_exit 0 "$DEPOMAP" convert "$DATA/antimeridian_utm60.geojson" -f "$f" -o "$WORK/am_$f"
    expect_eq "$f: UTM 60N cut at 180" "MULTIPOLYGON 3 True True -180.0 180.0" "$(parts "$WORK/am_$f/antimeridian_utm60.$f")"
done
expect_exit 0 "$DEPOMAP" convert "$DATA/antimeridian_gk30.csv" -f gpkg -o "$WORK/am_gk" --wkt-field wkt --s-srs EPSG:28430
expect_eq "GK zone 30 cut at 180" "MULTIPOLYGON 3 True True -180.0 180.0" "$(parts "$WORK/am_gk/antimeridian_gk30.gpkg")"

# No CRS: load's rule and words. Plausible degrees are read as EPSG:4326 and said; anything else,
# and a GeoPackage's undefined SRS, is refused naming --s-srs, in the words of its format.
expect_exit 0 "$DEPOMAP" convert "$GA/ogr/data/shp/gjpoint.shp" "$GA/ogr/data/wkt.csv" -f gpkg -o "$WORK/nocrs"
expect_stderr_contains "gjpoint.shp: 1 in, 1 out -> $WORK/nocrs/gjpoint.gpkg; no CRS: no .prj beside it; its coordinates are longitude/latitude degrees, read as EPSG:4326 (give --s-srs if they are not)"
expect_stderr_contains "wkt.csv: 3 in, 3 out -> $WORK/nocrs/wkt.gpkg; no CRS: a CSV file carries none; its coordinates are longitude/latitude degrees"
expect_stderr_not_contains "Shapefile without .prj"
expect_exit 1 "$DEPOMAP" convert "$GA/ogr/data/poly.shp" -f gpkg -o "$WORK/nocrs2"
expect_stderr_contains "poly.shp: no CRS: no .prj beside it, and its coordinates (x 478316 to 481645, y 4.76288e+06 to 4.76561e+06) are not longitude/latitude degrees: give its CRS with --s-srs"
ogr2ogr -f GPKG "$WORK/undefined.gpkg" "$GA/ogr/data/poly.shp" 2>/dev/null
sqlite3 "$WORK/undefined.gpkg" "UPDATE gpkg_geometry_columns SET srs_id=-1; UPDATE gpkg_contents SET srs_id=-1"
expect_exit 1 "$DEPOMAP" convert "$WORK/undefined.gpkg" -f geojson -o "$WORK/nocrs3"
expect_stderr_contains "undefined.gpkg: its CRS is undefined ('Undefined Cartesian SRS'), and its coordinates"
expect_stderr_contains "give its CRS with --s-srs"
expect_stderr_not_contains "Cannot find coordinate operations"
expect_exit 0 "$DEPOMAP" convert "$WORK/undefined.gpkg" -f geojson -o "$WORK/nocrs3" --s-srs EPSG:27700

# CSV: a '"' inside an unquoted value (the seconds of DMS) read as written; every column kept.
expect_exit 0 "$DEPOMAP" convert "$GA/ogr/data/csv/double_quotes_in_middle_of_field.csv" -f csv -o "$WORK/dq"
expect_eq "double quote in the middle of a field" "coord=50°46'06.6\"N 116°42'04.4 id=1 str=foo" "$(fields "$WORK/dq/double_quotes_in_middle_of_field.csv")"
"$PY" -c '
n = 2500
print(",".join(["id"] + ["c%d" % i for i in range(1, n)]))
print(",".join(["wide-1"] + [str(i) for i in range(1, n)]))' >"$WORK/wide.csv"
expect_exit 0 "$DEPOMAP" convert "$WORK/wide.csv" -f csv -o "$WORK/wide"
expect_eq "2,500 columns, all kept" "2500 2499" "$(head -1 "$WORK/wide/wide.csv" | tr ',' '\n' | wc -l) $(tail -1 "$WORK/wide/wide.csv" | tr -d '\r"' | awk -F, '{print $NF}')"

# --- --make-valid does not stop at a geometry GEOS cannot read; --skip-invalid with rejects ------
# GDAL's kml/geometries.kml: feature 9 is a polygon whose hole is its shell, feature 18 a
# LinearRing of two points, which GEOS cannot read (nor MakeValid repair).
expect_exit 1 "$DEPOMAP" convert "$GA/ogr/data/kml/geometries.kml" -f gpkg -o "$WORK/mv0"
expect_stderr_contains "geometries.kml: feature 9: invalid geometry: Self-intersection"
expect_exit 0 "$DEPOMAP" convert "$GA/ogr/data/kml/geometries.kml" -f gpkg -o "$WORK/mv" --make-valid
expect_stderr_contains "geometries.kml: 25 in, 25 out -> $WORK/mv/geometries.gpkg; 2 invalid geometries repaired (--make-valid)"
expect_eq "the two-point ring as the line it is" "LINESTRING (0 0,1 1)" "$("$PY" -c '
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1]); l = ds.GetLayer(0)
fs = [f for f in l]
print(fs[17].GetGeometryRef().ExportToIsoWkt())' "$WORK/mv/geometries.gpkg")"
# --skip-invalid: the features that cannot be converted are left out and listed, as load lists
# its rejects; read = written + left out. Without --skip-invalid, --rejects is a usage error.
expect_exit 2 "$DEPOMAP" convert "$GA/ogr/data/kml/geometries.kml" -f gpkg -o "$WORK/sk" --rejects "$WORK/rejects.csv"
expect_stderr_contains "--rejects needs --skip-invalid"
expect_exit 0 "$DEPOMAP" convert "$GA/ogr/data/kml/geometries.kml" "$GA/ogr/data/gpkg/huge_feature_count.gpkg" \
    -f gpkg -o "$WORK/sk" --skip-invalid --rejects "$WORK/rejects.csv" -j 2
expect_stderr_contains "geometries.kml: 25 in, 23 out -> $WORK/sk/geometries.gpkg; 2 feature(s) left out (--skip-invalid), the first: feature 9: invalid geometry: Self-intersection"
expect_stderr_contains "3 feature(s) left out (see $WORK/rejects.csv)"
expect_eq "rejects" "source,index,id,reason
$GA/ogr/data/kml/geometries.kml,9,9,invalid geometry: Self-intersection[0 1] (use the make_valid option to repair)
$GA/ogr/data/kml/geometries.kml,18,18,invalid geometry: geometry GEOS cannot read (too few points in a ring?) (use the make_valid option to repair)
$GA/ogr/data/gpkg/huge_feature_count.gpkg (layer test),1,1,\"latitude -293 out of range [-90, 90] (EPSG:4326 is in degrees: if these are not, give the source's CRS with the source_srs option)\"" \
    "$(tr -d '\r' <"$WORK/rejects.csv")"
expect_eq "the rest written" 23 "$(sql_count "$WORK/sk/geometries.gpkg" "SELECT count(*) FROM APTBoundary")"
# The rejects file is checked before anything is read: an existing one needs --overwrite, a
# source is never one.
rm -rf "$WORK/sk2"
expect_exit 1 "$DEPOMAP" convert "$GA/ogr/data/kml/geometries.kml" -f gpkg -o "$WORK/sk2" --skip-invalid --rejects "$WORK/rejects.csv"
expect_stderr_contains "use --overwrite"
[[ ! -e "$WORK/sk2/geometries.gpkg" ]] && pass || fail "a batch refused at the start wrote its output"
cp "$GA/ogr/data/kml/geometries.kml" "$WORK/g.kml"
expect_exit 1 "$DEPOMAP" convert "$WORK/g.kml" -f gpkg -o "$WORK/sk3" --skip-invalid --rejects "$WORK/g.kml" --overwrite
cmp -s "$WORK/g.kml" "$GA/ogr/data/kml/geometries.kml" && pass || fail "--rejects replaced a source"

finish
