#!/usr/bin/env bash
# Hostile input: malformed files of every kind people send each other (tests/data/bad/, listed with
# their messages in tests/data/bad/README.md, plus binary ones made here). Each load exits 1 with
# exactly one stderr line "depomap load: FILE: feature N (id '...'): REASON" (no feature for a file
# that cannot be read at all), REASON exactly as expected, and the store unchanged. Then: what
# must load despite looking odd (BOM, CRLF, ';'), SQL in names and values stored as plain data,
# layer names that try to leave convert's output folder, and `sql` refusing every kind of write.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

DB="$WORK/s.sqlite"
new_store "$DB"
run "$DEPOMAP" load -q --db "$DB" "$DATA/deposits.geojson"
run "$DEPOMAP" load -q --db "$DB" "$DATA/reserve_areas.geojson" --layer reserve_areas

# The store's whole content in one sqlite3 run (ids, names, extra, geometry blobs, R*Tree sizes):
# cheaper than store_snapshot, and as exact.
snapshot() {
    sqlite3 -readonly -batch -noheader "$DB" "
        SELECT 'd', id, quote(name), quote(extra), hex(geom) FROM deposits ORDER BY id;
        SELECT 'r', id, quote(name), quote(extra), hex(geom) FROM reserve_areas ORDER BY id;
        SELECT 'dr', count(*) FROM idx_deposits_geom;
        SELECT 'rr', count(*) FROM idx_reserve_areas_geom;
        SELECT 'p', count(*) FROM processing_sites;"
}
BEFORE="$WORK/before"
snapshot >"$BEFORE"
expect_eq "deposits before" 3 "$(sql_count "$DB" "SELECT count(*) FROM deposits")"
expect_eq "reserve areas before" 2 "$(sql_count "$DB" "SELECT count(*) FROM reserve_areas")"

