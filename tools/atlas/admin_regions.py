#!/usr/bin/python3
"""Second half of make_admin_regions.sh: attributes, ISO 3166-2 codes, validity, GeoJSON.

Input: two GeoPackages made by ogr2ogr (countries, regions), output path.
ISO codes and local names come from Debian's iso-codes (LGPL-2.1+): Natural Earth's
world_map.gpkg as shipped by QGIS has no iso_3166_2 / name_ru columns, so regions are
matched to ISO 3166-2 subdivisions by (transliterated) name, with the overrides below.
"""
import gettext, json, math, re, sys, unicodedata
from osgeo import ogr, osr, gdal

gdal.UseExceptions()
ogr.UseExceptions()
SOURCE = "Natural Earth via QGIS world_map.gpkg, public domain"
ISO2 = json.load(open("/usr/share/iso-codes/json/iso_3166-2.json", encoding="utf-8"))["3166-2"]
ISO1 = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json", encoding="utf-8"))["3166-1"]
A2_TO_A3 = {c["alpha_2"]: c["alpha_3"] for c in ISO1}
A3_TO_A2 = {v: k for k, v in A2_TO_A3.items()}
LOCAL_LANG = {"RUS": "ru", "UKR": "uk", "BLR": "be", "KAZ": "kk", "KGZ": "ky", "CHN": "zh_CN", "MNG": "mn"}
# Natural Earth 4.1 region (adm0_a3, name) -> ISO 3166-2 code, where name matching fails.
OVERRIDES = {
    ("RUS", "Crimea"): "UA-43", ("RUS", "Sevastopol"): "UA-40",
    ("RUS", "Moskva"): "RU-MOW", ("RUS", "City of St. Petersburg"): "RU-SPE",
    ("RUS", "Sakha (Yakutia)"): "RU-SA", ("RUS", "Chukchi Autonomous Okrug"): "RU-CHU",
    ("RUS", "Yamal-Nenets"): "RU-YAN", ("RUS", "Khanty-Mansiy"): "RU-KHM",
    ("RUS", "Maga Buryatdan"): "RU-MAG", ("RUS", "Kabardin-Balkar"): "RU-KB",
    ("RUS", "Karachay-Cherkess"): "RU-KC", ("RUS", "North Ossetia"): "RU-SE",
    ("RUS", "Chechnya"): "RU-CE", ("RUS", "Tuva"): "RU-TY", ("RUS", "Udmurt"): "RU-UD",
    ("RUS", "Chuvash"): "RU-CU", ("RUS", "Mariy-El"): "RU-ME", ("RUS", "Zabaykal'ye"): "RU-ZAB",
    ("RUS", "Gorno-Altay"): "RU-AL", ("RUS", "Yevrey"): "RU-YEV", ("RUS", "Primor'ye"): "RU-PRI",
    ("RUS", "Nenets"): "RU-NEN", ("RUS", "Kamchatka"): "RU-KAM",
    ("UKR", "Kiev City"): "UA-30", ("UKR", "Kiev"): "UA-32", ("UKR", "Transcarpathia"): "UA-21",
    ("RUS", "Chita"): "RU-ZAB", ("RUS", "Perm'"): "RU-PER", ("RUS", "Moskovsskaya"): "RU-MOS",
    ("RUS", "Orel"): "RU-ORL", ("RUS", "Adygey"): "RU-AD", ("RUS", "Buryat"): "RU-BU",
    ("RUS", "Khakass"): "RU-KK", ("RUS", "Kalmyk"): "RU-KL", ("RUS", "Mordovia"): "RU-MO",
    ("RUS", "Altay"): "RU-ALT", ("CHN", "Ningxia"): "CN-NX", ("RUS", "Lipetsk"): "RU-LIP",
}
# Recognised boundaries (UN General Assembly resolution 68/262 of 27 March 2014; ISO 3166-2:UA lists
# UA-43 and UA-40): Crimea and Sevastopol are Ukraine's. Natural Earth's default view draws them in
# Russia; they are moved and flagged, and `de_facto_iso3` keeps the line a user may draw on purpose.
RECOGNISED = "UN GA resolution 68/262 (2014); ISO 3166-2:UA"
OCCUPIED = {"UA-43", "UA-40"}
# `disputed` says why (empty for none), as the deposits' column of the same name does.
OCCUPIED_PROPS = {"disputed": "occupied by Russia since 2014 (annexation not recognised: " + RECOGNISED + ")",
                  "de_facto_iso3": "RUS"}
