#!/usr/bin/python3
"""Checks geodata/occurrences.csv, occurrences_report.csv and country_names.csv (CTest atlas.occurrences).

- headers exact, one record per line, ids unique slugs, every row cited (source, source_url)
- country_names.csv: no name with two codes; every code a country of admin_regions.geojson
- each row: named_iso3 is the code of its country name; country_iso3 a country of the admin layer (or empty
  for `outside`); country_check says how they compare (agrees, agrees_coast, differs, no_name, unknown_name,
  outside) and is consistent with both
- every 20th row: its point lies in the polygon of its country_iso3 (OGR, independent of the builder), or
  within 25 km of it for agrees_coast
- the report lists exactly the rows whose countries do not agree and the records left out; rows plus
  records left out are the distinct records of the site files
- links: every deposit_id is a deposit; the record lies within the deposit's uncertainty_km (GeodSolve);
  every USGS point that checked_sources.csv follows for a deposit (`agrees`) is linked to it, none that it
  `rejected` is
- the recognised boundaries: USGS's Azovske point (S1#278, named Ukraine, in Crimea) is UKR
Exit 1 on any error, each printed on one line. `--self-test`: on a copy with S1#278 labelled RUS, Tomtor's
USGS S1#146 unlinked and Kvanefjeld linked to a USGS Ilimaussaq point about 100 km off, all three are caught.
"""
import csv, json, os, re, shutil, subprocess, sys, tempfile
from osgeo import ogr

ogr.UseExceptions()
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
G = os.path.join(ROOT, "geodata")
HEADER = ("id,name,name_alt,country_iso3,country,named_iso3,country_check,region,commodities,deposit_type,deposit_id,"
          "source_db,record_id,source,source_url,notes,lon,lat")
REPORT = "id,source_db,record_id,name,issue,country,named_iso3,located_iso3,distance_km,note"
CHECKS = {"agrees", "agrees_coast", "differs", "no_name", "unknown_name", "outside"}
USGS_IDS = {"S1": "usgs-ree-", "S2": "usgs-carbonatite-", "S3": "usgs-mrds-", "UD": "usgs-deposit-",
            "UM": "usgs-major-deposits-"}


def rows_of(path, header, errors):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    first = text.split("\n", 1)[0]
    if first != header:
        errors.append(f"{os.path.basename(path)}: header differs:\n  got      {first}\n  expected {header}")
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    if text.count("\n") != len(rows) + 1:
        errors.append(f"{os.path.basename(path)}: not one record per line")
    return rows


def geodesic_km(pairs):
    if not pairs:
        return []
    text = "".join(f"{a} {b} {c} {d}\n" for a, b, c, d in pairs)
    out = subprocess.run(["GeodSolve", "-i"], input=text, capture_output=True, text=True, check=True).stdout
    return [float(line.split()[2]) / 1000 for line in out.splitlines()]


