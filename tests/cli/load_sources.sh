#!/usr/bin/env bash
# load reads URLs served on 127.0.0.1 by lighttpd (which honours the Range requests GDAL's /vsicurl/
# reads with): a GeoJSON, a zipped Shapefile, a gzipped GeoJSON, one layer of a GeoPackage; a URL that
# answers 404 is one line, exit 1, the store unchanged. The local sources (GeoPackage layers, zip,
# gz, /vsizip/) are rows of tests/cli/tables/load-sources.ini.
source "$(dirname "${BASH_SOURCE[0]}")/lib.bash"

# Two point layers, written here: mines (2 features) and plants (1).
cat >"$WORK/mines.geojson" <<'EOF2'
{"type":"FeatureCollection","name":"mines","features":[
{"type":"Feature","properties":{"id":"m1","name":"Tomtor"},"geometry":{"type":"Point","coordinates":[116.0,71.05]}},
{"type":"Feature","properties":{"id":"m2","name":"Lovozero"},"geometry":{"type":"Point","coordinates":[34.8,67.9]}}]}
EOF2
cat >"$WORK/plants.geojson" <<'EOF2'
{"type":"FeatureCollection","name":"plants","features":[
{"type":"Feature","properties":{"id":"p1","name":"Solikamsk"},"geometry":{"type":"Point","coordinates":[56.77,59.65]}}]}
EOF2
ogr2ogr -f GPKG "$WORK/two.gpkg" "$WORK/mines.geojson" -nln mines
ogr2ogr -f GPKG -update "$WORK/two.gpkg" "$WORK/plants.geojson" -nln plants
mkdir -p "$WORK/shp" "$WORK/z"
ogr2ogr -f "ESRI Shapefile" "$WORK/shp/mines.shp" "$WORK/mines.geojson"
(cd "$WORK/shp" && zip -q "$WORK/z/mines_shp.zip" mines.shp mines.shx mines.dbf mines.prj)
gzip -c "$WORK/mines.geojson" >"$WORK/z/mines.geojson.gz"

rows() { spatial_csv "$1" "SELECT id, name, printf('%.4f', X(geom)), printf('%.4f', Y(geom)) FROM deposits"; }
MINES="m1,Tomtor,116.0000,71.0500
m2,Lovozero,34.8000,67.9000"
PLANT="p1,Solikamsk,56.7700,59.6500"

# check NAME EXPECTED SOURCE [ARGS...]: loads into a fresh store and compares the rows.
check() {
    local name=$1 expected=$2
    shift 2
    local db="$WORK/$name.sqlite"
    new_store "$db"
    expect_exit 0 "$DEPOMAP" load --db "$db" "$@" || return
    expect_eq "$name: rows" "$expected" "$(rows "$db")"
}

STORE="$WORK/store.sqlite"
new_store "$STORE"
expect_exit 0 "$DEPOMAP" load -q --db "$STORE" "$WORK/plants.geojson"
store_snapshot "$STORE" >"$WORK/before"
# refused SOURCE TEXT: load fails with one line that holds TEXT, the store unchanged.
refused() {
    expect_exit 1 "$DEPOMAP" load --db "$STORE" "$1"
    expect_stderr_contains "$2"
    expect_stderr_lines 1
    expect_same_snapshot "$1 refused" "$WORK/before" "$STORE"
}

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
