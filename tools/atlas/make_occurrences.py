#!/usr/bin/python3
"""geodata/occurrences.csv and geodata/occurrences_report.csv from the USGS-derived MinMod site files.

One row per mineral-site record of geodata/usgs-minmod (lanthanum, niobium and tantalum files; a record
listed in two files is one row, its commodities and deposit types merged), with a location:
- `country` as the record names it and `named_iso3` its code (geodata/country_names.csv);
- `country_iso3` from the location: the country polygon of geodata/admin_regions.geojson that contains the
  point (the recognised boundaries: Crimea is Ukraine's), else the nearest one within COAST_KM (a coastal
  or island point that the simplified coastline misses), else empty;
- `country_check`: agrees, agrees_coast (the nearest country within COAST_KM is the named one), differs,
  no_name, unknown_name, outside (no country within COAST_KM);
- `deposit_id`: the curated deposit (geodata/deposits.csv) the record is: it lies within the deposit's
  uncertainty_km (geodesic, WGS84) and a distinctive word of its name or other names is a word of the
  deposit's name, local name or name_alt (transliterations alike: the same first six letters), and where
  both names carry a number (Catalão I, Catalão II) it is the same; the nearest such deposit if two qualify.
occurrences_report.csv lists every record whose two countries disagree or cannot be compared, every record
that lists several points (the first is used) and every record left out (no location, or one that is not a
point on Earth), with the reason.
Run after build_points.py and make_country_names.py:
    /usr/bin/python3 tools/atlas/make_occurrences.py [GEODATA_DIR]
(GEODATA_DIR, default geodata/, holds the built inputs and gets the outputs; the site files are always
geodata/usgs-minmod's.)
"""
import csv, json, math, os, re, sys, unicodedata
from osgeo import ogr, osr
from pyproj import Geod

ogr.UseExceptions()
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
FILES = (("La", "lanthanum_datafile.csv"), ("Nb", "niobium_datafile.csv"), ("Ta", "tantalum_datafile.csv"))
COAST_KM = 25
GEOD = Geod(ellps="WGS84")
MINMOD = "compiled by DARPA CriticalMAAS minmod (geodata/usgs-minmod, MIT licence)"
# source_id of the record -> (short name used in ids and source_db, citation)
DATABASES = {
    "https://mrdata.usgs.gov/ree": ("ree", "Orris, G.J. & Grauch, R.I. (2002) Rare earth element mines, deposits and "
                                           "occurrences, USGS Open-File Report 02-189"),
    "https://mrdata.usgs.gov/carbonatite": ("carbonatite", "USGS carbonatite database (mrdata.usgs.gov/carbonatite)"),
    "https://mrdata.usgs.gov/mrds": ("mrds", "USGS Mineral Resources Data System (MRDS)"),
    "https://mrdata.usgs.gov/major-deposits": ("major-deposits", "USGS major mineral deposits of the world"),
    "https://mrdata.usgs.gov/deposit": ("deposit", "USGS deposit database for critical minerals"),
    "https://mrdata.usgs.gov/phosphate": ("phosphate", "USGS phosphate deposits of the world (mrdata.usgs.gov/phosphate)"),
    "https://doi.org/10.2113/econgeo.110.8.1925": ("weng2015", "Weng, Z. et al. (2015) Economic Geology 110:1925"),
    "https://doi.org/10.5066/P96MMRFD": ("p96mmrfd", "USGS data release doi:10.5066/P96MMRFD"),
    "https://doi.org/10.5066/P9K1HBNT": ("p9k1hbnt", "USGS data release doi:10.5066/P9K1HBNT"),
    "https://doi.org/10.4095/295581": ("gsc295581", "Geological Survey of Canada doi:10.4095/295581"),
    "https://api.cdr.land/v1/docs/documents": ("cdr", "technical report in the CriticalMAAS document repository (CDR)"),
}
FIELDS = ("id,name,name_alt,country_iso3,country,named_iso3,country_check,region,commodities,deposit_type,deposit_id,"
          "source_db,record_id,source,source_url,notes,lon,lat").split(",")