def main(gdir=G):
    errors = []
    occ = rows_of(os.path.join(gdir, "occurrences.csv"), HEADER, errors)
    report = rows_of(os.path.join(gdir, "occurrences_report.csv"), REPORT, errors)
    names = rows_of(os.path.join(gdir, "country_names.csv"), "name,iso3", errors)
    admin = json.load(open(os.path.join(gdir, "admin_regions.geojson"), encoding="utf-8"))
    countries = {}
    for f in admin["features"]:
        p = f["properties"]
        if p["level"] == "country":
            countries[p["country_iso3"]] = ogr.CreateGeometryFromJson(json.dumps(f["geometry"]))
    iso_of = {}
    for r in names:
        if r["name"] in iso_of and iso_of[r["name"]] != r["iso3"]:
            errors.append(f"country_names.csv: {r['name']!r} has two codes")
        iso_of[r["name"]] = r["iso3"]
        if r["iso3"] not in countries:
            errors.append(f"country_names.csv: {r['name']!r}: {r['iso3']} is not a country of the admin layer")
    deposits = {}
    with open(os.path.join(gdir, "deposits.csv"), encoding="utf-8", newline="") as fh:
        deposits = {d["id"]: d for d in csv.DictReader(fh)}

    ids = [o["id"] for o in occ]
    for i in sorted({x for x in ids if ids.count(x) > 1}):
        errors.append(f"occurrences.csv: duplicate id {i}")
    by_id = {o["id"]: o for o in occ}
    sample, links = [], []
    for n, o in enumerate(occ):
        where = f"occurrences.csv:{o['id']}"
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", o["id"]):
            errors.append(f"{where}: id is not a slug")
        if not o["source"].strip() or not o["source_url"].startswith("https://"):
            errors.append(f"{where}: no source or source_url")
        c, named, located = o["country_check"], o["named_iso3"], o["country_iso3"]
        if c not in CHECKS:
            errors.append(f"{where}: country_check {c!r}")
        if named != iso_of.get(o["country"], ""):
            errors.append(f"{where}: named_iso3 {named!r} is not the code of {o['country']!r}")
        if located and located not in countries:
            errors.append(f"{where}: country_iso3 {located!r} is not a country of the admin layer")
        want = {"agrees": named and located == named, "agrees_coast": named and located == named,
                "differs": named and located and located != named, "no_name": not o["country"] and located,
                "unknown_name": o["country"] and not named and located, "outside": not located}.get(c)
        if not want:
            errors.append(f"{where}: country_check {c!r} but named {named!r}, located {located!r}")
        if located and n % 20 == 0:
            sample.append(o)
        if o["deposit_id"]:
            d = deposits.get(o["deposit_id"])
            if d is None:
                errors.append(f"{where}: deposit_id {o['deposit_id']!r} is not a deposit")
            else:
                links.append((o, d))
    for o in sample:
        pt = ogr.Geometry(ogr.wkbPoint)
        pt.AddPoint_2D(float(o["lon"]), float(o["lat"]))
        g = countries[o["country_iso3"]]
        reach = 25 / 111.0 if o["country_check"] == "agrees_coast" else 0  # degrees; loose enough for a check
        if not (g.Intersects(pt) or (reach and g.Distance(pt) <= reach * 2)):
            errors.append(f"occurrences.csv:{o['id']}: point {o['lat']} {o['lon']} is not in {o['country_iso3']}")
    pairs = [(float(d["lat"]), float(d["lon"]), float(o["lat"]), float(o["lon"])) for o, d in links]
    for (o, d), km in zip(links, geodesic_km(pairs)):
        if km > float(d["uncertainty_km"]):
            errors.append(f"occurrences.csv:{o['id']}: linked to {d['id']} but {km:.1f} km from it "
                          f"(uncertainty_km {d['uncertainty_km']})")
    with open(os.path.join(gdir, "checked_sources.csv"), encoding="utf-8", newline="") as fh:
        for c in csv.DictReader(fh):
            code, _, rec = c["source_id"].partition("#")
            if c["field"] != "coordinate" or code not in USGS_IDS:
                continue
            o = by_id.get(USGS_IDS[code] + rec.lower())
            if o is None:
                errors.append(f"checked_sources.csv: {c['source_id']} ({c['record_id']}) is not in occurrences.csv")
            elif c["layer"] != "deposits":
                continue  # a plant placed on a USGS point: occurrences link deposits only
            elif c["verdict"] == "agrees" and o["deposit_id"] != c["record_id"]:
                errors.append(f"occurrences.csv:{o['id']}: checked_sources follows it for {c['record_id']}, "
                              f"but it is linked to {o['deposit_id'] or 'nothing'}")
            elif c["verdict"] == "rejected" and o["deposit_id"] == c["record_id"]:
                errors.append(f"occurrences.csv:{o['id']}: linked to {c['record_id']}, which rejected this point")
    listed = {x["id"] for x in report if x["issue"] in CHECKS}
    disagree = {o["id"] for o in occ if o["country_check"] not in ("agrees", "agrees_coast")}
    for i in sorted(disagree - listed):
        errors.append(f"occurrences_report.csv: {i} ({by_id[i]['country_check']}) is not listed")
    for i in sorted(listed - disagree):
        errors.append(f"occurrences_report.csv: {i} is listed, but its countries agree")
    left_out = [x for x in report if x["issue"] == "left_out"]
    records = set()
    for f in ("lanthanum_datafile.csv", "niobium_datafile.csv", "tantalum_datafile.csv"):
        with open(os.path.join(gdir, "usgs-minmod", f), encoding="utf-8", newline="") as fh:
            records.update(r["ms_uri"] for r in csv.DictReader(fh))
    if len(occ) + len(left_out) != len(records):
        errors.append(f"occurrences: {len(occ)} rows + {len(left_out)} left out != {len(records)} records in the files")
    crimea = by_id.get("usgs-ree-278")
    if crimea is None or (crimea["country_iso3"], crimea["country_check"]) != ("UKR", "agrees"):
        errors.append("occurrences.csv:usgs-ree-278 (Azovske's USGS point, in Crimea): not UKR / agrees "
                      f"({crimea and crimea['country_iso3']}, {crimea and crimea['country_check']})")
    for e in errors:
        print("ERROR:", e)
    print(f"occurrences.csv: {len(occ)} records, {len(left_out)} left out, {len(links)} linked to "
          f"{len({d['id'] for _, d in links})} deposits, {len(sample)} points re-checked; {len(errors)} errors")
    return 1 if errors else 0


def self_test():
    with tempfile.TemporaryDirectory() as tmp:
        for f in ("occurrences.csv", "occurrences_report.csv", "country_names.csv", "admin_regions.geojson",
                  "deposits.csv", "checked_sources.csv"):
            shutil.copy(os.path.join(G, f), tmp)
        shutil.copytree(os.path.join(G, "usgs-minmod"), os.path.join(tmp, "usgs-minmod"))
        path = os.path.join(tmp, "occurrences.csv")
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            fields, rows = reader.fieldnames, list(reader)
        ilimaussaq = next(r for r in rows if r["name"] == "Ilimaussaq" and r["country_iso3"] == "GRL")
        for r in rows:
            if r["id"] == "usgs-ree-278":
                r.update(country_iso3="RUS", country_check="differs")
            if r["id"] == "usgs-ree-146":
                r["deposit_id"] = ""
        ilimaussaq["deposit_id"] = "gl-kvanefjeld"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        out = subprocess.run([sys.executable, __file__, tmp], capture_output=True, text=True).stdout
    want = ["usgs-ree-278 (Azovske's USGS point, in Crimea): not UKR",
            "usgs-ree-146: checked_sources follows it for ru-tomtor, but it is linked to nothing",
            f"{ilimaussaq['id']}: linked to gl-kvanefjeld but"]
    missing = [w for w in want if w not in out]
    for w in missing:
        print(f"ERROR: self-test: not caught: {w!r}")
    print(f"self-test: {len(want) - len(missing)} of {len(want)} planted errors caught")
    return 1 if missing else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(main() or self_test())
    sys.exit(main(*sys.argv[1:2]))
