#!/usr/bin/env bash
# load on real files nobody here wrote (GDAL's test suite) and on the odd shapes real sources take:
# repeated field names, one field into two columns, a licence area across 180° in a projected CRS,
# a .prj with a byte-order mark, ESRI JSON, sources without a CRS, DMS with ASCII seconds marks,
# wide CSVs, a DBF header too short, ids beyond int64, property names that differ only in case.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

GA="$DATA/gdal-autotest/autotest"
db="$WORK/s.sqlite"

# --- repeated field names: every value kept, the repeats renamed and said so ------------------
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" --layer country_stats "$GA/utilities/data/duplicatedfields.csv"
expect_stderr_contains "duplicatedfields.csv: field 3 repeats the name 'foo': its values are kept as 'foo_2'"
expect_stderr_contains "duplicatedfields.csv: field 6 repeats the name 'foo': its values are kept as 'foo_3'"
expect_eq "duplicated fields: every value" 'val_foo|val_foo3|val_foo4|val_foo2|val_bar|val_baz' \
    "$(sql_value "$db" "SELECT json_extract(extra,'\$.foo'), json_extract(extra,'\$.foo_2'), json_extract(extra,'\$.foo_3'), json_extract(extra,'\$.foo2'), json_extract(extra,'\$.bar'), json_extract(extra,'\$.baz') FROM country_stats")"
# The same in a GeoJSON object that has a key twice.
echo '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"d1","lot":"A","lot":"B"},"geometry":{"type":"Point","coordinates":[1,2]}}]}' >"$WORK/repeated_key.geojson"
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$WORK/repeated_key.geojson"
expect_stderr_contains "repeated_key.geojson: field 'lot' appears twice in a feature: the second value is kept as 'lot_2'"
expect_eq "GeoJSON key twice: both values" "A|B" "$(sql_value "$db" "SELECT json_extract(extra,'\$.lot'), json_extract(extra,'\$.lot_2') FROM deposits")"
# -q: errors only, so no notes.
new_store "$db"
expect_exit 0 "$DEPOMAP" load -q --db "$db" --layer country_stats "$GA/utilities/data/duplicatedfields.csv"
expect_stderr_empty

# --- one source field into two columns ----------------------------------------------------------
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$DATA/deposits_xy.csv" --x-field lon --y-field lat \
    --map id=name --map name=name --map name_local=name
expect_eq "--map id=name --map name=name fills both" 'Kvanefjeld|Kvanefjeld|Kvanefjeld
Moscow probe|Moscow probe|Moscow probe
Tomtor|Tomtor|Tomtor' "$(sql_value "$db" "SELECT id, name, name_local FROM deposits ORDER BY id")"
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$DATA/mapped.geojson" --map id=site_name --map name=site_name
expect_eq "GeoJSON: one field, two columns" 0 \
    "$(sql_count "$db" "SELECT count(*) FROM deposits WHERE name IS NULL OR id <> name")"

# --- a licence area across 180° in UTM zone 60N and Pulkovo GK zone 30: cut at ±180 -------------
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" --layer reserve_areas "$DATA/antimeridian_utm60.geojson"
expect_exit 0 "$DEPOMAP" load --db "$db" --layer reserve_areas "$DATA/antimeridian_gk30.csv" \
    --wkt-field wkt --s-srs EPSG:28430
for id in chukotka-utm60 chukotka-gk30; do
    # The notched area east of 179.5 E and west of 179.5 W: three parts, none wider than 0.5°.
    expect_eq "$id: parts" 3 "$(spatial_csv "$db" "SELECT NumGeometries(geom) FROM reserve_areas WHERE id='$id'")"
    expect_eq "$id: valid" 1 "$(spatial_csv "$db" "SELECT ST_IsValid(geom) FROM reserve_areas WHERE id='$id'")"
    expect_eq "$id: each part on one side" 0 "$(spatial_csv "$db" "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<3)
        SELECT count(*) FROM reserve_areas, n WHERE id='$id' AND MbrMaxX(GeometryN(geom,i)) - MbrMinX(GeometryN(geom,i)) > 0.5001")"
    # The area on the ellipsoid is the uncut polygon's: 1,108.07 km² (pyproj's Geod on the
    # lon/lat vertices the fixture was made from, longitudes past 180 unwrapped).
    area=$(spatial_csv "$db" "SELECT ST_Area(geom, 1)/1e6 FROM reserve_areas WHERE id='$id'")
    expect_near "$id: area km2" 1108.07 "$area" 1
    expect_eq "$id: east edge at 180" 1 "$(spatial_csv "$db" "SELECT round(MbrMaxX(geom),6)=180 AND round(MbrMinX(geom),6)=-180 FROM reserve_areas WHERE id='$id'")"
