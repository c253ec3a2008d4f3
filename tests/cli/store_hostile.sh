#!/usr/bin/env bash
# The store against careless and hostile use: an older store exported and on read-only media,
# FIFOs/devices/folders/PG: given as a store or a source, and writers that wait for each other.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

DB="$WORK/s.sqlite"
new_store "$DB"
run "$DEPOMAP" load -q --db "$DB" "$DATA/deposits.geojson"
[[ $RC == 0 ]] || fail "load of the fixture failed"

# --- an older store: export refuses it naming `depomap upgrade` and writes nothing ---
# version1 PATH: a version-1 store made from $DB.
version1() { python3 "$SRC/tests/cli/tables/old_store.py" "$DB" "$1"; }
# (An odd schema_version, an older store refused by sql, nearest, within and summary, read by info
# and upgraded once by upgrade, and SPATIALITE_SECURITY=relaxed: rows of tests/cli/tables/.)
V1="$WORK/v1.sqlite"
version1 "$V1"
before=$(sha256sum <"$V1")
expect_exit 1 "$DEPOMAP" export --db "$V1" -f geojson -o "$WORK/v1-export" &&
    expect_stderr_contains "older than this depomap reads (3): upgrade it first"
expect_eq "an older store is left as it was" "$before" "$(sha256sum <"$V1")"

# On read-only media (a read-only tmpfs; mounting needs root): a current store is read, an
# older one is refused with the hint and nothing is written.
if [[ $(id -u) -eq 0 ]]; then
    RO="$WORK/ro"
    mkdir -p "$RO"
    if mount -t tmpfs -o size=32m tmpfs "$RO"; then
        cp "$DB" "$RO/current.sqlite"
        version1 "$RO/old.sqlite"
        old_sum=$(sha256sum <"$RO/old.sqlite")
        mount -o remount,ro "$RO" || fail "cannot remount $RO read-only"
        expect_exit 0 "$DEPOMAP" sql --db "$RO/current.sqlite" -f csv "SELECT count(*) AS n FROM deposits" &&
            expect_eq "read-only media" "n 3" "$(tr -d '\r' <"$OUT" | tr '\n' ' ' | sed 's/ $//')"
        expect_exit 0 "$DEPOMAP" info --db "$RO/old.sqlite"
        expect_exit 1 "$DEPOMAP" sql --db "$RO/old.sqlite" "SELECT 1" &&
            expect_stderr_contains "$RO/old.sqlite: store has schema version 1, older than this depomap reads (3): upgrade it first"
        expect_exit 1 "$DEPOMAP" upgrade --db "$RO/old.sqlite" && expect_stderr_contains "store is read-only"
        expect_eq "old store on read-only media" "$old_sum" "$(sha256sum <"$RO/old.sqlite")"
        umount "$RO"
    else
        fail "cannot mount a tmpfs on $RO"
    fi
else
    echo "note: not root, the read-only media checks are skipped"
fi

# --- FIFOs, devices and folders as a store or a source: refused at once, never blocking ---
mkfifo "$WORK/pipe.sqlite" "$WORK/pipe.csv"
for verb in info sql load upgrade; do
    args=(--db "$WORK/pipe.sqlite")
    [[ $verb == sql ]] && args+=("SELECT 1")
    [[ $verb == load ]] && args+=("$DATA/deposits.geojson")
    expect_exit 1 timeout 20 "$DEPOMAP" "$verb" "${args[@]}" &&
        expect_stderr_contains "$WORK/pipe.sqlite: not a store: a FIFO (named pipe)"
done
expect_exit 1 timeout 20 "$DEPOMAP" load --db "$DB" "$WORK/pipe.csv" --x-field lon --y-field lat &&
    expect_stderr_contains "$WORK/pipe.csv: cannot read a FIFO (named pipe) as a source"
expect_exit 1 timeout 20 "$DEPOMAP" convert "$WORK/pipe.csv" -f geojson -o "$WORK/conv-fifo" &&
    expect_stderr_contains "cannot read a FIFO (named pipe) as a source"
if [[ $(id -u) -eq 0 ]]; then
    mknod "$WORK/zero.csv" c 1 5 # what /dev/zero is, made here
    expect_exit 1 timeout 20 "$DEPOMAP" load --db "$DB" "$WORK/zero.csv" --x-field lon --y-field lat &&
        expect_stderr_contains "$WORK/zero.csv: cannot read a character device as a source"
