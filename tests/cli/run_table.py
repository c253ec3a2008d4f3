#!/usr/bin/python3
"""Runs one table of CLI cases (tests/cli/tables/<verb>.ini) against the built depomap binary.

A verb has one table, or several when its cases need different scenes: <verb>.ini and
<verb>-<scene>.ini (load.ini, load-rejects.ini...), each a CTest test cli.table.<file name>.

CTest gives it DEPOMAP (the binary), SRC (the source tree) and WORK (a scratch folder of its own),
as it gives the bash scripts of tests/cli/. Every row is run, every failing row is printed with its
name, its command and what differed; the exit code is 1 when any row failed.

A table is an INI file (Python's configparser, no other dependency). The section [table] sets the
scene: `setup` lists commands run once, in WORK, before the rows (a first word `depomap` is the
binary under test); tables with the same setup share its files, made once and copied into each
WORK. `include = NAME.inc` puts before the setup that of a file beside the table holding only a
[table] section (a scene several tables share; .inc, not .ini: it is no test). Every other
section is a row, named by its section header:

  args          the depomap command line (shell words; required)
  exit          the expected exit code (default 0)
  stdout        fragments (one a line) that stdout must contain; stderr: the same for stderr
  stdout_not    fragments that must not appear; stderr_not: the same for stderr
  stdout_regex  regular expressions (one a line) that must match a line of stdout; stderr_regex
  stdout_lines  the exact number of lines of stdout (0: empty); stderr_lines: the same for stderr
  timeout       seconds the run may take (default 120); a row that takes longer fails, named
  umask         the octal umask the run gets (022...)
  before        commands (one a line) run in WORK before this row, as `setup` runs them: a fresh
                store or a damaged file of its own (`sh -c '...'` for what needs a shell)
  env           NAME=VALUE lines added to the environment (DEPOMAP_DB is always unset otherwise)
  unchanged     stores (one a line) whose content must be the same after the run as before (any
                other file: its bytes)
  absent        paths (one a line) that must not exist after the run
  exists        paths (one a line) that must exist after the run
  lf_only       `stdout` or paths (one a line): not empty, and every line ends with LF alone (no CR)
  symlink       paths (one a line) that must still be symbolic links after the run; fifo: FIFOs
  mode          lines `PATH: OCTAL`: the file's permission bits after the run (644...)
  dir           lines `FOLDER: NAME...`: the folder holds these entries and no other (a glob
                pattern allows entries without requiring one; no name after the colon: it is empty)
  file          lines `PATH: TEXT`: the file contains TEXT
  store         a SQLite store (default {DB}) read by `query` and `sql`, SpatiaLite's functions loaded
  query         one SQL query on `store` whose rows are the records of the checks below (not with
                `read`)
  sql           lines `QUERY => VALUE`: the query's rows on `store`, fields joined by "|" and rows
                by "; ", are VALUE (empty: no row; `ATTACH 'file:PATH?mode=ro' AS a =>` gives none,
                and the lines after it compare with that store); a line `[PATH] QUERY => VALUE`
                asks the SQLite file PATH instead (a GeoPackage written by the run...)
  read          where the records of the output checks come from: `stdout` or a file written by
                the run; CSV and JSON are read as they are, GeoJSON as its features' properties
                plus, of its geometry, x and y (a point), geometry_type, coordinates (a list,
                rounded as numbers are), parts (of a Multi* or a collection; 1 otherwise) and its
                bounds min_x, max_x, min_y, max_y; any other format through ogr2ogr as GeoJSON
  read_as       csv, json or geojson when the file name does not say it
  read_layer    the layer to read of a file that has several (a GeoPackage's layer_styles...)
  records       for JSON, the dotted path of the list of records inside the document
  count         the number of records
  counts        lines `PATH: N`: the file holds N records, read as `read` reads (one a file)
  columns       the fields that make a record's text: NAME, or NAME:N for a number rounded to N
                decimals (a list is rounded element by element)
  every         lines `FIELD OP VALUE` every record must satisfy: OP is = or != (text), ~ (a
                regular expression that matches), or <= and >= (numbers)
  rows          the expected records, one a line, fields joined by " | "; compared sorted
                unless `ordered = yes`
  json          lines `PATH OP VALUE` on the JSON document (stdout, or `read`): PATH is dotted
                (list indices are numbers), OP is =, <= or >=, VALUE is JSON; `PATH keys A,B,C`:
                the object's keys, in this order; `PATH length N`: the list holds N items

Words and fragments may name {DB} (WORK/store.sqlite), {WORK}, {SRC}, {DATA} (tests/data),
{BAD} (tests/data/bad) and {GEODATA} (the shipped geodata/ folder).
"""

