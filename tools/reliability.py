"""Shared pieces of tools/killtest and tools/concurrency-test (not a tool itself).

Generated inputs, the depomap binary, and the checks a store must pass after anything happened
to it (a kill, a full disk, concurrent writers). The checks read the store with SQLite and
SpatiaLite directly, never through depomap, so a depomap bug cannot hide itself.
"""
import contextlib
import json
import os
import random
import re
import sqlite3
import subprocess
import sys

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

GEOMETRY_LAYERS = ("deposits", "processing_sites", "reserve_areas", "admin_regions")
LAYERS = GEOMETRY_LAYERS + ("country_stats",)

# SpatiaLite's R*Tree keeps 32-bit floats rounded outwards: one float step at 180 degrees is
# 1.5e-5, so a box may exceed its geometry by that much, never be inside it.
RTREE_SLACK = 1e-4


def find_depomap(given=None):
    """The depomap binary: --depomap, $DEPOMAP, else the first build directory that has one."""
    candidates = [given, os.environ.get("DEPOMAP")]
    for d in ("build-kill", "build", "build-release", "build-test", "build-bench"):
        candidates.append(os.path.join(REPO, d, "depomap"))
    for c in candidates:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
    raise SystemExit("no depomap binary: build one (cmake --build build) or pass --depomap PATH")


def write_points(path, n, seed, id_prefix):
    """Writes n deposit points as a GeoJSON FeatureCollection with ids `<id_prefix>-<number>`
    in shuffled order, and returns what the file holds: count, sums and extent of the
    coordinates as written (7 decimals), so that expectations do not come from depomap."""
    rng = random.Random("%s:%d" % (id_prefix, seed))
    numbers = list(range(1, n + 1))
    rng.shuffle(numbers)
    statuses = ("producing", "development", "exploration", "unknown")
    stats = {"count": n, "sum_x": 0.0, "sum_y": 0.0,
             "min_x": 180.0, "min_y": 90.0, "max_x": -180.0, "max_y": -90.0}
    with open(path, "w", encoding="utf-8") as out:
        out.write('{"type":"FeatureCollection","features":[\n')
        for i, number in enumerate(numbers):
            x = round(rng.uniform(-180.0, 180.0), 7)
            y = round(rng.uniform(-90.0, 90.0), 7)
            stats["sum_x"] += x
            stats["sum_y"] += y
            stats["min_x"] = min(stats["min_x"], x)
            stats["max_x"] = max(stats["max_x"], x)
            stats["min_y"] = min(stats["min_y"], y)
            stats["max_y"] = max(stats["max_y"], y)
            feature = {
                "type": "Feature",
                "properties": {
                    "id": "%s-%07d" % (id_prefix, number),
                    "name": "Deposit %d" % number,
                    "country_iso3": "RUS" if number % 3 == 0 else "CHN",
                    "status": statuses[number % len(statuses)],
                    "ore_mt": round(rng.uniform(0.1, 500.0), 2),
                    "grade_treo_pct": round(rng.uniform(0.05, 8.0), 3),
                    "source": "generated",
                },
                "geometry": {"type": "Point", "coordinates": [x, y]},
            }
            out.write(("," if i else "") + json.dumps(feature, separators=(",", ":")) + "\n")
        out.write("]}\n")
    return stats


def connect(path):
    """A connection with SpatiaLite loaded. Read-write: opening a killed store runs SQLite's
    own recovery (WAL replay), as the next depomap to open it would."""
    db = sqlite3.connect(path, timeout=30)
    db.enable_load_extension(True)
    db.load_extension("mod_spatialite")
    return db


def signature(path):
    """What a store holds, compared between runs: per-layer counts, a content checksum of
    deposits, every layer's extent and the schema objects (a load drops and restores triggers
    and indexes inside its transaction: a half-done load would show here)."""
    db = connect(path)
    try:
        sig = {"counts": {}, "extent": {}}
        for layer in LAYERS:
            sig["counts"][layer] = db.execute('SELECT count(*) FROM "%s"' % layer).fetchone()[0]
        sig["deposits"] = db.execute(
            "SELECT count(*), sum(fid), total(ST_X(geom)), total(ST_Y(geom)), total(length(id))"
            " FROM deposits").fetchone()
        for layer in GEOMETRY_LAYERS:
            sig["extent"][layer] = db.execute(
                'SELECT min(ST_MinX(geom)), min(ST_MinY(geom)), max(ST_MaxX(geom)),'
                ' max(ST_MaxY(geom)) FROM "%s"' % layer).fetchone()
        sig["schema"] = tuple(db.execute(
            "SELECT type, name FROM sqlite_master ORDER BY type, name").fetchall())
        return sig
    finally:
        db.close()


