#!/usr/bin/env bash
# load reads what users have: one layer of a two-layer GeoPackage (--source-layer, or
# FILE|layername=L as the queries take it), a zip holding a
# Shapefile or a GeoJSON, a gzipped GeoJSON, a /vsizip/ path, and URLs served on 127.0.0.1 by
# lighttpd (which honours the Range requests GDAL's /vsicurl/ reads with). A zip with no readable
# layer, a URL that answers 404, a missing file or layer: one line, exit 1, the store unchanged.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

# Two point layers, written here: mines (2 features) and plants (1).
cat >"$WORK/mines.geojson" <<'EOF'
{"type":"FeatureCollection","name":"mines","features":[
{"type":"Feature","properties":{"id":"m1","name":"Tomtor"},"geometry":{"type":"Point","coordinates":[116.0,71.05]}},
{"type":"Feature","properties":{"id":"m2","name":"Lovozero"},"geometry":{"type":"Point","coordinates":[34.8,67.9]}}]}
EOF
cat >"$WORK/plants.geojson" <<'EOF'
{"type":"FeatureCollection","name":"plants","features":[
{"type":"Feature","properties":{"id":"p1","name":"Solikamsk"},"geometry":{"type":"Point","coordinates":[56.77,59.65]}}]}
EOF
ogr2ogr -f GPKG "$WORK/two.gpkg" "$WORK/mines.geojson" -nln mines
ogr2ogr -f GPKG -update "$WORK/two.gpkg" "$WORK/plants.geojson" -nln plants
(cd "$WORK" && zip -q two_gpkg.zip two.gpkg)

rows() { spatial_csv "$1" "SELECT id, name, printf('%.4f', X(geom)), printf('%.4f', Y(geom)) FROM deposits"; }
MINES="m1,Tomtor,116.0000,71.0500
m2,Lovozero,34.8000,67.9000"
PLANT="p1,Solikamsk,56.7700,59.6500"
ALL=$(printf '%s\n%s\n' "$MINES" "$PLANT" | LC_ALL=C sort)

# check NAME EXPECTED SOURCE [ARGS...]: loads into a fresh store and compares the rows.
check() {
    local name=$1 expected=$2
    shift 2
    local db="$WORK/$name.sqlite"
    new_store "$db"
    expect_exit 0 "$DEPOMAP" load --db "$db" "$@" || return
    expect_eq "$name: rows" "$expected" "$(rows "$db")"
}

# --- --source-layer -------------------------------------------------------------------------------
check gpkg_every_layer "$ALL" "$WORK/two.gpkg"
expect_stderr_contains "loaded 3 of 3 features"
check gpkg_plants "$PLANT" "$WORK/two.gpkg" --source-layer plants
expect_stderr_contains "loaded 1 of 1 features"
check gpkg_both "$ALL" "$WORK/two.gpkg" --source-layer mines --source-layer plants
# A picked layer of a GeoJSON is GDAL's reading of it: its name is the file's "name".
check geojson_layer "$MINES" "$WORK/mines.geojson" --source-layer mines
# FILE|layername=L, as the queries take it: that source's layer L only (over --source-layer).
check gpkg_layername "$PLANT" "$WORK/two.gpkg|layername=plants"
expect_stderr_contains "loaded 1 of 1 features"
check gpkg_layername_each "$ALL" "$WORK/two.gpkg|layername=mines" "$WORK/plants.geojson"
check gpkg_layername_over "$MINES" "$WORK/two.gpkg|layername=mines" --source-layer plants
check zip_layername "$MINES" "$WORK/two_gpkg.zip|layername=mines"

STORE="$WORK/store.sqlite"
new_store "$STORE"
expect_exit 0 "$DEPOMAP" load -q --db "$STORE" "$WORK/plants.geojson"
store_snapshot "$STORE" >"$WORK/before"
expect_exit 1 "$DEPOMAP" load --db "$STORE" "$WORK/two.gpkg" --source-layer mines --source-layer mine
expect_stderr_contains "two.gpkg: no layer 'mine' (its layers: mines, plants)"
expect_stderr_lines 1
expect_same_snapshot "a missing layer" "$WORK/before" "$STORE"
expect_exit 1 "$DEPOMAP" load --db "$STORE" "$WORK/mines.geojson" --source-layer plants
expect_stderr_contains "mines.geojson: no layer 'plants' (its layers: mines)"
expect_stderr_lines 1
expect_same_snapshot "a missing layer of a GeoJSON" "$WORK/before" "$STORE"
expect_exit 1 "$DEPOMAP" load --db "$STORE" "$WORK/two.gpkg|layername=mine"
expect_stderr_contains "two.gpkg: no layer 'mine' (its layers: mines, plants)"
expect_stderr_lines 1
expect_same_snapshot "a missing |layername=" "$WORK/before" "$STORE"
expect_exit 1 "$DEPOMAP" load --db "$STORE" "$WORK/nowhere.gpkg|layername=mines"
expect_stderr_contains "nowhere.gpkg: no such file"
expect_stderr_lines 1
expect_same_snapshot "a missing file with |layername=" "$WORK/before" "$STORE"