done

# --- a .prj that starts with a UTF-8 byte-order mark, as GDAL reads it ------------------------
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$GA/ogr/data/shp/prjwithutf8bom.shp"
expect_stderr_contains "loaded 1 of 1 features"
expect_stderr_not_contains "no CRS"

# --- ESRI JSON goes to GDAL's ESRIJSON driver, not the GeoJSON reader --------------------------
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$GA/ogr/data/esrijson/esripoint.json"
expect_stderr_contains "loaded 1 of 1 features"
expect_eq "esripoint: point" "2.0000000,49.0000000" "$(spatial_csv "$db" "SELECT printf('%.7f', X(geom)), printf('%.7f', Y(geom)) FROM deposits")"
expect_eq "esripoint: attributes" "56|1234567890" "$(sql_value "$db" "SELECT json_extract(extra, '\$.fooString'), json_extract(extra, '\$.fooInt') FROM deposits")"
new_store "$db"
# A MultiPoint of several points is no deposit point: refused for its geometry, read all the same.
expect_exit 1 "$DEPOMAP" load --db "$db" "$GA/ogr/data/esrijson/esrizmmultipoint.json"
expect_stderr_contains "wrong geometry type"
expect_stderr_not_contains "not a GeoJSON Feature"

# --- no CRS: plausible degrees load as EPSG:4326 with a note; anything else needs --s-srs -------
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$GA/ogr/data/shp/gjpoint.shp"
expect_stderr_contains "gjpoint.shp: no CRS: no .prj beside it; its coordinates are longitude/latitude degrees, read as EPSG:4326 (give --s-srs if they are not)"
# poly.shp without its .prj: metres, refused naming the file, the reason and the way out.
for ext in shp shx dbf; do cp "$GA/ogr/data/poly.$ext" "$WORK/poly_noprj.$ext"; done
new_store "$db"
expect_exit 1 "$DEPOMAP" load --db "$db" --layer reserve_areas "$WORK/poly_noprj.shp"
expect_stderr_contains "depomap load: $WORK/poly_noprj.shp: no CRS: no .prj beside it, and its coordinates (x 478316 to 481645, y 4.76288e+06 to 4.76561e+06) are not longitude/latitude degrees: give its CRS with --s-srs"
expect_exit 0 "$DEPOMAP" load --db "$db" --layer reserve_areas "$WORK/poly_noprj.shp" --s-srs EPSG:27700
# Other formats say it in their own words; a GeoPackage's "Undefined Cartesian SRS" is no CRS.
ogr2ogr -f FlatGeobuf "$WORK/poly_nocrs.fgb" "$WORK/poly_noprj.shp" 2>/dev/null
new_store "$db"
expect_exit 1 "$DEPOMAP" load --db "$db" --layer reserve_areas "$WORK/poly_nocrs.fgb"
expect_stderr_contains "poly_nocrs.fgb: no CRS: the FlatGeobuf source names none, and its coordinates"
expect_stderr_contains "give its CRS with --s-srs"
echo '{"geometryType":"esriGeometryPoint","fields":[{"name":"objectid","type":"esriFieldTypeOID"}],"features":[{"attributes":{"objectid":1},"geometry":{"x":500000,"y":4649776}}]}' >"$WORK/esri_nosr.json"
expect_exit 1 "$DEPOMAP" load --db "$db" "$WORK/esri_nosr.json"
expect_stderr_contains "depomap load: $WORK/esri_nosr.json: no CRS: no \"spatialReference\" in the ESRI JSON, and its coordinates"
printf 'id,WKT\na,"POINT (500000 4649776)"\n' >"$WORK/wkt_nocrs.csv"
expect_exit 1 "$DEPOMAP" load --db "$db" "$WORK/wkt_nocrs.csv"
expect_stderr_contains "depomap load: $WORK/wkt_nocrs.csv: no CRS: a CSV file carries none, and its coordinates"
expect_stderr_not_contains "Shapefile"
ogr2ogr -f GPKG "$WORK/undefined.gpkg" "$DATA/deposits.geojson" 2>/dev/null
sqlite3 "$WORK/undefined.gpkg" "UPDATE gpkg_geometry_columns SET srs_id=-1; UPDATE gpkg_contents SET srs_id=-1"
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$WORK/undefined.gpkg"
expect_stderr_contains "undefined.gpkg: its CRS is undefined ('Undefined Cartesian SRS'); its coordinates are longitude/latitude degrees, read as EPSG:4326"
ogr2ogr -f GPKG "$WORK/undefined_m.gpkg" "$WORK/poly_noprj.shp" 2>/dev/null
sqlite3 "$WORK/undefined_m.gpkg" "UPDATE gpkg_geometry_columns SET srs_id=-1; UPDATE gpkg_contents SET srs_id=-1"
expect_exit 1 "$DEPOMAP" load --db "$db" --layer reserve_areas "$WORK/undefined_m.gpkg"
expect_stderr_contains "depomap load: $WORK/undefined_m.gpkg: its CRS is undefined ('Undefined Cartesian SRS'), and its coordinates"
expect_stderr_not_contains "Cannot find coordinate operations"

