#!/usr/bin/python3
"""Checks that depomap's GeoJSON and Shapefile exports of a point layer hold what the store holds.

    export_meaning.py STORE.sqlite LAYER OUT.geojson OUT.shp

The store is read with Python's sqlite3 (point blobs decoded here), the GeoJSON with json, the
Shapefile through GDAL (`ogr2ogr -f CSV`, as a user's tools read it) with its long names and split
text joined again by its .fieldmap.csv. Row by row in fid order: every value equal (numbers as
doubles, DBF's empty text and NULL alike), coordinates within 1e-7 degrees (GeoJSON's 7 decimals).
Prints one line per output and exit 0 when both agree, 1 otherwise.
"""
import csv
import json
import math
import sqlite3
import struct
import subprocess
import sys

csv.field_size_limit(1 << 30)


def store_rows(path, layer):
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    cols = [r[1] for r in db.execute(f'PRAGMA table_info("{layer}")') if r[1] not in ("fid", "geom")]
    query = f'SELECT {", ".join(chr(34) + c + chr(34) for c in cols)}, geom FROM "{layer}" ORDER BY fid'
    for row in db.execute(query):
        blob = row[-1]
        xy = None
        if blob is not None:
            # SpatiaLite point: start, endianness, srid, MBR, 0x7C, class, x, y, end.
            order = "<" if blob[1] == 1 else ">"
            xy = struct.unpack(order + "dd", blob[43:59])
        yield cols, row[:-1], xy


def same_number(a, b):
    return a == b or (isinstance(a, float) and isinstance(b, float) and math.isnan(a) and math.isnan(b))


def geojson_features(path):
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip().rstrip(",")
            if line.startswith(","):
                line = line[1:].strip()
            if line.startswith('{ "type": "Feature"'):
                yield json.loads(line)


def check_geojson(store, layer, path):
    bad = n = 0
    features = geojson_features(path)
    for cols, values, xy in store_rows(store, layer):
        n += 1
        f = next(features, None)
        if f is None:
            print(f"  GeoJSON: ends after {n - 1} features")
            return False
        props = f["properties"]
        for c, v in zip(cols, values):
            got = props.get(c)
            ok = same_number(float(got), float(v)) if isinstance(v, (int, float)) and got is not None else got == v
            if not ok:
                bad += 1
                if bad <= 3:
                    print(f"  GeoJSON feature {n}, {c}: {got!r}, the store {v!r}")
        g = f["geometry"]
        if (g is None) != (xy is None) or (xy and any(abs(a - b) > 1e-7 for a, b in zip(g["coordinates"], xy))):
            bad += 1
    if next(features, None) is not None:
        print("  GeoJSON: more features than the store")
        return False
    print(f"  GeoJSON: {n} features, {bad} differences")
    return bad == 0


def check_shapefile(store, layer, path):
    fieldmap = path[:-4] + ".fieldmap.csv"
    parts = {}
    with open(fieldmap, encoding="utf-8") as f:
        for r in csv.DictReader(f):
            parts.setdefault(r["full"], []).append((int(r["part"]), r["short"]))
    dump = subprocess.Popen(["ogr2ogr", "-f", "CSV", "-lco", "GEOMETRY=AS_XY", "/vsistdout/", path],
                            stdout=subprocess.PIPE, text=True, encoding="utf-8")
    rows = csv.DictReader(dump.stdout)
    bad = n = 0
    for cols, values, xy in store_rows(store, layer):
        n += 1
        r = next(rows, None)
        if r is None:
            print(f"  Shapefile: ends after {n - 1} features")
            return False
        for c, v in zip(cols, values):
            text = "".join(r[short] for _, short in sorted(parts.get(c, [(1, c)])))
            if v is None or v == "":
                ok = text == ""
            elif isinstance(v, (int, float)):
                ok = text != "" and float(text) == float(v)
            else:
                ok = text == v
            if not ok:
                bad += 1
                if bad <= 3:
                    print(f"  Shapefile feature {n}, {c}: {text!r}, the store {v!r}")
        if xy and (float(r["X"]), float(r["Y"])) != xy:
            bad += 1
    extra = next(rows, None)
    dump.stdout.close()
    dump.wait()
    if extra is not None:
        print("  Shapefile: more features than the store")
        return False
    print(f"  Shapefile: {n} features, {bad} differences")
    return bad == 0


def main():
    store, layer, geojson, shp = sys.argv[1:5]
    ok = check_geojson(store, layer, geojson)
    ok = check_shapefile(store, layer, shp) and ok
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
