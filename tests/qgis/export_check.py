#!/usr/bin/python3
"""depomap export, checked in real QGIS (headless) and by round trips.

    QT_QPA_PLATFORM=offscreen /usr/bin/python3 tests/qgis/export_check.py DEPOMAP WORKDIR

Creates the atlas store (`depomap init --atlas`) plus fixtures (Cyrillic text, a value above 1e9,
NULLs, a reserve area crossing 180 degrees in Chukotka), exports it to every format, and for every
output layer opens it in QGIS and checks: valid, feature count, CRS, the renderer of styles/ (not
singleSymbol), and every attribute value equal to the store's (by meaning: numbers as numbers,
NULL and "" alike where the format cannot tell them apart). Then round trips: export -> `depomap
load` into a fresh store -> the same ids, values and geometry envelopes, for every format.
One line per check group; exit 1 on failure. (The QGIS project: tests/qgis/project_check.py.)
"""
import csv
import json
import math
import shutil
import os
import sqlite3
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
from qgis.core import NULL, QgsApplication, QgsVectorLayer  # noqa: E402
from qgis.PyQt.QtCore import QVariant  # noqa: E402

DEPOMAP, WORK = sys.argv[1], sys.argv[2]
SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SPATIAL = ["deposits", "processing_sites", "reserve_areas", "admin_regions"]
FAILURES = []


def fail(msg):
    FAILURES.append(msg)
    print("FAIL", msg)


def run(*args, expect=0):
    p = subprocess.run([DEPOMAP, *args], capture_output=True, text=True)
    if p.returncode != expect:
        fail(f"{' '.join(args)}: exit {p.returncode} (expected {expect}): {p.stderr.strip()[:400]}")
    return p


def store_rows(db, layer):
    con = sqlite3.connect(db)
    con.row_factory = sqlite3.Row
    cols = [r[1] for r in con.execute(f"PRAGMA table_info({layer})") if r[1] not in ("fid", "geom")]
    rows = {}
    for r in con.execute(f"SELECT * FROM {layer}"):
        d = {c: r[c] for c in cols}
        d["_mbr"] = mbr(r["geom"]) if "geom" in r.keys() and r["geom"] is not None else None
        rows[d["id"]] = d
    con.close()
    return cols, rows


def mbr(blob):
    # SpatiaLite blob: 0x00, endianness, srid, then the MBR as four doubles.
    return struct.unpack("<4d", blob[6:38])


def plain(v):
    if isinstance(v, QVariant):
        return None if v.isNull() else v.value()
    if v == NULL:
        return None
    return v


def same(column, expected, got):
    got = plain(got)
    if expected in (None, "") or got in (None, ""):
        return expected in (None, "") and got in (None, "")
    if column == "extra":
        try:
            g = json.loads(got) if isinstance(got, str) else got
        except ValueError:
            return False
        return json.loads(expected) == g
    if isinstance(expected, (int, float)):
        try:
            g = float(got)
        except (TypeError, ValueError):
            return False
        return math.isclose(float(expected), g, rel_tol=1e-12, abs_tol=1e-12)
    return str(expected) == str(got)


def renderer_of(layer):
    path = os.path.join(SRC, "styles", layer + ".qml")
    return ET.parse(path).getroot().find("renderer-v2").get("type")


def field_map(path):
    """Shapefile: DBF name -> (column, part) from <layer>.fieldmap.csv."""
    if not os.path.exists(path):
        return {}
    with open(path, newline="", encoding="utf-8") as f:
        return {r["short"]: (r["full"], int(r["part"])) for r in csv.DictReader(f)}