REPORT = "id,source_db,record_id,name,issue,country,named_iso3,located_iso3,distance_km,note".split(",")
# Words that name a kind of place, not the place: a link needs a word beyond these.
GENERIC = set("""deposit deposits mine mines project projects prospect prospects occurrence occurrences complex
carbonatite carbonatites massif district area zone group field hill hills mount mountain mountains lake creek
river north south east west northern southern eastern western upper lower the and del des les site property
claims claim reo ree rare earth earths pit alkaline alkalic intrusion igneous sands beach placer ring dome mill
plant station block main old new central pluton province valley peak range ridge bay island islands""".split())


def slug(text):
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def words(name):
    s = unicodedata.normalize("NFKD", name)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    return {w for w in re.split(r"[^a-z0-9]+", s) if len(w) >= 3 and w not in GENERIC and not w.isdigit()}


NUMERALS = {"i", "ii", "iii", "iv", "v", "1", "2", "3", "4", "5"}


def numerals(name):
    """The numbers that tell sister deposits apart (Catalão I / Catalão II, Kutessay II)."""
    return {w for w in re.split(r"[^a-z0-9]+", name.lower()) if w in NUMERALS}


def same_word(a, b):
    """Equal, or one spelling of a transliterated name (Nizhnesayanskoye / Nizhnesayanskii): both of at
    least six letters with the same first six."""
    return a == b or (len(a) >= 6 and len(b) >= 6 and a[:6] == b[:6])


def merge(a, b):
    out = [x.strip() for x in a.split(",") if x.strip()]
    out += [x.strip() for x in b.split(",") if x.strip() and x.strip() not in out]
    return ",".join(out)


def read_records(mdir):
    recs = {}
    for short, name in FILES:
        with open(os.path.join(mdir, name), encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh):
                got = recs.get(r["ms_uri"])
                if got is None:
                    recs[r["ms_uri"]] = dict(r, files=[short])
                else:
                    got["files"].append(short)
                    got["commodity"] = merge(got["commodity"], r["commodity"])
                    got["deposit_type"] = merge(got["deposit_type"], r["deposit_type"])
    return recs


def points_of(wkt):
    """The points of a location as written ((lon, lat) text pairs), or None: POINT(x y), a MULTIPOINT, or
    several POINTs listed with commas (the USGS deposit database gives some records two)."""
    text = wkt.strip()
    m = re.fullmatch(r"MULTIPOINT\s*\((.*)\)", text)
    parts = [p.strip("() ") for p in m.group(1).split(",")] if m else \
        [re.fullmatch(r"POINT\s*\((.*)\)", p.strip()).group(1) if re.fullmatch(r"POINT\s*\((.*)\)", p.strip())
         else None for p in re.split(r",(?=\s*POINT)", text)]
    pts = []
    for p in parts:
        xy = p.split() if p else []
        try:
            lon, lat = float(xy[0]), float(xy[1])
        except (ValueError, IndexError):
            return None
        if len(xy) != 2 or not (-180 <= lon <= 180 and -90 <= lat <= 90):
            return None
        if tuple(xy) not in pts:
            pts.append(tuple(xy))
    return pts or None


