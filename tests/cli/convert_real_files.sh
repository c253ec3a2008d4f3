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

finish
