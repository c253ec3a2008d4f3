#!/usr/bin/python3
"""geodata/region_names.csv: the names people write for each admin region, and the alternates
carried by geodata/admin_regions.geojson (property name_alt, '|'-separated), which `depomap region
--name` and the country lookup read.

Sources, each named in the CSV's `source` column:
- ISO 3166-1/3166-2 names and their Russian, Ukrainian and other translations: Debian iso-codes
  (LGPL-2.1+), /usr/share/iso-codes/json and the gettext catalogues in /usr/share/locale;
- Natural Earth's woe_name, woe_label and gn_name, via QGIS's world_map.gpkg (public domain);
- English forms built from the ISO 3166-2 subdivision type of Russian and Ukrainian regions
  ("Irkutsk Oblast", "Krasnoyarsk Krai", "Komi Republic", "Chukchi Autonomous Okrug");
- geodata/region_names_common.csv: short and common forms (Якутия, Sakha Republic, Chukotka).
A name that would point at two regions (a translation shared by two, say) is left out of both,
unless it is the region's own name.
make_admin_regions.sh runs it last: /usr/bin/python3 tools/atlas/make_region_names.py [ADMIN_GEOJSON]
"""
import csv, gettext, json, os, re, sys, unicodedata
from osgeo import ogr

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
GEODATA = os.path.join(ROOT, "geodata")
WORLD_MAP = "/usr/share/qgis/resources/data/world_map.gpkg"
ISO1 = json.load(open("/usr/share/iso-codes/json/iso_3166-1.json", encoding="utf-8"))["3166-1"]
ISO2 = json.load(open("/usr/share/iso-codes/json/iso_3166-2.json", encoding="utf-8"))["3166-2"]
COUNTRY_LANGS = ["ru", "uk", "be", "kk", "ky", "mn", "zh_CN", "de", "fr", "es", "pt", "it"]
REGION_LANGS = {"RUS": ["ru", "uk"], "UKR": ["uk", "ru"], "BLR": ["be", "ru"], "KAZ": ["kk", "ru"],
                "KGZ": ["ky", "ru"]}
# ISO 3166-2 subdivision type -> the English form people write, from Natural Earth's name.
TYPE_FORMS = {
    "Administrative region": ["{} Oblast"], "Region": ["{} Oblast"],
    "Administrative territory": ["{} Krai", "{} Kray"], "Republic": ["{} Republic", "Republic of {}"],
    "Autonomous district": ["{} Autonomous Okrug"], "Autonomous region": ["{} Autonomous Oblast"],
}


def fold(name):
    """What util::fold_name does, near enough to find collisions."""
    s = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    s = re.sub(r"['\"`‘’“”«»ʼʹ()\[\]]", "", s)
    s = re.sub(r"[\s,./_\-‐-―]+", " ", s)
    return s.strip()


def translator(domain, lang):
    try:
        return gettext.translation(domain, localedir="/usr/share/locale", languages=[lang]).gettext
    except OSError:
        return None


def main(admin_path):
    admin = json.load(open(admin_path, encoding="utf-8"))
    regions = {f["properties"]["id"]: f["properties"] for f in admin["features"]}
    rows = []  # (region_id, name, source)

    for c in ISO1:
        if c["alpha_3"] not in regions:
            continue
        for key in ("name", "official_name", "common_name"):
            if c.get(key):
                rows.append((c["alpha_3"], c[key], f"iso-codes ISO 3166-1 {key}"))
                for lang in COUNTRY_LANGS:
                    t = translator("iso_3166-1", lang)
                    if t and t(c[key]) != c[key]:
                        rows.append((c["alpha_3"], t(c[key]), f"iso-codes ISO 3166-1 {key}, {lang}"))

    by_iso = {p["iso_code"]: rid for rid, p in regions.items() if p.get("level") == "region" and p.get("iso_code")}
    for s in ISO2:
        rid = by_iso.get(s["code"])
        if not rid:
            continue
        rows.append((rid, s["name"], "iso-codes ISO 3166-2"))
        country = regions[rid]["country_iso3"]
        for lang in REGION_LANGS.get(country, []) + (["ru", "uk"] if s["code"][:2] in ("RU", "UA") else []):
            t = translator("iso_3166-2", lang)
            if t and t(s["name"]) != s["name"]:
                rows.append((rid, t(s["name"]), f"iso-codes ISO 3166-2, {lang}"))
        if s["code"][:2] in ("RU", "UA"):
            for form in TYPE_FORMS.get(s["type"], []):
                rows.append((rid, form.format(regions[rid]["name"]), f"English form of ISO 3166-2 type '{s['type']}'"))

    # Natural Earth's other names, matched as admin_regions.py matched the regions: by country and name.
    by_name = {(p["country_iso3"], p["name"]): rid for rid, p in regions.items() if p.get("level") == "region"}
    ds = ogr.Open(WORLD_MAP)
    for f in ds.GetLayerByName("states_provinces"):
        rid = by_name.get((f.GetField("adm0_a3"), f.GetField("name")))
        if not rid:
            continue
        if f.GetField("gn_name"):
            rows.append((rid, f.GetField("gn_name"), "Natural Earth gn_name"))
        # Yahoo's WOE names are sometimes another region's (Sakha's woe_name is "Chukot"): kept
        # only when they begin as the region's own name or its GeoNames name does.
        stems = {fold(x)[:4] for x in (f.GetField("name"), f.GetField("gn_name") or "")}
        woe = [(f.GetField("woe_name"), "Natural Earth woe_name")]
        if f.GetField("woe_label"):
            woe.append((f.GetField("woe_label").split(",")[0], "Natural Earth woe_label"))
        for name, source in woe:
            if name and fold(name)[:4] in stems:
                rows.append((rid, name, source))

    with open(os.path.join(GEODATA, "region_names_common.csv"), encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            rows.append((r["region_id"], r["name"], "common: " + r["note"]))

    # A name two regions answer to is no alternate of either (the region's own names stay).
    owners = {}
    for rid, name, _ in rows:
        owners.setdefault(fold(name), set()).add(rid)
    own = {rid: {fold(p["name"]), fold(p.get("name_local") or "")} for rid, p in regions.items()}
    kept, seen = [], set()
    for rid, name, source in rows:
        key = fold(name)
        if not key or (rid, key) in seen or key in own[rid] or len(owners[key]) > 1:
            continue
        seen.add((rid, key))
        kept.append((rid, name.strip(), source))
    kept.sort(key=lambda r: (r[0], fold(r[1])))

    # Written beside the admin file it goes with (geodata/, or the folder tools/atlas/build.sh builds in).
    with open(os.path.join(os.path.dirname(os.path.abspath(admin_path)), "region_names.csv"), "w", encoding="utf-8",
              newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["region_id", "name", "source"])
        w.writerows(kept)
    alternates = {}
    for rid, name, _ in kept:
        alternates.setdefault(rid, []).append(name)
    for f in admin["features"]:
        names = alternates.get(f["properties"]["id"])
        if names:
            f["properties"]["name_alt"] = "|".join(names)
        else:
            f["properties"].pop("name_alt", None)
    # Written as admin_regions.py writes it: one feature a line.
    with open(admin_path, "w", encoding="utf-8") as fh:
        fh.write('{"type":"FeatureCollection","name":"admin_regions","features":[\n')
        fh.write(",\n".join(json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in admin["features"]))
        fh.write("\n]}\n")
    print(f"region_names.csv: {len(kept)} names for {len(alternates)} regions")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(GEODATA, "admin_regions.geojson"))