import configparser
import csv
import fcntl
import fnmatch
import hashlib
import io
import json
import os
import re
import shlex
import shutil
import sqlite3
import stat
import subprocess
import sys

ROW_KEYS = {
    "args", "exit", "stdout", "stderr", "stdout_not", "stderr_not", "stdout_regex", "stderr_regex", "stdout_lines",
    "stderr_lines", "env", "unchanged", "absent", "exists", "read", "read_as", "records", "count",
    "columns", "rows", "ordered", "json", "read_layer", "before", "dir", "file", "store", "query", "sql",
    "timeout", "umask", "symlink", "fifo", "mode", "every", "lf_only", "counts",
}


class Context:
    """The paths a table may name, and the binary under test."""

    def __init__(self):
        self.depomap = os.environ["DEPOMAP"]
        self.src = os.environ["SRC"]
        self.work = os.environ["WORK"]
        self.places = {
            "{DB}": os.path.join(self.work, "store.sqlite"),
            "{WORK}": self.work,
            "{SRC}": self.src,
            "{DATA}": os.path.join(self.src, "tests", "data"),
            "{BAD}": os.path.join(self.src, "tests", "data", "bad"),
            "{GEODATA}": os.path.join(self.src, "geodata"),
        }

    def fill(self, text, work=None):
        for name, value in self.places.items():
            text = text.replace(name, value if work is None else value.replace(self.work, work))
        return text

    def words(self, line, work=None):
        return [self.fill(w, work) for w in shlex.split(line)]

    def lines(self, value):
        return [self.fill(l.strip()) for l in value.splitlines() if l.strip()]

    def lines_raw(self, value):
        return [l.strip() for l in value.splitlines() if l.strip()]


def base_env():
    env = dict(os.environ)
    env.pop("DEPOMAP_DB", None)
    return env


def store_files(path):
    """The bytes of a store and of its write-ahead log: equal bytes, equal content."""
    files = []
    for name in (path, path + "-wal"):
        try:
            with open(name, "rb") as f:
                files.append(f.read())
        except FileNotFoundError:
            files.append(None)
    return files


def store_snapshot(path, read_only=True):
    """The store's content by meaning: its schema, a digest per table (rows sorted), its journal mode."""
    if not os.path.exists(path):
        return {"(missing)": path}
    con = sqlite3.connect("file:%s?mode=ro" % path if read_only else path, uri=read_only)
    try:
        snap = {"journal_mode": con.execute("PRAGMA journal_mode").fetchone()[0],
                "(schema)": sorted(con.execute("SELECT type, name, sql FROM sqlite_master").fetchall())}
        tables = con.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                             "AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name").fetchall()
        for (name,) in tables:
            rows = sorted(repr(r) for r in con.execute('SELECT * FROM "%s"' % name.replace('"', '""')))
            snap[name] = hashlib.sha256("\n".join(rows).encode()).hexdigest()
        return snap
    finally:
        con.close()


def store_changes(ctx, path, before):
    """What changed in the store since its files were `before`: nothing when no byte changed, else
    the tables whose content differs from a copy of the old files (bytes can change alone)."""
    if store_files(path) == before:
        return []
    if before[0] is None:
        return ["(created)"] if os.path.exists(path) else []
    copy = os.path.join(ctx.work, "before.sqlite")
    for name, data in zip((copy, copy + "-wal"), before):
        if data is not None:
            with open(name, "wb") as f:
                f.write(data)
    try:
        old, new = store_snapshot(copy, read_only=False), store_snapshot(path)
    except sqlite3.DatabaseError as e:
        return ["its bytes (%s)" % e]
    finally:
        for name in (copy, copy + "-wal", copy + "-shm"):
            if os.path.exists(name):
                os.remove(name)
    return [n for n in sorted(set(old) | set(new)) if old.get(n) != new.get(n)]


def dig(doc, path):
    for part in path.split(".") if path else []:
        doc = doc[int(part)] if isinstance(doc, list) else doc[part]
    return doc


def open_store(path):
    """A store opened read-only, with SpatiaLite's functions (X, GeometryType, CheckSpatialIndex...)."""
    if not os.path.exists(path):
        raise ValueError("no store %s" % path)
    con = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
    con.enable_load_extension(True)
    con.load_extension("mod_spatialite")
    return con


