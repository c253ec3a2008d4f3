#!/usr/bin/env bash
# Answers as layers: nearest, within and region written as styled layers in GPKG, GeoJSON,
# Shapefile, FlatGeobuf and KML (read back with ogr2ogr and compared by meaning with the CSV
# answer; the .qml beside the file, layer_styles in the GeoPackage); summary and sql as GPKG
# attribute tables, CSV and JSON; --overwrite. The refusals are rows of tests/cli/tables/.
source "$(dirname "$0")/lib.bash"

ATLAS="$WORK/atlas.sqlite"
run "$DEPOMAP" init -q --db "$ATLAS" --atlas
[[ "$RC" == 0 ]] && pass || fail "init --atlas failed"

# picked FIELDS...: the CSV on stdin, the named fields only ("MISSING" for one it lacks), numbers
# rounded to 3 decimals, rows sorted.
picked() {
    python3 -c '
import csv, sys
fields = sys.argv[1:]
rows = []
for r in csv.DictReader(sys.stdin):
    out = []
    for f in fields:
        v = r.get(f, "MISSING")
        try:
            v = "%.3f" % float(v)
        except (TypeError, ValueError):
            pass
        out.append(v)
    rows.append(",".join(out))
print("\n".join(sorted(rows)))' "$@"
}
# readback FILE FIELDS...: the answer layer's rows (ogr2ogr, points with X,Y; in a GeoPackage the
# layer $LAYER, else the file's only one), picked.
LAYER=
readback() {
    local file=$1
    shift
    ogr2ogr -f CSV /vsistdout/ "$file" $LAYER -lco GEOMETRY=AS_XY 2>/dev/null | picked "$@"
}
# csv_answer FILE FIELDS...: the same from a depomap CSV answer.
csv_answer() {
    local file=$1
    shift
    tr -d '\r' <"$file" | picked "$@"
}

# ---- nearest: supply links as lines, in every format -------------------------------------------
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -k 2 -f csv -o "$WORK/links.csv"
expect_eq "the query CSV keeps its columns" \
    "from_id,to_id,rank,distance_m,from_name,to_name,distance_km,azimuth_deg,from_lon,from_lat,to_lon,to_lat" \
    "$(head -1 "$WORK/links.csv")"
want=$(csv_answer "$WORK/links.csv" from_id to_id rank distance_m from_lon from_lat to_lon to_lat)
for ext in gpkg geojson shp fgb kml; do
    [[ "$ext" == gpkg ]] && LAYER=supply_links || LAYER=
    expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -k 2 -f "$ext" -o "$WORK/links_$ext.$ext"
    expect_stderr_empty
    got=$(readback "$WORK/links_$ext.$ext" from_id to_id rank distance_m from_lon from_lat to_lon to_lat)
    expect_eq "nearest -f $ext read back" "$want" "$got"
    types=$(ogrinfo -ro -al "$WORK/links_$ext.$ext" $LAYER 2>/dev/null | grep -o "^  [A-Z]* (" | sort -u | tr -d '( ')
    [[ "$types" =~ ^(MULTI)?LINESTRING(.(MULTI)?LINESTRING)?$ ]] && pass || fail "nearest -f $ext: geometries '$types', expected lines"
    if [[ "$ext" != gpkg ]]; then
        [[ -s "$WORK/links_$ext.qml" ]] && grep -q 'attr="dist' "$WORK/links_$ext.qml" && pass ||
            fail "nearest -f $ext: no supply_links style beside it"
    fi
done
LAYER=
# The Shapefile's style refers to its short names.
grep -q 'attr="dist_km"' "$WORK/links_shp.qml" && pass || fail "the Shapefile's style does not use dist_km"
# The Shapefile's short names are listed beside it, and its style refers to them.
expect_file_contains "$WORK/links_shp.fieldmap.csv" "dist_km,distance_km,1"
# GeoPackage: the style in layer_styles.
expect_eq "layer_styles in the GeoPackage" "supply_links" \
    "$(sqlite3 "$WORK/links_gpkg.gpkg" "SELECT f_table_name FROM layer_styles WHERE useAsDefault")"
