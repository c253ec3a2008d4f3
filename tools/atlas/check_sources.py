#!/usr/bin/python3
"""Checks geodata/checked_sources.csv against the records it checks (run by CTest as atlas.sources).

- the header is exact; every row names a record of its layer, a source title and a known verdict
- coordinate rows: the distance from the record's point to the source's point, recomputed with GeodSolve
  (WGS84), equals distance_km; a point the record follows (`agrees`) lies within the record's
  uncertainty_km; a `rejected` point lies outside it and says why in `note`
- status rows with a source date: the record's status is not `unknown`, and its status_as_of is the latest of
  those dates (the status comes from the latest dated source)
Exit 1 on any error, each printed on one line naming the file, record and source.
`--self-test` also checks that the checks bite: on a copy of geodata/ with Yastrubetske back on the USGS
point (±3 km), Seligdar's dated status back to `unknown` and Lovozero's status dated by an older source
(2021) than its latest (2025-11-12), all three must be reported.
- tools/atlas/sources.py defines each source code once (a dict literal keeps only the last of two
  definitions, so a second "MK1" silently re-pointed Mushgai Khudag's citation to another article until
  2026-12-05); the self-test also feeds it a text with a code defined twice
"""
import csv, os, re, shutil, subprocess, sys, tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
G = os.path.join(ROOT, "geodata")
NAME = "checked_sources.csv"
HEADER = ("record_id,layer,field,source_id,source_title,source_url,source_value,source_lat,source_lon,"
          "distance_km,verdict,source_date,date_checked,note")
VERDICTS = {"coordinate": {"agrees", "rejected"}, "other": {"confirmed", "corrected", "added"}}
DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
LAYERS = {"deposits": "deposits.csv", "processing_sites": "processing_sites.csv", "country_stats": "country_stats.csv"}


def geodesic_km(pairs):
    """Distances (km) for [(lat1, lon1, lat2, lon2)], one GeodSolve run for all."""
    if not pairs:
        return []
    text = "".join(f"{a} {b} {c} {d}\n" for a, b, c, d in pairs)
    out = subprocess.run(["GeodSolve", "-i"], input=text, capture_output=True, text=True, check=True).stdout
    return [float(line.split()[2]) / 1000 for line in out.splitlines()]