def query_records(con, sql):
    cursor = con.execute(sql)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def check_sql(ctx, row):
    problems = []
    by_store = {}
    for line in ctx.lines(row["sql"]):
        m = re.match(r"^\[([^\]]+)\] (.*)$", line)
        path, line = (m.group(1), m.group(2)) if m else (ctx.fill(row.get("store", "{DB}")), line)
        by_store.setdefault(path, []).append(line)
    for path, lines in by_store.items():
        con = open_store(path)
        try:
            for line in lines:
                query, sep, want = line.partition(" =>")
                if not sep:
                    problems.append("bad sql check (no ' => '): %s" % line)
                    continue
                try:
                    got = "; ".join("|".join(field_text(v, None) for v in r) for r in con.execute(query).fetchall())
                except sqlite3.Error as e:
                    got = "(error: %s)" % e
                if got != want.strip():
                    problems.append("sql %s: expected %s, got %s" % (query, want.strip(), got))
        finally:
            con.close()
    return problems


def check_files(ctx, row):
    problems = []
    for line in ctx.lines(row.get("dir", "")):
        folder, _, names = line.partition(": ") if ": " in line else line.rstrip(":").partition(":")
        patterns = names.split()
        try:
            entries = sorted(os.listdir(folder))
        except OSError as e:
            problems.append("cannot list %s: %s" % (folder, e.strerror))
            continue
        extra = [e for e in entries if not any(fnmatch.fnmatchcase(e, p) for p in patterns)]
        missing = [p for p in patterns if not any(c in p for c in "*?[") and p not in entries]
        if extra or missing:
            problems.append("%s holds %s (unexpected: %s; missing: %s)" % (
                folder, " ".join(entries) or "nothing", " ".join(extra) or "-", " ".join(missing) or "-"))
    problems += ["%s is not a symbolic link" % p for p in ctx.lines(row.get("symlink", "")) if not os.path.islink(p)]
    problems += ["%s is not a FIFO" % p for p in ctx.lines(row.get("fifo", ""))
                 if not (os.path.lexists(p) and stat.S_ISFIFO(os.lstat(p).st_mode))]
    for line in ctx.lines(row.get("mode", "")):
        path, _, want = line.rpartition(": ")
        try:
            got = "%o" % stat.S_IMODE(os.stat(path).st_mode)
        except OSError as e:
            problems.append("cannot stat %s: %s" % (path, e.strerror))
            continue
        if got != want.strip():
            problems.append("%s has mode %s, expected %s" % (path, got, want.strip()))
    for line in ctx.lines(row.get("file", "")):
        path, _, text = line.partition(": ")
        try:
            with open(path, encoding="utf-8", errors="replace") as f:
                if text not in f.read():
                    problems.append("%s does not contain: %s" % (path, text))
        except OSError as e:
            problems.append("cannot read %s: %s" % (path, e.strerror))
    return problems


def check_line_ends(ctx, row, stdout):
    problems = []
    for path in ctx.lines(row.get("lf_only", "")):
        try:
            data = stdout if path == "stdout" else open(path, "rb").read()
        except OSError as e:
            problems.append("cannot read %s: %s" % (path, e.strerror))
            continue
        if not data:
            problems.append("%s is empty" % path)
        elif b"\r" in data:
            problems.append("%s has CR line ends" % path)
    return problems


def read_document(ctx, row, stdout):
    """The row's JSON document or records: from stdout, the file named by `read`, or `query`."""
    if "query" in row:
        con = open_store(ctx.fill(row.get("store", "{DB}")))
        try:
            return query_records(con, row["query"])
        except sqlite3.Error as e:
            raise ValueError("query failed: %s" % e)
        finally:
            con.close()
    source = ctx.fill(row.get("read", "stdout"))
    kind = row.get("read_as") or os.path.splitext(source)[1].lstrip(".").lower() or "json"
    if source == "stdout":
        text = stdout.decode("utf-8")
        kind = row.get("read_as", "json")
    elif kind in ("csv", "json", "geojson"):
        with open(source, encoding="utf-8", newline="") as f:
            text = f.read()
    else:
        layer = [row["read_layer"]] if "read_layer" in row else []
        dump = subprocess.run(["ogr2ogr", "-f", "GeoJSON", "/vsistdout/", source] + layer, capture_output=True)
        if dump.returncode != 0:
            raise ValueError("ogr2ogr cannot read %s: %s" % (source, dump.stderr.decode().strip()))
        text, kind = dump.stdout.decode("utf-8"), "geojson"
    if kind == "csv":
        return list(csv.DictReader(io.StringIO(text)))
    doc = json.loads(text)
    if kind == "geojson":
        return [feature_record(f) for f in doc["features"]]
    return doc


