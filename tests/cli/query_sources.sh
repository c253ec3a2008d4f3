#!/usr/bin/env bash
# --from, --to and --layer on GDAL sources read in place: a GeoPackage made from the atlas by
# ogr2ogr, one layer of a two-layer GeoPackage (|layername=), a Shapefile in EPSG:3857, a zip, a
# .gz GeoJSON and a URL served on 127.0.0.1 (lighttpd, Range requests as /vsicurl/ needs) give
# the answers of the store layers they were made from; --where / --to-where filter a source;
# summary --layer gives a source's totals as the store's. The error paths are rows of tests/cli/tables/.
source "$(dirname "$0")/lib.bash"

ATLAS="$WORK/atlas.sqlite"
run "$DEPOMAP" init -q --db "$ATLAS" --atlas
[[ "$RC" == 0 ]] && pass || fail "init --atlas failed"

# The atlas's layers as files, by GDAL's own tool (the store is a SpatiaLite database GDAL reads).
ogr2ogr -q -f GPKG "$WORK/deposits.gpkg" "$ATLAS" deposits -nln deposits || fail "ogr2ogr deposits.gpkg"
ogr2ogr -q -f GPKG "$WORK/two.gpkg" "$ATLAS" deposits -nln deps || fail "ogr2ogr two.gpkg deps"
ogr2ogr -q -update -f GPKG "$WORK/two.gpkg" "$ATLAS" processing_sites -nln sites || fail "ogr2ogr two.gpkg sites"
ogr2ogr -q -f "ESRI Shapefile" -t_srs EPSG:3857 "$WORK/sites_3857.shp" "$ATLAS" processing_sites 2>/dev/null ||
    fail "ogr2ogr sites_3857.shp"
ogr2ogr -q -f GeoJSON "$WORK/sites.geojson" "$ATLAS" processing_sites || fail "ogr2ogr sites.geojson"
(cd "$WORK" && zip -q sites.zip sites.geojson) || fail "zip sites.zip"
gzip -kc "$WORK/sites.geojson" >"$WORK/sites.geojson.gz"

# answer FILE DECIMALS: a nearest CSV's from_id,to_id,rank,distance_m, the distance rounded to
# DECIMALS, sorted.
answer() {
    python3 - "$1" "$2" <<'PY'
import csv, sys
rows = []
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for r in csv.DictReader(f):
        rows.append("%s,%s,%s,%.*f" % (r["from_id"], r["to_id"], r["rank"], int(sys.argv[2]), float(r["distance_m"])))
print("\n".join(sorted(rows)))
PY
}

expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -k 2 -f csv -o "$WORK/store.csv"
n_rows=$(($(wc -l <"$WORK/store.csv") - 1))
[[ "$n_rows" -gt 100 ]] && pass || fail "the store's answer has only $n_rows rows"

# same_answer WHAT DECIMALS ARGS...: nearest with ARGS gives the store's answer (distances to
# DECIMALS).
same_answer() {
    local what=$1 decimals=$2
    shift 2
    rm -f "$WORK/src.csv"
    expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -k 2 -f csv -o "$WORK/src.csv" "$@"
    expect_eq "$what" "$(answer "$WORK/store.csv" "$decimals")" "$(answer "$WORK/src.csv" "$decimals")"
}

same_answer "--from a GeoPackage" 3 --from "$WORK/deposits.gpkg"
same_answer "--to one layer of a two-layer GeoPackage" 3 --to "$WORK/two.gpkg|layername=sites"
same_answer "--from and --to both layers of one GeoPackage" 3 --from "$WORK/two.gpkg|layername=deps" \
    --to "$WORK/two.gpkg|layername=sites"
same_answer "--to a Shapefile in EPSG:3857 (to 1 m)" 0 --to "$WORK/sites_3857.shp"
same_answer "--to a zip" 3 --to "$WORK/sites.zip"
same_answer "--to /vsizip/ with the file inside named" 3 --to "/vsizip/$WORK/sites.zip/sites.geojson"
same_answer "--to a .gz GeoJSON" 3 --to "$WORK/sites.geojson.gz"
# The same columns as the store's answer, names included (id and name fields of the source).
expect_eq "the CSV header of a source answer" "$(head -1 "$WORK/store.csv")" "$(head -1 "$WORK/src.csv")"
expect_eq "names from the source's name field" "$(cut -d, -f5,6 "$WORK/store.csv" | sort | md5sum)" \
    "$(cut -d, -f5,6 "$WORK/src.csv" | sort | md5sum)"