fi
mkdir -p "$WORK/folder.csv" "$WORK/folder.geojson"
for src in "$WORK/folder.csv" "$WORK/folder.geojson"; do
    expect_exit 1 "$DEPOMAP" load --db "$DB" "$src" && {
        expect_stderr_contains "$src: is a folder, not a file"
        expect_stderr_not_contains "internal error"
    }
done
# A folder GDAL reads as one dataset stays a source (a Shapefile folder).
mkdir -p "$WORK/shapes"
ogr2ogr -f "ESRI Shapefile" "$WORK/shapes/pts.shp" "$DATA/deposits.geojson" 2>/dev/null
expect_exit 0 "$DEPOMAP" convert "$WORK/shapes" -f geojson -o "$WORK/conv-shapes"
expect_exit 1 "$DEPOMAP" load --db "$DB" "PG:dbname=x password=secret" && {
    expect_stderr_contains "PostGIS sources are not supported yet"
    expect_stderr_not_contains "secret"
    expect_stderr_not_contains "no such file"
}
expect_exit 1 "$DEPOMAP" convert "PG:dbname=x" -f geojson -o "$WORK/conv-pg" &&
    expect_stderr_contains "PostGIS sources are not supported yet"

# --- writers wait for each other (--wait), saying so; then "store is busy" when time is up ---
# hold_lock DB SECONDS: another writer holding the store's write lock for SECONDS (in the background).
hold_lock() {
    python3 - "$1" "$2" <<'PY' &
import sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[1] + ".held", "w").close()
time.sleep(float(sys.argv[2]))
c.execute("ROLLBACK")
PY
    HOLDER=$!
    for _ in $(seq 100); do [[ -e "$1.held" ]] && break; sleep 0.1; done
    rm -f "$1.held"
}
count() { sqlite3 "$DB" "SELECT count(*) FROM deposits"; }
for n in 1 2; do printf 'id,name,lon,lat\nw%s-a,A,10,20\nw%s-b,B,11,21\nw%s-c,C,12,22\n' $n $n $n >"$WORK/w$n.csv"; done
# Held 7 s, longer than the old fixed 5 s: the default wait outlasts it.
before=$(count)
hold_lock "$DB" 7
expect_exit 0 "$DEPOMAP" load --db "$DB" "$WORK/w1.csv" --x-field lon --y-field lat &&
    expect_stderr_contains "another process is writing the store; waiting for it (up to 600 s, --wait)"
wait "$HOLDER"
expect_eq "the waiting load loaded" $((before + 3)) "$(count)"
# --wait 1 while held: the busy error after about a second, nothing written.
before=$(count)
hold_lock "$DB" 6
start=$(date +%s)
expect_exit 1 "$DEPOMAP" load --db "$DB" "$WORK/w2.csv" --x-field lon --y-field lat --wait 1 &&
    expect_stderr_contains "store is busy: another process holds it (waited 1 s"
(( $(date +%s) - start < 5 )) && pass || fail "--wait 1 waited $(( $(date +%s) - start )) s"
wait "$HOLDER"
expect_eq "the busy load wrote nothing" "$before" "$(count)"
# Two depomap loads at once into one store: both load.
python3 -c '
import sys
for name in ("many_a", "many_b"):
    with open(sys.argv[1] + "/" + name + ".csv", "w") as f:
        f.write("id,name,lon,lat\n")
        for i in range(100000):
            f.write(f"{name}{i},n{i},{(i % 3600) / 10 - 180},{(i % 1700) / 10 - 85}\n")
' "$WORK"
before=$(count)
"$DEPOMAP" load -q --db "$DB" "$WORK/many_a.csv" --x-field lon --y-field lat 2>"$WORK/a.err" &
A=$!
"$DEPOMAP" load -q --db "$DB" "$WORK/many_b.csv" --x-field lon --y-field lat 2>"$WORK/b.err" &
B=$!
wait "$A"; RA=$?
wait "$B"; RB=$?
expect_eq "two concurrent loads exit 0" "0 0" "$RA $RB"
expect_eq "both loaded" $((before + 200000)) "$(count)"
# init --overwrite waits for a writer in progress and does not replace the store under it.
hold_lock "$DB" 4
"$DEPOMAP" init --db "$DB" --overwrite 2>"$WORK/init.err" &
INIT=$!
sleep 2
expect_eq "not replaced while another writer holds it" $((before + 200000)) "$(count)"
wait "$INIT"; RI=$?
wait "$HOLDER"
expect_eq "init --overwrite after the wait" 0 "$RI"
grep -qF "another process is writing the store; waiting for it" "$WORK/init.err" && pass ||
    fail "init said nothing of its wait: $(cat "$WORK/init.err")"
expect_eq "replaced once the lock was had" 0 "$(count)"

finish
