#!/usr/bin/env bash
# load --skip-invalid --rejects FILE on a disk that cannot take the rejects (a 64 KiB tmpfs): the
# rejects are written out before the store commits, so the load fails with "no space left on the
# disk", the store keeps nothing of it, and nothing is left on the full disk. Mounting needs root:
# SKIP (77).
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

small_disk 64k
DB="$WORK/store.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$DB"
# 100 good points and 4,000 with a latitude out of range: their rejects take ~400 KiB.
python3 - "$WORK/points.csv" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("id,name,lon,lat\n")
    for i in range(100):
        f.write(f"ok{i},good point {i},{i % 170}.5,{i % 80}.25\n")
    for i in range(4000):
        f.write(f"bad{i},{'a rather long name of a point that cannot be loaded ' * 2},10.0,{95 + i % 5}.0\n")
PY

expect_exit 1 "$DEPOMAP" load --db "$DB" "$WORK/points.csv" --x-field lon --y-field lat --skip-invalid \
    --rejects "$FULL/rejects.csv"
expect_stderr_contains "rejects.csv: writing failed: no space left on the disk"
expect_eq "the store keeps nothing of the load" 0 "$(sql_count "$DB" "SELECT count(*) FROM deposits")"
expect_eq "nothing left on the full disk" "" "$(ls -A "$FULL")"

# With room for them, the same load commits and the rejects file holds every reject.
expect_exit 0 "$DEPOMAP" load -q --db "$DB" "$WORK/points.csv" --x-field lon --y-field lat --skip-invalid \
    --rejects "$WORK/rejects.csv"
expect_eq "loaded" 100 "$(sql_count "$DB" "SELECT count(*) FROM deposits")"
expect_eq "every reject listed" 4001 "$(wc -l <"$WORK/rejects.csv")"

finish