# --where and --to-where on sources: OGR attribute filters, the same rows as SQL on the store.
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -f csv -o "$WORK/store_rus.csv" --where "country_iso3 = 'RUS'" \
    --to-where "country_iso3 = 'CHN'"
expect_exit 0 "$DEPOMAP" nearest --db "$ATLAS" -f csv -o "$WORK/src_rus.csv" --from "$WORK/deposits.gpkg" \
    --where "country_iso3 = 'RUS'" --to "$WORK/sites.geojson" --to-where "country_iso3 = 'CHN'"
expect_eq "--where / --to-where on sources" "$(answer "$WORK/store_rus.csv" 3)" "$(answer "$WORK/src_rus.csv" 3)"
n_rus=$(sql_value "$ATLAS" "SELECT count(*) FROM deposits WHERE country_iso3 = 'RUS' AND geom IS NOT NULL")
expect_eq "--where kept the RUS deposits only" "$n_rus" "$(($(wc -l <"$WORK/src_rus.csv") - 1))"

# within --layer and region --layer on a source.
rows_of() { tail -n +2 "$1" | tr -d '\r' | sort; }
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --point 104.28,52.29 --km 800 -f csv -o "$WORK/w_store.csv"
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --point 104.28,52.29 --km 800 -f csv -o "$WORK/w_src.csv" \
    --layer "$WORK/deposits.gpkg"
expect_eq "within --layer a GeoPackage" "$(rows_of "$WORK/w_store.csv")" "$(rows_of "$WORK/w_src.csv")"
[[ $(wc -l <"$WORK/w_src.csv") -gt 2 ]] && pass || fail "within found too little to compare"
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --point 104.28,52.29 --km 800 -f csv -o "$WORK/w_rus.csv" \
    --layer "$WORK/deposits.gpkg" --where "status = 'producing'"
expect_exit 0 "$DEPOMAP" within --db "$ATLAS" --point 104.28,52.29 --km 800 -f csv -o "$WORK/w_rus_store.csv" \
    --where "status = 'producing'"
expect_eq "within --where on a source" "$(rows_of "$WORK/w_rus_store.csv")" "$(rows_of "$WORK/w_rus.csv")"
expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name "RU-IRK" -f csv -o "$WORK/r_store.csv"
expect_exit 0 "$DEPOMAP" region --db "$ATLAS" --name "RU-IRK" -f csv -o "$WORK/r_src.csv" --layer "$WORK/deposits.gpkg"
expect_eq "region --layer a GeoPackage" "$(rows_of "$WORK/r_store.csv")" "$(rows_of "$WORK/r_src.csv")"
[[ $(wc -l <"$WORK/r_src.csv") -gt 1 ]] && pass || fail "region found nothing to compare"

# summary --layer on a source: the totals of the store layer it was made from (by any column,
# with --where as an OGR attribute filter), numbers to 3 decimals, rows sorted.
ogr2ogr -q -f GeoJSON "$WORK/deposits.geojson" "$ATLAS" deposits || fail "ogr2ogr deposits.geojson"
(cd "$WORK" && zip -q deposits.zip deposits.geojson) || fail "zip deposits.zip"
totals() {
    python3 - "$1" <<'PY'
import csv, sys
out = []
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for r in csv.reader(f):
        cells = []
        for c in r:
            try:
                cells.append("%.3f" % float(c))
            except ValueError:
                cells.append(c)
        out.append(",".join(cells))
print("\n".join([out[0]] + sorted(out[1:])))
PY
}
# same_totals WHAT STORE_LAYER SOURCE ARGS...: summary ARGS on SOURCE gives the totals of STORE_LAYER.
same_totals() {
    local what=$1 layer=$2 source=$3
    shift 3
    expect_exit 0 "$DEPOMAP" summary --db "$ATLAS" -f csv -o "$WORK/sum_store.csv" --overwrite --layer "$layer" "$@"
    expect_exit 0 "$DEPOMAP" summary --db "$ATLAS" -f csv -o "$WORK/sum_src.csv" --overwrite --layer "$source" "$@"
    expect_eq "$what" "$(totals "$WORK/sum_store.csv")" "$(totals "$WORK/sum_src.csv")"
}
same_totals "summary --layer a GeoPackage, by country" deposits "$WORK/deposits.gpkg" --by country_iso3
same_totals "summary --layer a GeoPackage, by status" deposits "$WORK/deposits.gpkg" --by status
same_totals "summary --layer a GeoPackage, by deposit_type, --where" deposits "$WORK/deposits.gpkg" \
    --by deposit_type --where "country_iso3 IN ('RUS', 'CHN', 'AUS')"