class Countries:
    def __init__(self, admin_path):
        admin = json.load(open(admin_path, encoding="utf-8"))
        self.items = []
        for f in admin["features"]:
            p = f["properties"]
            if p["level"] == "country":
                g = ogr.CreateGeometryFromJson(json.dumps(f["geometry"]))
                self.items.append((p["country_iso3"], g, g.GetEnvelope()))
        self.pieces = {}
        self.wgs = osr.SpatialReference()
        self.wgs.ImportFromEPSG(4326)
        self.wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)

    TILE = 2.0  # degrees: a point is tested against the countries' pieces in its tile, not whole countries

    def piece(self, iso, g, tx, ty):
        key = (iso, tx, ty)
        if key not in self.pieces:
            x, y = tx * self.TILE, ty * self.TILE
            box = ogr.CreateGeometryFromWkt(f"POLYGON(({x} {y},{x + self.TILE} {y},{x + self.TILE} {y + self.TILE},"
                                            f"{x} {y + self.TILE},{x} {y}))")
            self.pieces[key] = g.Intersection(box)
        return self.pieces[key]

    def containing(self, lon, lat):
        pt = ogr.Geometry(ogr.wkbPoint)
        pt.AddPoint_2D(lon, lat)
        tx, ty = math.floor(lon / self.TILE), math.floor(lat / self.TILE)
        hits = sorted(iso for iso, g, (x0, x1, y0, y1) in self.items
                      if x0 <= lon <= x1 and y0 <= lat <= y1 and self.piece(iso, g, tx, ty).Intersects(pt))
        return hits[0] if hits else None

    def distance_km(self, iso3, lon, lat):
        """Geodesic distance (km) from the point to the country's polygons, in an azimuthal equidistant
        projection centred on the point (exact for distances from the centre); None beyond 2 degrees."""
        aeqd = osr.SpatialReference()
        aeqd.ImportFromProj4(f"+proj=aeqd +lat_0={lat} +lon_0={lon} +ellps=WGS84 +units=m")
        aeqd.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        to_aeqd = osr.CoordinateTransformation(self.wgs, aeqd)
        box = ogr.CreateGeometryFromWkt(f"POLYGON(({lon-2} {max(lat-2, -90)},{lon+2} {max(lat-2, -90)},"
                                        f"{lon+2} {min(lat+2, 90)},{lon-2} {min(lat+2, 90)},{lon-2} {max(lat-2, -90)}))")
        best = None
        for iso, g, (x0, x1, y0, y1) in self.items:
            if iso != iso3 or x1 < lon - 2 or x0 > lon + 2 or y1 < lat - 2 or y0 > lat + 2:
                continue
            part = g.Intersection(box)
            if part is None or part.IsEmpty():
                continue
            part = part.Clone()
            part.Transform(to_aeqd)
            origin = ogr.Geometry(ogr.wkbPoint)
            origin.AddPoint_2D(0, 0)
            d = part.Distance(origin) / 1000
            best = d if best is None or d < best else best
        return best

    def nearest(self, lon, lat, within_km):
        pt = ogr.Geometry(ogr.wkbPoint)
        pt.AddPoint_2D(lon, lat)
        # A degree of latitude is 111 km, of longitude less: within_km is at most within_km/111/cos(lat) degrees.
        reach = within_km / 111.0 / max(0.05, abs(math.cos(math.radians(lat))))
        near = [(self.distance_km(iso, lon, lat), iso) for iso, g, (x0, x1, y0, y1) in self.items
                if x0 - 1 <= lon <= x1 + 1 and y0 - 1 <= lat <= y1 + 1 and g.Distance(pt) <= reach]
        near = sorted((d, iso) for d, iso in near if d is not None and d <= within_km)
        return near[0] if near else (None, None)


def deposit_links(occ, deposits):
    """deposit_id for each occurrence row (nearest deposit within its radius whose name shares a word)."""
    keyed = []
    for d in deposits:
        names = [d["name"], d["name_local"]] + d["name_alt"].split("|")
        keyed.append((d, set().union(*(words(n) for n in names if n)), numerals(d["name"])))
    for o in occ:
        ow = set().union(*(words(n) for n in [o["name"]] + o["name_alt"].split("|") if n))
        on = numerals(o["name"])
        best = None
        for d, dw, dn in keyed:
            if not any(same_word(a, b) for a in ow for b in dw) or (on and dn and on != dn):
                continue
            _, _, m = GEOD.inv(float(d["lon"]), float(d["lat"]), float(o["lon"]), float(o["lat"]))
            if m / 1000 <= float(d["uncertainty_km"]) and (best is None or m < best[0]):
                best = (m, d["id"])
        o["deposit_id"] = best[1] if best else ""


