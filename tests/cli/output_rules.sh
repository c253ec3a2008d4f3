#!/usr/bin/env bash
# The write rules of every verb that writes a file (docs/DESIGN.md, "Rules that hold everywhere"):
# no output replaces the store or an input of the same command, not even with --overwrite
# (symlinks and hard links seen through); an existing file only with --overwrite; devices and
# FIFOs written as streams and left devices and FIFOs; a symlink written through only with
# --overwrite; a killed export leaves no staging behind; stale staging of dead processes is
# swept by the next run.
source "$(dirname "$0")/lib.bash"

DB="$WORK/store.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$DB" --atlas
SUM=$(sha256sum "$DB" | cut -d' ' -f1)
store_same() { expect_eq "$1: the store is unchanged" "$SUM" "$(sha256sum "$DB" | cut -d' ' -f1)"; }
SQUARE="$SRC/tests/data/query/square.geojson"

# --- the store named as output, by its name, a symlink and a hard link ---------------------------
ln -sf "$DB" "$WORK/store-link.sqlite"
ln -f "$DB" "$WORK/store-hard.sqlite"
for target in "$DB" "$WORK/store-link.sqlite" "$WORK/store-hard.sqlite"; do
    for overwrite in "" --overwrite; do
        expect_exit 1 "$DEPOMAP" nearest --db "$DB" -f csv -o "$target" $overwrite
        expect_stderr_contains "is the store (--db) of this command"
        expect_exit 1 "$DEPOMAP" within --db "$DB" --point 100,60 --km 500 -f csv -o "$target" $overwrite
        expect_stderr_contains "is the store (--db) of this command"
        expect_exit 1 "$DEPOMAP" region --db "$DB" --polygon "$SQUARE" -f csv -o "$target" $overwrite
        expect_stderr_contains "is the store (--db) of this command"
        expect_exit 1 "$DEPOMAP" summary --db "$DB" --by country_iso3 -f csv -o "$target" $overwrite
        expect_stderr_contains "is the store (--db) of this command"
        expect_exit 1 "$DEPOMAP" export --db "$DB" -f SQLite -o "$target" $overwrite
        expect_stderr_contains "is the store (--db) of this command"
        expect_exit 1 "$DEPOMAP" qgis-project --db "$DB" -o "$target" $overwrite
        expect_stderr_contains "is the store (--db) of this command"
        store_same "-o $target $overwrite"
    done
done
[[ -L "$WORK/store-link.sqlite" ]] && pass || fail "the symlink to the store was replaced"
# A file of the store's family (its WAL) is the store too.
: >"$DB-wal"
expect_exit 1 "$DEPOMAP" summary --db "$DB" --by country_iso3 -o "$DB-wal" --overwrite
expect_stderr_contains "is a file of the store (--db) of this command"
rm -f "$DB-wal"

# --- an input of the same command ----------------------------------------------------------------
cp "$SQUARE" "$WORK/square.geojson"
SQ_SUM=$(sha256sum "$WORK/square.geojson" | cut -d' ' -f1)
expect_exit 1 "$DEPOMAP" region --db "$DB" --polygon "$WORK/square.geojson" -f csv -o "$WORK/square.geojson" --overwrite
expect_stderr_contains "square.geojson: is an input of this command"
expect_eq "region: the polygon file is unchanged" "$SQ_SUM" "$(sha256sum "$WORK/square.geojson" | cut -d' ' -f1)"
# convert: an output named like its source in the source's folder.
mkdir -p "$WORK/conv"
cp "$SRC/tests/data/deposits.geojson" "$WORK/conv/deposits.geojson"
C_SUM=$(sha256sum "$WORK/conv/deposits.geojson" | cut -d' ' -f1)
expect_exit 1 "$DEPOMAP" convert "$WORK/conv/deposits.geojson" -f geojson -o "$WORK/conv" --overwrite
expect_stderr_contains "deposits.geojson: is a source of this command"
expect_eq "convert: the source is unchanged" "$C_SUM" "$(sha256sum "$WORK/conv/deposits.geojson" | cut -d' ' -f1)"