# --- '"' as the seconds mark inside unquoted CSV values --------------------------------------
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" --layer country_stats "$GA/ogr/data/csv/double_quotes_in_middle_of_field.csv"
expect_eq "double quote in the middle of a field" "50°46'06.6\"N 116°42'04.4|foo" \
    "$(sql_value "$db" "SELECT json_extract(extra,'\$.coord'), json_extract(extra,'\$.str') FROM country_stats")"
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$DATA/deposits_dms_ascii_seconds.csv" --x-field lon --y-field lat
expect_eq "DMS with two ASCII seconds marks a line" "\"Quoted name, too\",30.2500000,59.9418056
Two marks,116.7012222,50.7685000" "$(spatial_csv "$db" "SELECT name, printf('%.7f', X(geom)), printf('%.7f', Y(geom)) FROM deposits")"
# convert reads them as load does (a requoted copy; GDAL alone merges such values).
expect_exit 0 "$DEPOMAP" convert "$DATA/deposits_dms_ascii_seconds.csv" -f GeoJSON -o "$WORK/conv" --x-field lon --y-field lat
expect_eq "convert: DMS with two ASCII seconds marks a line" "Quoted name, too 30.2500000 59.9418056|Two marks 116.7012222 50.7685000" \
    "$(json_get "$WORK/conv/deposits_dms_ascii_seconds.geojson" '"|".join(sorted("%s %.7f %.7f" % (f["properties"]["name"], *f["geometry"]["coordinates"]) for f in d["features"]))')"
expect_eq "convert: the DMS text kept" "116°42'04.4\"E" "$(json_get "$WORK/conv/deposits_dms_ascii_seconds.geojson" 'd["features"][0]["properties"]["lon"]')"
# A quote that opens a value still has to close.
expect_exit 1 "$DEPOMAP" load --db "$db" "$BAD/unbalanced_quote_middle.csv" --x-field lon --y-field lat
expect_stderr_contains "unbalanced quotes"

# --- more than 2,000 CSV columns: all kept ---------------------------------------------------
python3 -c '
n = 2500
print(",".join(["id"] + ["c%d" % i for i in range(1, n)]))
print(",".join(["wide-1"] + [str(i) for i in range(1, n)]))' >"$WORK/wide.csv"
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" --layer country_stats "$WORK/wide.csv"
expect_eq "2,500 columns: all in extra" "2499|2499" \
    "$(sql_value "$db" "SELECT (SELECT count(*) FROM json_each(extra)), json_extract(extra,'\$.c2499') FROM country_stats")"

# --- a DBF whose header has no room for its fields: refused, naming the file --------------------
for ext in shp shx dbf; do cp "$GA/ogr/data/shp/gjpoint.$ext" "$WORK/short_header.$ext"; done
printf '\x21\x00' | dd of="$WORK/short_header.dbf" bs=1 seek=8 conv=notrunc status=none
new_store "$db"
cp "$db" "$WORK/before.sqlite"
expect_exit 1 "$DEPOMAP" load --db "$db" "$WORK/short_header.shp"
expect_stderr_contains "depomap load: $WORK/short_header.shp: its .dbf header (33 bytes) has room for 0 field descriptions, but its records (72 bytes) hold more fields"
expect_stderr_lines 1

# --- GeoJSON ids beyond int64 exact; names that differ only in case each kept ------------------
new_store "$db"
expect_exit 0 "$DEPOMAP" load --db "$db" "$DATA/ids_uint64_case.geojson"
expect_eq "uint64 ids exact" "18446744073709551615
9223372036854775809" "$(sql_value "$db" "SELECT id FROM deposits ORDER BY id")"
expect_eq "exact-case name wins, the others in extra" "exact|caps|upper first|1" \
    "$(sql_value "$db" "SELECT name, json_extract(extra,'\$.NAME'), json_extract(extra,'\$.Name'), instr(extra, '\"serial\":9223372036854775808}') > 0 FROM deposits WHERE id='18446744073709551615'")"
expect_eq "no exact-case name: the other fills the column" "only caps|" \
    "$(sql_value "$db" "SELECT name, extra FROM deposits WHERE id='9223372036854775809'")"
expect_stderr_contains "ids_uint64_case.geojson: field 'Name' goes to extra where another field fills column 'name' (names that differ only in case)"

finish