# A hang fails the test rather than the suite; tools/valgrind --cli-test stretches these limits.
slow=${DEPOMAP_TEST_TIMEOUT_SCALE:-1}
CASES=0
# rejected FILE FEATURE REASON [load options...]: FEATURE is "feature 2", or "" for a file that
# cannot be read at all. REASON must be the whole rest of the line.
rejected() {
    local file=$1 where=$2 reason=$3 line rest
    shift 3
    CASES=$((CASES + 1))
    expect_exit 1 timeout $((60 * slow)) "$DEPOMAP" load --db "$DB" "$file" "$@"
    expect_stdout_empty
    expect_stderr_lines 1
    line=$(head -n 1 "$ERR")
    rest=${line#"depomap load: $file: "}
    if [[ "$rest" == "$line" ]]; then
        fail "stderr does not start with 'depomap load: $file: '"
    elif [[ -n "$where" ]]; then
        if [[ "$rest" == "$where: "* ]]; then
            rest=${rest#"$where: "}
        elif [[ "$rest" == "$where (id '"*"'): "* ]]; then
            rest=${rest#"$where (id '"*"'): "}
        else
            fail "stderr does not name $where"
        fi
    elif [[ "$rest" =~ ^feature\ [0-9] ]]; then
        fail "stderr names a feature; expected a whole-file error"
    fi
    expect_eq "$(basename "$file"): reason" "$reason" "$rest"
    snapshot >"$WORK/now"
    cmp -s "$BEFORE" "$WORK/now" && pass || fail "$(basename "$file"): the store changed"
}
CSV=(--x-field lon --y-field lat)
AREAS=(--layer reserve_areas)

# --- JSON that is not JSON ---------------------------------------------------------------------
rejected "$BAD/truncated_in_string.geojson" "" "invalid GeoJSON at byte 207: unexpected end of file inside a string"
rejected "$BAD/truncated_in_coordinates.geojson" "" "invalid GeoJSON at byte 260: unexpected end of file inside a feature (truncated?)"
rejected "$BAD/truncated_after_features.geojson" "" "invalid GeoJSON at byte 267: unexpected end of file (truncated?)"
rejected "$BAD/single_quotes.geojson" "feature 2" "invalid JSON: The JSON document has an improper structure: missing or superfluous commas, braces, missing keys, etc."
rejected "$BAD/unquoted_key.geojson" "feature 2" "invalid JSON: The JSON document has an improper structure: missing or superfluous commas, braces, missing keys, etc."
rejected "$BAD/missing_colon.geojson" "feature 2" "invalid JSON: The JSON document has an improper structure: missing or superfluous commas, braces, missing keys, etc."
rejected "$BAD/trailing_comma_in_feature.geojson" "feature 2" "invalid JSON: The JSON document has an improper structure: missing or superfluous commas, braces, missing keys, etc."
rejected "$BAD/trailing_comma_in_features.geojson" "" "invalid GeoJSON at byte 250: a trailing ',' after feature 2, the last one"
rejected "$BAD/missing_comma_between_features.geojson" "" "invalid GeoJSON at byte 154: expected ',' or ']' after feature 1, found '{' (a missing comma?)"
rejected "$BAD/data_after_end.geojson" "" "invalid GeoJSON at byte 252: data after the end of the document"
rejected "$BAD/whitespace_only.geojson" "" "invalid GeoJSON at byte 8: empty document"
rejected "$BAD/bom_only.geojson" "" "invalid GeoJSON at byte 3: empty document"
rejected "$BAD/top_level_array.geojson" "" "invalid GeoJSON at byte 1: the top level is not a JSON object"
rejected "$BAD/deep_nesting.geojson" "feature 2" "invalid JSON: The JSON document was too deep (too many nested objects and arrays)"
rejected "$BAD/png_named.geojson" "" "invalid GeoJSON at byte 1: the top level is not a JSON object"
# Random bytes (seeded, so the same every run) after a plausible start.
python3 -c 'import random, sys; r = random.Random(7); sys.stdout.buffer.write(b"{\"type\": \"FeatureCollection\", \"features\": [{" + bytes(r.randrange(256) for _ in range(4096)))' >"$WORK/random_bytes.geojson"
rejected "$WORK/random_bytes.geojson" "feature 1" "invalid JSON: Within strings, some characters must be escaped, we found unescaped characters"

# --- JSON, but not GeoJSON ---------------------------------------------------------------------
rejected "$BAD/features_object.geojson" "" 'invalid GeoJSON at byte 40: "features" is not an array'
rejected "$BAD/features_string.geojson" "" 'invalid GeoJSON at byte 40: "features" is not an array'
rejected "$BAD/features_null.geojson" "" 'invalid GeoJSON at byte 40: "features" is not an array'
rejected "$BAD/feature_not_object.geojson" "" "invalid GeoJSON at byte 155: feature 2 is not a JSON object"
rejected "$BAD/feature_no_type.geojson" "feature 2" 'not a GeoJSON Feature ("type" is not "Feature")'
rejected "$BAD/feature_wrong_type.geojson" "feature 2" 'not a GeoJSON Feature ("type" is not "Feature")'
rejected "$BAD/properties_array.geojson" "feature 2" '"properties" is not an object'
rejected "$BAD/geometry_no_type.geojson" "feature 2" 'geometry without a "type"'
rejected "$BAD/geometry_not_object.geojson" "feature 2" 'geometry without a "type"'
rejected "$BAD/geometry_unknown_type.geojson" "feature 2" "invalid GeoJSON geometry: '{\"type\":\"Pointy\",\"coordinates\":[11,21]}'"
rejected "$BAD/point_strings.geojson" "feature 2" "Point coordinates are not numbers"
rejected "$BAD/point_one_coordinate.geojson" "feature 2" "Point with fewer than 2 coordinates"
rejected "$BAD/point_coordinates_object.geojson" "feature 2" "invalid GeoJSON geometry: '{\"type\":\"Point\",\"coordinates\":{\"x\":11,\"y\":21}}'"
rejected "$BAD/geometry_collection.geojson" "feature 2" "wrong geometry type Geometry Collection for layer deposits (expects Point)"
rejected "$BAD/linestring_in_area_layer.geojson" "feature 2" "wrong geometry type Line String for layer reserve_areas (expects Polygon or MultiPolygon)" "${AREAS[@]}"

# --- numbers that are no coordinates -----------------------------------------------------------
rejected "$BAD/nan_point.geojson" "feature 2" "invalid JSON: NaN and Infinity are not JSON numbers"
rejected "$BAD/infinity_point.geojson" "feature 2" "invalid JSON: NaN and Infinity are not JSON numbers"
rejected "$BAD/minus_infinity_point.geojson" "feature 2" "invalid JSON: NaN and Infinity are not JSON numbers"
# 1e308 is a finite double: the message is about the range, not the number's form.
rejected "$BAD/lon_1e308.geojson" "feature 2" "longitude 1e+308 out of range [-180, 180]"
rejected "$BAD/lat_minus_1e308.geojson" "feature 2" "latitude -1e+308 out of range [-90, 90]"
rejected "$BAD/lat_1e308_polygon.geojson" "feature 2" "latitude 1e+308 out of range [-90, 90]" "${AREAS[@]}"
rejected "$BAD/lat91_polygon.geojson" "feature 2" "latitude 91 out of range [-90, 90] (longitude and latitude swapped?)" "${AREAS[@]}"
rejected "$BAD/swapped_polygon.geojson" "feature 2" "latitude 100 out of range [-90, 90] (longitude and latitude swapped?)" "${AREAS[@]}"

# --- polygons ------------------------------------------------------------------------------------
rejected "$BAD/unclosed_ring.geojson" "feature 2" "invalid polygon: ring 1 is not closed" "${AREAS[@]}"
rejected "$BAD/ring_three_points.geojson" "feature 2" "invalid polygon: ring 1 has 3 points (at least 4 needed)" "${AREAS[@]}"
rejected "$BAD/ring_two_points.geojson" "feature 2" "invalid polygon: ring 1 has 2 points (at least 4 needed)" "${AREAS[@]}"
rejected "$BAD/figure_eight_ring.geojson" "feature 2" "invalid polygon: Self-intersection[1 0]" "${AREAS[@]}"
rejected "$BAD/hole_outside_shell.geojson" "feature 2" "invalid polygon: Hole lies outside shell[5 5]" "${AREAS[@]}"
rejected "$BAD/overlapping_multipolygon.geojson" "feature 2" "invalid polygon: Self-intersection[1 0.5]" "${AREAS[@]}"
rejected "$BAD/empty_polygon.geojson" "feature 2" "empty geometry" "${AREAS[@]}"
rejected "$BAD/empty_multipolygon.geojson" "feature 2" "empty geometry" "${AREAS[@]}"
# A 10,000-vertex star whose one spike doubles back on itself; and the same star without the
# spike loads (a big valid polygon is no hostile input), both in well under a second.
python3 - "$WORK" <<'EOF'
import json, math, sys
def star(spike):
    ring = []
    for i in range(10000):
        a = 2 * math.pi * i / 10000
        r = 1.0 if i % 2 else 0.5
        ring.append([round(30 + r * math.cos(a), 9), round(60 + r * math.sin(a), 9)])
    if spike:
        # Out to 5 degrees east and back through the same point: a zero-width spike.
        ring[5000:5000] = [[36.0, 60.0], ring[4999]]
    ring.append(ring[0])
    return {"type": "Polygon", "coordinates": [ring]}
for name, spike in (("spike_10000.geojson", True), ("star_10000.geojson", False)):
    features = [{"type": "Feature", "properties": {"id": "good-1"}, "geometry": {"type": "Polygon",
                 "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]]}},
                {"type": "Feature", "properties": {"id": "star"}, "geometry": star(spike)}]
    with open(sys.argv[1] + "/" + name, "w") as f:
        json.dump({"type": "FeatureCollection", "features": features}, f)
EOF
rejected "$WORK/spike_10000.geojson" "feature 2" "invalid polygon: Ring Self-intersection[29.000000197 60.000628318]" "${AREAS[@]}"
cp "$DB" "$WORK/star.sqlite"
expect_exit 0 timeout $((20 * slow)) "$DEPOMAP" load -q --db "$WORK/star.sqlite" "$WORK/star_10000.geojson" "${AREAS[@]}"
expect_eq "10,000-vertex star: vertices" 10001 "$(spatial_csv "$WORK/star.sqlite" "SELECT NumPoints(ExteriorRing(GeometryN(geom, 1))) FROM reserve_areas WHERE id = 'star'")"

# --- text encodings ----------------------------------------------------------------------------
rejected "$BAD/invalid_utf8_value.geojson" "feature 2" "invalid JSON: The input is not valid UTF-8"
rejected "$BAD/invalid_utf8_key.geojson" "feature 2" "invalid JSON: The input is not valid UTF-8"
rejected "$BAD/lone_surrogate.geojson" "feature 2" "invalid JSON: Problem while parsing a string"
rejected "$BAD/invalid_utf8_header.csv" "" "invalid UTF-8 in the name of field 2" "${CSV[@]}"
rejected "$BAD/invalid_utf8_coordinate.csv" "feature 2" "invalid UTF-8 in field 'lat'" "${CSV[@]}"
rejected "$BAD/latin1.csv" "feature 2" "invalid UTF-8 in field 'name'" "${CSV[@]}"

# --- CSV ---------------------------------------------------------------------------------------
rejected "$BAD/unbalanced_quote.csv" "feature 2" "unbalanced quotes: the quoted value opened on line 3 never closes" "${CSV[@]}"
rejected "$BAD/unbalanced_quote_middle.csv" "feature 2" "unbalanced quotes: the quoted value opened on line 3 never closes" "${CSV[@]}"
rejected "$BAD/extra_cells.csv" "feature 2" "5 values on line 3, but the header names 4 fields (separated by ',')" "${CSV[@]}"
rejected "$BAD/semicolon_header_comma_rows.csv" "feature 2" "1 value on line 3, but the header names 4 fields separated by ';' (the line is separated by ','?)" "${CSV[@]}"
rejected "$BAD/pipe_separated.csv" "" "the header is a single field 'id|name|lon|lat': CSV fields are separated by ',', ';' or a tab, not '|'" "${CSV[@]}"
rejected "$BAD/semicolon_bad_row.csv" "feature 2" 'invalid coordinate "91": latitude must be between -90 and 90 (longitude and latitude swapped?)' "${CSV[@]}"
rejected "$BAD/bom_crlf_bad_row.csv" "feature 2" 'invalid coordinate "-91": latitude must be between -90 and 90 (longitude and latitude swapped?)' "${CSV[@]}"
rejected "$BAD/swapped.csv" "feature 2" 'invalid coordinate "120": latitude must be between -90 and 90 (longitude and latitude swapped?)' "${CSV[@]}"
rejected "$BAD/lat91.csv" "feature 2" 'invalid coordinate "91": latitude must be between -90 and 90 (longitude and latitude swapped?)' "${CSV[@]}"
rejected "$BAD/lon_1e308.csv" "feature 2" 'invalid coordinate "1e308": longitude must be between -180 and 180' "${CSV[@]}"
rejected "$BAD/lat_1e400.csv" "feature 2" 'invalid coordinate "1e400": the number is out of range' "${CSV[@]}"
rejected "$BAD/number_nan.csv" "feature 2" 'invalid coordinate "nan": NaN and infinity are not coordinates' "${CSV[@]}"
rejected "$BAD/number_inf.csv" "feature 2" 'invalid coordinate "-inf": NaN and infinity are not coordinates' "${CSV[@]}"

# --- DMS, every way it goes wrong ----------------------------------------------------------------
dms() { rejected "$BAD/$1" "feature 2" "invalid coordinate $2" "${CSV[@]}"; }
dms dms_minutes60.csv '"71°60′00″N": minutes must be below 60'
dms dms_seconds60.csv '"71°03′60″N": seconds must be below 60'
dms dms_seconds75.csv '"116°02′75″E": seconds must be below 60'
dms dms_lat_degrees91.csv '"91°00′00″N": latitude must be between -90 and 90'
dms dms_lon_degrees181.csv '"181°00′00″E": longitude must be between -180 and 180'
dms dms_two_hemispheres.csv '"N71°03′13″N": two hemisphere letters'
dms dms_two_hemispheres_after.csv '"116°02′30″E W": two hemisphere letters'
dms dms_minus_and_south.csv '"-71°03′13″S": both a minus sign and a hemisphere letter'
dms dms_plus_and_west.csv '"+116°02′30″W": both a plus sign and a south or west hemisphere letter'
dms dms_garbage_after.csv '"71°03′13″N approx.": unexpected "a"'
dms dms_garbage_before.csv '"approx. 71°03′13″N": unexpected "a"'
dms dms_only_sign.csv '"-": no number'
dms dms_only_hemisphere.csv '"N": no number'
dms dms_lat_letter_in_lon.csv '"71°03′13″N": "N" is a latitude hemisphere, but a longitude is expected'
dms dms_lon_letter_in_lat.csv '"71°03′13″E": "E" is a longitude hemisphere, but a latitude is expected'
dms dms_decimal_minutes_then_seconds.csv '"71°03.5′13″N": decimal minutes followed by seconds'
dms dms_four_parts.csv '"116 02 30 10 E": more than three numeric parts'
dms dms_colon_and_marks.csv "\"116:02′30″E\": mixes ':' with other separators"
dms dms_negative_minutes.csv '"116 -02 30": minutes must not be negative'
dms dms_minutes_first.csv '"03′ 71°N": the value starts with minutes, not degrees'
dms dms_comma_and_point.csv '"116,5.25": a decimal comma in a value that also has a decimal point'
dms dms_exponent.csv '"116°02′3e1″E": an exponent is allowed only in decimal degrees'
dms dms_cyrillic_wrong_word.csv '"116°02′30″ в.ш.": unexpected "."'
rejected "$BAD/dms_empty_quoted.csv" "feature 2" "no coordinates (field 'lat' is empty)" "${CSV[@]}"

# --- files that are something else, or incomplete ------------------------------------------------
rejected "$BAD/empty.csv" "" "empty file (0 bytes)" "${CSV[@]}"
rejected "$BAD/empty.shp" "" "empty file (0 bytes)"
rejected "$BAD/not_a_database.gpkg" "" "cannot open: not a vector format GDAL can read"
rejected "$BAD/broken.kml" "" "cannot open: ERROR parsing kml $BAD/broken.kml :mismatched tag on line 4 at offset 67"
rejected "$BAD/truncated.kml" "" "cannot open: ERROR parsing kml $BAD/truncated.kml :unclosed token on line 4 at offset 33"

# Shapefiles, made from the good one: without .shx, without .dbf, a .prj that is no CRS, a .dbf
# whose record count was patched (more and fewer than the shapes), a .dbf with bytes that are not
# UTF-8 although its .cpg says UTF-8.
shapefile() {
    local name=$1 ext
    for ext in shp shx dbf prj cpg; do cp "$DATA/deposits_shp.$ext" "$WORK/$name.$ext"; done
}
shapefile no_shx && rm "$WORK/no_shx.shx"
rejected "$WORK/no_shx.shp" "" "cannot open: Unable to open $WORK/no_shx.shx or $WORK/no_shx.SHX. Set SHAPE_RESTORE_SHX config option to YES to restore or create it."
shapefile no_dbf && rm "$WORK/no_dbf.dbf"
rejected "$WORK/no_dbf.shp" "" "no .dbf beside it (a Shapefile keeps its attributes there; without it every id and name would be lost)"
shapefile bad_prj && echo 'GEOGCS["WGS 84",DATUM[' >"$WORK/bad_prj.prj"
rejected "$WORK/bad_prj.shp" "" "its .prj is not a CRS GDAL can read (missing ])"
shapefile words_prj && echo 'this is not a CRS' >"$WORK/words_prj.prj"
rejected "$WORK/words_prj.shp" "" "its .prj is not a CRS GDAL can read"
dbf_count() { python3 -c 'import struct, sys; b = bytearray(open(sys.argv[1], "rb").read()); b[4:8] = struct.pack("<I", int(sys.argv[2])); open(sys.argv[1], "wb").write(b)' "$1" "$2"; }
shapefile dbf_count_1000 && dbf_count "$WORK/dbf_count_1000.dbf" 1000
rejected "$WORK/dbf_count_1000.shp" "" "its .dbf header counts 1000 records, but the file holds 3 (a damaged .dbf)"
shapefile dbf_count_2 && dbf_count "$WORK/dbf_count_2.dbf" 2
rejected "$WORK/dbf_count_2.shp" "" "its .dbf has 2 records but the .shx indexes 3 shapes (a damaged or mismatched .dbf)"
shapefile dbf_utf8
python3 -c 'import sys; p = sys.argv[1]; b = open(p, "rb").read(); open(p, "wb").write(b.replace(b"Tomtor", b"Tom\xff\xfer"))' "$WORK/dbf_utf8.dbf"
# (ids from the names: the store holds the shapefile's own ids already)
rejected "$WORK/dbf_utf8.shp" "feature 2" "invalid UTF-8 in field 'name'" --map id=name
# A .shp cut short inside its third record (bytes 156-183; cut at 170): GDAL reports the failed
# read and still hands over the feature, with no geometry. Named as the read error it is.
shapefile cut_shp && truncate -s 170 "$WORK/cut_shp.shp"
rejected "$WORK/cut_shp.shp" "feature 3" "cannot read it: Error in fread() reading object of size 28 at offset 156 from .shp file (a damaged or cut short file?)"
# A NUL inside a text value: GDAL hands text over as a C string, cut at the NUL (a CSV line loses
# the rest of its values). Refused, naming feature and field (GeoJSON's \u0000, which depomap's
# own reader keeps whole, loads: tests/cli/export_errors.sh).
printf 'id,name,lon,lat\nnul-a,Plain,10,20\nnul-b,Cut\0here,11,21\n' >"$WORK/nul.csv"
rejected "$WORK/nul.csv" "feature 2, field name" "the text holds a NUL character (U+0000) on line 3, which GDAL's CSV reader takes as the end of the line" "${CSV[@]}"
printf 'id,name\0,lon,lat\nnul-a,Plain,10,20\n' >"$WORK/nul_header.csv"
rejected "$WORK/nul_header.csv" "" "the header holds a NUL character (U+0000) on line 1, which GDAL's CSV reader takes as the end of the line" "${CSV[@]}"
cp "$DATA/deposits.gpkg" "$WORK/nul.gpkg"
python3 - "$WORK/nul.gpkg" <<'PY'
import sqlite3, sys
con = sqlite3.connect(sys.argv[1])
for f in ("ST_IsEmpty", "ST_MinX", "ST_MaxX", "ST_MinY", "ST_MaxY"): # the R*Tree triggers' (unused)
    con.create_function(f, 1, lambda g: None)
con.execute("UPDATE deposits SET name_local = 'Том' || char(0) || 'тор' WHERE id = 'tomtor'")
con.commit()
PY
rejected "$WORK/nul.gpkg" "feature 2" "the text of field 'name_local' holds a NUL character (U+0000), at which GDAL's GPKG reader would cut it" --map id=licence
new_store "$WORK/nul_skip.sqlite"
expect_exit 0 "$DEPOMAP" load -q --db "$WORK/nul_skip.sqlite" "$WORK/nul.gpkg" --skip-invalid
expect_eq "--skip-invalid: the others load" "kvanefjeld moscow" "$(sql_value "$WORK/nul_skip.sqlite" "SELECT group_concat(id, ' ') FROM (SELECT id FROM deposits ORDER BY id)")"

expect_eq "hostile inputs checked" 1 "$([[ $CASES -ge 60 ]] && echo 1 || echo "$CASES")"
# Every committed bad file is in the README's table, with its message.
for f in "$BAD"/*; do
    name=$(basename "$f")
    [[ "$name" == README.md || "$name" == *.py ]] && continue
    grep -qF -- "\`$name\`" "$BAD/README.md" && pass || fail "tests/data/bad/README.md does not list $name"
done

# --- what looks odd but is fine: a BOM, CRLF line ends, ';' separators, all loads ---------------
good_csv() {
    local name=$1 text=$2
    printf '%b' "$text" >"$WORK/$name"
    new_store "$WORK/good.sqlite"
    expect_exit 0 "$DEPOMAP" load -q --db "$WORK/good.sqlite" "$WORK/$name" "${CSV[@]}"
    expect_eq "$name" "good-1|Good|10.0|20.0 good-2|Über|-71.05|-52.2" \
        "$(spatial_csv "$WORK/good.sqlite" "SELECT id || '|' || name || '|' || round(X(geom), 4) || '|' || round(Y(geom), 4) FROM deposits" | tr '\n' ' ' | sed 's/ $//')"
}
good_csv bom.csv '\xef\xbb\xbfid,name,lon,lat\ngood-1,Good,10,20\ngood-2,Über,-71.05,-52.2\n'
good_csv crlf.csv 'id,name,lon,lat\r\ngood-1,Good,10,20\r\ngood-2,Über,-71.05,-52.2\r\n'
good_csv bom_crlf_semicolon.csv '\xef\xbb\xbfid;name;lon;lat\r\ngood-1;Good;10;20\r\ngood-2;Über;-71,05;-52,2\r\n'
good_csv tab.csv 'id\tname\tlon\tlat\ngood-1\tGood\t10\t20\ngood-2\tÜber\t71°03′W\t52°12′S\n'
good_csv blank_line.csv 'id,name,lon,lat\ngood-1,Good,10,20\n\ngood-2,"Über",-71.05,-52.2\n'

# --- nothing executes: SQL in values and field names is plain data --------------------------------
EVIL1='x"; DROP TABLE deposits; --'
EVIL2="'); DELETE FROM deposits; --"
python3 - "$WORK" "$EVIL1" "$EVIL2" <<'PY'
import csv, json, sys
work, e1, e2 = sys.argv[1:4]
features = [
    {"type": "Feature", "properties": {"id": e1, "name": e2, e1: e2, e2: e1, "notes": e1 + e2},
     "geometry": {"type": "Point", "coordinates": [10, 20]}},
    {"type": "Feature", "properties": {"id": e2, "name": e1, "operator": e2},
     "geometry": {"type": "Point", "coordinates": [11, 21]}},
]
with open(work + "/evil.geojson", "w", encoding="utf-8") as f:
    json.dump({"type": "FeatureCollection", "features": features}, f)
with open(work + "/evil.csv", "w", encoding="utf-8", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "name", e1, e2, "lon", "lat"])
    w.writerow(["csv " + e1, e2, e1, e2, "12", "22"])
PY
EVIL_DB="$WORK/evil.sqlite"
new_store "$EVIL_DB"
expect_exit 0 "$DEPOMAP" load -q --db "$EVIL_DB" "$WORK/evil.geojson"
expect_exit 0 "$DEPOMAP" load -q --db "$EVIL_DB" "$WORK/evil.csv" "${CSV[@]}"
# Read back with Python's sqlite3 (no shell quoting in between): every value and odd field name
# exactly as written, every table still there, the store intact.
expect_eq "SQL in values and names round-trips" "ok" "$(python3 - "$EVIL_DB" "$EVIL1" "$EVIL2" <<'PY'
import json, sqlite3, sys
db, e1, e2 = sys.argv[1:4]
c = sqlite3.connect("file:" + db + "?mode=ro", uri=True)
rows = {r[0]: r[1:] for r in c.execute("SELECT id, name, operator, notes, extra FROM deposits")}
problems = []
def check(what, got, want):
    if got != want:
        problems.append(f"{what}: {got!r} != {want!r}")
check("ids", sorted(rows), sorted([e1, e2, "csv " + e1]))
if not problems:
    check("name 1", rows[e1][0], e2)
    check("notes 1", rows[e1][2], e1 + e2)
    check("extra 1", json.loads(rows[e1][3]), {e1: e2, e2: e1})
    check("name 2", rows[e2][0], e1)
    check("operator 2", rows[e2][1], e2)
    check("csv name", rows["csv " + e1][0], e2)
    check("csv extra", json.loads(rows["csv " + e1][3]), {e1: e1, e2: e2})
tables = {r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
for t in ("deposits", "processing_sites", "reserve_areas", "admin_regions", "country_stats",
          "depomap_meta", "layer_styles", "idx_deposits_geom"):
    check("table " + t, t in tables, True)
check("integrity", c.execute("PRAGMA integrity_check").fetchone()[0], "ok")
print("ok" if not problems else "; ".join(problems))
PY
)"
expect_eq "R*Tree after SQL-looking data" 3 "$(sql_count "$EVIL_DB" "SELECT count(*) FROM idx_deposits_geom")"
# Exported to GeoPackage and Shapefile, the values are still plain data.
expect_exit 0 "$DEPOMAP" export -q --db "$EVIL_DB" -f gpkg -o "$WORK/evil_out.gpkg" --layer deposits
expect_eq "GeoPackage export keeps the SQL-looking values" "$EVIL2|$EVIL1" \
    "$(sqlite3 -readonly "$WORK/evil_out.gpkg" "SELECT name || '|' || id FROM deposits WHERE id LIKE 'x%'")"
expect_exit 0 "$DEPOMAP" export -q --db "$EVIL_DB" -f shp -o "$WORK/evil_shp" --layer deposits
[[ -f "$WORK/evil_shp/deposits.shp" ]] && pass || fail "no deposits.shp: $(ls "$WORK/evil_shp")"

# --- nothing escapes: layer names that are SQL or paths stay inside convert's output folder ------
EVIL_GPKG="$WORK/evil_layers.gpkg"
# GDAL refuses to create a layer named like a path; a renamed table is what a hostile file holds.
ogr2ogr -f GPKG "$EVIL_GPKG" "$DATA/deposits.geojson" -nln "$EVIL1" &&
    ogr2ogr -f GPKG -update "$EVIL_GPKG" "$DATA/mapped.geojson" -nln escape_tmp -lco SPATIAL_INDEX=NO &&
    sqlite3 "$EVIL_GPKG" "ALTER TABLE escape_tmp RENAME TO \"../../escape\";
        UPDATE gpkg_contents SET table_name = '../../escape', identifier = '../../escape' WHERE table_name = 'escape_tmp';
        UPDATE gpkg_geometry_columns SET table_name = '../../escape' WHERE table_name = 'escape_tmp';
        UPDATE gpkg_ogr_contents SET table_name = '../../escape' WHERE table_name = 'escape_tmp';" &&
    pass || fail "could not make $EVIL_GPKG"
expect_eq "layers in the hostile GeoPackage" 2 "$(sqlite3 -readonly "$EVIL_GPKG" "SELECT count(*) FROM gpkg_contents")"
touch "$WORK/marker"
for format in shp geojson gpkg; do
    expect_exit 0 "$DEPOMAP" convert -q "$EVIL_GPKG" -f "$format" -o "$WORK/conv_$format" --layer-name-template "{layer}"
    # Every file the convert made is inside its output folder.
    expect_eq "$format: files made outside the output folder" "" \
        "$(find "$WORK" -newer "$WORK/marker" -type f ! -path "$WORK/conv_*/*" ! -name 'last.std*' | head -n 3)"
    expect_eq "$format: outputs" 3 "$(find "$WORK/conv_$format" -mindepth 1 -maxdepth 1 \( -name "*.$format" -o -name convert-report.csv \) | wc -l)"
done
for escaped in "$WORK/escape" "$(dirname "$WORK")/escape" "$(dirname "$(dirname "$WORK")")/escape"; do
    ! compgen -G "$escaped*" >/dev/null && pass || fail "a layer name escaped to $escaped"
done
expect_eq "the SQL-named layer's features" 3 "$(grep -l moscow "$WORK"/conv_geojson/*.geojson | head -n 1 | xargs -r python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["features"]))')"
# The hostile GeoPackage loads too: its layer names are labels, never SQL.
new_store "$WORK/layers.sqlite"
expect_exit 0 "$DEPOMAP" load -q --db "$WORK/layers.sqlite" "$EVIL_GPKG"
expect_eq "features from both layers" 5 "$(sql_count "$WORK/layers.sqlite" "SELECT count(*) FROM deposits")"

# --- symbolic link loops in a folder given to convert (folder loops: convert_errors.sh) ---------
L="$WORK/links/in"
mkdir -p "$L/sub"
cp "$DATA/convert/a/same.geojson" "$L/sub/ok.geojson"
ln -s b.geojson "$L/a.geojson" # two links that lead to each other
ln -s a.geojson "$L/b.geojson"
ln -s self "$L/self"           # a link to itself
ln -s ../.. "$L/sub/up"        # to the folder above the one given
ln -s nowhere.geojson "$L/dangling.geojson"
expect_exit 1 timeout $((20 * slow)) "$DEPOMAP" convert "$L" -f gpkg -o "$WORK/links_out" --keep-going
expect_stderr_contains "skipped   $L/a.geojson: symbolic link loop (not followed)"
expect_stderr_contains "skipped   $L/b.geojson: symbolic link loop (not followed)"
expect_stderr_contains "failed    $L/dangling.geojson: broken symbolic link"
expect_stderr_contains "skipped   $L/sub/up/in: symbolic link loop: leads back to $L (not followed)"
expect_stderr_contains "ok        $L/sub/ok.geojson: 1 in, 1 out"
expect_stderr_contains "converted 1 of 5 source(s)"
expect_eq "outputs of the loop folder" "convert-report.csv ok.gpkg" "$(cd "$WORK/links_out" && ls -A | tr '\n' ' ' | sed 's/ $//')"

# --- sql is read-only: what tests/cli/sql.sh does not already try --------------------------------
cp "$DB" "$WORK/other.sqlite"
for q in "SELECT 1; DROP TABLE deposits" \
    "ATTACH DATABASE '$WORK/other.sqlite' AS other" \
    "ATTACH DATABASE '$WORK/new.sqlite' AS new" \
    "DETACH DATABASE main" \
    "PRAGMA user_version = 5" \
    "PRAGMA writable_schema = 1" \
    "PRAGMA main.synchronous = OFF" \
    "VACUUM INTO '$WORK/copy.sqlite'" \
    "REPLACE INTO deposits (id, name) VALUES ('moscow', 'x')" \
    "WITH x AS (SELECT 1) DELETE FROM deposits" \
    "SELECT load_extension('$WORK/nothing.so')"; do
    expect_exit 1 "$DEPOMAP" sql --db "$DB" "$q" && {
        expect_stderr_lines 1
        expect_stdout_empty
    }
    case "$q" in
    SELECT\ load_extension*) expect_stderr_contains "not authorized" ;;
    *) expect_stderr_contains "refused: \`sql\` is read-only" ;;
    esac
    snapshot >"$WORK/now"
    cmp -s "$BEFORE" "$WORK/now" && pass || fail "sql $q: the store changed"
done
[[ ! -e "$WORK/new.sqlite" && ! -e "$WORK/copy.sqlite" ]] && pass || fail "sql created a file"
# Reading pragmas with an argument still work.
expect_exit 0 "$DEPOMAP" sql --db "$DB" -f csv "PRAGMA table_info(deposits)"
expect_stdout_contains "name_local"

finish