def read_values(fmt, layer, qfeature, names, fmap):
    """The feature's values by store column."""
    values = {}
    attrs = {n: plain(qfeature[n]) for n in names}
    if fmt == "shp":
        parts = {}
        for short, v in attrs.items():
            full, part = fmap.get(short, (short, 1))
            parts.setdefault(full, {})[part] = v
        for full, p in parts.items():
            if len(p) == 1:
                values[full] = p[1]
            else:
                values[full] = "".join(str(p[k]) for k in sorted(p) if p[k] not in (None, ""))
        return values
    lower = {n.lower(): n for n in names}
    for n, v in attrs.items():
        values[n] = v
    if fmt == "kml":
        values["name"] = attrs.get(lower.get("name", "Name"))
        if "description" in lower:
            values["notes"] = attrs.get(lower["description"])
    return values


def layer_uri(fmt, out, layer):
    if fmt in ("gpkg",):
        return f"{out}|layername={layer}", "ogr"
    if fmt == "sqlite":
        geom = "" if layer == "country_stats" else " (geom)"
        return f"dbname='{out}' table=\"{layer}\"{geom}", "spatialite"
    ext = {"geojson": "geojson", "shp": "shp", "kml": "kml", "fgb": "fgb", "csv": "csv"}[fmt]
    path = os.path.join(out, f"{layer}.{ext}")
    if fmt == "csv":
        if layer in ("deposits", "processing_sites"):
            return f"file://{path}?type=csv&xField=X&yField=Y&crs=EPSG:4326&detectTypes=yes", "delimitedtext"
        if layer == "country_stats":
            return f"file://{path}?type=csv&geomType=none&detectTypes=yes", "delimitedtext"
        return f"file://{path}?type=csv&wktField=WKT&crs=EPSG:4326&detectTypes=yes", "delimitedtext"
    return path, "ogr"


def check_in_qgis(fmt, out, layers, db):
    checked = 0
    for layer in layers:
        uri, provider = layer_uri(fmt, out, layer)
        ql = QgsVectorLayer(uri, layer, provider)
        where = f"{fmt} {layer}"
        if not ql.isValid():
            fail(f"{where}: not valid in QGIS ({uri})")
            continue
        cols, rows = store_rows(db, layer)
        if ql.featureCount() != len(rows):
            fail(f"{where}: {ql.featureCount()} features, store has {len(rows)}")
        if layer != "country_stats":
            if ql.crs().authid() != "EPSG:4326":
                fail(f"{where}: CRS {ql.crs().authid()}")
            want = renderer_of(layer)
            if ql.renderer().type() != want:
                fail(f"{where}: renderer {ql.renderer().type()}, style has {want}")
        names = [f.name() for f in ql.fields()]
        fmap = field_map(os.path.join(out, f"{layer}.fieldmap.csv")) if fmt == "shp" else {}
        seen = set()
        bad = 0
        for qf in ql.getFeatures():
            values = read_values(fmt, layer, qf, names, fmap)
            fid = values.get("id")
            if fid not in rows:
                fail(f"{where}: unknown id {fid!r}")
                bad += 1
                continue
            seen.add(fid)
            for c in cols:
                if fmt == "kml" and c == "extra" and c not in values:
                    continue
                if c not in values:
                    fail(f"{where}: no field for column {c}")
                    bad += 1
                    break
                if not same(c, rows[fid][c], values[c]):
                    fail(f"{where} {fid} {c}: store {rows[fid][c]!r}, QGIS {values[c]!r}")
                    bad += 1
            if bad > 5:
                break
            checked += 1
        if seen != set(rows) and bad <= 5:
            fail(f"{where}: ids missing in QGIS: {sorted(set(rows) - seen)[:5]}")
    return checked


def load_args(fmt, out, layer, work):
    """The `depomap load` arguments that bring an export of `layer` back."""
    ext = {"geojson": "geojson", "shp": "shp", "kml": "kml", "fgb": "fgb", "csv": "csv"}.get(fmt)
    if fmt in ("gpkg", "sqlite"):
        # load takes every layer of a file: export the layer alone for the round trip.
        path = os.path.join(work, f"rt_{layer}.{fmt}")
        run("export", "-q", "--db", out, "-f", fmt, "-o", path, "--layer", layer, "--no-style", "--overwrite")
        return [path]
    path = os.path.join(out, f"{layer}.{ext}")
    args = [path]
    if fmt == "shp":
        for short, (full, part) in field_map(os.path.join(out, f"{layer}.fieldmap.csv")).items():
            if part == 1 and short != full:
                args += ["--map", f"{full}={short}"]
    if fmt == "kml":
        args += ["--map", "name=Name"]
        if layer in ("deposits", "processing_sites", "reserve_areas"):
            args += ["--map", "notes=description"]
    if fmt == "csv":
        if layer in ("deposits", "processing_sites"):
            args += ["--x-field", "X", "--y-field", "Y"]
        elif layer != "country_stats":
            args += ["--wkt-field", "WKT"]
    return args


