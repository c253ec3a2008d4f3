#!/usr/bin/env bash
# depomap export onto a full disk (a 200 KiB tmpfs): every format, the Shapefile by depomap's own
# writer too, says "no space left on the disk" and leaves nothing behind (no staging, no output).
# And a Shapefile whose DBF record would pass 65,535 bytes names that limit instead of GDAL's
# "reason unknown". Mounting needs root: SKIP (77).
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

small_disk 200k
DB="$WORK/store.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$DB"
python3 - "$WORK/points.csv" <<'PY'
import random, sys
random.seed(1)
with open(sys.argv[1], "w") as f:
    f.write("id,name,notes,lon,lat\n")
    for i in range(8000):
        f.write(f"p{i},point {i},{'n' * 40},{random.uniform(-170, 170):.5f},{random.uniform(-80, 80):.5f}\n")
PY
expect_exit 0 "$DEPOMAP" load -q --db "$DB" "$WORK/points.csv" --x-field lon --y-field lat
for f in gpkg sqlite fgb csv geojson kml shp; do
    expect_exit 1 "$DEPOMAP" export --db "$DB" -f $f --layer deposits -o "$FULL/out.$f"
    expect_stderr_contains "out.$f: writing failed: no space left on the disk"
    expect_eq "$f: nothing left on the full disk" "" "$(ls -A "$FULL")"
done

# 300 text fields of 254 bytes: the 258th does not fit in a DBF record.
python3 - "$WORK/wide.geojson" <<'PY'
import json, sys
props = {f"f{i}": "x" * 200 for i in range(300)}
feature = {"type": "Feature", "properties": props, "geometry": {"type": "Point", "coordinates": [1, 2]}}
json.dump({"type": "FeatureCollection", "features": [feature]}, open(sys.argv[1], "w"))
PY
expect_exit 1 "$DEPOMAP" convert "$WORK/wide.geojson" -f shp -o "$WORK/wide"
expect_stderr_contains "cannot create field f258: a DBF record holds at most 65,535 bytes"
expect_stderr_not_contains "reason unknown"
finish
