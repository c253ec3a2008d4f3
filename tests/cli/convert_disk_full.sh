#!/usr/bin/env bash
# depomap convert onto a full disk (a 1 MiB tmpfs): the source that does not fit fails with the
# reason, its output is removed (nothing cut short is left, no staging folder), the sources that
# fit are complete, and the report says why. Mounting needs root: SKIP (77) otherwise.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

small_disk 1m
W=/usr/share/qgis/resources/data/world_map.gpkg # about 20 MB as GeoJSON
SMALL="$DATA/convert/a/same.geojson"

# leftovers DIR: every entry but the expected ones (hidden staging folders and temporary files too).
entries() { (cd "$1" && ls -A | tr '\n' ' ' | sed 's/ $//'); }

# --keep-going: the small source is converted, the big one fails on the full disk and leaves nothing.
expect_exit 1 "$DEPOMAP" convert "$SMALL" "$W" -f geojson -o "$FULL/k" --keep-going -j 1
expect_stderr_contains "ok        $SMALL: 1 in, 1 out"
expect_stderr_contains "failed    $W: "
expect_stderr_contains "no space left on the disk"
expect_eq "outputs after a full disk (--keep-going)" "convert-report.csv same.geojson" "$(entries "$FULL/k")"
expect_file_contains "$FULL/k/convert-report.csv" "$SMALL,ok,1,1,same.geojson,"
expect_file_contains "$FULL/k/convert-report.csv" "no space left on the disk"
grep -q "^$W,failed,.*,,.*no space left on the disk" "$FULL/k/convert-report.csv" && pass ||
    fail "report line of the failed source: $(cat "$FULL/k/convert-report.csv")"
expect_eq "the converted source is whole" 1 "$(ogrinfo -ro -so "$FULL/k/same.geojson" same | sed -n 's/^Feature Count: //p')"
rm -rf "$FULL/k"

# Without --keep-going the full disk stops the batch: what came before is complete, the failed
# output is removed, the rest is not converted.
expect_exit 1 "$DEPOMAP" convert "$SMALL" "$W" "$DATA/convert/b/same.geojson" -f geojson -o "$FULL/s" -j 1
expect_stderr_contains "no space left on the disk"
expect_stderr_contains "stopped at the first failure"
expect_eq "outputs after a full disk (stop)" "convert-report.csv same.geojson" "$(entries "$FULL/s")"
expect_file_contains "$FULL/s/convert-report.csv" "$DATA/convert/b/same.geojson,cancelled,"
finish