def same_content(a, b):
    """True when two signatures describe the same content (sums compared to 1e-9 relative:
    they are sums of the same doubles in the same rowid order, so in practice exactly)."""
    if a["counts"] != b["counts"] or a["schema"] != b["schema"]:
        return False

    def close(u, v):
        if u is None or v is None:
            return u is v
        return abs(u - v) <= 1e-9 * max(1.0, abs(u), abs(v))

    if not all(close(u, v) for u, v in zip(a["deposits"], b["deposits"])):
        return False
    for layer in GEOMETRY_LAYERS:
        if not all(close(u, v) for u, v in zip(a["extent"][layer], b["extent"][layer])):
            return False
    return True


def check_store(path):
    """The invariants every store must satisfy whatever happened to it; returns the violations
    (an empty list when all hold)."""
    problems = []
    try:
        db = connect(path)
    except sqlite3.Error as e:
        return ["cannot open: %s" % e]
    try:
        integrity = [r[0] for r in db.execute("PRAGMA integrity_check").fetchall()]
        if integrity != ["ok"]:
            problems.append("integrity_check: %s" % "; ".join(integrity[:3]))
        for layer in GEOMETRY_LAYERS:
            valid = db.execute("SELECT CheckSpatialIndex(?, 'geom')", (layer,)).fetchone()[0]
            if valid != 1:
                problems.append("CheckSpatialIndex(%s) = %r" % (layer, valid))
            rows = db.execute('SELECT count(*) FROM "%s"' % layer).fetchone()[0]
            entries = db.execute('SELECT count(*) FROM "idx_%s_geom"' % layer).fetchone()[0]
            if rows != entries:
                problems.append("%s: %d rows, %d R*Tree entries" % (layer, rows, entries))
            table = db.execute(
                'SELECT min(ST_MinX(geom)), min(ST_MinY(geom)), max(ST_MaxX(geom)),'
                ' max(ST_MaxY(geom)) FROM "%s"' % layer).fetchone()
            tree = db.execute(
                'SELECT min(xmin), min(ymin), max(xmax), max(ymax) FROM "idx_%s_geom"'
                % layer).fetchone()
            if rows and not extent_matches(table, tree):
                problems.append("%s: extent %r, R*Tree extent %r" % (layer, table, tree))
    except sqlite3.Error as e:
        problems.append("query failed: %s" % e)
    finally:
        db.close()
    return problems


def extent_matches(table, tree):
    """The R*Tree's extent covers the table's and exceeds it by float rounding at most."""
    if None in table or None in tree:
        return False
    (tx0, ty0, tx1, ty1), (rx0, ry0, rx1, ry1) = table, tree
    return (tx0 - RTREE_SLACK <= rx0 <= tx0 and ty0 - RTREE_SLACK <= ry0 <= ty0
            and tx1 <= rx1 <= tx1 + RTREE_SLACK and ty1 <= ry1 <= ty1 + RTREE_SLACK)


def expected_after_load(old, new, stats):
    """Checks a reference load against the generated file rather than against depomap: the
    deposits grew by the file's count, their coordinate sums by the file's sums, the extent is
    the union; other layers are untouched. Returns the violations."""
    problems = []
    for layer in LAYERS:
        want = old["counts"][layer] + (stats["count"] if layer == "deposits" else 0)
        if new["counts"][layer] != want:
            problems.append("%s: %d rows, expected %d" % (layer, new["counts"][layer], want))
    for k, key in ((2, "sum_x"), (3, "sum_y")):
        want = old["deposits"][k] + stats[key]
        if abs(new["deposits"][k] - want) > 1e-6 * max(1.0, abs(want)) + 1e-3:
            problems.append("deposits: coordinate sum %r, expected %r" % (new["deposits"][k], want))
    o = old["extent"]["deposits"]
    want = (min(o[0], stats["min_x"]), min(o[1], stats["min_y"]),
            max(o[2], stats["max_x"]), max(o[3], stats["max_y"]))
    got = new["extent"]["deposits"]
    if any(abs(g - w) > 1e-9 for g, w in zip(got, want)):
        problems.append("deposits: extent %r, expected %r" % (got, want))
    return problems


@contextlib.contextmanager
def quiet_stderr():
    """Silences file descriptor 2 (what C libraries print) for the duration."""
    sys.stderr.flush()
    saved = os.dup(2)
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def checkpoint(path):
    """Folds a store's WAL into the file so that copying the file copies the whole store."""
    db = sqlite3.connect(path)
    try:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(path + suffix) and os.path.getsize(path + suffix) == 0:
            os.remove(path + suffix)


def copy_store(src, dst):
    """Copies a checkpointed store and removes any WAL left at the destination."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        if os.path.exists(dst + suffix):
            os.remove(dst + suffix)
    subprocess.run(["cp", src, dst], check=True)


def load_summary(stderr_text):
    """(inserted, read, rejected) from depomap load's "loaded X of Y features ...; Z rejected"."""
    m = re.search(r"loaded (\d+) of (\d+) features into \w+(?:; (\d+) rejected)?", stderr_text)
    if not m:
        return None
    return int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