def main(gdir):
    with open(os.path.join(gdir, "country_names.csv"), encoding="utf-8", newline="") as fh:
        iso_of = {r["name"]: r["iso3"] for r in csv.DictReader(fh)}
    with open(os.path.join(gdir, "deposits.csv"), encoding="utf-8", newline="") as fh:
        deposits = list(csv.DictReader(fh))
    countries = Countries(os.path.join(gdir, "admin_regions.geojson"))
    recs = read_records(os.path.join(ROOT, "geodata", "usgs-minmod"))
    rows, report = [], []
    for r in recs.values():
        db, citation = DATABASES[r["source_id"]]
        rec = r["record_id"] if db != "cdr" else r["record_id"][:16]
        oid = f"usgs-{db}-{slug(rec)}" if r["source_id"].startswith("https://mrdata.usgs.gov/") else f"{db}-{slug(rec)}"
        name = r["site_name"].strip()
        base = dict(id=oid, source_db=db, record_id=r["record_id"], name=name, country=r["country"])
        pts = points_of(r["location"])
        if pts is None:
            why = "no location" if not r["location"].strip() else f"location {r['location'][:60]!r} is not a point"
            report.append(dict(base, issue="left_out", note=why))
            continue
        pt = pts[0]
        lon, lat = float(pt[0]), float(pt[1])
        spread = max(GEOD.inv(lon, lat, float(x), float(y))[2] for x, y in pts) / 1000
        named = iso_of.get(r["country"].strip(), "")
        located, near_km = countries.containing(lon, lat), None
        if located is None:
            near_km, located = countries.nearest(lon, lat, COAST_KM)
        if located is None:
            check = "outside"
        elif not r["country"].strip():
            check = "no_name"
        elif not named:
            check = "unknown_name"
        elif named == located:
            check = "agrees" if near_km is None else "agrees_coast"
        else:
            check = "differs"
        notes = ["in the " + ", ".join(r["files"]) + " site file" + ("s" if len(r["files"]) > 1 else "")]
        if len(pts) > 1:
            notes.append(f"the record lists {len(pts)} points up to {spread:.1f} km apart: the first is used")
            report.append(dict(base, issue="several_points", distance_km=f"{spread:.1f}",
                               note=f"{len(pts)} points: " + "; ".join(f"{y} {x}" for x, y in pts) +
                                    " (lat lon); the first is used; distance_km: the farthest from it"))
        if near_km is not None:
            notes.append(f"{near_km:.1f} km outside the simplified polygon of {located}, the nearest country")
        rows.append(dict(id=oid, name=name, name_alt="|".join(n.strip() for n in r["other_names"].split(",")
                                                                if n.strip()),
                         country_iso3=located or "", country=r["country"].strip(), named_iso3=named,
                         country_check=check, region=r["state_or_province"].strip(), commodities=r["commodity"],
                         deposit_type=r["deposit_type"], deposit_id="", source_db=db, record_id=r["record_id"],
                         source=f"{citation}, record {r['record_id']}; {MINMOD}", source_url=r["ms_uri"],
                         notes="; ".join(notes), lon=pt[0], lat=pt[1]))
        if check not in ("agrees", "agrees_coast"):
            dist = ""
            if check == "differs":
                d = countries.distance_km(named, lon, lat)
                dist = f"{d:.1f}" if d is not None else ">200"
            report.append(dict(base, issue=check, named_iso3=named, located_iso3=located or "", distance_km=dist,
                               note={"differs": "distance_km: from the point to the named country's polygon",
                                     "outside": f"no country polygon within {COAST_KM} km",
                                     "no_name": "the record names no country",
                                     "unknown_name": "country name not in geodata/country_names.csv"}[check]))
    ids = [o["id"] for o in rows] + [x["id"] for x in report if x["issue"] == "left_out"]
    dupes = {i for i in ids if ids.count(i) > 1}
    if dupes:
        sys.exit(f"make_occurrences: duplicate ids {sorted(dupes)[:5]}")
    deposit_links(rows, deposits)
    rows.sort(key=lambda o: o["id"])
    report.sort(key=lambda x: (x["issue"], x["id"]))
    with open(os.path.join(gdir, "occurrences.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=FIELDS, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)
    with open(os.path.join(gdir, "occurrences_report.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=REPORT, lineterminator="\n", restval="")
        w.writeheader()
        w.writerows(report)
    linked = {o["deposit_id"] for o in rows if o["deposit_id"]}
    counts = {}
    for o in rows:
        counts[o["country_check"]] = counts.get(o["country_check"], 0) + 1
    print(f"occurrences.csv: {len(rows)} records ({len(recs)} in the files, "
          f"{sum(1 for x in report if x['issue'] == 'left_out')} left out); country_check {counts}; "
          f"{sum(1 for o in rows if o['deposit_id'])} records linked to {len(linked)} of {len(deposits)} deposits",
          file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "geodata"))