# A line's ends are its pair: from (from_lon, from_lat) to (to_lon, to_lat).
ends=$(ogr2ogr -f CSV /vsistdout/ "$WORK/links_gpkg.gpkg" -dialect sqlite -sql \
    "SELECT count(*) AS bad FROM supply_links WHERE abs(ST_X(ST_StartPoint(ST_GeometryN(geom, 1))) - from_lon) > 1e-7
       OR abs(ST_Y(ST_StartPoint(ST_GeometryN(geom, 1))) - from_lat) > 1e-7" 2>/dev/null | tail -1 | tr -d '"')
expect_eq "every line starts at its --from feature" "0" "$ends"

# The existing -f geojson -o gets its style too; to standard output it stays a stream.
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -f geojson -o "$WORK/plain.geojson"
[[ -s "$WORK/plain.qml" ]] && pass || fail "nearest -f geojson -o: no .qml beside it"
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -f geojson
expect_stdout_contains '"FeatureCollection"'
# Standard output gets the file -o would (by meaning: the same links), and nothing when the
# query fails.
cp "$OUT" "$WORK/stdout.geojson"
LAYER=
expect_eq "nearest -f geojson: standard output and -o give the same links" \
    "$(readback "$WORK/plain.geojson" from_id to_id rank distance_m from_lon from_lat)" \
    "$(readback "$WORK/stdout.geojson" from_id to_id rank distance_m from_lon from_lat)"

# ---- within and region: points at the feature --------------------------------------------------
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --point 104.28,52.29 --km 900 -f csv -o "$WORK/w.csv"
want=$(csv_answer "$WORK/w.csv" id distance_m lon lat)
[[ $(wc -l <"$WORK/w.csv") -gt 2 ]] && pass || fail "within found too little to compare"
for ext in gpkg geojson shp fgb kml; do
    [[ "$ext" == gpkg ]] && LAYER=within || LAYER=
    expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --point 104.28,52.29 --km 900 -f "$ext" -o "$WORK/w_$ext.$ext"
    expect_eq "within -f $ext read back" "$want" "$(readback "$WORK/w_$ext.$ext" id distance_m lon lat)"
    expect_eq "within -f $ext: points at lon, lat" "$want" "$(readback "$WORK/w_$ext.$ext" id distance_m X Y)"
    [[ "$ext" == gpkg || -s "$WORK/w_$ext.qml" ]] && pass || fail "within -f $ext: no style beside it"
done
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --line "LINESTRING(100 50, 110 55)" --km 200 -f csv -o "$WORK/c.csv"
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --line "LINESTRING(100 50, 110 55)" --km 200 -f gpkg -o "$WORK/c.gpkg"
LAYER=within
expect_eq "within --line -f gpkg read back" "$(csv_answer "$WORK/c.csv" id distance_m line_lon line_lat)" \
    "$(readback "$WORK/c.gpkg" id distance_m line_lon line_lat)"

expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name RU-IRK -f csv -o "$WORK/r.csv"
want=$(csv_answer "$WORK/r.csv" id status lon lat)
for ext in gpkg geojson shp fgb kml; do
    [[ "$ext" == gpkg ]] && LAYER=region || LAYER=
    expect_exit 0 "$DEPOMAP" region -q --db "$ATLAS" --name RU-IRK -f "$ext" -o "$WORK/r_$ext.$ext"
    expect_eq "region -f $ext read back" "$want" "$(readback "$WORK/r_$ext.$ext" id status X Y)"
done
expect_eq "region's GeoPackage is styled as deposits" "deposits" \
    "$(sqlite3 "$WORK/r_gpkg.gpkg" "SELECT styleName FROM layer_styles")"

# ---- summary and sql: attribute tables -----------------------------------------------------------
expect_exit 0 "$DEPOMAP" summary --db "$ATLAS" --by country_iso3 -f csv -o "$WORK/s.csv"
expect_exit 0 "$DEPOMAP" summary --db "$ATLAS" --by country_iso3 -f gpkg -o "$WORK/s.gpkg"
LAYER=summary
expect_eq "summary -f gpkg read back" "$(csv_answer "$WORK/s.csv" country_iso3 count contained_treo_t)" \
    "$(readback "$WORK/s.gpkg" country_iso3 count contained_treo_t)"
expect_eq "summary's GeoPackage table has no geometry" "attributes" \
    "$(sqlite3 "$WORK/s.gpkg" "SELECT data_type FROM gpkg_contents WHERE table_name = 'summary'")"
expect_exit 0 "$DEPOMAP" summary --db "$ATLAS" --by country_iso3 -f json -o "$WORK/s.json"
expect_eq "summary -f json -o" "$(csv_answer "$WORK/s.csv" country_iso3 count)" "$(python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
print("\n".join(sorted("%s,%.3f" % (r["country_iso3"], r["count"]) for r in rows)))' "$WORK/s.json")"

q="SELECT status, count(*) AS n, total(contained_treo_t) AS treo FROM deposits GROUP BY status"
expect_exit 0 "$DEPOMAP" sql --db "$ATLAS" -f csv -o "$WORK/q.csv" "$q"
expect_exit 0 "$DEPOMAP" sql --db "$ATLAS" -f gpkg -o "$WORK/q.gpkg" "$q"
LAYER=sql
expect_eq "sql -f gpkg read back" "$(csv_answer "$WORK/q.csv" status n treo)" "$(readback "$WORK/q.gpkg" status n treo)"
expect_exit 0 "$DEPOMAP" sql --db "$ATLAS" -f json -o "$WORK/q.json" "$q"
expect_eq "sql -f json -o" "$(csv_answer "$WORK/q.csv" status n)" "$(python3 -c '
import json, sys
rows = json.load(open(sys.argv[1]))
print("\n".join(sorted("%s,%.3f" % (r["status"], r["n"]) for r in rows)))' "$WORK/q.json")"
# A column named `fid` (text, or integers that are not the rows' FIDs) is kept as a field: the
# GeoPackage's FID column takes another name, as convert's does for a source field named fid.
q="SELECT 'x' || fid AS fid, fid * 10 AS n, id FROM deposits ORDER BY fid LIMIT 3"
expect_exit 0 "$DEPOMAP" sql --db "$ATLAS" -f csv -o "$WORK/fid.csv" "$q"
expect_exit 0 "$DEPOMAP" sql --db "$ATLAS" -f gpkg -o "$WORK/fid.gpkg" "$q"
expect_eq "sql -f gpkg with a fid column read back" "$(csv_answer "$WORK/fid.csv" fid n id)" "$(readback "$WORK/fid.gpkg" fid n id)"
q="SELECT fid * 10 AS fid, id FROM deposits ORDER BY fid LIMIT 3"
expect_exit 0 "$DEPOMAP" sql --db "$ATLAS" -f csv -o "$WORK/fid2.csv" "$q"
expect_exit 0 "$DEPOMAP" sql --db "$ATLAS" -f gpkg -o "$WORK/fid2.gpkg" "$q"
expect_eq "sql -f gpkg with integer fids read back" "$(csv_answer "$WORK/fid2.csv" fid id)" "$(readback "$WORK/fid2.gpkg" fid id)"

# ---- the output rules ------------------------------------------------------------------------------
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -k 1 -f gpkg -o "$WORK/links_gpkg.gpkg" --overwrite
expect_eq "--overwrite replaced it" "$(sql_value "$ATLAS" "SELECT count(*) FROM deposits WHERE geom IS NOT NULL")" \
    "$(sqlite3 "$WORK/links_gpkg.gpkg" "SELECT count(*) FROM supply_links")"

# An existing file without --overwrite, a Shapefile's sidecars, the store or a source as -o, a
# failed query's empty stdout, unknown formats and a missing -o: rows of tests/cli/tables/nearest.ini,
# within.ini, summary.ini and sql.ini.
finish
