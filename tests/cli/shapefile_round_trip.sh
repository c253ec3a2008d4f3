#!/usr/bin/env bash
# export -f shp then load, with no --map: the loader reads depomap's <layer>.fieldmap.csv, so the
# cut field names (cntry_iso3) fill their columns again and long text, split into continuation
# fields by default, comes back whole. A --map that names the cut name still works.
source "$(dirname "$0")/lib.bash"

A="$WORK/a.sqlite"
B="$WORK/b.sqlite"
expect_exit 0 "$DEPOMAP" init -q --db "$A" --atlas
expect_exit 0 "$DEPOMAP" export -q --db "$A" -f shp -o "$WORK/shp"
expect_exit 0 "$DEPOMAP" init -q --db "$B"
for layer in deposits processing_sites reserve_areas; do
    expect_exit 0 "$DEPOMAP" load -q --db "$B" --layer "$layer" "$WORK/shp/$layer.shp"
done
dump() { spatial_csv "$1" "SELECT id, country_iso3, coord_description, source, length(source) FROM $2"; }
for layer in deposits processing_sites; do
    expect_eq "$layer: country_iso3, coord_description and source (over 254 bytes) back whole" \
        "$(dump "$A" "$layer")" "$(dump "$B" "$layer")"
done
expect_eq "reserve_areas back" "$(spatial_csv "$A" "SELECT id, deposit_id, outline_method, source FROM reserve_areas")" \
    "$(spatial_csv "$B" "SELECT id, deposit_id, outline_method, source FROM reserve_areas")"
long=$(spatial_csv "$B" "SELECT count(*) FROM deposits WHERE length(source) > 254")
[[ "$long" -gt 0 ]] && pass || fail "no long source text came back (the check proves nothing)"

# The cut name in --map still means the field.
expect_exit 0 "$DEPOMAP" init -q --db "$WORK/c.sqlite"
expect_exit 0 "$DEPOMAP" load -q --db "$WORK/c.sqlite" --layer deposits "$WORK/shp/deposits.shp" --map region=cntry_iso3
expect_eq "--map region=cntry_iso3" "$(spatial_csv "$A" "SELECT id, country_iso3 FROM deposits")" \
    "$(spatial_csv "$WORK/c.sqlite" "SELECT id, region FROM deposits")"
# A damaged field map is refused, naming it.
cp "$WORK/shp/deposits.fieldmap.csv" "$WORK/fieldmap.good"
printf 'short,full\nid,id\n' >"$WORK/shp/deposits.fieldmap.csv"
expect_exit 1 "$DEPOMAP" load -q --db "$WORK/c.sqlite" --layer deposits "$WORK/shp/deposits.shp"
expect_stderr_contains "deposits.fieldmap.csv"
expect_stderr_lines 1
{ cat "$WORK/fieldmap.good"; printf 'name,name,two\n'; } >"$WORK/shp/deposits.fieldmap.csv"
expect_exit 1 "$DEPOMAP" load -q --db "$WORK/c.sqlite" --layer deposits "$WORK/shp/deposits.shp"
expect_stderr_contains "is not short,full,part"
grep -v ',1$' "$WORK/fieldmap.good" >"$WORK/shp/deposits.fieldmap.csv"
expect_exit 1 "$DEPOMAP" load -q --db "$WORK/c.sqlite" --layer deposits "$WORK/shp/deposits.shp"
expect_stderr_contains "has no first part"
expect_eq "the refused loads left the store as it was" "$(spatial_csv "$A" "SELECT count(*) FROM deposits")" \
    "$(spatial_csv "$WORK/c.sqlite" "SELECT count(*) FROM deposits")"
finish