def round_trip(fmt, out, layers, db, work):
    fresh = os.path.join(work, f"rt_{fmt}.sqlite")
    for p in (fresh, fresh + "-wal", fresh + "-shm"):
        if os.path.exists(p):
            os.remove(p)
    run("init", "-q", "--db", fresh)
    for layer in layers:
        if fmt == "sqlite" and layer == "country_stats":
            # GDAL lists no table of a SpatiaLite file that holds no geometry, so `load` cannot
            # read it back (QGIS opened it above); a gap of load, not of the export.
            continue
        src = db if fmt in ("gpkg", "sqlite") else out
        run("load", "-q", "--db", fresh, "--layer", layer, *load_args(fmt, src, layer, work))
        cols, want = store_rows(db, layer)
        _, got = store_rows(fresh, layer)
        where = f"round trip {fmt} {layer}"
        if set(want) != set(got):
            fail(f"{where}: ids differ ({len(want)} vs {len(got)})")
            continue
        fmap = field_map(os.path.join(out, f"{layer}.fieldmap.csv")) if fmt == "shp" else {}
        bad = 0
        for fid, row in want.items():
            back = got[fid]
            extra = json.loads(back["extra"]) if back["extra"] else {}
            for c in cols:
                value = back[c]
                if c == "extra":
                    # The exported `extra` members come back as members of the new store's extra
                    # (beside what the format adds there, such as a Shapefile's continuations).
                    sent = json.loads(row[c]) if row[c] else {}
                    missing = {k: v for k, v in sent.items() if extra.get(k) != v}
                    if missing:
                        fail(f"{where} {fid} extra: {missing!r} did not come back (extra: {back['extra']!r})")
                        bad += 1
                    continue
                if fmt == "shp":
                    pieces = sorted((p, s) for s, (f, p) in fmap.items() if f == c and p > 1)
                    for _, short in pieces:
                        if extra.get(short):
                            value = (value or "") + extra[short]
                if not same(c, row[c], value):
                    fail(f"{where} {fid} {c}: {row[c]!r} came back as {value!r}")
                    bad += 1
            if row["_mbr"] is not None:
                if back["_mbr"] is None or any(abs(a - b) > 1e-7 for a, b in zip(row["_mbr"], back["_mbr"])):
                    fail(f"{where} {fid}: geometry envelope {row['_mbr']} came back as {back['_mbr']}")
                    bad += 1
            if bad > 5:
                break


def add_fixtures(db, work):
    deposits = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {
            "id": "ru-test-chukotka", "name": "Test deposit", "name_local": "Тестовое месторождение «Чукотка»",
            "country_iso3": "RUS", "kind": "occurrence", "status": "unknown", "contained_treo_t": 12345678901.25,
            "ore_mt": None, "grade_treo_pct": 0.000123, "notes": "Ä \"quoted\", comma; tab\tend"},
         "geometry": {"type": "Point", "coordinates": [179.61, 66.05]}},
        {"type": "Feature", "properties": {"id": "ru-test-west", "name": "Test west of 180",
                                           "name_local": "Запад", "contained_treo_t": 2.5e9, "custom": "kept"},
         "geometry": {"type": "Point", "coordinates": [-179.4, 65.6]}},
    ]}
    areas = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"id": "ra-test-chukotka-180", "deposit_id": "ru-test-chukotka",
                                           "name": "Чукотский участок через 180°", "kind": "licence",
                                           "outline_method": "digitised", "area_km2": 4321.5},
         "geometry": {"type": "MultiPolygon", "coordinates": [
             [[[179.0, 65.5], [180.0, 65.5], [180.0, 66.5], [179.0, 66.5], [179.0, 65.5]]],
             [[[-180.0, 65.5], [-179.0, 65.5], [-179.0, 66.5], [-180.0, 66.5], [-180.0, 65.5]]]]}},
    ]}
    for name, data, layer in (("fx_deposits.geojson", deposits, "deposits"),
                              ("fx_areas.geojson", areas, "reserve_areas")):
        path = os.path.join(work, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False)
        run("load", "-q", "--db", db, "--layer", layer, path)