def feature_record(feature):
    record = dict(feature.get("properties") or {})
    geom = feature.get("geometry") or {}
    if geom.get("type") == "Point":
        record["x"], record["y"] = geom["coordinates"][0], geom["coordinates"][1]
    record["geometry_type"] = geom.get("type")
    record["coordinates"] = geom.get("coordinates")
    kind = geom.get("type") or ""
    record["parts"] = len(geom.get("geometries") or []) if kind == "GeometryCollection" else \
        (len(geom.get("coordinates") or []) if kind.startswith("Multi") else (1 if kind else 0))
    points = list(positions(geom))
    if points:
        record["min_x"], record["max_x"] = min(p[0] for p in points), max(p[0] for p in points)
        record["min_y"], record["max_y"] = min(p[1] for p in points), max(p[1] for p in points)
    return record


def positions(geom):
    """Every position of a GeoJSON geometry, collections included."""
    for part in geom.get("geometries") or []:
        yield from positions(part)
    stack = [geom.get("coordinates")] if geom.get("coordinates") is not None else []
    while stack:
        item = stack.pop()
        if item and isinstance(item[0], (int, float)):
            yield item
        else:
            stack.extend(item or [])


def field_text(value, decimals):
    if isinstance(value, list):
        return "[" + ", ".join(field_text(v, decimals) for v in value) + "]"
    if decimals is not None and value not in (None, ""):
        return "%.*f" % (decimals, float(value))
    return "" if value is None else str(value)


def record_text(record, columns):
    fields = []
    for col in columns:
        name, _, decimals = col.partition(":")
        fields.append(field_text(record.get(name), int(decimals) if decimals else None))
    return " | ".join(fields).rstrip()


JSON_CHECK = re.compile(r"^(\S*)\s*(<=|>=|=|keys |length )\s*(.+)$")


def check_json(doc, lines):
    problems = []
    for line in lines:
        m = JSON_CHECK.match(line)
        if not m:
            problems.append("bad json check: %s" % line)
            continue
        path, op = m.group(1), m.group(2).strip()
        want = m.group(3).strip() if op == "keys" else json.loads(m.group(3))
        try:
            got = dig(doc, path)
            got = ",".join(got.keys()) if op == "keys" else (len(got) if op == "length" else got)
        except (KeyError, IndexError, ValueError, TypeError, AttributeError):
            problems.append("json %s: no such value" % path)
            continue
        if op == "keys":
            if got != want:
                problems.append("json %s: keys %s, expected %s" % (path, got, want))
            continue
        ok = got == want if op in ("=", "length") else (got <= want if op == "<=" else got >= want)
        if not ok:
            problems.append("json %s: expected %s %s, got %s" % (path, op, json.dumps(want), json.dumps(got)))
    return problems


EVERY_CHECK = re.compile(r"^(\S+)\s+(!=|<=|>=|=|~)\s*(.*)$")


def check_every(records, lines):
    problems = []
    for line in lines:
        m = EVERY_CHECK.match(line)
        if not m:
            problems.append("bad every check: %s" % line)
            continue
        name, op, want = m.groups()
        for i, record in enumerate(records):
            got = field_text(record.get(name), None)
            if op in ("<=", ">="):
                ok = got != "" and (float(got) <= float(want) if op == "<=" else float(got) >= float(want))
            else:
                ok = {"=": got == want, "!=": got != want, "~": re.search(want, got) is not None}[op]
            if not ok:
                problems.append("record %d: %s is %r, not %s %s" % (i + 1, name, got, op, want))
                break
    return problems


