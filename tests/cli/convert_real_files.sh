#!/usr/bin/env bash
# Scenarios, not rows: checks that need GDAL's own reading of the files (oracles the table runner has
# not): JSON-typed values compared with the source's as GDAL types them, and polygons cut at 180°
# checked part by part (spans, validity by GEOS) in every format. What else convert keeps of GDAL's
# test files is tests/cli/tables/convert-real-files.ini.
source "$(dirname "$0")/lib.bash"

GA="$DATA/gdal-autotest/autotest"
PY=/usr/bin/python3

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

# --- convert reads sources as load does (src/gdal/io/source_check.cpp) ------------------------------
# A licence area across 180° in UTM zone 60N and Pulkovo GK zone 30 (load_real_files.sh loads the
# same): cut at ±180 into three parts, none wider than 0.5°, valid, in every format (FlatGeobuf,
# SpatiaLite and GeoPackage layers declared multi for it).
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

# --- GeoPackage: the packed spatial index (src/output/gpkg_spatial_index.cpp) is one GDAL's own
# validator accepts, GDAL uses (HasSpatialIndex) and that answers box filters as a full read does --
expect_exit 0 "$DEPOMAP" convert "$DATA/deposits_3857_shp.shp" "$DATA/deposits.gpkg" "$DATA/antimeridian_utm60.geojson" \
    -f gpkg -o "$WORK/indexed"
for g in "$WORK"/indexed/*.gpkg; do
    expect_exit 0 "$PY" -m osgeo_utils.samples.validate_gpkg "$g"
    expect_eq "$(basename "$g"): index used, filters as a full read" "ok" "$("$PY" - "$g" <<'PY'
import sys
from osgeo import ogr
ds = ogr.Open(sys.argv[1])
for layer in ds:
    name = layer.GetName()
    if not layer.GetGeometryColumn(): continue  # layer_styles
    has = ds.ExecuteSQL("SELECT HasSpatialIndex('%s', '%s')" % (name, layer.GetGeometryColumn()))
    if has.GetNextFeature().GetField(0) != 1: print(name, "no spatial index")
    ds.ReleaseResultSet(has)
    x0, x1, y0, y1 = layer.GetExtent()
    for i in range(4):
        for j in range(4):
            box = ogr.CreateGeometryFromWkt("POLYGON ((%r %r, %r %r, %r %r, %r %r, %r %r))" % (
                x0 + (x1 - x0) * i / 4, y0 + (y1 - y0) * j / 4, x0 + (x1 - x0) * (i + 1) / 4, y0 + (y1 - y0) * j / 4,
                x0 + (x1 - x0) * (i + 1) / 4, y0 + (y1 - y0) * (j + 1) / 4, x0 + (x1 - x0) * i / 4, y0 + (y1 - y0) * (j + 1) / 4,
                x0 + (x1 - x0) * i / 4, y0 + (y1 - y0) * j / 4))
            layer.SetSpatialFilter(None)
            full = sorted(f.GetFID() for f in layer if f.GetGeometryRef() and f.GetGeometryRef().Intersects(box))
            layer.SetSpatialFilter(box)
            filtered = sorted(f.GetFID() for f in layer)
            if full != filtered: print(name, i, j, len(full), len(filtered))
print("ok")
PY
)"
done

# --- GeoJSON by the streaming writer (output/geojson_writer.hpp): the same features, values and
# coordinates as GDAL's own GeoJSON writer gives (ogr2ogr, RFC 7946) for sources of text, integer
# and real fields, points and polygons ----------------------------------------------------------
for src in "$DATA/deposits_3857_shp.shp" "$DATA/deposits.geojson" "$GA/ogr/data/poly.shp"; do
    stem=$(basename "${src%.*}")
    crs=()
    [[ $stem == poly ]] && crs=(EPSG:27700) # polygons of GDAL's tests, without a .prj
    expect_exit 0 "$DEPOMAP" convert "$src" -f geojson -o "$WORK/streamed" ${crs:+--s-srs "$crs"}
    rm -f "$WORK/gdal_$stem.geojson"
    ogr2ogr -f GeoJSON -lco RFC7946=YES -t_srs EPSG:4326 ${crs:+-s_srs "$crs"} "$WORK/gdal_$stem.geojson" "$src"
    expect_eq "$stem: streamed GeoJSON as GDAL writes it" "same" "$("$PY" - "$WORK/streamed/$stem.geojson" "$WORK/gdal_$stem.geojson" <<'PY'
import json, math, sys
a, b = (json.load(open(p))["features"] for p in sys.argv[1:3])
def close(x, y):
    if isinstance(x, float) or isinstance(y, float):
        return x is not None and y is not None and math.isclose(x, y, rel_tol=1e-14, abs_tol=1e-7)
    if isinstance(x, list):
        return isinstance(y, list) and len(x) == len(y) and all(close(u, v) for u, v in zip(x, y))
    if isinstance(x, dict):
        return isinstance(y, dict) and x.keys() == y.keys() and all(close(x[k], y[k]) for k in x)
    return x == y
bad = [i for i, (f, g) in enumerate(zip(a, b)) if not close(f["properties"], g["properties"]) or not close(f["geometry"], g["geometry"])]
print("same" if len(a) == len(b) and not bad else "%d/%d features, first differing %s" % (len(a), len(b), bad[:3]))
PY
)"
done

finish