COUNTRY_NOTES = {
    "UKR": "includes Crimea (UA-43) and Sevastopol (UA-40) as recognised by " + RECOGNISED
           + "; occupied by Russia since 2014: the two regions carry `disputed` (why) and de_facto_iso3=RUS",
    "RUS": "excludes Crimea (UA-43) and Sevastopol (UA-40), Ukraine's as recognised by " + RECOGNISED
           + "; Natural Earth's default (de-facto) view draws them in Russia: union the regions with "
             "de_facto_iso3=RUS to draw that line",
}
GENERIC = set("""oblast oblast' oblasti oblasts krai kray krayi respublika republic republik republique of the
avtonomnyy avtonomnaya autonomous okrug avtonomnyi province provincia provinsi state estado territory
region regione gorod city misto avtonomna zizhiqu sheng shi autonomous zone special administrative
county department departement district governorate prefecture municipality metropolitan
lan laen fylke oblysy qalasy kraj krai' union
""".split())


def norm(s):
    if not s:
        return ""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch)).lower()
    s = re.sub(r"[’'`ʹʼ]", "", s)
    s = re.sub(r"\[.*?\]", " ", s)
    s = re.sub(r"[^a-z0-9]+", " ", s)
    words = [w for w in s.split() if w not in GENERIC]
    s = " ".join(words)
    # GOST/ISO 9 vs BGN transliteration, and ae/oe/ue spellings of umlauts
    for a, b in (("ae", "a"), ("oe", "o"), ("ue", "u"), ("ja", "ya"), ("ju", "yu"), ("je", "ye"),
                 ("ij", "iy"), ("j", "y"), ("kh", "h"), ("yy", "y"), ("iy", "i"), ("ay", "ai")):
        s = s.replace(a, b)
    return s


def translator(lang, domain):
    try:
        return gettext.translation(domain, languages=[lang]).gettext
    except OSError:
        return None


def as_valid_multipolygon(geom):
    if geom is None:
        return None
    if not geom.IsValid():
        geom = geom.MakeValid()
    t = ogr.GT_Flatten(geom.GetGeometryType())
    if t == ogr.wkbGeometryCollection:
        mp = ogr.Geometry(ogr.wkbMultiPolygon)
        for i in range(geom.GetGeometryCount()):
            g = geom.GetGeometryRef(i)
            gt = ogr.GT_Flatten(g.GetGeometryType())
            if gt == ogr.wkbPolygon:
                mp.AddGeometry(g)
            elif gt == ogr.wkbMultiPolygon:
                for j in range(g.GetGeometryCount()):
                    mp.AddGeometry(g.GetGeometryRef(j))
        geom = mp
    geom = ogr.ForceToMultiPolygon(geom)
    if geom.IsEmpty():
        return None
    if not geom.IsValid():
        geom = geom.MakeValid()
        geom = ogr.ForceToMultiPolygon(geom)
    return geom


def _signed_area(ring):
    a = 0.0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        a += x1 * y2 - x2 * y1
    return a / 2.0


# world_map.gpkg (qgis-common) cuts Natural Earth's polygons at +-179.9 deg, leaving a sea strip 0.2 deg
# wide along the antimeridian (Chukotka, Fiji, Antarctica): a map centred on the Pacific would draw it as
# a double line. Vertices on that cut are moved to the meridian itself, so the two halves meet.
ANTIMERIDIAN_CUT = 179.8999