# --- load --rejects: refused before the load, the store unchanged ---------------------------------
L="$WORK/load.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$L"
BAD="$SRC/tests/data/bad/lat91.geojson"
cp "$BAD" "$WORK/lat91.geojson"
expect_exit 1 "$DEPOMAP" load --db "$L" --skip-invalid --rejects "$WORK/no/such/folder/r.csv" "$WORK/lat91.geojson"
expect_stderr_contains "r.csv: cannot write here"
expect_eq "no such folder: nothing loaded" "0" "$(sql_count "$L" "SELECT count(*) FROM deposits")"
expect_exit 1 "$DEPOMAP" load --db "$L" --skip-invalid --rejects "$L" "$WORK/lat91.geojson"
expect_stderr_contains "is the store (--db) of this command"
expect_eq "rejects onto the store: nothing loaded" "0" "$(sql_count "$L" "SELECT count(*) FROM deposits")"
expect_exit 1 "$DEPOMAP" load --db "$L" --skip-invalid --rejects "$WORK/lat91.geojson" --overwrite "$WORK/lat91.geojson"
expect_stderr_contains "lat91.geojson: is an input of this command"
expect_eq "rejects onto the input: nothing loaded" "0" "$(sql_count "$L" "SELECT count(*) FROM deposits")"
cmp -s "$BAD" "$WORK/lat91.geojson" && pass || fail "the input was written over"
echo old >"$WORK/rejects.csv"
expect_exit 1 "$DEPOMAP" load --db "$L" --skip-invalid --rejects "$WORK/rejects.csv" "$WORK/lat91.geojson"
expect_stderr_contains "rejects.csv: exists; use --overwrite to replace it"
expect_eq "existing rejects file: nothing loaded" "0" "$(sql_count "$L" "SELECT count(*) FROM deposits")"
expect_exit 0 "$DEPOMAP" load --db "$L" --skip-invalid --rejects "$WORK/rejects.csv" --overwrite "$WORK/lat91.geojson"
expect_file_contains "$WORK/rejects.csv" "latitude 91 out of range"

# --- an existing file: only with --overwrite -----------------------------------------------------
for verb in within region summary qgis-project; do
    echo old >"$WORK/exists.out"
    case $verb in
    within) args=(within --point 100,60 --km 500) ;;
    region) args=(region --polygon "$SQUARE") ;;
    summary) args=(summary --by country_iso3) ;;
    qgis-project) args=(qgis-project) ;;
    esac
    expect_exit 1 "$DEPOMAP" "${args[@]}" --db "$DB" -o "$WORK/exists.out"
    expect_stderr_contains "exists.out: exists; use --overwrite to replace it"
    expect_eq "$verb without --overwrite keeps the file" "old" "$(cat "$WORK/exists.out")"
    expect_exit 0 "$DEPOMAP" "${args[@]}" --db "$DB" -o "$WORK/exists.out" --overwrite
    [[ "$(cat "$WORK/exists.out")" != old ]] && pass || fail "$verb --overwrite did not replace the file"
done
expect_exit 1 "$DEPOMAP" init --db "$DB"
expect_stderr_contains "use --overwrite"

# --- a symlink as target: written through with --overwrite only, the link stays ------------------
echo old >"$WORK/real.csv"
ln -sf real.csv "$WORK/link.csv"
expect_exit 1 "$DEPOMAP" summary --db "$DB" --by country_iso3 -f csv -o "$WORK/link.csv"
expect_stderr_contains "use --overwrite"
expect_exit 0 "$DEPOMAP" summary --db "$DB" --by country_iso3 -f csv -o "$WORK/link.csv" --overwrite
[[ -L "$WORK/link.csv" ]] && pass || fail "the symlink was replaced by a file"
expect_file_contains "$WORK/real.csv" "country_iso3"
ln -sf nowhere/at/all.csv "$WORK/dangling.csv"
expect_exit 1 "$DEPOMAP" summary --db "$DB" --by country_iso3 -o "$WORK/dangling.csv" --overwrite
expect_stderr_contains "is a symlink to nothing"
[[ -L "$WORK/dangling.csv" ]] && pass || fail "the dangling symlink was replaced"

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