# --- zip, gz, /vsizip/ ----------------------------------------------------------------------------
mkdir -p "$WORK/shp" "$WORK/z"
ogr2ogr -f "ESRI Shapefile" "$WORK/shp/mines.shp" "$WORK/mines.geojson"
(cd "$WORK/shp" && zip -q "$WORK/z/mines_shp.zip" mines.shp mines.shx mines.dbf mines.prj)
(cd "$WORK" && zip -q "$WORK/z/mines_json.zip" mines.geojson)
gzip -c "$WORK/mines.geojson" >"$WORK/z/mines.geojson.gz"
check zip_shapefile "$MINES" "$WORK/z/mines_shp.zip"
check zip_geojson "$MINES" "$WORK/z/mines_json.zip"
check gz_geojson "$MINES" "$WORK/z/mines.geojson.gz"
check vsizip "$MINES" "/vsizip/$WORK/z/mines_json.zip/mines.geojson"
# Relative to the working directory, as any path.
new_store "$WORK/rel.sqlite"
(cd "$WORK/z" && "$DEPOMAP" load -q --db "$WORK/rel.sqlite" mines_json.zip) && pass || fail "a relative .zip"
expect_eq "relative zip: rows" "$MINES" "$(rows "$WORK/rel.sqlite")"
# A source without ids gets them from its name, without the packing: plants-1, not plants.geojson-1.
no_ids='{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"X"},"geometry":{"type":"Point","coordinates":[10,50]}}]}'
printf '%s\n' "$no_ids" | gzip -c >"$WORK/z/plants.geojson.gz"
new_store "$WORK/ids.sqlite"
expect_exit 0 "$DEPOMAP" load -q --db "$WORK/ids.sqlite" "$WORK/z/plants.geojson.gz"
expect_eq "ids of a gzipped source" "plants-1" "$(sql_value "$WORK/ids.sqlite" "SELECT id FROM deposits")"
# A CSV in a zip, with DMS coordinates read as load reads any CSV.
printf 'id,name,lon,lat\nc1,Kvanefjeld,"45°58′12″W","60°58′12″N"\n' >"$WORK/dms.csv"
(cd "$WORK" && zip -q "$WORK/z/dms.zip" dms.csv)
check zip_csv "c1,Kvanefjeld,-45.9700,60.9700" "$WORK/z/dms.zip" --x-field lon --y-field lat

# Errors: one line each, the store unchanged.
echo "not a layer" >"$WORK/readme.txt"
(cd "$WORK" && zip -q "$WORK/z/nothing.zip" readme.txt)
# refused SOURCE TEXT: load fails with one line that holds TEXT, the store unchanged.
refused() {
    expect_exit 1 "$DEPOMAP" load --db "$STORE" "$1"
    expect_stderr_contains "$2"
    expect_stderr_lines 1
    expect_same_snapshot "$1 refused" "$WORK/before" "$STORE"
}
refused "$WORK/z/nothing.zip" "nothing.zip: cannot open"
refused "$WORK/z/missing.zip" "missing.zip: no such file"
refused "$WORK/z/missing.geojson.gz" "missing.geojson.gz: no such file"
refused "/vsizip/$WORK/z/mines_json.zip/other.geojson" "other.geojson: no such file"
refused "$WORK/missing.geojson" "missing.geojson: no such file"

# --- URLs -----------------------------------------------------------------------------------------
if ! command -v lighttpd >/dev/null && [[ ! -x /usr/sbin/lighttpd ]]; then
    fail "lighttpd is not installed (tools/setup installs it)"
    finish
fi
LIGHTTPD=$(command -v lighttpd || echo /usr/sbin/lighttpd)
mkdir -p "$WORK/www"
cp "$WORK/mines.geojson" "$WORK/z/mines_shp.zip" "$WORK/z/mines.geojson.gz" "$WORK/www/"
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
cat >"$WORK/lighttpd.conf" <<EOF
server.document-root = "$WORK/www"
server.bind = "127.0.0.1"
server.port = $PORT
server.errorlog = "$WORK/lighttpd.log"
EOF
"$LIGHTTPD" -D -f "$WORK/lighttpd.conf" &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null; wait "$SERVER" 2>/dev/null' EXIT
URL="http://127.0.0.1:$PORT"
for _ in $(seq 50); do
    curl -sf "$URL/mines.geojson" >/dev/null && break
    sleep 0.1
done
# The server answers a Range request with the range alone (206), as /vsicurl/ needs.
expect_eq "Range request" "206" "$(curl -s -w '%{http_code}' -r 0-9 "$URL/mines.geojson" | tail -c 3)"
check url_geojson "$MINES" "$URL/mines.geojson"
check url_zip "$MINES" "$URL/mines_shp.zip"
check url_gz "$MINES" "$URL/mines.geojson.gz"
cp "$WORK/two.gpkg" "$WORK/www/"
check url_layername "$PLANT" "$URL/two.gpkg|layername=plants"
refused "$URL/absent.geojson" "$URL/absent.geojson: cannot read the URL"
expect_stderr_contains "404"
finish