def load(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


SOURCES_PY = os.path.join(ROOT, "tools", "atlas", "sources.py")
SOURCE_KEY = re.compile(r'^    "([^"]+)": \(', re.M)


def duplicate_codes(text):
    """Source codes defined more than once in the text of sources.py."""
    seen, dups = set(), []
    for code in SOURCE_KEY.findall(text):
        if code in seen and code not in dups:
            dups.append(code)
        seen.add(code)
    return dups


def main(gdir=G):
    errors = []
    with open(SOURCES_PY, encoding="utf-8") as fh:
        for code in duplicate_codes(fh.read()):
            errors.append(f"sources.py: source code {code!r} is defined more than once (only the last one counts)")
    path = os.path.join(gdir, NAME)
    with open(path, encoding="utf-8") as fh:
        first = fh.readline().rstrip("\n")
    if first != HEADER:
        print(f"ERROR: {NAME}: header differs:\n  got      {first}\n  expected {HEADER}")
        return 1
    rows = load(path)
    recs = {layer: {r["id"]: r for r in load(os.path.join(gdir, f))} for layer, f in LAYERS.items()}
    coords, latest = [], {}
    for i, c in enumerate(rows, start=2):
        where = f"{NAME}:{i}: {c['record_id']} / {c['source_id']}"
        rec = recs.get(c["layer"], {}).get(c["record_id"])
        if rec is None:
            errors.append(f"{where}: no record {c['record_id']!r} in layer {c['layer']!r}")
            continue
        kind = "coordinate" if c["field"] == "coordinate" else "other"
        if c["verdict"] not in VERDICTS[kind]:
            errors.append(f"{where}: verdict {c['verdict']!r} not in {sorted(VERDICTS[kind])}")
        if not c["source_title"].strip() or not c["source_id"].strip():
            errors.append(f"{where}: source id or title missing")
        for k in ("source_date", "date_checked"):
            if c[k] and not DATE.match(c[k]):
                errors.append(f"{where}: {k}={c[k]!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        if not c["date_checked"]:
            errors.append(f"{where}: date_checked missing")
        if kind == "coordinate":
            try:
                pair = (float(rec["lat"]), float(rec["lon"]), float(c["source_lat"]), float(c["source_lon"]))
                coords.append((where, rec, c, pair))
            except ValueError:
                errors.append(f"{where}: coordinate row without numeric points")
        elif c["field"] == "status" and c["source_date"]:
            if rec.get("status") == "unknown":
                errors.append(f"{where}: status is 'unknown' although the source gives one ({c['source_date']})")
            latest.setdefault((c["layer"], c["record_id"]), []).append((c["source_date"], where, rec))
    # The status is the latest dated source's: status_as_of is the latest date among the record's status rows.
    for rows_of in latest.values():
        date, where, rec = max(rows_of)
        if rec.get("status_as_of") != date:
            errors.append(f"{where}: status_as_of {rec.get('status_as_of')!r} != the latest status source's date {date!r}")
    for (where, rec, c, _), d in zip(coords, geodesic_km([x[3] for x in coords])):
        unc = float(rec["uncertainty_km"])
        if abs(d - float(c["distance_km"])) > 0.01:
            errors.append(f"{where}: distance_km {c['distance_km']} but GeodSolve gives {d:.2f} km")
        if c["verdict"] == "agrees" and d > unc:
            errors.append(f"{where}: source point is {d:.2f} km from the record, beyond its uncertainty_km {unc:g}")
        if c["verdict"] == "rejected" and (d <= unc or not c["note"].strip()):
            errors.append(f"{where}: a rejected point must lie outside the radius ({d:.2f} <= {unc:g} km) "
                          f"and say why in note")
    for e in errors:
        print("ERROR:", e)
    n_rec = len({(c["layer"], c["record_id"]) for c in rows})
    print(f"{NAME}: {len(rows)} rows on {n_rec} records, {len(coords)} coordinate checks; {len(errors)} errors")
    return 1 if errors else 0


def self_test():
    """The errors of the atlas before 2026-12-04 must be caught (run on a temporary copy)."""
    with tempfile.TemporaryDirectory() as tmp:
        for f in list(LAYERS.values()) + [NAME]:
            shutil.copy(os.path.join(G, f), tmp)
        path = os.path.join(tmp, "deposits.csv")
        with open(path, encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            fields, rows = reader.fieldnames, list(reader)
        for r in rows:
            if r["id"] == "ua-yastrubetske":
                r.update(lon="28.85", lat="51.2333", uncertainty_km="3")
            if r["id"] == "ru-seligdar":
                r["status"] = "unknown"
            if r["id"] == "ru-lovozero":
                r["status_as_of"] = "2021"
        with open(path, "w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
            w.writeheader()
            w.writerows(rows)
        out = subprocess.run([sys.executable, __file__, tmp], capture_output=True, text=True).stdout
    want = ["ua-yastrubetske / WOL: source point is", "ru-seligdar / GD17: status is 'unknown'",
            "ru-lovozero / LG1: status_as_of '2021' != the latest status source's date '2025-11-12'"]
    missing = [w for w in want if w not in out]
    if duplicate_codes('    "A1": ("x", "", ""),\n    "B1": ("y", "", ""),\n    "A1": ("z", "", ""),\n') != ["A1"]:
        missing.append("a source code defined twice in sources.py")
    for w in missing:
        print(f"ERROR: self-test: the old error was not caught: {w!r}")
    print(f"self-test: {len(want) + 1 - len(missing)} of {len(want) + 1} old errors caught")
    return 1 if missing else 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--self-test"]:
        sys.exit(main() or self_test())
    sys.exit(main(*sys.argv[1:2]))