def check_records(ctx, row, stdout):
    problems = []
    doc = read_document(ctx, row, stdout)
    if "json" in row:
        problems += check_json(doc, ctx.lines(row["json"]))
    if not any(k in row for k in ("count", "columns", "rows", "every")):
        return problems
    records = dig(doc, row.get("records", ""))
    problems += check_every(records, ctx.lines(row.get("every", "")))
    if "count" in row and len(records) != int(row["count"]):
        problems.append("expected %s record(s), got %d" % (row["count"], len(records)))
    if "columns" in row:
        got = [record_text(r, row["columns"].split()) for r in records]
        want = ctx.lines(row.get("rows", ""))
        if row.get("ordered", "no") != "yes":
            got, want = sorted(got), sorted(want)
        if got != want:
            problems.append("records differ (columns %s):" % row["columns"])
            problems += ["  - " + w for w in want if w not in got]
            problems += ["  + " + g for g in got if g not in want]
            if sorted(got) == sorted(want):
                problems.append("  (the same records in another order: %s)" % "; ".join(got))
    return problems


def check_text(ctx, row, name, data):
    problems = []
    text = data.decode("utf-8", errors="replace")
    for frag in ctx.lines(row.get(name, "")):
        if frag not in text:
            problems.append("%s does not contain: %s" % (name, frag))
    for frag in ctx.lines(row.get(name + "_not", "")):
        if frag in text:
            problems.append("%s contains: %s" % (name, frag))
    for pattern in ctx.lines(row.get(name + "_regex", "")):
        if not re.search(pattern, text, re.MULTILINE):
            problems.append("%s does not match: %s" % (name, pattern))
    if name + "_lines" in row:
        n = text.count("\n") + (1 if text and not text.endswith("\n") else 0)
        if n != int(row[name + "_lines"]):
            problems.append("expected %s line(s) on %s, got %d" % (row[name + "_lines"], name, n))
    return problems


def run_row(ctx, row):
    """Runs one row; returns (command, problems, result)."""
    unknown = set(row) - ROW_KEYS
    if unknown or "args" not in row:
        return "", ["unknown key(s): %s" % ", ".join(sorted(unknown)) if unknown else "no args"], None
    words = [ctx.depomap] + ctx.words(row["args"])
    env = base_env()
    for line in ctx.lines(row.get("env", "")):
        key, _, value = line.partition("=")
        env[key] = value
    if "before" in row and not run_setup(ctx, [ctx.words(l) for l in ctx.lines_raw(row["before"])], ctx.work):
        return shlex.join(words), ["its `before` failed"], None
    stores = ctx.lines(row.get("unchanged", ""))
    before = {s: store_files(s) for s in stores}
    umask = int(row["umask"], 8) if "umask" in row else None
    try:
        result = subprocess.run(words, cwd=ctx.work, env=env, stdin=subprocess.DEVNULL, capture_output=True,
                                timeout=float(row.get("timeout", "120")),
                                preexec_fn=None if umask is None else (lambda: os.umask(umask)))
    except subprocess.TimeoutExpired as e:
        return shlex.join(words), ["took longer than %s s (timeout)" % row.get("timeout", "120")], \
            subprocess.CompletedProcess(words, -1, e.stdout or b"", e.stderr or b"")
    problems = []
    if result.returncode != int(row.get("exit", "0")):
        problems.append("expected exit code %s, got %d" % (row.get("exit", "0"), result.returncode))
    problems += check_text(ctx, row, "stdout", result.stdout)
    problems += check_text(ctx, row, "stderr", result.stderr)
    for s in stores:
        changed = store_changes(ctx, s, before[s])
        if changed:
            problems.append("%s changed: %s" % (s, ", ".join(changed)))
    problems += ["%s exists" % p for p in ctx.lines(row.get("absent", "")) if os.path.lexists(p)]
    problems += ["%s does not exist" % p for p in ctx.lines(row.get("exists", "")) if not os.path.exists(p)]
    problems += check_files(ctx, row)
    problems += check_line_ends(ctx, row, result.stdout)
    if "sql" in row:
        try:
            problems += check_sql(ctx, row)
        except (sqlite3.Error, ValueError) as e:
            problems.append("cannot read the store: %s" % e)
    for line in ctx.lines(row.get("counts", "")):
        path, _, want = line.rpartition(": ")
        try:
            got = len(read_document(ctx, {"read": path}, b""))
            if got != int(want):
                problems.append("%s holds %d record(s), expected %s" % (path, got, want))
        except (OSError, ValueError, KeyError) as e:
            problems.append("cannot read %s: %s" % (path, e))
    if any(k in row for k in ("read", "query", "json", "count", "columns", "rows", "every")):
        try:
            problems += check_records(ctx, row, result.stdout)
        except (OSError, ValueError, KeyError, IndexError, TypeError, sqlite3.Error) as e:
            problems.append("cannot read the output: %s" % e)
    return shlex.join(words), problems, result


