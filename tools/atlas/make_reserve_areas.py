#!/usr/bin/python3
"""Builds geodata/reserve_areas.geojson.

Every area here is a published AREA, not a published outline: it is drawn as a geodesic circle
(WGS84) centred on the deposit's point in geodata/deposits.csv, with outline_method=circle_from_area.
The radius is solved so that the ellipsoidal area of the 72-vertex geodesic polygon (GeographicLib
Planimeter) equals the published area to 0.01 %. Vertices by GeodSolve (direct problem).
Run after build_points.py:  /usr/bin/python3 tools/atlas/make_reserve_areas.py
"""
import csv, json, math, os, subprocess, sys
sys.path.insert(0, os.path.dirname(__file__))
from sources import cite, url

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
OUT = os.environ.get("GEODATA_OUT") or os.path.join(ROOT, "geodata")  # set by tools/atlas/build.sh
NVERT = 72

AREAS = [
    # id, deposit_id, name, kind, area_km2, sources, notes, resource overrides
    ("ra-tomtor-central-stock", "ru-tomtor", "Tomtor central carbonatite stock (area circle)", "outline", 40.0, "PG; KR",
     "PorterGeo: the central stock crops out over 40 km2 (12 km2 of it carbonatite) inside a ~300 km2 ring complex "
     "(Kravchenko 2007: massif >250 km2); the REE-Nb ores are associated with the central stock. Circle of that area "
     "on the massif-centre point, not a surveyed outline", {}),
    ("ra-bayan-obo-mine-site", "cn-bayan-obo", "Bayan Obo mine site (area circle)", "outline", 48.0, "BO",
     "'The Bayan Obo mine site is spread over 48km2' (NS Energy). Circle of that area on the deposit point, "
     "not the real East/Main/West pit outline", {}),
    ("ra-mount-weld-carbonatite", "au-mount-weld", "Mount Weld carbonatite pipe (area circle)", "outline",
     round(math.pi * 1.5 ** 2, 3), "MW",
     "carbonatite pipe 'approximately three kilometers in diameter' (en.wikipedia; PorterGeo: 3 km diameter core); "
     "area = pi x 1.5 km^2 = 7.069 km2", {}),
    ("ra-serra-verde-rights", "br-serra-verde", "Serra Verde mineral rights (area circle)", "licence", 653.03, "SV2",
     "71 mineral rights totalling 65,303 ha in northern Goiás and southern Tocantins (Serra Verde). The rights are "
     "separate parcels; this circle only shows their total area around a town-level point (uncertainty 40 km)", {}),
]


def direct(lat, lon, azi, m):
    out = subprocess.run(["GeodSolve"], input=f"{lat} {lon} {azi} {m}\n", capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), float(out[1])


def ring(lat, lon, r_m):
    inp = "".join(f"{lat} {lon} {360.0 * i / NVERT} {r_m}\n" for i in range(NVERT))
    out = subprocess.run(["GeodSolve"], input=inp, capture_output=True, text=True, check=True).stdout
    pts = [tuple(map(float, l.split()[:2])) for l in out.strip().splitlines()]
    return pts  # (lat, lon), clockwise seen from above (azimuth increases)


def area_km2(pts):
    out = subprocess.run(["Planimeter"], input="".join(f"{a} {b}\n" for a, b in pts), capture_output=True,
                         text=True, check=True).stdout.split()
    return abs(float(out[2])) / 1e6


def circle(lat, lon, target_km2):
    r = math.sqrt(target_km2 / math.pi) * 1000
    for _ in range(20):
        pts = ring(lat, lon, r)
        a = area_km2(pts)
        if abs(a - target_km2) / target_km2 < 1e-4:
            break
        r *= math.sqrt(target_km2 / a)
    return pts, r, a


def main():
    deps = {r["id"]: r for r in csv.DictReader(open(os.path.join(OUT, "deposits.csv"), encoding="utf-8"))}
    feats = []
    for (fid, did, name, kind, area, src, notes, over) in AREAS:
        d = deps[did]
        lat, lon = float(d["lat"]), float(d["lon"])
        pts, r, a = circle(lat, lon, area)
        coords = [[round(p[1], 6), round(p[0], 6)] for p in pts]
        coords.reverse()  # azimuth order is clockwise; RFC 7946 outer rings are counter-clockwise
        coords.append(coords[0])
        props = {"id": fid, "deposit_id": did, "name": name, "kind": kind, "outline_method": "circle_from_area",
                 "area_km2": area, "ore_mt": None, "grade_treo_pct": None, "contained_treo_t": None,
                 "resource_system": None, "resource_category": None, "as_of": None,
                 "source": cite(src), "source_url": url(src),
                 "notes": notes + f". Geodesic circle, radius {r / 1000:.3f} km, 72 vertices, ellipsoidal area "
                          f"{a:.3f} km2 (tools/atlas/make_reserve_areas.py)"}
        for k in ("ore_mt", "grade_treo_pct", "contained_treo_t", "resource_system", "resource_category", "as_of"):
            v = over.get(k)
            props[k] = v if v not in ("", None) else None
        feats.append({"type": "Feature", "properties": props,
                      "geometry": {"type": "MultiPolygon", "coordinates": [[coords]]}})
        print(f"{fid}: area {area} km2 -> radius {r / 1000:.4f} km (polygon {a:.4f} km2)", file=sys.stderr)
    with open(os.path.join(OUT, "reserve_areas.geojson"), "w", encoding="utf-8") as fh:
        fh.write('{"type":"FeatureCollection","name":"reserve_areas","features":[\n')
        fh.write(",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in feats))
        fh.write("\n]}\n")


if __name__ == "__main__":
    main()
