#!/usr/bin/python3
"""Checks geodata/ (run with Debian's /usr/bin/python3, which has osgeo.ogr). Exit 1 on any error.

- CSV headers exactly as the loader expects; ids unique per file and across layers' own keys
- every row has a source; enumerations valid; numbers plain; lon/lat in range and not swapped
- each deposit / site lies inside its country_iso3 polygon in admin_regions.geojson,
  or within 5 km of it (coastal sites); the distance is geodesic (GeodSolve)
- every reserve area: valid MultiPolygon, CCW outer rings, contains its deposit's point,
  deposit_id exists, area_km2 matches the ellipsoidal area (Planimeter) to 0.5 %
- admin regions: valid MultiPolygons, unique ids, every deposit/site country present at both levels
  where regions are included
- country_stats: header, unique ids, USGS world and China figures reproduce the 69 % share
"""
import csv, json, os, re, subprocess, sys
from osgeo import ogr

ogr.UseExceptions()
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
G = os.path.join(ROOT, "geodata")
errors, warnings = [], []
H_DEP = "id,name,name_local,country_iso3,region,kind,status,deposit_type,commodities,ore_mt,grade_treo_pct,contained_treo_t,resource_system,resource_category,as_of,operator,coord_precision,source,source_url,notes,lon,lat,coord_description,uncertainty_km,status_as_of,resource_code,name_alt,disputed"
H_SITE = "id,name,name_local,country_iso3,region,stage,status,operator,capacity_tpa,capacity_basis,products,coord_precision,source,source_url,notes,lon,lat,coord_description,uncertainty_km,status_as_of"
H_STATS = "id,country_iso3,country,mine_production_2023_t_reo,mine_production_2024_t_reo,reserves_t_reo,source,source_url,notes,reserves_lower_bound"
PREC = {"site", "deposit_centre", "town_centre", "approximate", "from_description"}
NUM = re.compile(r"^-?\d+(\.\d+)?$")
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def err(m): errors.append(m)


def read_csv(name, header):
    path = os.path.join(G, name)
    with open(path, encoding="utf-8", newline="") as fh:
        first = fh.readline().rstrip("\n")
        if first != header:
            err(f"{name}: header differs:\n  got      {first}\n  expected {header}")
        fh.seek(0)
        rows = list(csv.DictReader(fh))
    raw = open(path, encoding="utf-8").read()
    if raw.count("\n") != len(rows) + 1:
        err(f"{name}: not one record per line ({raw.count(chr(10))} lines for {len(rows)} rows)")
    ids = [r["id"] for r in rows]
    for i in set(x for x in ids if ids.count(x) > 1):
        err(f"{name}: duplicate id {i}")
    for r in rows:
        if not r["source"].strip():
            err(f"{name}:{r['id']}: no source")
        if not re.match(r"^[a-z0-9]+(-[a-z0-9]+)*$", r["id"]):
            err(f"{name}:{r['id']}: id is not a slug")
    return rows


def geod_inv(lat1, lon1, lat2, lon2):
    out = subprocess.run(["GeodSolve", "-i"], input=f"{lat1} {lon1} {lat2} {lon2}\n", capture_output=True,
                         text=True, check=True).stdout.split()
    return float(out[2])


def dist_to_geom_m(geom, lon, lat):
    """Geodesic distance (m) from the point to geom's boundary: the boundary near the point is densified
    to ~100 m and the nearest vertex is measured with GeodSolve."""
    box = ogr.CreateGeometryFromWkt(
        f"POLYGON(({lon-1} {lat-1},{lon+1} {lat-1},{lon+1} {lat+1},{lon-1} {lat+1},{lon-1} {lat-1}))")
    b = geom.Boundary().Intersection(box)
    if b is None or b.IsEmpty():
        return None
    b.Segmentize(0.001)
    pts = []
    def walk(g):
        if g.GetGeometryCount():
            for i in range(g.GetGeometryCount()):
                walk(g.GetGeometryRef(i))
        else:
            pts.extend(g.GetPoints() or [])
    walk(b)
    pts.sort(key=lambda p: (p[0] - lon) ** 2 + (p[1] - lat) ** 2)
    best = None
    for p in pts[:10]:
        d = geod_inv(lat, lon, p[1], p[0])
        best = d if best is None or d < best else best
    return best


def load_admin():
    d = json.load(open(os.path.join(G, "admin_regions.geojson"), encoding="utf-8"))
    countries, regions, ids = {}, {}, []
    for f in d["features"]:
        p = f["properties"]
        ids.append(p["id"])
        for k in ("id", "name", "name_local", "country_iso3", "level", "iso_code", "source"):
            if k not in p:
                err(f"admin_regions: {p.get('id')} lacks {k}")
        if f["geometry"]["type"] != "MultiPolygon":
            err(f"admin_regions: {p['id']} is {f['geometry']['type']}")
        g = ogr.CreateGeometryFromJson(json.dumps(f["geometry"]))
        if not g.IsValid():
            err(f"admin_regions: {p['id']} invalid geometry")
        check_ccw(f, "admin_regions")
        if p["level"] == "country":
            countries[p["country_iso3"]] = g if p["country_iso3"] not in countries else countries[p["country_iso3"]].Union(g)
        elif p["level"] == "region":
            regions.setdefault(p["country_iso3"], []).append((p, g))
        else:
            err(f"admin_regions: {p['id']} bad level {p['level']}")
    for i in set(x for x in ids if ids.count(x) > 1):
        err(f"admin_regions: duplicate id {i}")
    return countries, regions