def report(name, command, problems, result):
    print("FAIL [%s]" % name)
    print("  command: %s" % command)
    for p in problems:
        print("  " + p)
    if result is not None:
        print("  exit code: %d" % result.returncode)
        for stream, data in (("stdout", result.stdout), ("stderr", result.stderr)):
            lines = data.decode("utf-8", errors="replace").splitlines()
            print("  %s (first 10 of %d lines):" % (stream, len(lines)))
            for l in lines[:10]:
                print("    | " + l)


def setup_key(ctx, lines, commands):
    """What a setup's result depends on: its lines, the binary and its libraries, the files named."""
    parts = [repr(lines)]
    binary_dir = os.path.dirname(os.path.realpath(ctx.depomap))
    paths = [os.path.join(binary_dir, n) for n in sorted(os.listdir(binary_dir)) if n.startswith(("depomap", "libdepomap"))]
    paths += [w for words in commands for w in words if os.path.isfile(w)]
    for path in paths:
        st = os.stat(path)
        parts.append("%s %d %d" % (path, st.st_size, st.st_mtime_ns))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def run_setup(ctx, commands, work):
    for words in commands:
        if words and words[0] == "depomap":
            words = [ctx.depomap] + words[1:]
        result = subprocess.run(words, cwd=work, env=base_env(), stdin=subprocess.DEVNULL, capture_output=True)
        if result.returncode != 0:
            print("setup failed: %s\n%s" % (shlex.join(words), result.stderr.decode(errors="replace")))
            return False
    return True


def set_up(ctx, table):
    """Runs the table's setup in WORK, or copies the files an identical setup made before: the tables
    that start from the same store build it once (under a lock, as CTest runs tables at once)."""
    lines = [l.strip() for l in table.get("setup", "").splitlines() if l.strip()]
    if not lines:
        return True
    key = setup_key(ctx, lines, [ctx.words(line) for line in lines])
    cache = os.path.join(os.path.dirname(ctx.work), "table-setups", key)
    os.makedirs(os.path.dirname(cache), exist_ok=True)
    with open(cache + ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not os.path.isdir(cache):
            made = cache + ".new"
            shutil.rmtree(made, ignore_errors=True)
            os.makedirs(made)
            if not run_setup(ctx, [ctx.words(line, made) for line in lines], made):
                return False
            os.rename(made, cache)
    shutil.copytree(cache, ctx.work, symlinks=True, dirs_exist_ok=True, copy_function=copy_entry)
    return True


def copy_entry(src, dst):
    """Copies a file of a setup; a FIFO is made anew (its bytes are no file's)."""
    if stat.S_ISFIFO(os.lstat(src).st_mode):
        if os.path.lexists(dst):
            os.remove(dst)
        os.mkfifo(dst)
    else:
        shutil.copy2(src, dst)


def read_table(path):
    """The table's sections; its setup preceded by that of the table it includes."""
    parser = configparser.ConfigParser(interpolation=None, empty_lines_in_values=False,
                                       default_section="(none)", strict=True)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    if parser.has_section("table") and "include" in parser["table"]:
        base = read_table(os.path.join(os.path.dirname(path), parser["table"]["include"]))
        parser["table"]["setup"] = base["table"].get("setup", "") + "\n" + parser["table"].get("setup", "")
    return parser


def main():
    if len(sys.argv) != 2 or not all(os.environ.get(v) for v in ("DEPOMAP", "SRC", "WORK")):
        print("usage: DEPOMAP=BINARY SRC=SOURCE_TREE WORK=SCRATCH_DIR run_table.py TABLE.ini", file=sys.stderr)
        return 2
    parser = read_table(sys.argv[1])
    ctx = Context()
    shutil.rmtree(ctx.work, ignore_errors=True)
    os.makedirs(ctx.work)
    if parser.has_section("table") and not set_up(ctx, parser["table"]):
        return 1
    rows = [s for s in parser.sections() if s != "table"]
    failed = 0
    for name in rows:
        command, problems, result = run_row(ctx, parser[name])
        if problems:
            failed += 1
            report(name, command, problems, result)
    table = os.path.basename(sys.argv[1])
    if failed:
        print("%s: %d of %d row(s) failed" % (table, failed, len(rows)))
        return 1
    print("%s: all %d rows passed" % (table, len(rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
