#!/usr/bin/python3
"""The build of geodata/ reproduces the shipped files (CTest atlas.build).

Runs tools/atlas/build.sh into a temporary folder and compares every built file with geodata/'s by meaning:
CSV rows as sorted lists of values (numbers compared as numbers, to 1e-9), GeoJSON features by id with their
properties and their coordinates rounded to 1e-6 degrees. Exit 1 on any difference, each named on one line
(file, record, what differs). `--self-test` then compares the same build with a copy of geodata/ in which
Tomtor's point moved, Crimea's region is missing and an occurrence's deposit link changed: all three must be
reported.
"""
import csv, json, os, shutil, subprocess, sys, tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
G = os.path.join(ROOT, "geodata")
BUILT = ["admin_regions.geojson", "region_names.csv", "country_names.csv", "deposits.csv", "processing_sites.csv",
         "reserve_areas.geojson", "country_stats.csv", "occurrences.csv", "occurrences_report.csv",
         "checked_sources.csv"]


def value(v):
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float)):
        return round(float(v), 9)
    if isinstance(v, str):
        try:
            return round(float(v), 9) if v.strip() and v.strip().lower() not in ("nan", "inf", "-inf") else v
        except ValueError:
            return v
    if isinstance(v, list):
        return [value(x) for x in v]
    if isinstance(v, dict):
        return {k: value(x) for k, x in v.items()}
    return v


def coords(c):
    return [coords(x) for x in c] if isinstance(c, list) and c and isinstance(c[0], list) else \
        [round(float(x), 6) for x in c]


def compare_csv(name, a, b, out):
    with open(a, encoding="utf-8", newline="") as fa, open(b, encoding="utf-8", newline="") as fb:
        ra, rb = list(csv.reader(fa)), list(csv.reader(fb))
    if not ra or not rb or ra[0] != rb[0]:
        out.append(f"{name}: header differs")
        return
    key = lambda r: [str(value(x)) for x in r]
    built = sorted(map(key, ra[1:]))
    shipped = sorted(map(key, rb[1:]))
    if built != shipped:
        only_b = [r for r in built if r not in shipped]
        only_s = [r for r in shipped if r not in built]
        for r in only_b[:5]:
            out.append(f"{name}: record {r[0]!r} as built differs from the shipped one (or is not shipped)")
        for r in only_s[:5]:
            out.append(f"{name}: shipped record {r[0]!r} is not what the build makes")
        if not only_b and not only_s:
            out.append(f"{name}: the same records, repeated a different number of times")


def compare_geojson(name, a, b, out):
    fa, fb = (json.load(open(p, encoding="utf-8"))["features"] for p in (a, b))
    ka = {f["properties"].get("id"): f for f in fa}
    kb = {f["properties"].get("id"): f for f in fb}
    for i in sorted(set(ka) ^ set(kb), key=str)[:5]:
        out.append(f"{name}: feature {i!r} is {'only built' if i in ka else 'shipped but not built'}")
    for i in sorted(set(ka) & set(kb), key=str):
        x, y = ka[i], kb[i]
        if value(x["properties"]) != value(y["properties"]):
            out.append(f"{name}: feature {i!r}: properties differ")
        elif x["geometry"]["type"] != y["geometry"]["type"] or \
                coords(x["geometry"]["coordinates"]) != coords(y["geometry"]["coordinates"]):
            out.append(f"{name}: feature {i!r}: geometry differs")


def compare(built, shipped):
    out = []
    for name in BUILT:
        a, b = os.path.join(built, name), os.path.join(shipped, name)
        if not os.path.exists(a) or not os.path.exists(b):
            out.append(f"{name}: {'not built' if not os.path.exists(a) else 'not shipped'}")
        elif name.endswith(".csv"):
            compare_csv(name, a, b, out)
        else:
            compare_geojson(name, a, b, out)
    return out


def plant_errors(shipped, into):
    """A copy of geodata/'s built files with three known errors."""
    for name in BUILT:
        shutil.copy(os.path.join(shipped, name), into)
    rewrite_csv(os.path.join(into, "deposits.csv"), "ru-tomtor", lambda r: r.update(lat=str(float(r["lat"]) + 0.01)))
    rewrite_csv(os.path.join(into, "occurrences.csv"), "usgs-ree-146", lambda r: r.update(deposit_id=""))
    path = os.path.join(into, "admin_regions.geojson")
    doc = json.load(open(path, encoding="utf-8"))
    doc["features"] = [f for f in doc["features"] if f["properties"]["id"] != "UA-43"]
    json.dump(doc, open(path, "w", encoding="utf-8"))
    return ["deposits.csv: shipped record 'ru-tomtor'", "occurrences.csv: shipped record 'usgs-ree-146'",
            "admin_regions.geojson: feature 'UA-43' is only built"]


def rewrite_csv(path, rid, change):
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = reader.fieldnames, list(reader)
    for r in rows:
        if r["id"] == rid:
            change(r)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        w.writeheader()
        w.writerows(rows)


def main(self_test):
    with tempfile.TemporaryDirectory() as tmp:
        built = os.path.join(tmp, "built")
        run = subprocess.run(["sh", os.path.join(ROOT, "tools", "atlas", "build.sh"), built],
                             capture_output=True, text=True)
        if run.returncode != 0:
            print(f"ERROR: tools/atlas/build.sh failed (exit {run.returncode}):\n{run.stderr[-2000:]}")
            return 1
        diffs = compare(built, G)
        for d in diffs:
            print("ERROR:", d)
        print(f"build of geodata/: {len(BUILT)} files compared with the shipped ones; {len(diffs)} differences")
        if diffs or not self_test:
            return 1 if diffs else 0
        planted = os.path.join(tmp, "planted")
        os.makedirs(planted)
        want = plant_errors(G, planted)
        got = compare(built, planted)
        missing = [w for w in want if not any(g.startswith(w) for g in got)]
        for w in missing:
            print(f"ERROR: self-test: not reported: {w!r}")
        print(f"self-test: {len(want) - len(missing)} of {len(want)} planted differences reported")
        return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:] == ["--self-test"]))