def _round_ring(ring):
    out = []
    for pt in ring:
        x = math.copysign(180.0, pt[0]) if abs(pt[0]) >= ANTIMERIDIAN_CUT else pt[0]
        p = [round(x, 4), round(pt[1], 4)]
        if not out or p != out[-1]:
            out.append(p)
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def rounded_ccw(geom):
    """MultiPolygon coordinates rounded to 4 decimals, RFC 7946 winding (outer CCW, holes CW)."""
    polys = []
    for poly in json.loads(geom.ExportToJson())["coordinates"]:
        rings = []
        for i, ring in enumerate(poly):
            r = _round_ring(ring)
            if len(r) < 4:
                if i == 0:
                    break
                continue
            ccw = _signed_area(r) > 0
            if (i == 0 and not ccw) or (i > 0 and ccw):
                r.reverse()
            rings.append(r)
        if rings:
            polys.append(rings)
    return polys


def recognised_countries(raw_path, tol):
    """Russia and Ukraine from the unsimplified Natural Earth countries, with the Crimean part of
    Russia's multipolygon (the part that is exactly Natural Earth's Crimea + Sevastopol regions) moved
    into Ukraine and dissolved along the shared Perekop line; then simplified like the other countries."""
    ds = ogr.Open(raw_path)
    occ = None
    for f in ds.GetLayerByName("occupied"):
        g = f.GetGeometryRef().Clone()
        occ = g if occ is None else occ.Union(g)
    if occ is None:
        sys.exit("admin_regions: Crimea/Sevastopol not found in Natural Earth states_provinces")
    geoms = {f.GetField("ISO_A3"): f.GetGeometryRef().Clone() for f in ds.GetLayerByName("countries")}
    rus = ogr.Geometry(ogr.wkbMultiPolygon)
    moved = ogr.Geometry(ogr.wkbMultiPolygon)
    for i in range(geoms["RUS"].GetGeometryCount()):
        part = geoms["RUS"].GetGeometryRef(i)
        inter = part.Intersection(occ)
        share = inter.GetArea() / part.GetArea() if inter is not None else 0
        if share > 0.999:
            moved.AddGeometry(part)
        elif share > 0.001:  # a part only partly Crimean would need cutting: refuse to guess
            sys.exit(f"admin_regions: Russia's part {i} is {share:.1%} Crimea; the source changed")
        else:
            rus.AddGeometry(part)
    if abs(moved.GetArea() - occ.GetArea()) > 1e-6 * occ.GetArea():
        sys.exit("admin_regions: Russia's Crimean part differs from the Crimea + Sevastopol regions")
    ukr = geoms["UKR"].Union(moved)
    return {"RUS": rus.SimplifyPreserveTopology(tol), "UKR": ukr.SimplifyPreserveTopology(tol)}