same_totals "summary --layer one layer of a two-layer GeoPackage (capacity)" processing_sites \
    "$WORK/two.gpkg|layername=sites" --by stage
same_totals "summary --layer a zip" deposits "$WORK/deposits.zip" --by status --where "status = 'producing'"
same_totals "summary --layer a .gz GeoJSON (sites)" processing_sites "$WORK/sites.geojson.gz" --by country_iso3
# The filter is applied: the TOTAL row counts the producing deposits only.
n_producing=$(sql_value "$ATLAS" "SELECT count(*) FROM deposits WHERE status = 'producing'")
expect_exit 0 "$DEPOMAP" summary --db "$ATLAS" --by status --layer "$WORK/deposits.zip" --where "status = 'producing'" \
    -f csv -o "$WORK/sum_zip.csv"
expect_eq "summary --where on a zip counts the producing deposits" "TOTAL,$n_producing" \
    "$(grep '^TOTAL,' "$WORK/sum_zip.csv" | cut -d, -f1,2)"
# summary's errors on a source and -o over it: rows of tests/cli/tables/summary.ini.

# A URL: lighttpd on 127.0.0.1 serves the folder (it honours Range requests, as /vsicurl/ needs).
if command -v lighttpd >/dev/null; then
    mkdir -p "$WORK/www"
    cp "$WORK/sites.geojson" "$WORK/sites.zip" "$WORK/deposits.zip" "$WORK/www/"
    port=$((20000 + RANDOM % 20000))
    cat >"$WORK/lighttpd.conf" <<EOF
server.document-root = "$WORK/www"
server.bind = "127.0.0.1"
server.port = $port
server.pid-file = "$WORK/lighttpd.pid"
server.errorlog = "$WORK/lighttpd.log"
mimetype.assign = ( "" => "application/octet-stream" )
EOF
    lighttpd -D -f "$WORK/lighttpd.conf" &
    httpd=$!
    trap 'kill "$httpd" 2>/dev/null' EXIT
    for _ in $(seq 50); do
        curl -sf "http://127.0.0.1:$port/sites.geojson" >/dev/null 2>&1 && break
        sleep 0.1
    done
    same_answer "--to a URL (/vsicurl/)" 3 --to "http://127.0.0.1:$port/sites.geojson"
    same_answer "--to a zip at a URL" 3 --to "http://127.0.0.1:$port/sites.zip"
    same_totals "summary --layer a zip at a URL" deposits "http://127.0.0.1:$port/deposits.zip" --by country_iso3 \
        --where "status <> 'producing'"
    same_totals "summary --layer a URL (/vsicurl/)" processing_sites "http://127.0.0.1:$port/sites.geojson" --by stage
    expect_exit 1 "$DEPOMAP" nearest --db "$ATLAS" --to "http://127.0.0.1:$port/missing.geojson"
    expect_stderr_contains "missing.geojson"
    kill "$httpd" 2>/dev/null
    wait "$httpd" 2>/dev/null
    trap - EXIT
else
    fail "lighttpd is needed for the URL checks (tools/setup installs it)"
fi

# The errors of --from, --to and --layer on sources: rows of tests/cli/tables/nearest.ini, within.ini
# and region.ini.
finish
