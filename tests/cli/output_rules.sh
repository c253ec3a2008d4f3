#!/usr/bin/env bash
# The write rules of every verb that writes a file (docs/DESIGN.md, "Rules that hold everywhere")
# that tests/cli/tables/output-rules.ini cannot say: devices and FIFOs written as streams and left
# devices and FIFOs; a planted temporary name of a predictable process id is not followed; a killed
# export leaves no staging behind; stale staging of dead processes is swept by the next run.
source "$(dirname "$0")/lib.bash"

DB="$WORK/store.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$DB" --atlas

# --- the old predictable temporary name is not followed ------------------------------------------
echo victim >"$WORK/victim"
for pid in $(seq $(($$ + 1)) $(($$ + 400))); do ln -sf victim "$WORK/planted.csv.tmp-$pid"; done
expect_exit 0 "$DEPOMAP" summary --db "$DB" --by country_iso3 -f csv -o "$WORK/planted.csv"
expect_eq "a planted symlink is not followed" "victim" "$(cat "$WORK/victim")"
rm -f "$WORK"/planted.csv.tmp-*

# --- devices and FIFOs: streams, never replaced --------------------------------------------------
if mknod "$WORK/null" c 1 3 2>/dev/null; then
    expect_exit 0 "$DEPOMAP" nearest --db "$DB" -f csv -o "$WORK/null"
    expect_exit 0 "$DEPOMAP" summary --db "$DB" --by country_iso3 -o "$WORK/null"
    expect_exit 0 "$DEPOMAP" export --db "$DB" -f geojson --layer deposits -o "$WORK/null"
    # A project has its GeoPackage beside it: no stream.
    expect_exit 1 "$DEPOMAP" qgis-project --db "$DB" -o "$WORK/null"
    expect_stderr_contains "null: is a device or FIFO, and a QGIS project (it has a GeoPackage beside it) cannot be written as a stream"
    [[ ! -e "$WORK/null_map.gpkg" ]] && pass || fail "qgis-project wrote a GeoPackage beside a device"
    expect_exit 1 "$DEPOMAP" export --db "$DB" -f GPKG -o "$WORK/null"
    expect_stderr_contains "null: is a device or FIFO, and GPKG cannot be written as a stream"
    expect_exit 1 "$DEPOMAP" export --db "$DB" -f shp --layer deposits -o "$WORK/null" --overwrite
    expect_stderr_contains "cannot be written as a stream"
    expect_exit 1 "$DEPOMAP" init --db "$WORK/null" --overwrite
    expect_stderr_contains "a store cannot be written as a stream"
    [[ -c "$WORK/null" ]] && pass || fail "the device was replaced: $(ls -l "$WORK/null")"
    [[ -z "$(ls -A "$WORK" | grep -F .depomap-)" ]] && pass || fail "staging left beside the device"
else
    echo "note: mknod not permitted here; the device cases are left out"
fi
mkfifo "$WORK/fifo"
timeout 60 cat "$WORK/fifo" >"$WORK/from-fifo.csv" &
reader=$!
expect_exit 0 "$DEPOMAP" nearest --db "$DB" -f csv -o "$WORK/fifo"
wait $reader
expect_file_contains "$WORK/from-fifo.csv" "from_id,to_id,rank,distance_m"
timeout 60 cat "$WORK/fifo" >"$WORK/from-fifo.geojson" &
reader=$!
expect_exit 0 "$DEPOMAP" export --db "$DB" -f geojson --layer deposits -o "$WORK/fifo"
wait $reader
python3 -c 'import json, sys; d = json.load(open(sys.argv[1])); sys.exit(0 if d["features"] else 1)' \
    "$WORK/from-fifo.geojson" && pass || fail "the GeoJSON read from the FIFO is not whole"
[[ -p "$WORK/fifo" ]] && pass || fail "the FIFO was replaced"

# --- SIGTERM: an export waiting on a FIFO with no reader leaves no staging behind -----------------
mkdir -p "$WORK/tmp"
TMPDIR="$WORK/tmp" "$DEPOMAP" export --db "$DB" -f geojson --layer deposits -o "$WORK/fifo" 2>/dev/null &
exporter=$!
for _ in $(seq 100); do [[ -n "$(ls -A "$WORK/tmp")" ]] && break; sleep 0.1; done
[[ -n "$(ls -A "$WORK/tmp")" ]] && pass || fail "the export never staged its output"
kill -TERM $exporter
wait $exporter
expect_eq "killed by SIGTERM" "143" "$?"
expect_eq "no staging left after SIGTERM" "" "$(ls -A "$WORK/tmp")"

# --- stale staging of a dead process is swept; a live one's is kept --------------------------------
mkdir -p "$WORK/sweep"
(exit 0) &
dead=$!
wait $dead
mkdir "$WORK/sweep/.depomap-$dead-AbCdEf"
echo half >"$WORK/sweep/.depomap-$dead-AbCdEf/deposits.geojson"
echo half >"$WORK/sweep/.depomap-$dead-GhIjKl"
mkdir "$WORK/sweep/.depomap-$$-MnOpQr" # this shell is alive
expect_exit 0 "$DEPOMAP" export --db "$DB" -f geojson --layer deposits -o "$WORK/sweep/deposits.geojson"
expect_eq "stale staging swept" ".depomap-$$-MnOpQr deposits.geojson deposits.qml" \
    "$(ls -A "$WORK/sweep" | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"

finish
