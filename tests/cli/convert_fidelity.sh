#!/usr/bin/env bash
# A scenario, not a row: concurrency. -j 2 without --keep-going stops the batch at the first failure;
# which outputs are there depends on the threads, and each one there is complete, with no staging
# left. What one conversion keeps is tests/cli/tables/convert-fidelity.ini.
source "$(dirname "$0")/lib.bash"

F="$DATA/convert_fidelity"
PY=/usr/bin/python3

# -j 2 without --keep-going: the first failure stops the batch; what is there is complete.
mkdir -p "$WORK/j2src"
for i in 1 2 3 4 5 6; do cp "$DATA/deposits.geojson" "$WORK/j2src/ok_$i.geojson"; done
cp "$F/too_small.geojson" "$WORK/j2src/ok_3_bad.geojson"
expect_exit 1 "$DEPOMAP" convert "$WORK/j2src" -f shp -o "$WORK/j2" -j 2
expect_stderr_contains "ok_3_bad.geojson: field v: its numbers need 302 characters"
[[ ! -e "$WORK/j2/ok_3_bad.shp" && ! -e "$WORK/j2/ok_3_bad.dbf" ]] && pass || fail "-j 2: the failed output is there"
expect_eq "-j 2: every output there is complete" "ok" "$("$PY" - "$WORK/j2" <<'PY'
import glob, sys
from osgeo import ogr
bad = []
for path in glob.glob(sys.argv[1] + "/*.shp"):
    ds = ogr.Open(path)
    if ds is None or ds.GetLayer(0).GetFeatureCount() != 3:
        bad.append(path)
print("ok" if not bad else " ".join(bad))
PY
)"
[[ -z "$(find "$WORK/j2" -name '.*' -mindepth 1)" ]] && pass || fail "-j 2: staging left behind: $(ls -a "$WORK/j2")"

finish