def check_antimeridian_cut(work):
    """A reserve area stored as one polygon jumping across 180 comes out of GeoJSON in two parts."""
    db = os.path.join(work, "band.sqlite")
    run("init", "-q", "--db", db)
    band = {"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {
        "id": "ra-band", "name": "Chukotka band"}, "geometry": {"type": "Polygon", "coordinates": [
            [[179.0, 65.0], [-179.0, 65.0], [-179.0, 66.0], [179.0, 66.0], [179.0, 65.0]]]}}]}
    path = os.path.join(work, "band.geojson")
    with open(path, "w") as f:
        json.dump(band, f)
    run("load", "-q", "--db", db, "--layer", "reserve_areas", path)
    out = os.path.join(work, "band_out.geojson")
    run("export", "-q", "--db", db, "-f", "GeoJSON", "--layer", "reserve_areas", "-o", out, "--overwrite")
    g = json.load(open(out))["features"][0]["geometry"]
    xs = [p[0] for poly in g["coordinates"] for ring in poly for p in ring] if g["type"] == "MultiPolygon" else []
    if g["type"] != "MultiPolygon" or len(g["coordinates"]) != 2 or min(xs) < -180 or max(xs) > 180:
        fail(f"antimeridian: expected a MultiPolygon of two parts within [-180,180], got {json.dumps(g)[:300]}")
    else:
        spans = sorted((min(p[0] for p in poly[0]), max(p[0] for p in poly[0])) for poly in g["coordinates"])
        if spans != [(-180.0, -179.0), (179.0, 180.0)]:
            fail(f"antimeridian: parts span {spans}")
        print("ok antimeridian cut: two parts", spans)


def main():
    shutil.rmtree(WORK, ignore_errors=True)  # a test never depends on what a last run left
    os.makedirs(WORK)
    app = QgsApplication([], False)
    app.initQgis()
    db = os.path.join(WORK, "atlas.sqlite")
    for p in (db, db + "-wal", db + "-shm"):
        if os.path.exists(p):
            os.remove(p)
    run("init", "-q", "--db", db, "--atlas")
    add_fixtures(db, WORK)
    check_antimeridian_cut(WORK)
    formats = [("geojson", "out_geojson", SPATIAL), ("shp", "out_shp", SPATIAL),
               ("gpkg", "out.gpkg", SPATIAL + ["country_stats"]), ("kml", "out_kml", SPATIAL),
               ("fgb", "out_fgb", SPATIAL), ("csv", "out_csv", SPATIAL + ["country_stats"]),
               ("sqlite", "out.sqlite", SPATIAL + ["country_stats"])]
    for fmt, name, layers in formats:
        out = os.path.join(WORK, name)
        before = len(FAILURES)
        run("export", "-q", "--db", db, "-f", fmt, "-o", out, "--overwrite")
        n = check_in_qgis(fmt, out, layers, db)
        round_trip(fmt, out, layers, db, WORK)
        print(("ok" if len(FAILURES) == before else "FAIL"), f"{fmt}: {len(layers)} layers, {n} features checked in QGIS, round trip")
    app.exitQgis()
    print(f"{len(FAILURES)} failure(s)")
    return 1 if FAILURES else 0


if __name__ == "__main__":
    sys.exit(main())