def main(cpath, rpath, out, raw_path, tol):
    feats = []
    fixed = recognised_countries(raw_path, float(tol))
    cds = ogr.Open(cpath)
    seen = set()
    for f in cds.GetLayer(0):
        a3 = f.GetField("ISO_A3")
        name = f.GetField("NAME")
        a2raw = f.GetField("iso_a2")
        if not name and a2raw in A2_TO_A3:  # e.g. Tokelau has no NAME/ISO_A3 in this build
            a3 = A2_TO_A3[a2raw]
            name = next(c["name"] for c in ISO1 if c["alpha_2"] == a2raw)
        elif not name:  # a multipart feature of small areas Natural Earth assigns to no country
            a3, name = "XNE", "Areas without a country code (Natural Earth)"
        if a3 in (None, "", "-99"):
            a3 = {"Kosovo": "KOS"}.get(name, (f.GetField("WB_A3") or name[:3]).upper())
        fid = a3
        n = 2
        while fid in seen:
            fid = f"{a3}-{n}"; n += 1
        seen.add(fid)
        a2 = f.GetField("iso_a2") or A3_TO_A2.get(a3, "")
        local = ""
        lang = LOCAL_LANG.get(a3)
        if lang:
            c = next((c for c in ISO1 if c["alpha_3"] == a3), None)
            tr = translator(lang, "iso_3166-1")
            if c and tr:
                local = tr(c["name"])
                if local == c["name"]:
                    local = ""
        props = {"id": fid, "name": name, "name_local": local, "country_iso3": a3,
                 "level": "country", "iso_code": a2 if a2 not in ("-99", "-1", None) else "", "source": SOURCE}
        if a3 in COUNTRY_NOTES:
            props["note"] = COUNTRY_NOTES[a3]
        feats.append((props, fixed[a3] if a3 in fixed else f.GetGeometryRef().Clone()))
    rds = ogr.Open(rpath)
    unmatched = []
    by_country = {}
    for s in ISO2:
        by_country.setdefault(s["code"][:2], []).append(s)
    used = set()
    for f in rds.GetLayer(0):
        a3 = f.GetField("adm0_a3")
        name = f.GetField("name") or f.GetField("gn_name") or "Unnamed fragment (Natural Earth)"
        a2 = f.GetField("iso_a2") or A3_TO_A2.get(a3, "")
        code = OVERRIDES.get((a3, name))
        if not code:
            keys = {norm(x) for x in (name, f.GetField("gn_name"), f.GetField("woe_name"),
                                      (f.GetField("woe_label") or "").split(",")[0]) if x}
            keys.discard("")
            cands = [s for s in by_country.get(a2, []) if norm(s["name"]) in keys]
            if len(cands) > 1:  # prefer the top-level subdivision
                top = [s for s in cands if "parent" not in s]
                cands = top or cands
            if not cands:  # unique prefix match ("smolensk" ~ "smolenskaya")
                def pref(a, b):
                    return len(a) >= 4 and len(b) >= 4 and (a.startswith(b) or b.startswith(a))
                cands = [s for s in by_country.get(a2, []) if "parent" not in s
                         and any(pref(norm(s["name"]), k) for k in keys)]
                if len(cands) != 1:
                    cands = []
            if cands:
                code = cands[0]["code"]
        iso_entry = next((s for s in ISO2 if s["code"] == code), None) if code else None
        if not code:
            unmatched.append((a3, name, f.GetField("gn_name"), f.GetField("fips")))
            fid = f"{a3}-{f.GetField('fips') or norm(name).replace(' ', '-')}"
        else:
            fid = code
        n = 2
        base = fid
        while fid in seen:
            fid = f"{base}-{n}"; n += 1
        seen.add(fid)
        local = ""
        lang = LOCAL_LANG.get(a3 if not (code or "").startswith("UA-") else "UKR")
        if lang and iso_entry:
            tr = translator(lang, "iso_3166-2")
            if tr:
                t = tr(iso_entry["name"])
                local = t if t != iso_entry["name"] else ""
        props = {"id": fid, "name": name, "name_local": local, "country_iso3": a3,
                 "level": "region", "iso_code": code or "", "source": SOURCE}
        if code in OCCUPIED:
            props.update(country_iso3="UKR", **OCCUPIED_PROPS)
        feats.append((props, f.GetGeometryRef().Clone()))
    bad = 0
    lines = []
    for props, geom in feats:
        g = as_valid_multipolygon(geom)
        if g is None:
            print(f"admin_regions: dropped empty geometry {props['id']}", file=sys.stderr)
            continue
        coords = rounded_ccw(g)
        g2 = ogr.CreateGeometryFromJson(json.dumps({"type": "MultiPolygon", "coordinates": coords}))
        if not g2.IsValid():  # rounding to 4 decimals broke it: repair once more
            g2 = as_valid_multipolygon(g2)
            coords = rounded_ccw(g2)
            g3 = ogr.CreateGeometryFromJson(json.dumps({"type": "MultiPolygon", "coordinates": coords}))
            if not g3.IsValid():
                bad += 1
                print(f"admin_regions: still invalid after repair: {props['id']}", file=sys.stderr)
        lines.append(json.dumps({"type": "Feature", "properties": props,
                                 "geometry": {"type": "MultiPolygon", "coordinates": coords}},
                                ensure_ascii=False, separators=(",", ":")))
    with open(out, "w", encoding="utf-8") as fh:
        fh.write('{"type":"FeatureCollection","name":"admin_regions","features":[\n')
        fh.write(",\n".join(lines))
        fh.write("\n]}\n")
    for u in unmatched:
        print("admin_regions: no ISO 3166-2 code for", u, file=sys.stderr)
    print(f"admin_regions: {len(feats)} features, {len(unmatched)} regions without ISO code, {bad} invalid",
          file=sys.stderr)


if __name__ == "__main__":
    main(*sys.argv[1:6])
