#!/usr/bin/python3
"""A KML of points compared with its GeoJSON source by meaning, as GDAL and QGIS read it.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tools/bench/kml_meaning.py SOURCE.geojson OUT.kml

For tools/bench/kml_bench.sh --meaning (gen_points.cpp's points, through depomap export or
convert). Every source feature must come back once (by id) with every property equal (numbers to
1e-9 relative, text exactly) and its point within 1e-9 degrees; the KML's <name> is the name.
Prints one summary line per reader (and the first differences); exit 1 on any difference.
"""
import json
import math
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from osgeo import ogr  # noqa: E402
from qgis.core import QgsApplication, QgsVectorLayer  # noqa: E402

src, kml = sys.argv[1], sys.argv[2]
want = {}
for f in json.load(open(src))["features"]:
    p = f["properties"]
    want[p["id"]] = (p, f["geometry"]["coordinates"])


def same(a, b):
    if isinstance(a, (int, float)) and not isinstance(a, bool):
        try:
            return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-12)
        except (TypeError, ValueError):
            return False
    return str(a) == str(b)


def compare(reader, rows):
    bad, seen = [], set()
    for attrs, xy in rows:
        fid = attrs.get("id")
        if fid not in want or fid in seen:
            bad.append(f"unknown or repeated id {fid!r}")
            continue
        seen.add(fid)
        props, coords = want[fid]
        for k, v in props.items():
            got = attrs.get("Name" if k == "name" and "Name" in attrs else k)
            if not same(v, got):
                bad.append(f"{fid} {k}: source {v!r}, {reader} {got!r}")
        if abs(xy[0] - coords[0]) > 1e-9 or abs(xy[1] - coords[1]) > 1e-9:
            bad.append(f"{fid}: point {xy}, source {coords}")
    missing = set(want) - seen
    if missing:
        bad.append(f"{len(missing)} ids missing")
    print(f"{reader}: {len(seen)} of {len(want)} features, {len(bad)} difference(s)", *bad[:5], sep="\n  ")
    return not bad


def gdal_rows():
    ds = ogr.Open(kml)
    print(f"GDAL driver {ds.GetDriver().GetName()}, {ds.GetLayerCount()} layer(s)")
    for i in range(ds.GetLayerCount()):
        layer = ds.GetLayer(i)
        for f in layer:
            g = f.GetGeometryRef()
            yield {k: f.GetField(k) for k in f.keys()}, (g.GetX(), g.GetY())


def qgis_rows():
    ql = QgsVectorLayer(kml, "kml", "ogr")
    if not ql.isValid():
        raise SystemExit("QGIS: not a valid layer")
    names = [f.name() for f in ql.fields()]
    print(f"QGIS: valid, CRS {ql.crs().authid()}, fields {names}")
    for f in ql.getFeatures():
        p = f.geometry().asPoint()
        yield {n: f[n] for n in names}, (p.x(), p.y())


app = QgsApplication([], False)
app.initQgis()
ok = compare("GDAL", gdal_rows())
ok = compare("QGIS", qgis_rows()) and ok
app.exitQgis()
sys.exit(0 if ok else 1)