def signed_area(r):
    return sum(x1 * y2 - x2 * y1 for (x1, y1, *_), (x2, y2, *_) in zip(r, r[1:])) / 2


def check_ccw(f, layer):
    for poly in f["geometry"]["coordinates"]:
        for i, ring in enumerate(poly):
            a = signed_area(ring)
            if (i == 0 and a < 0) or (i > 0 and a > 0):
                err(f"{layer}: {f['properties']['id']} ring {i} has wrong winding (RFC 7946)")
                return


def check_points(name, rows, countries, regions, enums):
    for r in rows:
        rid = f"{name}:{r['id']}"
        for k, allowed in enums.items():
            if r[k] not in allowed:
                err(f"{rid}: {k}={r[k]!r} not in {sorted(allowed)}")
        if r.get("status_as_of") and not DATE.match(r["status_as_of"]):
            err(f"{rid}: status_as_of={r['status_as_of']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if r["coord_precision"] not in PREC:
            err(f"{rid}: coord_precision={r['coord_precision']!r}")
        for k in ("ore_mt", "grade_treo_pct", "contained_treo_t", "capacity_tpa", "uncertainty_km"):
            if k in r and r[k] and not NUM.match(r[k]):
                err(f"{rid}: {k}={r[k]!r} is not a plain number")
        try:
            lon, lat = float(r["lon"]), float(r["lat"])
        except ValueError:
            err(f"{rid}: lon/lat missing"); continue
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            err(f"{rid}: lon/lat out of range {lon},{lat}"); continue
        if r["coord_precision"] == "from_description" and (not r["coord_description"] or not r["uncertainty_km"]):
            err(f"{rid}: from_description needs coord_description and uncertainty_km")
        c = countries.get(r["country_iso3"])
        if c is None:
            err(f"{rid}: country {r['country_iso3']} not in admin_regions"); continue
        pt = ogr.Geometry(ogr.wkbPoint); pt.AddPoint_2D(lon, lat)
        if not c.Contains(pt):
            d = dist_to_geom_m(c, lon, lat)
            sw = ogr.Geometry(ogr.wkbPoint); sw.AddPoint_2D(lat, lon)
            hint = " (lon/lat swapped?)" if -90 <= lon <= 90 and c.Contains(sw) else ""
            if d is None or d > 5000:
                err(f"{rid}: point {lon},{lat} is {d / 1000 if d else '?':.1f} km outside {r['country_iso3']}{hint}")
            else:
                warnings.append(f"{rid}: {d / 1000:.1f} km outside {r['country_iso3']} polygon (coastal, within 5 km)")
        if r["country_iso3"] in regions:
            inside = [p["id"] for p, g in regions[r["country_iso3"]] if g.Contains(pt)]
            if not inside:
                warnings.append(f"{rid}: in no first-level region of {r['country_iso3']} (coast/simplification)")


# Points whose country the boundary convention decides (geodata/README.md, "Boundaries"): Crimea and
# Sevastopol are Ukraine's (UN GA resolution 68/262, ISO 3166-2:UA), flagged as occupied.
RECOGNISED_POINTS = [("Simferopol", 34.10, 44.95, "UKR", "UA-43"), ("Sevastopol", 33.52, 44.60, "UKR", "UA-40"),
                     ("Kerch", 36.47, 45.36, "UKR", "UA-43"), ("Zaporizhzhia", 35.14, 47.84, "UKR", None),
                     ("Krasnodar", 38.98, 45.04, "RUS", None)]


def check_boundaries(countries, regions):
    for name, lon, lat, iso3, region in RECOGNISED_POINTS:
        pt = ogr.Geometry(ogr.wkbPoint); pt.AddPoint_2D(lon, lat)
        inside = sorted(c for c, g in countries.items() if g.Contains(pt))
        if inside != [iso3]:
            err(f"admin_regions: {name} ({lat}N {lon}E) lies in countries {inside}, expected [{iso3}]")
        if region:
            hit = [p for p, g in regions.get(iso3, []) if g.Contains(pt)]
            if [p["iso_code"] for p in hit] != [region]:
                err(f"admin_regions: {name} lies in regions {[p['id'] for p in hit]}, expected [{region}]")
            elif not (str(hit[0].get("disputed") or "").startswith("occupied by Russia")
                      and hit[0].get("de_facto_iso3") == "RUS"):
                err(f"admin_regions: {region} lacks disputed ('occupied by Russia ...') / de_facto_iso3=RUS")


def main():
    countries, regions = load_admin()
    check_boundaries(countries, regions)
    deps = read_csv("deposits.csv", H_DEP)
    sites = read_csv("processing_sites.csv", H_SITE)
    check_points("deposits", deps, countries, regions, {
        "kind": {"deposit", "mine", "occurrence"},
        "status": {"producing", "development", "exploration", "past_producing", "undeveloped", "unknown"},
        "resource_system": {"JORC", "NI 43-101", "GKZ", "USGS", "other", ""}})
    check_points("processing_sites", sites, countries, regions, {
        "stage": {"concentration", "cracking", "separation", "metal", "magnet", "other"}})
    for r in deps:
        if r["contained_treo_t"] and r["ore_mt"] and r["grade_treo_pct"] and "computed from ore_mt" in r["notes"]:
            calc = float(r["ore_mt"]) * 1e6 * float(r["grade_treo_pct"]) / 100
            if abs(calc - float(r["contained_treo_t"])) > 0.01 * calc:
                err(f"deposits:{r['id']}: contained_treo_t {r['contained_treo_t']} != ore x grade {calc:.0f}")
    dep_by_id = {r["id"]: r for r in deps}
    ra = json.load(open(os.path.join(G, "reserve_areas.geojson"), encoding="utf-8"))
    ra_ids = []
    for f in ra["features"]:
        p = f["properties"]; ra_ids.append(p["id"])
        if f["geometry"]["type"] != "MultiPolygon":
            err(f"reserve_areas:{p['id']}: not MultiPolygon")
        check_ccw(f, "reserve_areas")
        if p["kind"] not in ("licence", "outline", "block"):
            err(f"reserve_areas:{p['id']}: kind {p['kind']}")
        if p["outline_method"] not in ("surveyed", "digitised", "circle_from_area"):
            err(f"reserve_areas:{p['id']}: outline_method {p['outline_method']}")
        if not p.get("source"):
            err(f"reserve_areas:{p['id']}: no source")
        d = dep_by_id.get(p["deposit_id"])
        if d is None:
            err(f"reserve_areas:{p['id']}: deposit_id {p['deposit_id']} not in deposits.csv"); continue
        g = ogr.CreateGeometryFromJson(json.dumps(f["geometry"]))
        if not g.IsValid():
            err(f"reserve_areas:{p['id']}: invalid geometry")
        pt = ogr.Geometry(ogr.wkbPoint); pt.AddPoint_2D(float(d["lon"]), float(d["lat"]))
        if not g.Intersects(pt):
            err(f"reserve_areas:{p['id']}: does not contain its deposit's point")
        ring = f["geometry"]["coordinates"][0][0]
        out = subprocess.run(["Planimeter"], input="".join(f"{y} {x}\n" for x, y in ring[:-1]),
                             capture_output=True, text=True, check=True).stdout.split()
        a = abs(float(out[2])) / 1e6
        if abs(a - p["area_km2"]) > 0.005 * p["area_km2"]:
            err(f"reserve_areas:{p['id']}: geodesic area {a:.3f} km2 != area_km2 {p['area_km2']}")
    for i in set(x for x in ra_ids if ra_ids.count(x) > 1):
        err(f"reserve_areas: duplicate id {i}")
    stats = read_csv("country_stats.csv", H_STATS)
    by = {r["id"]: r for r in stats}
    try:
        share = float(by["chn-usgs-mcs2025"]["mine_production_2024_t_reo"]) / float(by["wld-usgs-mcs2025"]["mine_production_2024_t_reo"])
        if round(share * 100) != 69:
            err(f"country_stats: China 2024 share {share:.3f}, expected 69 %")
        if by["rus-usgs-mcs2025"]["reserves_t_reo"] != "3800000" or by["rus-usgs-mcs2025"]["mine_production_2024_t_reo"] != "2500":
            err("country_stats: Russia USGS figures differ from 2,500 t / 3.8 Mt")
        if by["wld-usgs-mcs2025"]["reserves_lower_bound"] != "1":
            err("country_stats: the world's reserves are 'more than 90 Mt' (USGS): reserves_lower_bound must be 1")
        for r in stats:
            if r["reserves_lower_bound"] not in ("0", "1"):
                err(f"country_stats:{r['id']}: reserves_lower_bound={r['reserves_lower_bound']!r}, not 0 or 1")
        if by["rus-rosnedra-2024"]["reserves_t_reo"] != "28700000":
            err("country_stats: Rosnedra row missing 28.7 Mt")
    except KeyError as e:
        err(f"country_stats: missing row {e}")
    for c in {r["country_iso3"] for r in deps + sites}:
        if c not in regions:
            err(f"admin_regions: no first-level regions for {c}, which has a deposit or site")
    total = sum(os.path.getsize(os.path.join(G, f)) for f in os.listdir(G))
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    print(f"deposits {len(deps)}, processing_sites {len(sites)}, reserve_areas {len(ra['features'])}, "
          f"country_stats {len(stats)}; geodata/ {total / 1e6:.2f} MB; {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
