#!/usr/bin/python3
"""geodata/country_names.csv: every name a source may give a country, with its ISO 3166-1 alpha-3 code
(columns name,iso3). Used to give USGS records their country code from the country name
(tools/atlas/make_occurrences.py), and meant for any loader that assigns a country by name.

The names, each folded the way `depomap region --name` folds them (util::fold_name: case, accents of
Latin letters kept, quotes/brackets/dashes ignored) only to find clashes:
- each country of geodata/admin_regions.geojson: its name and local name (Natural Earth, iso-codes);
- the country rows of geodata/region_names.csv (ISO 3166-1 names and their translations from Debian's
  iso-codes, Natural Earth's other names, the common short forms of region_names_common.csv);
- ISO 3166-1's name, common name and official name (iso-codes);
- SHORT_FORMS below: English short forms that sources use and ISO does not list.
A name that would point at two countries is left out. Codes are the admin layer's (`KOS` for Kosovo,
Natural Earth's code, has no ISO 3166-1 code). Run after make_region_names.py:
    /usr/bin/python3 tools/atlas/make_country_names.py [GEODATA_DIR]
"""
import csv, json, os, re, sys, unicodedata

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
ISO1 = "/usr/share/iso-codes/json/iso_3166-1.json"
# Short forms in use (USGS MCS writes "Burma"; the USGS site files "Russia", "Turkey") that neither ISO nor
# Natural Earth's names give.
SHORT_FORMS = {"Burma": "MMR", "Turkey": "TUR", "Russia": "RUS", "Vietnam": "VNM", "Czech Republic": "CZE",
               "Ivory Coast": "CIV", "Swaziland": "SWZ", "Macedonia": "MKD", "Cape Verde": "CPV",
               "East Timor": "TLS", "Democratic Republic of the Congo": "COD", "Republic of the Congo": "COG",
               "Kosovo": "KOS", "USA": "USA", "UK": "GBR"}


def fold(name):
    s = unicodedata.normalize("NFKC", name).casefold().replace("ё", "е")
    s = re.sub(r"['\"`‘’“”«»ʼʹ()\[\]]", "", s)
    s = re.sub(r"[\s,./_\-‐-―]+", " ", s)
    return s.strip()


def main(gdir):
    admin = json.load(open(os.path.join(gdir, "admin_regions.geojson"), encoding="utf-8"))
    countries = {}
    for f in admin["features"]:
        p = f["properties"]
        if p["level"] == "country" and p["country_iso3"] != "XNE":
            countries[p["country_iso3"]] = p
    names = []  # (name, iso3)
    for iso3, p in countries.items():
        names += [(p["name"], iso3), (p.get("name_local") or "", iso3)]
    with open(os.path.join(gdir, "region_names.csv"), encoding="utf-8", newline="") as fh:
        names += [(r["name"], r["region_id"]) for r in csv.DictReader(fh) if r["region_id"] in countries]
    for c in json.load(open(ISO1, encoding="utf-8"))["3166-1"]:
        if c["alpha_3"] in countries:
            names += [(c.get(k, ""), c["alpha_3"]) for k in ("name", "common_name", "official_name")]
    names += [(n, i) for n, i in SHORT_FORMS.items() if i in countries]
    by_fold = {}
    for name, iso3 in names:
        name = name.strip()
        if name:
            by_fold.setdefault(fold(name), {}).setdefault(iso3, set()).add(name)
    rows, clashes = set(), 0
    for folded, hits in by_fold.items():
        if len(hits) > 1:
            clashes += 1
            continue
        (iso3, spellings), = hits.items()
        rows.update((n, iso3) for n in spellings)
    with open(os.path.join(gdir, "country_names.csv"), "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["name", "iso3"])
        w.writerows(sorted(rows, key=lambda r: (r[1], r[0])))
    print(f"country_names.csv: {len(rows)} names of {len({r[1] for r in rows})} countries "
          f"({clashes} names shared by two countries left out)", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, "geodata"))
